use axum::Router;
use axum::routing::get;
use cors_tower::policy;

async fn items() -> &'static str {
    "[]"
}

fn main() {
    let layer = policy!(origins = ["https://app.example.com/"], methods = ["GET"]);
    let _app: Router = Router::new().route("/items", get(items).layer(layer));
}
