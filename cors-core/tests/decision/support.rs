//! Shared by the decision tests: a request with arbitrary bytes (`Req`), the policies most tests
//! decide with, `#[track_caller]` matchers for each kind of decision, the http adapter's output,
//! and the section 9 check.

use cors_core::glue::CorsRequestHeader::{self, Origin, RequestMethod};
use cors_core::glue::{Actual, Decision, Preflight, RejectReason, Rejection, RequestView};
use cors_core::{Policy, PolicySpec, apply_to_headers};
use http::HeaderMap;
use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, VARY};

pub const APP: &str = "https://app.example.com";
pub const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";

/// A request with arbitrary bytes, several lines per header, and any method.
#[derive(Clone, Debug, Default)]
pub struct Req {
    method: Vec<u8>,
    headers: Vec<(CorsRequestHeader, Vec<u8>)>,
}

impl Req {
    pub fn new(method: &str) -> Self {
        Req {
            method: method.as_bytes().to_vec(),
            headers: Vec::new(),
        }
    }

    pub fn get() -> Self {
        Req::new("GET")
    }

    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
    pub fn preflight(origin: &str, method: &str) -> Self {
        Req::new("OPTIONS")
            .with(Origin, origin)
            .with(RequestMethod, method)
    }

    pub fn with(self, name: CorsRequestHeader, value: impl AsRef<[u8]>) -> Self {
        self.with_bytes(name, value.as_ref())
    }

    pub fn with_bytes(mut self, name: CorsRequestHeader, value: &[u8]) -> Self {
        self.headers.push((name, value.to_vec()));
        self
    }

    pub fn origin(self, origin: impl AsRef<[u8]>) -> Self {
        self.with(Origin, origin)
    }
}

impl RequestView for Req {
    fn method(&self) -> &[u8] {
        &self.method
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.headers
            .iter()
            .filter(move |(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
    }
}

pub fn compile(spec: PolicySpec) -> Policy {
    spec.compile().unwrap_or_else(|errors| panic!("{errors}"))
}

/// `https://app.example.com`, PUT and DELETE, `x-api-key`, credentials.
pub fn policy() -> Policy {
    compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT", "DELETE"])
            .headers(["x-api-key", "Content-Type"])
            .expose(["x-request-id", "etag"])
            .credentials(true),
    )
}

pub fn any_origin() -> Policy {
    compile(PolicySpec::new().origins(["*"]).methods(["GET", "PUT"]))
}

#[track_caller]
pub fn preflight_allowed<'p, 'r>(decision: Decision<'p, 'r>) -> Preflight<'p, 'r> {
    match decision {
        Decision::PreflightAllowed(preflight) => preflight,
        other => panic!("expected PreflightAllowed, got {other:?}"),
    }
}

#[track_caller]
pub fn actual_allowed<'p, 'r>(decision: Decision<'p, 'r>) -> Actual<'p, 'r> {
    match decision {
        Decision::ActualAllowed(actual) => actual,
        other => panic!("expected ActualAllowed, got {other:?}"),
    }
}

#[track_caller]
pub fn preflight_rejected<'r>(decision: Decision<'_, 'r>) -> RejectReason<'r> {
    match decision {
        Decision::PreflightRejected(Rejection { reason, .. }) => reason,
        other => panic!("expected PreflightRejected, got {other:?}"),
    }
}

#[track_caller]
pub fn actual_rejected<'r>(decision: Decision<'_, 'r>) -> RejectReason<'r> {
    match decision {
        Decision::ActualRejected(Rejection { reason, .. }) => reason,
        other => panic!("expected ActualRejected, got {other:?}"),
    }
}

/// The headers the http adapter writes for `decision`, decided from `request`.
pub fn headers_of<'r, R: RequestView>(decision: &Decision<'_, 'r>, request: &'r R) -> HeaderMap {
    let mut headers = HeaderMap::new();
    apply_to_headers(decision, request, &mut headers);
    headers
}

/// The headers the http adapter writes for `request` under `policy`.
pub fn answer<R: RequestView>(policy: &Policy, request: &R) -> HeaderMap {
    headers_of(&policy.decide(request), request)
}

pub fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h [u8]> {
    headers.get(name).map(|value| value.as_bytes())
}

pub fn has_no_cors_headers(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .all(|name| !name.as_str().starts_with("access-control-"))
}

pub fn policy_without_null() -> Policy {
    compile(PolicySpec::new().origins([APP]).methods(["GET"]))
}

pub const SECTION_9_ORIGINS: [&str; 15] = [
    // arbitrary reflection
    "https://attacker.example",
    "https://evil.com",
    // trusted null
    "null",
    // prefix match
    "https://example.com.evil.net",
    "https://example.computer",
    // suffix match without label boundary
    "https://evilexample.com",
    "https://notexample.com",
    // unescaped dot / loose pattern
    "https://appxexample.com",
    "https://app-example.com",
    // scheme downgrade
    "http://example.com",
    "http://app.example.com",
    // other port
    "https://example.com:8443",
    // parser confusion
    "https://example.com_.evil.net",
    "https://example.com%60.evil.net",
    "https://example.com@evil.net",
];

#[track_caller]
pub fn assert_section_9(policy: &Policy) {
    for origin in SECTION_9_ORIGINS {
        let actual_request = Req::get().origin(origin);
        let actual = policy.decide(&actual_request);
        assert_eq!(
            actual_rejected(actual),
            RejectReason::OriginNotAllowed(origin.as_bytes())
        );
        let preflight_request = Req::preflight(origin, "PUT");
        let preflight = policy.decide(&preflight_request);
        assert_eq!(
            preflight_rejected(preflight),
            RejectReason::OriginNotAllowed(origin.as_bytes())
        );
        let http_request = http::Request::post("/")
            .header("origin", origin)
            .header("cookie", "session=1")
            .body(())
            .unwrap();
        let from_http = policy.decide(&http_request);
        let answers = [
            (actual, answer(policy, &actual_request)),
            (preflight, answer(policy, &preflight_request)),
            (from_http, answer(policy, &http_request)),
        ];
        for (decision, headers) in answers {
            assert!(
                headers.get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
                "{origin}"
            );
            assert!(
                headers.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none(),
                "{origin}"
            );
            assert!(has_no_cors_headers(&headers), "{origin}");
            let vary: Vec<_> = headers.get_all(VARY).iter().collect();
            assert_eq!(vary.len(), 1, "{origin}");
            assert_eq!(Some(vary[0].as_bytes()), decision.vary().map(str::as_bytes));
            assert!(
                vary[0]
                    .to_str()
                    .unwrap()
                    .split(", ")
                    .any(|name| name == "Origin"),
                "{origin}: {vary:?}"
            );
        }
        let headers = answer(policy, &actual_request);
        assert_eq!(headers[VARY], "Origin", "{origin}");
        assert!(!policy.allows_origin(origin.as_bytes()), "{origin}");
    }
    // The allowed ones still are.
    for origin in ["https://example.com", "https://app.example.com"] {
        let headers = answer(policy, &Req::get().origin(origin));
        assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], origin);
        assert_eq!(headers[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    }
}
