use actix_web::{HttpResponse, get};
use cors_actix::cors;

#[cors(credentials, max_age = 60)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
