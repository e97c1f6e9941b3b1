//! The allow-set oracle, written from docs/protocol.md (sections 1 and 9) byte by byte, sharing no
//! code with `cors-core`, so a bug in the library's own label check cannot hide itself.

/// Whether `host` is one or more whole DNS labels in front of `.{base}`: every label 1 to 63
/// bytes of lowercase ASCII letters, digits, `-` or `_`, and the whole host at most 253 bytes.
pub fn is_subdomain_host(host: &[u8], base: &[u8]) -> bool {
    if host.len() > 253 || host.len() <= base.len() + 1 {
        return false;
    }
    let (labels, rest) = host.split_at(host.len() - base.len() - 1);
    if rest[0] != b'.' || &rest[1..] != base {
        return false;
    }
    let mut label_len = 0;
    for &byte in labels {
        match byte {
            b'.' if label_len == 0 => return false,
            b'.' => label_len = 0,
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => {
                label_len += 1;
                if label_len > 63 {
                    return false;
                }
            }
            _ => return false,
        }
    }
    label_len > 0
}

/// Whether `origin` is `{scheme}://<labels>.{base}{port}`, `port` being empty or `:digits`.
pub fn is_subdomain_origin(origin: &[u8], scheme: &[u8], base: &[u8], port: &[u8]) -> bool {
    let Some(rest) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix(b"://"))
    else {
        return false;
    };
    rest.strip_suffix(port)
        .is_some_and(|host| is_subdomain_host(host, base))
}

/// Whether `port` (what follows the host's `:`) is a port a browser sends for `scheme`: 1 to
/// 65535 in decimal, no leading zero, not the scheme's default (browsers leave that out).
pub fn is_sent_port(port: &[u8], scheme: &[u8]) -> bool {
    if port.is_empty() || port.len() > 5 || port[0] == b'0' {
        return false;
    }
    let mut value: u32 = 0;
    for &byte in port {
        if !byte.is_ascii_digit() {
            return false;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    let default: &[u8] = match scheme {
        b"http" | b"ws" => b"80",
        b"https" | b"wss" => b"443",
        _ => b"",
    };
    value <= 65535 && port != default
}

/// Whether `origin` is `{scheme}://{host}` plus any port a browser sends (or none), where
/// `host` is exactly `base` (`subdomains` false) or whole labels in front of `.{base}`.
pub fn is_any_port_origin(origin: &[u8], scheme: &[u8], base: &[u8], subdomains: bool) -> bool {
    let Some(rest) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix(b"://"))
    else {
        return false;
    };
    let host_matches = |host: &[u8]| {
        if subdomains {
            is_subdomain_host(host, base)
        } else {
            host == base
        }
    };
    if host_matches(rest) {
        return true;
    }
    // Split at the last `:` that is not inside an IPv6 literal's brackets.
    match rest.iter().rposition(|&b| b == b':') {
        Some(colon) if !rest[colon..].contains(&b']') => {
            host_matches(&rest[..colon]) && is_sent_port(&rest[colon + 1..], scheme)
        }
        _ => false,
    }
}
