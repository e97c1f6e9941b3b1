//! Target `origin`: the origin grammar ([`OriginEntry::parse`]) and [`canonicalize`].
//!
//! Input: any bytes, read as a configured origin string when they are UTF-8 (configuration is
//! text) and as a request's `Origin` bytes always.

use cors_core::glue::is_same_origin;
use cors_core::{ErrorKind, Origin, OriginEntry, PolicySpec, canonicalize};

/// Checks one input.
///
/// # Panics
///
/// When an invariant does not hold: that is a finding.
pub fn check(data: &[u8]) {
    // Request bytes: comparisons never panic, whatever they are.
    is_same_origin(data, "https", "example.com");
    is_same_origin(data, "http", "localhost:8080");
    // What an origin predicate is handed: the request's bytes themselves, an exact origin.
    let asked = Origin::from_request(data);
    if let Some(origin) = &asked {
        assert_eq!(origin.as_str().as_bytes(), data);
    }
    let Ok(input) = std::str::from_utf8(data) else {
        assert!(asked.is_none(), "non-UTF-8 bytes handed to a predicate");
        return;
    };
    assert_eq!(
        asked.is_some(),
        matches!(OriginEntry::parse(input), Ok(OriginEntry::Exact(_))),
        "a predicate is handed exactly the exact origins the grammar accepts"
    );
    match OriginEntry::parse(input) {
        Ok(OriginEntry::Any) => assert_eq!(input, "*"),
        Ok(OriginEntry::Null) => assert_eq!(input, "null"),
        Ok(OriginEntry::Exact(origin)) => {
            assert_eq!(origin.as_str(), input);
            assert_serialized(input);
            assert_eq!(
                canonicalize(input).as_deref(),
                Some(input),
                "an accepted origin is already canonical"
            );
            let policy = PolicySpec::new()
                .origins([input])
                .methods(["GET"])
                .credentials(true)
                .compile()
                .expect("an accepted origin compiles into a credentialed policy");
            assert!(policy.allows_origin(input.as_bytes()));
            for near in [
                format!("{input}/"),
                format!("{input}."),
                format!("{input}:1"),
                input.to_ascii_uppercase(),
            ] {
                assert!(
                    near == input || !policy.allows_origin(near.as_bytes()),
                    "{input:?} policy allows {near:?}"
                );
            }
        }
        Ok(OriginEntry::Pattern(pattern)) => {
            assert_eq!(pattern.to_string(), input);
            assert_eq!(canonicalize(input).as_deref(), Some(input));
        }
        Err(error) => {
            assert!(!error.message().is_empty() && !error.suggestion().is_empty());
            let errors = PolicySpec::new()
                .origins([input])
                .methods(["GET"])
                .compile()
                .expect_err("a rejected origin never compiles");
            assert!(errors.contains(ErrorKind::Origin(error.kind())));
        }
    }
    if let Some(fixed) = canonicalize(input) {
        assert!(
            OriginEntry::parse(&fixed).is_ok(),
            "canonicalize({input:?}) = {fixed:?}, which does not parse"
        );
        assert_eq!(
            canonicalize(&fixed).as_deref(),
            Some(fixed.as_str()),
            "canonicalize is not idempotent on {input:?}"
        );
    }
}

/// The serialized-origin shape, checked without the grammar: `scheme://authority`, printable
/// lowercase ASCII, no path, query, fragment, userinfo or whitespace.
fn assert_serialized(origin: &str) {
    assert!(origin.bytes().all(|b| b.is_ascii_graphic()), "{origin:?}");
    assert!(
        !origin.bytes().any(|b| b.is_ascii_uppercase()),
        "{origin:?}"
    );
    let (scheme, authority) = origin.split_once("://").expect("a scheme");
    assert!(!scheme.is_empty(), "{origin:?}");
    assert!(
        !authority.is_empty() && !authority.contains(['/', '?', '#', '@', '%', ',', '\\']),
        "{origin:?}"
    );
}
