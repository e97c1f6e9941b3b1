//! The per-route middleware the `#[cors]` attribute attaches to each annotated handler.

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse, Transform};
use actix_web::{Error, Resource};
use cors_core::Policy;

use crate::guard::RouteGuard;

use crate::headers::HeaderValues;
use crate::middleware::CorsMiddleware;
use crate::source::{self, Action, PolicySource, sealed::Sealed};

/// CORS for one route, by a policy the `#[cors]` attribute compiled into a `static`.
///
/// Each worker builds the policy's header values once, when actix creates the route's service,
/// as `HeaderValue::from_static` pointers at the literals of that `static`; a request clones the
/// ones it sends, which copies a few words: deciding and decorating a request allocates nothing
/// and formats nothing (only the request's `Origin` and header names are compared). The attribute
/// adds it as the outermost `wrap` of the route's resource, whose [`RouteGuard`] admits the
/// route's preflights too: it answers those itself, before the route's other middleware (an
/// authentication `wrap` never sees a preflight), and decorates every other answer, errors from
/// the handler, its extractors and the route's other middleware included.
///
/// [`RouteGuard`]: crate::__private_0_1::RouteGuard
#[derive(Clone, Copy, Debug)]
pub struct RouteCors {
    policy: &'static Policy,
}

impl RouteCors {
    /// Wraps a policy that lives for the whole program.
    pub const fn new(policy: &'static Policy) -> Self {
        RouteCors { policy }
    }

    /// What one worker's service runs: the policy with its header values built.
    fn prepare(self) -> RouteSource {
        RouteSource {
            policy: self.policy,
            values: HeaderValues::borrowed(self.policy),
        }
    }
}

/// A [`RouteCors`] as one worker runs it: the policy and its header values.
///
/// Built by [`RouteCors`]'s `Transform` once per worker; not constructed directly.
#[derive(Clone, Debug)]
pub struct RouteSource {
    policy: &'static Policy,
    values: HeaderValues,
}

impl Sealed for RouteSource {
    fn process(&self, request: &ServiceRequest) -> Action {
        source::process(self.policy, &self.values, request)
    }
}

impl PolicySource for RouteSource {
    fn policy(&self) -> &Policy {
        self.policy
    }
}

impl<S, B> Transform<S, ServiceRequest> for RouteCors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S, RouteSource>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware::new(service, self.prepare())))
    }
}

/// The resource `#[cors]` registers for a route without `wrap`s of its own: `path`, named
/// `name`, admitting what `guard` admits, with [`RouteCors`] around it; the expansion adds the
/// handler with `.to(..)`.
///
/// Every such resource has the same type, so its `wrap` is type-checked and compiled once, here,
/// instead of once per handler: a generic `.wrap(..)` at each of 200 handlers was most of what
/// `#[cors]` added to their build time (`benches/compile_cost.sh`). A route with `wrap`s of its
/// own is built at its site, where their types are known.
pub fn route_resource(
    path: &str,
    name: &str,
    guard: RouteGuard,
    policy: &'static Policy,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<EitherBody<BoxBody>>,
        Error = Error,
        InitError = (),
    >,
> {
    Resource::new(path)
        .name(name)
        .guard(guard)
        .wrap(RouteCors::new(policy))
}
