//! Error responses (handler errors, extractor errors, middleware refusals) get CORS headers too.

use crate::fixtures::*;
use crate::support::*;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{ErrorInternalServerError, ErrorUnauthorized, InternalError};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{self};
use actix_web::{App, Error, HttpResponse, web};
use serde::Deserialize;

#[derive(Deserialize)]
struct Item {
    #[allow(dead_code)]
    name: String,
}

async fn create(_: web::Json<Item>) -> HttpResponse {
    HttpResponse::Created().finish()
}

async fn fail() -> Result<HttpResponse, Error> {
    Err(ErrorInternalServerError("boom"))
}

async fn deny(
    _: ServiceRequest,
    _: Next<impl MessageBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    Err(ErrorUnauthorized("no token"))
}

#[actix_web::test]
async fn error_responses_are_decorated() {
    let app = test::init_service(
        App::new()
            .wrap(policy().build().unwrap())
            .route("/fail", web::get().to(fail))
            .route("/json", web::post().to(create))
            .service(
                web::scope("/guarded")
                    .wrap(from_fn(deny))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;

    let response = test::call_service(&app, get("/fail", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let bad_json = request(Method::POST, "/json", APP)
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json")
        .to_request();
    let response = test::call_service(&app, bad_json).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let good_json = request(Method::POST, "/json", APP)
        .insert_header(("content-type", "application/json"))
        .set_payload(r#"{"name":"x"}"#)
        .to_request();
    let response = test::call_service(&app, good_json).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    let response = test::call_service(&app, get("/missing", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );

    // An inner middleware's error stays an error (still downcastable) and the response actix
    // renders from it carries the headers.
    let Err(error) = test::try_call_service(&app, get("/guarded/items", APP).to_request()).await
    else {
        panic!("the inner middleware fails");
    };
    assert!(error.as_error::<InternalError<&str>>().is_some());
    let response = error.error_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        APP
    );
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .unwrap(),
        "true"
    );
    assert_eq!(response.headers().get("vary").unwrap(), "Origin");
    // Rendering twice does not duplicate anything.
    let again = error.error_response();
    assert_eq!(again.headers().get_all("vary").count(), 1);

    // From a disallowed origin, the error response only varies.
    let Err(error) = test::try_call_service(&app, get("/guarded/items", EVIL).to_request()).await
    else {
        panic!("the inner middleware fails");
    };
    let response = error.error_response();
    assert_eq!(response.headers().get("access-control-allow-origin"), None);
    assert_eq!(response.headers().get("vary").unwrap(), "Origin");
}
