use cors_tower::policy;

fn main() {
    let _layer = policy!(
        origins = ["https://app.example.com"],
        max_age = 60,
        origins = ["https://admin.example.com"],
    );
}
