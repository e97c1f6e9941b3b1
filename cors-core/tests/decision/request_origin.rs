//! Section 1: the request's `Origin`: repeated or malformed values are rejected.

use super::support::*;
use cors_core::PolicySpec;
use cors_core::glue::CorsRequestHeader::Origin;
use cors_core::glue::{Decision, RejectReason};

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
