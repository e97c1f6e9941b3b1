use actix_web::{HttpResponse, get};
use cors_actix::cors;

const ORIGIN: &str = "https://app.example.com";

#[cors(origins = [ORIGIN])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
