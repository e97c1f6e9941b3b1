//! The `http` 1.x adapter: [`RequestView`] for `http` requests and a function that writes a
//! [`Decision`] into an [`http::HeaderMap`], so hyper and tower code can use the engine too.

use http::header::{self, HeaderMap, HeaderValue};

use crate::decision::Decision;
use crate::request::{CorsRequestHeader, RequestView};
use crate::response::{CorsResponseHeader, ResponseValue};
use crate::vary::{VaryUpdate, merge_vary};

impl RequestView for http::request::Parts {
    fn method(&self) -> &[u8] {
        self.method.as_str().as_bytes()
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.headers
            .get_all(name.as_str())
            .into_iter()
            .map(HeaderValue::as_bytes)
    }
}

impl<B> RequestView for http::Request<B> {
    fn method(&self) -> &[u8] {
        self.method().as_str().as_bytes()
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.headers()
            .get_all(name.as_str())
            .into_iter()
            .map(HeaderValue::as_bytes)
    }
}

/// Writes the CORS response headers of `decision`, which `request` was decided into, into
/// `headers`, merging `Vary`.
///
/// For a preflight the caller also sets the status ([`Preflight::status`](crate::glue::Preflight)) and
/// an empty body; for a rejected preflight, 403.
///
/// ```
/// use cors_core::{apply_to_headers, PolicySpec};
///
/// let policy = PolicySpec::new().origins(["https://app.example.com"]).methods(["GET"]).compile()?;
/// let request = http::Request::get("/").header("origin", "https://app.example.com").body(()).unwrap();
/// let mut headers = http::HeaderMap::new();
/// apply_to_headers(&policy.decide(&request), &request, &mut headers);
/// assert_eq!(headers["access-control-allow-origin"], "https://app.example.com");
/// assert_eq!(headers["vary"], "Origin");
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
pub fn apply_to_headers<'r, R>(decision: &Decision<'_, 'r>, request: &'r R, headers: &mut HeaderMap)
where
    R: RequestView + ?Sized,
{
    decision.write_headers(
        &mut |name: CorsResponseHeader, value: ResponseValue<'_, 'r>| {
            // Every value is a validated origin, token list or number, or request bytes the engine
            // checked; one that `http` still refused would be left out rather than sent broken.
            if let Ok(value) = HeaderValue::from_bytes(&value.bytes(request)) {
                headers.insert(name.as_str(), value);
            }
        },
    );
    if let Some(vary) = decision.vary() {
        let existing = || {
            headers
                .get_all(header::VARY)
                .iter()
                .map(HeaderValue::as_bytes)
        };
        match merge_vary(existing, vary) {
            VaryUpdate::Keep => {}
            VaryUpdate::Insert(value) => {
                headers.insert(header::VARY, HeaderValue::from_static(value));
            }
            VaryUpdate::Replace(value) => {
                if let Ok(value) = HeaderValue::from_bytes(&value) {
                    headers.insert(header::VARY, value);
                }
            }
        }
    }
}
