use cors_tower::policy;

const ORIGIN: &str = "https://app.example.com";

fn main() {
    let _layer = policy!(origins = [ORIGIN]);
}
