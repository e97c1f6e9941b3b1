//! What the middleware does with each request: the decision of the policy that judges it,
//! turned into a response to send now or headers to add to the inner service's response.

use cors_core::Policy;
use cors_core::glue::{Decision, Outcome, RejectReason, Rejection};
use http::Response;

use crate::answer;
use crate::headers::{ActualHeaders, HeaderValues};
use crate::log;
use crate::request::TowerRequest;

/// What the middleware does with a request.
pub(crate) enum Action<B> {
    /// Answer now, without calling the inner service (preflights and strict refusals).
    Respond(Response<B>),
    /// Call the inner service, then add these headers to its response.
    Forward(ActualHeaders),
}

/// Decides `request` under `policy`, answering with `values`, the policy's header values.
pub(crate) fn process<B: Default + From<String>>(
    policy: &Policy,
    values: &HeaderValues,
    request: TowerRequest<'_>,
) -> Action<B> {
    let decision = policy.decide(&request);
    match decision {
        Decision::NotCors { vary } => Action::Forward(ActualHeaders::vary(vary)),
        Decision::ActualAllowed(_) => {
            Action::Forward(ActualHeaders::allowed(&decision, values, request))
        }
        Decision::ActualRejected(rejection) => {
            if !policy.strict() {
                log::rejection(policy, &rejection, request, Outcome::HandlerRuns);
                Action::Forward(ActualHeaders::vary(rejection.vary))
            } else if is_same_origin(request, &rejection) {
                log::rejection(policy, &rejection, request, Outcome::SameOrigin);
                Action::Forward(ActualHeaders::vary(rejection.vary))
            } else {
                log::rejection(policy, &rejection, request, Outcome::Refused);
                Action::Respond(answer::forbidden(Outcome::Refused, &rejection))
            }
        }
        Decision::PreflightAllowed(answer) => {
            Action::Respond(answer::preflight(values, &decision, answer.status, request))
        }
        Decision::PreflightRejected(rejection) => {
            log::rejection(policy, &rejection, request, Outcome::PreflightRefused);
            Action::Respond(answer::forbidden(Outcome::PreflightRefused, &rejection))
        }
    }
}

/// Whether a rejected origin is the request's own (browsers send `Origin` on same-origin
/// non-GET requests too): the browser says so with `Sec-Fetch-Site: same-origin`, which holds
/// behind a proxy, or the origin is the scheme and `Host` the request was sent to. The scheme
/// is the request URI's where the server gives one (HTTP/2), else `http`: behind TLS on
/// HTTP/1.1 only `Sec-Fetch-Site` proves an `https` same-origin request.
fn is_same_origin(request: TowerRequest<'_>, rejection: &Rejection<'_>) -> bool {
    let RejectReason::OriginNotAllowed(origin) = rejection.reason else {
        return false;
    };
    if cors_core::glue::fetch_site_is_same_origin(&request) {
        return true;
    }
    let uri = request.uri();
    let scheme = uri.scheme_str().unwrap_or("http");
    let host = match uri.authority() {
        Some(authority) => Some(authority.as_str()),
        None => request
            .headers()
            .get(http::header::HOST)
            .and_then(|host| host.to_str().ok()),
    };
    host.is_some_and(|host| cors_core::glue::is_same_origin(origin, scheme, host))
}
