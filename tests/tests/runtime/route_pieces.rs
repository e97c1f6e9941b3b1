//! Several `#[cors]` routes on one path, each with its own policy: each route's preflight
//! follows its own policy, and other `OPTIONS` requests reach the application.

use crate::support::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self};
use actix_web::{App, HttpResponse, get, post, web};
use cors_actix::cors;

const A: &str = "https://a.example";
const B: &str = "https://b.example";

#[cors(origins = ["https://a.example"], max_age = 60)]
#[get("/shared/{id}")]
async fn shared_get() -> HttpResponse {
    HttpResponse::Ok().body("get")
}

#[cors(origins = ["https://b.example"], headers = ["content-type"], credentials)]
#[post("/shared/{id}")]
async fn shared_post() -> HttpResponse {
    HttpResponse::Ok().body("post")
}

#[actix_web::test]
async fn route_preflights_follow_each_routes_own_policy() {
    let app = test::init_service(App::new().service(shared_get).service(shared_post).route(
        "/shared/{id}",
        web::method(Method::OPTIONS).to(|| async { HttpResponse::Ok().body("own options") }),
    ))
    .await;

    let response = test::call_service(&app, preflight("/shared/1", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET"
    );
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "60");
    assert_eq!(header(&response, "access-control-allow-credentials"), None);

    let response = test::call_service(
        &app,
        preflight("/shared/2", B, "POST")
            .insert_header(("access-control-request-headers", "content-type"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "POST"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "content-type"
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );

    // Each route's policy refuses the other's origin.
    let response = test::call_service(&app, preflight("/shared/1", B, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = test::call_service(&app, preflight("/shared/1", A, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = test::call_service(&app, get("/shared/1", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "get");
    let response = test::call_service(&app, get("/shared/1", B).to_request()).await;
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    let response =
        test::call_service(&app, request(Method::POST, "/shared/1", B).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(body(response).await, "post");

    // A plain OPTIONS, and a preflight for a method no annotated route serves, reach the
    // application's own OPTIONS handler.
    let response =
        test::call_service(&app, request(Method::OPTIONS, "/shared/1", A).to_request()).await;
    assert_eq!(body(response).await, "own options");
    let response = test::call_service(&app, preflight("/shared/1", A, "DELETE").to_request()).await;
    assert_eq!(body(response).await, "own options");
}
