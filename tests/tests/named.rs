//! Named policies (`cors_policy!`) end to end: routes that use one exactly, with keys
//! overridden, from other modules and by `crate::` paths, with `methods` intersected, and the
//! policy as a value wrapped around an `App` and a `Scope`.

mod support;

use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, get, route, web};
use cors_actix::{cors, cors_policy};
use support::*;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const SHADOW: &str = "https://shadow.example.com";
const LATE: &str = "https://late.example.com";

/// Policies declared in their own module, used from everywhere in the crate.
mod policies {
    use cors_actix::cors_policy;

    cors_policy! {
        /// The single-page app.
        pub SPA: origins = ["https://app.example.com"], credentials, max_age = 600;
        /// The admin console: reads and deletions only.
        pub ADMIN: origins = ["https://admin.example.com"], methods = ["GET", "DELETE"];
    }
}

use policies::SPA;

#[cors(policy = SPA)]
#[get("/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().body("me")
}

#[cors(policy = SPA, expose = ["x-total-count"], max_age = 60)]
#[get("/items")]
async fn items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-total-count", "3"))
        .body("items")
}

/// `ADMIN` allows GET and DELETE: of this route's GET, PUT and DELETE, only GET and DELETE are
/// open cross-origin.
#[cors(policy = crate::policies::ADMIN)]
#[route("/users/{id}", method = "GET", method = "PUT", method = "DELETE")]
async fn user() -> HttpResponse {
    HttpResponse::Ok().body("user")
}

/// A sibling module using the parent's import and a `crate::` path.
mod handlers {
    use actix_web::{HttpResponse, post};
    use cors_actix::cors;

    #[cors(policy = super::SPA, headers = ["content-type"])]
    #[post("/orders")]
    pub async fn order() -> HttpResponse {
        HttpResponse::Created().finish()
    }

    pub mod nested {
        use actix_web::{HttpResponse, get};
        use cors_actix::cors;

        #[cors(policy = crate::policies::SPA)]
        #[get("/nested")]
        pub async fn nested() -> HttpResponse {
            HttpResponse::Ok().finish()
        }
    }
}

cors_policy! {
    /// Declared in the crate root, private to it: a policy without `methods`.
    PUBLIC: origins = ["*"];
}

/// A private policy used from a child module through `super::`.
mod public {
    use actix_web::{HttpResponse, get};
    use cors_actix::cors;

    #[cors(policy = super::PUBLIC)]
    #[get("/public")]
    pub async fn public() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

/// A child module declaring a policy under a name its parent uses too, and a route naming a
/// policy declared further down the module.
mod shadow {
    use actix_web::{HttpResponse, get};
    use cors_actix::{cors, cors_policy};

    #[cors(policy = LATE)]
    #[get("/late")]
    pub async fn late() -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    cors_policy! {
        PUBLIC: origins = ["https://shadow.example.com"];
        LATE: origins = ["https://late.example.com"];
    }

    #[cors(policy = PUBLIC)]
    #[get("/shadow")]
    pub async fn shadowed() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

async fn app() -> impl actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse,
    Error = actix_web::Error,
> {
    test::init_service(
        App::new()
            .service(me)
            .service(items)
            .service(user)
            .service(handlers::order)
            .service(handlers::nested::nested)
            .service(public::public)
            .service(shadow::late)
            .service(shadow::shadowed),
    )
    .await
}

#[actix_web::test]
async fn a_route_uses_the_policy_exactly() {
    let app = app().await;
    let response = test::call_service(&app, get("/me", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(header(&response, "access-control-expose-headers"), None);

    let preflight = test::call_service(&app, preflight("/me", APP, "GET").to_request()).await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&preflight, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(
        header(&preflight, "access-control-allow-methods").as_deref(),
        Some("GET")
    );

    let refused = test::call_service(&app, get("/me", ADMIN).to_request()).await;
    assert_no_cors(&refused);
}

/// `expose` and `max_age` written on the route replace the policy's; everything else is SPA's.
#[actix_web::test]
async fn keys_written_on_the_route_replace_the_policys() {
    let app = app().await;
    let exact = test::call_service(&app, preflight("/me", APP, "GET").to_request()).await;
    let overridden = test::call_service(&app, preflight("/items", APP, "GET").to_request()).await;
    assert_eq!(overridden.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&exact, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(
        header(&overridden, "access-control-max-age").as_deref(),
        Some("60")
    );
    for name in CORS_HEADERS {
        if *name != "access-control-max-age" {
            assert_eq!(header(&exact, name), header(&overridden, name), "{name}");
        }
    }

    let exact = test::call_service(&app, get("/me", APP).to_request()).await;
    let overridden = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_eq!(header(&exact, "access-control-expose-headers"), None);
    assert_eq!(
        header(&overridden, "access-control-expose-headers").as_deref(),
        Some("x-total-count")
    );
    for name in CORS_HEADERS {
        if *name != "access-control-expose-headers" {
            assert_eq!(header(&exact, name), header(&overridden, name), "{name}");
        }
    }
}

#[actix_web::test]
async fn a_policy_is_usable_from_other_modules_and_by_crate_paths() {
    let app = app().await;
    let order = test::call_service(
        &app,
        preflight("/orders", APP, "POST")
            .insert_header(("access-control-request-headers", "content-type"))
            .to_request(),
    )
    .await;
    assert_eq!(order.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&order, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        header(&order, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );

    let nested = test::call_service(&app, get("/nested", APP).to_request()).await;
    assert_eq!(
        header(&nested, "access-control-allow-origin").as_deref(),
        Some(APP)
    );

    let shadowed = test::call_service(&app, get("/shadow", SHADOW).to_request()).await;
    assert_eq!(
        header(&shadowed, "access-control-allow-origin").as_deref(),
        Some(SHADOW)
    );
    let late = test::call_service(&app, get("/late", LATE).to_request()).await;
    assert_eq!(
        header(&late, "access-control-allow-origin").as_deref(),
        Some(LATE)
    );

    let public =
        test::call_service(&app, get("/public", "https://anyone.example").to_request()).await;
    assert_eq!(
        header(&public, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[actix_web::test]
async fn a_policys_methods_restrict_the_routes_own() {
    let app = app().await;
    for method in ["GET", "DELETE"] {
        let allowed =
            test::call_service(&app, preflight("/users/7", ADMIN, method).to_request()).await;
        assert_eq!(allowed.status(), StatusCode::NO_CONTENT, "{method}");
        assert_eq!(
            header(&allowed, "access-control-allow-methods").as_deref(),
            Some("GET, DELETE")
        );
    }
    // PUT is served by the route but not opened by ADMIN: no policy admits its preflight.
    let put = test::call_service(&app, preflight("/users/7", ADMIN, "PUT").to_request()).await;
    assert!(put.status().is_client_error(), "{}", put.status());
    assert_no_cors(&put);
    // The route still serves PUT itself.
    let own = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::PUT)
            .uri("/users/7")
            .to_request(),
    )
    .await;
    assert_eq!(own.status(), StatusCode::OK);
}

/// `.wrap(SPA)`: like a runtime `Cors` of the same keys, with the safelisted methods.
#[actix_web::test]
async fn a_policy_wraps_an_app() {
    let app = test::init_service(
        App::new()
            .wrap(SPA)
            .route("/plain", web::get().to(HttpResponse::Ok))
            .route("/plain", web::post().to(HttpResponse::Ok)),
    )
    .await;
    let allowed = test::call_service(&app, preflight("/plain", APP, "POST").to_request()).await;
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&allowed, "access-control-allow-methods").as_deref(),
        Some("GET, HEAD, POST")
    );
    assert_eq!(
        header(&allowed, "access-control-max-age").as_deref(),
        Some("600")
    );

    let put = test::call_service(&app, preflight("/plain", APP, "PUT").to_request()).await;
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&put);

    let actual = test::call_service(&app, get("/plain", APP).to_request()).await;
    assert_eq!(actual.status(), StatusCode::OK);
    assert_eq!(
        header(&actual, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&actual, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(header(&actual, "vary").as_deref(), Some("Origin"));

    let other = test::call_service(&app, get("/plain", ADMIN).to_request()).await;
    assert_no_cors(&other);
}

/// `.wrap(SPA)` on a scope and `.wrap(PUBLIC)` on a resource: the safelisted methods, as on
/// an `App`.
#[actix_web::test]
async fn a_policy_wraps_a_scope_or_a_resource_with_the_safelisted_methods() {
    let app = test::init_service(
        App::new()
            .service(
                web::scope("/spa")
                    .wrap(SPA)
                    .route("/data", web::get().to(HttpResponse::Ok)),
            )
            .service(
                web::resource("/open")
                    .wrap(PUBLIC)
                    .route(web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;
    let spa = test::call_service(&app, preflight("/spa/data", APP, "HEAD").to_request()).await;
    assert_eq!(spa.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&spa, "access-control-allow-methods").as_deref(),
        Some("GET, HEAD, POST")
    );
    assert_eq!(
        header(&spa, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    let delete = test::call_service(&app, preflight("/spa/data", APP, "DELETE").to_request()).await;
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
    let actual = test::call_service(&app, get("/spa/data", APP).to_request()).await;
    assert_eq!(
        header(&actual, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(header(&actual, "vary").as_deref(), Some("Origin"));

    let open = test::call_service(&app, preflight("/open", ADMIN, "POST").to_request()).await;
    assert_eq!(open.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&open, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        header(&open, "access-control-allow-methods").as_deref(),
        Some("GET, HEAD, POST")
    );
    let actual = test::call_service(&app, get("/open", ADMIN).to_request()).await;
    assert_eq!(
        header(&actual, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[actix_web::test]
async fn a_policy_wraps_a_scope() {
    let app = test::init_service(
        App::new()
            .service(
                web::scope("/api")
                    .wrap(policies::ADMIN)
                    .route("/users", web::get().to(HttpResponse::Ok)),
            )
            .route("/outside", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let allowed =
        test::call_service(&app, preflight("/api/users", ADMIN, "DELETE").to_request()).await;
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&allowed, "access-control-allow-methods").as_deref(),
        Some("GET, DELETE")
    );
    let actual = test::call_service(&app, get("/api/users", ADMIN).to_request()).await;
    assert_eq!(
        header(&actual, "access-control-allow-origin").as_deref(),
        Some(ADMIN)
    );
    let outside = test::call_service(&app, get("/outside", ADMIN).to_request()).await;
    assert_no_cors(&outside);
    assert_eq!(header(&outside, "vary"), None);
}

/// A policy's value is the one the routes start from: the same compiled keys.
#[test]
fn the_value_holds_the_compiled_policy() {
    assert!(SPA.policy().credentials());
    assert_eq!(SPA.policy().max_age(), Some("600"));
    assert_eq!(SPA.policy().allow_methods(), "GET, HEAD, POST");
    assert_eq!(policies::ADMIN.policy().allow_methods(), "GET, DELETE");
}
