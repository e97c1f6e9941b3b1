//! What the `#[cors]` attribute registers for each annotated handler: its resource, with a
//! [`NamedPolicy`] of the route's compiled policy around it, and how a worker runs that policy.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{Error, Resource};
use cors_core::{Origin, Policy};

use crate::NamedPolicy;
use crate::guard::RouteGuard;
use crate::headers::HeaderValues;
use crate::origin_fn::StaticOriginFn;
use crate::source::{self, Action, PolicySource, sealed::Sealed};

/// A [`NamedPolicy`] as one worker runs it: the policy and its header values.
///
/// Built by [`NamedPolicy`]'s `Transform` once per worker; not constructed directly.
#[derive(Clone, Debug)]
pub struct RouteSource {
    policy: &'static Policy,
    values: HeaderValues,
    origin_fn: Option<StaticOriginFn>,
}

impl RouteSource {
    /// Each worker builds the policy's header values once, when actix creates the service, as
    /// `HeaderValue::from_static` pointers at the literals of the `static`; a request clones the
    /// ones it sends, which copies a few words: deciding and decorating a request allocates
    /// nothing and formats nothing (only the request's `Origin` and header names are compared).
    pub(crate) fn new(policy: &'static Policy) -> Self {
        RouteSource {
            policy,
            values: HeaderValues::borrowed(policy),
            origin_fn: None,
        }
    }

    /// The same, asking `origin_fn` about the origins the policy does not list.
    pub(crate) fn with_origin_fn(self, origin_fn: Option<StaticOriginFn>) -> Self {
        RouteSource { origin_fn, ..self }
    }
}

impl Sealed for RouteSource {
    fn process(&self, request: &ServiceRequest) -> Action {
        StaticOriginFn::process(self.origin_fn, self.policy, &self.values, request)
    }

    fn asks(&self) -> bool {
        StaticOriginFn::is_async(self.origin_fn)
    }

    fn process_granting(&self, request: &ServiceRequest, granted: Option<&Origin>) -> Action {
        source::process_granting(self.policy, &self.values, request, granted)
    }
}

impl PolicySource for RouteSource {
    fn policy(&self) -> &Policy {
        self.policy
    }
}

/// The resource `#[cors]` registers for a route without `wrap`s of its own: `path`, named
/// `name`, admitting what `guard` admits, with [`NamedPolicy`] around it; the expansion adds the
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
        .wrap(NamedPolicy::new(policy).on_route())
}
