use actix_web::HttpResponse;
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"])]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
