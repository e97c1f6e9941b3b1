use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"], headers = ["cookie", "x token", "X-Token", "x-token", "sec-fetch-mode"])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
