//! Shared pieces of the integration tests and the soak test: a raw HTTP/1.1 client, real
//! servers on a loopback port (actix-web, and axum on hyper), the hostile-input catalog with the
//! response each case must get on each, and the `actix_web::test` requests the examples' tests use too. The tests themselves live in `tests/`; the soak test is `src/bin/soak.rs`.

#![forbid(unsafe_code)]

pub mod hostile;
pub mod raw;
pub mod requests;
pub mod server;

/// Every origin of docs/protocol.md section 9 table (misconfiguration classes), for a policy that
/// allows `https://example.com` and `https://app.example.com` with credentials.
pub const SECTION9_ORIGINS: &[&str] = &[
    "https://attacker.example",
    "https://evil.com",
    "null",
    "https://example.com.evil.net",
    "https://example.computer",
    "https://evilexample.com",
    "https://notexample.com",
    "https://appxexample.com",
    "https://app-example.com",
    "http://example.com",
    "http://app.example.com",
    "https://example.com:8443",
    "https://example.com_.evil.net",
    "https://example.com%60.evil.net",
    "https://example.com@evil.net",
];
