use actix_web::get;
use cors_actix::cors;

#[cors(origins = ["https://app.example.com"])]
struct Items;

#[cors(origins = ["https://app.example.com"])]
impl Items {
    fn count(&self) -> usize {
        0
    }
}

#[get("/items")]
async fn items() -> String {
    Items.count().to_string()
}

fn main() {}
