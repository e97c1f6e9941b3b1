//! Origins known only at startup, through the runtime builder [`cors_actix::Cors`].
//!
//! The allowed origins come from the `CORS_ORIGINS` environment variable (comma-separated). The
//! builder runs the same validation as the `#[cors]` attribute; a mistake such as a trailing
//! slash is reported with a suggested fix, and the binary exits instead of starting with a policy
//! that would silently never match.
//!
//! ```text
//! CORS_ORIGINS='https://app.example.com, https://*.example.com' cargo run -p examples --bin runtime_config
//! CORS_ORIGINS='https://app.example.com/' cargo run -p examples --bin runtime_config   # exits with the error
//! ```

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, Error, HttpResponse, web};
use cors_actix::{ConfigErrors, Cors};

/// The environment variable read by the binary.
pub const ORIGINS_VAR: &str = "CORS_ORIGINS";

/// The origins used when [`ORIGINS_VAR`] is not set.
pub const DEFAULT_ORIGINS: &str = "https://app.example.com";

/// Builds the policy from a comma-separated origin list, reporting every problem at once.
pub fn cors(origins: &str) -> Result<Cors, ConfigErrors> {
    Cors::builder()
        .allowed_origins(origins.split(',').map(str::trim).filter(|o| !o.is_empty()))
        .allowed_methods(["GET", "POST"])
        .allowed_headers(["content-type"])
        .credentials(true)
        .max_age(600)
        .build()
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
