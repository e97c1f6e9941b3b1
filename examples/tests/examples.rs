//! Exercises every example's app through `actix_web::test`: each test asserts one CORS behaviour
//! the example is there to show, so the examples stay compiled and correct. The
//! `runtime_config` binary is also run as a process: with a bad environment it must list every
//! problem and exit 1 without binding its port, with a good one it must serve.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use cors_actix::EnvErrorKind;
use cors_tests::requests::{body, preflight};
use examples::demo::{self, Ports};
use examples::{
    basic, credentials_spa, deployment, named_policies, per_endpoint, runtime_config, scopes,
    tenants,
};

/// The first value of a response header, borrowed and checked to be ASCII (the shared
/// `header` of `tests/tests/support` owns a lossy copy instead).
fn header<'a, B>(response: &'a ServiceResponse<B>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("ASCII header value"))
}

async fn call<S, B>(app: &S, request: TestRequest) -> ServiceResponse<B>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    test::call_service(app, request.to_request()).await
}

#[actix_web::test]
async fn basic_public_route_is_star_and_messages_only_for_the_front_end() {
    let app = test::init_service(App::new().configure(basic::configure)).await;

    let public = call(
        &app,
        TestRequest::get()
            .uri("/hello")
            .insert_header(("origin", "https://anyone.example")),
    )
    .await;
    assert_eq!(header(&public, "access-control-allow-origin"), Some("*"));

    let allowed = call(
        &app,
        preflight("/messages", "https://app.example.com", "POST")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&allowed, "access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(
        header(&allowed, "access-control-allow-headers"),
        Some("content-type")
    );

    let refused = call(&app, preflight("/messages", "https://evil.example", "POST")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&refused, "access-control-allow-origin"), None);
    assert_eq!(
        body(refused).await,
        "CORS preflight rejected: origin https://evil.example is not allowed"
    );
}

#[actix_web::test]
async fn credentials_spa_sets_and_reads_the_cookie_with_exact_origin_and_acac() {
    let app = test::init_service(App::new().configure(credentials_spa::configure)).await;
    let spa = "https://app.example.com";

    let login = call(
        &app,
        TestRequest::post()
            .uri("/login")
            .insert_header(("origin", spa)),
    )
    .await;
    assert_eq!(header(&login, "access-control-allow-origin"), Some(spa));
    assert_eq!(
        header(&login, "access-control-allow-credentials"),
        Some("true")
    );
    assert!(header(&login, "set-cookie").is_some_and(|c| c.starts_with("session=alice")));

    let me = call(
        &app,
        TestRequest::get()
            .uri("/me")
            .insert_header(("origin", spa))
            .insert_header(("cookie", "session=alice")),
    )
    .await;
    assert_eq!(
        header(&me, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(body(me).await, "signed in as alice");

    // The 401 is decorated too, so the SPA can read why.
    let anonymous = call(
        &app,
        TestRequest::get().uri("/me").insert_header(("origin", spa)),
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&anonymous, "access-control-allow-origin"), Some(spa));

    let cached = call(
        &app,
        preflight("/me", spa, "GET")
            .insert_header(("access-control-request-headers", "x-csrf-token")),
    )
    .await;
    assert_eq!(header(&cached, "access-control-max-age"), Some("600"));

    let other = call(
        &app,
        TestRequest::get()
            .uri("/me")
            .insert_header(("origin", "https://evil.example"))
            .insert_header(("cookie", "session=alice")),
    )
    .await;
    assert_eq!(header(&other, "access-control-allow-origin"), None);
    assert_eq!(header(&other, "access-control-allow-credentials"), None);
}

#[actix_web::test]
async fn named_policies_are_used_exactly_with_overrides_and_as_a_scopes_middleware() {
    let app = test::init_service(App::new().configure(named_policies::configure)).await;
    let spa = "https://app.example.com";

    // Exactly SPA, and SPA with `expose` and `max_age` replaced.
    let me = call(&app, preflight("/me", spa, "GET")).await;
    let items = call(&app, preflight("/items", spa, "GET")).await;
    assert_eq!(header(&me, "access-control-max-age"), Some("600"));
    assert_eq!(header(&items, "access-control-max-age"), Some("60"));
    for response in [&me, &items] {
        assert_eq!(header(response, "access-control-allow-origin"), Some(spa));
        assert_eq!(
            header(response, "access-control-allow-credentials"),
            Some("true")
        );
    }
    let items = call(
        &app,
        TestRequest::get()
            .uri("/items")
            .insert_header(("origin", spa)),
    )
    .await;
    assert_eq!(
        header(&items, "access-control-expose-headers"),
        Some("x-total-count")
    );
    let me = call(
        &app,
        TestRequest::get().uri("/me").insert_header(("origin", spa)),
    )
    .await;
    assert_eq!(header(&me, "access-control-expose-headers"), None);

    // SPA_WRITES opens GET and PUT of the route's GET, PUT and DELETE.
    let put = call(&app, preflight("/items/7", spa, "PUT")).await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&put, "access-control-allow-methods"),
        Some("GET, PUT")
    );
    let delete = call(&app, preflight("/items/7", spa, "DELETE")).await;
    assert!(delete.status().is_client_error());
    assert_eq!(header(&delete, "access-control-allow-origin"), None);

    // PARTNERS around a scope: the safelisted methods.
    let partner = "https://shop.partner.example";
    let catalog = call(&app, preflight("/partners/catalog", partner, "GET")).await;
    assert_eq!(catalog.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&catalog, "access-control-allow-methods"),
        Some("GET, HEAD, POST")
    );
    let catalog = call(
        &app,
        TestRequest::get()
            .uri("/partners/catalog")
            .insert_header(("origin", partner)),
    )
    .await;
    assert_eq!(
        header(&catalog, "access-control-allow-origin"),
        Some(partner)
    );
    let from_spa = call(
        &app,
        TestRequest::get()
            .uri("/partners/catalog")
            .insert_header(("origin", spa)),
    )
    .await;
    assert_eq!(header(&from_spa, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn per_endpoint_policies_differ_per_route_and_per_method() {
    let app = test::init_service(App::new().configure(per_endpoint::configure)).await;
    let editor = "https://editor.example.com";
    let admin = "https://admin.example.com";

    let list = call(
        &app,
        TestRequest::get()
            .uri("/articles")
            .insert_header(("origin", editor)),
    )
    .await;
    assert_eq!(header(&list, "access-control-allow-origin"), Some("*"));

    let create = call(&app, preflight("/articles", admin, "POST")).await;
    assert_eq!(create.status(), StatusCode::FORBIDDEN);

    let update = call(&app, preflight("/articles/1", editor, "PUT")).await;
    assert_eq!(update.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&update, "access-control-allow-methods"), Some("PUT"));

    // The route serves PATCH, but its policy does not offer it to other origins.
    let patch = call(&app, preflight("/articles/1", editor, "PATCH")).await;
    assert_eq!(header(&patch, "access-control-allow-origin"), None);

    let delete_by_editor = call(&app, preflight("/articles/1", editor, "DELETE")).await;
    assert_eq!(delete_by_editor.status(), StatusCode::FORBIDDEN);
    let delete_by_admin = call(&app, preflight("/articles/1", admin, "DELETE")).await;
    assert_eq!(delete_by_admin.status(), StatusCode::NO_CONTENT);

    // strict: the actual DELETE from another origin never reaches the handler.
    let refused = call(
        &app,
        TestRequest::delete()
            .uri("/articles/1")
            .insert_header(("origin", editor)),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        body(refused).await,
        "CORS request rejected: origin https://editor.example.com is not allowed"
    );
}

#[actix_web::test]
async fn runtime_config_builds_from_the_origin_list_and_reports_mistakes() {
    let errors = runtime_config::cors([(runtime_config::ORIGINS_VAR, "https://app.example.com/")])
        .expect_err("a trailing slash is refused");
    let shown = errors.to_string();
    assert!(
        shown.starts_with("invalid CORS configuration in the environment (1 problem)"),
        "{shown}"
    );
    assert!(
        shown.contains(r#"- CORS_ORIGINS item 1 "https://app.example.com/""#),
        "{shown}"
    );
    assert!(
        shown.contains(r#"(help: write "https://app.example.com")"#),
        "{shown}"
    );

    let cors = runtime_config::cors([(
        runtime_config::ORIGINS_VAR,
        "https://app.example.com, https://*.example.com",
    )])
    .expect("valid origins");
    let app = test::init_service(runtime_config::app(cors)).await;
    let response = call(
        &app,
        preflight("/orders", "https://shop.example.com", "POST")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some("https://shop.example.com")
    );
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(header(&response, "access-control-max-age"), Some("600"));
}

#[test]
fn runtime_config_defaults_are_overridden_by_variables() {
    let cors = runtime_config::cors([
        ("CORS_ORIGINS", "https://app.example.com"),
        ("CORS_METHODS", "GET"),
        ("CORS_CREDENTIALS", "false"),
        ("CORS_MAX_AGE", "60"),
    ])
    .expect("a valid configuration");
    let policy = cors.policy();
    assert_eq!(policy.allow_methods(), "GET");
    assert!(!policy.credentials());
    assert_eq!(policy.max_age(), Some("60"));

    let errors = runtime_config::cors([("HOME", "/root")]).expect_err("CORS_ORIGINS is required");
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(errors.errors()[0].kind(), EnvErrorKind::Missing);
}

/// `CORS_ORIGINS=*` with the example's default `credentials(true)`: the fix names the variable
/// to set to `false` (unsetting it would keep the default), and following it works.
#[test]
fn runtime_config_star_origins_say_to_set_credentials_false() {
    let errors = runtime_config::cors([(runtime_config::ORIGINS_VAR, "*")])
        .expect_err("* with the default credentials is refused");
    assert_eq!(
        errors.to_string(),
        "invalid CORS configuration in the environment (1 problem)\n\
         - CORS_ORIGINS item 1 \"*\": \"*\" cannot be combined with credentials, which are on \
         by default (CORS_CREDENTIALS is not set): browsers reject \
         `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any origin \
         with credentials lets every site read your users' data (help: list the exact origins \
         that may send credentials, e.g. CORS_ORIGINS=https://app.example.com, or set \
         CORS_CREDENTIALS=false)"
    );
    assert_eq!(
        errors.errors()[0].kind(),
        EnvErrorKind::Policy(cors_actix::ErrorKind::WildcardOriginWithCredentials)
    );

    let cors = runtime_config::cors([
        (runtime_config::ORIGINS_VAR, "*"),
        ("CORS_CREDENTIALS", "false"),
    ])
    .expect("the suggested fix is a valid configuration");
    assert!(!cors.policy().credentials());
}

#[test]
fn runtime_config_binary_exits_non_zero_on_an_invalid_origin() {
    let output = runtime_config_command(&[(
        runtime_config::ORIGINS_VAR,
        "https://app.example.com/, example.com",
    )])
    .output()
    .expect("the example binary runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid CORS configuration in the environment (2 problems)"),
        "{stderr}"
    );
    assert!(stderr.contains("trailing slash"), "{stderr}");
}

#[actix_web::test]
async fn scopes_register_preflights_at_the_full_path() {
    let app = test::init_service(App::new().configure(scopes::configure)).await;

    let nested = call(
        &app,
        preflight(
            "/api/v1/admin/users/7",
            "https://admin.example.com",
            "DELETE",
        ),
    )
    .await;
    assert_eq!(nested.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&nested, "access-control-allow-credentials"),
        Some("true")
    );

    let users = call(
        &app,
        TestRequest::get()
            .uri("/api/v1/users")
            .insert_header(("origin", "https://app.example.com")),
    )
    .await;
    assert_eq!(
        header(&users, "access-control-allow-origin"),
        Some("https://app.example.com")
    );

    let status = call(
        &app,
        TestRequest::get()
            .uri("/status/health")
            .insert_header(("origin", "https://dashboard.example.net")),
    )
    .await;
    assert_eq!(header(&status, "access-control-allow-origin"), Some("*"));
    let status_preflight = call(
        &app,
        preflight("/status/version", "https://dashboard.example.net", "GET"),
    )
    .await;
    assert!(status_preflight.status().is_success());
}

#[actix_web::test]
async fn demo_strict_route_refuses_before_the_handler_and_diagnostics_say_why() {
    let state = demo::DemoState::default();
    let app = test::init_service(demo::api_app(state.clone())).await;

    let refused = call(
        &app,
        TestRequest::post()
            .uri("/notes/n1/delete?rid=t-strict")
            .insert_header(("origin", "http://localhost:3000"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload("confirm=yes"),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        body(refused).await,
        "CORS request rejected: origin http://localhost:3000 is not allowed",
        "the diagnostics recorder must hand the body on unchanged"
    );
    assert_eq!(state.store.note("n1").handler_runs, 0);

    let allowed = call(
        &app,
        TestRequest::delete()
            .uri("/notes/n1")
            .insert_header(("origin", "http://127.0.0.1:3000")),
    )
    .await;
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert!(state.store.note("n1").deleted);

    let log = state.diagnostics.log("t-strict");
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].rejection.as_deref(),
        Some("CORS request rejected: origin http://localhost:3000 is not allowed")
    );
}

#[actix_web::test]
async fn demo_counts_preflights_and_sends_max_age() {
    let state = demo::DemoState::default();
    let app = test::init_service(demo::api_app(state.clone())).await;

    let settings = call(
        &app,
        preflight("/settings", "http://127.0.0.1:3000", "PUT")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(settings.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&settings, "access-control-max-age"), Some("600"));

    let drafts = call(
        &app,
        preflight("/drafts", "http://127.0.0.1:3000", "PUT")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(header(&drafts, "access-control-max-age"), None);

    let counts = state.diagnostics.preflights();
    assert_eq!(counts.get("/settings"), Some(&1));
    assert_eq!(counts.get("/drafts"), Some(&1));
}

#[actix_web::test]
async fn demo_profile_sits_behind_authentication_and_its_refusals_are_readable() {
    let app = test::init_service(demo::api_app(demo::DemoState::default())).await;
    let page = "http://127.0.0.1:3000";

    // The preflight carries no token; the route's policy answers it, not the middleware.
    let response = call(
        &app,
        preflight("/profile", page, "GET")
            .insert_header(("access-control-request-headers", "authorization")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "access-control-allow-origin"), Some(page));
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("authorization")
    );

    for token in [None, Some("Bearer wrong")] {
        let mut request = TestRequest::get()
            .uri("/profile?rid=auth")
            .insert_header(("origin", page));
        if let Some(token) = token {
            request = request.insert_header(("authorization", token));
        }
        let response = call(&app, request).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(
            header(&response, "www-authenticate"),
            Some("Bearer"),
            "{token:?}"
        );
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            Some(page),
            "{token:?}"
        );
        assert_eq!(header(&response, "vary"), Some("Origin"), "{token:?}");
    }

    let response = call(
        &app,
        TestRequest::get()
            .uri("/profile?rid=auth")
            .insert_header(("origin", page))
            .insert_header(("authorization", "Bearer demo-token")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "access-control-allow-origin"), Some(page));
    assert!(body(response).await.contains("authentication middleware"));
}

#[actix_web::test]
async fn demo_routes_for_the_cases_engines_treat_differently() {
    let app = test::init_service(demo::api_app(demo::DemoState::default())).await;
    let page = "http://127.0.0.1:3000";

    // headers = ["*"] echoes the requested names, with and without credentials.
    for (path, credentials) in [("/search", None), ("/account", Some("true"))] {
        let response = call(
            &app,
            preflight(path, page, "GET")
                .insert_header(("access-control-request-headers", "authorization")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&response, "access-control-allow-headers"),
            Some("authorization"),
            "{path}"
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials"),
            credentials,
            "{path}"
        );
    }

    // max_age = 2 on /previews.
    let previews = call(
        &app,
        preflight("/previews", page, "PUT")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(header(&previews, "access-control-max-age"), Some("2"));

    // A same-origin redirect keeps the query (the rid) and carries the CORS headers.
    let moved = call(
        &app,
        TestRequest::get()
            .uri("/moved/1?rid=r1")
            .insert_header(("origin", page)),
    )
    .await;
    assert_eq!(moved.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(header(&moved, "location"), Some("/items/1?rid=r1"));
    assert_eq!(header(&moved, "access-control-allow-origin"), Some(page));

    // The cross-origin redirect names the API under the host name localhost.
    let elsewhere = call(
        &app,
        TestRequest::get()
            .uri("/elsewhere?rid=r2")
            .insert_header(("origin", page)),
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::TEMPORARY_REDIRECT);
    let location = header(&elsewhere, "location").unwrap_or_default();
    assert!(location.starts_with("http://localhost:"), "{location}");
    assert!(location.ends_with("/embed?rid=r2"), "{location}");

    // null is allowed only where allow_null_origin says so.
    let embed = call(
        &app,
        TestRequest::get()
            .uri("/embed")
            .insert_header(("origin", "null")),
    )
    .await;
    assert_eq!(header(&embed, "access-control-allow-origin"), Some("null"));
    let item = call(
        &app,
        TestRequest::get()
            .uri("/items/1")
            .insert_header(("origin", "null")),
    )
    .await;
    assert_eq!(header(&item, "access-control-allow-origin"), None);

    // The API serves the page for its own origin.
    let frame = call(&app, TestRequest::get().uri("/_demo/frame")).await;
    assert_eq!(frame.status(), StatusCode::OK);
}

#[actix_web::test]
async fn demo_wildcard_route_matches_subdomains_only() {
    let app = test::init_service(demo::api_app(demo::DemoState::default())).await;
    for (origin, allowed) in [
        ("http://a.demo.localhost:3000", true),
        ("http://a.b.demo.localhost:3000", true),
        ("http://demo.localhost:3000", false),
        ("http://a.demo.localhost:3001", false),
        ("http://127.0.0.1:3000", false),
    ] {
        let response = call(
            &app,
            TestRequest::get()
                .uri("/tenant")
                .insert_header(("origin", origin)),
        )
        .await;
        let expected = allowed.then_some(origin);
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            expected,
            "{origin}"
        );
    }
}

/// The application-scale rows: a named policy with two keys replaced, origins from the
/// environment (its default: the tests never set `DEMO_PARTNER_ORIGINS`), and an origin
/// predicate reading the store.
#[actix_web::test]
async fn demo_named_env_and_predicate_routes() {
    assert!(std::env::var_os(demo::api::PARTNER_ORIGINS_VARIABLE).is_none());
    let app = test::init_service(demo::api_app(demo::DemoState::default())).await;
    let get = |uri: &str, origin: &str| {
        TestRequest::get()
            .uri(uri)
            .insert_header(("origin", origin.to_owned()))
    };
    let acao = |response: &ServiceResponse<_>| {
        header(response, "access-control-allow-origin").map(str::to_owned)
    };

    let response = call(&app, get("/catalog", "http://127.0.0.1:3000")).await;
    assert_eq!(acao(&response).as_deref(), Some("http://127.0.0.1:3000"));
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        header(&response, "access-control-expose-headers"),
        Some("x-catalog-version")
    );
    let response = call(&app, get("/catalog", "http://localhost:3000")).await;
    assert_eq!(acao(&response), None);
    let response = call(
        &app,
        preflight("/catalog", "http://127.0.0.1:3000", "GET")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = call(&app, preflight("/catalog", "http://127.0.0.1:3000", "GET")).await;
    assert_eq!(header(&response, "access-control-max-age"), Some("60"));

    for (origin, allowed) in [
        ("http://localhost:3000", true),
        ("http://127.0.0.1:3000", false),
    ] {
        let response = call(&app, get("/partner-feed", origin)).await;
        assert_eq!(
            acao(&response).as_deref(),
            allowed.then_some(origin),
            "{origin}"
        );
    }

    for (origin, allowed) in [
        ("http://127.0.0.1:3000", true),
        ("http://a.demo.localhost:3000", true),
        ("http://demo.localhost:3000", false),
        ("http://a.demo.localhost:3001", false),
    ] {
        let response = call(&app, get("/customer", origin)).await;
        assert_eq!(
            acao(&response).as_deref(),
            allowed.then_some(origin),
            "{origin}"
        );
        assert_eq!(header(&response, "vary"), Some("Origin"), "{origin}");
    }
}

#[test]
fn demo_page_gets_the_api_address() {
    let html = demo::page::PageConfig {
        api_base: "http://127.0.0.1:9999".to_owned(),
        server: demo::page::Server::Actix,
    }
    .render();
    assert!(html.contains(r#"const API = "http://127.0.0.1:9999";"#));
    assert!(html.contains(r#"const POLICY_PORT = "3000";"#));
    assert!(html.contains("<h1>cors-actix demo:"));
    assert!(html.contains(r##"const POLICIES = "#[cors] policies";"##));
    // Every placeholder (`__NAME__`) is filled in.
    assert!(!html.contains("__"), "a placeholder was left unfilled");
}

/// `demo --cors-audit`: every annotated route of the demo's API, each a route the API serves
/// (a preflight for its first method, from the page's origin, is answered by a route: the
/// route's policy allows or refuses it, never actix's 404).
#[actix_web::test]
async fn demo_audit_lists_the_routes_the_api_serves() {
    let audit = demo::audit();
    let table = audit.to_string();
    assert_eq!(table.lines().count(), 1 + audit.entries().len(), "{table}");
    assert!(audit.entries().len() >= 20, "{table}");
    let app = test::init_service(demo::api_app(demo::DemoState::default())).await;
    for entry in audit.entries() {
        assert!(entry.module().starts_with("examples::demo"), "{table}");
        let Some(path) = entry.path() else {
            assert_eq!(entry.item(), "PAGE_APP", "the demo's one named policy");
            continue;
        };
        let path = path.replace("{id}", "1").replace("{rid}", "1");
        let method = entry.methods()[0];
        let response = app
            .call(preflight(&path, "http://127.0.0.1:3000", method).to_request())
            .await
            .unwrap();
        assert!(
            matches!(response.status().as_u16(), 200..=299 | 403),
            "{method} {path}: {}",
            response.status()
        );
        assert!(entry.policy().is_some(), "{}", entry.item());
    }
    let profile = audit
        .entries()
        .iter()
        .find(|entry| entry.item() == "profile")
        .unwrap();
    assert_eq!(profile.path(), Some("/profile"));
    assert_eq!(
        profile.policy().unwrap().headers().names(),
        ["authorization"]
    );
}

#[test]
fn demo_ports_come_from_flags_then_environment_then_defaults() {
    let no_env = |_: &str| None;
    let parse = |args: &[&str], env: &dyn Fn(&str) -> Option<String>| {
        Ports::parse(args.iter().map(|a| a.to_string()), env)
    };
    assert_eq!(
        parse(&[], &no_env),
        Ok(Some(Ports {
            api: 8080,
            page: 3000
        }))
    );

    let env = |name: &str| (name == "DEMO_API_PORT").then(|| "9000".to_owned());
    assert_eq!(
        parse(&[], &env),
        Ok(Some(Ports {
            api: 9000,
            page: 3000
        }))
    );
    assert_eq!(
        parse(&["--api-port", "0", "--page-port=4000"], &env),
        Ok(Some(Ports { api: 0, page: 4000 }))
    );
    assert_eq!(parse(&["--help"], &no_env), Ok(None));
    assert!(parse(&["--api-port", "http"], &no_env).is_err());
    assert!(parse(&["--page-port"], &no_env).is_err());
    assert!(parse(&["--verbose"], &no_env).is_err());
    // `--cors-audit` is a command of its own (the binary handles it before the ports).
    assert!(parse(&["--api-port", "0", "--cors-audit"], &no_env).is_err());
}

// ---- The runtime_config binary: configuration errors stop it before it binds ----

/// Kills the server if a test fails before it does.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `runtime_config` binary with only `PATH` and `vars` in its environment, so that
/// variables of the test run cannot change its configuration.
fn runtime_config_command(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runtime_config"));
    command.env_clear().envs(vars.iter().copied());
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
}

/// A port nothing listens on right now (the OS picked it; the listener is closed again).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
        .port()
}

/// Runs the binary with `vars` and waits, at most `limit`, for it to exit on its own.
fn run_until_exit(vars: &[(&str, &str)], limit: Duration) -> (Option<i32>, String, String) {
    let child = runtime_config_command(vars)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example binary starts");
    let mut running = Running(child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = running.0.try_wait().expect("the child can be waited for") {
            break status;
        }
        assert!(
            started.elapsed() < limit,
            "runtime_config still running after {limit:?}: it must exit on a bad configuration"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = running.0.stdout.take() {
        out.read_to_string(&mut stdout).expect("stdout is UTF-8");
    }
    if let Some(mut err) = running.0.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr is UTF-8");
    }
    (status.code(), stdout, stderr)
}

const LISTENING: &str = "runtime_config example on http://";

#[test]
fn runtime_config_binary_reports_every_bad_variable_and_never_binds() {
    // The test holds the port: a binary that tried to bind before validating would fail with
    // "address in use" instead of reporting the configuration.
    let held = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let port_text = held
        .local_addr()
        .expect("the bound address")
        .port()
        .to_string();
    let (code, stdout, stderr) = run_until_exit(
        &[
            ("PORT", &port_text),
            (
                "CORS_ORIGINS",
                "https://app.example.com/,,https://admin.example.com",
            ),
            ("CORS_CREDENTIALS", "yes"),
            ("CORS_MAX_AGE", "10m"),
            ("CORS_MAXAGE", "600"),
        ],
        Duration::from_secs(20),
    );
    assert_eq!(code, Some(1), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains(LISTENING), "{stdout}");
    for expected in [
        "error: invalid CORS configuration in the environment (5 problems)",
        "- CORS_MAXAGE is not a known variable (help: did you mean CORS_MAX_AGE?)",
        r#"- CORS_ORIGINS item 1 "https://app.example.com/": origin "https://app.example.com/" has a trailing slash (help: write "https://app.example.com")"#,
        r#"- CORS_ORIGINS item 2: empty item between two commas in "https://app.example.com/,,https://admin.example.com" (help: remove the extra comma: "https://app.example.com/,https://admin.example.com")"#,
        r#"- CORS_CREDENTIALS="yes": not a boolean (help: write true; the accepted values are true, false, 1 and 0, in lowercase)"#,
        r#"- CORS_MAX_AGE="10m": not a whole number of seconds (help: write the seconds as decimal digits, e.g. 600 (at most 86400))"#,
        "runtime_config example not started: fix the configuration above",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(
        !stderr.to_ascii_lowercase().contains("in use"),
        "the binary tried to bind before validating:\n{stderr}"
    );
    drop(held);
}

#[test]
fn runtime_config_binary_requires_cors_origins() {
    let port = free_port().to_string();
    let (code, stdout, stderr) = run_until_exit(&[("PORT", &port)], Duration::from_secs(20));
    assert_eq!(code, Some(1), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains(LISTENING), "{stdout}");
    assert!(
        stderr.contains(
            "- CORS_ORIGINS is not set and has no default (help: set it to the origins allowed to send cross-origin requests, e.g. CORS_ORIGINS=https://app.example.com,https://admin.example.com)"
        ),
        "{stderr}"
    );
    // Methods have a default, so only the origins are missing.
    assert!(stderr.contains("(1 problem)"), "{stderr}");
}

#[test]
fn runtime_config_binary_reports_a_bad_port_together_with_the_cors_problems() {
    let (code, _, stderr) = run_until_exit(
        &[("PORT", "http"), ("CORS_STRICT", "on")],
        Duration::from_secs(20),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("CORS_ORIGINS is not set"), "{stderr}");
    assert!(
        stderr.contains(r#"CORS_STRICT="on": not a boolean (help: write true;"#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"PORT="http" is not a port number"#),
        "{stderr}"
    );
}

#[test]
fn runtime_config_binary_starts_and_answers_with_a_good_configuration() {
    let child = runtime_config_command(&[
        ("PORT", "0"),
        (
            "CORS_ORIGINS",
            " https://app.example.com , https://*.example.com",
        ),
        ("CORS_MAX_AGE", "60"),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .expect("the example binary starts");
    let mut running = Running(child);

    // Read the listening line on another thread, so that a silent server fails the test
    // instead of hanging it.
    let stdout = running.0.stdout.take().expect("piped stdout");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let line = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the listening line within 30 s");
    let address = line
        .strip_prefix(LISTENING)
        .and_then(|rest| rest.strip_suffix("/orders"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    let mut stream = TcpStream::connect(address).expect("the server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    write!(
        stream,
        "OPTIONS /orders HTTP/1.1\r\nHost: {address}\r\nOrigin: https://shop.example.com\r\n\
         Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("the response is read");
    let response = response.to_ascii_lowercase();
    assert!(response.starts_with("http/1.1 204"), "{response}");
    assert!(
        response.contains("access-control-allow-origin: https://shop.example.com\r\n"),
        "{response}"
    );
    assert!(
        response.contains("access-control-max-age: 60\r\n"),
        "{response}"
    );
    assert!(
        response.contains("access-control-allow-credentials: true\r\n"),
        "{response}"
    );
}

/// `SPA_ORIGINS` is not set in this test binary: the default, any port of localhost, applies,
/// and `check()` finds nothing wrong.
#[actix_web::test]
async fn deployment_uses_the_default_when_the_variable_is_unset_and_checks_ok() {
    assert!(
        std::env::var_os("SPA_ORIGINS").is_none(),
        "this test expects SPA_ORIGINS unset"
    );
    cors_actix::check().expect("every variable of the binary is usable");
    let app = test::init_service(App::new().configure(deployment::configure)).await;
    for (path, origin) in [
        ("/me", "http://localhost:5173"),
        ("/items", "http://localhost:3000"),
    ] {
        let response = call(
            &app,
            TestRequest::get()
                .uri(path)
                .insert_header(("origin", origin)),
        )
        .await;
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            Some(origin)
        );
        assert_eq!(
            header(&response, "access-control-allow-credentials"),
            Some("true")
        );
    }
    let response = call(
        &app,
        TestRequest::get()
            .uri("/me")
            .insert_header(("origin", "https://app.example.com")),
    )
    .await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn tenants_allows_the_store_s_origins_with_credentials_and_learns_new_ones() {
    let seeded = cors_actix::Origin::parse(tenants::SEEDED).unwrap();
    let store = actix_web::web::Data::new(tenants::Tenants::new([seeded]));
    let app = test::init_service(
        App::new()
            .app_data(store.clone())
            .configure(tenants::configure),
    )
    .await;
    let from = |origin: &str| {
        TestRequest::get()
            .uri("/orders")
            .insert_header(("origin", origin))
    };
    let newcomer = "https://new.customer.example";

    for origin in [tenants::SEEDED, tenants::ADMIN] {
        let allowed = call(&app, from(origin)).await;
        assert_eq!(allowed.status(), StatusCode::OK);
        assert_eq!(
            header(&allowed, "access-control-allow-origin"),
            Some(origin)
        );
        assert_eq!(
            header(&allowed, "access-control-allow-credentials"),
            Some("true")
        );
        assert_eq!(header(&allowed, "vary"), Some("Origin"));
    }
    let unknown = call(&app, from(newcomer)).await;
    assert_eq!(header(&unknown, "access-control-allow-origin"), None);
    assert_eq!(header(&unknown, "vary"), Some("Origin"));

    // The admin front end registers the newcomer: allowed from the next request on, preflights
    // included.
    let register = TestRequest::post()
        .uri("/tenants")
        .insert_header(("origin", tenants::ADMIN))
        .insert_header(("content-type", "text/plain"))
        .set_payload(newcomer);
    assert_eq!(call(&app, register).await.status(), StatusCode::CREATED);
    let allowed = call(&app, from(newcomer)).await;
    assert_eq!(
        header(&allowed, "access-control-allow-origin"),
        Some(newcomer)
    );
    let answered = call(
        &app,
        preflight("/orders", newcomer, "POST")
            .insert_header(("access-control-request-headers", "content-type")),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&answered, "access-control-allow-origin"),
        Some(newcomer)
    );
    let refused = call(&app, preflight("/orders", newcomer, "DELETE")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let malformed = TestRequest::post()
        .uri("/tenants")
        .insert_header(("content-type", "text/plain"))
        .set_payload("https://New.customer.example/");
    assert_eq!(
        call(&app, malformed).await.status(),
        StatusCode::BAD_REQUEST
    );
}
