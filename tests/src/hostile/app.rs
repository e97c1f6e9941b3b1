//! The app under test: `#[cors]` routes and a runtime [`Cors`] scope.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, get, route, web};
use cors_actix::{Cors, CorsBuilder, cors};

/// The origins section 9's policy allows.
pub const ALLOWED: [&str; 2] = ["https://example.com", "https://app.example.com"];

/// Section 9's policy as an attribute: `GET` and `PUT` on `/items`.
#[cors(
    origins = ["https://example.com", "https://app.example.com"],
    headers = ["content-type", "x-api-key"],
    credentials,
    max_age = 600
)]
#[route("/items", method = "GET", method = "PUT")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

/// A credentialed subdomain pattern.
#[cors(origins = ["https://*.example.com"], credentials)]
#[get("/sub")]
async fn sub() -> HttpResponse {
    HttpResponse::Ok().body("sub")
}

/// Any port of `localhost`, for development, with credentials.
#[cors(origins = ["http://localhost:*"], credentials)]
#[get("/dev")]
async fn dev() -> HttpResponse {
    HttpResponse::Ok().body("dev")
}

/// Any origin, any request header.
#[cors(origins = ["*"], headers = ["*"])]
#[route("/wild", method = "GET", method = "POST")]
async fn wild() -> HttpResponse {
    HttpResponse::Ok().body("wild")
}

/// A user's own `OPTIONS` handler next to `GET`: an `OPTIONS` without
/// `Access-Control-Request-Method` is not a preflight and must reach it.
#[cors(origins = ["https://example.com"], credentials)]
#[route("/options", method = "GET", method = "OPTIONS")]
async fn options(request: HttpRequest) -> HttpResponse {
    if request.method() == Method::OPTIONS {
        HttpResponse::Ok()
            .insert_header(("allow", "GET, OPTIONS"))
            .body("user options handler")
    } else {
        HttpResponse::Ok().body("options get")
    }
}

/// A strict route: a cross-origin request from another origin is refused before the handler
/// runs; same-origin requests (which carry `Origin` too) pass.
#[cors(origins = ["https://example.com"], credentials, strict)]
#[route("/strict", method = "GET", method = "DELETE")]
async fn strict() -> HttpResponse {
    HttpResponse::Ok().body("strict")
}

/// The opaque origin `null`, opted in (sandboxed iframes, `file:` pages).
#[cors(origins = ["null"], allow_null_origin)]
#[get("/null")]
async fn null() -> HttpResponse {
    HttpResponse::Ok().body("null")
}

/// Section 9's policy through the runtime builder: the one of `/items`.
fn items_policy() -> CorsBuilder {
    Cors::builder()
        .origins(ALLOWED)
        .methods(["GET", "PUT"])
        .headers(["content-type", "x-api-key"])
        .credentials(true)
        .max_age(600)
}

/// Registers `GET` and `PUT` on `{path}/items`, under `cors`.
fn items_scope(config: &mut web::ServiceConfig, path: &str, cors: Cors) {
    config.service(
        web::scope(path)
            .wrap(cors)
            .route(
                "/items",
                web::get().to(|| async { HttpResponse::Ok().body("items") }),
            )
            .route(
                "/items",
                web::put().to(|| async { HttpResponse::Ok().body("items") }),
            ),
    );
}

/// Registers the hostile-input app: the attribute routes, `/rt/items`, the same policy as
/// `/items` through the runtime builder, and `/dyn/items`, the same again with an
/// asynchronous origin predicate that allows every origin it is asked about: a malformed,
/// repeated or `null` origin, which must never reach it, would get CORS headers there; and
/// `/nested/items`, the attribute route inside a scope wrapped in that same permissive policy,
/// which must answer exactly as `/items` does.
///
/// # Panics
///
/// Never for these fixed, valid policies; the builder's `Result` is unwrapped because a test
/// app cannot start without it.
pub fn configure(config: &mut web::ServiceConfig) {
    let cors = items_policy().build().expect("a valid policy");
    let dynamic = items_policy()
        .origin_fn_async(|_, _| async { true })
        .build()
        .expect("a valid policy");
    config
        .service(items)
        .service(sub)
        .service(dev)
        .service(wild)
        .service(options)
        .service(strict)
        .service(null);
    items_scope(config, "/rt", cors);
    items_scope(config, "/dyn", dynamic);
    // The attribute route again, inside a policy around it that allows every well-formed origin
    // it is asked about: only the route's own policy may answer for it.
    let around = items_policy()
        .origin_fn_async(|_, _| async { true })
        .build()
        .expect("a valid policy");
    config.service(web::scope("/nested").wrap(around).service(items));
}
