//! The one CORS middleware behind both the `#[cors]` attribute and the runtime [`Cors`]: a
//! service that answers what [`source`](crate::source) decides, or calls the service it wraps
//! and decorates its response or error.
//!
//! [`Cors`]: crate::Cors

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use crate::claim::{self, Claim, ClaimId, Placement};
use crate::headers::ActualHeaders;
use crate::source::{Action, Asking, PolicySource};

/// The CORS middleware service: answers preflights, refuses what a strict policy forbids and
/// decorates every response of the services it wraps.
///
/// Created by [`Cors`](crate::Cors) (or the `#[cors]` attribute) through
/// [`Transform`](actix_web::dev::Transform); not constructed directly.
pub struct CorsMiddleware<S, P> {
    service: Held<S>,
    source: P,
    placement: Placement,
    claim: Claim,
}

/// How the middleware holds the service it wraps: by value, or shared where a source that asks
/// an asynchronous origin predicate needs to call it once the predicate has answered.
enum Held<S> {
    Owned(S),
    Shared(Rc<S>),
}

impl<S> Held<S> {
    #[inline(always)]
    fn service(&self) -> &S {
        match self {
            Held::Owned(service) => service,
            Held::Shared(service) => service,
        }
    }
}

impl<S, P: PolicySource> CorsMiddleware<S, P> {
    pub(crate) fn new(service: S, source: P, placement: Placement) -> Self {
        let service = if source.asks() {
            Held::Shared(Rc::new(service))
        } else {
            Held::Owned(service)
        };
        CorsMiddleware {
            service,
            source,
            placement,
            claim: Claim::new(placement),
        }
    }
}

impl<S, P: fmt::Debug> fmt::Debug for CorsMiddleware<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CorsMiddleware")
            .field("source", &self.source)
            .field("placement", &self.placement)
            .finish_non_exhaustive()
    }
}

impl<S, B, P> Service<ServiceRequest> for CorsMiddleware<S, P>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
    P: PolicySource,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.service.service().poll_ready(cx)
    }

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let place = Place {
            around: self.placement == Placement::Around,
            staked: self.claim.stake(&mut request, self.placement),
            mine: self.claim.id(),
        };
        let state = match self.source.process(&request) {
            Action::Ask(asking) => {
                let Held::Shared(service) = &self.service else {
                    unreachable!("a policy source that asks holds its service shared");
                };
                let service = Rc::clone(service);
                State::Asking {
                    future: Box::pin(ask(asking, self.source.clone(), service, request, place)),
                }
            }
            action => start(self.service.service(), request, action, place),
        };
        CorsFuture { state }
    }
}

/// Where one request is ([`claim`]): whether the middleware deciding it is around others,
/// whether it staked its claim on the request, and which claim is its own.
#[derive(Clone, Copy)]
struct Place {
    around: bool,
    staked: bool,
    mine: ClaimId,
}

/// Acts on a decision: answers at once, or calls `service` (offering the request to the routes
/// inside first, for a policy around them).
#[inline(always)]
fn start<S, B>(
    service: &S,
    request: ServiceRequest,
    action: Action,
    place: Place,
) -> State<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    match action {
        Action::Preflight(answer) if place.around => State::Offered {
            future: service.call(request),
            answer: Some(answer),
            place,
        },
        // A strict policy around others refuses before routing: the handler must not run.
        Action::Preflight(response) | Action::Refuse(response) => State::Ready {
            response: Some(request.into_response(response).map_into_right_body()),
        },
        Action::Forward(pending) => State::Forward {
            future: service.call(request),
            pending: Some(pending),
            place,
        },
        Action::Ask(_) => unreachable!("a question is asked before it is acted on"),
    }
}

/// Awaits an origin predicate, then answers as [`CorsMiddleware::call`] does with its answer.
///
/// The predicate's future holds a clone of the request; it is dropped when it completes, before
/// the inner service is called: actix's router needs the request uniquely owned.
async fn ask<S, B, P>(
    asking: Asking,
    source: P,
    service: Rc<S>,
    request: ServiceRequest,
    place: Place,
) -> Result<ServiceResponse<EitherBody<B>>, Error>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    P: PolicySource,
{
    let Asking { predicate, origin } = asking;
    // The boxed future is consumed here, and dropped at the end of the statement.
    let allowed = predicate.await;
    let action = source.process_granting(&request, allowed.then_some(&origin));
    match start(&*service, request, action, place) {
        State::Ready { response } => Ok(response.expect("a response just built")),
        State::Forward {
            future, pending, ..
        } => decorate(future.await, pending.unwrap_or_default(), place),
        State::Offered { future, answer, .. } => {
            answer_unclaimed(future.await, answer.expect("an answer just built"), place)
        }
        State::Asking { .. } => unreachable!("an answered origin is not asked about again"),
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
            pending: Option<ActualHeaders>,
            place: Place,
        },
        Offered {
            #[pin]
            future: F,
            answer: Option<HttpResponse>,
            place: Place,
        },
        Asking {
            future: Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B>>, Error>>>>,
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
            StateProj::Forward {
                future,
                pending,
                place,
            } => {
                let result = ready!(future.poll(cx));
                Poll::Ready(decorate(result, pending.take().unwrap_or_default(), *place))
            }
            StateProj::Offered {
                future,
                answer,
                place,
            } => {
                let result = ready!(future.poll(cx));
                let answer = answer.take().expect("CorsFuture polled after completion");
                Poll::Ready(answer_unclaimed(result, answer, *place))
            }
            StateProj::Asking { future } => future.as_mut().poll(cx),
        }
    }
}

/// Adds the CORS headers to the inner service's answer, error or not; for a policy around
/// others, only where no route inside claimed the request.
#[inline(always)]
fn decorate<B>(
    result: Result<ServiceResponse<B>, Error>,
    pending: ActualHeaders,
    place: Place,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) => {
            let mut response = response.map_into_left_body();
            if !place.around || !claim::taken_inside(response.request(), place.mine) {
                pending.apply(response.headers_mut());
            }
            Ok(response)
        }
        Err(mut error) => {
            // The request went to the inner service and cannot be had back, so the error stays
            // an error (outer middleware can still inspect it) and the response actix renders
            // from it later gets the headers. Holding a clone of the `HttpRequest` instead would
            // make actix's router panic: it needs the request uniquely owned.
            if !pending.is_empty() || place.staked {
                error.add_response_mapper(move |mut response| {
                    if place.around && claim::is_marked(&response) {
                        return response;
                    }
                    pending.clone().apply(response.headers_mut());
                    if place.staked {
                        claim::mark(&mut response);
                    }
                    response
                });
            }
            Err(error)
        }
    }
}

/// A preflight a policy around others offered to the routes inside: the answer of the route
/// that claimed it, or else `answer`, whatever the service inside said.
fn answer_unclaimed<B>(
    result: Result<ServiceResponse<B>, Error>,
    answer: HttpResponse,
    place: Place,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) if claim::taken_inside(response.request(), place.mine) => {
            Ok(response.map_into_left_body())
        }
        Ok(response) => {
            let (request, _) = response.into_parts();
            Ok(ServiceResponse::new(request, answer).map_into_right_body())
        }
        Err(mut error) => {
            // A route answers the preflights it claims, so an error comes from before any route
            // (authentication in front, say): the response rendered from it becomes `answer`,
            // unless a policy inside claimed the request. Mappers may run more than once, so the
            // answer is kept as parts to rebuild.
            let (head, body) = answer.into_parts();
            let (status, headers) = (head.status(), head.headers().clone());
            let body = body.try_into_bytes().unwrap_or_default();
            error.add_response_mapper(move |response| {
                if claim::is_marked(&response) {
                    return response;
                }
                let mut answer = HttpResponse::with_body(status, body.clone());
                *answer.headers_mut() = headers.clone();
                claim::mark(&mut answer);
                answer.map_into_boxed_body()
            });
            Err(error)
        }
    }
}
