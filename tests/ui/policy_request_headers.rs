use cors_tower::policy;

fn main() {
    let _layer = policy!(origins = ["https://app.example.com"], headers = ["content-type", "cookie"]);
}
