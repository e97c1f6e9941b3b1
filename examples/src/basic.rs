//! The smallest setup: a public route anyone may read, and a route for one front end.
//!
//! ```text
//! cargo run -p examples --bin basic
//! curl -i http://127.0.0.1:8080/hello -H 'Origin: https://anyone.example'
//! curl -i -X OPTIONS http://127.0.0.1:8080/messages -H 'Origin: https://app.example.com' \
//!      -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type'
//! ```

use actix_web::{HttpResponse, get, post, web};
use cors_actix::cors;

/// A public greeting: `*` lets every origin read it (but never with credentials).
#[cors(origins = ["*"])]
#[get("/hello")]
async fn hello() -> HttpResponse {
    HttpResponse::Ok().body("hello from a CORS-enabled route")
}

/// Posting a message is reserved for one front end. JSON is not a "simple" content type, so
/// browsers preflight the call, and `content-type` has to be listed.
#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
#[post("/messages")]
async fn post_message(body: String) -> HttpResponse {
    HttpResponse::Created().body(format!("stored {} bytes", body.len()))
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    // An annotated handler is registered like any other: the attribute adds the route's own
    // preflight answer and its CORS headers.
    config.service(hello).service(post_message);
}
