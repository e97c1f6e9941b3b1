//! The demo with its API on axum and `cors-tower` ([`examples::demo::axum_api`]):
//! `cargo run -p examples --bin demo-axum`, then open the printed page URL (by default
//! `http://127.0.0.1:3000/`) in a browser. The same routes, policies and page as `demo`.
//!
//! Flags and environment: `--api-port N` / `DEMO_API_PORT`, `--page-port N` / `DEMO_PAGE_PORT`
//! (`0` picks a free port); `--help` explains what changing the page port implies.

use std::process::ExitCode;

use examples::demo::Ports;
use examples::demo::axum_api::{self, USAGE};

fn main() -> ExitCode {
    let ports = match Ports::parse(std::env::args().skip(1), |name| std::env::var(name).ok()) {
        Ok(Some(ports)) => ports,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Two worker threads, as the actix build's API has two workers.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let result = runtime.and_then(|runtime| runtime.block_on(axum_api::run(ports)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
