// The declaration's own syntax: `NAME: keys;`.
use cors_actix::cors_policy;

cors_policy! {
    pub SPA origins = ["https://app.example.com"];
}

fn main() {}
