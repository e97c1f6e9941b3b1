//! The route pieces the `#[cors]` attribute expands to: each route's preflight follows its own
//! policy.

use crate::fixtures::*;
use crate::support::*;
use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self};
use actix_web::{App, HttpResponse, guard, web};
use cors_actix::__private::{RouteCors, register_preflight};
use cors_actix::{Policy, PolicySpec};

/// What the `#[cors]` attribute expands to (docs/expansion.md), written out by hand.
struct Annotated {
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
    answer: &'static str,
}

impl HttpServiceFactory for Annotated {
    fn register(self, config: &mut AppService) {
        register_preflight(config, self.path, self.methods, self.policy);
        let method = Method::from_bytes(self.methods[0].as_bytes()).unwrap();
        let answer = self.answer;
        web::resource(self.path)
            .guard(guard::Method(method))
            .wrap(RouteCors::new(self.policy))
            .to(move || async move { HttpResponse::Ok().body(answer) })
            .register(config);
    }
}

#[actix_web::test]
async fn route_preflights_follow_each_routes_own_policy() {
    const A: &str = "https://a.example";
    const B: &str = "https://b.example";
    let get_policy = leak(PolicySpec::new().origins([A]).methods(["GET"]).max_age(60));
    let post_policy = leak(
        PolicySpec::new()
            .origins([B])
            .methods(["POST"])
            .headers(["content-type"])
            .credentials(true),
    );
    let app = test::init_service(
        App::new()
            .service(Annotated {
                path: "/shared/{id}",
                methods: &["GET"],
                policy: get_policy,
                answer: "get",
            })
            .service(Annotated {
                path: "/shared/{id}",
                methods: &["POST"],
                policy: post_policy,
                answer: "post",
            })
            .route(
                "/shared/{id}",
                web::method(Method::OPTIONS)
                    .to(|| async { HttpResponse::Ok().body("own options") }),
            ),
    )
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
