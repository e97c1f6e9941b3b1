//! Dynamic origins: what an origin predicate is asked about ([`Decision::unlisted_origin`]) and
//! how its yes is decided ([`Policy::decide_granting`]).

use super::support::*;
use cors_core::glue::{AllowOriginValue, Decision, RejectReason};
use cors_core::{Origin, PolicySpec};

const TENANT: &str = "https://shop.tenant.example";

#[test]
fn only_one_exact_unlisted_origin_is_asked_about() {
    let policy = policy();
    let asked = |request: &Req| policy.decide(request).unlisted_origin();
    assert_eq!(asked(&Req::get().origin(TENANT)).unwrap().as_str(), TENANT);
    assert_eq!(
        asked(&Req::preflight(TENANT, "PATCH")).unwrap().as_str(),
        TENANT
    );
    for never in [
        Req::get().origin(APP),
        Req::get(),
        Req::get().origin(TENANT).origin(TENANT),
        Req::get().origin("null"),
        Req::get().origin("https://shop.tenant.example/"),
        Req::get().origin("https://*.tenant.example"),
        Req::get().origin("http://localhost:*"),
        Req::get().origin(""),
        Req::get().origin(b"https://shop.tenant.example\xff"),
        // Listed, refused for its method: the origin is not the reason.
        Req::preflight(APP, "PATCH"),
    ] {
        assert_eq!(asked(&never), None, "{never:?}");
    }
}

#[test]
fn a_granted_origin_is_echoed_and_judged_by_the_rest_of_the_policy() {
    let policy = policy();
    let tenant = Origin::parse(TENANT).unwrap();
    let request = Req::get().origin(TENANT);
    let actual = actual_allowed(policy.decide_granting(&request, Some(&tenant)));
    assert_eq!(
        actual.allow_origin,
        AllowOriginValue::Matched(TENANT.as_bytes())
    );
    assert!(actual.allow_credentials);
    assert_eq!(actual.vary, Some("Origin"));
    let preflight = Req::preflight(TENANT, "PATCH");
    assert_eq!(
        preflight_rejected(policy.decide_granting(&preflight, Some(&tenant))),
        RejectReason::MethodNotAllowed(b"PATCH")
    );
    // Granting one origin allows no other, and a no is `decide`'s answer.
    let other = Req::get().origin("https://other.tenant.example");
    assert_eq!(
        actual_rejected(policy.decide_granting(&other, Some(&tenant))),
        RejectReason::OriginNotAllowed(b"https://other.tenant.example")
    );
    assert_eq!(
        policy.decide_granting(&request, None),
        policy.decide(&request)
    );
    // A repeated Origin stays refused, granted or not.
    let repeated = Req::get().origin(TENANT).origin(TENANT);
    assert_eq!(
        actual_rejected(policy.decide_granting(&repeated, Some(&tenant))),
        RejectReason::OriginRepeated
    );
}

#[test]
fn an_empty_list_with_a_predicate_allows_nothing_by_itself() {
    let policy = PolicySpec::new()
        .methods(["GET"])
        .dynamic_origins(true)
        .compile()
        .unwrap();
    let request = Req::get().origin(TENANT);
    let decision = policy.decide(&request);
    assert!(matches!(decision, Decision::ActualRejected(_)));
    assert_eq!(decision.vary(), Some("Origin"));
    assert_eq!(decision.unlisted_origin().unwrap().as_str(), TENANT);
    // Without `Origin`, still not a CORS request, varying on `Origin`.
    assert_eq!(
        policy.decide(&Req::get()),
        Decision::NotCors {
            vary: Some("Origin")
        }
    );
}
