//! The runtime `Cors` middleware (and the route pieces the `#[cors]` attribute expands to),
//! end to end through actix-web's test utilities.

mod support;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{AppService, HttpServiceFactory, Service, ServiceRequest, ServiceResponse};
use actix_web::error::{ErrorInternalServerError, ErrorUnauthorized, InternalError};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{self, TestRequest};
use actix_web::{App, Error, HttpResponse, HttpServer, guard, web};
use cors_actix::__private::{RouteCors, register_preflight};
use cors_actix::{Cors, CorsBuilder, ErrorKind, Field, OriginErrorKind, Policy, PolicySpec};
use serde::Deserialize;
use support::*;

const APP: &str = "https://app.example.com";
/// Matches `https://*.partner.example`.
const PARTNER: &str = "https://shop.partner.example";
const EVIL: &str = "https://evil.com";

/// A typical credentialed policy.
fn policy() -> CorsBuilder {
    Cors::builder()
        .allowed_origins([APP, "https://*.partner.example"])
        .allowed_methods(["GET", "POST", "PUT", "DELETE"])
        .allowed_headers(["content-type", "x-api-key"])
        .expose_headers(["x-request-id"])
        .credentials(true)
        .max_age(600)
}

/// An app wrapped in `cors`, with counted GET and POST handlers on `/items`.
async fn app(
    cors: Cors,
    hits: &Hits,
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = Error>
{
    test::init_service(
        App::new()
            .app_data(hits.data())
            .wrap(cors)
            .route("/items", web::get().to(counted))
            .route("/items", web::post().to(counted)),
    )
    .await
}

#[actix_web::test]
async fn allowed_preflight_is_answered_without_calling_the_handler() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let request = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-headers", "content-type,x-api-key"))
        .to_request();
    let response = test::call_service(&app, request).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET, POST, PUT, DELETE"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "content-type, x-api-key"
    );
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "600");
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );
    assert_eq!(header(&response, "access-control-expose-headers"), None);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(body(response).await, "");
    assert_eq!(hits.count(), 0);
}

#[actix_web::test]
async fn preflight_from_a_pattern_origin_echoes_it() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response =
        test::call_service(&app, preflight("/items", PARTNER, "DELETE").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );
}

#[actix_web::test]
async fn preflight_for_any_origin_without_credentials_sends_a_star() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .allow_any_origin()
        .allowed_method("PUT")
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, preflight("/items", EVIL, "PUT").to_request()).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "PUT"
    );
    assert_eq!(header(&response, "access-control-allow-headers"), None);
    assert_eq!(header(&response, "access-control-max-age"), None);
    // A fixed `*` answer does not depend on the origin.
    assert_eq!(header(&response, "vary"), None);
}

#[actix_web::test]
async fn preflight_with_any_header_echoes_the_request_headers() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .allowed_origin(APP)
        .allowed_method("PUT")
        .allow_any_header()
        .credentials(true)
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let request = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-headers", "Authorization, X-Custom"))
        .to_request();
    let response = test::call_service(&app, request).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "Authorization, X-Custom"
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Origin, Access-Control-Request-Headers"]
    );
}

#[actix_web::test]
async fn safelisted_methods_pass_a_preflight_even_when_not_listed() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .allowed_origin(APP)
        .allowed_method("PUT")
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "PUT"
    );
}

#[actix_web::test]
async fn rejected_preflights_are_403_with_the_reason_and_no_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let cases = [
        (
            preflight("/items", EVIL, "GET"),
            "CORS preflight rejected: origin https://evil.com is not allowed",
        ),
        (
            preflight("/items", APP, "PATCH"),
            "CORS preflight rejected: method PATCH is not allowed",
        ),
        (
            // Method matching is case-sensitive.
            preflight("/items", APP, "put"),
            "CORS preflight rejected: method put is not allowed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-headers", "content-type, x-foo")),
            "CORS preflight rejected: header x-foo is not allowed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-headers", "x(foo")),
            "CORS preflight rejected: header name \"x(foo\" is malformed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-private-network", "true")),
            "CORS preflight rejected: private network access is not allowed",
        ),
        (
            preflight("/items", APP, "PUT").append_header(("origin", APP)),
            "CORS preflight rejected: several Origin headers",
        ),
        (
            preflight("/items", APP, "PUT").append_header(("access-control-request-method", "PUT")),
            "CORS preflight rejected: several Access-Control-Request-Method headers",
        ),
    ];
    for (request, expected) in cases {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{expected}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{expected}");
        assert!(
            header(&response, "content-type")
                .unwrap()
                .starts_with("text/plain")
        );
        assert_eq!(
            header(&response, "x-content-type-options").unwrap(),
            "nosniff"
        );
        assert_eq!(body(response).await, expected);
    }
    assert_eq!(hits.count(), 0);
}

#[actix_web::test]
async fn preflight_status_is_configurable() {
    let hits = Hits::default();
    let app = app(policy().preflight_status(200).build().unwrap(), &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(body(response).await, "");
}

#[actix_web::test]
async fn private_network_access_is_answered_only_when_opted_in_and_requested() {
    let hits = Hits::default();
    let app = app(policy().private_network(true).build().unwrap(), &hits).await;

    let requested = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-private-network", "true"))
        .to_request();
    let response = test::call_service(&app, requested).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-private-network").unwrap(),
        "true"
    );

    let not_requested = preflight("/items", APP, "PUT").to_request();
    let response = test::call_service(&app, not_requested).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );
}

#[actix_web::test]
async fn max_age_is_sent_only_when_configured() {
    let hits = Hits::default();
    let without = Cors::builder()
        .allowed_origin(APP)
        .allowed_method("PUT")
        .build()
        .unwrap();
    let app = app(without, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(header(&response, "access-control-max-age"), None);

    let zero = Cors::builder()
        .allowed_origin(APP)
        .allowed_method("PUT")
        .max_age(0)
        .build()
        .unwrap();
    let app = self::app(zero, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "0");
}

#[actix_web::test]
async fn allowed_actual_requests_reach_the_handler_and_get_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    for origin in [APP, PARTNER] {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [origin]
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").unwrap(),
            "true"
        );
        assert_eq!(
            header(&response, "access-control-expose-headers").unwrap(),
            "x-request-id"
        );
        assert_eq!(header(&response, "access-control-allow-methods"), None);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert_eq!(body(response).await, "ok");
    }
    assert_eq!(hits.count(), 2);
}

#[actix_web::test]
async fn disallowed_actual_requests_reach_the_handler_without_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response = test::call_service(&app, get("/items", EVIL).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(hits.count(), 1);
}

#[actix_web::test]
async fn requests_without_origin_only_get_vary() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response = test::call_service(&app, TestRequest::get().uri("/items").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    // OPTIONS with an ACRM but no Origin is not a preflight either.
    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/items")
            .insert_header(("access-control-request-method", "GET"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_no_cors(&response);
    assert_eq!(hits.count(), 1);
}

#[actix_web::test]
async fn any_origin_sends_a_star_and_no_vary() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .allow_any_origin()
        .allowed_method("GET")
        .expose_headers(["*"])
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, get("/items", EVIL).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    assert_eq!(
        header(&response, "access-control-expose-headers").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "vary"), None);

    // Without `Origin` the answer is the same `*` (docs/protocol.md section 7), so a cached
    // copy also serves cross-origin requests; error responses (404 here) too.
    for (path, status) in [
        ("/items", StatusCode::OK),
        ("/missing", StatusCode::NOT_FOUND),
    ] {
        let response = test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), status);
        assert_eq!(header_all(&response, "access-control-allow-origin"), ["*"]);
        assert_eq!(
            header(&response, "access-control-expose-headers").unwrap(),
            "*"
        );
        assert_eq!(header(&response, "access-control-allow-credentials"), None);
        assert_eq!(header(&response, "vary"), None);
    }
}

#[actix_web::test]
async fn request_headers_split_over_several_lines_are_one_list() {
    let hits = Hits::default();
    let split = |path| {
        preflight(path, APP, "PUT")
            .append_header(("access-control-request-headers", "authorization,"))
            .append_header(("access-control-request-headers", " "))
            .append_header(("access-control-request-headers", " X-Custom"))
            .to_request()
    };
    // `*` echoes the whole list, joined, with credentials too.
    let echo = Cors::builder()
        .allowed_origin(APP)
        .allowed_method("PUT")
        .allow_any_header()
        .credentials(true)
        .build()
        .unwrap();
    let service = app(echo, &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header_all(&response, "access-control-allow-headers"),
        ["authorization, X-Custom"]
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Origin, Access-Control-Request-Headers"]
    );

    // A list judges every name of every line.
    let listed = |names: &[&str]| {
        Cors::builder()
            .allowed_origin(APP)
            .allowed_method("PUT")
            .allowed_headers(names.iter().copied())
            .build()
            .unwrap()
    };
    let service = app(listed(&["authorization", "x-custom"]), &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "authorization, x-custom"
    );
    let service = app(listed(&["authorization"]), &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
    let body = test::read_body(response).await;
    assert_eq!(
        body,
        "CORS preflight rejected: header X-Custom is not allowed"
    );
    assert_eq!(hits.count(), 0);
}

#[actix_web::test]
async fn null_origin_is_allowed_only_when_opted_in() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .allowed_origins([APP, "null"])
        .allow_null_origin(true)
        .allowed_method("GET")
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
        .allowed_origins(["https://example.com", "https://app.example.com"])
        .allowed_methods(["GET", "PUT"])
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
        .allowed_origin("https://*.example.com")
        .allowed_method("GET")
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

/// A handler answering with the given `Vary` lines.
fn with_vary(
    lines: &'static [&'static str],
) -> impl Fn() -> std::future::Ready<HttpResponse> + Clone {
    move || {
        let mut response = HttpResponse::Ok();
        for line in lines {
            response.append_header(("vary", *line));
        }
        std::future::ready(response.finish())
    }
}

#[actix_web::test]
async fn vary_is_merged_never_replaced_or_duplicated() {
    let app = test::init_service(
        App::new()
            .wrap(policy().build().unwrap())
            .route("/encoding", web::get().to(with_vary(&["Accept-Encoding"])))
            .route("/origin", web::get().to(with_vary(&["origin"])))
            .route("/star", web::get().to(with_vary(&["*"])))
            .route(
                "/lines",
                web::get().to(with_vary(&["Accept-Encoding", "Accept-Language, Origin"])),
            )
            .route(
                "/two",
                web::get().to(with_vary(&["Accept-Encoding", "Accept-Language"])),
            ),
    )
    .await;
    let cases: [(&str, Option<&str>, &[&str]); 9] = [
        ("/encoding", Some(APP), &["Accept-Encoding, Origin"]),
        ("/encoding", Some(EVIL), &["Accept-Encoding, Origin"]),
        ("/encoding", None, &["Accept-Encoding, Origin"]),
        ("/origin", Some(APP), &["origin"]),
        ("/origin", None, &["origin"]),
        ("/star", Some(APP), &["*"]),
        ("/star", Some(EVIL), &["*"]),
        (
            "/lines",
            Some(APP),
            &["Accept-Encoding", "Accept-Language, Origin"],
        ),
        (
            "/two",
            Some(APP),
            &["Accept-Encoding, Accept-Language, Origin"],
        ),
    ];
    for (path, origin, vary) in cases {
        let request = match origin {
            Some(origin) => get(path, origin),
            None => TestRequest::get().uri(path),
        };
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(header_all(&response, "vary"), vary, "{path} {origin:?}");
    }
}

#[actix_web::test]
async fn strict_mode_refuses_disallowed_origins_before_the_handler() {
    let hits = Hits::default();
    let app = app(policy().strict(true).build().unwrap(), &hits).await;

    for request in [
        request(Method::POST, "/items", EVIL),
        get("/items", EVIL),
        // A repeated Origin cannot be the request's own.
        get("/items", APP).append_header(("origin", APP)),
        // Same host, other scheme.
        request(Method::POST, "/items", "https://api.example.com")
            .insert_header(("host", "api.example.com")),
    ] {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert!(
            header(&response, "content-type")
                .unwrap()
                .starts_with("text/plain")
        );
        assert!(body(response).await.starts_with("CORS request rejected: "));
    }
    assert_eq!(hits.count(), 0);

    let response =
        test::call_service(&app, request(Method::POST, "/items", EVIL).to_request()).await;
    assert_eq!(
        body(response).await,
        "CORS request rejected: origin https://evil.com is not allowed"
    );

    // Browsers send Origin on same-origin POSTs too: those pass, without CORS headers.
    let same_origin = request(Method::POST, "/items", "http://api.example.com")
        .insert_header(("host", "api.example.com"))
        .to_request();
    let response = test::call_service(&app, same_origin).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(hits.count(), 1);

    // Allowed origins and requests without Origin are unaffected.
    let response = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    let response = test::call_service(&app, TestRequest::get().uri("/items").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(hits.count(), 3);
}

#[derive(Deserialize)]
struct Item {
    #[allow(dead_code)]
    name: String,
}

async fn create(_: web::Json<Item>) -> HttpResponse {
    HttpResponse::Created().finish()
}

async fn fail() -> Result<HttpResponse, Error> {
    Err(ErrorInternalServerError("boom"))
}

async fn deny(
    _: ServiceRequest,
    _: Next<impl MessageBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    Err(ErrorUnauthorized("no token"))
}

#[actix_web::test]
async fn error_responses_are_decorated() {
    let app = test::init_service(
        App::new()
            .wrap(policy().build().unwrap())
            .route("/fail", web::get().to(fail))
            .route("/json", web::post().to(create))
            .service(
                web::scope("/guarded")
                    .wrap(from_fn(deny))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;

    let response = test::call_service(&app, get("/fail", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let bad_json = request(Method::POST, "/json", APP)
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json")
        .to_request();
    let response = test::call_service(&app, bad_json).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let good_json = request(Method::POST, "/json", APP)
        .insert_header(("content-type", "application/json"))
        .set_payload(r#"{"name":"x"}"#)
        .to_request();
    let response = test::call_service(&app, good_json).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response = test::call_service(&app, get("/missing", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    // An inner middleware's error stays an error (still downcastable) and the response actix
    // renders from it carries the headers.
    let Err(error) = test::try_call_service(&app, get("/guarded/items", APP).to_request()).await
    else {
        panic!("the inner middleware fails");
    };
    assert!(error.as_error::<InternalError<&str>>().is_some());
    let response = error.error_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        APP
    );
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .unwrap(),
        "true"
    );
    assert_eq!(response.headers().get("vary").unwrap(), "Origin");
    // Rendering twice does not duplicate anything.
    let again = error.error_response();
    assert_eq!(again.headers().get_all("vary").count(), 1);

    // From a disallowed origin, the error response only varies.
    let Err(error) = test::try_call_service(&app, get("/guarded/items", EVIL).to_request()).await
    else {
        panic!("the inner middleware fails");
    };
    let response = error.error_response();
    assert_eq!(response.headers().get("access-control-allow-origin"), None);
    assert_eq!(response.headers().get("vary").unwrap(), "Origin");
}

async fn item(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("item {id}"))
}

#[actix_web::test]
async fn wraps_scopes_and_resources_with_dynamic_segments() {
    let hits = Hits::default();
    let cors = policy().build().unwrap();
    let app = test::init_service(
        App::new()
            .app_data(hits.data())
            .service(
                web::scope("/api")
                    .wrap(cors.clone())
                    .route("/items/{id}", web::get().to(item))
                    .route("/items/{id}", web::put().to(item)),
            )
            .service(
                web::resource("/single")
                    .wrap(cors)
                    .route(web::get().to(counted)),
            )
            .route("/public", web::get().to(counted)),
    )
    .await;

    let response =
        test::call_service(&app, preflight("/api/items/42", APP, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response =
        test::call_service(&app, request(Method::PUT, "/api/items/7", APP).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(body(response).await, "item 7");

    // A path the scope does not route is still answered by its middleware.
    let response = test::call_service(&app, get("/api/nothing", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response =
        test::call_service(&app, preflight("/single", PARTNER, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );
    let response = test::call_service(&app, get("/single", PARTNER).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );

    // Outside the wrapped services nothing changes.
    let response = test::call_service(&app, get("/public", APP).to_request()).await;
    assert_no_cors(&response);
    assert_eq!(header(&response, "vary"), None);
    assert_eq!(hits.count(), 2);
}

#[actix_web::test]
async fn plain_options_reaches_the_applications_own_handler() {
    let app = test::init_service(App::new().wrap(policy().build().unwrap()).route(
        "/items",
        web::method(Method::OPTIONS).to(|| async {
            HttpResponse::Ok()
                .insert_header(("allow", "GET, OPTIONS"))
                .body("custom options")
        }),
    ))
    .await;
    // OPTIONS + Origin without Access-Control-Request-Method is an actual request.
    let response =
        test::call_service(&app, request(Method::OPTIONS, "/items", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "allow").unwrap(), "GET, OPTIONS");
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(header(&response, "access-control-allow-methods"), None);
    assert_eq!(body(response).await, "custom options");

    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/items")
            .to_request(),
    )
    .await;
    assert_eq!(body(response).await, "custom options");
}

#[test]
fn cors_is_shared_across_server_workers() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Cors>();

    let cors = policy().build().unwrap();
    let copy = cors.clone();
    assert!(
        std::ptr::eq(cors.policy(), copy.policy()),
        "clones share one policy"
    );
    // Building the server checks the factory's bounds; it is never bound or run.
    let _server = HttpServer::new(move || {
        App::new()
            .wrap(cors.clone())
            .route("/", web::get().to(HttpResponse::Ok))
    });
}

#[test]
fn builder_and_spec_compile_to_the_same_policy() {
    let built = policy().build().unwrap();
    let spec = PolicySpec::new()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET", "POST", "PUT", "DELETE"])
        .headers(["content-type", "x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600);
    assert_eq!(policy().spec(), &spec);
    let from_spec = Cors::from_spec(spec.clone()).unwrap();
    assert_eq!(built.policy(), from_spec.policy());
    assert_eq!(
        Cors::from_policy(spec.compile().unwrap()).policy(),
        built.policy()
    );
    assert_eq!(
        cors_actix::CorsBuilder::from(spec)
            .build()
            .unwrap()
            .policy(),
        built.policy()
    );
    assert_eq!(built.policy().allow_methods(), "GET, POST, PUT, DELETE");
}

/// Every rule of the validation, as the runtime builder reports it.
#[test]
fn invalid_configurations_return_the_documented_error_kind() {
    use ErrorKind as K;
    use Field as F;
    use OriginErrorKind as O;
    let methods = || Cors::builder().allowed_method("GET");
    let origin = || methods().allowed_origin(APP);

    assert_error(methods(), F::Origins, None, K::EmptyOrigins);
    assert_error(
        Cors::builder().allowed_origin(APP),
        F::Methods,
        None,
        K::EmptyMethods,
    );
    let any = || methods().allow_any_origin();
    assert_error(
        any().credentials(true),
        F::Origins,
        Some(0),
        K::WildcardOriginWithCredentials,
    );
    assert_error(
        any().allow_null_origin(true),
        F::AllowNullOrigin,
        None,
        K::NullOriginWithWildcard,
    );
    assert_error(
        methods().allowed_origins([APP, "*"]),
        F::Origins,
        Some(1),
        K::WildcardMixed,
    );
    assert_error(
        origin().allowed_origin(APP),
        F::Origins,
        Some(1),
        K::Duplicate,
    );

    let null = || methods().allowed_origin("null");
    assert_error(null(), F::Origins, Some(0), K::NullOriginNotEnabled);
    let credentialed_null = null().allow_null_origin(true).credentials(true);
    assert_error(
        credentialed_null,
        F::Origins,
        Some(0),
        K::NullOriginWithCredentials,
    );
    assert_error(
        origin().allow_null_origin(true),
        F::AllowNullOrigin,
        None,
        K::NullOriginNotListed,
    );

    for (input, kind) in [
        ("", O::Empty),
        (" https://a.com", O::Whitespace),
        ("https://a.com, https://b.com", O::SeveralOrigins),
        ("example.com", O::MissingScheme),
        ("ht_tp://a.com", O::InvalidScheme),
        ("https://a.com/", O::Path),
        ("https://a.com/app", O::Path),
        ("https://a.com?x=1", O::QueryOrFragment),
        ("https://user@a.com", O::Userinfo),
        ("https://App.com", O::Uppercase),
        ("NULL", O::Uppercase),
        ("https://a.com:443", O::DefaultPort),
        ("http://a.com:80", O::DefaultPort),
        ("https://a.com:70000", O::PortOutOfRange),
        ("https://a.com:08", O::InvalidPort),
        ("https://a.com:", O::InvalidPort),
        ("https://", O::InvalidHost),
        ("https://bücher.de", O::NonAsciiHost),
        ("https://*", O::WildcardAlone),
        ("https://*.com", O::WildcardAboveTopLevel),
        ("https://a*.example.com", O::WildcardInLabel),
        ("*://example.com", O::WildcardInScheme),
        ("https://example.com:*", O::WildcardInPort),
        ("https://*.*.example.com", O::MultipleWildcards),
    ] {
        assert_error(
            methods().allowed_origin(input),
            F::Origins,
            Some(0),
            K::Origin(kind),
        );
    }

    for (method, kind) in [
        ("GE T", K::InvalidMethod),
        ("put", K::LowercaseMethod),
        ("*", K::WildcardMethod),
        ("GET", K::Duplicate),
    ] {
        assert_error(origin().allowed_method(method), F::Methods, Some(1), kind);
    }

    for (name, kind) in [
        ("x api", K::InvalidHeaderName),
        ("x-a:", K::InvalidHeaderName),
        ("Cookie", K::ForbiddenRequestHeader),
        ("sec-fetch-mode", K::ForbiddenRequestHeader),
        ("Proxy-Authorization", K::ForbiddenRequestHeader),
        ("X-Api-Key", K::Duplicate),
        ("*", K::WildcardMixed),
    ] {
        let builder = origin().allowed_header("x-api-key").allowed_header(name);
        assert_error(builder, F::Headers, Some(1), kind);
    }

    for (name, kind) in [
        ("x b", K::InvalidHeaderName),
        ("set-cookie", K::ForbiddenResponseHeader),
        ("X-Request-Id", K::Duplicate),
        ("*", K::WildcardMixed),
    ] {
        let builder = origin().expose_header("x-request-id").expose_header(name);
        assert_error(builder, F::Expose, Some(1), kind);
    }
    let star = origin().expose_headers(["*"]).credentials(true);
    assert_error(star, F::Expose, Some(0), K::WildcardExposeWithCredentials);

    assert_error(origin().max_age(86_401), F::MaxAge, None, K::MaxAgeTooLarge);
    for status in [199, 302, 404] {
        let builder = origin().preflight_status(status);
        assert_error(
            builder,
            F::PreflightStatus,
            None,
            K::PreflightStatusOutOfRange,
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let errors = Cors::builder()
        .allowed_origins(["*", "https://App.example.com/"])
        .allowed_methods(["get"])
        .credentials(true)
        .max_age(100_000)
        .build()
        .unwrap_err();
    for kind in [
        ErrorKind::WildcardMixed,
        ErrorKind::WildcardOriginWithCredentials,
        ErrorKind::Origin(OriginErrorKind::Path),
        ErrorKind::LowercaseMethod,
        ErrorKind::MaxAgeTooLarge,
    ] {
        assert!(errors.contains(kind), "{kind:?} missing from {errors}");
    }
    let shown = errors.to_string();
    assert!(
        shown.starts_with("invalid CORS policy (5 problems)"),
        "{shown}"
    );
    assert!(shown.contains("- methods[0]: "), "{shown}");
    assert!(shown.contains("write \"GET\""), "{shown}");
}

#[test]
fn rejections_are_logged_at_debug_with_what_was_asked_and_allowed() {
    let events = capture_events(|| async {
        let hits = Hits::default();
        let app = app(policy().build().unwrap(), &hits).await;
        let request = preflight("/items", APP, "PUT")
            .insert_header(("access-control-request-headers", "content-type, x-foo"))
            .to_request();
        test::call_service(&app, request).await;
        let request = get("/items", "x")
            .insert_header(("origin", raw(b"https://\xffevil.com")))
            .to_request();
        test::call_service(&app, request).await;
        // Allowed requests log nothing.
        test::call_service(&app, get("/items", APP).to_request()).await;
        test::call_service(&app, preflight("/items", APP, "GET").to_request()).await;
    });
    assert_eq!(events.len(), 2, "{events:#?}");

    let header = &events[0];
    assert_eq!(header["level"], "DEBUG");
    assert_eq!(header["target"], "cors_actix::log");
    assert_eq!(header["reason"], "header x-foo is not allowed");
    assert_eq!(header["kind"], "Header");
    assert_eq!(header["origin"], APP);
    assert_eq!(
        header["allowed_origins"],
        "https://app.example.com, https://*.partner.example"
    );
    assert_eq!(header["method"], "OPTIONS");
    assert_eq!(header["requested_method"], "PUT");
    assert_eq!(header["requested_headers"], "content-type, x-foo");
    assert_eq!(header["path"], "/items");
    assert_eq!(header["outcome"], "preflight answered 403");

    let origin = &events[1];
    assert_eq!(
        origin["reason"],
        "origin https://\\xffevil.com is not allowed"
    );
    assert_eq!(origin["origin"], "https://\\xffevil.com");
    assert_eq!(origin["requested_method"], "-");
    assert_eq!(
        origin["outcome"],
        "handler runs, response gets no CORS headers"
    );
}

/// What the `#[cors]` attribute expands to (docs/expansion.md), written out by hand.
struct Annotated {
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
    answer: &'static str,
}

impl HttpServiceFactory for Annotated {
    fn register(self, config: &mut AppService) {
        register_preflight(config, self.path, self.methods, self.policy);
        let method = Method::from_bytes(self.methods[0].as_bytes()).unwrap();
        let answer = self.answer;
        web::resource(self.path)
            .guard(guard::Method(method))
            .wrap(RouteCors::new(self.policy))
            .to(move || async move { HttpResponse::Ok().body(answer) })
            .register(config);
    }
}

fn leak(spec: PolicySpec) -> &'static Policy {
    Box::leak(Box::new(spec.compile().unwrap()))
}

#[actix_web::test]
async fn route_preflights_follow_each_routes_own_policy() {
    const A: &str = "https://a.example";
    const B: &str = "https://b.example";
    let get_policy = leak(PolicySpec::new().origins([A]).methods(["GET"]).max_age(60));
    let post_policy = leak(
        PolicySpec::new()
            .origins([B])
            .methods(["POST"])
            .headers(["content-type"])
            .credentials(true),
    );
    let app = test::init_service(
        App::new()
            .service(Annotated {
                path: "/shared/{id}",
                methods: &["GET"],
                policy: get_policy,
                answer: "get",
            })
            .service(Annotated {
                path: "/shared/{id}",
                methods: &["POST"],
                policy: post_policy,
                answer: "post",
            })
            .route(
                "/shared/{id}",
                web::method(Method::OPTIONS)
                    .to(|| async { HttpResponse::Ok().body("own options") }),
            ),
    )
    .await;

    let response = test::call_service(&app, preflight("/shared/1", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET"
    );
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "60");
    assert_eq!(header(&response, "access-control-allow-credentials"), None);

    let response = test::call_service(
        &app,
        preflight("/shared/2", B, "POST")
            .insert_header(("access-control-request-headers", "content-type"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "POST"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "content-type"
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );

    // Each route's policy refuses the other's origin.
    let response = test::call_service(&app, preflight("/shared/1", B, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = test::call_service(&app, preflight("/shared/1", A, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = test::call_service(&app, get("/shared/1", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "get");
    let response = test::call_service(&app, get("/shared/1", B).to_request()).await;
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    let response =
        test::call_service(&app, request(Method::POST, "/shared/1", B).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(body(response).await, "post");

    // A plain OPTIONS, and a preflight for a method no annotated route serves, reach the
    // application's own OPTIONS handler.
    let response =
        test::call_service(&app, request(Method::OPTIONS, "/shared/1", A).to_request()).await;
    assert_eq!(body(response).await, "own options");
    let response = test::call_service(&app, preflight("/shared/1", A, "DELETE").to_request()).await;
    assert_eq!(body(response).await, "own options");
}

/// The CORS middleware adds no allocation to a request: compares the same resource with and
/// without it. Request header values are `from_static`, like the shared buffers a real server
/// parses into (cloning either is free).
#[actix_web::test]
async fn cors_adds_no_allocation_per_request() {
    let spec = PolicySpec::new()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET", "PUT"])
        .headers(["x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600);
    let policy = leak(spec.clone());
    let ok = || async { HttpResponse::Ok().finish() };
    let bare = test::init_service(App::new().service(web::resource("/").to(ok))).await;
    let route = test::init_service(
        App::new().service(web::resource("/").wrap(RouteCors::new(policy)).to(ok)),
    )
    .await;
    let runtime = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(Cors::from_spec(spec).unwrap())
                .to(ok),
        ),
    )
    .await;

    let with_origin = |value: &'static str| move || static_get("/", value);
    let no_origin = || TestRequest::get().to_request();
    let preflight = || static_preflight("/", APP, "PUT");

    let baseline = allocations_per_call(&bare, with_origin(APP)).await;
    type MakeRequest = Box<dyn Fn() -> actix_http::Request>;
    let cases: [(&str, MakeRequest); 4] = [
        ("exact origin", Box::new(with_origin(APP))),
        ("pattern origin", Box::new(with_origin(PARTNER))),
        ("disallowed origin", Box::new(with_origin(EVIL))),
        ("no origin", Box::new(no_origin)),
    ];
    for (name, make) in &cases {
        let bare = allocations_per_call(&bare, make).await;
        let route = allocations_per_call(&route, make).await;
        let runtime = allocations_per_call(&runtime, make).await;
        eprintln!("{name}: bare {bare}, #[cors] {route}, Cors {runtime} allocations");
        assert_eq!(route, bare, "{name}: RouteCors");
        assert_eq!(runtime, bare, "{name}: Cors");
    }
    let route = allocations_per_call(&route, preflight).await;
    let runtime = allocations_per_call(&runtime, preflight).await;
    eprintln!("preflight: #[cors] {route}, Cors {runtime} (a bare GET: {baseline}) allocations");
    assert!(route <= baseline && runtime <= baseline);
}

/// Echoing `Access-Control-Request-Headers` under `*` allocates nothing for one line and
/// exactly one value for several, which are joined (docs/protocol.md section 3).
#[actix_web::test]
async fn echoing_split_request_headers_costs_one_allocation() {
    let spec = PolicySpec::new()
        .origins([APP])
        .methods(["PUT"])
        .headers(["*"])
        .credentials(true);
    let ok = || async { HttpResponse::Ok().finish() };
    let route = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(RouteCors::new(leak(spec.clone())))
                .to(ok),
        ),
    )
    .await;
    let runtime = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(Cors::from_spec(spec).unwrap())
                .to(ok),
        ),
    )
    .await;
    let name = HeaderName::from_static("access-control-request-headers");
    let with_lines = |lines: &'static [&'static str]| {
        let name = name.clone();
        move || {
            let mut request = static_preflight("/", APP, "PUT");
            let headers = request.headers_mut();
            headers.remove(&name);
            for line in lines {
                headers.append(name.clone(), HeaderValue::from_static(line));
            }
            request
        }
    };
    let one_line = with_lines(&["authorization, x-api-key"]);
    let split = with_lines(&["authorization,", " x-api-key"]);
    for (arm, one, several) in [
        (
            "#[cors]",
            allocations_per_call(&route, &one_line).await,
            allocations_per_call(&route, &split).await,
        ),
        (
            "Cors",
            allocations_per_call(&runtime, &one_line).await,
            allocations_per_call(&runtime, &split).await,
        ),
    ] {
        eprintln!("{arm}: one line {one}, two lines {several} allocations");
        assert_eq!(several, one + 1, "{arm}");
    }
    let response = test::call_service(&route, split()).await;
    assert_eq!(
        header_all(&response, "access-control-allow-headers"),
        ["authorization, x-api-key"]
    );
}
