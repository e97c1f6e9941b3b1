// `policy!` (cors-tower) has no origin predicate.
use cors_tower::policy;

fn main() {
    let _layer = policy!(origins = ["https://app.example.com"], origin_fn = allow);
}
