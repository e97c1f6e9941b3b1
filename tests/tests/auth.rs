//! Authentication in front of CORS routes, with `actix-web-httpauth`'s bearer middleware: a
//! browser's preflight carries no credentials and must not be refused by it, and the 401 it
//! answers a request without a valid token must carry the CORS headers, or the page cannot
//! read it (and cannot send the user to a login page).
//!
//! Two set-ups work today:
//! - the authentication as a `wrap` of the route (`#[get("/me", wrap = "..")]`): `#[cors]`
//!   puts the route's policy outside the route's own middleware;
//! - the authentication on a `Scope`, with a named policy wrapped outside it: the policy
//!   offers each preflight to the scope's routes; `actix-web-httpauth` answers it 401 (a
//!   preflight has no token) before any route claims it, and the policy answers the preflight
//!   instead. It decorates the authentication's refusals of actual requests.
//!
//! `tests/tests/one_policy.rs` has authentication between a policy around the app and routes
//! with policies of their own, including authentication that fails with an error.

mod support;

use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, get, web};
use actix_web_httpauth::middleware::HttpAuthentication;
use cors_actix::{cors, cors_policy};
use support::*;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";
const TOKEN: &str = "Bearer secret";

#[cors(origins = ["https://app.example.com"], credentials, headers = ["authorization"])]
#[get("/me", wrap = "HttpAuthentication::bearer(validator)")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().body("me")
}

/// What every refusal and answer to the allowed origin must carry.
#[track_caller]
fn assert_allowed<B>(response: &actix_web::dev::ServiceResponse<B>) {
    assert_eq!(
        header(response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(header_all(response, "access-control-allow-origin").len(), 1);
    assert_eq!(
        header(response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(header(response, "vary").as_deref(), Some("Origin"));
}

#[actix_web::test]
async fn authentication_as_a_route_wrap() {
    let app = test::init_service(App::new().service(me)).await;

    // The preflight is answered by the route's policy; the validator never sees it.
    let response = test::call_service(
        &app,
        preflight("/me", APP, "GET")
            .insert_header(("access-control-request-headers", "authorization"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allowed(&response);
    assert_eq!(
        header(&response, "access-control-allow-headers").as_deref(),
        Some("authorization")
    );

    // No token, a wrong token: 401, readable by the page.
    for request in [
        get("/me", APP),
        get("/me", APP).insert_header(("authorization", "Bearer wrong")),
    ] {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_allowed(&response);
    }

    // The right token: the handler answers.
    let response = test::call_service(
        &app,
        get("/me", APP)
            .insert_header(("authorization", TOKEN))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_allowed(&response);
    assert_eq!(body(response).await, "me");

    // Another origin gets the same 401 and the same refusal of its preflight, with no CORS
    // header but `Vary`.
    let response = test::call_service(&app, get("/me", EVIL).to_request()).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_no_cors(&response);
    let response = test::call_service(&app, preflight("/me", EVIL, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
}

cors_policy! {
    /// The single-page app, for everything under `/api`.
    API: origins = ["https://app.example.com"], credentials, headers = ["authorization"],
        methods = ["GET", "DELETE"];
}

/// Under the scope, with the scope's policy.
#[cors(policy = API)]
#[actix_web::delete("/items/{id}")]
async fn delete_item(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("deleted {id}"))
}

/// Under the scope, not annotated: the scope's policy covers it.
async fn list() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

#[actix_web::test]
async fn authentication_on_a_scope_behind_its_named_policy() {
    let app = test::init_service(
        App::new().service(
            web::scope("/api")
                .wrap(HttpAuthentication::bearer(validator))
                .wrap(API)
                .route("/items", web::get().to(list))
                .service(delete_item),
        ),
    )
    .await;

    for (uri, method) in [("/api/items", "GET"), ("/api/items/7", "DELETE")] {
        let response = test::call_service(
            &app,
            preflight(uri, APP, method)
                .insert_header(("access-control-request-headers", "authorization"))
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{method} {uri}");
        assert_allowed(&response);
    }

    for (uri, method) in [
        ("/api/items", Method::GET),
        ("/api/items/7", Method::DELETE),
    ] {
        let response =
            test::call_service(&app, request(method.clone(), uri, APP).to_request()).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {uri}"
        );
        assert_allowed(&response);

        // With the token, the route's policy and the scope's (the same one) both decorate the
        // answer: still one line of each header.
        let response = test::call_service(
            &app,
            request(method.clone(), uri, APP)
                .insert_header(("authorization", TOKEN))
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{method} {uri}");
        assert_allowed(&response);
    }

    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/items")
            .insert_header(("origin", EVIL))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_no_cors(&response);
}
