//! Wrapping scopes and resources with dynamic segments, and a plain `OPTIONS` reaching the
//! application's own handler.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, web};

async fn item(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("item {id}"))
}

#[actix_web::test]
async fn wraps_scopes_and_resources_with_dynamic_segments() {
    let hits = Hits::default();
    let cors = policy().build().unwrap();
    let app = test::init_service(
        App::new()
            .app_data(hits.data())
            .service(
                web::scope("/api")
                    .wrap(cors.clone())
                    .route("/items/{id}", web::get().to(item))
                    .route("/items/{id}", web::put().to(item)),
            )
            .service(
                web::resource("/single")
                    .wrap(cors)
                    .route(web::get().to(counted)),
            )
            .route("/public", web::get().to(counted)),
    )
    .await;

    let response =
        test::call_service(&app, preflight("/api/items/42", APP, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response =
        test::call_service(&app, request(Method::PUT, "/api/items/7", APP).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(body(response).await, "item 7");

    // A path the scope does not route is still answered by its middleware.
    let response = test::call_service(&app, get("/api/nothing", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response =
        test::call_service(&app, preflight("/single", PARTNER, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );
    let response = test::call_service(&app, get("/single", PARTNER).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );

    // Outside the wrapped services nothing changes.
    let response = test::call_service(&app, get("/public", APP).to_request()).await;
    assert_no_cors(&response);
    assert_eq!(header(&response, "vary"), None);
    assert_eq!(hits.count(), 2);
}

#[actix_web::test]
async fn plain_options_reaches_the_applications_own_handler() {
    let app = test::init_service(App::new().wrap(policy().build().unwrap()).route(
        "/items",
        web::method(Method::OPTIONS).to(|| async {
            HttpResponse::Ok()
                .insert_header(("allow", "GET, OPTIONS"))
                .body("custom options")
        }),
    ))
    .await;
    // OPTIONS + Origin without Access-Control-Request-Method is an actual request.
    let response =
        test::call_service(&app, request(Method::OPTIONS, "/items", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "allow").unwrap(), "GET, OPTIONS");
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(header(&response, "access-control-allow-methods"), None);
    assert_eq!(body(response).await, "custom options");

    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/items")
            .to_request(),
    )
    .await;
    assert_eq!(body(response).await, "custom options");
}
