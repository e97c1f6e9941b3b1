use actix_web::{HttpResponse, get, route};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"], methods = ["GET", "PUT"])]
#[get("/items")]
async fn list() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], methods = ["PUT", "DELETE"])]
#[route("/items/{id}", method = "GET", method = "PUT")]
async fn item() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
