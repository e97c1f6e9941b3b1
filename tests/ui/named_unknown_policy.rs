// A path that names no policy declared with `cors_policy!`.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    pub SPA: origins = ["https://app.example.com"];
}

static NOT_A_POLICY: u8 = 0;

#[cors(policy = SPAA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = NOT_A_POLICY)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(me).service(items);
    let _ = NOT_A_POLICY;
}
