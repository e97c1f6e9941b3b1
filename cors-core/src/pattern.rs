//! Subdomain patterns: `https://*.example.com` (docs/protocol.md section 9).
//!
//! A pattern matches one or more whole leading labels in front of its base host, with the same
//! scheme and port. It is stored as three literal pieces so that matching is a prefix test, a
//! suffix test and a scan of the label characters, with no parsing or allocation per request.

use std::borrow::Cow;
use std::fmt;

use crate::host::{MAX_HOST_LEN, are_labels};

/// A validated subdomain pattern such as `https://*.example.com`.
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
/// # Ok::<(), cors_core::OriginError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OriginPattern {
    /// `https://`
    scheme_prefix: Cow<'static, str>,
    /// `.example.com`: the base host with its leading dot, so matches end on a label boundary.
    host_suffix: Cow<'static, str>,
    /// `:8443`, or empty for the scheme's default port.
    port_suffix: Cow<'static, str>,
}

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

    /// Rebuilds a pattern from the pieces [`OriginPattern::parts`] returned for a pattern that
    /// the origin grammar accepted. Used by code the `#[cors]` macro emits.
    ///
    /// # Panics
    ///
    /// On pieces the grammar never produces (a compile error in the macro's `static`), so that
    /// this hidden constructor cannot build a pattern matching every host: the scheme prefix must
    /// end in `://`, the host suffix must be `.` followed by at least two non-empty labels, and
    /// the port suffix must be empty or `:` followed by digits.
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
        assert!(
            is_host_suffix(host_suffix.as_bytes()),
            "pattern host suffix must be `.` and at least two labels"
        );
        assert!(
            is_port_suffix(port_suffix.as_bytes()),
            "pattern port suffix must be empty or `:` and digits"
        );
        OriginPattern {
            scheme_prefix: Cow::Borrowed(scheme_prefix),
            host_suffix: Cow::Borrowed(host_suffix),
            port_suffix: Cow::Borrowed(port_suffix),
        }
    }

    /// The literal pieces: scheme prefix (`https://`), host suffix (`.example.com`) and port
    /// suffix (`:8443` or empty).
    #[doc(hidden)]
    pub fn parts(&self) -> (&str, &str, &str) {
        (&self.scheme_prefix, &self.host_suffix, &self.port_suffix)
    }

    /// Whether a request's `Origin` bytes match this pattern.
    pub fn matches(&self, origin: &[u8]) -> bool {
        let Some(rest) = origin.strip_prefix(self.scheme_prefix.as_bytes()) else {
            return false;
        };
        let Some(host) = rest.strip_suffix(self.port_suffix.as_bytes()) else {
            return false;
        };
        let Some(labels) = host.strip_suffix(self.host_suffix.as_bytes()) else {
            return false;
        };
        // Only lowercase label characters and dots: this also rejects a port left over when the
        // pattern has none, userinfo, paths and every percent or punctuation trick. The length
        // limits keep a 16 KiB `Origin` that no page can have from being echoed.
        host.len() <= MAX_HOST_LEN && are_labels(labels)
    }
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
        write!(
            f,
            "{}*{}{}",
            self.scheme_prefix, self.host_suffix, self.port_suffix
        )
    }
}
