//! `origin_fn = path` and `origin_fn_async = path` in `#[cors]` and `cors_policy!`, end to end:
//! the named function is asked about unlisted origins only, a policy's predicate serves the
//! routes that name it and the policy as a value, and a route's own replaces it.

mod support;

use std::cell::Cell;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpRequest, HttpResponse, get, route, web};
use cors_actix::{Origin, cors};
use support::*;

const APP: &str = "https://app.example.com";
const TENANT: &str = "https://shop.tenant.example";
const OTHER: &str = "https://other.tenant.example";

thread_local! {
    /// The predicates' calls on this test's thread (actix's test runtime is single-threaded).
    static ASKED: Cell<usize> = const { Cell::new(0) };
}

fn asked() -> usize {
    ASKED.with(Cell::get)
}

/// The tenants' hosts, registered with `app_data`.
struct Tenants(Vec<&'static str>);

/// Whether `origin` is an `https` origin of a registered tenant.
fn is_tenant(origin: &Origin, request: &HttpRequest) -> bool {
    ASKED.with(|asked| asked.set(asked.get() + 1));
    let tenants = request.app_data::<web::Data<Tenants>>().expect("Tenants");
    origin.scheme() == "https" && tenants.0.contains(&origin.host())
}

/// The same, after waiting as a database query would.
async fn is_tenant_async(origin: Origin, request: HttpRequest) -> bool {
    actix_web::rt::time::sleep(Duration::from_millis(1)).await;
    is_tenant(&origin, &request)
}

/// Allows nothing it is asked about.
fn nobody(_: &Origin, _: &HttpRequest) -> bool {
    ASKED.with(|asked| asked.set(asked.get() + 1));
    false
}

mod policies {
    use cors_actix::cors_policy;

    cors_policy! {
        /// The tenants' front ends and the app, with credentials.
        pub TENANTS: origins = ["https://app.example.com"],
            origin_fn_async = crate::is_tenant_async, credentials, max_age = 60;
    }
}

use policies::TENANTS;

#[cors(origins = ["https://app.example.com"], origin_fn = is_tenant, credentials)]
#[get("/sync")]
async fn sync_route() -> HttpResponse {
    HttpResponse::Ok().body("sync")
}

/// No listed origin: the predicate decides every one.
#[cors(origin_fn_async = is_tenant_async)]
#[route("/async", method = "GET", method = "PUT")]
async fn async_route() -> HttpResponse {
    HttpResponse::Ok().body("async")
}

#[cors(policy = TENANTS)]
#[get("/named")]
async fn named_route() -> HttpResponse {
    HttpResponse::Ok().body("named")
}

/// The route's own predicate replaces the policy's.
#[cors(policy = TENANTS, origin_fn = nobody)]
#[get("/replaced")]
async fn replaced_route() -> HttpResponse {
    HttpResponse::Ok().body("replaced")
}

/// A route with a `wrap` of its own and a predicate.
#[cors(origins = ["https://app.example.com"], origin_fn = is_tenant)]
#[get(
    "/wrapped",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"1\"))"
)]
async fn wrapped_route() -> HttpResponse {
    HttpResponse::Ok().body("wrapped")
}

async fn app() -> impl actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(
        App::new()
            .app_data(web::Data::new(Tenants(vec!["shop.tenant.example"])))
            .service(sync_route)
            .service(async_route)
            .service(named_route)
            .service(replaced_route)
            .service(wrapped_route)
            .service(
                web::scope("/scope")
                    .wrap(TENANTS)
                    .route("/items", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await
}

fn from(path: &str, origin: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .insert_header(("origin", origin))
}

#[actix_web::test]
async fn every_predicate_key_allows_its_tenants_and_only_them() {
    let app = app().await;
    for path in ["/sync", "/async", "/named", "/wrapped", "/scope/items"] {
        let before = asked();
        let response = test::call_service(&app, from(path, TENANT).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [TENANT],
            "{path}"
        );
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{path}");
        let response = test::call_service(&app, from(path, OTHER).to_request()).await;
        assert_no_cors(&response);
        assert_eq!(asked(), before + 2, "{path}: asked about both");
    }
    let response = test::call_service(&app, from("/wrapped", TENANT).to_request()).await;
    assert_eq!(header(&response, "x-wrapped").as_deref(), Some("1"));
    // Credentials where the policy allows them: the predicate is the allow-list.
    for path in ["/sync", "/named", "/scope/items"] {
        let response = test::call_service(&app, from(path, TENANT).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-credentials").as_deref(),
            Some("true"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn listed_origins_and_malformed_ones_are_never_asked_about() {
    let app = app().await;
    let before = asked();
    for path in ["/sync", "/named", "/wrapped", "/scope/items"] {
        let response = test::call_service(&app, from(path, APP).to_request()).await;
        assert_eq!(header_all(&response, "access-control-allow-origin"), [APP]);
    }
    for origin in [
        "null",
        "https://shop.tenant.example/",
        "https://SHOP.tenant.example",
    ] {
        for path in ["/sync", "/async", "/named"] {
            let response = test::call_service(&app, from(path, origin).to_request()).await;
            assert_no_cors(&response);
        }
    }
    assert_eq!(asked(), before);
}

#[actix_web::test]
async fn a_route_s_predicate_replaces_its_policy_s_and_preflights_are_judged_as_usual() {
    let app = app().await;
    let response = test::call_service(&app, from("/replaced", TENANT).to_request()).await;
    assert_no_cors(&response);
    // The policy's listed origin still needs no predicate.
    let response = test::call_service(&app, from("/replaced", APP).to_request()).await;
    assert_eq!(header_all(&response, "access-control-allow-origin"), [APP]);

    let response = test::call_service(&app, preflight("/async", TENANT, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header_all(&response, "access-control-allow-origin"),
        [TENANT]
    );
    assert_eq!(
        header(&response, "access-control-allow-methods").as_deref(),
        Some("GET, PUT")
    );
    let response =
        test::call_service(&app, preflight("/async", TENANT, "DELETE").to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = test::call_service(&app, preflight("/named", TENANT, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-max-age").as_deref(),
        Some("60")
    );
}

/// Origins from the environment and a predicate together: the variable (here unset, so the
/// default) lists origins the predicate is never asked about; the rest go to the predicate.
#[cors(
    origins = env("DYNAMIC_KEYS_TEST_ORIGINS", default = ["https://app.example.com"]),
    origin_fn = is_tenant,
    credentials
)]
#[get("/deployed")]
async fn deployed() -> HttpResponse {
    HttpResponse::Ok().body("deployed")
}

mod deployed_policies {
    use cors_actix::cors_policy;

    cors_policy! {
        /// The same as a named policy, used as a value.
        pub DEPLOYED: origins = env("DYNAMIC_KEYS_TEST_POLICY_ORIGINS", default = ["https://app.example.com"]),
            origin_fn_async = crate::is_tenant_async;
    }
}

#[actix_web::test]
async fn origins_from_the_environment_and_a_predicate_together() {
    assert!(std::env::var_os("DYNAMIC_KEYS_TEST_ORIGINS").is_none());
    assert!(std::env::var_os("DYNAMIC_KEYS_TEST_POLICY_ORIGINS").is_none());
    cors_actix::check().expect("the defaults apply");
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(Tenants(vec!["shop.tenant.example"])))
            .service(deployed)
            .service(
                web::scope("/scoped")
                    .wrap(deployed_policies::DEPLOYED)
                    .route("/items", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;

    for uri in ["/deployed", "/scoped/items"] {
        let before = asked();
        let listed = test::call_service(&app, get(uri, APP).to_request()).await;
        assert_eq!(
            header(&listed, "access-control-allow-origin").as_deref(),
            Some(APP)
        );
        assert_eq!(
            asked(),
            before,
            "{uri}: a listed origin never asks the predicate"
        );

        let tenant = test::call_service(&app, get(uri, TENANT).to_request()).await;
        assert_eq!(
            header(&tenant, "access-control-allow-origin").as_deref(),
            Some(TENANT)
        );
        assert_eq!(header(&tenant, "vary").as_deref(), Some("Origin"));
        assert_eq!(asked(), before + 1, "{uri}");

        let other = test::call_service(&app, get(uri, OTHER).to_request()).await;
        assert_eq!(other.status(), StatusCode::OK);
        assert_no_cors(&other);
        assert_eq!(asked(), before + 2, "{uri}");
    }
}
