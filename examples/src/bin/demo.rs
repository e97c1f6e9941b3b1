//! The newcomer demo ([`examples::demo`]): `cargo run -p examples --bin demo`, then open the
//! printed page URL (by default `http://127.0.0.1:3000/`) in a browser.
//!
//! Flags and environment: `--api-port N` / `DEMO_API_PORT`, `--page-port N` / `DEMO_PAGE_PORT`
//! (`0` picks a free port); `--help` explains what changing the page port implies;
//! `--cors-audit` prints the API's CORS, route by route, and exits.

use std::process::ExitCode;

use examples::demo::{self, Ports, USAGE};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args == ["--cors-audit"] {
        print!("{}", demo::audit());
        return ExitCode::SUCCESS;
    }
    let ports = match Ports::parse(args, |name| std::env::var(name).ok()) {
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
    match actix_web::rt::System::new().block_on(demo::run(ports)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
