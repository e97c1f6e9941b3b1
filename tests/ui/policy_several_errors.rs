use cors_tower::policy;

fn main() {
    let _layer = policy!(
        origins = ["https://app.example.com/", "*"],
        methods = ["GET", "put"],
        maxAge = 60,
        max_age = 100000,
        headers = ["host"],
        headers = ["x-token"],
        credentials,
    );
}
