//! Token grammar and the header lists of the Fetch standard (docs/protocol.md section 2).

/// RFC 9110 `tchar`.
const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// [`is_tchar`] of every byte, so that checking a request's header names costs a load per
/// byte rather than a chain of range tests.
static TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_tchar(b as u8);
        b += 1;
    }
    table
};

/// Whether `bytes` is a non-empty RFC 9110 token (method and header-name grammar).
pub(crate) fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| TCHAR[usize::from(b)])
}

/// [`is_token`] for `const fn`s, which cannot use the table: the checks of a policy's own
/// values, made once.
pub(crate) const fn is_token_const(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !is_tchar(bytes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// Methods a browser sends without a preflight; a preflight asking for them always passes.
pub(crate) const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Request headers scripts cannot set: listing one as allowed is always a mistake.
const FORBIDDEN_REQUEST_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether scripts are forbidden to set this (lowercase) request header.
pub(crate) fn is_forbidden_request_header(lowercase: &str) -> bool {
    FORBIDDEN_REQUEST_HEADERS.contains(&lowercase)
        || lowercase.starts_with("proxy-")
        || lowercase.starts_with("sec-")
}

/// Whether scripts can never read this (lowercase) response header, whatever is exposed.
pub(crate) fn is_forbidden_response_header(lowercase: &str) -> bool {
    matches!(lowercase, "set-cookie" | "set-cookie2")
}
