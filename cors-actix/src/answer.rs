//! The responses the middleware builds itself, without calling the service it wraps: the
//! answer to an allowed preflight, and the 403 of a refusal.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use cors_core::glue::{Decision, Outcome, Rejection};

use crate::headers::{self, HeaderValues};
use crate::request::ActixRequest;

/// The answer to an allowed preflight: the policy's status, the CORS headers, no body.
pub(crate) fn preflight(
    values: &HeaderValues,
    decision: &Decision<'_, '_>,
    status: u16,
    request: ActixRequest<'_>,
) -> HttpResponse {
    // `Policy::from_parts` keeps the status within 200..=299.
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(StatusCode::is_success)
        .unwrap_or(StatusCode::NO_CONTENT);
    let mut response = HttpResponse::new(status);
    headers::write_preflight(response.headers_mut(), values, decision, request);
    response
}

/// A 403 explaining a rejection, with no CORS headers but `Vary`.
pub(crate) fn forbidden(outcome: Outcome, rejection: &Rejection<'_>) -> HttpResponse {
    const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
    const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
    let body = outcome.refusal_text(rejection);
    let mut response = HttpResponse::with_body(StatusCode::FORBIDDEN, body);
    // The body quotes request bytes; they are escaped to ASCII, and `nosniff` keeps browsers
    // from reading the text as anything but text.
    // A new response has no headers: appending skips the replacing work of `insert`.
    let headers = response.headers_mut();
    headers.append(header::CONTENT_TYPE, TEXT);
    headers.append(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    if let Some(vary) = rejection.vary {
        headers::insert_vary(headers, vary);
    }
    response.map_into_boxed_body()
}

#[cfg(test)]
mod tests {
    use cors_core::glue::RejectReason;

    use super::*;

    /// The body is sized up front: no reason, even one quoting bytes that all need escaping,
    /// outgrows its capacity.
    #[test]
    fn the_403_body_never_outgrows_its_capacity() {
        let quoted: &[u8] = b"\xff\x00\"'\\\x7f\n\t";
        let reasons = [
            RejectReason::OriginNotAllowed(quoted),
            RejectReason::OriginRepeated,
            RejectReason::MethodNotAllowed(quoted),
            RejectReason::MethodRepeated,
            RejectReason::HeaderNotAllowed(quoted),
            RejectReason::HeaderMalformed(quoted),
        ];
        for reason in reasons {
            let text = reason.to_string();
            assert!(text.len() <= reason.text_capacity(), "{text}");
        }
    }

    #[test]
    fn the_403_answer_explains_the_rejection() {
        let rejection = Rejection {
            reason: RejectReason::OriginNotAllowed(b"https://evil.example\xff"),
            vary: Some("Origin"),
        };
        let response = forbidden(Outcome::Refused, &rejection);
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let headers = response.headers();
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        assert_eq!(headers.get(header::VARY).unwrap(), "Origin");
        let body = actix_web::body::to_bytes(response.into_body());
        let body = actix_web::rt::System::new().block_on(body).unwrap();
        assert_eq!(
            body,
            "CORS request rejected: origin https://evil.example\\xff is not allowed"
        );
    }
}
