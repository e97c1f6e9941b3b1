//! Per-route CORS for actix-web 4, on one policy engine ([`cors_core`]).
//!
//! Three ways to configure a policy, with the same validation and the same runtime behaviour:
//!
//! - the `#[cors(..)]` attribute on a routing-macro handler, checked at compile time and
//!   compiled into a `static` (every header value a literal, nothing allocated per request);
//! - [`cors_policy!`], a policy declared once under a name and checked at compile time, which
//!   routes start from (`#[cors(policy = SPA, max_age = 60)]`: a key written on the route
//!   replaces the policy's value for that key; every other key comes from the policy) and which
//!   is also a middleware value, a [`NamedPolicy`] (`.wrap(SPA)`);
//! - in both, `origins = env("SPA_ORIGINS", default = [..])`: the origins read once per process
//!   from a variable, every other key checked at compile time; [`check`] reads every such
//!   variable of the binary before the server binds (feature `env`);
//! - [`Cors`], built at startup from data only known then (environment, config files), which
//!   returns every configuration problem as a [`ConfigErrors`]; [`Cors::from_env`] reads the
//!   policy from `CORS_*`-style variables ([`EnvConfig`]) and names the variable and value in
//!   each problem ([`EnvErrors`]).
//!
//! # What a policy does
//!
//! Both:
//! - answer preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) without calling
//!   the handler: the policy's status (default 204) and CORS headers, or 403 with a `text/plain`
//!   reason;
//! - add `Access-Control-Allow-Origin` (the exact origin, or `*` for any origin without
//!   credentials), `Access-Control-Allow-Credentials` and `Access-Control-Expose-Headers` to the
//!   responses of allowed origins, error responses included (a handler's or extractor's error
//!   response is decorated directly; an error from an inner middleware stays an `Err`, so outer
//!   middleware can still inspect it, and the response actix renders from it gets the headers);
//! - merge `Vary: Origin` into every response whose answer depends on the origin;
//! - with `strict`, refuse requests from disallowed origins with 403 before the handler runs,
//!   letting same-origin requests through;
//! - log every rejection at `debug` level through `tracing`, with the reason, the origin seen and
//!   what the policy allows.
//!
//! [`Cors`] answers the preflights of everything it wraps and decorates every other response;
//! wrap an `App`, a `Scope` or a `Resource`, but not a resource with resource-level guards (such
//! as the ones `#[get]` registers), which never sees `OPTIONS` requests. One policy answers each
//! request, the innermost one it reaches: where `#[cors]` routes sit inside a [`Cors`] or a
//! [`NamedPolicy`], each route's own policy answers that route's preflights and responses, and
//! the policy around them everything else, so no response gets two sets of CORS headers. A
//! strict policy around others is the exception: it refuses an origin it does not allow before
//! routing, since no handler may run for it. Every header value is
//! computed once, when it is built, so the usual
//! `HttpServer::new(move || App::new().wrap(cors.clone()))` costs one reference count.
//!
//! ```
//! use actix_web::{App, HttpResponse, test, web};
//! use cors_actix::Cors;
//!
//! # actix_web::rt::System::new().block_on(async {
//! let cors = Cors::builder()
//!     .origins(["https://app.example.com", "https://*.example.com"])
//!     .methods(["GET", "PUT"])
//!     .credentials(true)
//!     .build()?;
//!
//! let app = test::init_service(
//!     App::new().service(web::scope("/api").wrap(cors).route("/items", web::get().to(HttpResponse::Ok))),
//! )
//! .await;
//!
//! let request = test::TestRequest::get()
//!     .uri("/api/items")
//!     .insert_header(("origin", "https://admin.example.com"))
//!     .to_request();
//! let response = test::call_service(&app, request).await;
//! assert_eq!(response.headers().get("access-control-allow-origin").unwrap(), "https://admin.example.com");
//! assert_eq!(response.headers().get("access-control-allow-credentials").unwrap(), "true");
//! assert_eq!(response.headers().get("vary").unwrap(), "Origin");
//! # Ok::<(), cors_actix::ConfigErrors>(())
//! # }).unwrap();
//! ```

#![forbid(unsafe_code)]

mod answer;
#[cfg(feature = "audit")]
mod audit;
mod builder;
mod claim;
#[cfg(feature = "env")]
mod deployment;
mod guard;
mod headers;
mod log;
mod middleware;
mod named;
mod origin_fn;
mod request;
mod route;
mod source;

#[cfg(feature = "audit")]
pub use audit::{Audit, AuditEntry, AuditKind, audit};
pub use builder::{Cors, CorsBuilder};
/// The policy engine, whole: every type the decisions, errors and policies here are made of.
pub use cors_core;
pub use cors_core::glue::{Decision, RejectReason};
pub use cors_core::{
    ConfigError, ConfigErrors, ErrorKind, Field, Origin, OriginErrorKind, Policy, PolicySpec,
};
#[cfg(feature = "env")]
pub use cors_core::{EnvConfig, EnvError, EnvErrorKind, EnvErrors};
pub use cors_macros::{cors, cors_policy};
#[cfg(feature = "env")]
pub use deployment::{CheckErrors, Problem, check};
pub use middleware::{CorsFuture, CorsMiddleware};
pub use named::NamedPolicy;
pub use request::ActixRequest;
pub use source::PolicySource;

/// What code generated by the `#[cors]` attribute names; not a public API. Versioned with the
/// crates, so that a `cors-macros` of another version fails to compile against it.
#[doc(hidden)]
pub mod __private_0_1 {
    pub use ::actix_web;
    pub use ::cors_core::glue::{AllowedHeaders, AllowedOrigins, PolicyParts, PolicyText};
    pub use ::cors_core::{Origin, OriginPattern, Policy};
    pub use ::std::borrow::Cow;

    pub use cors_macros::cors;

    pub use crate::NamedPolicy;
    #[cfg(feature = "env")]
    pub use crate::deployment::{ENV_ROUTES, EnvRoute};
    pub use crate::guard::RouteGuard;
    pub use crate::named::DENY_ALL;
    pub use crate::origin_fn::{AsyncAnswer, StaticOriginFn, boxed_answer};
    pub use crate::route::route_resource;
    #[cfg(feature = "env")]
    pub use ::cors_core::{Field, PolicySpec, Setting};
    #[cfg(any(feature = "env", feature = "audit"))]
    pub use ::linkme;

    /// Its items when the `audit` feature is on, nothing otherwise: what `#[cors]` and
    /// `cors_policy!` wrap their audit entry in, since a macro cannot see the glue's features.
    pub use crate::__cors_audit_0_1 as audit;
    #[cfg(feature = "audit")]
    pub use crate::audit::{AUDIT_SITES, AuditKind, AuditPolicy, AuditSite};
    #[cfg(feature = "env")]
    pub use ::std::sync::OnceLock;
}

/// What `__private_0_1::audit!` is with the `audit` feature: its items, kept.
#[cfg(feature = "audit")]
#[doc(hidden)]
#[macro_export]
macro_rules! __cors_audit_0_1 {
    ($($item:tt)*) => { $($item)* };
}

/// What `__private_0_1::audit!` is without the `audit` feature: nothing.
#[cfg(not(feature = "audit"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __cors_audit_0_1 {
    ($($item:tt)*) => {};
}
