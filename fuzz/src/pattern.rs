//! Target `pattern`: subdomain patterns ([`OriginPattern`]) against request origins.
//!
//! Input: `<pattern>\n<origin bytes>`. The origin is matched against the input's pattern (when
//! it is one) and against fixed patterns, and every answer is compared with what the origin
//! grammar says about the same bytes: a pattern matches an origin exactly when the origin is
//! one a browser can send (it parses as an exact origin) with the pattern's scheme and port and
//! a host of one or more whole labels in front of the pattern's base host.

use std::sync::LazyLock;

use cors_core::{Origin, OriginEntry, OriginPattern};

/// Patterns every input's origin is also tried against.
static FIXED: LazyLock<Vec<OriginPattern>> = LazyLock::new(|| {
    [
        "https://*.example.com",
        "http://*.dev.example.com:8080",
        "wss://*.a.b.c",
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
    let expected = std::str::from_utf8(origin)
        .ok()
        .filter(|text| Origin::parse(text).is_ok())
        .and_then(|text| text.strip_prefix(scheme_prefix))
        .and_then(|authority| authority.strip_suffix(port_suffix))
        .and_then(|host| host.strip_suffix(host_suffix))
        // With no port in the pattern, a host part that still has one is another origin.
        .is_some_and(|labels| !labels.is_empty() && !labels.contains(':'));
    assert_eq!(
        pattern.matches(origin),
        expected,
        "pattern {pattern} against origin {:?}",
        origin.escape_ascii().to_string()
    );
}
