// `origins = env(..)` misused: each mistake is reported at its token, with the fix.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

const NAME: &str = "SPA_ORIGINS";

// The default is checked at compile time like any origin list.
#[cors(origins = env("SPA_ORIGINS", default = ["http://localhost:5173/"]))]
#[get("/slash")]
async fn slash() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// A constant is not a literal: the help names env(..).
const ALLOWED: [&str; 1] = ["https://app.example.com"];

#[cors(origins = ALLOWED)]
#[get("/constant-list")]
async fn constant_list() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// The variable's name is read at compile time.
#[cors(origins = env(NAME))]
#[get("/constant")]
async fn constant() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = env(""))]
#[get("/empty")]
async fn empty() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = env("SPA_ORIGINS", fallback = ["http://localhost:5173"]))]
#[get("/option")]
async fn option() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// A default given twice.
#[cors(origins = env("SPA_ORIGINS", default = ["http://localhost:5173"], default = ["http://localhost:3000"]))]
#[get("/twice")]
async fn twice() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// Credentials with `*` is checked against the default now (and the variable's value at run time).
#[cors(origins = env("SPA_ORIGINS", default = ["*"]), credentials)]
#[get("/star")]
async fn star() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// With credentials no variable can make `null` allowed: `allow_null_origin` is reported now.
#[cors(origins = env("SPA_ORIGINS"), allow_null_origin, credentials)]
#[get("/null")]
async fn null() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// A named policy's default is checked at the policy.
cors_policy! {
    /// The single-page app.
    pub SPA: origins = env("SPA_ORIGINS", default = ["null"]), credentials;
}

fn main() {
    let _ = (NAME, ALLOWED);
    let _app = App::new()
        .service(slash)
        .service(constant_list)
        .service(constant)
        .service(empty)
        .service(option)
        .service(twice)
        .service(star)
        .service(null);
}
