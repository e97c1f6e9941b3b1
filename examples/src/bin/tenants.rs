//! Serves the `tenants` example ([`examples::tenants`]) on `http://127.0.0.1:8080` (or `PORT`):
//! `cargo run -p examples --bin tenants`.

use actix_web::{App, HttpServer, web};
use cors_actix::Origin;
use examples::tenants::{self, Tenants};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = examples::port()?;
    let seeded = Origin::parse(tenants::SEEDED).expect("a valid origin");
    // One store for every worker.
    let store = web::Data::new(Tenants::new([seeded]));
    println!(
        "tenants example on http://127.0.0.1:{port}/ (curl commands: examples/src/tenants.rs)"
    );
    HttpServer::new(move || {
        App::new()
            .app_data(store.clone())
            .configure(tenants::configure)
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
