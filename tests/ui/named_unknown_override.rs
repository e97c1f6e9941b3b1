// An override key that does not exist, and one written twice.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    pub SPA: origins = ["https://app.example.com"];
}

#[cors(policy = SPA, maxAge = 60)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = SPA, policy = SPA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(items).service(me);
}
