//! Preflights: answered by the layer without calling a handler, with the policy's headers and
//! status, or refused with 403 and the reason; a plain `OPTIONS` reaches the application.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use cors_tower::policy;

use crate::support::*;

async fn list() -> &'static str {
    "items"
}

async fn own_options() -> &'static str {
    "the application's own OPTIONS"
}

fn app() -> Router {
    Router::new()
        .route(
            "/items",
            get(list).put(list).options(own_options).layer(policy!(
                origins = ["https://app.example.com", "https://*.partner.example"],
                methods = ["GET", "PUT"],
                headers = ["X-Api-Key", "content-type"],
                credentials,
                max_age = 60,
            )),
        )
        .route(
            "/echo",
            get(list).layer(policy!(
                origins = ["*"],
                headers = ["*"],
                preflight_status = 200
            )),
        )
        .route(
            "/local",
            get(list).layer(policy!(
                origins = ["https://app.example.com"],
                methods = ["GET"],
                private_network,
            )),
        )
}

#[tokio::test]
async fn allowed_preflights_are_answered_without_calling_a_handler() {
    let app = app();
    for origin in [APP, PARTNER] {
        let answer = send(
            &app,
            preflight("/items", origin, "PUT", Some("x-api-key, content-type")),
        )
        .await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
        assert_eq!(answer.body, "", "no handler ran");
        answer.assert_allowed(origin);
        assert_eq!(
            answer.header("access-control-allow-credentials"),
            Some("true")
        );
        assert_eq!(
            answer.header("access-control-allow-methods"),
            Some("GET, PUT")
        );
        assert_eq!(
            answer.header("access-control-allow-headers"),
            Some("x-api-key, content-type")
        );
        assert_eq!(answer.header("access-control-max-age"), Some("60"));
        assert_eq!(answer.header("vary"), Some("Origin"));
    }
}

#[tokio::test]
async fn plain_options_reaches_the_applications_own_handler() {
    let app = app();
    for origin in [Some(APP), None] {
        let answer = send(&app, request("OPTIONS", "/items", origin)).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.body, "the application's own OPTIONS");
    }
}

#[tokio::test]
async fn rejected_preflights_are_403_with_the_reason_and_no_cors_headers() {
    let app = app();
    let cases = [
        (
            preflight("/items", EVIL, "PUT", None),
            "CORS preflight rejected: origin https://evil.example is not allowed",
        ),
        (
            preflight("/items", APP, "DELETE", None),
            "CORS preflight rejected: method DELETE is not allowed",
        ),
        (
            preflight("/items", APP, "PUT", Some("x-api-key, cookie")),
            "CORS preflight rejected: header cookie is not allowed",
        ),
    ];
    for (request, reason) in cases {
        let answer = send(&app, request).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{reason}");
        assert_eq!(answer.body, reason);
        assert_eq!(
            answer.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(answer.header("vary"), Some("Origin"));
        answer.assert_no_cors();
    }
}

/// `headers = ["*"]` echoes what was asked for (several lines as one list), and the status is
/// the policy's.
#[tokio::test]
async fn any_header_is_echoed_with_the_configured_status() {
    let app = app();
    let answer = send(&app, preflight("/echo", EVIL, "GET", Some("x-one, x-two"))).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.assert_allowed("*");
    assert_eq!(
        answer.header("access-control-allow-headers"),
        Some("x-one, x-two")
    );
    assert_eq!(
        answer.header("vary"),
        Some("Access-Control-Request-Headers")
    );

    let mut split = preflight("/echo", EVIL, "GET", Some("x-one"));
    split
        .headers_mut()
        .append("access-control-request-headers", "x-two".parse().unwrap());
    let answer = send(&app, split).await;
    assert_eq!(
        answer.header("access-control-allow-headers"),
        Some("x-one, x-two")
    );
}

/// Methods a browser never preflights alone pass a preflight (for their headers) even when the
/// policy does not list them; without `methods`, `policy!` lists exactly those.
#[tokio::test]
async fn safelisted_methods_pass_and_are_the_default() {
    let app = Router::new().route(
        "/",
        get(list).layer(policy!(origins = ["https://app.example.com"])),
    );
    for method in ["GET", "HEAD", "POST"] {
        let answer = send(&app, preflight("/", APP, method, None)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{method}");
        assert_eq!(
            answer.header("access-control-allow-methods"),
            Some("GET, HEAD, POST")
        );
    }
    let answer = send(&app, preflight("/", APP, "PUT", None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn private_network_access_is_answered_only_when_opted_in_and_requested() {
    let app = app();
    let ask = |uri| {
        let mut request = preflight(uri, APP, "GET", None);
        request.headers_mut().insert(
            "access-control-request-private-network",
            "true".parse().unwrap(),
        );
        request
    };
    let answer = send(&app, ask("/local")).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(
        answer.header("access-control-allow-private-network"),
        Some("true")
    );
    // Without the opt-in, answered as any other preflight (legacy PNA, docs/protocol.md
    // section 8).
    let answer = send(&app, ask("/items")).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(answer.header("access-control-allow-private-network"), None);
    let answer = send(&app, preflight("/local", APP, "GET", None)).await;
    assert_eq!(answer.header("access-control-allow-private-network"), None);
}
