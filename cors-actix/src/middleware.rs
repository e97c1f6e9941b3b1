//! The one CORS middleware behind both the `#[cors]` attribute and the runtime [`Cors`].
//!
//! [`CorsMiddleware`] is generic over a [`PolicySource`], which says where the policy and its
//! header values come from; everything else (deciding, answering preflights, refusing in strict
//! mode, decorating responses and errors, logging) is shared.
//!
//! [`Cors`]: crate::Cors

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, forward_ready};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{Error, HttpResponse};
use cors_core::{Decision, Policy, RejectReason, Rejection};
use pin_project_lite::pin_project;

use crate::headers::{self, Pending, Precomputed};
use crate::log::{self, Outcome};
use crate::preflight;
use crate::request::ActixRequest;

/// Where a [`CorsMiddleware`] gets its policy and header values from.
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

    /// The part of [`PolicySource`](super::PolicySource) only this crate implements.
    pub trait Sealed {
        /// Decides `request` and says what to do with it.
        fn process(&self, request: &ServiceRequest) -> super::Step;
    }
}

/// What the middleware does with a request.
#[derive(Debug)]
pub enum Step {
    /// Answer now, without calling the inner service (preflights and strict refusals).
    Respond(HttpResponse),
    /// Call the inner service, then add these headers to whatever it answers.
    Forward(Pending),
}

/// Decides `request` under `policy`, answering with `values`, the policy's header values.
pub(crate) fn process(policy: &Policy, values: &Precomputed, request: &ServiceRequest) -> Step {
    let view = ActixRequest::new(request.head());
    let decision = policy.decide(&view);
    match decision {
        Decision::NotCors { vary } => Step::Forward(Pending::vary(vary)),
        Decision::ActualAllowed(_) => Step::Forward(Pending::allowed(&decision, values, view)),
        Decision::ActualRejected(rejection) => {
            if !policy.strict() {
                log::rejection(policy, &rejection, view, Outcome::HandlerRuns);
                Step::Forward(Pending::vary(rejection.vary))
            } else if is_same_origin(request, &rejection) {
                log::rejection(policy, &rejection, view, Outcome::SameOrigin);
                Step::Forward(Pending::vary(rejection.vary))
            } else {
                log::rejection(policy, &rejection, view, Outcome::Refused);
                Step::Respond(forbidden("CORS request rejected", &rejection))
            }
        }
        Decision::PreflightAllowed(answer) => {
            Step::Respond(preflight::allowed(values, &decision, answer.status, view))
        }
        Decision::PreflightRejected(rejection) => {
            log::rejection(policy, &rejection, view, Outcome::PreflightRefused);
            Step::Respond(forbidden("CORS preflight rejected", &rejection))
        }
    }
}

/// Whether a rejected origin is the request's own (browsers send `Origin` on same-origin
/// non-GET requests too), as seen by actix's connection info.
fn is_same_origin(request: &ServiceRequest, rejection: &Rejection<'_>) -> bool {
    let RejectReason::OriginNotAllowed(origin) = rejection.reason else {
        return false;
    };
    let info = request.connection_info();
    cors_core::is_same_origin(origin, info.scheme(), info.host())
}

/// A 403 explaining a rejection, with no CORS headers but `Vary`.
pub(crate) fn forbidden(prefix: &str, rejection: &Rejection<'_>) -> HttpResponse {
    const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
    const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
    let mut body = String::with_capacity(prefix.len() + 2 + rejection.reason.text_capacity());
    body.push_str(prefix);
    body.push_str(": ");
    // Writing into a `String` cannot fail.
    let _ = write!(body, "{}", rejection.reason);
    let mut response = HttpResponse::with_body(StatusCode::FORBIDDEN, body);
    // The body quotes request bytes; they are escaped to ASCII, and `nosniff` keeps browsers
    // from reading the text as anything but text.
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, TEXT);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    if let Some(vary) = rejection.vary {
        headers::insert_vary(headers, vary);
    }
    response.map_into_boxed_body()
}

/// The CORS middleware service: answers preflights, refuses what a strict policy forbids and
/// decorates every response of the services it wraps.
///
/// Created by [`Cors`](crate::Cors) (or the `#[cors]` attribute) through
/// [`Transform`](actix_web::dev::Transform); not constructed directly.
#[derive(Debug)]
pub struct CorsMiddleware<S, P> {
    service: S,
    source: P,
}

impl<S, P> CorsMiddleware<S, P> {
    pub(crate) fn new(service: S, source: P) -> Self {
        CorsMiddleware { service, source }
    }
}

impl<S, B, P> Service<ServiceRequest> for CorsMiddleware<S, P>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
    P: PolicySource,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let state = match self.source.process(&request) {
            Step::Respond(response) => State::Ready {
                response: Some(request.into_response(response).map_into_right_body()),
            },
            Step::Forward(pending) => State::Forward {
                future: self.service.call(request),
                pending: Some(pending),
            },
        };
        CorsFuture { state }
    }
}

pin_project! {
    /// The response future of [`CorsMiddleware`]: the inner service's future, whose response
    /// (or error) gets the CORS headers, or a response decided up front.
    pub struct CorsFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Ready {
            response: Option<ServiceResponse<EitherBody<B>>>,
        },
        Forward {
            #[pin]
            future: F,
            pending: Option<Pending>,
        },
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Ready { response } => Poll::Ready(Ok(response
                .take()
                .expect("CorsFuture polled after completion"))),
            StateProj::Forward { future, pending } => {
                let result = ready!(future.poll(cx));
                Poll::Ready(decorate(result, pending.take().unwrap_or_default()))
            }
        }
    }
}

/// Adds the CORS headers to the inner service's answer, error or not.
fn decorate<B>(
    result: Result<ServiceResponse<B>, Error>,
    pending: Pending,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) => {
            let mut response = response.map_into_left_body();
            pending.apply(response.headers_mut());
            Ok(response)
        }
        Err(mut error) => {
            // The request went to the inner service and cannot be had back, so the error stays
            // an error (outer middleware can still inspect it) and the response actix renders
            // from it later gets the headers. Holding a clone of the `HttpRequest` instead would
            // make actix's router panic: it needs the request uniquely owned.
            if !pending.is_empty() {
                error.add_response_mapper(move |mut response| {
                    pending.clone().apply(response.headers_mut());
                    response
                });
            }
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
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
            RejectReason::PrivateNetworkNotAllowed,
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
        let response = forbidden("CORS request rejected", &rejection);
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
