use actix_web::{HttpResponse, get, routes};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/items")]
#[actix_web::post("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"])]
#[routes]
#[get("/a")]
#[get("/b")]
async fn both() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
