//! Debug logging of rejections.
//!
//! Every field is a borrowing `Display` wrapper: `tracing` formats it only when a subscriber
//! wants the event, so a disabled `debug` level costs a branch, not a string.
//!
//! A policy around others decides before the routes inside it have answered, and one of them
//! may answer instead ([`claim`](crate::claim)); its rejection is then not what happened. So it
//! decides inside [`deferred`], which keeps the line (formatted, and only when `debug` is
//! enabled) as a [`Record`] that the policy emits if it answers, and drops otherwise.

use std::cell::RefCell;

use cors_core::Policy;
use cors_core::glue::{AllValues, CorsRequestHeader, Escaped, Outcome, Rejection, RequestView};

use crate::request::ActixRequest;

/// The rejection line: its fields and message, in one place for the line logged at once and the
/// one kept and logged later. Every field is recorded with its `Display`.
macro_rules! rejection_line {
    ($($field:ident = $value:expr),* $(,)?) => {
        tracing::debug!($($field = %$value,)* "CORS rejected a request")
    };
}

thread_local! {
    /// While a policy around others decides on this thread: the line its rejection would log.
    static DEFERRED: RefCell<Deferring> = const { RefCell::new(Deferring::No) };
}

/// Whether rejections are logged now or kept.
enum Deferring {
    No,
    Yes(Option<Box<Record>>),
}

/// Logs a rejection at `debug`, with what was asked and what the policy allows; inside
/// [`deferred`], keeps it instead.
pub(crate) fn rejection(
    policy: &Policy,
    rejection: &Rejection<'_>,
    request: ActixRequest<'_>,
    outcome: Outcome,
) {
    let kept = DEFERRED.with_borrow_mut(|deferring| match deferring {
        Deferring::No => false,
        Deferring::Yes(slot) => {
            if tracing::enabled!(tracing::Level::DEBUG) {
                *slot = Some(Box::new(Record::new(policy, rejection, request, outcome)));
            }
            true
        }
    });
    if kept {
        return;
    }
    rejection_line!(
        reason = rejection.reason,
        kind = format_args!("{:?}", rejection.reason.kind()),
        origin = AllValues(&request, CorsRequestHeader::Origin),
        allowed_origins = policy.origins(),
        method = Escaped(request.method()),
        requested_method = AllValues(&request, CorsRequestHeader::RequestMethod),
        requested_headers = AllValues(&request, CorsRequestHeader::RequestHeaders),
        allowed_methods = policy.allow_methods(),
        path = request.head().uri.path(),
        outcome = outcome.as_str(),
    );
}

/// Runs `decide` with rejections kept rather than logged: its result, and the line of the
/// rejection it made, if any (and if `debug` is enabled).
pub(crate) fn deferred<T>(decide: impl FnOnce() -> T) -> (T, Option<Box<Record>>) {
    DEFERRED.with_borrow_mut(|deferring| *deferring = Deferring::Yes(None));
    let decided = decide();
    let record =
        DEFERRED.with_borrow_mut(
            |deferring| match std::mem::replace(deferring, Deferring::No) {
                Deferring::Yes(record) => record,
                Deferring::No => None,
            },
        );
    (decided, record)
}

/// A rejection's log line, formatted, to emit later with [`Record::emit`].
#[derive(Debug)]
pub(crate) struct Record {
    reason: String,
    kind: String,
    origin: String,
    allowed_origins: String,
    method: String,
    requested_method: String,
    requested_headers: String,
    allowed_methods: String,
    path: String,
    outcome: &'static str,
}

impl Record {
    fn new(
        policy: &Policy,
        rejection: &Rejection<'_>,
        request: ActixRequest<'_>,
        outcome: Outcome,
    ) -> Self {
        Record {
            reason: rejection.reason.to_string(),
            kind: format!("{:?}", rejection.reason.kind()),
            origin: AllValues(&request, CorsRequestHeader::Origin).to_string(),
            allowed_origins: policy.origins().to_string(),
            method: Escaped(request.method()).to_string(),
            requested_method: AllValues(&request, CorsRequestHeader::RequestMethod).to_string(),
            requested_headers: AllValues(&request, CorsRequestHeader::RequestHeaders).to_string(),
            allowed_methods: policy.allow_methods().to_owned(),
            path: request.head().uri.path().to_owned(),
            outcome: outcome.as_str(),
        }
    }

    /// Logs the line, as [`rejection`] would have.
    pub(crate) fn emit(&self) {
        rejection_line!(
            reason = self.reason,
            kind = self.kind,
            origin = self.origin,
            allowed_origins = self.allowed_origins,
            method = self.method,
            requested_method = self.requested_method,
            requested_headers = self.requested_headers,
            allowed_methods = self.allowed_methods,
            path = self.path,
            outcome = self.outcome,
        );
    }
}
