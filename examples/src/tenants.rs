//! Dynamic origins: a multi-tenant service whose customers call it from their own domains,
//! kept in a store the application updates at run time, through
//! [`cors_actix::CorsBuilder::origin_fn_async`].
//!
//! The service's own admin front end is listed (`https://admin.saas.example`) and never asks the
//! store; any other origin is looked up in the [`Tenants`] store shared through `app_data`
//! (an in-memory stand-in for a database: the lookup awaits its lock as it would a query).
//! Credentials are allowed: the store is the allow-list, and each answer echoes the caller's
//! own origin with `Vary: Origin`. `POST /tenants` (from the admin front end) registers a domain,
//! which is allowed from the next request on.
//!
//! ```text
//! cargo run -p examples --bin tenants
//! curl -i http://127.0.0.1:8080/orders -H 'Origin: https://shop.customer.example'      # allowed (a seeded tenant)
//! curl -i http://127.0.0.1:8080/orders -H 'Origin: https://new.customer.example'       # no CORS headers
//! curl -i -X POST http://127.0.0.1:8080/tenants -H 'Origin: https://admin.saas.example' \
//!   -H 'content-type: text/plain' -d 'https://new.customer.example'
//! curl -i http://127.0.0.1:8080/orders -H 'Origin: https://new.customer.example'       # now allowed
//! ```

use std::collections::HashSet;

use actix_web::{HttpRequest, HttpResponse, web};
use cors_actix::{Cors, Origin};
use tokio::sync::RwLock;

/// The service's own admin front end: listed, so the store is never asked about it.
pub const ADMIN: &str = "https://admin.saas.example";

/// The tenant the store starts with.
pub const SEEDED: &str = "https://shop.customer.example";

/// The customers' origins, as a database would hold them.
#[derive(Debug, Default)]
pub struct Tenants(RwLock<HashSet<Origin>>);

impl Tenants {
    /// A store holding `origins`.
    pub fn new(origins: impl IntoIterator<Item = Origin>) -> Self {
        Tenants(RwLock::new(origins.into_iter().collect()))
    }

    /// Whether `origin` belongs to a tenant.
    pub async fn contains(&self, origin: &Origin) -> bool {
        self.0.read().await.contains(origin)
    }

    /// Registers `origin`; `false` if it was there already.
    pub async fn insert(&self, origin: Origin) -> bool {
        self.0.write().await.insert(origin)
    }
}

/// The origin predicate: whether the store holds `origin`. The store comes from the request's
/// `app_data`; the request itself is dropped before the lookup awaits.
pub async fn is_tenant(origin: Origin, request: HttpRequest) -> bool {
    let Some(tenants) = request.app_data::<web::Data<Tenants>>().cloned() else {
        return false;
    };
    drop(request);
    tenants.contains(&origin).await
}

/// The policy: the admin front end listed, every other origin asked of the store.
pub fn cors() -> Cors {
    Cors::builder()
        .origins([ADMIN])
        .origin_fn_async(is_tenant)
        .methods(["GET", "POST"])
        .headers(["content-type"])
        .credentials(true)
        .max_age(600)
        .build()
        .expect("a valid policy")
}

/// `POST /tenants`: registers the origin in the body (`text/plain`); 400 for one that is not
/// an exact origin as browsers send it.
async fn register(tenants: web::Data<Tenants>, body: String) -> HttpResponse {
    match Origin::parse(body.trim()) {
        Ok(origin) => {
            tenants.insert(origin).await;
            HttpResponse::Created().finish()
        }
        Err(error) => HttpResponse::BadRequest().body(error.to_string()),
    }
}

/// The example's routes, under [`cors`]; the app registers the shared [`Tenants`] store with
/// `App::app_data` (one `web::Data` for every worker).
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(
        web::scope("")
            .wrap(cors())
            .route(
                "/orders",
                web::get().to(|| async { HttpResponse::Ok().body("[]") }),
            )
            .route("/tenants", web::post().to(register)),
    );
}
