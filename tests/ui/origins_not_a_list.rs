use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origins = "https://app.example.com")]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
