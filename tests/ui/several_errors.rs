use actix_web::{HttpResponse, route};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com/"], methods = ["GET", "put"], maxAge = 60, max_age = 100000, headers = ["host"], headers = ["x-token"])]
#[route("/items", method = "GET", method = "PUT")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
