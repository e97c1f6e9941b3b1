// The origin predicate keys of `#[cors]`: with `origins = ["*"]`, not a path, without a value,
// and both keys at once.
use actix_web::{HttpRequest, HttpResponse, get};
use cors_actix::{Origin, cors};

fn allow(_: &Origin, _: &HttpRequest) -> bool {
    true
}

async fn allow_later(_: Origin, _: HttpRequest) -> bool {
    true
}

#[cors(origins = ["*"], origin_fn = allow)]
#[get("/any")]
async fn any() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], origin_fn = 5)]
#[get("/number")]
async fn number() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], origin_fn_async)]
#[get("/bare")]
async fn bare() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origin_fn = allow, origin_fn_async = allow_later)]
#[get("/both")]
async fn both() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
