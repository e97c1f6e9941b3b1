//! Where a [`CorsMiddleware`](crate::CorsMiddleware) gets its policy from, and what it does with
//! each request: the decision, turned into a response to send now or headers to add later.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::HttpResponse;
use actix_web::dev::ServiceRequest;
use cors_core::glue::{Decision, Outcome, RejectReason, Rejection};
use cors_core::{Origin, Policy};

use crate::answer;
use crate::headers::{ActualHeaders, HeaderValues};
use crate::log;
use crate::request::ActixRequest;

/// Where a [`CorsMiddleware`](crate::CorsMiddleware) gets its policy and header values from.
///
/// Implemented by the runtime [`Cors`](crate::Cors) and by the per-route middleware the
/// `#[cors]` attribute emits; sealed, because the middleware relies on how each one turns a
/// decision into header values.
pub trait PolicySource: Clone + 'static + sealed::Sealed {
    /// The policy requests are decided by.
    fn policy(&self) -> &Policy;
}

pub(crate) mod sealed {
    use actix_web::dev::ServiceRequest;
    use cors_core::Origin;

    /// The part of [`PolicySource`](super::PolicySource) only this crate implements.
    pub trait Sealed {
        /// Decides `request` and says what to do with it.
        fn process(&self, request: &ServiceRequest) -> super::Action;

        /// Whether [`process`](Self::process) may answer [`Action::Ask`](super::Action): the
        /// middleware then holds the service it wraps shared, so that the answer can call it
        /// once the predicate has answered.
        fn asks(&self) -> bool {
            false
        }

        /// Decides `request` once an origin predicate answered ([`Action::Ask`](super::Action)):
        /// `granted` is the origin it allowed, `None` when it said no. Only a source that asks
        /// needs it.
        fn process_granting(
            &self,
            request: &ServiceRequest,
            granted: Option<&Origin>,
        ) -> super::Action {
            let _ = granted;
            self.process(request)
        }
    }
}

/// What the middleware does with a request.
#[derive(Debug)]
pub enum Action {
    /// Refuse now, without calling the inner service: a strict policy's 403.
    Refuse(HttpResponse),
    /// Answer a preflight with this response, allowed or refused. A route's policy answers at
    /// once; a policy around others first offers the preflight to the routes inside it
    /// ([`claim`](crate::claim)).
    Preflight(HttpResponse),
    /// Call the inner service, then add these headers to whatever it answers.
    Forward(ActualHeaders),
    /// Await an origin predicate, then decide again with its answer
    /// ([`Sealed::process_granting`](sealed::Sealed::process_granting)); only from a source
    /// that [`asks`](sealed::Sealed::asks).
    Ask(Asking),
}

/// The answer an asynchronous origin predicate owes about `origin`.
pub struct Asking {
    /// The predicate's future, which holds a clone of the request: dropped as soon as it
    /// completes, before the inner service is called.
    pub(crate) predicate: Pin<Box<dyn Future<Output = bool>>>,
    /// The origin asked about.
    pub(crate) origin: Origin,
}

impl fmt::Debug for Asking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Asking")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// What an origin predicate said about an unlisted origin.
pub(crate) enum Answer {
    /// At once: the origin, if it is allowed.
    Now(Option<Origin>),
    /// Later.
    Later(Asking),
}

/// Decides `request` under `policy`, answering with `values`, the policy's header values.
#[inline]
pub(crate) fn process(policy: &Policy, values: &HeaderValues, request: &ServiceRequest) -> Action {
    let view = ActixRequest::new(request.head());
    act(policy, values, request, view, policy.decide(&view))
}

/// Decides `request`, asking `ask` about an origin the policy does not list (and only about
/// an exact, well-formed one: see [`Decision::unlisted_origin`]).
pub(crate) fn process_asking(
    policy: &Policy,
    values: &HeaderValues,
    request: &ServiceRequest,
    ask: impl FnOnce(Origin) -> Answer,
) -> Action {
    let view = ActixRequest::new(request.head());
    let decision = policy.decide(&view);
    let Some(origin) = decision.unlisted_origin() else {
        return act(policy, values, request, view, decision);
    };
    let granted = match ask(origin) {
        Answer::Now(granted) => granted,
        Answer::Later(asking) => return Action::Ask(asking),
    };
    let decision = policy.decide_granting(&view, granted.as_ref());
    act(policy, values, request, view, decision)
}

/// Decides `request` with an origin predicate's late answer: `granted` is the origin it
/// allowed, `None` when it said no.
pub(crate) fn process_granting(
    policy: &Policy,
    values: &HeaderValues,
    request: &ServiceRequest,
    granted: Option<&Origin>,
) -> Action {
    let view = ActixRequest::new(request.head());
    act(
        policy,
        values,
        request,
        view,
        policy.decide_granting(&view, granted),
    )
}

/// What to do with `request`, given its decision.
#[inline]
fn act(
    policy: &Policy,
    values: &HeaderValues,
    request: &ServiceRequest,
    view: ActixRequest<'_>,
    decision: Decision<'_, '_>,
) -> Action {
    match decision {
        Decision::NotCors { vary } => Action::Forward(ActualHeaders::vary(vary)),
        Decision::ActualAllowed(_) => {
            Action::Forward(ActualHeaders::allowed(&decision, values, view))
        }
        Decision::ActualRejected(rejection) => {
            if !policy.strict() {
                log::rejection(policy, &rejection, view, Outcome::HandlerRuns);
                Action::Forward(ActualHeaders::vary(rejection.vary))
            } else if is_same_origin(request, &rejection) {
                log::rejection(policy, &rejection, view, Outcome::SameOrigin);
                Action::Forward(ActualHeaders::vary(rejection.vary))
            } else {
                log::rejection(policy, &rejection, view, Outcome::Refused);
                Action::Refuse(answer::forbidden(Outcome::Refused, &rejection))
            }
        }
        Decision::PreflightAllowed(answer) => {
            Action::Preflight(answer::preflight(values, &decision, answer.status, view))
        }
        Decision::PreflightRejected(rejection) => {
            log::rejection(policy, &rejection, view, Outcome::PreflightRefused);
            Action::Preflight(answer::forbidden(Outcome::PreflightRefused, &rejection))
        }
    }
}

/// Whether a rejected origin is the request's own (browsers send `Origin` on same-origin
/// non-GET requests too): the browser says so with `Sec-Fetch-Site: same-origin`, which holds
/// behind a proxy, or the origin is what actix's connection info says this server is.
fn is_same_origin(request: &ServiceRequest, rejection: &Rejection<'_>) -> bool {
    let RejectReason::OriginNotAllowed(origin) = rejection.reason else {
        return false;
    };
    if cors_core::glue::fetch_site_is_same_origin(&ActixRequest::new(request.head())) {
        return true;
    }
    let info = request.connection_info();
    cors_core::glue::is_same_origin(origin, info.scheme(), info.host())
}
