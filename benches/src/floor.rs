//! The floor: a middleware that decides nothing and inserts the three header values an allowed
//! credentialed answer carries (`Access-Control-Allow-Origin`, `-Allow-Credentials`, `Vary`),
//! each a `HeaderValue::from_static` constant, into every response. No CORS layer in actix-web 4
//! can cost less than this: it is the middleware plumbing plus three header inserts.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderValue};
use pin_project_lite::pin_project;

use crate::ALLOWED_ORIGIN;

/// The floor middleware's factory.
#[derive(Clone, Copy, Debug, Default)]
pub struct Floor;

impl<S, B> Transform<S, ServiceRequest> for Floor
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = FloorMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<FloorMiddleware<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(FloorMiddleware { service }))
    }
}

/// The floor middleware's service.
#[derive(Debug)]
pub struct FloorMiddleware<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for FloorMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = FloorFuture<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        FloorFuture {
            inner: self.service.call(request),
        }
    }
}

pin_project! {
    /// The inner response future; the headers are inserted when it is ready.
    pub struct FloorFuture<F> {
        #[pin]
        inner: F,
    }
}

impl<F, B> Future for FloorFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<B>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        const ORIGIN: HeaderValue = HeaderValue::from_static(ALLOWED_ORIGIN);
        const TRUE: HeaderValue = HeaderValue::from_static("true");
        const VARY: HeaderValue = HeaderValue::from_static("Origin");
        let mut response = ready!(self.project().inner.poll(cx))?;
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        headers.insert(header::VARY, VARY);
        Poll::Ready(Ok(response))
    }
}
