//! Preflights: answered without the handler, with the allowed origin, methods, headers, status,
//! private network access and `Max-Age`; rejected ones are 403 with the reason.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::StatusCode;
use actix_web::test::{self};
use cors_actix::Cors;

#[actix_web::test]
async fn allowed_preflight_is_answered_without_calling_the_handler() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let request = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-headers", "content-type,x-api-key"))
        .to_request();
    let response = test::call_service(&app, request).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET, POST, PUT, DELETE"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "content-type, x-api-key"
    );
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "600");
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );
    assert_eq!(header(&response, "access-control-expose-headers"), None);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(body(response).await, "");
    assert_eq!(hits.count(), 0);
}

#[actix_web::test]
async fn preflight_from_a_pattern_origin_echoes_it() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response =
        test::call_service(&app, preflight("/items", PARTNER, "DELETE").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        PARTNER
    );
}

#[actix_web::test]
async fn preflight_for_any_origin_without_credentials_sends_a_star() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins(["*"])
        .methods(["PUT"])
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, preflight("/items", EVIL, "PUT").to_request()).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "PUT"
    );
    assert_eq!(header(&response, "access-control-allow-headers"), None);
    assert_eq!(header(&response, "access-control-max-age"), None);
    // A fixed `*` answer does not depend on the origin.
    assert_eq!(header(&response, "vary"), None);
}

#[actix_web::test]
async fn preflight_with_any_header_echoes_the_request_headers() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins([APP])
        .methods(["PUT"])
        .headers(["*"])
        .credentials(true)
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let request = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-headers", "Authorization, X-Custom"))
        .to_request();
    let response = test::call_service(&app, request).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "Authorization, X-Custom"
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Origin, Access-Control-Request-Headers"]
    );
}

#[actix_web::test]
async fn safelisted_methods_pass_a_preflight_even_when_not_listed() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins([APP])
        .methods(["PUT"])
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "PUT"
    );
}

#[actix_web::test]
async fn rejected_preflights_are_403_with_the_reason_and_no_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let cases = [
        (
            preflight("/items", EVIL, "GET"),
            "CORS preflight rejected: origin https://evil.com is not allowed",
        ),
        (
            preflight("/items", APP, "PATCH"),
            "CORS preflight rejected: method PATCH is not allowed",
        ),
        (
            // Method matching is case-sensitive.
            preflight("/items", APP, "put"),
            "CORS preflight rejected: method put is not allowed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-headers", "content-type, x-foo")),
            "CORS preflight rejected: header x-foo is not allowed",
        ),
        (
            preflight("/items", APP, "PUT")
                .insert_header(("access-control-request-headers", "x(foo")),
            "CORS preflight rejected: header name \"x(foo\" is malformed",
        ),
        (
            preflight("/items", APP, "PUT").append_header(("origin", APP)),
            "CORS preflight rejected: several Origin headers",
        ),
        (
            preflight("/items", APP, "PUT").append_header(("access-control-request-method", "PUT")),
            "CORS preflight rejected: several Access-Control-Request-Method headers",
        ),
    ];
    for (request, expected) in cases {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{expected}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{expected}");
        assert!(
            header(&response, "content-type")
                .unwrap()
                .starts_with("text/plain")
        );
        assert_eq!(
            header(&response, "x-content-type-options").unwrap(),
            "nosniff"
        );
        assert_eq!(body(response).await, expected);
    }
    assert_eq!(hits.count(), 0);
}

#[actix_web::test]
async fn preflight_status_is_configurable() {
    let hits = Hits::default();
    let app = app(policy().preflight_status(200).build().unwrap(), &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    assert_eq!(body(response).await, "");
}

#[actix_web::test]
async fn private_network_access_is_answered_only_when_opted_in_and_requested() {
    let hits = Hits::default();
    let app = app(policy().private_network(true).build().unwrap(), &hits).await;

    let requested = preflight("/items", APP, "PUT")
        .insert_header(("access-control-request-private-network", "true"))
        .to_request();
    let response = test::call_service(&app, requested).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-private-network").unwrap(),
        "true"
    );

    let not_requested = preflight("/items", APP, "PUT").to_request();
    let response = test::call_service(&app, not_requested).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );
}

#[actix_web::test]
async fn max_age_is_sent_only_when_configured() {
    let hits = Hits::default();
    let without = Cors::builder()
        .origins([APP])
        .methods(["PUT"])
        .build()
        .unwrap();
    let app = app(without, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(header(&response, "access-control-max-age"), None);

    let zero = Cors::builder()
        .origins([APP])
        .methods(["PUT"])
        .max_age(0)
        .build()
        .unwrap();
    let app = self::app(zero, &hits).await;
    let response = test::call_service(&app, preflight("/items", APP, "PUT").to_request()).await;
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "0");
}

#[actix_web::test]
async fn request_headers_split_over_several_lines_are_one_list() {
    let hits = Hits::default();
    let split = |path| {
        preflight(path, APP, "PUT")
            .append_header(("access-control-request-headers", "authorization,"))
            .append_header(("access-control-request-headers", " "))
            .append_header(("access-control-request-headers", " X-Custom"))
            .to_request()
    };
    // `*` echoes the whole list, joined, with credentials too.
    let echo = Cors::builder()
        .origins([APP])
        .methods(["PUT"])
        .headers(["*"])
        .credentials(true)
        .build()
        .unwrap();
    let service = app(echo, &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header_all(&response, "access-control-allow-headers"),
        ["authorization, X-Custom"]
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Origin, Access-Control-Request-Headers"]
    );

    // A list judges every name of every line.
    let listed = |names: &[&str]| {
        Cors::builder()
            .origins([APP])
            .methods(["PUT"])
            .headers(names.iter().copied())
            .build()
            .unwrap()
    };
    let service = app(listed(&["authorization", "x-custom"]), &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "authorization, x-custom"
    );
    let service = app(listed(&["authorization"]), &hits).await;
    let response = test::call_service(&service, split("/items")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
    let body = test::read_body(response).await;
    assert_eq!(
        body,
        "CORS preflight rejected: header X-Custom is not allowed"
    );
    assert_eq!(hits.count(), 0);
}
