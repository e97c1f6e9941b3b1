//! Fixtures shared by the CORS benchmarks: one route, and the REST shapes of [`Shape`], served
//! four ways (no CORS, the `#[cors]` attribute, actix-cors 0.7 with the same policy, and the
//! [`floor`] middleware that only inserts constant headers), the request of each case, and the
//! single measured step, [`call_one`].
//!
//! Every harness (criterion, the allocation counter, the callgrind driver and the load server)
//! builds its apps and requests here, so all of them measure exactly the same thing.
//!
//! [`axum_arms`] serves the same route and cases on axum: plain, with cors-tower's layer, with
//! tower-http's, and with a floor layer that only inserts constant headers.

#![forbid(unsafe_code)]

pub mod axum_arms;
pub mod floor;
pub mod shapes;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::test::{TestRequest, call_service, init_service};
use actix_web::{App, HttpResponse, get};
use cors_actix::cors;

/// The path every arm serves.
///
/// Every route is a single-method `#[get]`, so every policy allows just `GET` (`#[cors]` refuses
/// methods its route does not serve): actix-web-codegen orders the method guards of a
/// multi-method `#[route]` by `HashSet` iteration, which changes from one compilation to the
/// next, and a `GET` checked against `PUT` first costs one more guard check and one more
/// allocation, more than the differences being measured.
pub const PATH: &str = "/items";

/// The one origin of the base policy.
pub const ALLOWED_ORIGIN: &str = "https://app.example.com";

/// An origin no policy allows.
pub const DISALLOWED_ORIGIN: &str = "https://evil.example.net";

/// An origin that only the subdomain pattern `https://*.example.com` allows.
pub const SUBDOMAIN_ORIGIN: &str = "https://tenant-42.eu.example.com";

/// The request header the policies allow, which every preflight asks for.
pub const ALLOWED_HEADER: &str = "x-api-key";

/// The preflight cache lifetime of every policy, in seconds.
pub const MAX_AGE: usize = 60;

/// Generates the 50-origin `#[cors]` handler and [`FIFTY_ORIGINS`] from one list, so the
/// attribute and actix-cors are configured with the same origins in the same order.
macro_rules! fifty_origins {
    ($($origin:tt),* $(,)?) => {
        /// The 50 exact origins of the large policy, in configuration order.
        pub const FIFTY_ORIGINS: [&str; 50] = [$($origin),*];

        /// `GET /items` with the 50-origin policy.
        #[cors(
            origins = [$($origin),*],
            credentials,
            methods = ["GET"],
            headers = ["x-api-key"],
            max_age = 60
        )]
        #[get("/items")]
        async fn items_cors_fifty() -> HttpResponse {
            HttpResponse::Ok().body("items")
        }

        /// The 50-origin policy as a cors-tower layer, checked at compile time.
        fn tower_policy_fifty() -> cors_tower::CorsLayer {
            cors_tower::policy!(
                origins = [$($origin),*],
                credentials,
                methods = ["GET"],
                headers = ["x-api-key"],
                max_age = 60
            )
        }
    };
}

fifty_origins![
    "https://o01.example.com",
    "https://o02.example.com",
    "https://o03.example.com",
    "https://o04.example.com",
    "https://o05.example.com",
    "https://o06.example.com",
    "https://o07.example.com",
    "https://o08.example.com",
    "https://o09.example.com",
    "https://o10.example.com",
    "https://o11.example.com",
    "https://o12.example.com",
    "https://o13.example.com",
    "https://o14.example.com",
    "https://o15.example.com",
    "https://o16.example.com",
    "https://o17.example.com",
    "https://o18.example.com",
    "https://o19.example.com",
    "https://o20.example.com",
    "https://o21.example.com",
    "https://o22.example.com",
    "https://o23.example.com",
    "https://o24.example.com",
    "https://o25.example.com",
    "https://o26.example.com",
    "https://o27.example.com",
    "https://o28.example.com",
    "https://o29.example.com",
    "https://o30.example.com",
    "https://o31.example.com",
    "https://o32.example.com",
    "https://o33.example.com",
    "https://o34.example.com",
    "https://o35.example.com",
    "https://o36.example.com",
    "https://o37.example.com",
    "https://o38.example.com",
    "https://o39.example.com",
    "https://o40.example.com",
    "https://o41.example.com",
    "https://o42.example.com",
    "https://o43.example.com",
    "https://o44.example.com",
    "https://o45.example.com",
    "https://o46.example.com",
    "https://o47.example.com",
    "https://o48.example.com",
    "https://o49.example.com",
    "https://o50.example.com",
];

/// `GET /items` without CORS: the baseline, and the inner route of the actix-cors arm.
#[get("/items")]
pub async fn items() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

/// `GET /items` with the base policy.
#[cors(
    origins = ["https://app.example.com"],
    credentials,
    methods = ["GET"],
    headers = ["x-api-key"],
    max_age = 60
)]
#[get("/items")]
pub async fn items_cors() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

/// `GET /items` with the base policy, but a subdomain pattern instead of the exact origin.
#[cors(
    origins = ["https://*.example.com"],
    credentials,
    methods = ["GET"],
    headers = ["x-api-key"],
    max_age = 60
)]
#[get("/items")]
async fn items_cors_subdomain() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

/// How the route is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arm {
    /// No CORS at all: what the other arms add to.
    Baseline,
    /// The `#[cors]` attribute on the handler.
    Attribute,
    /// actix-cors 0.7 wrapping the un-annotated app, configured with the same policy.
    ActixCors,
    /// The [`floor`] middleware wrapping the un-annotated app: three constant headers on every
    /// response, no decision. The reference for what any CORS middleware costs.
    Floor,
}

impl Arm {
    /// Every arm, in table order.
    pub const ALL: [Arm; 4] = [Arm::Baseline, Arm::Attribute, Arm::ActixCors, Arm::Floor];

    /// The name used on command lines and in benchmark ids.
    pub fn slug(self) -> &'static str {
        match self {
            Arm::Baseline => "baseline",
            Arm::Attribute => "attribute",
            Arm::ActixCors => "actix-cors",
            Arm::Floor => "floor",
        }
    }

    /// The column heading in tables.
    pub fn title(self) -> &'static str {
        match self {
            Arm::Baseline => "baseline",
            Arm::Attribute => "#[cors]",
            Arm::ActixCors => "actix-cors",
            Arm::Floor => "floor",
        }
    }

    /// Parses a [`slug`](Self::slug).
    pub fn from_slug(slug: &str) -> Option<Arm> {
        Arm::ALL.into_iter().find(|arm| arm.slug() == slug)
    }
}

/// Which policy a case is served with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// One exact origin, credentials, `GET`, `x-api-key`, max-age 60.
    One,
    /// The same with the 50 origins of [`FIFTY_ORIGINS`].
    Fifty,
    /// The same with the pattern `https://*.example.com` instead of the exact origin.
    Subdomain,
}

/// The handlers an app has, and which one the measured request is for: the last registered,
/// which every other resource of the app is tried before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One handler, `GET /items`.
    OneRoute,
    /// `GET` and `POST` on `/items`, each its own handler; requests are for `POST`.
    GetPost,
    /// `GET`, `PUT`, `PATCH` and `DELETE` on `/items/{id}`, each its own handler; requests are
    /// for `DELETE /items/42`.
    FourMethods,
    /// 50 paths, `/r01` to `/r50`, one `GET` handler each; requests are for `/r50`.
    FiftyPaths,
}

impl Shape {
    /// The path of the measured request.
    pub fn path(self) -> &'static str {
        match self {
            Shape::OneRoute | Shape::GetPost => PATH,
            Shape::FourMethods => "/items/42",
            Shape::FiftyPaths => "/r50",
        }
    }

    /// The method of the measured actual request, and the one its preflight asks for.
    pub fn method(self) -> Method {
        match self {
            Shape::OneRoute | Shape::FiftyPaths => Method::GET,
            Shape::GetPost => Method::POST,
            Shape::FourMethods => Method::DELETE,
        }
    }

    /// Every method the app serves: what actix-cors is configured to allow.
    pub fn methods(self) -> &'static [&'static str] {
        match self {
            Shape::OneRoute | Shape::FiftyPaths => &["GET"],
            Shape::GetPost => &["GET", "POST"],
            Shape::FourMethods => &["GET", "PUT", "PATCH", "DELETE"],
        }
    }

    /// The registration of the shape's handlers, annotated or not.
    fn register(self, annotated: bool) -> shapes::Register {
        match (self, annotated) {
            (Shape::GetPost, true) => shapes::get_post_cors::register,
            (Shape::GetPost, false) => shapes::get_post_plain::register,
            (Shape::FourMethods, true) => shapes::four_methods_cors::register,
            (Shape::FourMethods, false) => shapes::four_methods_plain::register,
            (Shape::FiftyPaths, true) => shapes::fifty_paths_cors::register,
            (Shape::FiftyPaths, false) => shapes::fifty_paths_plain::register,
            (Shape::OneRoute, true) => |config| {
                config.service(items_cors);
            },
            (Shape::OneRoute, false) => |config| {
                config.service(items);
            },
        }
    }
}

/// One measured request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `GET` from the allowed origin.
    GetAllowed,
    /// `GET` from an origin that is not allowed (the handler still runs, without CORS headers).
    GetDisallowed,
    /// `GET` without `Origin`: not a CORS request.
    GetNoOrigin,
    /// A preflight for `GET` with `x-api-key` (a header that makes the request need one) from
    /// the allowed origin.
    PreflightAllowed,
    /// The same preflight from an origin that is not allowed.
    PreflightRejected,
    /// `GET` from the last of 50 configured origins.
    FiftyOrigins,
    /// `GET` from an origin that only a subdomain pattern allows.
    Subdomain,
    /// In `shape`, the actual request from the allowed origin.
    ShapeAllowed(Shape),
    /// In `shape`, the actual request from an origin that is not allowed.
    ShapeDisallowed(Shape),
    /// In `shape`, the preflight from the allowed origin for the last handler's method.
    ShapePreflightAllowed(Shape),
    /// In `shape`, the same preflight from an origin that is not allowed.
    ShapePreflightRejected(Shape),
}

impl Case {
    /// The cases of the one-route app, in table order.
    pub const ONE_ROUTE: [Case; 7] = [
        Case::GetAllowed,
        Case::GetDisallowed,
        Case::GetNoOrigin,
        Case::PreflightAllowed,
        Case::PreflightRejected,
        Case::FiftyOrigins,
        Case::Subdomain,
    ];

    /// Every case, in table order: the one-route app's, then four for each other shape.
    pub const ALL: [Case; 19] = [
        Case::GetAllowed,
        Case::GetDisallowed,
        Case::GetNoOrigin,
        Case::PreflightAllowed,
        Case::PreflightRejected,
        Case::FiftyOrigins,
        Case::Subdomain,
        Case::ShapeAllowed(Shape::GetPost),
        Case::ShapeDisallowed(Shape::GetPost),
        Case::ShapePreflightAllowed(Shape::GetPost),
        Case::ShapePreflightRejected(Shape::GetPost),
        Case::ShapeAllowed(Shape::FourMethods),
        Case::ShapeDisallowed(Shape::FourMethods),
        Case::ShapePreflightAllowed(Shape::FourMethods),
        Case::ShapePreflightRejected(Shape::FourMethods),
        Case::ShapeAllowed(Shape::FiftyPaths),
        Case::ShapeDisallowed(Shape::FiftyPaths),
        Case::ShapePreflightAllowed(Shape::FiftyPaths),
        Case::ShapePreflightRejected(Shape::FiftyPaths),
    ];

    /// The name used on command lines, in benchmark ids and in tables.
    pub fn slug(self) -> &'static str {
        match self {
            Case::GetAllowed => "get-allowed",
            Case::GetDisallowed => "get-disallowed",
            Case::GetNoOrigin => "get-no-origin",
            Case::PreflightAllowed => "preflight-allowed",
            Case::PreflightRejected => "preflight-rejected",
            Case::FiftyOrigins => "get-50-origins",
            Case::Subdomain => "get-subdomain",
            Case::ShapeAllowed(Shape::GetPost) => "2m-post-allowed",
            Case::ShapeDisallowed(Shape::GetPost) => "2m-post-disallowed",
            Case::ShapePreflightAllowed(Shape::GetPost) => "2m-preflight-post",
            Case::ShapePreflightRejected(Shape::GetPost) => "2m-preflight-rejected",
            Case::ShapeAllowed(Shape::FourMethods) => "4m-delete-allowed",
            Case::ShapeDisallowed(Shape::FourMethods) => "4m-delete-disallowed",
            Case::ShapePreflightAllowed(Shape::FourMethods) => "4m-preflight-delete",
            Case::ShapePreflightRejected(Shape::FourMethods) => "4m-preflight-rejected",
            Case::ShapeAllowed(Shape::FiftyPaths) => "50p-get-allowed",
            Case::ShapeDisallowed(Shape::FiftyPaths) => "50p-get-disallowed",
            Case::ShapePreflightAllowed(Shape::FiftyPaths) => "50p-preflight",
            Case::ShapePreflightRejected(Shape::FiftyPaths) => "50p-preflight-rejected",
            // The one-route shape's cases are the variants above.
            Case::ShapeAllowed(Shape::OneRoute) => "get-allowed",
            Case::ShapeDisallowed(Shape::OneRoute) => "get-disallowed",
            Case::ShapePreflightAllowed(Shape::OneRoute) => "preflight-allowed",
            Case::ShapePreflightRejected(Shape::OneRoute) => "preflight-rejected",
        }
    }

    /// The app the case is served by.
    pub fn shape(self) -> Shape {
        match self {
            Case::ShapeAllowed(shape)
            | Case::ShapeDisallowed(shape)
            | Case::ShapePreflightAllowed(shape)
            | Case::ShapePreflightRejected(shape) => shape,
            _ => Shape::OneRoute,
        }
    }

    /// Parses a [`slug`](Self::slug).
    pub fn from_slug(slug: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|case| case.slug() == slug)
    }

    /// The policy the CORS arms serve this case with.
    pub fn policy(self) -> PolicyKind {
        match self {
            Case::FiftyOrigins => PolicyKind::Fifty,
            Case::Subdomain => PolicyKind::Subdomain,
            _ => PolicyKind::One,
        }
    }

    /// The `Origin` the request carries, if any.
    pub fn origin(self) -> Option<&'static str> {
        match self {
            Case::GetAllowed
            | Case::PreflightAllowed
            | Case::ShapeAllowed(_)
            | Case::ShapePreflightAllowed(_) => Some(ALLOWED_ORIGIN),
            Case::GetDisallowed
            | Case::PreflightRejected
            | Case::ShapeDisallowed(_)
            | Case::ShapePreflightRejected(_) => Some(DISALLOWED_ORIGIN),
            Case::GetNoOrigin => None,
            Case::FiftyOrigins => Some(FIFTY_ORIGINS[FIFTY_ORIGINS.len() - 1]),
            Case::Subdomain => Some(SUBDOMAIN_ORIGIN),
        }
    }

    /// Whether the request is a preflight.
    pub fn is_preflight(self) -> bool {
        matches!(
            self,
            Case::PreflightAllowed
                | Case::PreflightRejected
                | Case::ShapePreflightAllowed(_)
                | Case::ShapePreflightRejected(_)
        )
    }

    /// Whether a CORS arm must answer with `Access-Control-Allow-Origin`.
    pub fn is_allowed(self) -> bool {
        self.origin() == Some(ALLOWED_ORIGIN)
            || matches!(self, Case::FiftyOrigins | Case::Subdomain)
    }

    /// Builds the request, as the HTTP/1 dispatcher would hand it to the app.
    ///
    /// Kept out of line so that callgrind can measure construction on its own.
    #[inline(never)]
    pub fn request(self) -> actix_http::Request {
        let shape = self.shape();
        let mut request = if self.is_preflight() {
            TestRequest::with_uri(shape.path())
                .method(Method::OPTIONS)
                .insert_header((
                    header::ACCESS_CONTROL_REQUEST_METHOD,
                    shape.method().as_str(),
                ))
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, ALLOWED_HEADER))
        } else {
            TestRequest::with_uri(shape.path()).method(shape.method())
        };
        if let Some(origin) = self.origin() {
            request = request.insert_header((header::ORIGIN, origin));
        }
        request.to_request()
    }
}

/// actix-cors configured with the policy the `#[cors]` arm uses for `policy`, allowing the
/// methods of `shape`.
///
/// `block_on_origin_mismatch(false)` matches the attribute's non-strict default: a request from
/// another origin still reaches the handler and gets no CORS headers.
pub fn actix_cors(policy: PolicyKind, shape: Shape) -> actix_cors::Cors {
    let cors = actix_cors::Cors::default()
        .supports_credentials()
        .allowed_methods(shape.methods().iter().copied())
        .allowed_header(ALLOWED_HEADER)
        .max_age(MAX_AGE)
        .block_on_origin_mismatch(false);
    match policy {
        PolicyKind::One => cors.allowed_origin(ALLOWED_ORIGIN),
        PolicyKind::Fifty => FIFTY_ORIGINS
            .into_iter()
            .fold(cors, |cors, origin| cors.allowed_origin(origin)),
        PolicyKind::Subdomain => {
            cors.allowed_origin_fn(|origin, _head| matches_subdomain(origin.as_bytes()))
        }
    }
}

/// The label-boundary check `https://*.example.com` stands for, written out for actix-cors:
/// one or more whole non-empty labels of `[a-z0-9_-]` in front of `.example.com`, scheme
/// `https`, default port.
pub fn matches_subdomain(origin: &[u8]) -> bool {
    let Some(labels) = origin
        .strip_prefix(b"https://")
        .and_then(|rest| rest.strip_suffix(b".example.com"))
    else {
        return false;
    };
    !labels.is_empty()
        && labels.split(|&b| b == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'))
        })
}

/// Something to do with an initialized app, whatever its concrete service type.
///
/// The three arms are three different types; this lets one harness run against each without
/// boxing the service, which would add a virtual call and an allocation to every request.
pub trait UseService {
    /// What the harness returns.
    type Output;

    /// Runs the harness against `service`.
    fn run<S, B>(self, service: &S) -> Self::Output
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody;
}

/// Initializes the app of `arm` for `case` (with `init_service`) and hands it to `harness`.
pub fn with_service<H: UseService>(arm: Arm, case: Case, harness: H) -> H::Output {
    // The system is only needed to build the app; it stays alive while the harness runs.
    let system = actix_web::rt::System::new();
    let shape = case.shape();
    let plain = shape.register(false);
    match (arm, case.policy()) {
        (Arm::Baseline, _) => {
            harness.run(&system.block_on(init_service(App::new().configure(plain))))
        }
        (Arm::Attribute, PolicyKind::One) => {
            harness.run(&system.block_on(init_service(App::new().configure(shape.register(true)))))
        }
        (Arm::Attribute, PolicyKind::Fifty) => {
            harness.run(&system.block_on(init_service(App::new().service(items_cors_fifty))))
        }
        (Arm::Attribute, PolicyKind::Subdomain) => {
            harness.run(&system.block_on(init_service(App::new().service(items_cors_subdomain))))
        }
        (Arm::ActixCors, policy) => harness.run(&system.block_on(init_service(
            App::new().wrap(actix_cors(policy, shape)).configure(plain),
        ))),
        (Arm::Floor, _) => harness
            .run(&system.block_on(init_service(App::new().wrap(floor::Floor).configure(plain)))),
    }
}

/// Serves one request and drops the response: the step every harness measures.
///
/// The future is polled once with a no-op waker instead of through an executor: every handler
/// here completes without waiting, and executor overhead is the same for all arms, so it would
/// only dilute the ratios and add noise. Kept out of line so that callgrind can restrict
/// collection to it (`--toggle-collect`) and leave request construction out.
#[inline(never)]
pub fn call_one<S, B>(service: &S, request: actix_http::Request) -> StatusCode
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    poll_ready(call_service(service, request)).status()
}

/// The value of a future that must complete on its first poll.
///
/// # Panics
///
/// If the future is pending: then a benchmark would measure a request that has not finished.
pub fn poll_ready<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a benchmarked request did not complete on its first poll"),
    }
}

/// Serves the request of `case` once and checks that `arm` answered it as the case intends, so
/// that no harness measures a misconfigured arm. Returns the status.
///
/// # Panics
///
/// If the status or `Access-Control-Allow-Origin` is not what the arm must answer.
pub fn check<S, B>(service: &S, arm: Arm, case: Case) -> StatusCode
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = poll_ready(call_service(service, case.request()));
    let status = response.status();
    let allow_origin = response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|value| value.as_bytes().to_vec());
    let expected_origin = match arm {
        Arm::Baseline => None,
        // Constant headers on every response, whatever the request.
        Arm::Floor => Some(ALLOWED_ORIGIN.as_bytes().to_vec()),
        Arm::Attribute | Arm::ActixCors => case
            .is_allowed()
            .then(|| case.origin().map(|origin| origin.as_bytes().to_vec()))
            .flatten(),
    };
    assert_eq!(
        allow_origin,
        expected_origin,
        "{} / {}: wrong Access-Control-Allow-Origin",
        arm.slug(),
        case.slug()
    );
    let status_ok = match (arm, case.is_preflight(), case.is_allowed()) {
        (_, false, _) => status == StatusCode::OK,
        (Arm::Baseline | Arm::Floor, true, _) => status == StatusCode::NOT_FOUND,
        (_, true, true) => status.is_success(),
        (_, true, false) => status.is_client_error(),
    };
    assert!(
        status_ok,
        "{} / {}: unexpected status {status}",
        arm.slug(),
        case.slug()
    );
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_check_keeps_label_boundaries() {
        assert!(matches_subdomain(SUBDOMAIN_ORIGIN.as_bytes()));
        assert!(matches_subdomain(b"https://a.example.com"));
        assert!(!matches_subdomain(b"https://example.com"));
        assert!(!matches_subdomain(b"https://evilexample.com"));
        assert!(!matches_subdomain(b"https://a..example.com"));
        assert!(!matches_subdomain(b"http://a.example.com"));
        assert!(!matches_subdomain(b"https://a.example.com:8443"));
        assert!(!matches_subdomain(b"https://x@a.example.com"));
    }

    /// Runs [`check`] for one arm and case.
    struct Check(Arm, Case);

    impl UseService for Check {
        type Output = StatusCode;

        fn run<S, B>(self, service: &S) -> StatusCode
        where
            S: Service<
                    actix_http::Request,
                    Response = ServiceResponse<B>,
                    Error = actix_web::Error,
                >,
            B: MessageBody,
        {
            check(service, self.0, self.1)
        }
    }

    #[test]
    fn every_arm_answers_every_case_as_intended() {
        for arm in Arm::ALL {
            for case in Case::ALL {
                with_service(arm, case, Check(arm, case));
            }
        }
    }
}
