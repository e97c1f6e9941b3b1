// A route's key that the merged policy forbids: the error points at the route's key and names
// the policy's key it conflicts with.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    /// Any origin.
    pub PUBLIC: origins = ["*"], expose = ["*"];
    /// Cookies from the app.
    pub SPA: origins = ["https://app.example.com"], credentials;
}

#[cors(policy = PUBLIC, credentials)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = SPA, origins = ["*"])]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// `null` needs `allow_null_origin`, which neither writes (no policy named), and is never
// allowed with the policy's credentials (the policy named).
#[cors(policy = SPA, origins = ["null"])]
#[get("/sandboxed")]
async fn sandboxed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(me).service(items).service(sandboxed);
}
