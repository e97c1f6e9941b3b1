use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(methods = ["get", "*", "GE T", "GET", "GET"], origins = ["https://app.example.com"])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
