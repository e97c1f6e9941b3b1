use cors_tower::policy;

fn main() {
    // `policy!` does not read the environment: its origins are literals.
    let _layer = policy!(origins = env("SPA_ORIGINS"));
}
