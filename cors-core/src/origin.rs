//! The origin grammar for configured origins: `scheme://host[:port]`, exactly as browsers
//! serialize it in the `Origin` header (docs/protocol.md section 1).
//!
//! Configured origins are validated once, so that a request's `Origin` can be compared
//! byte-for-byte. Anything a browser would never send is an error with a suggested fix, because a
//! configured `https://App.com/` silently never matches.

use std::fmt;

use crate::host::{
    DnsLimit, MAX_HOST_LEN, canonical_ipv6, default_port, dns_limit, ends_in_number, is_host,
    is_reg_name, is_scheme, split_host_port,
};
use crate::pattern::OriginPattern;

/// What is wrong with an origin string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OriginErrorKind {
    /// The empty string.
    Empty,
    /// Leading, trailing or inner whitespace.
    Whitespace,
    /// Several origins in one string (`"https://a.com, https://b.com"`).
    SeveralOrigins,
    /// No `scheme://` (`example.com`).
    MissingScheme,
    /// A scheme with characters outside `[a-z0-9+.-]`.
    InvalidScheme,
    /// A trailing slash or a path (`https://a.com/`).
    Path,
    /// A query or a fragment (`https://a.com?x`).
    QueryOrFragment,
    /// A userinfo part (`https://user@a.com`).
    Userinfo,
    /// Uppercase letters in the scheme or host (`https://App.com`).
    Uppercase,
    /// The scheme's default port written out (`https://a.com:443`).
    DefaultPort,
    /// A port above 65535.
    PortOutOfRange,
    /// An empty port, a port with non-digits or leading zeros.
    InvalidPort,
    /// A missing host or one with characters browsers never serialize.
    InvalidHost,
    /// A host with non-ASCII characters (browsers send punycode).
    NonAsciiHost,
    /// The literal `null` where an exact origin is required.
    Null,
    /// `*` where an exact origin is required.
    Wildcard,
    /// `https://*`: a wildcard for the whole host.
    WildcardAlone,
    /// `https://*.com`: a wildcard directly above a top-level label.
    WildcardAboveTopLevel,
    /// `https://a*.example.com`: a wildcard inside a label.
    WildcardInLabel,
    /// `*://example.com`
    WildcardInScheme,
    /// `https://example.com:*`
    WildcardInPort,
    /// `https://*.*.example.com`
    MultipleWildcards,
}

impl OriginErrorKind {
    /// A stable identifier for the kind.
    ///
    /// ```
    /// assert_eq!(cors_core::OriginErrorKind::Path.code(), "origin-path");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            OriginErrorKind::Empty => "origin-empty",
            OriginErrorKind::Whitespace => "origin-whitespace",
            OriginErrorKind::SeveralOrigins => "origin-several",
            OriginErrorKind::MissingScheme => "origin-missing-scheme",
            OriginErrorKind::InvalidScheme => "origin-invalid-scheme",
            OriginErrorKind::Path => "origin-path",
            OriginErrorKind::QueryOrFragment => "origin-query-or-fragment",
            OriginErrorKind::Userinfo => "origin-userinfo",
            OriginErrorKind::Uppercase => "origin-uppercase",
            OriginErrorKind::DefaultPort => "origin-default-port",
            OriginErrorKind::PortOutOfRange => "origin-port-out-of-range",
            OriginErrorKind::InvalidPort => "origin-invalid-port",
            OriginErrorKind::InvalidHost => "origin-invalid-host",
            OriginErrorKind::NonAsciiHost => "origin-non-ascii-host",
            OriginErrorKind::Null => "origin-null",
            OriginErrorKind::Wildcard => "origin-wildcard",
            OriginErrorKind::WildcardAlone => "origin-wildcard-alone",
            OriginErrorKind::WildcardAboveTopLevel => "origin-wildcard-above-top-level",
            OriginErrorKind::WildcardInLabel => "origin-wildcard-in-label",
            OriginErrorKind::WildcardInScheme => "origin-wildcard-in-scheme",
            OriginErrorKind::WildcardInPort => "origin-wildcard-in-port",
            OriginErrorKind::MultipleWildcards => "origin-multiple-wildcards",
        }
    }
}

/// A configured origin string that does not follow the grammar, with a suggested fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginError {
    kind: OriginErrorKind,
    message: String,
    suggestion: String,
}

impl OriginError {
    fn new(kind: OriginErrorKind, input: &str) -> Self {
        let shown = format!("{input:?}");
        let dns = match kind {
            OriginErrorKind::InvalidHost => dns_limit(input),
            _ => None,
        };
        let message = match kind {
            OriginErrorKind::Empty => "origin is an empty string".to_owned(),
            OriginErrorKind::Whitespace => format!("origin {shown} contains whitespace"),
            OriginErrorKind::SeveralOrigins => {
                format!("origin {shown} holds several origins in one string")
            }
            OriginErrorKind::MissingScheme => format!("origin {shown} has no scheme"),
            OriginErrorKind::InvalidScheme => format!("origin {shown} has an invalid scheme"),
            OriginErrorKind::Path => {
                if input.ends_with('/') && input.matches('/').count() == 3 {
                    format!("origin {shown} has a trailing slash")
                } else {
                    format!("origin {shown} has a path; an origin is only scheme://host[:port]")
                }
            }
            OriginErrorKind::QueryOrFragment => {
                format!("origin {shown} has a query or fragment")
            }
            OriginErrorKind::Userinfo => format!("origin {shown} has a user name or password"),
            OriginErrorKind::Uppercase => format!(
                "origin {shown} has uppercase letters; browsers send the scheme and host in lowercase"
            ),
            OriginErrorKind::DefaultPort => {
                format!("origin {shown} spells out the default port, which browsers never send")
            }
            OriginErrorKind::PortOutOfRange => format!("origin {shown} has a port above 65535"),
            OriginErrorKind::InvalidPort => format!("origin {shown} has an invalid port"),
            OriginErrorKind::InvalidHost => match &dns {
                Some(limit) => format!("origin {shown} has an invalid host: {}", limit.problem()),
                None => format!("origin {shown} has an invalid host"),
            },
            OriginErrorKind::NonAsciiHost => format!(
                "origin {shown} has a non-ASCII host; browsers send internationalized hosts in punycode"
            ),
            OriginErrorKind::Null => format!("{shown} is not an exact origin"),
            OriginErrorKind::Wildcard => format!("{shown} is a wildcard, not an exact origin"),
            OriginErrorKind::WildcardAlone => {
                format!("origin pattern {shown} matches every host")
            }
            OriginErrorKind::WildcardAboveTopLevel => format!(
                "origin pattern {shown} puts the wildcard directly above a top-level domain"
            ),
            OriginErrorKind::WildcardInLabel => format!(
                "origin pattern {shown} has a wildcard inside a label; `*` must be a whole leading label"
            ),
            OriginErrorKind::WildcardInScheme => {
                format!("origin pattern {shown} has a wildcard in the scheme")
            }
            OriginErrorKind::WildcardInPort => {
                format!("origin pattern {shown} has a wildcard in the port")
            }
            OriginErrorKind::MultipleWildcards => {
                format!("origin pattern {shown} has more than one wildcard")
            }
        };
        let fixed = canonicalize(input);
        let suggestion = match (kind, fixed) {
            (OriginErrorKind::Empty, _) => {
                "write a full origin such as \"https://app.example.com\"".to_owned()
            }
            (OriginErrorKind::SeveralOrigins, _) => {
                let parts: Vec<String> = input
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|p| !p.is_empty())
                    .map(|p| format!("{:?}", canonicalize(p).unwrap_or_else(|| p.to_owned())))
                    .collect();
                format!("write one origin per string: {}", parts.join(", "))
            }
            (OriginErrorKind::NonAsciiHost, _) => {
                "write the host in its punycode (xn--) form, as browsers send it".to_owned()
            }
            (OriginErrorKind::PortOutOfRange, _) => "use a port between 1 and 65535".to_owned(),
            (OriginErrorKind::Null, _) => {
                "\"null\" is only allowed in the origin list, with `allow_null_origin`".to_owned()
            }
            (OriginErrorKind::Wildcard, _) => {
                "use an exact origin such as \"https://app.example.com\"".to_owned()
            }
            (OriginErrorKind::WildcardAlone, _) => {
                "use \"*\" to allow any origin, or a pattern below a registrable domain such as \"https://*.example.com\"".to_owned()
            }
            (OriginErrorKind::WildcardAboveTopLevel, _) => {
                "put the wildcard below a registrable domain, e.g. \"https://*.example.com\"".to_owned()
            }
            (
                OriginErrorKind::WildcardInLabel
                | OriginErrorKind::MultipleWildcards
                | OriginErrorKind::WildcardInScheme
                | OriginErrorKind::WildcardInPort,
                _,
            ) => "write one `*` as the whole leading label, with a fixed scheme and port: \"https://*.example.com\"".to_owned(),
            (_, Some(fixed)) => format!("write {fixed:?}"),
            (_, None) => "write the origin as scheme://host[:port], e.g. \"https://app.example.com\"".to_owned(),
        };
        // A host beyond DNS's limits cannot be repaired, but the limit it breaks can be named.
        let suggestion = dns.as_ref().map_or(suggestion, DnsLimit::fix);
        OriginError {
            kind,
            message,
            suggestion,
        }
    }

    /// The stable kind of the problem.
    pub fn kind(&self) -> OriginErrorKind {
        self.kind
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it; for repairable inputs this names the corrected origin.
    pub fn suggestion(&self) -> &str {
        &self.suggestion
    }
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\nhelp: {}", self.message, self.suggestion)
    }
}

impl std::error::Error for OriginError {}

/// A validated exact origin, in the serialized form browsers send.
///
/// ```
/// use cors_core::Origin;
///
/// let origin = Origin::parse("https://app.example.com:8443")?;
/// assert_eq!(origin.as_str(), "https://app.example.com:8443");
///
/// let err = Origin::parse("https://App.example.com/").unwrap_err();
/// assert_eq!(err.suggestion(), "write \"https://app.example.com\"");
/// # Ok::<(), cors_core::OriginError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(String);

impl Origin {
    /// Parses an exact origin. `*`, `null` and patterns are errors here; see [`OriginEntry`].
    pub fn parse(input: &str) -> Result<Origin, OriginError> {
        match OriginEntry::parse(input)? {
            OriginEntry::Exact(origin) => Ok(origin),
            OriginEntry::Any => Err(OriginError::new(OriginErrorKind::Wildcard, input)),
            OriginEntry::Null => Err(OriginError::new(OriginErrorKind::Null, input)),
            OriginEntry::Pattern(_) => Err(OriginError::new(OriginErrorKind::Wildcard, input)),
        }
    }

    /// A request's `Origin` value, when it is one exact origin as browsers serialize it: `None`
    /// for `null`, a pattern, several origins, non-UTF-8 bytes or anything else malformed.
    ///
    /// ```
    /// use cors_core::Origin;
    ///
    /// let origin = Origin::from_request(b"https://shop.example:8443").unwrap();
    /// assert_eq!((origin.scheme(), origin.host(), origin.port()), ("https", "shop.example", Some(8443)));
    /// for hostile in [&b"null"[..], b"https://*.example", b"https://a.example/", b"HTTPS://A.EXAMPLE", b"\xff"] {
    ///     assert_eq!(Origin::from_request(hostile), None);
    /// }
    /// ```
    pub fn from_request(value: &[u8]) -> Option<Origin> {
        let value = std::str::from_utf8(value).ok()?;
        match OriginEntry::classify(value) {
            Ok(OriginEntry::Exact(origin)) => Some(origin),
            _ => None,
        }
    }

    /// The serialized origin.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The scheme, lowercase: `https`.
    ///
    /// ```
    /// let origin = cors_core::Origin::parse("http://[::1]:8080")?;
    /// assert_eq!((origin.scheme(), origin.host(), origin.port()), ("http", "[::1]", Some(8080)));
    /// # Ok::<(), cors_core::OriginError>(())
    /// ```
    pub fn scheme(&self) -> &str {
        self.parts().0
    }

    /// The host, lowercase, an IPv6 address in brackets: `app.example.com`, `[::1]`.
    ///
    /// ```
    /// let origin = cors_core::Origin::parse("https://shop.tenant.example")?;
    /// assert_eq!(origin.host().strip_suffix(".tenant.example"), Some("shop"));
    /// # Ok::<(), cors_core::OriginError>(())
    /// ```
    pub fn host(&self) -> &str {
        self.parts().1
    }

    /// The port, when the origin has one: never the scheme's default, which browsers leave out.
    ///
    /// ```
    /// use cors_core::Origin;
    /// assert_eq!(Origin::parse("http://localhost:5173")?.port(), Some(5173));
    /// assert_eq!(Origin::parse("https://app.example.com")?.port(), None);
    /// # Ok::<(), cors_core::OriginError>(())
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.parts().2
    }

    /// The scheme, host and port of a validated origin.
    fn parts(&self) -> (&str, &str, Option<u16>) {
        let (scheme, authority) = self.0.split_once("://").unwrap_or(("", &self.0));
        let (host, port) = split_host_port(authority).unwrap_or((authority, None));
        (scheme, host, port.and_then(|port| port.parse().ok()))
    }

    /// Consumes the origin into its string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One entry of a configured origin list, classified.
///
/// ```
/// use cors_core::OriginEntry;
///
/// assert!(matches!(OriginEntry::parse("*"), Ok(OriginEntry::Any)));
/// assert!(matches!(OriginEntry::parse("null"), Ok(OriginEntry::Null)));
/// assert!(matches!(OriginEntry::parse("https://*.example.com"), Ok(OriginEntry::Pattern(_))));
/// assert!(matches!(OriginEntry::parse("https://example.com"), Ok(OriginEntry::Exact(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginEntry {
    /// `*`: any origin.
    Any,
    /// `null`: opaque origins (sandboxed frames, `data:` and some `file:` pages).
    Null,
    /// An exact origin.
    Exact(Origin),
    /// A subdomain pattern such as `https://*.example.com`.
    Pattern(OriginPattern),
}

impl OriginEntry {
    /// Parses and classifies one configured origin string.
    pub fn parse(input: &str) -> Result<OriginEntry, OriginError> {
        Self::classify(input).map_err(|kind| OriginError::new(kind, input))
    }

    /// The grammar behind [`OriginEntry::parse`], without building the error: building it calls
    /// [`canonicalize`], which checks its own result with this function.
    fn classify(input: &str) -> Result<OriginEntry, OriginErrorKind> {
        let err = Err;
        if input.is_empty() {
            return err(OriginErrorKind::Empty);
        }
        // Inner whitespace in one origin is `Whitespace`; several origins each have a scheme.
        let schemes = input.split_whitespace().filter(|part| part.contains("://"));
        if input.contains(',') || schemes.count() > 1 {
            return err(OriginErrorKind::SeveralOrigins);
        }
        if input.chars().any(char::is_whitespace) {
            return err(OriginErrorKind::Whitespace);
        }
        if input == "*" {
            return Ok(OriginEntry::Any);
        }
        if input == "null" {
            return Ok(OriginEntry::Null);
        }
        if input.eq_ignore_ascii_case("null") {
            return err(OriginErrorKind::Uppercase);
        }
        let Some((scheme, rest)) = input.split_once("://") else {
            return err(OriginErrorKind::MissingScheme);
        };
        if scheme.contains('*') {
            return err(OriginErrorKind::WildcardInScheme);
        }
        if !is_scheme(scheme) {
            return err(OriginErrorKind::InvalidScheme);
        }
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if tail.starts_with('/') {
            return err(OriginErrorKind::Path);
        }
        if !tail.is_empty() {
            return err(OriginErrorKind::QueryOrFragment);
        }
        if authority.contains('@') {
            return err(OriginErrorKind::Userinfo);
        }
        let (host, port) = match split_host_port(authority) {
            Some(parts) => parts,
            None => return err(OriginErrorKind::InvalidHost),
        };
        // `:*`, every port of the host: a development convenience (`http://localhost:*`).
        let any_port = port == Some("*");
        if let Some(port) = port.filter(|_| !any_port) {
            if port.contains('*') {
                return err(OriginErrorKind::WildcardInPort);
            }
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return err(OriginErrorKind::InvalidPort);
            }
            if port.len() > 5 || port.parse::<u32>().map_or(true, |p| p > 65535) {
                return err(OriginErrorKind::PortOutOfRange);
            }
            if port.starts_with('0') {
                return err(OriginErrorKind::InvalidPort);
            }
            if Some(port) == default_port(&scheme.to_ascii_lowercase()) {
                return err(OriginErrorKind::DefaultPort);
            }
        }
        if !host.is_ascii() {
            return err(OriginErrorKind::NonAsciiHost);
        }
        if scheme
            .bytes()
            .chain(host.bytes())
            .any(|b| b.is_ascii_uppercase())
        {
            return err(OriginErrorKind::Uppercase);
        }
        match host.matches('*').count() {
            0 => {
                if !is_host(host) {
                    return err(OriginErrorKind::InvalidHost);
                }
                if any_port {
                    return Ok(OriginEntry::Pattern(OriginPattern::any_port(scheme, host)));
                }
                Ok(OriginEntry::Exact(Origin(input.to_owned())))
            }
            1 => {
                if host == "*" {
                    return err(OriginErrorKind::WildcardAlone);
                }
                let Some(base) = host.strip_prefix("*.") else {
                    return err(OriginErrorKind::WildcardInLabel);
                };
                // The shortest match puts `x.` in front of the base: a longer base can match
                // no origin at all.
                if !is_reg_name(base) || ends_in_number(base) || base.len() + 2 > MAX_HOST_LEN {
                    return err(OriginErrorKind::InvalidHost);
                }
                if !base.contains('.') {
                    return err(OriginErrorKind::WildcardAboveTopLevel);
                }
                let port = if any_port { "*" } else { port.unwrap_or("") };
                Ok(OriginEntry::Pattern(OriginPattern::new(scheme, base, port)))
            }
            _ => err(OriginErrorKind::MultipleWildcards),
        }
    }
}

/// Repairs a configured origin string into the form browsers send, if it can be repaired.
///
/// This is what the suggestions of [`OriginError`] name: whitespace trimmed, a missing scheme
/// taken as `https`, scheme and host lowercased, userinfo, path, query and fragment dropped, the
/// default port removed. The result, when there is one, always parses, and canonicalizing it
/// again changes nothing.
///
/// ```
/// use cors_core::canonicalize;
///
/// assert_eq!(canonicalize("example.com").as_deref(), Some("https://example.com"));
/// assert_eq!(canonicalize("HTTPS://A.com:443/x?y").as_deref(), Some("https://a.com"));
/// assert_eq!(canonicalize("https://a.com, https://b.com"), None);
/// ```
pub fn canonicalize(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.contains(',') || trimmed.split_whitespace().count() != 1 {
        return None;
    }
    if trimmed == "*" {
        return Some("*".to_owned());
    }
    if trimmed.eq_ignore_ascii_case("null") {
        return Some("null".to_owned());
    }
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("https".to_owned(), trimmed.trim_start_matches('/')),
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = split_host_port(authority)?;
    let host = canonical_ipv6(host).unwrap_or_else(|| host.to_ascii_lowercase());
    let mut fixed = format!("{scheme}://{host}");
    // An empty port (`https://a.com:`) means the default one, as in the URL standard.
    if let Some(port) = port.filter(|port| !port.is_empty()) {
        let digits = port.trim_start_matches('0');
        let digits = if digits.is_empty() && !port.is_empty() {
            "0"
        } else {
            digits
        };
        if Some(digits) != default_port(&scheme) {
            fixed.push(':');
            fixed.push_str(digits);
        }
    }
    OriginEntry::classify(&fixed).ok().map(|_| fixed)
}
