//! The host and port grammar of origins: schemes, DNS labels and their limits, IP literals.
//! Shared by exact origins and subdomain patterns.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The port browsers omit from the serialized origin for this (lowercase) scheme.
pub(crate) fn default_port(scheme: &str) -> Option<&'static str> {
    match scheme {
        "http" | "ws" => Some("80"),
        "https" | "wss" => Some("443"),
        _ => None,
    }
}

pub(crate) fn is_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Splits `host[:port]` or `[v6][:port]`; `None` when the host part is empty or malformed.
pub(crate) fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let (host, rest) = authority.split_at(end);
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    (!host.is_empty()).then_some((host, port))
}

/// A host as browsers serialize it: a lowercase reg-name, a dotted-decimal IPv4 address, or a
/// bracketed IPv6 address in its compressed form.
pub(crate) fn is_host(host: &str) -> bool {
    match host.strip_prefix('[') {
        Some(v6) => v6.strip_suffix(']').is_some_and(|inner| {
            inner
                .parse::<Ipv6Addr>()
                .is_ok_and(|address| serialize_ipv6(address) == inner)
        }),
        None => {
            is_reg_name(host)
                && (!ends_in_number(host)
                    || host
                        .parse::<Ipv4Addr>()
                        .is_ok_and(|address| address.to_string() == host))
        }
    }
}

/// Whether the URL parser reads this host as an IPv4 address (its last label is a decimal or
/// `0x` number): browsers then send it in dotted-decimal form (`http://2130706433` is sent as
/// `http://127.0.0.1`) or refuse it (`https://example.123`).
pub(crate) fn ends_in_number(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or(host);
    !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || last
                .strip_prefix("0x")
                .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())))
}

/// `[v6]` in the form browsers send, if `host` is a bracketed IPv6 address in any valid form.
pub(crate) fn canonical_ipv6(host: &str) -> Option<String> {
    let inner = host.strip_prefix('[')?.strip_suffix(']')?;
    let address = inner.parse::<Ipv6Addr>().ok()?;
    Some(format!("[{}]", serialize_ipv6(address)))
}

/// The URL standard's IPv6 serialization: lowercase hex pieces without leading zeros, the first
/// longest run of two or more zero pieces written `::`, and never a dotted IPv4 tail (unlike
/// `Ipv6Addr`'s `Display`, which writes `::ffff:127.0.0.1`).
fn serialize_ipv6(address: Ipv6Addr) -> String {
    let pieces = address.segments();
    let mut compress: Option<(usize, usize)> = None;
    let mut start = 0;
    while start < pieces.len() {
        let len = pieces[start..].iter().take_while(|&&p| p == 0).count();
        if len >= 2 && compress.is_none_or(|(_, longest)| len > longest) {
            compress = Some((start, len));
        }
        start += len.max(1);
    }
    let mut out = String::new();
    let mut index = 0;
    while index < pieces.len() {
        if let Some((_, len)) = compress.filter(|&(at, _)| at == index) {
            out.push_str(if index == 0 { "::" } else { ":" });
            index += len;
            continue;
        }
        let _ = write!(out, "{:x}", pieces[index]);
        if index + 1 < pieces.len() {
            out.push(':');
        }
        index += 1;
    }
    out
}

/// The longest host name DNS can resolve (RFC 1035), so the longest a page's origin can have.
pub(crate) const MAX_HOST_LEN: usize = 253;

/// The longest label DNS allows (RFC 1035).
const MAX_LABEL_LEN: usize = 63;

/// Dot-separated labels of lowercase letters, digits, `-` and `_`, within DNS's limits.
pub(crate) fn is_reg_name(host: &str) -> bool {
    host.len() <= MAX_HOST_LEN && are_labels(host.as_bytes())
}

/// Dot-separated labels of 1 to 63 lowercase letters, digits, `-` or `_` (63 is DNS's limit,
/// so no page can have a longer one in its origin).
pub(crate) fn are_labels(labels: &[u8]) -> bool {
    labels.split(|&b| b == b'.').all(|label| {
        (1..=MAX_LABEL_LEN).contains(&label.len()) && label.iter().copied().all(is_label_byte)
    })
}

/// A byte a host label may hold as browsers serialize it: lowercase ASCII letters, digits, `-`
/// and `_`.
fn is_label_byte(byte: u8) -> bool {
    matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
}

/// A DNS length limit that a host breaks, with the offending length in bytes.
pub(crate) enum DnsLimit {
    /// The longest label is above [`MAX_LABEL_LEN`].
    Label(usize),
    /// The host is above [`MAX_HOST_LEN`].
    Host(usize),
    /// A pattern's base host leaves no room for a label in front of it.
    PatternBase(usize),
}

impl DnsLimit {
    /// What is wrong, after "has an invalid host: ".
    pub(crate) fn problem(&self) -> String {
        match *self {
            DnsLimit::Label(len) => {
                format!("a label of {len} bytes, above DNS's limit of {MAX_LABEL_LEN}")
            }
            DnsLimit::Host(len) => {
                format!("{len} bytes long, above DNS's limit of {MAX_HOST_LEN}")
            }
            DnsLimit::PatternBase(len) => format!(
                "the base host is {len} bytes, so with a label in front (at least \"x.\") every \
                 match would be above DNS's limit of {MAX_HOST_LEN}"
            ),
        }
    }

    /// The suggestion: no page can have such an origin.
    pub(crate) fn fix(&self) -> String {
        let limit = match self {
            DnsLimit::Label(_) => format!("labels of at most {MAX_LABEL_LEN} bytes"),
            DnsLimit::Host(_) => format!("hosts of at most {MAX_HOST_LEN} bytes"),
            DnsLimit::PatternBase(_) => format!(
                "hosts of at most {MAX_HOST_LEN} bytes, which leaves {} for a pattern's base host",
                MAX_HOST_LEN - 2
            ),
        };
        format!(
            "no page can have such an origin, as DNS only resolves {limit}: check it for a \
             missing dot or pasted text"
        )
    }
}

/// The DNS limit an origin's host breaks, when that alone makes it invalid: every label is
/// otherwise well-formed (non-empty, of lowercase label characters) and the host does not end
/// in a number. For the message of [`OriginErrorKind::InvalidHost`].
pub(crate) fn dns_limit(input: &str) -> Option<DnsLimit> {
    let (_, rest) = input.split_once("://")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let (host, _) = split_host_port(authority)?;
    let (labels, pattern) = match host.strip_prefix("*.") {
        Some(base) => (base, true),
        None => (host, false),
    };
    let well_formed = labels
        .split('.')
        .all(|label| !label.is_empty() && label.bytes().all(is_label_byte));
    if !well_formed || ends_in_number(labels) {
        return None;
    }
    let longest = labels.split('.').map(str::len).max().unwrap_or(0);
    if longest > MAX_LABEL_LEN {
        Some(DnsLimit::Label(longest))
    } else if pattern && labels.len() + 2 > MAX_HOST_LEN {
        Some(DnsLimit::PatternBase(labels.len()))
    } else if labels.len() > MAX_HOST_LEN {
        Some(DnsLimit::Host(labels.len()))
    } else {
        None
    }
}
