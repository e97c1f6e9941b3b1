//! Target `pattern`: origin patterns ([`OriginPattern`]: subdomains, and any port of a host or
//! of subdomains) against request origins.
//!
//! Input: `<pattern>\n<origin bytes>`. The origin is matched against the input's pattern (when
//! it is one) and against fixed patterns. A pattern must match exactly the origins the
//! independent [`oracle`](crate::oracle) accepts (the pattern's scheme and port, one or more
//! whole labels in front of its base host), and whatever it matches must also be an origin the
//! origin grammar accepts.

use std::sync::LazyLock;

use cors_core::{Origin, OriginEntry, OriginPattern};

use crate::oracle::{is_any_port_origin, is_subdomain_origin};

/// Patterns every input's origin is also tried against.
static FIXED: LazyLock<Vec<OriginPattern>> = LazyLock::new(|| {
    [
        "https://*.example.com",
        "http://*.dev.example.com:8080",
        "wss://*.a.b.c",
        "http://localhost:*",
        "https://*.example.com:*",
        "http://[::1]:*",
    ]
    .into_iter()
    .map(|text| match OriginEntry::parse(text) {
        Ok(OriginEntry::Pattern(pattern)) => pattern,
        other => panic!("{text} is not a pattern: {other:?}"),
    })
    .collect()
});

/// Checks one input.
///
/// # Panics
///
/// When an invariant does not hold: that is a finding.
pub fn check(data: &[u8]) {
    let (pattern_text, origin) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let parsed =
        std::str::from_utf8(pattern_text)
            .ok()
            .and_then(|text| match OriginEntry::parse(text) {
                Ok(OriginEntry::Pattern(pattern)) => Some(pattern),
                _ => None,
            });
    for pattern in parsed.iter().chain(FIXED.iter()) {
        check_match(pattern, origin);
    }
}

fn check_match(pattern: &OriginPattern, origin: &[u8]) {
    let (scheme_prefix, host_suffix, port_suffix) = pattern.parts();
    let scheme = scheme_prefix.strip_suffix("://").expect("a scheme prefix");
    let subdomains = host_suffix.starts_with('.');
    let base = host_suffix.strip_prefix('.').unwrap_or(host_suffix);
    let expected = if port_suffix == ":*" {
        is_any_port_origin(origin, scheme.as_bytes(), base.as_bytes(), subdomains)
    } else {
        assert!(
            subdomains,
            "only an any-port pattern names one host: {pattern}"
        );
        is_subdomain_origin(
            origin,
            scheme.as_bytes(),
            base.as_bytes(),
            port_suffix.as_bytes(),
        )
    };
    let matched = pattern.matches(origin);
    let shown = || origin.escape_ascii().to_string();
    assert_eq!(matched, expected, "pattern {pattern} against {:?}", shown());
    // And the grammar agrees: whatever a pattern matches is an origin a browser can send.
    if matched {
        let text = std::str::from_utf8(origin).expect("matched origins are ASCII");
        assert!(
            Origin::parse(text).is_ok(),
            "{pattern} matched {:?}",
            shown()
        );
    }
}
