//! Serves the `credentials_spa` example ([`examples::credentials_spa`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin credentials_spa`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    println!(
        "credentials_spa example on http://127.0.0.1:{port}/ (curl commands: examples/src/credentials_spa.rs)"
    );
    HttpServer::new(|| App::new().configure(examples::credentials_spa::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
