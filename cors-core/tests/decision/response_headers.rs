//! Sections 5, 6 and 8: `Access-Control-Expose-Headers`, `Access-Control-Max-Age`, private
//! network access, and the preflight status.

use super::support::*;
use cors_core::PolicySpec;
use cors_core::glue::CorsRequestHeader::RequestPrivateNetwork;
use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE,
};

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

    // Not opted in (the default; the feature is legacy): the preflight is answered as any
    // other, without the private-network header, so a browser that sends it without
    // enforcing it is not refused.
    let policy = compile(PolicySpec::new().origins([APP]).methods(["PUT"]));
    let decision = policy.decide(&asking);
    assert!(!preflight_allowed(decision).allow_private_network);
    let headers = headers_of(&decision, &asking);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(APP.as_bytes())
    );
    assert!(headers.get(ALLOW_PRIVATE_NETWORK).is_none());
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
