//! Dynamic origins: `origin_fn`, asked only about exact origins the list does not match, its
//! answer judged by the rest of the policy.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self};
use actix_web::{HttpRequest, web};
use cors_actix::{Cors, CorsBuilder, ErrorKind, Field, Origin};

/// A customer's domain, allowed by the predicate only.
pub const TENANT: &str = "https://shop.tenant.example";

/// The subdomains of `tenant.example` the predicate allows, as the application keeps them.
pub struct Tenants(pub Vec<&'static str>);

/// Counts the predicate's calls.
#[derive(Clone, Default)]
pub struct Asked(Arc<AtomicUsize>);

impl Asked {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    fn ask(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Whether `origin` is `https://<tenant>.tenant.example` for a tenant in the app's [`Tenants`].
fn is_tenant(origin: &Origin, request: &HttpRequest) -> bool {
    let tenants = request.app_data::<web::Data<Tenants>>().expect("Tenants");
    origin.scheme() == "https"
        && origin.port().is_none()
        && origin
            .host()
            .strip_suffix(".tenant.example")
            .is_some_and(|name| tenants.0.contains(&name))
}

/// How a test's predicate answers: both kinds must behave the same.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// `origin_fn`.
    Sync,
    /// `origin_fn_async`, really waiting (1 ms) before it answers.
    Async,
}

pub const KINDS: [Kind; 2] = [Kind::Sync, Kind::Async];

/// `builder` with a predicate of `kind` answering what `decide` does, counted by `asked`.
pub fn asking(
    builder: CorsBuilder,
    kind: Kind,
    asked: &Asked,
    decide: fn(&Origin, &HttpRequest) -> bool,
) -> CorsBuilder {
    let asked = asked.clone();
    match kind {
        Kind::Sync => builder.origin_fn(move |origin, request| {
            asked.ask();
            decide(origin, request)
        }),
        Kind::Async => builder.origin_fn_async(move |origin, request| {
            asked.ask();
            async move {
                actix_web::rt::time::sleep(Duration::from_millis(1)).await;
                // The request is kept across the wait and dropped with the future.
                decide(&origin, &request)
            }
        }),
    }
}

/// [`policy`] with a predicate of `kind` allowing [`is_tenant`], counted by `asked`.
pub fn with_origin_fn(kind: Kind, asked: &Asked) -> CorsBuilder {
    asking(policy(), kind, asked, is_tenant)
}

/// An app wrapped in `cors`, with [`Tenants`] `shop` and `store`, and counted GET and POST
/// handlers on `/items`.
pub async fn tenant_app(
    cors: Cors,
    hits: &Hits,
) -> impl actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(
        actix_web::App::new()
            .app_data(web::Data::new(Tenants(vec!["shop", "store"])))
            .app_data(hits.data())
            .wrap(cors)
            .route("/items", web::get().to(counted))
            .route("/items", web::post().to(counted)),
    )
    .await
}

/// Asserts that `response` allows `origin` alone, with credentials, and varies on `Origin`.
#[track_caller]
pub fn assert_echoed<B>(response: &actix_web::dev::ServiceResponse<B>, origin: &str) {
    assert_eq!(
        header_all(response, "access-control-allow-origin"),
        [origin]
    );
    assert_eq!(
        header(response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(header_all(response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn the_predicate_allows_origins_from_app_data_with_credentials_echoed() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        let app = tenant_app(with_origin_fn(kind, &asked).build().unwrap(), &hits).await;
        for origin in [TENANT, "https://store.tenant.example"] {
            let response = test::call_service(&app, get("/items", origin).to_request()).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert_echoed(&response, origin);
            assert_eq!(
                header(&response, "access-control-expose-headers").unwrap(),
                "x-request-id"
            );
        }
        assert_eq!(asked.count(), 2);
        for origin in [
            "https://other.tenant.example",
            "http://shop.tenant.example",
            "https://shop.tenant.example:8443",
            EVIL,
        ] {
            let response = test::call_service(&app, get("/items", origin).to_request()).await;
            assert_eq!(response.status(), StatusCode::OK, "{origin}");
            assert_no_cors(&response);
            assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");
        }
        assert_eq!(asked.count(), 6);
        assert_eq!(hits.count(), 6);
    }
}

#[actix_web::test]
async fn listed_origins_never_call_the_predicate() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        let app = tenant_app(with_origin_fn(kind, &asked).build().unwrap(), &hits).await;
        for origin in [APP, PARTNER] {
            let response = test::call_service(&app, get("/items", origin).to_request()).await;
            assert_eq!(
                header_all(&response, "access-control-allow-origin"),
                [origin]
            );
            let response =
                test::call_service(&app, preflight("/items", origin, "PUT").to_request()).await;
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
        }
        // Without `Origin`, nothing to ask either.
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/items").to_request()).await;
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert_eq!(asked.count(), 0);
    }
}

#[actix_web::test]
async fn malformed_repeated_and_null_origins_never_reach_the_predicate() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        // Allows anything it is asked about: only what never reaches it is refused.
        let cors = asking(policy(), kind, &asked, |_, _| true).build().unwrap();
        let app = tenant_app(cors, &hits).await;
        let hostile: Vec<&str> = SECTION9_ORIGINS
            .iter()
            .copied()
            .chain([
                "null",
                "https://shop.tenant.example/",
                "https://SHOP.tenant.example",
                "https://shop.tenant.example:443",
                "https://*.tenant.example",
                "https://shop.tenant.example:*",
                "https://shop.tenant.example, https://app.example.com",
                " https://shop.tenant.example",
                "shop.tenant.example",
            ])
            .filter(|origin| Origin::from_request(origin.as_bytes()).is_none())
            .collect();
        assert!(hostile.len() > 9);
        for &origin in &hostile {
            let response = test::call_service(&app, get("/items", origin).to_request()).await;
            assert_eq!(response.status(), StatusCode::OK, "{origin}");
            assert_no_cors(&response);
            let response =
                test::call_service(&app, preflight("/items", origin, "PUT").to_request()).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
            assert_no_cors(&response);
        }
        let repeated = get("/items", TENANT).append_header(("origin", TENANT));
        let response = test::call_service(&app, repeated.to_request()).await;
        assert_no_cors(&response);
        let bytes = get("/items", TENANT)
            .insert_header(("origin", raw(b"https://shop.tenant.example\xff")));
        let response = test::call_service(&app, bytes.to_request()).await;
        assert_no_cors(&response);
        assert_eq!(asked.count(), 0);
        // The same predicate does allow a well-formed origin.
        let response = test::call_service(&app, get("/items", TENANT).to_request()).await;
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [TENANT]
        );
        assert_eq!(asked.count(), 1);
    }
}

#[actix_web::test]
async fn a_preflight_the_predicate_allows_is_judged_by_methods_and_headers() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        let app = tenant_app(with_origin_fn(kind, &asked).build().unwrap(), &hits).await;
        let response = test::call_service(
            &app,
            preflight("/items", TENANT, "PUT")
                .insert_header(("access-control-request-headers", "x-api-key"))
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_echoed(&response, TENANT);
        assert_eq!(
            header(&response, "access-control-allow-methods").unwrap(),
            "GET, POST, PUT, DELETE"
        );
        assert_eq!(header(&response, "access-control-max-age").unwrap(), "600");
        for refused in [
            preflight("/items", TENANT, "PATCH"),
            preflight("/items", TENANT, "PUT")
                .insert_header(("access-control-request-headers", "x-other")),
        ] {
            let response = test::call_service(&app, refused.to_request()).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_no_cors(&response);
        }
        assert_eq!(asked.count(), 3);
        assert_eq!(hits.count(), 0);
    }
}

#[actix_web::test]
async fn strict_mode_refuses_only_after_the_predicate_said_no() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        let app = tenant_app(
            with_origin_fn(kind, &asked).strict(true).build().unwrap(),
            &hits,
        )
        .await;
        let response =
            test::call_service(&app, request(Method::POST, "/items", TENANT).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [TENANT]
        );
        let response =
            test::call_service(&app, request(Method::POST, "/items", EVIL).to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert_eq!((asked.count(), hits.count()), (2, 1));
    }
}

#[actix_web::test]
async fn an_empty_list_with_a_predicate_builds_and_the_predicate_decides_every_origin() {
    for kind in KINDS {
        let (hits, asked) = (Hits::default(), Asked::default());
        let cors = asking(Cors::builder().methods(["GET"]), kind, &asked, is_tenant)
            .build()
            .expect("an empty list is allowed with a predicate");
        let app = tenant_app(cors, &hits).await;
        let response = test::call_service(&app, get("/items", TENANT).to_request()).await;
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [TENANT]
        );
        let response = test::call_service(&app, get("/items", APP).to_request()).await;
        assert_no_cors(&response);
        assert_eq!(asked.count(), 2);
        // Without a predicate, an empty list stays an error.
        assert_error(
            Cors::builder().methods(["GET"]),
            Field::Origins,
            None,
            ErrorKind::EmptyOrigins,
        );
    }
}

#[test]
fn any_origin_with_a_predicate_is_a_build_error() {
    let builder = Cors::builder()
        .origins(["*"])
        .methods(["GET"])
        .origin_fn(|_, _| true);
    let errors = builder.build().unwrap_err();
    let error = errors
        .iter()
        .find(|e| e.kind() == ErrorKind::WildcardOriginWithOriginFn)
        .expect("the combination is refused");
    assert_eq!((error.field(), error.index()), (Field::Origins, Some(0)));
    assert_eq!(
        error.to_string(),
        "`.origins([\"*\"])` cannot be combined with an origin predicate (`.origin_fn(..)`): \
         `*` already allows every origin, so the predicate would never be asked\n\
         help: list only the origins allowed without asking the predicate, e.g. \
         `.origins([\"https://app.example.com\"])`, or none at all; or drop `.origin_fn(..)`"
    );
    assert_eq!(
        ErrorKind::WildcardOriginWithOriginFn.code(),
        "wildcard-origin-with-origin-fn"
    );
}

/// A predicate costs a listed origin nothing: the same allocations as the same resource
/// without CORS, and the predicate is never called.
#[actix_web::test]
async fn a_listed_origin_costs_no_allocation_with_a_predicate() {
    for kind in KINDS {
        let asked = Asked::default();
        let ok = || async { actix_web::HttpResponse::Ok().finish() };
        let resource =
            test::init_service(actix_web::App::new().service(web::resource("/").to(ok))).await;
        let runtime = test::init_service(
            actix_web::App::new().service(
                web::resource("/")
                    .wrap(with_origin_fn(kind, &asked).build().unwrap())
                    .to(ok),
            ),
        )
        .await;
        for origin in [APP, PARTNER] {
            let make = || static_get("/", origin);
            let plain = allocations_per_call(&resource, make).await;
            let cors = allocations_per_call(&runtime, make).await;
            assert_eq!(cors, plain, "{origin}");
        }
        let plain = allocations_per_call(&resource, || static_get("/", APP)).await;
        let cors = allocations_per_call(&runtime, || static_preflight("/", APP, "GET")).await;
        assert!(cors <= plain, "preflight: {cors} > {plain}");
        assert_eq!(asked.count(), 0);
    }
}

/// A `Cors` with either predicate is one value shared by every worker, as without one.
#[test]
fn a_cors_with_a_predicate_is_shared_across_server_workers() {
    for kind in KINDS {
        let cors = with_origin_fn(kind, &Asked::default()).build().unwrap();
        // Building the server checks the factory's bounds; it is never bound or run.
        let _server = actix_web::HttpServer::new(move || {
            actix_web::App::new()
                .wrap(cors.clone())
                .route("/", web::get().to(actix_web::HttpResponse::Ok))
        });
    }
}
