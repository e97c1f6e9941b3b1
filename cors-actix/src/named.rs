//! [`NamedPolicy`]: a policy compiled into a `static`, as a middleware: a policy declared with
//! `cors_policy!`, and each `#[cors]` route's own.

use std::future::{Ready, ready};

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use cors_core::Policy;
use cors_core::glue::{AllowedHeaders, AllowedOrigins, PolicyParts, PolicyText};

use crate::claim::Placement;
use crate::middleware::CorsMiddleware;
use crate::origin_fn::StaticOriginFn;
use crate::route::RouteSource;

/// A policy declared with [`cors_policy!`](crate::cors_policy), checked when the crate was
/// compiled: the value each declared name holds.
///
/// Wrapped around an `App`, a `Scope` or a `Resource` it behaves like a runtime
/// [`Cors`](crate::Cors) built from the same keys, with no `Result` to handle: it answers the
/// preflights of everything it wraps and decorates every other response. A policy declared
/// without `methods` allows, used this way, the CORS-safelisted `GET`, `HEAD` and `POST`
/// (routes naming it open their own methods instead). `#[cors]` routes inside it answer for
/// themselves, by their own policies ([`Cors`](crate::Cors) says more). It is `Copy`: `.wrap(SPA)` copies a
/// reference to the compiled policy, and each worker builds its header values from the
/// policy's literals once, without allocating.
///
/// It is also what `#[cors]` puts around each annotated route, with the route's policy: the
/// outermost `wrap` of a resource whose guard admits the route's preflights too, so it answers
/// those itself, before the route's other middleware (an authentication `wrap` never sees a
/// preflight), and decorates every other answer, errors from the handler, its extractors and
/// the route's other middleware included.
///
/// ```
/// use actix_web::{App, HttpResponse, test, web};
/// use cors_actix::cors_policy;
///
/// cors_policy! {
///     /// The single-page app.
///     pub SPA: origins = ["https://app.example.com"], credentials, max_age = 600;
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new().service(web::scope("/api").wrap(SPA).route("/items", web::get().to(HttpResponse::Ok))),
/// )
/// .await;
///
/// let preflight = test::TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .uri("/api/items")
///     .insert_header(("origin", "https://app.example.com"))
///     .insert_header(("access-control-request-method", "POST"))
///     .to_request();
/// let response = test::call_service(&app, preflight).await;
/// assert_eq!(response.status(), 204);
/// assert_eq!(response.headers().get("access-control-allow-methods").unwrap(), "GET, HEAD, POST");
/// assert_eq!(SPA.policy().max_age(), Some("600"));
/// # });
/// ```
#[derive(Clone, Copy, Debug)]
pub struct NamedPolicy {
    source: Source,
    origin_fn: Option<StaticOriginFn>,
    placement: Placement,
}

/// Where a [`NamedPolicy`]'s policy is.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Compiled into a `static`.
    Static(&'static Policy),
    /// Built on first use, with origins from an environment variable.
    #[cfg(feature = "env")]
    Env(&'static crate::deployment::EnvRoute),
}

impl NamedPolicy {
    /// Wraps a policy that lives for the whole program; `cors_policy!` and `#[cors]` call it
    /// with the `static` they compiled.
    pub const fn new(policy: &'static Policy) -> Self {
        NamedPolicy {
            source: Source::Static(policy),
            origin_fn: None,
            placement: Placement::Around,
        }
    }

    /// The same policy, asking `origin_fn` about the origins it does not list: what
    /// `origin_fn = path` and `origin_fn_async = path` generate; not a public API.
    #[doc(hidden)]
    pub const fn with_origin_fn(self, origin_fn: Option<StaticOriginFn>) -> Self {
        NamedPolicy { origin_fn, ..self }
    }

    /// The same policy as one `#[cors]` route's own: it answers what reaches it, and claims it
    /// from a policy around it (see [`Cors`](crate::Cors)). What `#[cors]` generates; not a
    /// public API.
    #[doc(hidden)]
    pub const fn on_route(self) -> Self {
        NamedPolicy {
            placement: Placement::Route,
            ..self
        }
    }

    /// Its origin predicate, for the routes that name it; not a public API.
    #[doc(hidden)]
    pub const fn origin_fn(&self) -> Option<StaticOriginFn> {
        self.origin_fn
    }

    /// A policy whose origins come from an environment variable (`cors_policy!` with
    /// `origins = env(..)`): built on first use. Generated code calls it; not a public API.
    #[doc(hidden)]
    #[cfg(feature = "env")]
    pub const fn from_env(route: &'static crate::deployment::EnvRoute) -> Self {
        NamedPolicy {
            source: Source::Env(route),
            origin_fn: None,
            placement: Placement::Around,
        }
    }

    /// The compiled policy. For a policy whose origins come from an environment variable, the
    /// first call reads it (see [`check`](crate::check)).
    pub fn policy(&self) -> &'static Policy {
        match self.source {
            Source::Static(policy) => policy,
            #[cfg(feature = "env")]
            Source::Env(route) => route.policy(),
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for NamedPolicy
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S, RouteSource>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware::new(
            service,
            RouteSource::new(self.policy()).with_origin_fn(self.origin_fn),
            self.placement,
        )))
    }
}

/// The value of a name whose `cors_policy!` declaration has errors (reported there): allows no
/// origin. It only lets the declaration's other uses type-check, so that the errors at the
/// declaration are the only ones; such a crate never compiles.
#[doc(hidden)]
pub static DENY_ALL: Policy = Policy::from_parts(PolicyParts {
    origins: AllowedOrigins::list(
        std::borrow::Cow::Borrowed(&[]),
        std::borrow::Cow::Borrowed(&[]),
        false,
    ),
    methods: std::borrow::Cow::Borrowed(&[]),
    allow_methods: PolicyText::Borrowed(""),
    headers: AllowedHeaders::list(std::borrow::Cow::Borrowed(&[]), None),
    expose_headers: None,
    credentials: false,
    max_age: None,
    private_network: false,
    strict: false,
    preflight_status: 204,
});
