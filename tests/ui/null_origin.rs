use actix_web::{HttpResponse, get, post, put};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com", "null"])]
#[get("/items")]
async fn list() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], allow_null_origin)]
#[post("/items")]
async fn create() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["null"], allow_null_origin, credentials)]
#[put("/items")]
async fn replace() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
