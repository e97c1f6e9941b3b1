//! Actual (non-preflight) requests: the handler runs and its response, error or not, gets the
//! CORS headers of an allowed origin; `Vary` is merged; `strict` refuses other origins.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use cors_tower::policy;

use crate::support::*;

async fn ok() -> &'static str {
    "items"
}

fn app() -> Router {
    Router::new().route(
        "/items",
        get(ok).layer(policy!(
            origins = ["https://app.example.com", "https://*.partner.example"],
            methods = ["GET"],
            expose = ["X-Request-Id"],
            credentials,
        )),
    )
}

#[tokio::test]
async fn allowed_actual_requests_reach_the_handler_and_get_cors_headers() {
    let app = app();
    for origin in [APP, PARTNER] {
        let answer = send(&app, request("GET", "/items", Some(origin))).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.body, "items");
        answer.assert_allowed(origin);
        assert_eq!(
            answer.header("access-control-allow-credentials"),
            Some("true")
        );
        assert_eq!(
            answer.header("access-control-expose-headers"),
            Some("X-Request-Id")
        );
        assert_eq!(answer.header("vary"), Some("Origin"));
    }
}

#[tokio::test]
async fn other_origins_and_no_origin_reach_the_handler_with_only_vary() {
    let app = app();
    for origin in [Some(EVIL), Some("https://partner.example"), None] {
        let answer = send(&app, request("GET", "/items", origin)).await;
        assert_eq!(answer.status, StatusCode::OK, "{origin:?}");
        assert_eq!(answer.body, "items");
        answer.assert_no_cors();
        assert_eq!(answer.header("vary"), Some("Origin"), "{origin:?}");
    }
}

#[tokio::test]
async fn any_origin_sends_a_star_with_or_without_origin_and_no_vary() {
    let app = Router::new().route("/", get(ok).layer(policy!(origins = ["*"])));
    for origin in [Some(EVIL), None] {
        let answer = send(&app, request("GET", "/", origin)).await;
        answer.assert_allowed("*");
        assert_eq!(answer.header("vary"), None);
        assert_eq!(answer.header("access-control-allow-credentials"), None);
    }
}

/// Error answers, the handler's own and axum's 405 for a method the route does not serve, are
/// decorated like any other: the page can read why it failed.
#[tokio::test]
async fn error_responses_are_decorated() {
    async fn fail() -> impl IntoResponse {
        (StatusCode::UNPROCESSABLE_ENTITY, "bad input")
    }
    let app = Router::new().route(
        "/items",
        get(fail).layer(policy!(
            origins = ["https://app.example.com"],
            methods = ["GET"]
        )),
    );
    let answer = send(&app, request("GET", "/items", Some(APP))).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body, "bad input");
    answer.assert_allowed(APP);

    let answer = send(&app, request("DELETE", "/items", Some(APP))).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    answer.assert_allowed(APP);
}

/// `Vary` is merged into the handler's own, never replaced or duplicated, and `*` is left alone.
#[tokio::test]
async fn vary_is_merged_never_replaced_or_duplicated() {
    async fn with_vary(value: &'static str) -> impl IntoResponse {
        ([("vary", value)], "ok")
    }
    let app = Router::new()
        .route("/encoding", get(|| with_vary("Accept-Encoding")))
        .route("/origin", get(|| with_vary("origin")))
        .route("/star", get(|| with_vary("*")))
        .layer(policy!(
            origins = ["https://app.example.com"],
            methods = ["GET"]
        ));
    for (uri, vary) in [
        ("/encoding", "Accept-Encoding, Origin"),
        ("/origin", "origin"),
        ("/star", "*"),
    ] {
        for origin in [Some(APP), Some(EVIL), None] {
            let answer = send(&app, request("GET", uri, origin)).await;
            assert_eq!(answer.header("vary"), Some(vary), "{uri} {origin:?}");
        }
    }
}

/// A strict policy refuses other origins with 403 before the handler runs, and lets the
/// server's own origin through: by `Sec-Fetch-Site: same-origin`, or by the `Host` the request
/// was sent to.
#[tokio::test]
async fn strict_mode_refuses_disallowed_origins_before_the_handler() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let handler = move || {
        let counted = counted.clone();
        async move {
            counted.fetch_add(1, Ordering::SeqCst);
            "created"
        }
    };
    let app = Router::new().route(
        "/notes",
        axum::routing::post(handler).layer(policy!(
            origins = ["https://app.example.com"],
            methods = ["POST"],
            strict,
        )),
    );

    let answer = send(&app, request("POST", "/notes", Some(EVIL))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.body,
        "CORS request rejected: origin https://evil.example is not allowed"
    );
    assert_eq!(
        answer.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("vary"), Some("Origin"));
    answer.assert_no_cors();
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the handler must not run");

    let mut same_site = request("POST", "/notes", Some("https://notes.example"));
    same_site
        .headers_mut()
        .insert("sec-fetch-site", "same-origin".parse().unwrap());
    let answer = send(&app, same_site).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.assert_no_cors();

    let mut same_host = request("POST", "/notes", Some("http://localhost:3000"));
    same_host
        .headers_mut()
        .insert("host", "localhost:3000".parse().unwrap());
    let answer = send(&app, same_host).await;
    assert_eq!(answer.status, StatusCode::OK);

    let answer = send(&app, request("POST", "/notes", Some(APP))).await;
    answer.assert_allowed(APP);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}
