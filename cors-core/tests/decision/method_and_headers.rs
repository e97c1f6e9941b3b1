//! Sections 2 and 3: what a preflight asks for: `Access-Control-Request-Headers` parsed
//! leniently, several lines as one list, methods, and `Authorization`.

use super::support::*;
use cors_core::PolicySpec;
use cors_core::glue::CorsRequestHeader::{Origin, RequestHeaders, RequestMethod};
use cors_core::glue::{AllowHeadersValue, RejectReason};
use http::header::{ACCESS_CONTROL_ALLOW_HEADERS, VARY};

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
            AllowHeadersValue::List("x-api-key, content-type"),
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
        AllowHeadersValue::List("x-api-key, content-type")
    );
    let headers = answer(&listed, &request);
    assert_eq!(
        headers[ACCESS_CONTROL_ALLOW_HEADERS],
        "x-api-key, content-type"
    );

    // `*` echoes every line's names, joined into one value.
    let request = split();
    let decision = any.decide(&request);
    let AllowHeadersValue::Echo(echoed) = preflight_allowed(decision).allow_headers else {
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
        AllowHeadersValue::List("x-api-key, content-type")
    );
    let decision = any.decide(&request);
    let AllowHeadersValue::Echo(echoed) = preflight_allowed(decision).allow_headers else {
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
    assert_eq!(preflight.allow_headers, AllowHeadersValue::None);
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
        AllowHeadersValue::List("authorization")
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
        let AllowHeadersValue::Echo(echoed) = preflight.allow_headers else {
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
            AllowHeadersValue::None
        );
        // Malformed names are still refused.
        let request = Req::preflight(APP, "PUT").with(RequestHeaders, "a b");
        assert_eq!(
            preflight_rejected(policy.decide(&request)),
            RejectReason::HeaderMalformed(b"a b")
        );
    }
}
