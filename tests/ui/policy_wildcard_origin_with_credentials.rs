use cors_tower::policy;

fn main() {
    let _layer = policy!(origins = ["*"], credentials);
}
