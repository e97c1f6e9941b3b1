// A path that names no policy declared with `cors_policy!`: a misspelt name, a static that is
// not a policy, a name missing from a module.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    pub SPA: origins = ["https://app.example.com"];
}

mod policies {}

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

#[cors(policy = crate::policies::ADMIN)]
#[get("/admin")]
async fn admin() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(me).service(items).service(admin);
    let _ = NOT_A_POLICY;
}
