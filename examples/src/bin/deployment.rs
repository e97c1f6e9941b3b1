//! Serves the `deployment` example ([`examples::deployment`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `SPA_ORIGINS=https://app.example.com cargo run -p examples --bin deployment`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // Before anything is bound: a bad SPA_ORIGINS stops the server here, naming the variable,
    // the routes and the fix.
    if let Err(errors) = cors_actix::check() {
        eprintln!("{errors}");
        std::process::exit(1);
    }
    let port = examples::port()?;
    println!(
        "deployment example on http://127.0.0.1:{port}/ (curl commands: examples/src/deployment.rs)"
    );
    HttpServer::new(|| App::new().configure(examples::deployment::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
