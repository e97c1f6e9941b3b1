//! Origin patterns: subdomains (`https://*.example.com`, docs/protocol.md section 9) and, for
//! development, every port of a host (`http://localhost:*`, `https://*.example.com:*`).
//!
//! A subdomain pattern matches one or more whole leading labels in front of its base host; a
//! host pattern matches its host exactly. Either has a fixed scheme, and a fixed port or any
//! port. It is stored as three literal pieces so that matching is a prefix test, a suffix test
//! and a scan of the label or port characters, with no parsing or allocation per request.

use std::borrow::Cow;
use std::fmt;

use crate::host::{MAX_HOST_LEN, are_labels, default_port};

/// A validated origin pattern: `https://*.example.com`, `https://*.example.com:*` or
/// `http://localhost:*`.
///
/// Build one with [`OriginEntry::parse`](crate::OriginEntry::parse).
///
/// ```
/// use cors_core::OriginEntry;
///
/// let OriginEntry::Pattern(pattern) = OriginEntry::parse("https://*.example.com")? else {
///     unreachable!()
/// };
/// assert!(pattern.matches(b"https://a.example.com"));
/// assert!(pattern.matches(b"https://a.b.example.com"));
/// assert!(!pattern.matches(b"https://example.com"));
/// assert!(!pattern.matches(b"https://evilexample.com"));
/// assert!(!pattern.matches(b"http://a.example.com"));
/// assert!(!pattern.matches(b"https://a.example.com:8443"));
///
/// let OriginEntry::Pattern(local) = OriginEntry::parse("http://localhost:*")? else {
///     unreachable!()
/// };
/// assert!(local.matches(b"http://localhost:5173"));
/// assert!(local.matches(b"http://localhost"));
/// assert!(!local.matches(b"http://localhost:80"));
/// assert!(!local.matches(b"https://localhost:5173"));
/// assert!(!local.matches(b"http://a.localhost:5173"));
/// # Ok::<(), cors_core::OriginError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OriginPattern {
    /// `https://`
    scheme_prefix: Cow<'static, str>,
    /// `.example.com`: the base host with its leading dot, so matches end on a label boundary;
    /// or, for a host pattern, the host itself (`localhost`), matched exactly.
    host_suffix: Cow<'static, str>,
    /// `:8443`, empty for the scheme's default port, or `:*` for any port.
    port_suffix: Cow<'static, str>,
}

/// The port suffix of a pattern matching every port.
const ANY_PORT: &str = ":*";

impl OriginPattern {
    /// Built by the origin grammar from validated pieces.
    pub(crate) fn new(scheme: &str, base_host: &str, port: &str) -> Self {
        OriginPattern {
            scheme_prefix: Cow::Owned(format!("{scheme}://")),
            host_suffix: Cow::Owned(format!(".{base_host}")),
            port_suffix: Cow::Owned(if port.is_empty() {
                String::new()
            } else {
                format!(":{port}")
            }),
        }
    }

    /// Every port of one exact host: `http://localhost:*`.
    pub(crate) fn any_port(scheme: &str, host: &str) -> Self {
        OriginPattern {
            scheme_prefix: Cow::Owned(format!("{scheme}://")),
            host_suffix: Cow::Owned(host.to_owned()),
            port_suffix: Cow::Borrowed(ANY_PORT),
        }
    }

    /// Rebuilds a pattern from the pieces [`OriginPattern::parts`] returned for a pattern that
    /// the origin grammar accepted. Used by code the `#[cors]` macro emits.
    ///
    /// # Panics
    ///
    /// On pieces the grammar never produces (a compile error in the macro's `static`), so that
    /// this hidden constructor cannot build a pattern matching every host: the scheme prefix must
    /// end in `://`; the host suffix must be `.` followed by at least two non-empty labels, or,
    /// with any port, a host without a leading dot; the port suffix must be empty, `:` followed
    /// by digits, or `:*`.
    #[doc(hidden)]
    pub const fn from_static_parts(
        scheme_prefix: &'static str,
        host_suffix: &'static str,
        port_suffix: &'static str,
    ) -> Self {
        assert!(
            is_scheme_prefix(scheme_prefix.as_bytes()),
            "pattern scheme prefix must be `scheme://`"
        );
        let any_port = is_any_port(port_suffix.as_bytes());
        assert!(
            is_host_suffix(host_suffix.as_bytes())
                || (any_port && is_exact_host(host_suffix.as_bytes())),
            "pattern host suffix must be `.` and at least two labels"
        );
        assert!(
            any_port || is_port_suffix(port_suffix.as_bytes()),
            "pattern port suffix must be empty, `:` and digits, or `:*`"
        );
        OriginPattern {
            scheme_prefix: Cow::Borrowed(scheme_prefix),
            host_suffix: Cow::Borrowed(host_suffix),
            port_suffix: Cow::Borrowed(port_suffix),
        }
    }

    /// The literal pieces: scheme prefix (`https://`), host suffix (`.example.com`, or the host
    /// of a host pattern) and port suffix (`:8443`, empty, or `:*` for any port).
    #[doc(hidden)]
    pub fn parts(&self) -> (&str, &str, &str) {
        (&self.scheme_prefix, &self.host_suffix, &self.port_suffix)
    }

    /// Whether a request's `Origin` bytes match this pattern.
    pub fn matches(&self, origin: &[u8]) -> bool {
        let Some(rest) = origin.strip_prefix(self.scheme_prefix.as_bytes()) else {
            return false;
        };
        let host = if self.port_suffix == ANY_PORT {
            match strip_port(rest, &self.scheme_prefix) {
                Some(host) => host,
                None => return false,
            }
        } else {
            match rest.strip_suffix(self.port_suffix.as_bytes()) {
                Some(host) => host,
                None => return false,
            }
        };
        if !self.host_suffix.starts_with('.') {
            // A host pattern: that host, exactly.
            return host == self.host_suffix.as_bytes();
        }
        let Some(labels) = host.strip_suffix(self.host_suffix.as_bytes()) else {
            return false;
        };
        // Only lowercase label characters and dots: this also rejects a port left over when the
        // pattern has none, userinfo, paths and every percent or punctuation trick. The length
        // limits keep a 16 KiB `Origin` that no page can have from being echoed.
        host.len() <= MAX_HOST_LEN && are_labels(labels)
    }
}

/// `host` without its port, when the port is one a browser sends: none (the scheme's default),
/// or 1 to 65535 in decimal without a leading zero and other than the scheme's default.
fn strip_port<'a>(host_and_port: &'a [u8], scheme_prefix: &str) -> Option<&'a [u8]> {
    // A bracketed IPv6 host ends in `]` when no port follows.
    let Some(colon) = host_and_port.iter().rposition(|&b| b == b':' || b == b']') else {
        return Some(host_and_port);
    };
    if host_and_port[colon] == b']' {
        return Some(host_and_port);
    }
    let (host, port) = (&host_and_port[..colon], &host_and_port[colon + 1..]);
    let digits = !port.is_empty() && port.len() <= 5 && port.iter().all(u8::is_ascii_digit);
    if !digits || port[0] == b'0' {
        return None;
    }
    let number: u32 = port.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    let scheme = scheme_prefix.strip_suffix("://").unwrap_or(scheme_prefix);
    let default = default_port(scheme).is_some_and(|default| default.as_bytes() == port);
    (number <= 65535 && !default).then_some(host)
}

/// `:*`.
const fn is_any_port(bytes: &[u8]) -> bool {
    bytes.len() == 2 && bytes[0] == b':' && bytes[1] == b'*'
}

/// A non-empty host without a leading dot, a `*`, a `/` or a `@`, and a `:` only inside an IPv6
/// literal's brackets: the host of a host pattern.
const fn is_exact_host(bytes: &[u8]) -> bool {
    if bytes.is_empty() || bytes[0] == b'.' {
        return false;
    }
    let bracketed = bytes[0] == b'[';
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' | b'/' | b'@' => return false,
            b':' if !bracketed => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

/// `scheme://` with a non-empty scheme.
const fn is_scheme_prefix(bytes: &[u8]) -> bool {
    let n = bytes.len();
    n > 3 && bytes[n - 3] == b':' && bytes[n - 2] == b'/' && bytes[n - 1] == b'/'
}

/// `.label.label[...]`: a leading dot and at least two non-empty labels, so a match always ends
/// on a label boundary below a registrable domain.
const fn is_host_suffix(bytes: &[u8]) -> bool {
    if bytes.is_empty() || bytes[0] != b'.' {
        return false;
    }
    let mut labels = 0;
    let mut label_len = 0;
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'.' {
            if label_len == 0 {
                return false;
            }
            labels += 1;
            label_len = 0;
        } else {
            label_len += 1;
        }
        i += 1;
    }
    label_len > 0 && labels + 1 >= 2
}

/// Empty, or `:` followed by one or more digits.
const fn is_port_suffix(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    if bytes[0] != b':' || bytes.len() < 2 {
        return false;
    }
    let mut i = 1;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            return false;
        }
        i += 1;
    }
    true
}

impl fmt::Display for OriginPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wildcard = if self.host_suffix.starts_with('.') {
            "*"
        } else {
            ""
        };
        write!(
            f,
            "{}{wildcard}{}{}",
            self.scheme_prefix, self.host_suffix, self.port_suffix
        )
    }
}
