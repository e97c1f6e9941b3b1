//! Origins from the deployment: the front end's origin differs between a laptop, staging and
//! production, so it comes from an environment variable instead of the source.
//!
//! `origins = env("SPA_ORIGINS", default = [..])` reads `SPA_ORIGINS` once per process, a
//! comma-separated list with the grammar and rules of literal origins (patterns such as
//! `https://*.example.com`, any port as `http://localhost:*`); the default, used only when the
//! variable is unset, and every other key are checked at compile time. [`check`] reads every
//! such variable in the binary before the server binds, so a bad deployment refuses to start
//! and says which variable, route and fix.
//!
//! ```text
//! cargo run -p examples --bin deployment                       # the default: any localhost port
//! curl -i http://127.0.0.1:8080/me -H 'Origin: http://localhost:5173'
//! SPA_ORIGINS=https://app.example.com cargo run -p examples --bin deployment
//! curl -i http://127.0.0.1:8080/items -H 'Origin: https://app.example.com'
//! SPA_ORIGINS=https://app.example.com/ cargo run -p examples --bin deployment   # refuses to start
//! ```
//!
//! [`check`]: cors_actix::check

use actix_web::{HttpResponse, get, web};
use cors_actix::{cors, cors_policy};

cors_policy! {
    /// The single-page app, wherever it is deployed; on a laptop, any port of localhost.
    pub SPA: origins = env("SPA_ORIGINS", default = ["http://localhost:*"]), credentials;
}

/// Exactly `SPA`: its origins are `SPA_ORIGINS`'s.
#[cors(policy = SPA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().body("alice")
}

/// `SPA` with a key of its own; the origins still come from `SPA_ORIGINS`.
#[cors(policy = SPA, expose = ["x-total-count"])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-total-count", "2"))
        .body(r#"["a","b"]"#)
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(me).service(items);
}
