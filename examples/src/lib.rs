//! Runnable examples for `cors-actix` and `cors-tower`, and the newcomer demo.
//!
//! Each module builds the `App` (or, for axum, the `Router`) of one example, so that the thin
//! binaries in `src/bin/` can serve it and the tests in `tests/` can exercise it with
//! `actix_web::test` (axum: `tower::ServiceExt::oneshot`):
//!
//! | module | run it with | shows |
//! |---|---|---|
//! | [`basic`] | `cargo run -p examples --bin basic` | one public route and one route for one origin |
//! | [`credentials_spa`] | `cargo run -p examples --bin credentials_spa` | cookies for a single-page app on another origin |
//! | [`deployment`] | `SPA_ORIGINS=.. cargo run -p examples --bin deployment` | a policy's origins from an environment variable with a default, `cors_actix::check()` before binding |
//! | [`named_policies`] | `cargo run -p examples --bin named_policies` | policies declared once with `cors_policy!`, used by routes (with overrides) and as a scope's middleware |
//! | [`per_endpoint`] | `cargo run -p examples --bin per_endpoint` | different policies per route and per method on one path |
//! | [`runtime_config`] | `CORS_ORIGINS=.. cargo run -p examples --bin runtime_config` | origins read at startup through `cors_actix::Cors` |
//! | [`scopes`] | `cargo run -p examples --bin scopes` | annotated routes inside `web::scope` |
//! | [`tenants`] | `cargo run -p examples --bin tenants` | dynamic origins: customer domains from a store shared through `app_data`, asked by an async predicate |
//! | [`axum_routes`] | `PARTNER_ORIGINS=.. cargo run -p examples --bin axum_routes` | axum and `cors-tower`: `policy!` per route, per-method policies with `or`, a runtime `CorsLayer::from_spec`, a plain `OPTIONS` handler |
//! | [`demo`] | `cargo run -p examples --bin demo` | an API plus a page on another origin that runs real `fetch()` calls against it |
//! | [`demo::axum_api`] | `cargo run -p examples --bin demo-axum` | the same demo API on axum and `cors-tower` |

pub mod axum_routes;
pub mod basic;
pub mod credentials_spa;
pub mod demo;
pub mod deployment;
pub mod named_policies;
pub mod per_endpoint;
pub mod runtime_config;
pub mod scopes;
pub mod tenants;

/// The port the small examples listen on (on `127.0.0.1`): `PORT`, or 8080.
pub fn port() -> std::io::Result<u16> {
    match std::env::var("PORT") {
        Ok(value) => value.trim().parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={value:?} is not a port number"),
            )
        }),
        Err(_) => Ok(8080),
    }
}
