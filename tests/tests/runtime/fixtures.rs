//! This suite's origins, its typical credentialed policy, and the app most tests wrap.

use crate::support::*;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self};
use actix_web::{App, Error, web};
use cors_actix::{Cors, CorsBuilder};

pub const APP: &str = "https://app.example.com";
/// Matches `https://*.partner.example`.
pub const PARTNER: &str = "https://shop.partner.example";
pub const EVIL: &str = "https://evil.com";

/// A typical credentialed policy.
pub fn policy() -> CorsBuilder {
    Cors::builder()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET", "POST", "PUT", "DELETE"])
        .headers(["content-type", "x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600)
}

/// An app wrapped in `cors`, with counted GET and POST handlers on `/items`.
pub async fn app(
    cors: Cors,
    hits: &Hits,
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = Error>
{
    test::init_service(
        App::new()
            .app_data(hits.data())
            .wrap(cors)
            .route("/items", web::get().to(counted))
            .route("/items", web::post().to(counted)),
    )
    .await
}
