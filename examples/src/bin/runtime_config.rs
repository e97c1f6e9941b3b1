//! Serves the `runtime_config` example ([`examples::runtime_config`]) on
//! `http://127.0.0.1:8080` (or `PORT`), with the origins from `CORS_ORIGINS`:
//! `CORS_ORIGINS=https://app.example.com cargo run -p examples --bin runtime_config`.
//!
//! An invalid origin list is reported, with every problem and its fix, and the process exits
//! with status 1 before binding anything.

use std::process::ExitCode;

use actix_web::HttpServer;
use examples::runtime_config::{self, DEFAULT_ORIGINS, ORIGINS_VAR};

fn main() -> ExitCode {
    let origins = std::env::var(ORIGINS_VAR).unwrap_or_else(|_| {
        println!("{ORIGINS_VAR} is not set; using {DEFAULT_ORIGINS:?}");
        DEFAULT_ORIGINS.to_owned()
    });
    let cors = match runtime_config::cors(&origins) {
        Ok(cors) => cors,
        Err(errors) => {
            eprintln!("error: {ORIGINS_VAR}={origins:?}: {errors}");
            return ExitCode::FAILURE;
        }
    };
    match serve(cors) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[actix_web::main]
async fn serve(cors: cors_actix::Cors) -> std::io::Result<()> {
    let port = examples::port()?;
    println!("runtime_config example on http://127.0.0.1:{port}/orders");
    HttpServer::new(move || runtime_config::app(cors.clone()))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
