//! Annotated routes inside scopes, and a runtime policy for a whole scope.
//!
//! `#[cors]` routes keep working under `web::scope`: each registers its preflight answer at its
//! full path (`/api/v1/users`). A scope of plain routes can instead be wrapped with one
//! [`Cors`] for all of them.
//!
//! ```text
//! cargo run -p examples --bin scopes
//! curl -i -X OPTIONS http://127.0.0.1:8080/api/v1/admin/users/7 -H 'Origin: https://admin.example.com' \
//!      -H 'Access-Control-Request-Method: DELETE'
//! ```

use actix_web::{HttpResponse, delete, get, web};
use cors_actix::{Cors, cors};

/// The users, for the web app.
#[cors(origins = ["https://app.example.com"])]
#[get("/users")]
async fn users() -> HttpResponse {
    HttpResponse::Ok().body("[\"ada\", \"grace\"]")
}

/// Deleting a user, for the admin console only; nested one scope deeper.
#[cors(origins = ["https://admin.example.com"], credentials, strict)]
#[delete("/users/{id}")]
async fn delete_user(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("user {id} deleted"))
}

/// One policy for every route of the `/status` scope: monitoring dashboards on any origin may
/// read it.
pub fn status_cors() -> Cors {
    Cors::builder()
        .origins(["*"])
        .methods(["GET"])
        .build()
        .expect("the status policy is a constant, valid configuration")
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(
            web::scope("/api/v1")
                .service(users)
                .service(web::scope("/admin").service(delete_user)),
        )
        .service(
            web::scope("/status")
                .wrap(status_cors())
                .route(
                    "/health",
                    web::get().to(|| async { HttpResponse::Ok().body("ok") }),
                )
                .route(
                    "/version",
                    web::get().to(|| async { HttpResponse::Ok().body("0.1.0") }),
                ),
        );
}
