//! Same-origin detection for strict mode: browsers send `Origin` on same-origin requests too
//! (every non-GET/HEAD request), and those must not be refused as cross-origin.

use crate::host::default_port;
use crate::request::{CorsRequestHeader, RequestView};

/// Whether a browser says `request` comes from the server's own origin:
/// `Sec-Fetch-Site: same-origin`. Browsers set the header and scripts cannot (it is a forbidden
/// request header), so unlike the server's idea of its own scheme and host it holds behind a
/// TLS-terminating proxy that does not forward the scheme. Strict mode checks this first, then
/// [`is_same_origin`].
///
/// ```
/// use cors_core::glue::fetch_site_is_same_origin;
///
/// let request = http::Request::post("/notes")
///     .header("origin", "https://app.example.com")
///     .header("sec-fetch-site", "same-origin")
///     .body(())
///     .unwrap();
/// assert!(fetch_site_is_same_origin(&request));
/// let cross = http::Request::post("/notes").header("sec-fetch-site", "cross-site").body(()).unwrap();
/// assert!(!fetch_site_is_same_origin(&cross));
/// ```
pub fn fetch_site_is_same_origin<R>(request: &R) -> bool
where
    R: RequestView + ?Sized,
{
    // One line with exactly this token: a repeated or unknown value proves nothing.
    let mut values = request.header_values(CorsRequestHeader::FetchSite);
    matches!((values.next(), values.next()), (Some(b"same-origin"), None))
}

/// Whether `origin` (a request's `Origin` bytes) names the same origin as a request received
/// with this `scheme` and `Host`.
///
/// Browsers send `Origin` on same-origin requests too (every non-GET/HEAD request), so strict
/// mode uses this to let them through. The host is compared case-insensitively and the scheme's
/// default port in `host` is ignored.
///
/// ```
/// use cors_core::glue::is_same_origin;
///
/// assert!(is_same_origin(b"https://api.example.com", "https", "api.example.com:443"));
/// assert!(is_same_origin(b"http://localhost:8080", "http", "localhost:8080"));
/// assert!(!is_same_origin(b"https://app.example.com", "https", "api.example.com"));
/// ```
pub fn is_same_origin(origin: &[u8], scheme: &str, host: &str) -> bool {
    let host = match (host.rsplit_once(':'), default_port(scheme)) {
        (Some((name, port)), Some(default)) if port == default => name,
        _ => host,
    };
    let Some(rest) = strip_prefix_ignore_case(origin, scheme.as_bytes()) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(b"://") else {
        return false;
    };
    rest.eq_ignore_ascii_case(host.as_bytes())
}

fn strip_prefix_ignore_case<'a>(bytes: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    if bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix) {
        Some(&bytes[prefix.len()..])
    } else {
        None
    }
}
