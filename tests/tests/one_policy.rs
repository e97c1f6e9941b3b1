//! One policy answers each request: a runtime `Cors` or a named policy around an `App` or a
//! `Scope` that also holds `#[cors]` routes. The route's own policy answers the route's
//! preflights and responses, the policy around answers everything else, and no response ever
//! carries two `Access-Control-Allow-Origin` headers.

mod support;

use std::sync::atomic::Ordering;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{self, TestRequest};
use actix_web::{App, Error, HttpRequest, HttpResponse, get, post, web};
use actix_web_httpauth::middleware::HttpAuthentication;
use cors_actix::{Cors, Origin, cors, cors_policy};
use support::*;

/// The route's origin.
const APP: &str = "https://app.example.com";
/// The origin of the policy around everything.
const SITE: &str = "https://site.example.com";
/// The origin of the named policy around `/api`.
const ADMIN: &str = "https://admin.example.com";
/// Allowed by nobody.
const EVIL: &str = "https://evil.example.net";

/// The policy around the whole app.
fn site() -> Cors {
    Cors::builder()
        .origins([SITE])
        .methods(["GET", "POST", "PATCH"])
        .headers(["x-site"])
        .build()
        .unwrap()
}

cors_policy! {
    /// Around `/api`.
    ADMIN_POLICY: origins = ["https://admin.example.com"], credentials, methods = ["GET", "DELETE"];
}

/// GET `/items` has a policy of its own; POST `/items` (below) has none.
#[cors(origins = ["https://app.example.com"], credentials, headers = ["x-app"], expose = ["x-count"])]
#[get("/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-count", "3"))
        .body("items")
}

/// Under `/api`, with a policy of its own inside the named policy around the scope.
#[cors(origins = ["https://app.example.com"])]
#[get("/report")]
async fn report() -> HttpResponse {
    HttpResponse::Ok().body("report")
}

/// Under `/api`, without a policy: the scope's named policy answers for it.
#[get("/users")]
async fn users() -> HttpResponse {
    HttpResponse::Ok().body("users")
}

/// A route whose handler fails: the error response is the route's to decorate.
#[cors(origins = ["https://app.example.com"])]
#[post("/fail")]
async fn fail() -> Result<HttpResponse, Error> {
    Err(actix_web::error::ErrorBadRequest("no"))
}

fn app(
    hits: Hits,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(hits.data())
        .wrap(site())
        .service(list_items)
        .route("/items", web::post().to(HttpResponse::Created))
        .service(fail)
        .service(
            web::resource("/plain")
                .route(web::get().to(HttpResponse::Ok))
                .route(web::method(Method::OPTIONS).to(counted)),
        )
        .service(
            web::scope("/api")
                .wrap(ADMIN_POLICY)
                .service(report)
                .service(users),
        )
}

/// Exactly one `Access-Control-Allow-Origin`, `origin`.
#[track_caller]
fn assert_allows<B>(response: &ServiceResponse<B>, origin: &str) {
    assert_eq!(
        header_all(response, "access-control-allow-origin"),
        [origin],
        "{:?}",
        response.headers()
    );
}

#[actix_web::test]
async fn a_route_s_policy_answers_its_responses_and_the_policy_around_the_rest() {
    let hits = Hits::default();
    let app = test::init_service(app(hits.clone())).await;

    // The annotated GET: the route's policy, whole, and nothing of the policy around it.
    let response = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_allows(&response, APP);
    assert_eq!(
        header(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        header(&response, "access-control-expose-headers").as_deref(),
        Some("x-count")
    );
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    // The route refuses the origin the policy around allows: the route's refusal stands.
    let response = test::call_service(&app, get("/items", SITE).to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors(&response);
    assert_eq!(header_all(&response, "vary"), ["Origin"]);

    // POST on the same path has no policy of its own: the policy around answers for it.
    let response =
        test::call_service(&app, request(Method::POST, "/items", SITE).to_request()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_allows(&response, SITE);
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    let response =
        test::call_service(&app, request(Method::POST, "/items", APP).to_request()).await;
    assert_no_cors(&response);

    // An un-annotated resource, and a path nothing serves.
    let response = test::call_service(&app, get("/plain", SITE).to_request()).await;
    assert_allows(&response, SITE);
    let response = test::call_service(&app, get("/missing", SITE).to_request()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_allows(&response, SITE);

    // A handler's error response is the route's to decorate.
    let response = test::call_service(&app, request(Method::POST, "/fail", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_allows(&response, APP);
    let response =
        test::call_service(&app, request(Method::POST, "/fail", SITE).to_request()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_no_cors(&response);
}

#[actix_web::test]
async fn a_route_s_policy_answers_its_preflights_and_the_policy_around_the_rest() {
    let hits = Hits::default();
    let app = test::init_service(app(hits.clone())).await;

    // The route's preflight, allowed by the route.
    let response = test::call_service(
        &app,
        preflight("/items", APP, "GET")
            .insert_header(("access-control-request-headers", "x-app"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allows(&response, APP);
    assert_eq!(
        header(&response, "access-control-allow-headers").as_deref(),
        Some("x-app")
    );

    // Refused by the route, though the policy around would allow it: never the outer answer.
    for (origin, headers) in [(SITE, "x-site"), (APP, "x-site")] {
        let response = test::call_service(
            &app,
            preflight("/items", origin, "GET")
                .insert_header(("access-control-request-headers", headers))
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
        assert_no_cors(&response);
    }

    // A method no annotated route of the path serves: the policy around answers, by its rules.
    let response = test::call_service(&app, preflight("/items", SITE, "POST").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allows(&response, SITE);
    assert_eq!(
        header(&response, "access-control-allow-methods").as_deref(),
        Some("GET, POST, PATCH")
    );
    let response = test::call_service(&app, preflight("/items", APP, "PATCH").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);

    // Un-annotated paths: the policy around answers, whatever the app's own OPTIONS handler or
    // its 404 said; a plain OPTIONS still reaches that handler.
    for path in ["/plain", "/missing"] {
        let response = test::call_service(&app, preflight(path, SITE, "PATCH").to_request()).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_allows(&response, SITE);
    }
    let before = hits.count();
    let response = test::call_service(
        &app,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/plain")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(hits.count(), before + 1);
}

#[actix_web::test]
async fn nested_policies_answer_by_the_innermost_one_a_request_reaches() {
    let hits = Hits::default();
    let app = test::init_service(app(hits.clone())).await;

    // Under `/api`, un-annotated: the scope's named policy, not the app's.
    let response = test::call_service(&app, get("/api/users", ADMIN).to_request()).await;
    assert_allows(&response, ADMIN);
    assert_eq!(
        header(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    let response = test::call_service(&app, get("/api/users", SITE).to_request()).await;
    assert_no_cors(&response);
    let response =
        test::call_service(&app, preflight("/api/users", ADMIN, "DELETE").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allows(&response, ADMIN);
    let response =
        test::call_service(&app, preflight("/api/users", SITE, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);

    // Under `/api`, annotated: the route's policy, not the scope's nor the app's.
    let response = test::call_service(&app, get("/api/report", APP).to_request()).await;
    assert_allows(&response, APP);
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
    for origin in [ADMIN, SITE] {
        let response = test::call_service(&app, get("/api/report", origin).to_request()).await;
        assert_no_cors(&response);
        let response =
            test::call_service(&app, preflight("/api/report", origin, "GET").to_request()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
    }

    // Outside `/api`: the app's policy.
    let response = test::call_service(&app, get("/plain", ADMIN).to_request()).await;
    assert_no_cors(&response);
}

/// The response a server sends for a call: an error is rendered, as actix's dispatcher does.
async fn rendered<S, B>(app: &S, request: actix_http::Request) -> (StatusCode, Vec<String>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
{
    let origins = |headers: &actix_web::http::header::HeaderMap| {
        headers
            .get_all("access-control-allow-origin")
            .map(|value| value.to_str().unwrap().to_owned())
            .collect()
    };
    match app.call(request).await {
        Ok(response) => (response.status(), origins(response.headers())),
        Err(error) => {
            let response = error.error_response();
            (response.status(), origins(response.headers()))
        }
    }
}

/// Authentication that fails with an error rather than a response, as `from_fn` middleware
/// often does (`actix-web-httpauth` answers a response).
async fn require_token(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if request.headers().contains_key("authorization") {
        next.call(request).await
    } else {
        Err(actix_web::error::ErrorUnauthorized("no token"))
    }
}

#[actix_web::test]
async fn authentication_between_the_policy_around_and_the_routes() {
    // The app's policy outside, authentication inside it, annotated routes inside that.
    let answers = test::init_service(
        App::new()
            .wrap(HttpAuthentication::bearer(validator))
            .wrap(site())
            .service(list_items)
            .route("/items", web::post().to(HttpResponse::Created)),
    )
    .await;
    let fails = test::init_service(
        App::new()
            .wrap(from_fn(require_token))
            .wrap(site())
            .service(list_items)
            .route("/items", web::post().to(HttpResponse::Created)),
    )
    .await;
    assert_authentication_inside(&answers).await;
    assert_authentication_inside(&fails).await;
}

async fn assert_authentication_inside<S, B>(app: &S)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
{
    // A preflight carries no token: the authentication refuses it before the route sees it, and
    // the policy around answers it instead (the route's policy never ran).
    for (origin, method) in [(SITE, "POST"), (SITE, "GET")] {
        let (status, origins) =
            rendered(app, preflight("/items", origin, method).to_request()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(origins, [SITE]);
    }
    let (status, origins) = rendered(app, preflight("/items", EVIL, "POST").to_request()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(origins.is_empty(), "{origins:?}");

    // Actual requests: the 401 carries the policy around's headers; with the token, the route's.
    let (status, origins) = rendered(app, get("/items", SITE).to_request()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(origins, [SITE]);
    let with_token = |origin| {
        get("/items", origin)
            .insert_header(("authorization", "Bearer secret"))
            .to_request()
    };
    let (status, origins) = rendered(app, with_token(APP)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(origins, [APP]);
    let (status, origins) = rendered(app, with_token(SITE)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(origins.is_empty(), "{origins:?}");
}

/// A route that fails in its own middleware (the authentication as the route's `wrap`): the
/// error stays an error, and the response rendered from it carries the route's headers only.
#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/me", wrap = "HttpAuthentication::bearer(validator)")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().body("me")
}

/// The same, with authentication that fails with an error.
#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/me-too", wrap = "from_fn(require_token)")]
async fn me_too() -> HttpResponse {
    HttpResponse::Ok().body("me")
}

#[actix_web::test]
async fn a_route_s_error_is_answered_by_the_route_alone() {
    let app = test::init_service(App::new().wrap(site()).service(me)).await;
    assert_route_answers_its_errors(&app, "/me").await;
    let app = test::init_service(App::new().wrap(site()).service(me_too)).await;
    assert_route_answers_its_errors(&app, "/me-too").await;
}

async fn assert_route_answers_its_errors<S, B>(app: &S, path: &str)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
{
    let (status, origins) = rendered(app, get(path, APP).to_request()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(origins, [APP]);
    let (status, origins) = rendered(app, get(path, SITE).to_request()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(origins.is_empty(), "{origins:?}");
    // The route's preflight never meets the authentication.
    let (status, origins) = rendered(app, preflight(path, APP, "GET").to_request()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(origins, [APP]);
}

#[actix_web::test]
async fn a_predicate_around_is_asked_only_about_what_no_route_takes() {
    let hits = Hits::default();
    let asked = hits.data();
    let around = Cors::builder()
        .origin_fn_async(move |origin: Origin, _: HttpRequest| {
            let asked = asked.clone();
            async move {
                asked.fetch_add(1, Ordering::Relaxed);
                actix_web::rt::task::yield_now().await;
                origin.host() == "tenant.example.org"
            }
        })
        .methods(["GET", "PUT"])
        .build()
        .unwrap();
    let app = test::init_service(
        App::new()
            .wrap(around)
            .service(list_items)
            .route("/other", web::put().to(HttpResponse::Ok)),
    )
    .await;
    const TENANT: &str = "https://tenant.example.org";

    let response = test::call_service(&app, preflight("/other", TENANT, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allows(&response, TENANT);
    let response =
        test::call_service(&app, request(Method::PUT, "/other", TENANT).to_request()).await;
    assert_allows(&response, TENANT);
    let response = test::call_service(&app, preflight("/other", EVIL, "PUT").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The route's own policy does not know the tenant, and answers for its route.
    let response = test::call_service(&app, preflight("/items", TENANT, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
    let response = test::call_service(&app, get("/items", TENANT).to_request()).await;
    assert_no_cors(&response);
    let response = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_allows(&response, APP);
    assert!(hits.count() >= 3);
}

#[actix_web::test]
async fn a_strict_policy_around_refuses_before_routing() {
    // The documented exception: a strict policy around others refuses an origin it does not
    // allow before any route runs, the route's included, since no handler may run for it.
    let strict = Cors::builder()
        .origins([SITE])
        .methods(["GET"])
        .strict(true)
        .build()
        .unwrap();
    let app = test::init_service(App::new().wrap(strict).service(list_items)).await;
    let response = test::call_service(&app, get("/items", APP).to_request()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors(&response);
    // Its preflights are still the route's.
    let response = test::call_service(&app, preflight("/items", APP, "GET").to_request()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_allows(&response, APP);
}

#[actix_web::test]
async fn a_route_inside_a_policy_around_allocates_no_more() {
    let alone = test::init_service(App::new().service(list_items)).await;
    let inside = test::init_service(App::new().wrap(site()).service(list_items)).await;
    let around_alone = test::init_service(
        App::new()
            .wrap(site())
            .route("/items", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let unwrapped =
        test::init_service(App::new().route("/items", web::get().to(HttpResponse::Ok))).await;

    let alone = allocations_per_call(&alone, || static_get("/items", APP)).await;
    let inside = allocations_per_call(&inside, || static_get("/items", APP)).await;
    let around = allocations_per_call(&around_alone, || static_get("/items", SITE)).await;
    let plain = allocations_per_call(&unwrapped, || static_get("/items", SITE)).await;
    eprintln!(
        "allowed GET: route {alone}, route inside Cors {inside}; Cors alone {around}, no CORS {plain}"
    );
    assert_eq!(inside, alone, "a claim allocates nothing");
    assert_eq!(around, plain, "an offer allocates nothing");
}

/// A policy around others decides before the routes inside it answer: its rejection is logged
/// only when it is the one that answers, once, and a route's own refusal is logged by the route.
#[test]
fn a_policy_around_logs_only_what_it_answers() {
    let events = capture_events(|| async {
        let app = test::init_service(app(Hits::default())).await;
        // The route allows the page's origin, which the app's policy would refuse: no line.
        test::call_service(&app, get("/items", APP).to_request()).await;
        test::call_service(&app, preflight("/items", APP, "GET").to_request()).await;
        // The route refuses the app's origin: the route's line, none of the app's policy.
        test::call_service(&app, preflight("/items", SITE, "GET").to_request()).await;
        // No route takes it: the app's policy answers, and logs.
        test::call_service(&app, preflight("/plain", APP, "GET").to_request()).await;

        // Authentication that fails with an error before any route: the app's policy answers
        // in the rendered response, and logs then, once.
        let app = test::init_service(
            App::new()
                .wrap(from_fn(require_token))
                .wrap(site())
                .service(list_items),
        )
        .await;
        let (status, _) = rendered(&app, preflight("/items", EVIL, "GET").to_request()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
    let lines: Vec<(&str, &str, &str)> = events
        .iter()
        .map(|event| {
            (
                event["path"].as_str(),
                event["origin"].as_str(),
                event["allowed_origins"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("/items", SITE, APP),
            ("/plain", APP, SITE),
            ("/items", EVIL, SITE),
        ],
        "{events:#?}"
    );
    assert!(
        events
            .iter()
            .all(|event| event["outcome"] == "preflight answered 403")
    );
}
