//! Serves the `basic` example ([`examples::basic`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin basic`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    println!("basic example on http://127.0.0.1:{port}/ (curl commands: examples/src/basic.rs)");
    HttpServer::new(|| App::new().configure(examples::basic::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
