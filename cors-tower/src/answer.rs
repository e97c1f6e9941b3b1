//! The responses the middleware builds itself, without calling the service it wraps: the
//! answer to an allowed preflight, and the 403 of a refusal.

use cors_core::glue::{Decision, Outcome, Rejection};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Response, StatusCode};

use crate::headers::{self, HeaderValues};
use crate::request::TowerRequest;

/// The answer to an allowed preflight: the policy's status, the CORS headers, no body.
pub(crate) fn preflight<B: Default>(
    values: &HeaderValues,
    decision: &Decision<'_, '_>,
    status: u16,
    request: TowerRequest<'_>,
) -> Response<B> {
    // `Policy::from_parts` keeps the status within 200..=299.
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(StatusCode::is_success)
        .unwrap_or(StatusCode::NO_CONTENT);
    let mut response = Response::new(B::default());
    *response.status_mut() = status;
    // Room for the seven headers a preflight answer can have and the `Allow` that axum's method
    // router adds to an `OPTIONS` answer, so the map is allocated once instead of growing.
    *response.headers_mut() = HeaderMap::with_capacity(8);
    headers::write_preflight(response.headers_mut(), values, decision, request);
    response
}

/// A 403 explaining a rejection, with no CORS headers but `Vary`.
pub(crate) fn forbidden<B: From<String>>(
    outcome: Outcome,
    rejection: &Rejection<'_>,
) -> Response<B> {
    const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
    const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
    let mut response = Response::new(B::from(outcome.refusal_text(rejection)));
    *response.status_mut() = StatusCode::FORBIDDEN;
    // The body quotes request bytes; they are escaped to ASCII, and `nosniff` keeps browsers
    // from reading the text as anything but text.
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, TEXT);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    if let Some(vary) = rejection.vary {
        headers::insert_vary(headers, vary);
    }
    response
}
