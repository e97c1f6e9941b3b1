// Mistakes inside `cors_policy!`: a duplicate key, a missing `origins`, `policy` (a route's key)
// and an unknown key, each reported in the declaration it is in.
use cors_actix::cors_policy;

cors_policy! {
    pub SPA: origins = ["https://app.example.com"], credentials, credentials = false;
    pub EMPTY: max_age = 60;
    pub NESTED: origins = ["https://app.example.com"], policy = SPA;
    pub TYPO: origin = ["https://app.example.com"];
}

fn main() {
    let _ = (SPA, EMPTY, NESTED, TYPO);
}
