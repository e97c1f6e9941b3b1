//! Named policies: thirty routes that share one front-end origin declare it once.
//!
//! `cors_policy!` declares a policy under a name, checked at compile time like `#[cors]`.
//! A route starts from it with `#[cors(policy = SPA)]`; a key written on the route replaces the
//! policy's value for that key, and every other key comes from the policy. A policy's `methods`
//! restricts which of a route's own methods are open cross-origin. The name is also a
//! middleware value: `.wrap(PARTNERS)` around a scope, where a policy without `methods` allows
//! the safelisted `GET`, `HEAD` and `POST`.
//!
//! ```text
//! cargo run -p examples --bin named_policies
//! curl -i http://127.0.0.1:8080/me -H 'Origin: https://app.example.com'
//! curl -i http://127.0.0.1:8080/items -H 'Origin: https://app.example.com'
//! curl -i -X OPTIONS http://127.0.0.1:8080/items/7 -H 'Origin: https://app.example.com' \
//!      -H 'Access-Control-Request-Method: PUT'
//! curl -i http://127.0.0.1:8080/partners/catalog -H 'Origin: https://shop.partner.example'
//! ```

use actix_web::{HttpResponse, get, route, web};
use cors_actix::{cors, cors_policy};

/// The application's policies, usable from every module of the crate by `crate::` paths.
pub mod policies {
    use cors_actix::cors_policy;

    cors_policy! {
        /// The single-page app: cookies, preflights cached for ten minutes.
        pub SPA: origins = ["https://app.example.com"], credentials, max_age = 600;
        /// The single-page app, for routes that change data: reads and updates only.
        pub SPA_WRITES: origins = ["https://app.example.com"], credentials,
            methods = ["GET", "PUT"], headers = ["content-type"];
    }
}

cors_policy! {
    /// Partners' shops read the catalog; no cookies.
    pub PARTNERS: origins = ["https://*.partner.example"], max_age = 3600;
}

use policies::SPA;

/// Exactly `SPA`.
#[cors(policy = SPA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().body("alice")
}

/// `SPA`, with two keys replaced: scripts may read `x-total-count`, and the preflight is cached
/// for a minute.
#[cors(policy = SPA, expose = ["x-total-count"], max_age = 60)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-total-count", "2"))
        .body(r#"["a","b"]"#)
}

/// Serves GET, PUT and DELETE; `SPA_WRITES` opens GET and PUT cross-origin, so the app cannot
/// delete (a DELETE preflight finds no policy that allows it).
#[cors(policy = crate::named_policies::policies::SPA_WRITES)]
#[route("/items/{id}", method = "GET", method = "PUT", method = "DELETE")]
async fn item() -> HttpResponse {
    HttpResponse::Ok().body(r#""a""#)
}

async fn catalog() -> HttpResponse {
    HttpResponse::Ok().body(r#"["widget"]"#)
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(me).service(items).service(item).service(
        web::scope("/partners")
            .wrap(PARTNERS)
            .route("/catalog", web::get().to(catalog)),
    );
}
