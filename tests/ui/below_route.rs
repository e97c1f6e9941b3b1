use actix_web::{App, HttpResponse, get};
use cors_actix::cors;

#[get("/items")]
#[cors(origins = ["https://app.example.com"])]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(items);
}
