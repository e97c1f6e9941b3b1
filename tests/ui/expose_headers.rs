use actix_web::{HttpResponse, get, post};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"], expose = ["x-request-id", "set-cookie"])]
#[get("/items")]
async fn list() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], expose = ["*"], credentials)]
#[post("/items")]
async fn create() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
