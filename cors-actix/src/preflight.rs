//! Preflight answers, and the resource the `#[cors]` attribute registers to give each annotated
//! route its own preflight.

use std::future::{Ready, ready};

use actix_web::dev::{
    AppService, HttpServiceFactory, Service, ServiceFactory, ServiceRequest, ServiceResponse,
    always_ready,
};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::Method;
use actix_web::{Error, HttpResponse, Resource};
use cors_core::Policy;

use crate::request::ActixRequest;
use crate::route::{RouteCors, RouteSource};
use crate::source::Action;
use crate::source::sealed::Sealed;

/// Registers the preflight resource of one annotated route: `path`, guarded by `OPTIONS` +
/// `Origin` + an `Access-Control-Request-Method` among `methods`, answered by `policy`.
///
/// Registered before the route itself, so actix's router (first match wins) sends the route's
/// preflights here, while a plain `OPTIONS`, or a preflight for another method on the same path,
/// falls through to whatever else is registered there. The other order would make every
/// preflight fail the route's method guard first, which costs more than the path match it
/// saves actual requests (measured in BENCHMARKS.md).
pub fn register_preflight(
    config: &mut AppService,
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
) {
    let resource = Resource::new(path)
        .guard(PreflightGuard { methods })
        .default_service(PreflightAnswer {
            route: RouteCors::new(policy),
        });
    HttpServiceFactory::register(resource, config);
}

/// Admits the preflights of one route.
struct PreflightGuard {
    methods: &'static [&'static str],
}

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        // Most requests that reach the guard are not `OPTIONS`: one enum comparison turns them
        // away before the header lookups.
        head.method == Method::OPTIONS
            && cors_core::glue::preflight_method(&ActixRequest::new(head)).is_some_and(
                |requested| {
                    self.methods
                        .iter()
                        .any(|method| method.as_bytes() == requested)
                },
            )
    }
}

/// Creates the service behind the preflight resource, once per worker.
struct PreflightAnswer {
    route: RouteCors,
}

impl ServiceFactory<ServiceRequest> for PreflightAnswer {
    type Response = ServiceResponse;
    type Error = Error;
    type Config = ();
    type Service = PreflightService;
    type InitError = ();
    type Future = Ready<Result<PreflightService, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        ready(Ok(PreflightService {
            source: self.route.prepare(),
        }))
    }
}

/// The service behind the preflight resource: the route's policy, with its header values.
struct PreflightService {
    source: RouteSource,
}

impl Service<ServiceRequest> for PreflightService {
    type Response = ServiceResponse;
    type Error = Error;
    type Future = Ready<Result<ServiceResponse, Error>>;

    always_ready!();

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let response = match self.source.process(&request) {
            Action::Respond(response) => response,
            // The guard admits only preflights, which the policy always answers itself.
            Action::Forward(_) => HttpResponse::NotFound().finish(),
        };
        ready(Ok(request.into_response(response)))
    }
}
