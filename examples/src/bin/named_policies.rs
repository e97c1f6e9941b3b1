//! Serves the `named_policies` example ([`examples::named_policies`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin named_policies`.

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    println!(
        "named_policies example on http://127.0.0.1:{port}/ (curl commands: examples/src/named_policies.rs)"
    );
    HttpServer::new(|| App::new().configure(examples::named_policies::configure))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
