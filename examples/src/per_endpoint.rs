//! Different policies per route, and per method on one path.
//!
//! Reading articles is public; writing is for the editor's origin; deleting is for the admin
//! console only, and `strict` so that no other origin ever reaches the handler. Each annotated
//! route answers its own preflights, so a preflight for `DELETE /articles/{id}` is judged by the
//! DELETE policy and one for `PUT` by the PUT policy.
//!
//! ```text
//! cargo run -p examples --bin per_endpoint
//! curl -i -X OPTIONS http://127.0.0.1:8080/articles/1 -H 'Origin: https://editor.example.com' \
//!      -H 'Access-Control-Request-Method: DELETE'     # 403: only the admin console may delete
//! ```

use actix_web::{HttpResponse, delete, get, post, route, web};
use cors_actix::cors;

/// Any origin may list the articles.
#[cors(origins = ["*"])]
#[get("/articles")]
async fn list() -> HttpResponse {
    HttpResponse::Ok().body("[1, 2, 3]")
}

/// Only the editor creates articles; same path as [`list`], another policy.
#[cors(origins = ["https://editor.example.com"], headers = ["content-type"])]
#[post("/articles")]
async fn create() -> HttpResponse {
    HttpResponse::Created().finish()
}

/// Any origin may read one article.
#[cors(origins = ["*"])]
#[get("/articles/{id}")]
async fn read(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("article {id}"))
}

/// The route serves PUT and PATCH, but `methods` lets other origins use PUT only: PATCH stays
/// available to same-origin callers and to clients that are not browsers.
#[cors(
    origins = ["https://editor.example.com"],
    methods = ["PUT"],
    headers = ["content-type"]
)]
#[route("/articles/{id}", method = "PUT", method = "PATCH")]
async fn update(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("article {id} updated"))
}

/// Deleting is for the admin console, and `strict`: a cross-origin request from any other origin
/// is answered 403 before this handler runs.
#[cors(origins = ["https://admin.example.com"], strict)]
#[delete("/articles/{id}")]
async fn remove(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("article {id} deleted"))
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(list)
        .service(create)
        .service(read)
        .service(update)
        .service(remove);
}
