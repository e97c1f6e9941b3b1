use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"], max_age)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
