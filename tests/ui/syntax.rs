use actix_web::{HttpResponse, get, post};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"] max_age = 60, "strict")]
#[get("/items")]
async fn list() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], crate = "not a path")]
#[post("/items")]
async fn create() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
