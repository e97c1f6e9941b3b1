//! Origins from the deployment (`origins = env("NAME")`) end to end, through actix apps.
//!
//! Each variable is read once per process, and `check()` reads every env route of this binary,
//! so every variable is set once, by [`environment`], before any test builds an app or calls
//! `check()`; each test calls it first. Tests run in parallel threads: the names are unique.

mod support;

use std::sync::Once;

use actix_web::http::StatusCode;
use actix_web::test::{self};
use actix_web::{App, HttpResponse, get, post};
use cors_actix::{cors, cors_policy};
use support::*;

const APP: &str = "https://app.example.com";

/// Sets every variable this binary's routes read, once, before anything reads one.
fn environment() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        let variables = [
            (
                "DEPLOY_TEST_SET",
                "https://app.example.com, https://*.tenant.example.com, http://localhost:*",
            ),
            ("DEPLOY_TEST_SLASH", "https://app.example.com/"),
            ("DEPLOY_TEST_STAR", "*"),
            ("DEPLOY_TEST_NULL", "null, https://app.example.com"),
            ("DEPLOY_TEST_POLICY", "https://app.example.com"),
            (
                "DEPLOY_TEST_BAD_POLICY",
                "https://app.example.com,,https://admin.example.com",
            ),
        ];
        for (name, value) in variables {
            // SAFETY: before any thread of this binary reads the environment (every test calls
            // this first, and `Once` makes the others wait).
            #[allow(unsafe_code)]
            unsafe {
                std::env::set_var(name, value)
            };
        }
    });
}

#[cors(origins = env("DEPLOY_TEST_SET", default = ["http://localhost:5173"]), credentials)]
#[get("/set")]
async fn set() -> HttpResponse {
    HttpResponse::Ok().body("set")
}

#[cors(origins = env("DEPLOY_TEST_UNSET", default = ["http://localhost:5173"]))]
#[get("/defaulted")]
async fn defaulted() -> HttpResponse {
    HttpResponse::Ok().body("defaulted")
}

#[cors(origins = env("DEPLOY_TEST_MISSING"))]
#[get("/missing")]
async fn missing() -> HttpResponse {
    HttpResponse::Ok().body("missing")
}

#[cors(origins = env("DEPLOY_TEST_SLASH"))]
#[post("/slash")]
async fn slash() -> HttpResponse {
    HttpResponse::Ok().body("slash")
}

#[cors(origins = env("DEPLOY_TEST_STAR"), credentials)]
#[get("/star")]
async fn star() -> HttpResponse {
    HttpResponse::Ok().body("star")
}

/// A route with a `wrap` of its own: its resource is built at the route, with the same policy.
#[cors(origins = env("DEPLOY_TEST_SET"))]
#[get(
    "/wrapped-route",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-inner\", \"1\"))"
)]
async fn wrapped_route() -> HttpResponse {
    HttpResponse::Ok().body("wrapped")
}

/// `allow_null_origin` without a default: `null` comes from the variable.
#[cors(origins = env("DEPLOY_TEST_NULL"), allow_null_origin)]
#[get("/null")]
async fn null() -> HttpResponse {
    HttpResponse::Ok().body("null")
}

cors_policy! {
    /// The front end, wherever it is deployed.
    pub FRONT: origins = env("DEPLOY_TEST_POLICY", default = ["http://localhost:5173"]), credentials;
    /// A policy whose variable has an empty item: reported once, at the policy.
    pub BAD: origins = env("DEPLOY_TEST_BAD_POLICY");
}

#[cors(policy = FRONT)]
#[get("/front")]
async fn front() -> HttpResponse {
    HttpResponse::Ok().body("front")
}

#[cors(policy = FRONT, max_age = 60)]
#[post("/front")]
async fn front_post() -> HttpResponse {
    HttpResponse::Ok().body("front post")
}

/// A route's own literal origins replace its policy's variable.
#[cors(policy = FRONT, origins = ["https://literal.example.com"])]
#[get("/literal")]
async fn literal() -> HttpResponse {
    HttpResponse::Ok().body("literal")
}

#[cors(policy = BAD)]
#[get("/bad-one")]
async fn bad_one() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = BAD)]
#[get("/bad-two")]
async fn bad_two() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// Never registered with an app: `check()` finds it all the same.
mod unregistered {
    use actix_web::{HttpResponse, get};
    use cors_actix::cors;

    #[cors(origins = env("DEPLOY_TEST_SLASH"))]
    #[get("/unregistered")]
    async fn unregistered() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

#[actix_web::test]
async fn a_set_variable_gives_its_origins_patterns_and_any_port() {
    environment();
    let app = test::init_service(App::new().service(set)).await;
    for origin in [APP, "https://a.tenant.example.com", "http://localhost:8080"] {
        let response = test::call_service(&app, get("/set", origin).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").as_deref(),
            Some("true")
        );
    }
    // The default is not used when the variable is set.
    let response =
        test::call_service(&app, get("/set", "http://localhost:5173").to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("http://localhost:5173"),
        "any port"
    );
    let response =
        test::call_service(&app, get("/set", "https://evil.example.com").to_request()).await;
    assert_no_cors(&response);
    let response = test::call_service(&app, preflight("/set", APP, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn an_unset_variable_uses_the_default() {
    environment();
    let app = test::init_service(App::new().service(defaulted)).await;
    let response = test::call_service(
        &app,
        get("/defaulted", "http://localhost:5173").to_request(),
    )
    .await;
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    let response = test::call_service(&app, get("/defaulted", APP).to_request()).await;
    assert_no_cors(&response);
}

/// An unset variable without a default, an invalid value, or `*` with credentials: the route
/// serves its handler but allows no cross-origin request, and refuses preflights with 403.
#[actix_web::test]
async fn a_route_whose_origins_cannot_be_read_allows_no_cross_origin_request() {
    environment();
    let app = test::init_service(App::new().service(missing).service(slash).service(star)).await;
    for (path, origin) in [
        ("/missing", APP),
        ("/slash", APP),
        ("/slash", "https://app.example.com/"),
        ("/star", APP),
    ] {
        let response = test::call_service(&app, get(path, origin).to_request()).await;
        assert_no_cors(&response);
        let method = if path == "/slash" { "POST" } else { "GET" };
        let response = test::call_service(&app, preflight(path, origin, method).to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert_no_cors(&response);
        assert_eq!(
            header(&response, "vary").as_deref(),
            Some("Origin"),
            "{path}"
        );
    }
    let response =
        test::call_service(&app, test::TestRequest::get().uri("/missing").to_request()).await;
    assert_eq!(body(response).await, "missing");
}

#[actix_web::test]
async fn check_lists_every_problem_of_every_route_in_the_binary() {
    environment();
    let errors = cors_actix::check().unwrap_err();
    let problems: Vec<(&str, &str, &str)> = errors
        .problems()
        .iter()
        .map(|problem| (problem.variable(), problem.item(), problem.route()))
        .collect();
    assert_eq!(
        problems,
        [
            ("DEPLOY_TEST_BAD_POLICY", "BAD", ""),
            ("DEPLOY_TEST_MISSING", "missing", "GET /missing"),
            ("DEPLOY_TEST_SLASH", "slash", "POST /slash"),
            ("DEPLOY_TEST_SLASH", "unregistered", "GET /unregistered"),
            ("DEPLOY_TEST_STAR", "star", "GET /star"),
        ]
    );
    let text = errors.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "CORS origins from the environment cannot be used (5 problems)"
    );
    // A policy's problem is listed once, naming the policy (not each route that uses it).
    assert!(
        lines[1].starts_with(
            "- DEPLOY_TEST_BAD_POLICY=\"https://app.example.com,,https://admin.example.com\" for policy `BAD` in deployment (tests/tests/deployment.rs:"
        ),
        "{text}"
    );
    assert!(
        lines[1].contains("item 2: empty item between two commas"),
        "{text}"
    );
    let lines = &lines[1..];
    assert!(
        lines[1].starts_with(
            "- DEPLOY_TEST_MISSING (not set) for route GET /missing, handler `missing` in deployment (tests/tests/deployment.rs:"
        ),
        "{text}"
    );
    assert!(
        lines[1].contains(
            "the variable is not set and the route has no default (help: set DEPLOY_TEST_MISSING"
        ),
        "{text}"
    );
    assert!(lines[2].starts_with("- DEPLOY_TEST_SLASH=\"https://app.example.com/\" for route POST /slash, handler `slash` in deployment"), "{text}");
    assert!(lines[2].contains("has a trailing slash"), "{text}");
    assert!(
        lines[3].contains("handler `unregistered` in deployment::unregistered"),
        "{text}"
    );
    assert!(
        lines[4].starts_with("- DEPLOY_TEST_STAR=\"*\" for route GET /star"),
        "{text}"
    );
    // The runtime builder's words for the same rule.
    let builder = cors_actix::Cors::builder()
        .origins(["*"])
        .methods(["GET"])
        .credentials(true)
        .build()
        .unwrap_err();
    let words = &builder.errors()[0];
    let words = format!("{} (help: {})", words.message(), words.suggestion());
    assert!(lines[4].ends_with(&words), "{text}\n{builder}");
}

#[actix_web::test]
async fn a_named_policy_reads_its_variable_for_every_route_and_as_a_value() {
    environment();
    let app = test::init_service(
        App::new()
            .service(front)
            .service(front_post)
            .service(literal)
            .service(
                actix_web::web::scope("/wrapped")
                    .wrap(FRONT)
                    .route("/x", actix_web::web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;
    for path in ["/front", "/wrapped/x"] {
        let response = test::call_service(&app, get(path, APP).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials").as_deref(),
            Some("true"),
            "{path}"
        );
        // The variable is set: the default is not used.
        let response =
            test::call_service(&app, get(path, "http://localhost:5173").to_request()).await;
        assert_no_cors(&response);
    }
    let response = test::call_service(&app, preflight("/front", APP, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-max-age").as_deref(),
        Some("60")
    );
    let response = test::call_service(&app, get("/literal", APP).to_request()).await;
    assert_no_cors(&response);
    let response = test::call_service(
        &app,
        get("/literal", "https://literal.example.com").to_request(),
    )
    .await;
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("https://literal.example.com")
    );
}

#[actix_web::test]
async fn routes_of_a_policy_whose_variable_is_invalid_allow_no_origin() {
    environment();
    let app = test::init_service(App::new().service(bad_one).service(bad_two)).await;
    for path in ["/bad-one", "/bad-two"] {
        let response = test::call_service(&app, get(path, APP).to_request()).await;
        assert_no_cors(&response);
        let response = test::call_service(&app, preflight(path, APP, "GET").to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
}

#[actix_web::test]
async fn the_null_origin_can_come_from_the_variable() {
    environment();
    let app = test::init_service(App::new().service(null)).await;
    for origin in ["null", APP] {
        let response = test::call_service(&app, get("/null", origin).to_request()).await;
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
}

#[actix_web::test]
async fn a_route_with_wraps_of_its_own_reads_its_variable_too() {
    environment();
    let app = test::init_service(App::new().service(wrapped_route)).await;
    let response = test::call_service(&app, get("/wrapped-route", APP).to_request()).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(header(&response, "x-inner").as_deref(), Some("1"));
    let response =
        test::call_service(&app, preflight("/wrapped-route", APP, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "x-inner"),
        None,
        "the preflight is answered outside the route's wraps"
    );
}
