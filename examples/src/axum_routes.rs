//! axum with `cors-tower`: a policy per route, policies per method on one path, one built at run
//! time, and a plain `OPTIONS` handled by the application.
//!
//! - `/articles`: anyone lists (`GET`), only the editor creates (`POST`): two `policy!` layers
//!   joined with [`CorsLayer::or`], each preflight judged by the policy of the method it asks for.
//! - `/articles/{id}`: anyone reads, the editor updates, the admin console deletes (`strict`, with
//!   cookies). A plain `OPTIONS /articles/{id}` (no `Access-Control-Request-Method`) is not a
//!   preflight: it reaches [`describe`], which lists the methods in `Allow`.
//! - `/partners`: origins only known at startup (the binary reads `PARTNER_ORIGINS`), so the
//!   policy is built with [`CorsLayer::from_spec`], which reports every problem at once.
//!
//! ```text
//! PARTNER_ORIGINS=https://partner.example.org cargo run -p examples --bin axum_routes
//! curl -i -X OPTIONS http://127.0.0.1:8080/articles/1 -H 'Origin: https://editor.example.com' \
//!      -H 'Access-Control-Request-Method: DELETE'     # 403: only the admin console may delete
//! curl -i -X OPTIONS http://127.0.0.1:8080/articles/1  # 204 from the handler, Allow: GET, PUT, DELETE
//! ```

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use cors_tower::{ConfigErrors, CorsLayer, PolicySpec, policy};

/// The editor's origin: it may create and update articles.
pub const EDITOR: &str = "https://editor.example.com";

/// The admin console's origin: it may delete articles, with cookies.
pub const ADMIN: &str = "https://admin.example.com";

/// The environment variable the binary reads the partner origins from (comma-separated).
pub const PARTNER_ORIGINS_VAR: &str = "PARTNER_ORIGINS";

/// The policy of `/partners`, from origins only known at run time: `GET` with `x-api-key`, a
/// 10-minute preflight cache. A wrong origin (`https://partner.example.org/`) or an empty list
/// is an `Err` listing every problem, before anything is served.
pub fn partner_policy(origins: &str) -> Result<CorsLayer, ConfigErrors> {
    CorsLayer::from_spec(
        PolicySpec::new()
            .origins(
                origins
                    .split(',')
                    .map(str::trim)
                    .filter(|origin| !origin.is_empty()),
            )
            .methods(["GET"])
            .headers(["x-api-key"])
            .max_age(600),
    )
}

/// The example's app, with `partners` (see [`partner_policy`]) on `/partners`.
pub fn app(partners: CorsLayer) -> Router {
    Router::new()
        .route(
            "/articles",
            get(list)
                .post(create)
                .layer(policy!(origins = ["*"], methods = ["GET"]).or(policy!(
                    origins = ["https://editor.example.com"],
                    methods = ["POST"],
                    headers = ["content-type"],
                ))),
        )
        .route(
            "/articles/{id}",
            get(read)
                .put(update)
                .delete(remove)
                .options(describe)
                .layer(
                    policy!(origins = ["*"], methods = ["GET"])
                        .or(policy!(
                            origins = ["https://editor.example.com"],
                            methods = ["PUT"],
                            headers = ["content-type"],
                        ))
                        // strict: another origin's DELETE is refused before `remove` runs, even
                        // when a browser sends it without a preflight.
                        .or(policy!(
                            origins = ["https://admin.example.com"],
                            methods = ["DELETE"],
                            credentials,
                            strict,
                        )),
                ),
        )
        .route("/partners", get(partners_list).layer(partners))
}

/// Any origin may list the articles.
async fn list() -> &'static str {
    "[1, 2, 3]"
}

/// Only the editor creates articles; same path as [`list`], another policy.
async fn create() -> StatusCode {
    StatusCode::CREATED
}

/// Any origin may read one article.
async fn read(axum::extract::Path(id): axum::extract::Path<u32>) -> String {
    format!("article {id}")
}

/// The editor updates an article.
async fn update(axum::extract::Path(id): axum::extract::Path<u32>) -> String {
    format!("article {id} updated")
}

/// The admin console deletes an article.
async fn remove(axum::extract::Path(id): axum::extract::Path<u32>) -> String {
    format!("article {id} deleted")
}

/// A plain `OPTIONS` request: the application's own answer, which the CORS layer leaves alone
/// because it is not a preflight.
pub async fn describe() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [(header::ALLOW, HeaderValue::from_static("GET, PUT, DELETE"))],
    )
}

/// The partners' feed.
async fn partners_list() -> &'static str {
    "partner feed"
}
