use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"], max_age = 86401)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
