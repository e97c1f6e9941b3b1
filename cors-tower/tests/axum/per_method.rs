//! Per-route and per-method policies: each axum route has its own layer, and on one path the
//! policies joined with `or` judge each request by its method (a preflight by the method it asks
//! for), which tower-http's single `CorsLayer` cannot.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use cors_tower::{CorsLayer, PolicySpec, policy};

use crate::support::*;

async fn list() -> &'static str {
    "items"
}

async fn create() -> &'static str {
    "created"
}

/// GET for any origin, POST and DELETE for the admin app only, with cookies.
fn app() -> Router {
    Router::new().route(
        "/items",
        get(list).post(create).delete(create).layer(
            policy!(origins = ["*"], methods = ["GET"]).or(policy!(
                origins = ["https://admin.example.com"],
                methods = ["POST", "DELETE"],
                headers = ["content-type"],
                credentials,
            )),
        ),
    )
}

#[tokio::test]
async fn each_preflight_is_judged_by_the_policy_of_the_method_it_asks_for() {
    let app = app();
    let answer = send(
        &app,
        preflight("/items", ADMIN, "DELETE", Some("content-type")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    answer.assert_allowed(ADMIN);
    assert_eq!(
        answer.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        answer.header("access-control-allow-methods"),
        Some("POST, DELETE")
    );

    let answer = send(&app, preflight("/items", EVIL, "DELETE", None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    answer.assert_no_cors();

    // A preflight for GET (asking for a header, say) is the public policy's.
    let answer = send(&app, preflight("/items", EVIL, "GET", None)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    answer.assert_allowed("*");
    assert_eq!(answer.header("access-control-allow-methods"), Some("GET"));
}

#[tokio::test]
async fn each_actual_request_is_judged_by_the_policy_of_its_method() {
    let app = app();
    let answer = send(&app, request("GET", "/items", Some(EVIL))).await;
    answer.assert_allowed("*");
    assert_eq!(answer.header("access-control-allow-credentials"), None);

    let answer = send(&app, request("POST", "/items", Some(ADMIN))).await;
    assert_eq!(answer.body, "created");
    answer.assert_allowed(ADMIN);
    assert_eq!(
        answer.header("access-control-allow-credentials"),
        Some("true")
    );

    let answer = send(&app, request("POST", "/items", Some(EVIL))).await;
    assert_eq!(answer.body, "created", "not strict: the handler runs");
    answer.assert_no_cors();
    assert_eq!(answer.header("vary"), Some("Origin"));
}

/// A method no policy lists is judged by the first: refused in a preflight unless safelisted.
#[tokio::test]
async fn a_method_no_policy_lists_is_judged_by_the_first() {
    let app = app();
    let answer = send(&app, preflight("/items", ADMIN, "PUT", None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.body,
        "CORS preflight rejected: method PUT is not allowed"
    );
}

/// Each route answers with its own policy; a route without a layer gets no CORS at all.
#[tokio::test]
async fn each_route_has_its_own_policy() {
    let partner = CorsLayer::from_spec(
        PolicySpec::new()
            .origins(["https://*.partner.example"])
            .methods(["POST"]),
    )
    .unwrap();
    let app = Router::new()
        .route(
            "/public",
            get(list).layer(policy!(origins = ["https://app.example.com"])),
        )
        .route("/orders", post(create).layer(partner))
        .route("/internal", get(list));

    let answer = send(&app, preflight("/public", APP, "GET", None)).await;
    answer.assert_allowed(APP);
    let answer = send(&app, preflight("/public", PARTNER, "GET", None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    let answer = send(&app, preflight("/orders", PARTNER, "POST", None)).await;
    answer.assert_allowed(PARTNER);
    let answer = send(&app, preflight("/orders", APP, "POST", None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    let answer = send(&app, preflight("/internal", APP, "GET", None)).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    answer.assert_no_cors();
    let answer = send(&app, request("GET", "/internal", Some(APP))).await;
    answer.assert_no_cors();
}
