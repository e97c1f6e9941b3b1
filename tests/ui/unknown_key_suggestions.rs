use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(origin = ["https://app.example.com"], max-age = 60, maxAge = 60, header = ["x-token"], expose_headers = ["x-request-id"], allow_credentials)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
