//! Serves the `per_endpoint` example ([`examples::per_endpoint`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin per_endpoint`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    println!(
        "per_endpoint example on http://127.0.0.1:{port}/ (curl commands: examples/src/per_endpoint.rs)"
    );
    HttpServer::new(|| App::new().configure(examples::per_endpoint::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
