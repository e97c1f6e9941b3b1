// A function of another signature than the key's is reported at its path: a predicate taking
// the raw header, and a synchronous function named by `origin_fn_async`.
use actix_web::{HttpRequest, HttpResponse, get};
use cors_actix::{Origin, cors};

fn raw_origin(_: &str, _: &HttpRequest) -> bool {
    true
}

fn not_async(_: Origin, _: HttpRequest) -> bool {
    true
}

#[cors(origins = ["https://app.example.com"], origin_fn = raw_origin)]
#[get("/raw")]
async fn raw() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], origin_fn_async = not_async)]
#[get("/sync")]
async fn sync() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
