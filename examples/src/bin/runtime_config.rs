//! Serves the `runtime_config` example ([`examples::runtime_config`]) on
//! `http://127.0.0.1:8080` (or `PORT`), with the policy from the `CORS_*` variables:
//! `CORS_ORIGINS=https://app.example.com cargo run -p examples --bin runtime_config`.
//!
//! `CORS_ORIGINS` is required. A missing or invalid configuration is reported, every problem
//! with its variable, value and fix, and the process exits with status 1 before binding
//! anything, so a server never runs half-configured.

use std::process::ExitCode;

use actix_web::HttpServer;
use cors_actix::Cors;
use examples::runtime_config;

fn main() -> ExitCode {
    // Read and check all the configuration first, reporting every problem, then bind.
    let cors = Cors::from_env(&runtime_config::env_config());
    let port = examples::port();
    let (cors, port) = match (cors, port) {
        (Ok(cors), Ok(port)) => (cors, port),
        (cors, port) => {
            if let Err(errors) = cors {
                eprintln!("error: {errors}");
            }
            if let Err(error) = port {
                eprintln!("error: {error}");
            }
            eprintln!("runtime_config example not started: fix the configuration above");
            return ExitCode::FAILURE;
        }
    };
    match serve(cors, port) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[actix_web::main]
async fn serve(cors: Cors, port: u16) -> std::io::Result<()> {
    let server =
        HttpServer::new(move || runtime_config::app(cors.clone())).bind(("127.0.0.1", port))?;
    // Announced once bound, with the actual port (`PORT=0` picks a free one).
    for address in server.addrs() {
        println!("runtime_config example on http://{address}/orders");
    }
    server.run().await
}
