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

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use pin_project_lite::pin_project;

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
    pub(crate) fn new(service: S, source: P) -> Self {
        let service = if source.asks() {
            Held::Shared(Rc::new(service))
        } else {
            Held::Owned(service)
        };
        CorsMiddleware { service, source }
    }
}

impl<S, P: fmt::Debug> fmt::Debug for CorsMiddleware<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CorsMiddleware")
            .field("source", &self.source)
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

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let state = match self.source.process(&request) {
            Action::Respond(response) => State::Ready {
                response: Some(request.into_response(response).map_into_right_body()),
            },
            Action::Forward(pending) => State::Forward {
                future: self.service.service().call(request),
                pending: Some(pending),
            },
            Action::Ask(asking) => {
                let Held::Shared(service) = &self.service else {
                    unreachable!("a policy source that asks holds its service shared");
                };
                let service = Rc::clone(service);
                State::Asking {
                    future: Box::pin(ask(asking, self.source.clone(), service, request)),
                }
            }
        };
        CorsFuture { state }
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
) -> Result<ServiceResponse<EitherBody<B>>, Error>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    P: PolicySource,
{
    let Asking { predicate, origin } = asking;
    // The boxed future is consumed here, and dropped at the end of the statement.
    let allowed = predicate.await;
    match source.process_granting(&request, allowed.then_some(&origin)) {
        Action::Respond(response) => Ok(request.into_response(response).map_into_right_body()),
        Action::Forward(pending) => decorate(service.call(request).await, pending),
        Action::Ask(_) => unreachable!("an answered origin is not asked about again"),
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
            StateProj::Asking { future } => future.as_mut().poll(cx),
        }
    }
}

/// Adds the CORS headers to the inner service's answer, error or not.
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
