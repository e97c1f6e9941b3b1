//! Serves the `axum_routes` example ([`examples::axum_routes`]) on `http://127.0.0.1:8080` (or
//! `PORT`), with axum: `PARTNER_ORIGINS=https://partner.example.org cargo run -p examples --bin
//! axum_routes`.
//!
//! `PARTNER_ORIGINS` (comma-separated) is required: the `/partners` policy is built from it at
//! startup, and any problem with it (or with `PORT`) is reported, every one, before binding.

use std::process::ExitCode;

use examples::axum_routes::{self, PARTNER_ORIGINS_VAR};

fn main() -> ExitCode {
    // Check all the configuration first, reporting every problem, then bind.
    let origins = std::env::var(PARTNER_ORIGINS_VAR).unwrap_or_default();
    let partners = axum_routes::partner_policy(&origins);
    let port = examples::port();
    let (partners, port) = match (partners, port) {
        (Ok(partners), Ok(port)) => (partners, port),
        (partners, port) => {
            if let Err(errors) = partners {
                eprintln!("error: {PARTNER_ORIGINS_VAR}={origins:?}: {errors}");
            }
            if let Err(error) = port {
                eprintln!("error: {error}");
            }
            eprintln!("axum_routes example not started: fix the configuration above");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(partners, port)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(partners: cors_tower::CorsLayer, port: u16) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    // Announced once bound, with the actual port (`PORT=0` picks a free one).
    println!(
        "axum_routes example on http://{}/articles",
        listener.local_addr()?
    );
    axum::serve(listener, axum_routes::app(partners)).await
}
