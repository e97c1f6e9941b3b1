//! The one CORS middleware behind both the `#[cors]` attribute and the runtime [`Cors`]: a
//! service that answers what [`source`](crate::source) decides, or calls the service it wraps
//! and decorates its response or error.
//!
//! [`Cors`]: crate::Cors

use std::cell::Cell;
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
use crate::log::{self, Record};
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
        self.claim.stake(&mut request, self.placement);
        if self.placement == Placement::Around {
            return self.call_around(request);
        }
        // A route's own path, kept apart from a policy around others': sharing one match made
        // the compiler move each answer through extra `memcpy` calls (callgrind: 60 to 90
        // instructions per request).
        let state = match self.source.process(&request) {
            Action::Preflight(response) | Action::Refuse(response) => {
                ready_state(request, response)
            }
            Action::Forward(pending) => State::Forward {
                future: self.service.service().call(request),
                pending: Some(pending),
            },
            Action::Ask(asking) => self.asking(asking, request, None),
        };
        CorsFuture { state }
    }
}

impl<S, B, P> CorsMiddleware<S, P>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
    P: PolicySource,
{
    /// [`call`](Service::call) for a policy around others.
    #[inline(never)]
    fn call_around(&self, request: ServiceRequest) -> CorsFuture<S::Future, B> {
        let mine = self.claim.id();
        // A route inside may answer instead: the rejection is logged only if this policy does.
        let (action, record) = log::deferred(|| self.source.process(&request));
        let state = match action {
            Action::Ask(asking) => self.asking(asking, request, Some(mine)),
            action => start(self.service.service(), request, action, Some(mine), record),
        };
        CorsFuture { state }
    }

    /// The state that awaits an origin predicate, then goes on as [`start`] does.
    fn asking(
        &self,
        asking: Asking,
        request: ServiceRequest,
        around: Option<ClaimId>,
    ) -> State<S::Future, B> {
        let Held::Shared(service) = &self.service else {
            unreachable!("a policy source that asks holds its service shared");
        };
        let service = Rc::clone(service);
        State::Asking {
            future: Box::pin(ask(asking, self.source.clone(), service, request, around)),
        }
    }
}

/// Acts on a decision: answers at once, or calls `service`. A policy around others (`around`
/// holds its claim) offers the request to the routes inside and acts on their answer only if
/// none claimed it ([`claim`]); `record` is the log line of its rejection, emitted only then.
#[inline(always)]
fn start<S, B>(
    service: &S,
    request: ServiceRequest,
    action: Action,
    around: Option<ClaimId>,
    record: Option<Box<Record>>,
) -> State<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    match action {
        Action::Forward(pending) => match around {
            None => State::Forward {
                future: service.call(request),
                pending: Some(pending),
            },
            Some(mine) => State::ForwardAround {
                future: service.call(request),
                pending: Some(pending),
                mine,
                record,
            },
        },
        Action::Preflight(answer) => match around {
            Some(mine) => State::Offered {
                future: service.call(request),
                answer: Some(answer),
                mine,
                record,
            },
            None => ready_state(request, answer),
        },
        // A strict policy around others refuses before routing: the handler must not run.
        Action::Refuse(response) => {
            if let Some(record) = record {
                record.emit();
            }
            ready_state(request, response)
        }
        Action::Ask(_) => unreachable!("a question is asked before it is acted on"),
    }
}

/// The state of an answer decided up front.
fn ready_state<F, B>(request: ServiceRequest, response: HttpResponse) -> State<F, B> {
    State::Ready {
        response: Some(request.into_response(response).map_into_right_body()),
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
    around: Option<ClaimId>,
) -> Result<ServiceResponse<EitherBody<B>>, Error>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    P: PolicySource,
{
    let Asking { predicate, origin } = asking;
    // The boxed future is consumed here, and dropped at the end of the statement.
    let allowed = predicate.await;
    let granted = allowed.then_some(&origin);
    let (action, record) = match around {
        Some(_) => log::deferred(|| source.process_granting(&request, granted)),
        None => (source.process_granting(&request, granted), None),
    };
    match start(&*service, request, action, around, record) {
        State::Ready { response } => Ok(response.expect("a response just built")),
        State::Forward { future, pending } => decorate(future.await, pending.unwrap_or_default()),
        State::ForwardAround {
            future,
            pending,
            mine,
            record,
        } => decorate_around(future.await, pending.unwrap_or_default(), mine, record),
        State::Offered {
            future,
            answer,
            mine,
            record,
        } => answer_unclaimed(
            future.await,
            answer.expect("an answer just built"),
            mine,
            record,
        ),
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
        // A route's: without the claim of a policy around others, which would make every
        // route's future larger and slower to move (callgrind: about 60 instructions per GET).
        Forward {
            #[pin]
            future: F,
            pending: Option<ActualHeaders>,
        },
        ForwardAround {
            #[pin]
            future: F,
            pending: Option<ActualHeaders>,
            mine: ClaimId,
            record: Option<Box<Record>>,
        },
        Offered {
            #[pin]
            future: F,
            answer: Option<HttpResponse>,
            mine: ClaimId,
            record: Option<Box<Record>>,
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
            StateProj::Forward { future, pending } => {
                let result = ready!(future.poll(cx));
                Poll::Ready(decorate(result, pending.take().unwrap_or_default()))
            }
            StateProj::ForwardAround {
                future,
                pending,
                mine,
                record,
            } => {
                let result = ready!(future.poll(cx));
                let pending = pending.take().unwrap_or_default();
                Poll::Ready(decorate_around(result, pending, *mine, record.take()))
            }
            StateProj::Offered {
                future,
                answer,
                mine,
                record,
            } => {
                let result = ready!(future.poll(cx));
                let answer = answer.take().expect("CorsFuture polled after completion");
                Poll::Ready(answer_unclaimed(result, answer, *mine, record.take()))
            }
            StateProj::Asking { future } => future.as_mut().poll(cx),
        }
    }
}

/// Adds the CORS headers to a route's answer, error or not.
#[inline(always)]
fn decorate<B>(
    result: Result<ServiceResponse<B>, Error>,
    pending: ActualHeaders,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) => {
            let mut response = response.map_into_left_body();
            pending.apply(response.headers_mut());
            Ok(response)
        }
        // A policy around the route must see that the route answered.
        Err(error) => Err(decorate_error(
            error,
            pending,
            false,
            claim::around_exists(),
            None,
        )),
    }
}

/// Adds the CORS headers of a policy around others to the inner service's answer, error or
/// not, where no route inside claimed the request (`mine` is still the latest claim), and
/// logs its rejection (`record`) there.
#[inline(never)]
fn decorate_around<B>(
    result: Result<ServiceResponse<B>, Error>,
    pending: ActualHeaders,
    mine: ClaimId,
    record: Option<Box<Record>>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) => {
            let mut response = response.map_into_left_body();
            if !claim::taken_inside(response.request(), mine) {
                pending.apply(response.headers_mut());
                if let Some(record) = record {
                    record.emit();
                }
            }
            Ok(response)
        }
        Err(error) => Err(decorate_error(error, pending, true, true, record)),
    }
}

/// [`decorate`] and [`decorate_around`] for an error: out of line, so that the common path
/// stays small enough to inline.
///
/// The request went to the inner service and cannot be had back, so the error stays an error
/// (outer middleware can still inspect it) and the response actix renders from it later gets
/// the headers, unless (for a policy `around` others) a policy inside answered it, and then the
/// rejection's log line (`record`) once. With `mark`, the response says this policy
/// answered, for the policies around it. Holding a clone of the `HttpRequest` instead would make
/// actix's router panic: it needs the request uniquely owned.
#[cold]
#[inline(never)]
fn decorate_error(
    mut error: Error,
    pending: ActualHeaders,
    around: bool,
    mark: bool,
    record: Option<Box<Record>>,
) -> Error {
    if !pending.is_empty() || mark {
        // Mappers may run more than once; the line is logged the first time.
        let record = Cell::new(record);
        error.add_response_mapper(move |mut response| {
            if around && claim::is_marked(&response) {
                return response;
            }
            if let Some(record) = record.take() {
                record.emit();
            }
            pending.clone().apply(response.headers_mut());
            if mark {
                claim::mark(&mut response);
            }
            response
        });
    }
    error
}

/// A preflight a policy around others offered to the routes inside: the answer of the route
/// that claimed it, or else `answer`, whatever the service inside said. Out of line, as the
/// rest of a policy-around's path, away from a route's.
#[inline(never)]
fn answer_unclaimed<B>(
    result: Result<ServiceResponse<B>, Error>,
    answer: HttpResponse,
    mine: ClaimId,
    record: Option<Box<Record>>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    match result {
        Ok(response) if claim::taken_inside(response.request(), mine) => {
            Ok(response.map_into_left_body())
        }
        Ok(response) => {
            if let Some(record) = record {
                record.emit();
            }
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
            let record = Cell::new(record);
            error.add_response_mapper(move |response| {
                if claim::is_marked(&response) {
                    return response;
                }
                if let Some(record) = record.take() {
                    record.emit();
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
