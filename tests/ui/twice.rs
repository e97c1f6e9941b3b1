use actix_web::{App, HttpResponse, get};
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/items")]
#[cors(origins = ["https://admin.example.com"])]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(items);
}
