//! The same route and cases on axum: plain axum, cors-tower's layer (from [`policy!`] and from
//! [`CorsLayer::from_spec`]), tower-http's `CorsLayer` with the same policy, and a floor layer
//! that decides nothing and only inserts the three headers an allowed actual response gets.
//!
//! Every arm is an [`axum::Router`] serving `GET /items` with the layer on the route's
//! `MethodRouter` (`get(items).layer(..)`), which is how a per-route policy is written in axum.
//! The measured step, [`call_one`], serves a real `http::Request` through the router's tower
//! `Service` as `axum::serve` does, polls the response future once and drops the response, as
//! the actix harness does with its app.
//!
//! [`policy!`]: cors_tower::policy
//! [`CorsLayer::from_spec`]: cors_tower::CorsLayer::from_spec

use std::hint::black_box;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, Request, Response, StatusCode};
use axum::routing::get;
use cors_tower::PolicySpec;
use tower::ServiceExt;
use tower::util::MapResponseLayer;

use crate::{
    ALLOWED_HEADER, ALLOWED_ORIGIN, Case, FIFTY_ORIGINS, MAX_AGE, PATH, PolicyKind,
    matches_subdomain, poll_ready,
};

/// How the axum route is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AxumArm {
    /// No CORS: what the other arms add to.
    Plain,
    /// cors-tower's layer from `policy!`, checked at compile time.
    Policy,
    /// cors-tower's layer from `CorsLayer::from_spec` at run time.
    FromSpec,
    /// tower-http's `CorsLayer` with the same policy, the origins as a list
    /// (`AllowOrigin::list`, or `predicate` for the subdomain pattern): like the other arms, it
    /// answers `Access-Control-Allow-Origin` to an allowed origin only.
    TowerHttp,
    /// tower-http with its one-origin idiom, `allow_origin(HeaderValue)` (`AllowOrigin::exact`):
    /// the configured origin is sent on every response, whatever the request's `Origin`, and the
    /// browser compares it. One-origin cases only (see [`serves`](Self::serves)).
    TowerHttpExact,
    /// A layer that decides nothing and inserts `Access-Control-Allow-Origin`,
    /// `Access-Control-Allow-Credentials` and `Vary`, precomputed, into every response: the
    /// floor of any layer that adds those headers.
    Floor,
}

impl AxumArm {
    /// Every arm, in table order.
    pub const ALL: [AxumArm; 6] = [
        AxumArm::Plain,
        AxumArm::Policy,
        AxumArm::FromSpec,
        AxumArm::TowerHttp,
        AxumArm::TowerHttpExact,
        AxumArm::Floor,
    ];

    /// The name used on command lines and in benchmark ids.
    pub fn slug(self) -> &'static str {
        match self {
            AxumArm::Plain => "axum",
            AxumArm::Policy => "policy",
            AxumArm::FromSpec => "from-spec",
            AxumArm::TowerHttp => "tower-http",
            AxumArm::TowerHttpExact => "tower-http-exact",
            AxumArm::Floor => "floor",
        }
    }

    /// The column heading in tables.
    pub fn title(self) -> &'static str {
        match self {
            AxumArm::Plain => "plain axum",
            AxumArm::Policy => "policy!",
            AxumArm::FromSpec => "from_spec",
            AxumArm::TowerHttp => "tower-http",
            AxumArm::TowerHttpExact => "tower-http exact",
            AxumArm::Floor => "floor",
        }
    }

    /// Whether the arm serves `case`: [`TowerHttpExact`](Self::TowerHttpExact) has one origin.
    /// Only the one-route app's cases: the REST shapes are the actix-specific question of how
    /// preflights find their handler.
    pub fn serves(self, case: Case) -> bool {
        Case::ONE_ROUTE.contains(&case)
            && (self != AxumArm::TowerHttpExact || case.policy() == PolicyKind::One)
    }

    /// Parses a [`slug`](Self::slug).
    pub fn from_slug(slug: &str) -> Option<AxumArm> {
        AxumArm::ALL.into_iter().find(|arm| arm.slug() == slug)
    }
}

/// The handler of every arm.
async fn items() -> &'static str {
    "items"
}

/// The base policy as a cors-tower layer, checked at compile time.
fn tower_policy_one() -> cors_tower::CorsLayer {
    cors_tower::policy!(
        origins = ["https://app.example.com"],
        credentials,
        methods = ["GET"],
        headers = ["x-api-key"],
        max_age = 60
    )
}

/// The subdomain policy as a cors-tower layer, checked at compile time.
fn tower_policy_subdomain() -> cors_tower::CorsLayer {
    cors_tower::policy!(
        origins = ["https://*.example.com"],
        credentials,
        methods = ["GET"],
        headers = ["x-api-key"],
        max_age = 60
    )
}

/// The spec of `policy`, for `CorsLayer::from_spec`.
pub fn spec(policy: PolicyKind) -> PolicySpec {
    let spec = PolicySpec::new()
        .credentials(true)
        .methods(["GET"])
        .headers([ALLOWED_HEADER])
        .max_age(MAX_AGE as u64);
    match policy {
        PolicyKind::One => spec.origins([ALLOWED_ORIGIN]),
        PolicyKind::Fifty => spec.origins(FIFTY_ORIGINS),
        PolicyKind::Subdomain => spec.origins(["https://*.example.com"]),
    }
}

/// tower-http's `CorsLayer` with the policy the cors-tower arms use for `policy` (its defaults
/// otherwise: it never refuses, and varies on `Origin` and both request headers). The origins
/// are a list (or a predicate), so that only an allowed origin gets
/// `Access-Control-Allow-Origin`, as from the other arms.
pub fn tower_http_cors(policy: PolicyKind) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origin = match policy {
        PolicyKind::One => AllowOrigin::list([HeaderValue::from_static(ALLOWED_ORIGIN)]),
        PolicyKind::Fifty => AllowOrigin::list(FIFTY_ORIGINS.map(HeaderValue::from_static)),
        PolicyKind::Subdomain => {
            AllowOrigin::predicate(|origin, _parts| matches_subdomain(origin.as_bytes()))
        }
    };
    CorsLayer::new()
        .allow_origin(origin)
        .allow_credentials(true)
        .allow_methods([Method::GET])
        .allow_headers([HeaderName::from_static(ALLOWED_HEADER)])
        .max_age(Duration::from_secs(MAX_AGE as u64))
}

/// The floor arm's response mapping: inserts the headers an allowed actual response gets, as
/// constants, whatever the request.
fn insert_static_headers(mut response: Response<Body>) -> Response<Body> {
    const ORIGIN: HeaderValue = HeaderValue::from_static(ALLOWED_ORIGIN);
    const TRUE: HeaderValue = HeaderValue::from_static("true");
    const VARY: HeaderValue = HeaderValue::from_static("origin");
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    headers.insert(header::VARY, VARY);
    response
}

/// The router of `arm` for `policy`, ready to serve: `with_state(())` turns every handler into
/// its route (with the layer applied) once, as `Router::into_make_service`, and so
/// `axum::serve`, does. Called without it, a `Router` converts the handler and applies the
/// layer again on every request.
///
/// # Panics
///
/// If the runtime spec does not compile (it is a constant policy that does).
pub fn router(arm: AxumArm, policy: PolicyKind) -> Router {
    let route = get(items);
    let route = match (arm, policy) {
        (AxumArm::Plain, _) => route,
        (AxumArm::Policy, PolicyKind::One) => route.layer(tower_policy_one()),
        (AxumArm::Policy, PolicyKind::Fifty) => route.layer(crate::tower_policy_fifty()),
        (AxumArm::Policy, PolicyKind::Subdomain) => route.layer(tower_policy_subdomain()),
        (AxumArm::FromSpec, policy) => route.layer(
            cors_tower::CorsLayer::from_spec(spec(policy)).expect("the benchmark spec is valid"),
        ),
        (AxumArm::TowerHttp, policy) => route.layer(tower_http_cors(policy)),
        (AxumArm::TowerHttpExact, PolicyKind::One) => route.layer(
            tower_http_cors(PolicyKind::One).allow_origin(HeaderValue::from_static(ALLOWED_ORIGIN)),
        ),
        (AxumArm::TowerHttpExact, _) => panic!("tower-http-exact serves the one-origin policy"),
        (AxumArm::Floor, _) => route.layer(MapResponseLayer::new(insert_static_headers)),
    };
    Router::new().route(PATH, route).with_state(())
}

/// Builds the request of `case` as `http::Request`, the type hyper hands to an axum app.
///
/// Kept out of line so that callgrind can measure construction on its own.
#[inline(never)]
pub fn request(case: Case) -> Request<Body> {
    let mut request = Request::builder().uri(PATH);
    request = if case.is_preflight() {
        request
            .method(Method::OPTIONS)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, ALLOWED_HEADER)
    } else {
        request.method(Method::GET)
    };
    if let Some(origin) = case.origin() {
        request = request.header(header::ORIGIN, origin);
    }
    request
        .body(Body::empty())
        .expect("the benchmark request is valid")
}

/// Serves one request as `axum::serve` does (hyper-util's `TowerToHyperService`): a clone of
/// the router's tower `Service`, `oneshot` (`poll_ready`, then `call`, then the response
/// future), polled once, and the response dropped. The step every axum harness measures.
///
/// As in the actix [`call_one`](crate::call_one), the future is polled once with a no-op waker:
/// every case completes on its first poll, and [`poll_ready`] panics if one does not.
///
/// The response goes through [`black_box`] before it is dropped, as it would go to hyper:
/// otherwise, with everything inlined, the compiler can see the boxed response body built and
/// freed in one function and leave the allocation out, which a server never can.
#[inline(never)]
pub fn call_one(router: &Router, request: Request<Body>) -> StatusCode {
    black_box(serve(router, request)).status()
}

/// The response of `router` to `request`, served as [`call_one`] serves it.
fn serve(router: &Router, request: Request<Body>) -> Response<Body> {
    match poll_ready(router.clone().oneshot(request)) {
        Ok(response) => response,
        Err(infallible) => match infallible {},
    }
}

/// Serves the request of `case` once and checks that `arm` answered it as the case intends, so
/// that no harness measures a misconfigured arm. Returns the status.
///
/// What each arm must answer:
/// - plain axum: 200 to a `GET`, 405 to `OPTIONS` (the route serves only `GET`), no CORS
///   headers;
/// - the floor: the same statuses, and its constant headers on every response;
/// - cors-tower: `Access-Control-Allow-Origin` echoing an allowed origin only, 204 to an allowed
///   preflight and 403 to a rejected one;
/// - tower-http: the same `Access-Control-Allow-Origin`, but 200 to every preflight (it never
///   refuses; a rejected preflight is one without `Access-Control-Allow-Origin`);
/// - tower-http with `exact`: the configured origin on every response, 200 to every preflight
///   (the browser refuses what does not match).
///
/// An allowed preflight must also carry `Access-Control-Allow-Methods` and
/// `-Allow-Headers`, and every allowed answer `Access-Control-Allow-Credentials: true`.
///
/// # Panics
///
/// If the response is not what the arm must answer.
pub fn check(router: &Router, arm: AxumArm, case: Case) -> StatusCode {
    let response = serve(router, request(case));
    let status = response.status();
    let what = format!("{} / {}", arm.slug(), case.slug());
    let header = |name: HeaderName| response.headers().get(name).map(HeaderValue::as_bytes);
    let cors = !matches!(arm, AxumArm::Plain | AxumArm::Floor);
    let expected_origin = match arm {
        AxumArm::Plain => None,
        AxumArm::Floor | AxumArm::TowerHttpExact => Some(ALLOWED_ORIGIN),
        _ => case.origin().filter(|_| case.is_allowed()),
    };
    assert_eq!(
        header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        expected_origin.map(str::as_bytes),
        "{what}: wrong Access-Control-Allow-Origin"
    );
    if expected_origin.is_some() {
        assert_eq!(
            header(header::ACCESS_CONTROL_ALLOW_CREDENTIALS),
            Some(&b"true"[..]),
            "{what}: no Access-Control-Allow-Credentials"
        );
    }
    if cors && case.is_preflight() && (case.is_allowed() || arm == AxumArm::TowerHttpExact) {
        assert_eq!(
            header(header::ACCESS_CONTROL_ALLOW_METHODS),
            Some(&b"GET"[..]),
            "{what}: wrong Access-Control-Allow-Methods"
        );
        assert_eq!(
            header(header::ACCESS_CONTROL_ALLOW_HEADERS),
            Some(ALLOWED_HEADER.as_bytes()),
            "{what}: wrong Access-Control-Allow-Headers"
        );
    }
    let expected_status = match (arm, case.is_preflight(), case.is_allowed()) {
        (_, false, _) => StatusCode::OK,
        (AxumArm::Plain | AxumArm::Floor, true, _) => StatusCode::METHOD_NOT_ALLOWED,
        (AxumArm::TowerHttp | AxumArm::TowerHttpExact, true, _) => StatusCode::OK,
        (AxumArm::Policy | AxumArm::FromSpec, true, true) => StatusCode::NO_CONTENT,
        (AxumArm::Policy | AxumArm::FromSpec, true, false) => StatusCode::FORBIDDEN,
    };
    assert_eq!(status, expected_status, "{what}: unexpected status");
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_axum_arm_answers_every_case_as_intended() {
        for arm in AxumArm::ALL {
            for case in Case::ONE_ROUTE.into_iter().filter(|&case| arm.serves(case)) {
                let router = router(arm, case.policy());
                check(&router, arm, case);
                // And again after the measured step.
                assert_eq!(call_one(&router, request(case)), check(&router, arm, case));
            }
        }
    }
}
