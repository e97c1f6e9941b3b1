//! Actual requests: allowed ones reach the handler and get CORS headers, disallowed ones reach it
//! without them, requests without `Origin` only get `Vary`, and strict mode refuses before
//! the handler.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use cors_actix::Cors;

#[actix_web::test]
async fn allowed_actual_requests_reach_the_handler_and_get_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    for origin in [APP, PARTNER] {
        let response = test::call_service(&app, get("/items", origin).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_all(&response, "access-control-allow-origin"),
            [origin]
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").unwrap(),
            "true"
        );
        assert_eq!(
            header(&response, "access-control-expose-headers").unwrap(),
            "x-request-id"
        );
        assert_eq!(header(&response, "access-control-allow-methods"), None);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert_eq!(body(response).await, "ok");
    }
    assert_eq!(hits.count(), 2);
}

#[actix_web::test]
async fn disallowed_actual_requests_reach_the_handler_without_cors_headers() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response = test::call_service(&app, get("/items", EVIL).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(hits.count(), 1);
}

#[actix_web::test]
async fn requests_without_origin_only_get_vary() {
    let hits = Hits::default();
    let app = app(policy().build().unwrap(), &hits).await;
    let response = test::call_service(&app, TestRequest::get().uri("/items").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    // OPTIONS with an ACRM but no Origin is not a preflight either.
    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/items")
            .insert_header(("access-control-request-method", "GET"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_no_cors(&response);
    assert_eq!(hits.count(), 1);
}

#[actix_web::test]
async fn any_origin_sends_a_star_and_no_vary() {
    let hits = Hits::default();
    let cors = Cors::builder()
        .origins(["*"])
        .methods(["GET"])
        .expose(["*"])
        .build()
        .unwrap();
    let app = app(cors, &hits).await;
    let response = test::call_service(&app, get("/items", EVIL).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    assert_eq!(
        header(&response, "access-control-expose-headers").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "vary"), None);

    // Without `Origin` the answer is the same `*` (docs/protocol.md section 7), so a cached
    // copy also serves cross-origin requests; error responses (404 here) too.
    for (path, status) in [
        ("/items", StatusCode::OK),
        ("/missing", StatusCode::NOT_FOUND),
    ] {
        let response = test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), status);
        assert_eq!(header_all(&response, "access-control-allow-origin"), ["*"]);
        assert_eq!(
            header(&response, "access-control-expose-headers").unwrap(),
            "*"
        );
        assert_eq!(header(&response, "access-control-allow-credentials"), None);
        assert_eq!(header(&response, "vary"), None);
    }
}

#[actix_web::test]
async fn strict_mode_refuses_disallowed_origins_before_the_handler() {
    let hits = Hits::default();
    let app = app(policy().strict(true).build().unwrap(), &hits).await;

    for request in [
        request(Method::POST, "/items", EVIL),
        get("/items", EVIL),
        // A repeated Origin cannot be the request's own.
        get("/items", APP).append_header(("origin", APP)),
        // Same host, other scheme.
        request(Method::POST, "/items", "https://api.example.com")
            .insert_header(("host", "api.example.com")),
    ] {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
        assert!(
            header(&response, "content-type")
                .unwrap()
                .starts_with("text/plain")
        );
        assert!(body(response).await.starts_with("CORS request rejected: "));
    }
    assert_eq!(hits.count(), 0);

    let response =
        test::call_service(&app, request(Method::POST, "/items", EVIL).to_request()).await;
    assert_eq!(
        body(response).await,
        "CORS request rejected: origin https://evil.com is not allowed"
    );

    // Browsers send Origin on same-origin POSTs too: those pass, without CORS headers.
    let same_origin = request(Method::POST, "/items", "http://api.example.com")
        .insert_header(("host", "api.example.com"))
        .to_request();
    let response = test::call_service(&app, same_origin).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(hits.count(), 1);

    // Behind a TLS-terminating proxy the server sees `http` while the page is `https`: the
    // browser's `Sec-Fetch-Site: same-origin` still lets the page's own request through.
    let behind_proxy = || {
        request(Method::POST, "/items", "https://api.example.com")
            .insert_header(("host", "api.example.com"))
    };
    let response = test::call_service(
        &app,
        behind_proxy()
            .insert_header(("sec-fetch-site", "same-origin"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(hits.count(), 2);
    // Any other value, or the header twice, proves nothing.
    for site in [
        &["cross-site"][..],
        &["same-site"],
        &["same-origin", "same-origin"],
    ] {
        let mut request = behind_proxy();
        for value in site {
            request = request.append_header(("sec-fetch-site", *value));
        }
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{site:?}");
        assert_no_cors(&response);
    }
    // A repeated `Origin` stays refused whatever the browser says.
    let twice = get("/items", APP)
        .append_header(("origin", APP))
        .insert_header(("sec-fetch-site", "same-origin"));
    let response = test::call_service(&app, twice.to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(hits.count(), 2);

    // Allowed origins and requests without Origin are unaffected.
    let response = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        APP
    );
    let response = test::call_service(&app, TestRequest::get().uri("/items").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(hits.count(), 4);
}
