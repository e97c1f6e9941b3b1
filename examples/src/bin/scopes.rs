//! Serves the `scopes` example ([`examples::scopes`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin scopes`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    println!("scopes example on http://127.0.0.1:{port}/ (curl commands: examples/src/scopes.rs)");
    HttpServer::new(|| App::new().configure(examples::scopes::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
