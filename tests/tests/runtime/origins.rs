//! Which origins are allowed: `null` only when opted in, the section 9 misconfiguration classes
//! never, patterns by whole labels, and repeated, malformed or non-UTF-8 values never panic.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use cors_actix::Cors;

#[actix_web::test]
async fn null_origin_is_allowed_only_when_opted_in() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins([APP, "null"])
        .allow_null_origin(true)
        .methods(["GET"])
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, get("/items", "null").to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "null"
    );
    let response = test::call_service(&app, preflight("/items", "null", "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "null"
    );
}

/// docs/protocol.md section 9: none of these may get `Access-Control-Allow-Origin` or
/// `-Credentials`, and every answer still varies on `Origin`.
#[actix_web::test]
async fn misconfiguration_classes_never_get_cors_headers() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins(["https://example.com", "https://app.example.com"])
        .methods(["GET", "PUT"])
        .credentials(true)
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let hostile: Vec<&str> = SECTION9_ORIGINS
        .iter()
        .copied()
        .chain([
            // Not as browsers serialize: never byte-identical to a configured origin.
            "https://example.com/",
            "https://EXAMPLE.com",
            "https://example.com:443",
            "https://example.com, https://app.example.com",
            " https://example.com",
        ])
        .collect();
    for &origin in &hostile {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK, "{origin}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");

        let response =
            test::call_service(&app, preflight("/items", origin, "PUT").to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");
    }
    assert_eq!(hits.count(), hostile.len());

    // The configured origins themselves still work.
    for origin in ["https://example.com", "https://app.example.com"] {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").unwrap(),
            origin
        );
    }
}

#[actix_web::test]
async fn subdomain_patterns_match_whole_labels_only() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins(["https://*.example.com"])
        .methods(["GET"])
        .credentials(true)
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    for origin in ["https://a.example.com", "https://a.b.example.com"] {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").unwrap(),
            origin
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").unwrap(),
            "true"
        );
    }
    for origin in [
        "https://example.com",
        "https://evilexample.com",
        "http://a.example.com",
        "https://a.example.com:8443",
        "https://a.example.com.evil.net",
        "https://A.example.com",
        "https://a.example.com@evil.net",
        "https://.example.com",
    ] {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");
    }
}

#[actix_web::test]
async fn repeated_and_malformed_origins_are_not_allowed() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let requests = [
        get("/items", APP).append_header(("origin", APP)),
        get("/items", APP).append_header(("origin", EVIL)),
        get("/items", ""),
        TestRequest::get()
            .uri("/items")
            .insert_header(("origin", raw(b"https://app.example.com\xff"))),
        TestRequest::get()
            .uri("/items")
            .insert_header(("origin", raw(b"\x80\xfe\xff"))),
    ];
    for request in requests {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
    }
    assert_eq!(hits.count(), 5);
}

#[actix_web::test]
async fn non_utf8_header_bytes_never_panic() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let cases = [
        (
            preflight("/items", APP, "PUT").insert_header(("origin", raw(b"https://\xffevil.com"))),
            "CORS preflight rejected: origin https://\\xffevil.com is not allowed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-method", raw(b"P\xffT"))),
            "CORS preflight rejected: method P\\xffT is not allowed",
        ),
        (
            preflight("/items", APP, "PUT").insert_header((
                "access-control-request-headers",
                raw(b"x-api-key, x-\xe9t\xe9"),
            )),
            "CORS preflight rejected: header name \"x-\\xe9t\\xe9\" is malformed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-private-network", raw(b"\xff"))),
            "",
        ),
    ];
    for (request, expected) in cases {
        let response = test::call_service(&app, request.to_request()).await;
        if expected.is_empty() {
            // Anything but `true` does not ask for private network access.
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
        } else {
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_eq!(body(response).await, expected);
        }
    }
}
