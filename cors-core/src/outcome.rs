//! What a glue did with a rejected request, and the request's CORS headers as log text: the
//! words every glue's rejection log line uses, written once.

use std::fmt;

use crate::decision::{Escaped, Rejection};
use crate::request::{CorsRequestHeader, RequestView};

/// What happened to a rejected request, for the log line that reports it.
///
/// ```
/// use cors_core::glue::Outcome;
/// assert_eq!(Outcome::PreflightRefused.as_str(), "preflight answered 403");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
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
    /// The outcome in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::PreflightRefused => "preflight answered 403",
            Outcome::Refused => "answered 403 by the strict policy, handler not called",
            Outcome::HandlerRuns => "handler runs, response gets no CORS headers",
            Outcome::SameOrigin => "same-origin request, handler runs",
        }
    }
}

impl Outcome {
    /// The `text/plain` body of the 403 a glue answers a refusal with: what was refused and
    /// why, request bytes escaped to ASCII. Sized up front, so it is one allocation.
    ///
    /// ```
    /// use cors_core::glue::{Outcome, RejectReason, Rejection};
    ///
    /// let rejection = Rejection { reason: RejectReason::OriginNotAllowed(b"https://evil.example"), vary: None };
    /// assert_eq!(
    ///     Outcome::PreflightRefused.refusal_text(&rejection),
    ///     "CORS preflight rejected: origin https://evil.example is not allowed"
    /// );
    /// ```
    pub fn refusal_text(self, rejection: &Rejection<'_>) -> String {
        use fmt::Write as _;
        let prefix = match self {
            Outcome::PreflightRefused => "CORS preflight rejected",
            Outcome::Refused | Outcome::HandlerRuns | Outcome::SameOrigin => {
                "CORS request rejected"
            }
        };
        let mut body = String::with_capacity(prefix.len() + 2 + rejection.reason.text_capacity());
        body.push_str(prefix);
        body.push_str(": ");
        // Writing into a `String` cannot fail.
        let _ = write!(body, "{}", rejection.reason);
        body
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every value of one of a request's CORS headers, escaped and separated by ` | ` (so that one
/// value holding a comma is told apart from two values); `-` when absent. Formats only when
/// displayed, so a log line that no subscriber wants costs nothing.
///
/// ```
/// use cors_core::glue::{AllValues, CorsRequestHeader};
///
/// let request = http::Request::get("/")
///     .header("origin", "https://a.example")
///     .header("origin", &b"https://b.example\xff"[..])
///     .body(())
///     .unwrap();
/// assert_eq!(
///     AllValues(&request, CorsRequestHeader::Origin).to_string(),
///     "https://a.example | https://b.example\\xff"
/// );
/// assert_eq!(AllValues(&request, CorsRequestHeader::RequestMethod).to_string(), "-");
/// ```
pub struct AllValues<'a, R: ?Sized>(pub &'a R, pub CorsRequestHeader);

impl<R> fmt::Display for AllValues<'_, R>
where
    R: RequestView + ?Sized,
{
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
