//! The app under test for axum and hyper: the routes of [`app`](super::app) with the same
//! policies, as `cors_tower` layers, `policy!` where the actix app has `#[cors]` and
//! [`CorsLayer::from_spec`] where it has the runtime builder.
//!
//! Each layer goes on the route's whole `MethodRouter` (`.layer`, not `.route_layer`): it must
//! see the `OPTIONS` preflights of a route that serves no `OPTIONS` itself.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use cors_tower::{CorsLayer, PolicySpec, policy};

use super::app::ALLOWED;

/// `/items`, `/rt/items`.
async fn items() -> &'static str {
    "items"
}

/// `/sub`.
async fn sub() -> &'static str {
    "sub"
}

/// `/dev`.
async fn dev() -> &'static str {
    "dev"
}

/// `/wild`.
async fn wild() -> &'static str {
    "wild"
}

/// `/strict`.
async fn strict() -> &'static str {
    "strict"
}

/// `/null`.
async fn null() -> &'static str {
    "null"
}

/// `GET /options`.
async fn options_get() -> &'static str {
    "options get"
}

/// The user's own `OPTIONS` handler, which an `OPTIONS` without
/// `Access-Control-Request-Method` must reach.
async fn user_options() -> impl IntoResponse {
    ([(header::ALLOW, "GET, OPTIONS")], "user options handler")
}

/// The hostile-input app: each route of the actix app, with its policy.
///
/// The attribute's methods default to its routing attribute's; `policy!` has no route to read
/// them from (it defaults to `GET`, `HEAD`, `POST`), so each lists the methods its route
/// serves, which is what the attribute announces.
///
/// # Panics
///
/// Never for the fixed, valid runtime policy; its `Result` is unwrapped because a test app
/// cannot start without it.
pub fn router() -> Router {
    let runtime = CorsLayer::from_spec(
        PolicySpec::new()
            .origins(ALLOWED)
            .methods(["GET", "PUT"])
            .headers(["content-type", "x-api-key"])
            .credentials(true)
            .max_age(600),
    )
    .expect("a valid policy");
    Router::new()
        .route(
            "/items",
            get(items).put(items).layer(policy!(
                origins = ["https://example.com", "https://app.example.com"],
                methods = ["GET", "PUT"],
                headers = ["content-type", "x-api-key"],
                credentials,
                max_age = 600,
            )),
        )
        .route(
            "/sub",
            get(sub).layer(policy!(
                origins = ["https://*.example.com"],
                methods = ["GET"],
                credentials,
            )),
        )
        .route(
            "/dev",
            get(dev).layer(policy!(
                origins = ["http://localhost:*"],
                methods = ["GET"],
                credentials,
            )),
        )
        .route(
            "/wild",
            get(wild).post(wild).layer(policy!(
                origins = ["*"],
                methods = ["GET", "POST"],
                headers = ["*"],
            )),
        )
        .route(
            "/options",
            get(options_get).options(user_options).layer(policy!(
                origins = ["https://example.com"],
                methods = ["GET", "OPTIONS"],
                credentials,
            )),
        )
        .route(
            "/strict",
            get(strict).delete(strict).layer(policy!(
                origins = ["https://example.com"],
                methods = ["GET", "DELETE"],
                credentials,
                strict,
            )),
        )
        .route(
            "/null",
            get(null).layer(policy!(
                origins = ["null"],
                methods = ["GET"],
                allow_null_origin,
            )),
        )
        // The runtime scope `/rt` of the actix app: one layer around everything under it.
        .nest(
            "/rt",
            Router::new()
                .route("/items", get(items).put(items))
                .layer(runtime),
        )
}
