//! The `#[cors]` attribute end to end: what the macro expands to, running on actix-web.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{ErrorInternalServerError, ErrorUnauthorized};
use actix_web::guard::GuardContext;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{self, TestRequest};
use actix_web::{App, Error, HttpRequest, HttpResponse, delete, get, post, put, route, web};
use cors_actix::cors;
use serde::Deserialize;
use support::*;

const A: &str = "https://a.example.com";
const B: &str = "https://b.example.com";
const EVIL: &str = "https://evil.com";

/// Two handlers on one path, each with its own policy.
#[cors(origins = ["https://a.example.com"], max_age = 60)]
#[get("/shared")]
async fn shared_get() -> HttpResponse {
    HttpResponse::Ok().body("get")
}

#[cors(
    origins = ["https://b.example.com"],
    headers = ["content-type", "x-api-key"],
    expose = ["x-request-id"],
    credentials
)]
#[post("/shared")]
async fn shared_post() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "42"))
        .body("post")
}

/// Not annotated: the application's own OPTIONS handler on the same path.
#[route("/shared", method = "OPTIONS")]
async fn shared_options() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("allow", "GET, POST, OPTIONS"))
        .body("own options")
}

#[actix_web::test]
async fn handlers_on_one_path_answer_preflights_with_their_own_policy() {
    let app = test::init_service(
        App::new()
            .service(shared_get)
            .service(shared_post)
            .service(shared_options),
    )
    .await;

    let response = test::call_service(&app, preflight("/shared", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET"
    );
    assert_eq!(header(&response, "access-control-max-age").unwrap(), "60");
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert_eq!(body(response).await, "");

    let asked = preflight("/shared", B, "POST")
        .insert_header(("access-control-request-headers", "x-api-key,content-type"))
        .to_request();
    let response = test::call_service(&app, asked).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "POST"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "content-type, x-api-key"
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(header(&response, "access-control-max-age"), None);

    // Each policy refuses the other route's origin.
    for (origin, method) in [(B, "GET"), (A, "POST")] {
        let response =
            test::call_service(&app, preflight("/shared", origin, method).to_request()).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{origin} {method}"
        );
        assert_no_cors(&response);
        assert_eq!(
            body(response).await,
            format!("CORS preflight rejected: origin {origin} is not allowed")
        );
    }

    let response = test::call_service(&app, get("/shared", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "get");
    let response = test::call_service(&app, get("/shared", B).to_request()).await;
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let response = test::call_service(&app, request(Method::POST, "/shared", B).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), B);
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(
        header(&response, "access-control-expose-headers").unwrap(),
        "x-request-id"
    );
    assert_eq!(body(response).await, "post");

    // A plain OPTIONS (no Access-Control-Request-Method), and a preflight for a method no
    // annotated handler serves, reach the application's own OPTIONS handler.
    let response =
        test::call_service(&app, request(Method::OPTIONS, "/shared", A).to_request()).await;
    assert_eq!(header(&response, "allow").unwrap(), "GET, POST, OPTIONS");
    assert_eq!(body(response).await, "own options");
    let response = test::call_service(&app, preflight("/shared", A, "DELETE").to_request()).await;
    assert_eq!(body(response).await, "own options");
    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/shared")
            .to_request(),
    )
    .await;
    assert_eq!(body(response).await, "own options");
}

#[cors(origins = ["https://a.example.com", "https://*.partner.example"], credentials)]
#[get("/items/{id}", name = "item")]
async fn item(id: web::Path<u32>, request: HttpRequest) -> HttpResponse {
    let url = request.url_for("item", [id.to_string()]).unwrap();
    HttpResponse::Ok().body(format!("item {id} at {}", url.path()))
}

#[cors(origins = ["https://a.example.com"], methods = ["PUT"])]
#[put("/items/{id}")]
async fn replace_item(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("replaced {id}"))
}

#[actix_web::test]
async fn scopes_dynamic_segments_and_route_names() {
    let app = test::init_service(
        App::new().service(web::scope("/api").service(item).service(replace_item)),
    )
    .await;

    for (path, origin) in [
        ("/api/items/1", A),
        ("/api/items/2", "https://shop.partner.example"),
    ] {
        let response = test::call_service(&app, preflight(path, origin, "GET").to_request()).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            header(&response, "access-control-allow-origin").unwrap(),
            origin
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").unwrap(),
            "true"
        );
    }
    let response = test::call_service(&app, preflight("/api/items/3", A, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "PUT"
    );

    let response = test::call_service(&app, get("/api/items/7", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "item 7 at /api/items/7");
    let response =
        test::call_service(&app, request(Method::PUT, "/api/items/8", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "replaced 8");

    // Outside the scope nothing matches; inside it, a non-numeric id fails the extractor and
    // the 404 is still decorated.
    let response = test::call_service(&app, preflight("/items/1", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = test::call_service(&app, get("/api/items/x", A).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
}

#[cors(origins = ["https://a.example.com"], max_age = 600)]
#[route("/multi", method = "GET", method = "PUT")]
async fn multi(request: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(request.method().to_string())
}

#[actix_web::test]
async fn a_route_with_several_methods_answers_each_methods_preflight() {
    let app = test::init_service(App::new().service(multi)).await;
    for method in ["GET", "PUT"] {
        let response = test::call_service(&app, preflight("/multi", A, method).to_request()).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{method}");
        assert_eq!(
            header(&response, "access-control-allow-methods").unwrap(),
            "GET, PUT"
        );
        assert_eq!(header(&response, "access-control-max-age").unwrap(), "600");

        let response = test::call_service(
            &app,
            request(method.parse().unwrap(), "/multi", A).to_request(),
        )
        .await;
        assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
        assert_eq!(body(response).await, method);
    }
    // No route answers a DELETE preflight.
    let response = test::call_service(&app, preflight("/multi", A, "DELETE").to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_no_cors(&response);
}

/// A route that serves `OPTIONS` itself: preflights are the policy's (the CORS middleware answers
/// them before the handler), a plain `OPTIONS` is the handler's.
#[cors(origins = ["https://a.example.com"], max_age = 600)]
#[route("/with-options", method = "GET", method = "OPTIONS")]
async fn with_options(request: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(format!("handler {}", request.method()))
}

#[actix_web::test]
async fn a_route_serving_options_leaves_its_preflights_to_the_policy() {
    let app = test::init_service(App::new().service(with_options)).await;
    let response =
        test::call_service(&app, preflight("/with-options", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-methods").unwrap(),
        "GET, OPTIONS"
    );
    assert_eq!(body(response).await, "");

    // A plain OPTIONS is the handler's, decorated like any actual request.
    for method in [Method::OPTIONS, Method::GET] {
        let response = test::call_service(
            &app,
            request(method.clone(), "/with-options", A).to_request(),
        )
        .await;
        assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
        assert_eq!(body(response).await, format!("handler {method}"));
    }
}

async fn deny(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if request.headers().contains_key("authorization") {
        Ok(next.call(request).await?.map_into_boxed_body())
    } else {
        Err(ErrorUnauthorized("no token"))
    }
}

async fn stamp(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(request).await?;
    response.headers_mut().insert(
        HeaderName::from_static("x-stamp"),
        HeaderValue::from_static("1"),
    );
    Ok(response)
}

#[cors(origins = ["https://a.example.com"], credentials)]
#[get(
    "/private",
    name = "private",
    wrap = "from_fn(stamp)",
    wrap = "from_fn(deny)"
)]
async fn private(request: HttpRequest) -> HttpResponse {
    let url = request.url_for_static("private").unwrap();
    HttpResponse::Ok().body(url.path().to_owned())
}

#[actix_web::test]
async fn wrap_and_name_on_the_routing_attribute_keep_working() {
    let app = test::init_service(App::new().service(private)).await;

    let authorized = get("/private", A).insert_header(("authorization", "Bearer x"));
    let response = test::call_service(&app, authorized.to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "x-stamp").unwrap(), "1");
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "/private");

    // The user's middleware fails: its error is decorated, since #[cors] wraps outermost.
    let Err(error) = test::try_call_service(&app, get("/private", A).to_request()).await else {
        panic!("the route's own middleware refuses");
    };
    let response = error.error_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        A
    );
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .unwrap(),
        "true"
    );
    assert_eq!(response.headers().get("vary").unwrap(), "Origin");

    // Preflights carry no credentials and never reach the route's middleware.
    let response = test::call_service(&app, preflight("/private", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "x-stamp"), None);
}

fn tenant(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-tenant")
}

#[cors(origins = ["https://a.example.com"])]
#[get("/tenant", guard = "tenant")]
async fn tenant_only() -> HttpResponse {
    HttpResponse::Ok().body("tenant")
}

#[actix_web::test]
async fn route_guards_apply_to_requests_but_not_to_preflights() {
    let app = test::init_service(App::new().service(tenant_only)).await;
    let response = test::call_service(
        &app,
        get("/tenant", A)
            .insert_header(("x-tenant", "t"))
            .to_request(),
    )
    .await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(body(response).await, "tenant");

    let response = test::call_service(&app, get("/tenant", A).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A browser's preflight cannot carry the custom header the guard wants.
    let response = test::call_service(&app, preflight("/tenant", A, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[derive(Deserialize)]
struct NewItem {
    #[allow(dead_code)]
    name: String,
}

#[cors(origins = ["https://a.example.com"], credentials)]
#[post("/json")]
async fn create(_: web::Json<NewItem>) -> HttpResponse {
    HttpResponse::Created().finish()
}

#[cors(origins = ["https://a.example.com"])]
#[delete("/fail")]
async fn fail() -> Result<HttpResponse, Error> {
    Err(ErrorInternalServerError("boom"))
}

#[actix_web::test]
async fn handler_and_extractor_errors_are_decorated() {
    let app = test::init_service(App::new().service(create).service(fail)).await;

    let bad = request(Method::POST, "/json", A)
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"name\":")
        .to_request();
    let response = test::call_service(&app, bad).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    let wrong_type = request(Method::POST, "/json", A)
        .insert_header(("content-type", "text/plain"))
        .set_payload("{\"name\":\"x\"}")
        .to_request();
    let response = test::call_service(&app, wrong_type).await;
    assert!(response.status().is_client_error());
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);

    let response = test::call_service(&app, request(Method::DELETE, "/fail", A).to_request()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);

    let response =
        test::call_service(&app, request(Method::DELETE, "/fail", EVIL).to_request()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
}

#[cors(origins = ["https://a.example.com"], strict)]
#[post("/strict")]
async fn strict(hits: web::Data<AtomicUsize>) -> HttpResponse {
    hits.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("ran")
}

#[actix_web::test]
async fn strict_mode_does_not_run_the_handler_for_disallowed_origins() {
    let hits = Hits::default();
    let app = test::init_service(App::new().app_data(hits.data()).service(strict)).await;

    let response =
        test::call_service(&app, request(Method::POST, "/strict", EVIL).to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);
    assert!(
        header(&response, "content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(
        body(response).await,
        "CORS request rejected: origin https://evil.com is not allowed"
    );
    let twice = request(Method::POST, "/strict", A).append_header(("origin", A));
    let response = test::call_service(&app, twice.to_request()).await;
    assert_eq!(
        body(response).await,
        "CORS request rejected: several Origin headers"
    );
    assert_eq!(hits.count(), 0);

    // Same origin (the request's own scheme and host) passes, without CORS headers.
    let same_origin = request(Method::POST, "/strict", "http://api.example.com")
        .insert_header(("host", "api.example.com"));
    let response = test::call_service(&app, same_origin.to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(body(response).await, "ran");

    // Behind a TLS-terminating proxy (the server sees `http`, the page is `https`), the
    // browser's `Sec-Fetch-Site: same-origin` lets the page's own request through; a
    // cross-site one is still refused.
    let behind_proxy = |site| {
        request(Method::POST, "/strict", "https://api.example.com")
            .insert_header(("host", "api.example.com"))
            .insert_header(("sec-fetch-site", site))
    };
    let response = test::call_service(&app, behind_proxy("same-origin").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(body(response).await, "ran");
    let response = test::call_service(&app, behind_proxy("cross-site").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = test::call_service(&app, request(Method::POST, "/strict", A).to_request()).await;
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    let response = test::call_service(&app, TestRequest::post().uri("/strict").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(hits.count(), 4);
}

#[cors(origins = ["https://a.example.com"])]
#[get("/vary/{line}")]
async fn vary(line: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("vary", line.into_inner()))
        .finish()
}

#[actix_web::test]
async fn existing_vary_is_merged() {
    let app = test::init_service(App::new().service(vary)).await;
    for (line, origin, expected) in [
        ("Accept-Encoding", Some(A), "Accept-Encoding, Origin"),
        ("Accept-Encoding", Some(EVIL), "Accept-Encoding, Origin"),
        ("Accept-Encoding", None, "Accept-Encoding, Origin"),
        ("Origin", Some(A), "Origin"),
        ("origin", None, "origin"),
        ("*", Some(A), "*"),
        ("*", None, "*"),
    ] {
        let uri = format!("/vary/{line}");
        let request = match origin {
            Some(origin) => get(&uri, origin),
            None => TestRequest::get().uri(&uri),
        };
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(
            header_all(&response, "vary"),
            [expected],
            "{line} {origin:?}"
        );
    }
}

#[cors(
    origins = ["https://example.com", "https://app.example.com"],
    methods = ["GET"],
    credentials
)]
#[get("/section9")]
async fn section9() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// docs/protocol.md section 9: no ACAO, no ACAC, still `Vary: Origin`.
#[actix_web::test]
async fn misconfiguration_class_origins_get_no_cors_headers() {
    let app = test::init_service(App::new().service(section9)).await;
    for &origin in SECTION9_ORIGINS {
        let response = test::call_service(&app, get("/section9", origin).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK, "{origin}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");

        let response =
            test::call_service(&app, preflight("/section9", origin, "GET").to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"], "{origin}");
    }
    for origin in ["https://example.com", "https://app.example.com"] {
        let response = test::call_service(&app, get("/section9", origin).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").unwrap(),
            origin
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").unwrap(),
            "true"
        );
    }
}

#[actix_web::test]
async fn repeated_malformed_and_non_utf8_headers_never_panic() {
    let app = test::init_service(App::new().service(section9).service(shared_post)).await;
    for request in [
        get("/section9", "https://example.com").append_header(("origin", "https://example.com")),
        TestRequest::get()
            .uri("/section9")
            .insert_header(("origin", raw(b"https://example.com\xff"))),
        TestRequest::get()
            .uri("/section9")
            .insert_header(("origin", raw(b"\xc3\x28"))),
    ] {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_cors(&response);
        assert_eq!(header_all(&response, "vary"), ["Origin"]);
    }
    for (request, expected) in [
        (
            preflight("/section9", "https://example.com", "GET")
                .insert_header(("origin", raw(b"https://\xffexample.com"))),
            "CORS preflight rejected: origin https://\\xffexample.com is not allowed",
        ),
        (
            preflight("/shared", B, "POST")
                .insert_header(("access-control-request-headers", raw(b"content-type, \xff"))),
            "CORS preflight rejected: header name \"\\xff\" is malformed",
        ),
        (
            preflight("/shared", B, "POST")
                .insert_header(("access-control-request-headers", "x-api-key, x-foo")),
            "CORS preflight rejected: header x-foo is not allowed",
        ),
    ] {
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(body(response).await, expected);
    }
}

#[cors(
    origins = ["https://a.example.com"],
    methods = ["PUT"],
    private_network,
    preflight_status = 200
)]
#[put("/device")]
async fn device() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://a.example.com"])]
#[put("/no-private-network")]
async fn no_private_network() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::test]
async fn preflight_status_and_private_network() {
    let app = test::init_service(App::new().service(device).service(no_private_network)).await;
    let asks = |uri| {
        preflight(uri, A, "PUT").insert_header(("access-control-request-private-network", "true"))
    };

    let response = test::call_service(&app, asks("/device").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-private-network").unwrap(),
        "true"
    );
    assert_eq!(header(&response, "access-control-max-age"), None);
    assert_eq!(body(response).await, "");

    let response = test::call_service(&app, preflight("/device", A, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );

    // Without the (legacy) opt-in, the request header is ignored: an ordinary answer.
    let response = test::call_service(&app, asks("/no-private-network").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-private-network"),
        None
    );
}

#[cors(origins = ["*"], headers = ["*"], expose = ["*"], methods = ["GET"])]
#[get("/public")]
async fn public() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://a.example.com", "null"], allow_null_origin, headers = ["*"])]
#[get("/echo")]
async fn echo() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::test]
async fn any_origin_any_header_and_null() {
    let app = test::init_service(App::new().service(public).service(echo)).await;

    let response = test::call_service(&app, get("/public", EVIL).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(
        header(&response, "access-control-expose-headers").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "vary"), None);
    // Without `Origin`: the same `*`, so that a cached copy serves cross-origin requests too.
    let response = test::call_service(&app, TestRequest::get().uri("/public").to_request()).await;
    assert_eq!(header_all(&response, "access-control-allow-origin"), ["*"]);
    assert_eq!(
        header(&response, "access-control-expose-headers").unwrap(),
        "*"
    );
    assert_eq!(header(&response, "vary"), None);

    let request = preflight("/public", EVIL, "GET")
        .insert_header(("access-control-request-headers", "X-Trace,Authorization"));
    let response = test::call_service(&app, request.to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "X-Trace,Authorization"
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Access-Control-Request-Headers"]
    );

    let response = test::call_service(&app, get("/echo", "null").to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").unwrap(),
        "null"
    );
    let request =
        preflight("/echo", A, "GET").insert_header(("access-control-request-headers", "x-a"));
    let response = test::call_service(&app, request.to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "x-a"
    );
    assert_eq!(
        header_all(&response, "vary"),
        ["Origin, Access-Control-Request-Headers"]
    );

    // Several lines are one list, echoed whole.
    for path in ["/public", "/echo"] {
        let request = preflight(path, A, "GET")
            .append_header(("access-control-request-headers", "authorization\t"))
            .append_header(("access-control-request-headers", " "))
            .append_header(("access-control-request-headers", " content-type"));
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header_all(&response, "access-control-allow-headers"),
            ["authorization, content-type"],
            "{path}"
        );
    }
}

#[get("/plain")]
async fn plain() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(
    origins = ["https://a.example.com", "https://*.partner.example"],
    methods = ["GET"],
    headers = ["x-api-key"],
    expose = ["x-request-id"],
    credentials,
    max_age = 600
)]
#[get("/annotated")]
async fn annotated() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// The attribute's `static` policy adds no allocation per request: an annotated handler costs
/// at most what the same handler without `#[cors]` costs. Header values are `from_static`, like
/// the shared buffers a server parses requests into, so cloning them is free in both. (It costs
/// fewer: actix's method guard, which the plain route's `#[get]` registers, records the method
/// in the request's extensions on every check; the annotated route's `RouteGuard` does not.)
#[actix_web::test]
async fn the_attribute_adds_no_allocation_per_request() {
    let app = test::init_service(App::new().service(plain).service(annotated)).await;
    let with = |origin: &'static str| move |uri: &str| static_get(uri, origin);
    let without = |uri: &str| TestRequest::get().uri(uri).to_request();
    type MakeRequest<'a> = &'a dyn Fn(&str) -> actix_http::Request;
    let cases: [(&str, MakeRequest); 4] = [
        ("exact origin", &with(A)),
        ("pattern origin", &with("https://shop.partner.example")),
        ("disallowed origin", &with(EVIL)),
        ("no origin", &without),
    ];
    for (name, make) in cases {
        let without_cors = allocations_per_call(&app, || make("/plain")).await;
        let with_cors = allocations_per_call(&app, || make("/annotated")).await;
        eprintln!("{name}: plain {without_cors}, #[cors] {with_cors} allocations");
        assert!(
            with_cors <= without_cors,
            "{name}: {with_cors} > {without_cors}"
        );
    }

    let preflight = |uri: &str| static_preflight(uri, A, "GET");
    let answered = allocations_per_call(&app, || preflight("/annotated")).await;
    let plain_get = allocations_per_call(&app, || with(A)("/plain")).await;
    eprintln!("preflight: #[cors] {answered} allocations (a plain GET: {plain_get})");
    assert!(answered <= plain_get);
}

/// `#[scope]` prefixes the path of the routing attribute under `#[cors]` before it expands, so
/// the route `#[cors]` registers, preflights included, gets the scoped path too. The handlers
/// stay individually registered.
#[actix_web::scope("/api")]
mod api {
    use actix_web::{HttpResponse, get};
    use cors_actix::cors;

    #[cors(origins = ["https://a.example.com"], headers = ["x-api-key"])]
    #[get("/hello")]
    async fn hello() -> HttpResponse {
        HttpResponse::Ok().body("hello")
    }
}

/// A private handler in another module, registered from outside it, as actix-web's own routing
/// macros allow.
mod handlers {
    use actix_web::{HttpResponse, get};
    use cors_actix::cors;

    #[cors(origins = ["https://a.example.com"])]
    #[get("/private-handler")]
    async fn private_handler() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

#[actix_web::test]
async fn scope_modules_and_private_handlers_in_other_modules() {
    let app = test::init_service(
        App::new()
            .service(api::hello)
            .service(handlers::private_handler),
    )
    .await;

    let preflight = TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/api/hello")
        .insert_header(("origin", A))
        .insert_header(("access-control-request-method", "GET"))
        .insert_header(("access-control-request-headers", "x-api-key"))
        .to_request();
    let response = test::call_service(&app, preflight).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(
        header(&response, "access-control-allow-headers").unwrap(),
        "x-api-key"
    );

    let get = TestRequest::get()
        .uri("/api/hello")
        .insert_header(("origin", A))
        .to_request();
    let response = test::call_service(&app, get).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
    assert_eq!(header(&response, "vary").unwrap(), "Origin");

    let get = TestRequest::get()
        .uri("/private-handler")
        .insert_header(("origin", A))
        .to_request();
    let response = test::call_service(&app, get).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin").unwrap(), A);
}
