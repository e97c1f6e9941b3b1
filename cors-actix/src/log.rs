//! Debug logging of rejections.
//!
//! Every field is a borrowing `Display` wrapper: `tracing` formats it only when a subscriber
//! wants the event, so a disabled `debug` level costs a branch, not a string.

use std::fmt;

use cors_core::Policy;
use cors_core::glue::{CorsRequestHeader, Escaped, Rejection, RequestView};

use crate::request::ActixRequest;

/// What happened to a rejected request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome {
    /// A preflight answered with 403.
    PreflightRefused,
    /// An actual request answered with 403 by a strict policy; the handler did not run.
    Refused,
    /// An actual request that reaches the handler; its response gets no CORS headers.
    HandlerRuns,
    /// A strict policy let a same-origin request through.
    SameOrigin,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::PreflightRefused => "preflight answered 403",
            Outcome::Refused => "answered 403 by the strict policy, handler not called",
            Outcome::HandlerRuns => "handler runs, response gets no CORS headers",
            Outcome::SameOrigin => "same-origin request, handler runs",
        }
    }
}

/// Logs a rejection at `debug`, with what was asked and what the policy allows.
pub(crate) fn rejection(
    policy: &Policy,
    rejection: &Rejection<'_>,
    request: ActixRequest<'_>,
    outcome: Outcome,
) {
    tracing::debug!(
        reason = %rejection.reason,
        kind = ?rejection.reason.kind(),
        origin = %AllValues(request, CorsRequestHeader::Origin),
        allowed_origins = %policy.origins(),
        method = %Escaped(request.method()),
        requested_method = %AllValues(request, CorsRequestHeader::RequestMethod),
        requested_headers = %AllValues(request, CorsRequestHeader::RequestHeaders),
        allowed_methods = policy.allow_methods(),
        path = request.head().uri.path(),
        outcome = outcome.as_str(),
        "CORS rejected a request",
    );
}

/// Every value of a request header, escaped and separated by ` | ` (so that one value holding
/// a comma is told apart from two values); `-` when absent.
struct AllValues<'a>(ActixRequest<'a>, CorsRequestHeader);

impl fmt::Display for AllValues<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut any = false;
        for value in self.0.header_values(self.1) {
            if any {
                f.write_str(" | ")?;
            }
            any = true;
            Escaped(value).fmt(f)?;
        }
        if !any {
            f.write_str("-")?;
        }
        Ok(())
    }
}
