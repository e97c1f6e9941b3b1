use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origins = [
    "https://app.example.com/",
    "app.example.com",
    "https://App.example.com",
    "https://example.com:443",
    "https://a*.example.com",
    "https://*.com",
])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
