//! The decision engine (docs/protocol.md sections 2 to 8), `Vary` merging, the http adapter, same-origin
//! detection, and the misconfiguration classes of section 9.

use cors_core::CorsRequestHeader::{
    self, Origin, RequestHeaders, RequestMethod, RequestPrivateNetwork,
};
use cors_core::{
    Actual, AllowHeaders, AllowOrigin, Decision, Policy, PolicySpec, Preflight, RejectKind,
    RejectReason, Rejection, RequestView, VaryUpdate, apply_to_headers, is_same_origin, merge_vary,
};
use http::HeaderMap;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, VARY,
};

const APP: &str = "https://app.example.com";
const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";

/// A request with arbitrary bytes, several lines per header, and any method.
#[derive(Clone, Debug, Default)]
struct Req {
    method: Vec<u8>,
    headers: Vec<(CorsRequestHeader, Vec<u8>)>,
}

impl Req {
    fn new(method: &str) -> Self {
        Req {
            method: method.as_bytes().to_vec(),
            headers: Vec::new(),
        }
    }

    fn get() -> Self {
        Req::new("GET")
    }

    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
    fn preflight(origin: &str, method: &str) -> Self {
        Req::new("OPTIONS")
            .with(Origin, origin)
            .with(RequestMethod, method)
    }

    fn with(self, name: CorsRequestHeader, value: impl AsRef<[u8]>) -> Self {
        self.with_bytes(name, value.as_ref())
    }

    fn with_bytes(mut self, name: CorsRequestHeader, value: &[u8]) -> Self {
        self.headers.push((name, value.to_vec()));
        self
    }

    fn origin(self, origin: impl AsRef<[u8]>) -> Self {
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

fn compile(spec: PolicySpec) -> Policy {
    spec.compile().unwrap_or_else(|errors| panic!("{errors}"))
}

/// `https://app.example.com`, PUT and DELETE, `x-api-key`, credentials.
fn policy() -> Policy {
    compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT", "DELETE"])
            .headers(["x-api-key", "Content-Type"])
            .expose(["x-request-id", "etag"])
            .credentials(true),
    )
}

fn any_origin() -> Policy {
    compile(PolicySpec::new().origins(["*"]).methods(["GET", "PUT"]))
}

#[track_caller]
fn preflight_allowed<'p, 'r>(decision: Decision<'p, 'r>) -> Preflight<'p, 'r> {
    match decision {
        Decision::PreflightAllowed(preflight) => preflight,
        other => panic!("expected PreflightAllowed, got {other:?}"),
    }
}

#[track_caller]
fn actual_allowed<'p, 'r>(decision: Decision<'p, 'r>) -> Actual<'p, 'r> {
    match decision {
        Decision::ActualAllowed(actual) => actual,
        other => panic!("expected ActualAllowed, got {other:?}"),
    }
}

#[track_caller]
fn preflight_rejected<'r>(decision: Decision<'_, 'r>) -> RejectReason<'r> {
    match decision {
        Decision::PreflightRejected(Rejection { reason, .. }) => reason,
        other => panic!("expected PreflightRejected, got {other:?}"),
    }
}

#[track_caller]
fn actual_rejected<'r>(decision: Decision<'_, 'r>) -> RejectReason<'r> {
    match decision {
        Decision::ActualRejected(Rejection { reason, .. }) => reason,
        other => panic!("expected ActualRejected, got {other:?}"),
    }
}

/// The headers the http adapter writes for `decision`, decided from `request`.
fn headers_of<'r, R: RequestView>(decision: &Decision<'_, 'r>, request: &'r R) -> HeaderMap {
    let mut headers = HeaderMap::new();
    apply_to_headers(decision, request, &mut headers);
    headers
}

/// The headers the http adapter writes for `request` under `policy`.
fn answer<R: RequestView>(policy: &Policy, request: &R) -> HeaderMap {
    headers_of(&policy.decide(request), request)
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h [u8]> {
    headers.get(name).map(|value| value.as_bytes())
}

fn has_no_cors_headers(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .all(|name| !name.as_str().starts_with("access-control-"))
}

// ---- Section 3: detecting a preflight ----

#[test]
fn options_with_origin_and_request_method_is_a_preflight() {
    let policy = policy();
    let request = Req::preflight(APP, "PUT");
    let preflight = preflight_allowed(policy.decide(&request));
    assert_eq!(
        preflight.allow_origin,
        AllowOrigin::Exact {
            origin: APP,
            index: 0
        }
    );
    assert_eq!(preflight.allow_methods, "PUT, DELETE");
    assert_eq!(preflight.status, 204);
}

/// A request that counts how often each header is looked up.
struct Counting {
    request: Req,
    lookups: std::cell::RefCell<Vec<CorsRequestHeader>>,
}

impl RequestView for Counting {
    fn method(&self) -> &[u8] {
        self.request.method()
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.lookups.borrow_mut().push(name);
        self.request.header_values(name)
    }
}

#[test]
fn each_request_header_is_looked_up_at_most_once() {
    let policy = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT"])
            .headers(["x-api-key"])
            .private_network(true),
    );
    let preflight = Req::preflight(APP, "PUT")
        .with(RequestHeaders, "x-api-key")
        .with(RequestPrivateNetwork, "true");
    for (request, looked_up) in [
        (
            preflight,
            &[Origin, RequestMethod, RequestHeaders, RequestPrivateNetwork][..],
        ),
        // Only `OPTIONS` can be a preflight: an actual request reads `Origin` alone.
        (Req::get().origin(APP), &[Origin][..]),
        (
            Req::new("PUT").origin(APP).with(RequestMethod, "PUT"),
            &[Origin][..],
        ),
        (
            Req::new("OPTIONS").origin(APP),
            &[Origin, RequestMethod][..],
        ),
    ] {
        let counting = Counting {
            request,
            lookups: Default::default(),
        };
        let decision = policy.decide(&counting);
        assert!(
            !matches!(
                decision,
                Decision::PreflightRejected(_) | Decision::ActualRejected(_)
            ),
            "{decision:?}"
        );
        assert_eq!(*counting.lookups.borrow(), looked_up, "{decision:?}");
    }
}

#[test]
fn options_without_request_method_is_an_actual_request() {
    let policy = policy();
    let request = Req::new("OPTIONS").origin(APP);
    let actual = actual_allowed(policy.decide(&request));
    assert_eq!(
        actual.allow_origin,
        AllowOrigin::Exact {
            origin: APP,
            index: 0
        }
    );
    assert_eq!(actual.expose_headers, Some("x-request-id, etag"));
}

#[test]
fn options_without_origin_is_not_cors() {
    let policy = policy();
    let request = Req::new("OPTIONS").with(RequestMethod, "PUT");
    assert_eq!(
        policy.decide(&request),
        Decision::NotCors {
            vary: Some("Origin")
        }
    );
    let request = Req::new("OPTIONS");
    assert_eq!(
        policy.decide(&request),
        Decision::NotCors {
            vary: Some("Origin")
        }
    );
}

#[test]
fn request_method_header_on_a_get_is_an_actual_request() {
    let policy = policy();
    let request = Req::get().origin(APP).with(RequestMethod, "PUT");
    actual_allowed(policy.decide(&request));
    // Method matching is exact: `options` is not `OPTIONS`.
    let request = Req::new("options").origin(APP).with(RequestMethod, "PUT");
    actual_allowed(policy.decide(&request));
}

#[test]
fn no_origin_is_not_cors_but_still_varies() {
    assert_eq!(
        policy().decide(&Req::get()),
        Decision::NotCors {
            vary: Some("Origin")
        }
    );
    let policy = policy();
    let request = Req::new("POST");
    let decision = policy.decide(&request);
    let headers = headers_of(&decision, &request);
    assert_eq!(header(&headers, "vary"), Some(&b"Origin"[..]));
    assert!(has_no_cors_headers(&headers));
}

/// A fixed `*` answers the same with or without `Origin` (docs/protocol.md section 7): `*` on
/// every response, so a cached answer to a request without `Origin` (an `<img>`, a navigation)
/// also serves a later cross-origin `fetch()`, and no `Vary: Origin`, since nothing depends on it.
#[test]
fn any_origin_answers_star_without_origin_too() {
    let policy = compile(
        PolicySpec::new()
            .origins(["*"])
            .methods(["GET", "PUT"])
            .expose(["x-total-count"]),
    );
    for method in ["GET", "POST", "DELETE", "OPTIONS"] {
        let without = Req::new(method);
        let with = Req::new(method).origin("https://anyone.example");
        assert_eq!(
            actual_allowed(policy.decide(&without)),
            Actual {
                allow_origin: AllowOrigin::Any,
                allow_credentials: false,
                expose_headers: Some("x-total-count"),
                vary: None,
            }
        );
        assert_eq!(policy.decide(&without), policy.decide(&with), "{method}");
        let headers = answer(&policy, &without);
        assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(headers[ACCESS_CONTROL_EXPOSE_HEADERS], "x-total-count");
        assert!(headers.get(VARY).is_none(), "{method}: {headers:?}");
        assert_eq!(headers, answer(&policy, &with), "{method}");
    }
    // An OPTIONS with a requested method but no `Origin` is not a preflight: the application
    // answers it, with `*` like any other response.
    let request = Req::new("OPTIONS").with(RequestMethod, "PUT");
    assert_eq!(
        actual_allowed(policy.decide(&request)).allow_origin,
        AllowOrigin::Any
    );
    // A repeated `Origin` is still malformed, and refused.
    let request = Req::get().origin(APP).origin(APP);
    assert_eq!(
        actual_rejected(policy.decide(&request)),
        RejectReason::OriginRepeated
    );
}

// ---- Section 1: the request's Origin ----

#[test]
fn a_repeated_origin_is_rejected() {
    let policy = policy();
    let request = Req::get().origin(APP).origin(APP);
    assert_eq!(
        actual_rejected(policy.decide(&request)),
        RejectReason::OriginRepeated
    );
    let request = Req::preflight(APP, "PUT").origin(APP);
    assert_eq!(
        preflight_rejected(policy.decide(&request)),
        RejectReason::OriginRepeated
    );
    // Even with `*`: a repeated Origin is never allowed.
    let request = Req::get().origin(APP).origin("https://b.example.com");
    assert_eq!(
        actual_rejected(any_origin().decide(&request)),
        RejectReason::OriginRepeated
    );
    // Through the http adapter too.
    let request = http::Request::get("/")
        .header("origin", APP)
        .header("origin", APP)
        .body(())
        .unwrap();
    let decision = policy.decide(&request);
    assert!(
        matches!(decision, Decision::ActualRejected(_)),
        "{decision:?}"
    );
    let headers = headers_of(&decision, &request);
    assert!(has_no_cors_headers(&headers));
    assert_eq!(header(&headers, "vary"), Some(&b"Origin"[..]));
}

#[test]
fn malformed_origin_bytes_are_rejected() {
    let policy = compile(
        PolicySpec::new()
            .origins([APP, "https://*.example.org"])
            .methods(["GET"]),
    );
    let malformed: [&[u8]; 14] = [
        b"https://app.example.com\xff",
        b"\xffhttps://app.example.com",
        b"https://app.example.com/",
        b"https://App.example.com",
        b"HTTPS://app.example.com",
        b"https://app.example.com:443",
        b" https://app.example.com",
        b"https://app.example.com ",
        b"https://app.example.com, https://app.example.com",
        b"https://user@app.example.com",
        b"app.example.com",
        b"",
        b"https://a.example.org/",
        b"https://A.example.org",
    ];
    for origin in malformed {
        let request = Req::get().with_bytes(Origin, origin);
        assert_eq!(
            actual_rejected(policy.decide(&request)),
            RejectReason::OriginNotAllowed(origin),
            "{}",
            origin.escape_ascii()
        );
        assert!(!policy.allows_origin(origin));
    }
    assert!(policy.allows_origin(APP.as_bytes()));
    assert!(policy.allows_origin(b"https://a.example.org"));
}

// ---- Section 3: parsing Access-Control-Request-Headers leniently ----

#[test]
fn request_headers_are_parsed_leniently() {
    let policy = policy();
    for acrh in [
        "x-api-key",
        "X-Api-Key",
        " x-api-key , content-type ",
        "x-api-key,,content-type",
        ",x-api-key,",
        "\tCONTENT-TYPE,\tx-api-key\t",
        "",
        " , ",
    ] {
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, acrh);
        let preflight = preflight_allowed(policy.decide(&request));
        assert_eq!(
            preflight.allow_headers,
            AllowHeaders::List("x-api-key, content-type"),
            "{acrh:?}"
        );
    }
}

/// Several `Access-Control-Request-Headers` lines are one list (RFC 9110 section 5.3; gateways
/// split it): every name of every line is judged, empty items and whitespace are ignored as
/// within one line, and a `*` header policy echoes the whole list, joined.
#[test]
fn several_request_headers_lines_are_one_list() {
    let any = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT"])
            .headers(["*"]),
    );
    let split = || {
        Req::preflight(APP, "PUT")
            .with(RequestHeaders, "x-api-key\t")
            .with(RequestHeaders, " ")
            .with(RequestHeaders, ",, content-type")
    };

    // A listed policy allows the list when it allows every name, and answers its own list.
    let listed = policy();
    let request = split();
    let preflight = preflight_allowed(listed.decide(&request));
    assert_eq!(
        preflight.allow_headers,
        AllowHeaders::List("x-api-key, content-type")
    );
    let headers = answer(&listed, &request);
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_HEADERS],
        "x-api-key, content-type"
    );

    // `*` echoes every line's names, joined into one value.
    let request = split();
    let decision = any.decide(&request);
    let AllowHeaders::Echo(echoed) = preflight_allowed(decision).allow_headers else {
        panic!("{decision:?}")
    };
    assert_eq!(echoed.single_line(), None);
    assert_eq!(&*echoed.value(&request), b"x-api-key, content-type");
    let headers = headers_of(&decision, &request);
    assert_eq!(
        headers
            .get_all(ACCESS_CONTROL_ALLOW_HEADERS)
            .iter()
            .collect::<Vec<_>>(),
        ["x-api-key, content-type"]
    );
    assert_eq!(headers[VARY], "Origin, Access-Control-Request-Headers");

    // A name the policy refuses is refused in whichever line it is.
    for policy in [&listed, &any] {
        let request = split().with(RequestHeaders, "x-other, b@d");
        let expected = if std::ptr::eq(policy, &any) {
            RejectReason::HeaderMalformed(b"b@d")
        } else {
            RejectReason::HeaderNotAllowed(b"x-other")
        };
        assert_eq!(preflight_rejected(policy.decide(&request)), expected);
    }

    // Only empty lines: nothing requested, as with one empty line.
    let request = Req::preflight(APP, "PUT")
        .with(RequestHeaders, "")
        .with(RequestHeaders, " , ");
    assert_eq!(
        preflight_allowed(listed.decide(&request)).allow_headers,
        AllowHeaders::List("x-api-key, content-type")
    );
    let decision = any.decide(&request);
    let AllowHeaders::Echo(echoed) = preflight_allowed(decision).allow_headers else {
        panic!("{decision:?}")
    };
    assert_eq!(&*echoed.value(&request), b"");

    // The same through the http adapter, where the lines are real header lines.
    let request = http::Request::options("/items")
        .header("origin", APP)
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization")
        .header("access-control-request-headers", "content-type")
        .body(())
        .unwrap();
    let headers = answer(&any, &request);
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_HEADERS],
        "authorization, content-type"
    );
}

/// `Origin` and `Access-Control-Request-Method` are single values, not lists: several lines of
/// either stay refused.
#[test]
fn several_origin_or_method_lines_stay_refused() {
    let request = Req::preflight(APP, "PUT").with(RequestMethod, "PUT");
    assert_eq!(
        preflight_rejected(policy().decide(&request)),
        RejectReason::MethodRepeated
    );
    let request = Req::preflight(APP, "PUT").with(Origin, APP);
    assert_eq!(
        preflight_rejected(policy().decide(&request)),
        RejectReason::OriginRepeated
    );
}

#[test]
fn unlisted_and_malformed_request_headers_are_rejected() {
    let policy = policy();
    let request = Req::preflight(APP, "PUT").with(RequestHeaders, "x-api-key, X-Other");
    assert_eq!(
        preflight_rejected(policy.decide(&request)),
        RejectReason::HeaderNotAllowed(b"X-Other")
    );
    for (acrh, name) in [
        ("x-api-key, x other", &b"x other"[..]),
        ("x@y", b"x@y"),
        ("x-api-key;content-type", b"x-api-key;content-type"),
    ] {
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, acrh);
        assert_eq!(
            preflight_rejected(policy.decide(&request)),
            RejectReason::HeaderMalformed(name),
            "{acrh:?}"
        );
    }
    let request = Req::preflight(APP, "PUT").with_bytes(RequestHeaders, b"x-\xff");
    assert_eq!(
        preflight_rejected(policy.decide(&request)),
        RejectReason::HeaderMalformed(b"x-\xff")
    );
}

#[test]
fn a_policy_without_headers_rejects_any_requested_header() {
    let policy = compile(PolicySpec::new().origins([APP]).methods(["PUT"]));
    let request = Req::preflight(APP, "PUT");
    let preflight = preflight_allowed(policy.decide(&request));
    assert_eq!(preflight.allow_headers, AllowHeaders::None);
    assert!(header(&answer(&policy, &request), "access-control-allow-headers").is_none());
    let request = Req::preflight(APP, "PUT").with(RequestHeaders, "content-type");
    assert_eq!(
        preflight_rejected(policy.decide(&request)),
        RejectReason::HeaderNotAllowed(b"content-type")
    );
}

// ---- Section 2/3: methods ----

#[test]
fn safelisted_methods_always_pass_a_preflight() {
    let policy = policy();
    for method in ["GET", "HEAD", "POST", "PUT", "DELETE"] {
        let request = Req::preflight(APP, method);
        let preflight = preflight_allowed(policy.decide(&request));
        // The configured list is sent as is, whatever was asked.
        assert_eq!(preflight.allow_methods, "PUT, DELETE", "{method}");
    }
}

#[test]
fn method_matching_is_case_sensitive() {
    let policy = policy();
    for method in ["put", "Put", "delete", "PATCH", "get", "post", "", "PUT "] {
        let request = Req::preflight(APP, method);
        assert_eq!(
            preflight_rejected(policy.decide(&request)),
            RejectReason::MethodNotAllowed(method.as_bytes()),
            "{method:?}"
        );
    }
    let request = Req::preflight(APP, "PUT").with(RequestMethod, "PUT");
    assert_eq!(
        preflight_rejected(policy.decide(&request)),
        RejectReason::MethodRepeated
    );
}

// ---- Section 3: Authorization ----

#[test]
fn authorization_is_never_covered_by_a_list_that_does_not_name_it() {
    let policy = policy();
    for acrh in ["authorization", "x-api-key, Authorization"] {
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, acrh);
        let reason = preflight_rejected(policy.decide(&request));
        assert!(
            matches!(reason, RejectReason::HeaderNotAllowed(name) if name.eq_ignore_ascii_case(b"authorization")),
            "{reason:?}"
        );
    }
    let named = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT"])
            .headers(["Authorization"]),
    );
    let request = Req::preflight(APP, "PUT").with(RequestHeaders, "authorization");
    assert_eq!(
        preflight_allowed(named.decide(&request)).allow_headers,
        AllowHeaders::List("authorization")
    );
}

#[test]
fn any_headers_are_echoed_including_authorization_with_credentials() {
    for credentials in [false, true] {
        let policy = compile(
            PolicySpec::new()
                .origins([APP])
                .methods(["PUT"])
                .headers(["*"])
                .credentials(credentials),
        );
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, "authorization,x-anything");
        let decision = policy.decide(&request);
        let preflight = preflight_allowed(decision);
        let AllowHeaders::Echo(echoed) = preflight.allow_headers else {
            panic!("{preflight:?}")
        };
        assert_eq!(echoed.single_line(), Some(&b"authorization,x-anything"[..]));
        assert_eq!(preflight.allow_credentials, credentials);
        let headers = headers_of(&decision, &request);
        assert_eq!(
            header(&headers, "access-control-allow-headers"),
            Some(&b"authorization,x-anything"[..])
        );
        assert_ne!(
            header(&headers, "access-control-allow-headers"),
            Some(&b"*"[..])
        );
        // Echoing makes the answer depend on the request headers.
        assert_eq!(
            header(&headers, "vary"),
            Some(&b"Origin, Access-Control-Request-Headers"[..])
        );
        // Nothing requested: no Allow-Headers at all.
        let request = Req::preflight(APP, "PUT");
        assert_eq!(
            preflight_allowed(policy.decide(&request)).allow_headers,
            AllowHeaders::None
        );
        // Malformed names are still refused.
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, "a b");
        assert_eq!(
            preflight_rejected(policy.decide(&request)),
            RejectReason::HeaderMalformed(b"a b")
        );
    }
}

// ---- Section 4: Allow-Origin and Allow-Credentials ----

#[test]
fn any_origin_answers_star_and_exact_lists_echo_the_configured_origin() {
    let any = any_origin();
    let request = Req::get().origin("https://whoever.test");
    let actual = actual_allowed(any.decide(&request));
    assert_eq!(actual.allow_origin, AllowOrigin::Any);
    assert_eq!(actual.allow_origin.as_bytes(), b"*");
    assert!(!actual.allow_credentials);
    assert_eq!(actual.vary, None);
    let headers = answer(&any, &request);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(&b"*"[..])
    );
    assert!(headers.get(VARY).is_none());
    assert!(headers.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());

    let policy = policy();
    let request = Req::get().origin(APP);
    let actual = actual_allowed(policy.decide(&request));
    assert_eq!(
        actual.allow_origin,
        AllowOrigin::Exact {
            origin: APP,
            index: 0
        }
    );
    // The configured bytes are sent, not the request's.
    let AllowOrigin::Exact { origin: sent, .. } = actual.allow_origin else {
        unreachable!()
    };
    assert_eq!(sent.as_ptr(), policy_origin_ptr(&policy));
}

#[test]
fn exact_origins_carry_their_position_in_the_sorted_list() {
    let origins = [
        "https://z.example.com",
        "https://a.example.com",
        "http://localhost:8080",
        "https://m.example.com",
    ];
    let policy = compile(PolicySpec::new().origins(origins).methods(["GET"]));
    let cors_core::AllowedOrigins::List { exact, .. } = policy.origins() else {
        panic!("not a list")
    };
    for origin in origins {
        let request = Req::get().origin(origin);
        let AllowOrigin::Exact {
            origin: sent,
            index,
        } = actual_allowed(policy.decide(&request)).allow_origin
        else {
            panic!("{origin} not answered as an exact origin")
        };
        assert_eq!(sent, origin);
        assert_eq!(&*exact[index], origin);
    }
}

fn policy_origin_ptr(policy: &Policy) -> *const u8 {
    match policy.origins() {
        cors_core::AllowedOrigins::List { exact, .. } => exact[0].as_ptr(),
        cors_core::AllowedOrigins::Any => panic!("not a list"),
    }
}

#[test]
fn patterns_echo_the_matched_request_origin() {
    let policy = compile(
        PolicySpec::new()
            .origins(["https://*.example.com"])
            .methods(["GET"])
            .credentials(true),
    );
    let request = Req::get().origin("https://a.b.example.com");
    let actual = actual_allowed(policy.decide(&request));
    assert_eq!(
        actual.allow_origin,
        AllowOrigin::Matched(b"https://a.b.example.com")
    );
    let headers = answer(&policy, &request);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(&b"https://a.b.example.com"[..])
    );
    assert_eq!(
        header(&headers, "access-control-allow-credentials"),
        Some(&b"true"[..])
    );
}

#[test]
fn the_null_origin_is_allowed_only_when_opted_in() {
    let policy = compile(
        PolicySpec::new()
            .origins([APP, "null"])
            .methods(["GET"])
            .allow_null_origin(true),
    );
    let request = Req::get().origin("null");
    let actual = actual_allowed(policy.decide(&request));
    assert_eq!(actual.allow_origin, AllowOrigin::Null);
    assert_eq!(actual.allow_origin.as_bytes(), b"null");
    let request = Req::get().origin("Null");
    actual_rejected(policy.decide(&request));
    // Not opted in: rejected.
    let request = Req::get().origin("null");
    assert_eq!(
        actual_rejected(policy_without_null().decide(&request)),
        RejectReason::OriginNotAllowed(b"null")
    );
}

fn policy_without_null() -> Policy {
    compile(PolicySpec::new().origins([APP]).methods(["GET"]))
}

#[test]
fn allow_credentials_only_with_credentials() {
    let with = policy();
    let without = policy_without_null();
    let actual = Req::get().origin(APP);
    let preflight = Req::preflight(APP, "GET");

    assert!(actual_allowed(with.decide(&actual)).allow_credentials);
    assert!(preflight_allowed(with.decide(&preflight)).allow_credentials);
    for request in [&actual, &preflight] {
        let headers = answer(&with, request);
        assert_eq!(
            header(&headers, "access-control-allow-credentials"),
            Some(&b"true"[..])
        );
    }

    assert!(!actual_allowed(without.decide(&actual)).allow_credentials);
    assert!(!preflight_allowed(without.decide(&preflight)).allow_credentials);
    for request in [&actual, &preflight] {
        assert!(
            answer(&without, request)
                .get(ACCESS_CONTROL_ALLOW_CREDENTIALS)
                .is_none()
        );
    }
}

// ---- Sections 5 and 6: Max-Age and Expose-Headers ----

#[test]
fn expose_headers_only_on_actual_responses() {
    let policy = policy();
    let actual = answer(&policy, &Req::get().origin(APP));
    assert_eq!(
        header(&actual, "access-control-expose-headers"),
        Some(&b"x-request-id, etag"[..])
    );
    let preflight = answer(&policy, &Req::preflight(APP, "PUT"));
    assert!(preflight.get(ACCESS_CONTROL_EXPOSE_HEADERS).is_none());
    assert!(preflight.get(ACCESS_CONTROL_ALLOW_METHODS).is_some());
    // And no preflight-only headers on actual responses.
    assert!(actual.get(ACCESS_CONTROL_ALLOW_METHODS).is_none());
    assert!(actual.get(ACCESS_CONTROL_ALLOW_HEADERS).is_none());
    assert!(actual.get(ACCESS_CONTROL_MAX_AGE).is_none());
    // No expose list: no header.
    let headers = answer(&policy_without_null(), &Req::get().origin(APP));
    assert!(headers.get(ACCESS_CONTROL_EXPOSE_HEADERS).is_none());
    // `*` without credentials.
    let star = compile(
        PolicySpec::new()
            .origins(["*"])
            .methods(["GET"])
            .expose(["*"]),
    );
    let headers = answer(&star, &Req::get().origin(APP));
    assert_eq!(
        header(&headers, "access-control-expose-headers"),
        Some(&b"*"[..])
    );
}

#[test]
fn max_age_is_sent_on_preflights_only() {
    for (age, expected) in [(Some(600), Some("600")), (Some(0), Some("0")), (None, None)] {
        let mut spec = PolicySpec::new().origins([APP]).methods(["PUT"]);
        spec.max_age = age;
        let policy = compile(spec);
        let request = Req::preflight(APP, "PUT");
        let preflight = preflight_allowed(policy.decide(&request));
        assert_eq!(preflight.max_age, expected);
        let headers = answer(&policy, &Req::preflight(APP, "PUT"));
        assert_eq!(
            header(&headers, "access-control-max-age"),
            expected.map(str::as_bytes)
        );
        let headers = answer(&policy, &Req::get().origin(APP));
        assert!(headers.get(ACCESS_CONTROL_MAX_AGE).is_none());
    }
}

// ---- Section 8: private network access ----

#[test]
fn private_network_access_is_opt_in() {
    let opted = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT"])
            .private_network(true),
    );
    let asking = Req::preflight(APP, "PUT").with(RequestPrivateNetwork, "true");
    let preflight = preflight_allowed(opted.decide(&asking));
    assert!(preflight.allow_private_network);
    let headers = answer(&opted, &asking);
    assert_eq!(header(&headers, ALLOW_PRIVATE_NETWORK), Some(&b"true"[..]));

    // Not asked: not answered.
    let plain = Req::preflight(APP, "PUT");
    assert!(!preflight_allowed(opted.decide(&plain)).allow_private_network);
    assert!(answer(&opted, &plain).get(ALLOW_PRIVATE_NETWORK).is_none());
    let other_value = Req::preflight(APP, "PUT").with(RequestPrivateNetwork, "false");
    assert!(!preflight_allowed(opted.decide(&other_value)).allow_private_network);

    // Not opted in: asking is rejected, and nothing private-network is sent.
    let policy = compile(PolicySpec::new().origins([APP]).methods(["PUT"]));
    let decision = policy.decide(&asking);
    assert_eq!(
        preflight_rejected(decision),
        RejectReason::PrivateNetworkNotAllowed
    );
    let headers = headers_of(&decision, &asking);
    assert!(has_no_cors_headers(&headers));
    assert_eq!(header(&headers, "vary"), Some(&b"Origin"[..]));

    // Actual requests never carry it.
    let actual = Req::get().origin(APP).with(RequestPrivateNetwork, "true");
    actual_allowed(policy.decide(&actual));
    assert!(answer(&opted, &actual).get(ALLOW_PRIVATE_NETWORK).is_none());
}

#[test]
fn preflight_status_is_configurable_within_2xx() {
    let request = Req::preflight(APP, "PUT");
    let default_policy = policy();
    let default = preflight_allowed(default_policy.decide(&request));
    assert_eq!(default.status, 204);
    let policy = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT"])
            .preflight_status(200),
    );
    assert_eq!(policy.preflight_status(), 200);
    let preflight = preflight_allowed(policy.decide(&request));
    assert_eq!(preflight.status, 200);
}

// ---- Section 7: Vary ----

#[test]
fn vary_values_by_policy_kind_and_request_kind() {
    let echo_headers = |origins: &[&str]| {
        compile(
            PolicySpec::new()
                .origins(origins.iter().copied())
                .methods(["PUT"])
                .headers(["*"]),
        )
    };
    let list_headers = |origins: &[&str]| {
        compile(
            PolicySpec::new()
                .origins(origins.iter().copied())
                .methods(["PUT"])
                .headers(["x-api-key"]),
        )
    };
    let cases = [
        (list_headers(&[APP]), Some("Origin"), Some("Origin")),
        (
            echo_headers(&[APP]),
            Some("Origin"),
            Some("Origin, Access-Control-Request-Headers"),
        ),
        (list_headers(&["*"]), None, None),
        (
            echo_headers(&["*"]),
            None,
            Some("Access-Control-Request-Headers"),
        ),
        (
            list_headers(&["https://*.example.com"]),
            Some("Origin"),
            Some("Origin"),
        ),
    ];
    for (policy, actual, preflight) in cases {
        assert_eq!(policy.vary_actual(), actual);
        assert_eq!(policy.vary_preflight(), preflight);
        let origin = "https://app.example.com";
        let requests = [
            (Req::get(), actual),
            (Req::get().origin(origin), actual),
            (Req::get().origin("https://evil.test"), actual),
            (Req::preflight(origin, "PUT"), preflight),
            (Req::preflight("https://evil.test", "PUT"), preflight),
            (Req::preflight(origin, "PATCH"), preflight),
        ];
        for (request, expected) in &requests {
            let (decision, expected) = (policy.decide(request), *expected);
            assert_eq!(decision.vary(), expected, "{decision:?}");
            let headers = headers_of(&decision, request);
            assert_eq!(
                header(&headers, "vary"),
                expected.map(str::as_bytes),
                "{decision:?}"
            );
        }
    }
}

#[test]
fn merge_vary_cases() {
    fn lines(values: &[&'static [u8]]) -> impl Fn() -> std::vec::IntoIter<&'static [u8]> {
        let values = values.to_vec();
        move || values.clone().into_iter()
    }
    assert_eq!(
        merge_vary(lines(&[]), "Origin"),
        VaryUpdate::Insert("Origin")
    );
    assert_eq!(
        merge_vary(lines(&[]), "Origin, Access-Control-Request-Headers"),
        VaryUpdate::Insert("Origin, Access-Control-Request-Headers")
    );
    assert_eq!(
        merge_vary(lines(&[b"Accept-Encoding"]), "Origin"),
        VaryUpdate::Replace(b"Accept-Encoding, Origin".to_vec())
    );
    for same in [
        &b"Origin"[..],
        b"origin",
        b"ORIGIN",
        b" origin ",
        b"Accept, origin",
    ] {
        assert_eq!(merge_vary(lines(&[same]), "Origin"), VaryUpdate::Keep);
    }
    for star in [&b"*"[..], b" * ", b"Accept, *"] {
        assert_eq!(merge_vary(lines(&[star]), "Origin"), VaryUpdate::Keep);
        assert_eq!(
            merge_vary(
                lines(&[b"Accept", star]),
                "Origin, Access-Control-Request-Headers"
            ),
            VaryUpdate::Keep
        );
    }
    assert_eq!(
        merge_vary(
            lines(&[b"Accept-Encoding", b"Accept-Language, Cookie"]),
            "Origin"
        ),
        VaryUpdate::Replace(b"Accept-Encoding, Accept-Language, Cookie, Origin".to_vec())
    );
    assert_eq!(
        merge_vary(lines(&[b"Accept", b"origin"]), "Origin"),
        VaryUpdate::Keep
    );
    assert_eq!(
        merge_vary(
            lines(&[b"origin"]),
            "Origin, Access-Control-Request-Headers"
        ),
        VaryUpdate::Replace(b"origin, Access-Control-Request-Headers".to_vec())
    );
    assert_eq!(
        merge_vary(
            lines(&[b"Access-Control-Request-Headers,Accept"]),
            "Origin, Access-Control-Request-Headers"
        ),
        VaryUpdate::Replace(b"Access-Control-Request-Headers, Accept, Origin".to_vec())
    );
    // Empty items are dropped, never duplicated.
    assert_eq!(
        merge_vary(lines(&[b"Accept,, ,"]), "Origin"),
        VaryUpdate::Replace(b"Accept, Origin".to_vec())
    );
    assert_eq!(
        merge_vary(lines(&[b""]), "Origin"),
        VaryUpdate::Replace(b"Origin".to_vec())
    );
    // Non-UTF-8 names are kept byte for byte.
    assert_eq!(
        merge_vary(lines(&[b"X-\xff\xfe"]), "Origin"),
        VaryUpdate::Replace(b"X-\xff\xfe, Origin".to_vec())
    );
}

#[test]
fn apply_to_headers_merges_vary_into_an_existing_response() {
    let policy = policy();
    let request = Req::get().origin(APP);
    let decision = policy.decide(&request);

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "Accept-Encoding".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(
        headers.get_all(VARY).iter().collect::<Vec<_>>(),
        ["Accept-Encoding, Origin"]
    );

    let mut headers = HeaderMap::new();
    headers.append(VARY, "Accept-Encoding".parse().unwrap());
    headers.append(VARY, "Accept-Language".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(
        headers.get_all(VARY).iter().collect::<Vec<_>>(),
        ["Accept-Encoding, Accept-Language, Origin"]
    );

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "*".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers.get_all(VARY).iter().collect::<Vec<_>>(), ["*"]);

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "origin".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers.get_all(VARY).iter().collect::<Vec<_>>(), ["origin"]);

    // Applying twice changes nothing.
    let mut headers = HeaderMap::new();
    apply_to_headers(&decision, &request, &mut headers);
    let once = headers.clone();
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers, once);
}

#[test]
fn apply_to_headers_writes_a_full_preflight() {
    let policy = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT", "PATCH"])
            .headers(["X-Api-Key", "content-type"])
            .credentials(true)
            .max_age(600)
            .private_network(true),
    );
    let request = http::Request::options("/items/1")
        .header("origin", APP)
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "x-api-key,content-type")
        .header("access-control-request-private-network", "true")
        .body(())
        .unwrap();
    let decision = policy.decide(&request);
    let headers = headers_of(&decision, &request);
    let expected: [(&str, &str); 7] = [
        ("access-control-allow-origin", APP),
        ("access-control-allow-credentials", "true"),
        ("access-control-allow-methods", "PUT, PATCH"),
        ("access-control-allow-headers", "x-api-key, content-type"),
        ("access-control-max-age", "600"),
        (ALLOW_PRIVATE_NETWORK, "true"),
        ("vary", "Origin"),
    ];
    for (name, value) in expected {
        assert_eq!(
            headers.get_all(name).iter().collect::<Vec<_>>(),
            [value],
            "{name}"
        );
    }
    assert_eq!(headers.len(), expected.len());

    // The same through request parts.
    let (parts, ()) = request.clone().into_parts();
    assert_eq!(policy.decide(&parts), decision);
}

#[test]
fn apply_to_headers_decorates_error_responses_too() {
    let policy = policy();
    let request = http::Request::delete("/items/1")
        .header("origin", APP)
        .body(())
        .unwrap();
    let mut response = http::Response::builder()
        .status(500)
        .header("vary", "accept-encoding")
        .body(())
        .unwrap();
    apply_to_headers(&policy.decide(&request), &request, response.headers_mut());
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["access-control-allow-origin"], APP);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    assert_eq!(response.headers()["vary"], "accept-encoding, Origin");
}

#[test]
fn apply_to_headers_overrides_stale_cors_headers_on_allowed_responses() {
    let policy = policy();
    let mut headers = HeaderMap::new();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, "*".parse().unwrap());
    let request = Req::get().origin(APP);
    apply_to_headers(&policy.decide(&request), &request, &mut headers);
    assert_eq!(
        headers.get_all(ACCESS_CONTROL_ALLOW_ORIGIN).iter().count(),
        1
    );
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], APP);
}

// ---- Reject reasons ----

#[test]
fn reject_reasons_have_kinds_and_display_text() {
    let cases: [(RejectReason<'_>, RejectKind, &str); 8] = [
        (
            RejectReason::OriginNotAllowed(b"https://evil.test"),
            RejectKind::Origin,
            "origin https://evil.test is not allowed",
        ),
        (
            RejectReason::OriginNotAllowed(b"https://\xff\n"),
            RejectKind::Origin,
            "origin https://\\xff\\n is not allowed",
        ),
        (
            RejectReason::OriginRepeated,
            RejectKind::Origin,
            "several Origin headers",
        ),
        (
            RejectReason::MethodNotAllowed(b"PATCH"),
            RejectKind::Method,
            "method PATCH is not allowed",
        ),
        (
            RejectReason::MethodRepeated,
            RejectKind::Method,
            "several Access-Control-Request-Method headers",
        ),
        (
            RejectReason::HeaderNotAllowed(b"x-other"),
            RejectKind::Header,
            "header x-other is not allowed",
        ),
        (
            RejectReason::HeaderMalformed(b"a\"b"),
            RejectKind::Header,
            "header name \"a\\\"b\" is malformed",
        ),
        (
            RejectReason::PrivateNetworkNotAllowed,
            RejectKind::PrivateNetwork,
            "private network access is not allowed",
        ),
    ];
    for (reason, kind, text) in cases {
        assert_eq!(reason.kind(), kind, "{reason:?}");
        assert_eq!(reason.to_string(), text);
    }
}

#[test]
fn rejected_decisions_write_only_vary() {
    let policy = policy();
    let requests = [
        Req::get().origin("https://evil.test"),
        Req::preflight("https://evil.test", "PUT"),
        Req::preflight(APP, "PATCH"),
        Req::preflight(APP, "PUT").with(RequestHeaders, "x-other"),
    ];
    for request in &requests {
        let decision = policy.decide(request);
        assert!(
            matches!(
                decision,
                Decision::ActualRejected(_) | Decision::PreflightRejected(_)
            ),
            "{decision:?}"
        );
        let headers = headers_of(&decision, request);
        assert!(has_no_cors_headers(&headers), "{headers:?}");
        assert_eq!(headers.len(), 1);
        assert_eq!(headers["vary"], "Origin");
    }
}

// ---- Same origin ----

#[test]
fn same_origin_detection() {
    let same: [(&[u8], &str, &str); 7] = [
        (b"https://api.example.com", "https", "api.example.com"),
        (b"https://api.example.com", "https", "api.example.com:443"),
        (b"http://api.example.com", "http", "api.example.com:80"),
        (b"http://localhost:8080", "http", "localhost:8080"),
        (b"https://api.example.com", "https", "API.example.com"),
        (b"http://[::1]:8080", "http", "[::1]:8080"),
        (b"http://[::1]", "http", "[::1]:80"),
    ];
    for (origin, scheme, host) in same {
        assert!(
            is_same_origin(origin, scheme, host),
            "{} {scheme} {host}",
            origin.escape_ascii()
        );
    }
    let different: [(&[u8], &str, &str); 11] = [
        (b"https://app.example.com", "https", "api.example.com"),
        (b"http://api.example.com", "https", "api.example.com"),
        (b"https://api.example.com", "http", "api.example.com"),
        (b"http://localhost", "http", "127.0.0.1"),
        (b"http://a.com:8080", "http", "a.com"),
        (b"http://a.com", "http", "a.com:8080"),
        (b"https://api.example.com/", "https", "api.example.com"),
        (
            b"https://api.example.com.evil.net",
            "https",
            "api.example.com",
        ),
        (b"null", "https", "api.example.com"),
        (b"", "https", "api.example.com"),
        (b"https:/api.example.com", "https", "api.example.com"),
    ];
    for (origin, scheme, host) in different {
        assert!(
            !is_same_origin(origin, scheme, host),
            "{} {scheme} {host}",
            origin.escape_ascii()
        );
    }
}

// ---- Section 9: misconfiguration classes ----

const SECTION_9_ORIGINS: [&str; 15] = [
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
fn assert_section_9(policy: &Policy) {
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

#[test]
fn section_9_exact_origins_with_credentials() {
    let policy = compile(
        PolicySpec::new()
            .origins(["https://example.com", "https://app.example.com"])
            .methods(["GET", "PUT"])
            .credentials(true),
    );
    assert_section_9(&policy);
}

#[test]
fn section_9_subdomain_pattern_with_credentials() {
    let policy = compile(
        PolicySpec::new()
            .origins(["https://example.com", "https://*.example.com"])
            .methods(["GET", "PUT"])
            .headers(["*"])
            .credentials(true),
    );
    assert_section_9(&policy);
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://app.example.com",
    ] {
        assert!(policy.allows_origin(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "https://a.example.com:8443",
        "http://a.example.com",
        "wss://a.example.com",
        "https://.example.com",
    ] {
        assert!(!policy.allows_origin(origin.as_bytes()), "{origin}");
    }
}

#[test]
fn reflecting_any_origin_with_credentials_cannot_be_configured() {
    let spec = PolicySpec::new()
        .origins(["*"])
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
    let spec = PolicySpec::new()
        .origins(["https://*"])
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
    let spec = PolicySpec::new()
        .origins(["null"])
        .allow_null_origin(true)
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
}
