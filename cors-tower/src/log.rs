//! Debug logging of rejections, with the same fields as the actix glue's.

use cors_core::Policy;
use cors_core::glue::{AllValues, CorsRequestHeader, Escaped, Outcome, Rejection, RequestView};

use crate::request::TowerRequest;

/// Logs a rejection at `debug`, with what was asked and what the policy allows.
pub(crate) fn rejection(
    policy: &Policy,
    rejection: &Rejection<'_>,
    request: TowerRequest<'_>,
    outcome: Outcome,
) {
    tracing::debug!(
        reason = %rejection.reason,
        kind = ?rejection.reason.kind(),
        origin = %AllValues(&request, CorsRequestHeader::Origin),
        allowed_origins = %policy.origins(),
        method = %Escaped(request.method()),
        requested_method = %AllValues(&request, CorsRequestHeader::RequestMethod),
        requested_headers = %AllValues(&request, CorsRequestHeader::RequestHeaders),
        allowed_methods = policy.allow_methods(),
        path = request.uri().path(),
        outcome = outcome.as_str(),
        "CORS rejected a request",
    );
}
