//! The CORS service: answers what [`process`](crate::process) decides, or calls the service it
//! wraps and adds the CORS headers to its response.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tower_service::Service;

use crate::headers::ActualHeaders;
use crate::layer::CorsLayer;
use crate::process::{Action, process};
use crate::request::TowerRequest;

/// The CORS middleware service, made by [`CorsLayer`]: answers preflights, refuses what a
/// strict policy forbids and decorates every response of the service it wraps.
///
/// Its responses have the wrapped service's body type, `B`: it makes its own answers with
/// `B::default()` (a preflight's empty body) and `B::from(String)` (the reason of a 403).
#[derive(Clone, Debug)]
pub struct Cors<S> {
    inner: S,
    layer: CorsLayer,
}

impl<S> Cors<S> {
    pub(crate) fn new(inner: S, layer: CorsLayer) -> Self {
        Cors { inner, layer }
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Cors<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default + From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let view = TowerRequest::new(&request);
        let rule = self.layer.rule_for(&view);
        let state = match process(rule.policy(), &rule.values, view) {
            Action::Respond(response) => State::Ready {
                response: Some(response),
            },
            Action::Forward(pending) => State::Forward {
                future: self.inner.call(request),
                pending: Some(pending),
            },
        };
        ResponseFuture { state }
    }
}

pin_project! {
    /// The response future of [`Cors`]: the inner service's future, whose response gets the
    /// CORS headers, or a response decided up front.
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Ready {
            response: Option<Response<B>>,
        },
        Forward {
            #[pin]
            future: F,
            pending: Option<ActualHeaders>,
        },
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Ready { response } => Poll::Ready(Ok(response
                .take()
                .expect("ResponseFuture polled after completion"))),
            StateProj::Forward { future, pending } => {
                let mut response = ready!(future.poll(cx))?;
                pending
                    .take()
                    .unwrap_or_default()
                    .apply(response.headers_mut());
                Poll::Ready(Ok(response))
            }
        }
    }
}
