// An error inside a policy is reported once, at `cors_policy!`: its uses, as a route's policy
// and as a value, add nothing.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    pub SPA: origins = ["https://app.example.com/"], credentials;
}

#[cors(policy = SPA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = SPA, max_age = 60)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().wrap(SPA).service(me).service(items);
}
