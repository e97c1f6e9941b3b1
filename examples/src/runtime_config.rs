//! A policy read from the environment at startup, through [`cors_actix::Cors::from_env`].
//!
//! `CORS_ORIGINS` (comma-separated) is required and has no default: a server that guesses
//! which origins may call it either blocks its own front end or lets in too much. The other
//! `CORS_*` variables ([`cors_actix::EnvConfig`] lists them) override the defaults of
//! [`env_config`]. Every invalid value (an origin with a trailing slash, `CORS_MAX_AGE=10m`,
//! `CORS_CREDENTIALS=yes`, a misspelt `CORS_ORIGIN`) is reported with the variable, the value
//! and the fix, all of them at once, and the binary exits with status 1 before binding a port.
//! As the defaults turn credentials on, `CORS_ORIGINS=*` alone is refused too: the report says
//! to list exact origins or to set `CORS_CREDENTIALS=false` (unsetting it keeps the default).
//!
//! ```text
//! CORS_ORIGINS='https://app.example.com, https://*.example.com' cargo run -p examples --bin runtime_config
//! CORS_ORIGINS='https://app.example.com/' CORS_MAX_AGE=10m cargo run -p examples --bin runtime_config   # exits 1 with both problems
//! ```

use std::ffi::OsStr;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, Error, HttpResponse, web};
use cors_actix::{Cors, EnvConfig, EnvErrors, PolicySpec};

/// The prefix of the variables the binary reads.
pub const PREFIX: &str = "CORS_";

/// The one variable that must be set.
pub const ORIGINS_VAR: &str = "CORS_ORIGINS";

/// The variables and their defaults: GET and POST, `content-type`, credentials, a 600 s
/// preflight cache; no default origins.
pub fn env_config() -> EnvConfig {
    EnvConfig::new(PREFIX).defaults(
        PolicySpec::new()
            .methods(["GET", "POST"])
            .headers(["content-type"])
            .credentials(true)
            .max_age(600),
    )
}

/// Builds the policy from environment variables (the binary passes `std::env::vars_os()`,
/// through [`Cors::from_env`]), reporting every problem at once.
pub fn cors<I, K, V>(vars: I) -> Result<Cors, EnvErrors>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<OsStr>,
    V: AsRef<OsStr>,
{
    env_config().read(vars).map(Cors::from_policy)
}

/// Builds the example's app around an already validated policy.
pub fn app(
    cors: Cors,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    // Wrapping the app (not a single `#[get]` resource, whose method guard hides OPTIONS
    // requests) lets the middleware answer the preflights of every route.
    App::new()
        .wrap(cors)
        .route(
            "/orders",
            web::get().to(|| async { HttpResponse::Ok().body("[]") }),
        )
        .route("/orders", web::post().to(HttpResponse::Created))
}
