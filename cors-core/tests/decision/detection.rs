//! Section 3: telling a preflight from an actual request and from a request that is not CORS,
//! reading each request header at most once.

use super::support::*;
use cors_core::PolicySpec;
use cors_core::glue::CorsRequestHeader::{
    self, Origin, RequestHeaders, RequestMethod, RequestPrivateNetwork,
};
use cors_core::glue::{Actual, AllowOriginValue, Decision, RejectReason, RequestView};
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, VARY};

#[test]
fn options_with_origin_and_request_method_is_a_preflight() {
    let policy = policy();
    let request = Req::preflight(APP, "PUT");
    let preflight = preflight_allowed(policy.decide(&request));
    assert_eq!(
        preflight.allow_origin,
        AllowOriginValue::Exact {
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
        AllowOriginValue::Exact {
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
                allow_origin: AllowOriginValue::Any,
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
        AllowOriginValue::Any
    );
    // A repeated `Origin` is still malformed, and refused.
    let request = Req::get().origin(APP).origin(APP);
    assert_eq!(
        actual_rejected(policy.decide(&request)),
        RejectReason::OriginRepeated
    );
}
