//! Section 9: the misconfiguration classes never get CORS headers, and reflecting any origin
//! with credentials cannot be configured.

use super::support::*;
use cors_core::PolicySpec;

#[test]
fn section_9_exact_origins_with_credentials() {
    let policy = compile(
        PolicySpec::new()
            .origins(["https://example.com", "https://app.example.com"])
            .methods(["GET", "PUT"])
            .credentials(true),
    );
    assert_section_9(&policy);
}

#[test]
fn section_9_subdomain_pattern_with_credentials() {
    let policy = compile(
        PolicySpec::new()
            .origins(["https://example.com", "https://*.example.com"])
            .methods(["GET", "PUT"])
            .headers(["*"])
            .credentials(true),
    );
    assert_section_9(&policy);
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://app.example.com",
    ] {
        assert!(policy.allows_origin(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "https://a.example.com:8443",
        "http://a.example.com",
        "wss://a.example.com",
        "https://.example.com",
    ] {
        assert!(!policy.allows_origin(origin.as_bytes()), "{origin}");
    }
}

#[test]
fn reflecting_any_origin_with_credentials_cannot_be_configured() {
    let spec = PolicySpec::new()
        .origins(["*"])
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
    let spec = PolicySpec::new()
        .origins(["https://*"])
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
    let spec = PolicySpec::new()
        .origins(["null"])
        .allow_null_origin(true)
        .methods(["GET"])
        .credentials(true);
    assert!(spec.compile().is_err());
}
