//! Reject reasons: their kinds and texts, and the headers a rejected decision writes.

use super::support::*;
use cors_core::glue::CorsRequestHeader::RequestHeaders;
use cors_core::glue::{Decision, RejectKind, RejectReason};

#[test]
fn reject_reasons_have_kinds_and_display_text() {
    let cases: [(RejectReason<'_>, RejectKind, &str); 7] = [
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
