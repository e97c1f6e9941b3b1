//! A route whose variable cannot be used, without `check()`: nothing panics, the route allows
//! no origin, and one error names the variable, however many apps (workers) are built. Its own
//! test binary, with one test: the error is logged by whatever reads the variable first.

mod support;

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use actix_web::{App, HttpResponse, get};
use cors_actix::cors;
use support::*;

#[cors(origins = env("DEPLOY_LOG_ORIGINS", default = ["https://app.example.com"]))]
#[get("/logged")]
async fn logged() -> HttpResponse {
    HttpResponse::Ok().body("logged")
}

#[test]
fn an_unusable_variable_is_logged_once_naming_it() {
    // SAFETY: the only test of this binary, before anything reads the environment.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("DEPLOY_LOG_ORIGINS", "https://app.example.com/")
    };
    let events = capture_events(|| async {
        for _ in 0..2 {
            let app = actix_test::init_service(App::new().service(logged)).await;
            for _ in 0..2 {
                let request = get("/logged", "https://app.example.com").to_request();
                let response = actix_test::call_service(&app, request).await;
                assert_eq!(response.status(), StatusCode::OK);
                assert_no_cors(&response);
                let request = preflight("/logged", "https://app.example.com", "GET").to_request();
                let response = actix_test::call_service(&app, request).await;
                assert_eq!(response.status(), StatusCode::FORBIDDEN);
            }
        }
    });
    let errors: Vec<&Event> = events
        .iter()
        .filter(|event| event["level"] == "ERROR")
        .collect();
    assert_eq!(errors.len(), 1, "{events:#?}");
    assert_eq!(errors[0]["variable"], "DEPLOY_LOG_ORIGINS");
    let message = &errors[0]["message"];
    assert!(
        message.starts_with("DEPLOY_LOG_ORIGINS=\"https://app.example.com/\" for route GET /logged, handler `logged`"),
        "{message}"
    );
    assert!(message.contains("has a trailing slash"), "{message}");
    assert!(message.ends_with("the route allows no cross-origin request (call cors_actix::check() before binding to refuse to start instead)"), "{message}");
}
