//! Section 4: `Access-Control-Allow-Origin` (star, configured or echoed origin, `null`) and
//! `Access-Control-Allow-Credentials`.

use super::support::*;
use cors_core::glue::{AllowOriginValue, RejectReason};
use cors_core::{Policy, PolicySpec};
use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, VARY};

#[test]
fn any_origin_answers_star_and_exact_lists_echo_the_configured_origin() {
    let any = any_origin();
    let request = Req::get().origin("https://whoever.test");
    let actual = actual_allowed(any.decide(&request));
    assert_eq!(actual.allow_origin, AllowOriginValue::Any);
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
        AllowOriginValue::Exact {
            origin: APP,
            index: 0
        }
    );
    // The configured bytes are sent, not the request's.
    let AllowOriginValue::Exact { origin: sent, .. } = actual.allow_origin else {
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
    let exact = policy.origins().exact();
    for origin in origins {
        let request = Req::get().origin(origin);
        let AllowOriginValue::Exact {
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
    assert!(!policy.origins().is_any(), "not a list");
    policy.origins().exact()[0].as_ptr()
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
        AllowOriginValue::Matched(b"https://a.b.example.com")
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
    assert_eq!(actual.allow_origin, AllowOriginValue::Null);
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
