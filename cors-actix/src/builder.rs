//! [`Cors`]: a policy configured at run time, from data only known at startup.

use std::future::{Future, Ready, ready};
use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};

use crate::claim::Placement;
use actix_web::{Error, HttpRequest};
use cors_core::{ConfigErrors, Origin, Policy, PolicySpec};
#[cfg(feature = "env")]
use cors_core::{EnvConfig, EnvErrors};

use crate::headers::HeaderValues;
use crate::middleware::CorsMiddleware;
use crate::origin_fn::OriginFn;
use crate::source::{self, Action, PolicySource, sealed::Sealed};

/// CORS middleware configured at run time: from [`Cors::builder`], a [`PolicySpec`]
/// ([`Cors::from_spec`]) or environment variables ([`Cors::from_env`]), with the attribute's
/// validation, so a bad configuration is a [`ConfigErrors`] listing every problem.
///
/// Wrap an `App`, a `Scope` or a `Resource` (not one with resource-level guards such as
/// `#[get]`'s, which never sees `OPTIONS`); what it does is in
/// [the crate documentation](crate#what-a-policy-does). Clones share the prepared header values.
///
/// ```
/// use actix_web::{App, HttpResponse, test, web};
/// use cors_actix::Cors;
///
/// # actix_web::rt::System::new().block_on(async {
/// // e.g. std::env::var("ALLOWED_ORIGINS")
/// let configured = "https://app.example.com, https://admin.example.com";
/// let cors = Cors::builder()
///     .origins(configured.split(',').map(str::trim))
///     .methods(["GET", "POST", "DELETE"])
///     .headers(["content-type", "authorization"])
///     .expose(["x-request-id"])
///     .credentials(true)
///     .max_age(600)
///     .build()
///     .expect("valid CORS configuration");
///
/// let app = test::init_service(
///     App::new()
///         .wrap(cors.clone())
///         .route("/items", web::get().to(HttpResponse::Ok)),
/// )
/// .await;
///
/// let preflight = test::TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .uri("/items")
///     .insert_header(("origin", "https://admin.example.com"))
///     .insert_header(("access-control-request-method", "DELETE"))
///     .to_request();
/// let response = test::call_service(&app, preflight).await;
/// assert_eq!(response.status(), 204);
/// assert_eq!(response.headers().get("access-control-allow-origin").unwrap(), "https://admin.example.com");
/// assert_eq!(response.headers().get("access-control-allow-methods").unwrap(), "GET, POST, DELETE");
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct Cors {
    inner: Arc<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    policy: Policy,
    values: HeaderValues,
    origin_fn: Option<OriginFn>,
}

impl Cors {
    /// Starts a configuration with no origins and no methods (both must be set).
    pub fn builder() -> CorsBuilder {
        CorsBuilder::default()
    }

    /// Validates and compiles a [`PolicySpec`].
    ///
    /// ```
    /// use cors_actix::{Cors, ErrorKind, PolicySpec};
    ///
    /// let spec = PolicySpec::new().origins(["*"]).methods(["GET"]).credentials(true);
    /// let errors = Cors::from_spec(spec).unwrap_err();
    /// assert!(errors.contains(ErrorKind::WildcardOriginWithCredentials));
    /// ```
    pub fn from_spec(spec: PolicySpec) -> Result<Cors, ConfigErrors> {
        spec.compile().map(Cors::from_policy)
    }

    /// Reads the policy from the process environment (`CORS_ORIGINS`, `CORS_METHODS`, ... for
    /// the prefix `CORS_`; see [`EnvConfig`] for the variables and their syntax).
    ///
    /// Every problem is reported at once, each naming the variable, the offending value and
    /// the fix: call it before binding any socket and exit on `Err`, so that a bad
    /// configuration never starts a half-configured server.
    ///
    /// ```
    /// use cors_actix::{Cors, EnvConfig, EnvErrorKind, PolicySpec};
    ///
    /// let config = EnvConfig::new("CORS_").defaults(PolicySpec::new().methods(["GET", "POST"]));
    /// // In `main`: `let cors = Cors::from_env(&config)?;`. The same reading over a fixed
    /// // list, as `from_env` does over `std::env::vars_os()`:
    /// let cors = Cors::from_policy(config.read([("CORS_ORIGINS", "https://app.example.com")])?);
    /// assert_eq!(cors.policy().allow_methods(), "GET, POST");
    ///
    /// let errors = config
    ///     .read([("CORS_ORIGINS", "https://app.example.com"), ("CORS_CREDENTIALS", "yes")])
    ///     .unwrap_err();
    /// assert!(errors.contains(EnvErrorKind::NotBoolean));
    /// assert_eq!(
    ///     errors.errors()[0].to_string(),
    ///     "CORS_CREDENTIALS=\"yes\": not a boolean \
    ///      (help: write true; the accepted values are true, false, 1 and 0, in lowercase)"
    /// );
    /// # Ok::<(), cors_actix::EnvErrors>(())
    /// ```
    #[cfg(feature = "env")]
    pub fn from_env(config: &EnvConfig) -> Result<Cors, EnvErrors> {
        config.read(std::env::vars_os()).map(Cors::from_policy)
    }

    /// Uses a policy compiled elsewhere (policies only come out of validation).
    pub fn from_policy(policy: Policy) -> Cors {
        Cors::compiled(policy, None)
    }

    fn compiled(policy: Policy, origin_fn: Option<OriginFn>) -> Cors {
        let values = HeaderValues::owned(&policy);
        Cors {
            inner: Arc::new(Compiled {
                policy,
                values,
                origin_fn,
            }),
        }
    }

    /// The compiled policy.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }
}

impl Sealed for Cors {
    fn process(&self, request: &ServiceRequest) -> Action {
        let Compiled {
            policy,
            values,
            origin_fn,
        } = &*self.inner;
        OriginFn::process(origin_fn.as_ref(), policy, values, request)
    }

    fn asks(&self) -> bool {
        OriginFn::is_async(self.inner.origin_fn.as_ref())
    }

    fn process_granting(&self, request: &ServiceRequest, granted: Option<&Origin>) -> Action {
        source::process_granting(&self.inner.policy, &self.inner.values, request, granted)
    }
}

impl PolicySource for Cors {
    fn policy(&self) -> &Policy {
        &self.inner.policy
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S, Cors>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware::new(
            service,
            self.clone(),
            Placement::Around,
        )))
    }
}

/// Builds a [`Cors`]; see [`Cors::builder`].
///
/// One method per key of the `#[cors]` attribute, with the same name and the same rule: each
/// call sets its field whole (a list replaces the list). Nothing is checked until
/// [`build`](CorsBuilder::build), which reports every problem at once.
///
/// ```
/// use cors_actix::{Cors, ErrorKind, Field};
///
/// let errors = Cors::builder()
///     .origins(["https://app.example.com/"])
///     .methods(["GET", "put"])
///     .max_age(1_000_000)
///     .build()
///     .unwrap_err();
/// let kinds: Vec<_> = errors.iter().map(|e| (e.field(), e.kind())).collect();
/// assert!(kinds.contains(&(Field::Methods, ErrorKind::LowercaseMethod)));
/// assert!(kinds.contains(&(Field::MaxAge, ErrorKind::MaxAgeTooLarge)));
/// assert_eq!(errors.errors()[0].suggestion(), "write \"https://app.example.com\"");
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct CorsBuilder {
    spec: PolicySpec,
    origin_fn: Option<OriginFn>,
}

/// Each setter hands its value to the [`PolicySpec`] method of the same name.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($value:ident: $ty:ty);)*) => {
        impl CorsBuilder {
            $(
                $(#[$doc])*
                pub fn $name(mut self, $value: $ty) -> Self {
                    self.spec = self.spec.$name($value);
                    self
                }
            )*
        }
    };
}

/// The same for list fields, which take any list of strings.
macro_rules! list_setters {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        impl CorsBuilder {
            $(
                $(#[$doc])*
                pub fn $name<I>(mut self, items: I) -> Self
                where
                    I: IntoIterator,
                    I::Item: Into<String>,
                {
                    self.spec = self.spec.$name(items);
                    self
                }
            )*
        }
    };
}

list_setters! {
    /// The allowed origins: exact (`https://app.example.com`), subdomain patterns
    /// (`https://*.example.com`), `"null"` with [`allow_null_origin`](Self::allow_null_origin),
    /// or `["*"]` alone for any origin (not with credentials).
    origins;
    /// The allowed methods, uppercase as browsers send them (`DELETE`, `PATCH`).
    methods;
    /// The request headers a preflight may ask for (any case), or `["*"]` to echo whatever
    /// it asks for.
    headers;
    /// The response headers scripts may read; `["*"]` means all, without credentials.
    expose;
}

setters! {
    /// Allows cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`).
    credentials(allowed: bool);
    /// Lets browsers cache a preflight for `seconds` (at most 86400; 600 is the most every
    /// engine honours).
    max_age(seconds: u64);
    /// Answers legacy Private Network Access preflights
    /// (`Access-Control-Request-Private-Network: true`) with
    /// `Access-Control-Allow-Private-Network: true`; without it, that request header is ignored.
    private_network(enabled: bool);
    /// Opts in to the opaque origin `null`, which must also be listed as an origin.
    allow_null_origin(enabled: bool);
    /// Refuses cross-origin requests from disallowed origins with 403 before the wrapped
    /// service runs; same-origin requests still pass.
    strict(enabled: bool);
    /// The status of a successful preflight, `200..=299` (default 204).
    preflight_status(status: u16);
}

impl CorsBuilder {
    /// The configuration so far.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// Allows, besides the listed [`origins`](Self::origins), every origin for which
    /// `allows(origin, request)` returns `true`: origins known only per request, such as
    /// customer domains kept in a database (reach it through `request.app_data()`).
    ///
    /// - The predicate is asked only about an origin the list does not match, and only when it
    ///   is one exact origin as browsers serialize it, parsed into an [`Origin`]: never about a
    ///   listed origin, `null`, a repeated `Origin` header or a malformed one, which are decided
    ///   as without a predicate.
    /// - An origin it allows is judged by the rest of the policy as a listed one: a preflight
    ///   still needs an allowed method and headers; the answer echoes the request's origin,
    ///   with credentials if the policy allows them (the predicate is then the allow-list).
    /// - Every response carries `Vary: Origin`. With [`strict`](Self::strict), a request is
    ///   refused only after the predicate said no.
    /// - The list may be empty (the predicate decides every origin), but not `["*"]`, which
    ///   would leave the predicate nothing to decide: [`build`](Self::build) reports
    ///   [`ErrorKind::WildcardOriginWithOriginFn`](crate::ErrorKind::WildcardOriginWithOriginFn).
    /// - It runs on the request's worker, before the wrapped service, and blocks it: keep it
    ///   fast (a lookup in memory), or use [`origin_fn_async`](Self::origin_fn_async). A panic in it is the application's panic, not caught here:
    ///   it unwinds through actix-web as one in a handler would.
    ///
    /// Setting it replaces any predicate set before.
    ///
    /// ```
    /// use actix_web::{App, HttpRequest, HttpResponse, test, web};
    /// use cors_actix::{Cors, Origin};
    ///
    /// /// The customers' domains, e.g. loaded from a database at startup.
    /// struct Tenants(Vec<String>);
    ///
    /// fn is_tenant(origin: &Origin, request: &HttpRequest) -> bool {
    ///     let tenants = request.app_data::<web::Data<Tenants>>().expect("registered");
    ///     origin.scheme() == "https" && tenants.0.iter().any(|domain| domain == origin.host())
    /// }
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let cors = Cors::builder()
    ///     .origins(["https://app.example.com"])
    ///     .origin_fn(is_tenant)
    ///     .methods(["GET"])
    ///     .credentials(true)
    ///     .build()
    ///     .expect("valid CORS configuration");
    /// let tenants = web::Data::new(Tenants(vec!["shop.customer.example".into()]));
    /// let app = test::init_service(
    ///     App::new().app_data(tenants).wrap(cors).route("/items", web::get().to(HttpResponse::Ok)),
    /// )
    /// .await;
    /// let request = test::TestRequest::get()
    ///     .uri("/items")
    ///     .insert_header(("origin", "https://shop.customer.example"))
    ///     .to_request();
    /// let response = test::call_service(&app, request).await;
    /// let headers = response.headers();
    /// assert_eq!(headers.get("access-control-allow-origin").unwrap(), "https://shop.customer.example");
    /// assert_eq!(headers.get("access-control-allow-credentials").unwrap(), "true");
    /// assert_eq!(headers.get("vary").unwrap(), "Origin");
    /// # });
    /// ```
    pub fn origin_fn<F>(mut self, allows: F) -> Self
    where
        F: Fn(&Origin, &HttpRequest) -> bool + Send + Sync + 'static,
    {
        self.spec.dynamic_origins = true;
        self.origin_fn = Some(OriginFn::Sync(Arc::new(allows)));
        self
    }

    /// Like [`origin_fn`](Self::origin_fn), for a predicate that must wait (a database, a
    /// remote service): `asks(origin, request)` returns a future of the answer, which the
    /// middleware awaits before deciding the request. Everything `origin_fn` says holds: it is
    /// asked only about an exact, well-formed origin the list does not match (a listed origin
    /// costs what it costs without a predicate), its answer is judged by the rest of the policy,
    /// `["*"]` is refused and an empty list allowed.
    ///
    /// It gets the origin and a clone of the request by value, so that its future can own
    /// them (`async move`); the future need not be `Send` (it runs on the request's worker).
    /// It must not keep the request beyond its completion (no spawned task holding it): the
    /// middleware drops the future before calling the wrapped service, whose router needs the
    /// request uniquely owned. A panic in it is the application's panic, not caught here.
    ///
    /// Cost: the middleware holds the service it wraps in an `Rc` (allocated once per worker),
    /// and an unlisted well-formed origin costs the predicate's boxed future and one more boxed
    /// future for the rest of the request; a listed origin costs nothing more. Setting it replaces any predicate set
    /// before, sync or not.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use std::time::Duration;
    ///
    /// use actix_web::{App, HttpRequest, HttpResponse, test, web};
    /// use cors_actix::{Cors, Origin};
    ///
    /// /// Customer origins, as a database would answer them.
    /// struct Customers(HashSet<String>);
    ///
    /// impl Customers {
    ///     async fn has(&self, origin: &Origin) -> bool {
    ///         actix_web::rt::time::sleep(Duration::from_millis(1)).await; // the round trip
    ///         self.0.contains(origin.as_str())
    ///     }
    /// }
    ///
    /// async fn is_customer(origin: Origin, request: HttpRequest) -> bool {
    ///     let customers = request.app_data::<web::Data<Customers>>().expect("registered").clone();
    ///     drop(request); // not needed any more
    ///     customers.has(&origin).await
    /// }
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let cors = Cors::builder()
    ///     .origin_fn_async(is_customer)
    ///     .methods(["GET"])
    ///     .build()
    ///     .expect("valid CORS configuration");
    /// let customers = Customers(HashSet::from(["https://shop.customer.example".to_owned()]));
    /// let app = test::init_service(
    ///     App::new().app_data(web::Data::new(customers)).wrap(cors).route("/items", web::get().to(HttpResponse::Ok)),
    /// )
    /// .await;
    /// let request = test::TestRequest::get()
    ///     .uri("/items")
    ///     .insert_header(("origin", "https://shop.customer.example"))
    ///     .to_request();
    /// let response = test::call_service(&app, request).await;
    /// let allowed = response.headers().get("access-control-allow-origin").unwrap();
    /// assert_eq!(allowed, "https://shop.customer.example");
    /// # });
    /// ```
    pub fn origin_fn_async<F, Fut>(mut self, asks: F) -> Self
    where
        F: Fn(Origin, HttpRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + 'static,
    {
        self.spec.dynamic_origins = true;
        self.origin_fn = Some(OriginFn::Async(Arc::new(move |origin, request| {
            Box::pin(asks(origin, request))
        })));
        self
    }

    /// Validates the configuration and builds the middleware.
    pub fn build(&self) -> Result<Cors, ConfigErrors> {
        let policy = self.spec.compile()?;
        Ok(Cors::compiled(policy, self.origin_fn.clone()))
    }
}

impl From<PolicySpec> for CorsBuilder {
    fn from(spec: PolicySpec) -> Self {
        CorsBuilder {
            spec,
            origin_fn: None,
        }
    }
}
