// A policy's `methods` that the route serves none of.
use actix_web::{App, HttpResponse, get};
use cors_actix::{cors, cors_policy};

cors_policy! {
    pub WRITERS: origins = ["https://app.example.com"], methods = ["PUT", "DELETE"];
}

#[cors(policy = WRITERS)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _app = App::new().service(items);
}
