//! The `http` 1.x adapter: [`RequestView`] for `http` requests and a function that writes a
//! [`Decision`] into an [`http::HeaderMap`], so hyper and tower code can use the engine too.

use std::borrow::Cow;

use http::header::{self, HeaderMap, HeaderValue};

use crate::decision::{AllowHeaders, Decision};
use crate::request::{CorsRequestHeader, RequestView};
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
/// For a preflight the caller also sets the status ([`Preflight::status`](crate::Preflight)) and
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
    let value = |bytes: &[u8]| HeaderValue::from_bytes(bytes).ok();
    let mut set = |name, bytes: Option<&[u8]>| {
        if let Some(v) = bytes.and_then(value) {
            headers.insert(name, v);
        }
    };
    match decision {
        Decision::PreflightAllowed(preflight) => {
            set(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                Some(preflight.allow_origin.as_bytes()),
            );
            set(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                preflight.allow_credentials.then_some(b"true"),
            );
            set(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                Some(preflight.allow_methods.as_bytes()),
            );
            let allow_headers = match preflight.allow_headers {
                AllowHeaders::None => None,
                AllowHeaders::List(list) => Some(Cow::Borrowed(list.as_bytes())),
                AllowHeaders::Echo(echoed) => Some(echoed.value(request)),
            };
            set(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                allow_headers.as_deref(),
            );
            set(
                header::ACCESS_CONTROL_MAX_AGE,
                preflight.max_age.map(str::as_bytes),
            );
            if preflight.allow_private_network {
                headers.insert(
                    "access-control-allow-private-network",
                    HeaderValue::from_static("true"),
                );
            }
        }
        Decision::ActualAllowed(actual) => {
            set(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                Some(actual.allow_origin.as_bytes()),
            );
            set(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                actual.allow_credentials.then_some(b"true"),
            );
            set(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                actual.expose_headers.map(str::as_bytes),
            );
        }
        Decision::NotCors { .. } | Decision::PreflightRejected(_) | Decision::ActualRejected(_) => {
        }
    }
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
