// Origin predicates with named policies: `*` with a predicate in a declaration (reported there),
// and a route adding a predicate to a policy that allows any origin (reported at the route).
use actix_web::{HttpRequest, HttpResponse, get};
use cors_actix::{Origin, cors, cors_policy};

fn allow(_: &Origin, _: &HttpRequest) -> bool {
    true
}

cors_policy! {
    pub STAR_FN: origins = ["*"], origin_fn = allow;
    pub STAR: origins = ["*"];
}

#[cors(policy = STAR, origin_fn = allow)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = STAR_FN;
}
