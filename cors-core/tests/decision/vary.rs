//! Section 7: the `Vary` each policy and request kind needs, and `merge_vary`.

use super::support::*;
use cors_core::PolicySpec;
use cors_core::glue::{VaryUpdate, merge_vary};

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
