//! The axum side of the examples, through `tower::ServiceExt::oneshot`: the `axum_routes`
//! example, and the axum build of the demo API, which must answer every route of the shared
//! route table exactly as the actix build does (the same probe requests are sent to both).

use std::collections::BTreeMap;
use std::net::SocketAddr;

use actix_web::test::{self, TestRequest};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use cors_tower::ErrorKind;
use examples::axum_routes::{self, ADMIN, EDITOR};
use examples::demo::axum_api::{self, ApiState};
use examples::demo::page::{PageConfig, Server};
use examples::demo::{self, routes};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PAGE: &str = "http://127.0.0.1:3000";
const OTHER: &str = "http://localhost:3000";
const TENANT: &str = "http://a.demo.localhost:3000";

/// What a response said, in a form both frameworks' responses convert to.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    status: u16,
    /// The headers a browser's verdict or the page depends on, by lowercase name.
    headers: BTreeMap<String, String>,
    body: String,
}

/// The headers compared between the two builds: every CORS header, `Vary`, and the ones the
/// page or the handlers' answers depend on. (axum's `Allow` on answers for a method the route
/// does not serve, and `Date`, are framework details.)
fn compared(name: &str) -> bool {
    name.starts_with("access-control-")
        || matches!(
            name,
            "vary"
                | "content-type"
                | "location"
                | "set-cookie"
                | "x-request-id"
                | "x-internal-trace"
                | "x-content-type-options"
        )
}

async fn axum_call(app: &Router, request: Request<Body>) -> Seen {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("a router never fails");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| compared(name.as_str()))
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body is read")
        .to_bytes();
    Seen {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A request with an optional `Origin`, the given extra headers and body.
fn axum_request(
    method: &str,
    uri: &str,
    origin: Option<&str>,
    headers: &[(&str, &str)],
    body: &str,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8080");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .body(Body::from(body.to_owned()))
        .expect("a valid request")
}

fn preflight(uri: &str, origin: &str, method: &str) -> Request<Body> {
    axum_request(
        "OPTIONS",
        uri,
        Some(origin),
        &[("access-control-request-method", method)],
        "",
    )
}

fn header<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.headers.get(name).map(String::as_str)
}

fn partners() -> cors_tower::CorsLayer {
    axum_routes::partner_policy("https://partner.example.org, https://*.partner.example.org")
        .expect("valid partner origins")
}

// ---- The axum_routes example ----

#[tokio::test]
async fn axum_routes_judges_each_preflight_by_the_policy_of_its_method() {
    let app = axum_routes::app(partners());

    // GET is public...
    let list = axum_call(&app, axum_request("GET", "/articles", Some(ADMIN), &[], "")).await;
    assert_eq!(list.status, 200);
    assert_eq!(header(&list, "access-control-allow-origin"), Some("*"));
    assert_eq!(list.body, "[1, 2, 3]");

    // ...POST on the same path is for the editor only.
    let create = axum_call(&app, preflight("/articles", EDITOR, "POST")).await;
    assert_eq!(create.status, 204);
    assert_eq!(header(&create, "access-control-allow-origin"), Some(EDITOR));
    assert_eq!(
        header(&create, "access-control-allow-methods"),
        Some("POST")
    );
    let refused = axum_call(&app, preflight("/articles", ADMIN, "POST")).await;
    assert_eq!(refused.status, 403);
    assert_eq!(header(&refused, "access-control-allow-origin"), None);
    assert_eq!(
        refused.body,
        "CORS preflight rejected: origin https://admin.example.com is not allowed"
    );

    // Three policies on /articles/{id}: PUT for the editor, DELETE for the admin, with cookies.
    let update = axum_call(&app, preflight("/articles/1", EDITOR, "PUT")).await;
    assert_eq!(update.status, 204);
    assert_eq!(header(&update, "access-control-allow-methods"), Some("PUT"));
    assert_eq!(
        header(&update, "access-control-allow-credentials"),
        None,
        "the PUT policy has no credentials"
    );
    let delete_by_editor = axum_call(&app, preflight("/articles/1", EDITOR, "DELETE")).await;
    assert_eq!(delete_by_editor.status, 403);
    let delete_by_admin = axum_call(&app, preflight("/articles/1", ADMIN, "DELETE")).await;
    assert_eq!(delete_by_admin.status, 204);
    assert_eq!(
        header(&delete_by_admin, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        header(&delete_by_admin, "access-control-allow-methods"),
        Some("DELETE")
    );
}

#[tokio::test]
async fn axum_routes_strict_delete_never_reaches_the_handler_from_another_origin() {
    let app = axum_routes::app(partners());

    let refused = axum_call(
        &app,
        axum_request("DELETE", "/articles/1", Some(EDITOR), &[], ""),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body,
        "CORS request rejected: origin https://editor.example.com is not allowed"
    );

    let deleted = axum_call(
        &app,
        axum_request("DELETE", "/articles/1", Some(ADMIN), &[], ""),
    )
    .await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, "article 1 deleted");
    assert_eq!(header(&deleted, "access-control-allow-origin"), Some(ADMIN));
    assert_eq!(
        header(&deleted, "access-control-allow-credentials"),
        Some("true")
    );
}

#[tokio::test]
async fn axum_routes_plain_options_reaches_the_handler() {
    let app = axum_routes::app(partners());

    // No Access-Control-Request-Method: not a preflight, so the application answers it, with
    // or without an Origin. Its response is decorated as any other: no policy lists OPTIONS, so
    // the first (GET, `*`) judges it and adds `*`; no preflight header is sent.
    for origin in [None, Some("https://evil.example")] {
        let plain = axum_call(
            &app,
            axum_request("OPTIONS", "/articles/1", origin, &[], ""),
        )
        .await;
        assert_eq!(plain.status, 204, "{origin:?}");
        assert_eq!(header(&plain, "access-control-allow-origin"), Some("*"));
        assert_eq!(header(&plain, "access-control-allow-methods"), None);
        assert_eq!(header(&plain, "access-control-max-age"), None);
        assert_eq!(plain.body, "");
    }
    let app_response = app
        .clone()
        .oneshot(axum_request("OPTIONS", "/articles/1", None, &[], ""))
        .await
        .expect("a router never fails");
    assert_eq!(
        app_response.headers().get("allow").map(|v| v.as_bytes()),
        Some(&b"GET, PUT, DELETE"[..]),
        "the Allow header comes from the `describe` handler"
    );

    // The same path with Access-Control-Request-Method is a preflight, answered by the layer.
    let preflight = axum_call(
        &app,
        preflight("/articles/1", "https://evil.example", "GET"),
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(header(&preflight, "access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn axum_routes_runtime_policy_serves_partners_and_reports_bad_origins() {
    let app = axum_routes::app(partners());
    let allowed = axum_call(
        &app,
        preflight("/partners", "https://eu.partner.example.org", "GET")
            .tap_header("access-control-request-headers", "x-api-key"),
    )
    .await;
    assert_eq!(allowed.status, 204);
    assert_eq!(
        header(&allowed, "access-control-allow-origin"),
        Some("https://eu.partner.example.org")
    );
    assert_eq!(
        header(&allowed, "access-control-allow-headers"),
        Some("x-api-key")
    );
    assert_eq!(header(&allowed, "access-control-max-age"), Some("600"));

    let other = axum_call(
        &app,
        axum_request("GET", "/partners", Some("https://example.org"), &[], ""),
    )
    .await;
    assert_eq!(other.status, 200, "not strict: the handler runs");
    assert_eq!(header(&other, "access-control-allow-origin"), None);
    assert_eq!(header(&other, "vary"), Some("Origin"));

    let errors = axum_routes::partner_policy("https://partner.example.org/, partner.example.org")
        .expect_err("a trailing slash and a missing scheme are refused");
    assert_eq!(errors.errors().len(), 2, "{errors}");
    let shown = errors.to_string();
    assert!(shown.contains("trailing slash"), "{shown}");
    assert!(
        shown.contains(r#"(help: write "https://partner.example.org")"#),
        "{shown}"
    );
    let empty = axum_routes::partner_policy("").expect_err("no origins");
    assert!(
        empty
            .errors()
            .iter()
            .any(|error| error.kind() == ErrorKind::EmptyOrigins),
        "{empty}"
    );
}

/// Adds a header to a built request (the helpers above build whole requests).
trait TapHeader {
    fn tap_header(self, name: &'static str, value: &'static str) -> Self;
}

impl TapHeader for Request<Body> {
    fn tap_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers_mut()
            .append(name, axum::http::HeaderValue::from_static(value));
        self
    }
}

// ---- The axum build of the demo API ----

/// The address the actix test server reports as its own (`AppConfig`'s default), so that the
/// redirect to `localhost:<port>` and the same-origin frame read the same in both builds.
fn api_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// One request sent to both builds.
struct Probe {
    method: &'static str,
    uri: String,
    origin: Option<&'static str>,
    headers: Vec<(&'static str, &'static str)>,
}

/// Every probe sent to both builds: for each route of the table, a preflight for its method
/// with several sets of requested headers (from every demo origin, the API's own and `null`)
/// and an actual request (from those and without `Origin`). An `OPTIONS` without `Origin` is not
/// a preflight but a plain `OPTIONS`, which neither build routes (actix answers 404, axum 405),
/// and neither has a policy for `/_demo/frame`, whose preflights get the same 404 and 405.
fn probes() -> Vec<Probe> {
    let origins = [
        Some(PAGE),
        Some(OTHER),
        Some(TENANT),
        Some("http://demo.localhost:3000"),
        Some("null"),
        Some("http://127.0.0.1:8080"),
        None,
    ];
    let requested = [
        None,
        Some("content-type"),
        Some("authorization"),
        Some("x-api-key,content-type"),
        Some("x-csrf-token"),
        Some("x-debug"),
    ];
    let mut probes = Vec::new();
    for route in routes::ROUTES {
        for origin in origins {
            // `/_demo/frame` has no policy, so no preflight of it can succeed in either build.
            let preflighted = origin.is_some() && route.policy.is_some();
            for headers in requested.into_iter().filter(|_| preflighted) {
                let mut preflight = vec![("access-control-request-method", route.method)];
                preflight.extend(headers.map(|names| ("access-control-request-headers", names)));
                probes.push(Probe {
                    method: "OPTIONS",
                    uri: route.example.to_owned(),
                    origin,
                    headers: preflight,
                });
            }
            let actual = |headers| Probe {
                method: route.method,
                uri: format!("{}?rid=probe", route.example),
                origin,
                headers,
            };
            probes.push(actual(vec![
                ("content-type", "application/json"),
                ("x-api-key", examples::demo::api::API_KEY),
                ("authorization", "Bearer demo-token"),
                ("cookie", "demo_session=s7"),
                ("x-csrf-token", "1"),
            ]));
            // Without credentials: the refusals (a 401 from `/me`'s handler or from the
            // authentication in front of `/profile`, a missing session) must match too.
            probes.push(actual(vec![
                ("content-type", "application/json"),
                ("authorization", "Bearer wrong"),
            ]));
        }
    }
    probes
}

#[actix_web::test]
async fn demo_axum_answers_every_route_as_the_actix_demo_does() {
    let actix = test::init_service(demo::api_app(demo::DemoState::default())).await;
    let axum = axum_api::api_router(ApiState::new(api_addr()));
    let body = r#"{"name":"desk","text":"hello"}"#;

    let mut compared_probes = 0;
    for Probe {
        method,
        uri,
        origin,
        headers,
    } in probes()
    {
        let mut request = TestRequest::default()
            .method(actix_web::http::Method::from_bytes(method.as_bytes()).expect("a method"))
            .uri(&uri)
            .insert_header(("host", "127.0.0.1:8080"))
            .set_payload(body);
        if let Some(origin) = origin {
            request = request.insert_header(("origin", origin));
        }
        for (name, value) in &headers {
            request = request.insert_header((*name, *value));
        }
        let response = test::call_service(&actix, request.to_request()).await;
        let status = response.status().as_u16();
        let actix_headers = response
            .headers()
            .iter()
            .filter(|(name, _)| compared(name.as_str()))
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let actix_body = test::read_body(response).await;
        let from_actix = Seen {
            status,
            headers: actix_headers,
            body: String::from_utf8_lossy(&actix_body).into_owned(),
        };

        let mut from_actix = from_actix;
        let mut from_axum =
            axum_call(&axum, axum_request(method, &uri, origin, &headers, body)).await;
        if uri.starts_with("/_demo/frame") && from_axum.status == 200 {
            // The page names the build that serves it; everything else in it is the same.
            let page = |server| {
                PageConfig {
                    api_base: "http://127.0.0.1:8080".to_owned(),
                    server,
                }
                .render()
            };
            assert_eq!(from_actix.body, page(Server::Actix));
            assert_eq!(from_axum.body, page(Server::Axum));
            from_actix.body.clear();
            from_axum.body.clear();
        }
        assert_eq!(
            from_axum, from_actix,
            "{method} {uri} from {origin:?} with {headers:?}: axum (left) and actix (right) differ"
        );
        if method != "OPTIONS" {
            assert!(
                !matches!(from_axum.status, 404 | 405),
                "{method} {uri}: the route is not served"
            );
        }
        compared_probes += 1;
    }
    // Per route: 6 origins x 6 sets of requested headers (routes with a policy), and 7 actual
    // requests with credentials and 7 without.
    let with_policy = routes::ROUTES.iter().filter(|route| route.policy.is_some());
    assert_eq!(
        compared_probes,
        with_policy.count() * 6 * 6 + routes::ROUTES.len() * 7 * 2
    );
}

#[tokio::test]
async fn demo_axum_preflight_for_an_unserved_method_is_refused_by_the_layer() {
    // The documented difference: no actix route on this path admits a PATCH preflight;
    // the axum layer wraps the whole path and refuses the method. The browser blocks both.
    let axum = axum_api::api_router(ApiState::new(api_addr()));
    let patch = axum_call(&axum, preflight("/items/2?rid=patch", PAGE, "PATCH")).await;
    assert_eq!(patch.status, 403);
    assert_eq!(header(&patch, "access-control-allow-origin"), None);
    assert_eq!(
        patch.body,
        "CORS preflight rejected: method PATCH is not allowed"
    );
}

#[tokio::test]
async fn demo_axum_strict_route_refuses_before_the_handler_and_diagnostics_say_why() {
    let state = ApiState::new(api_addr());
    let app = axum_api::api_router(state.clone());

    let refused = axum_call(
        &app,
        axum_request(
            "POST",
            "/notes/n1/delete?rid=t-strict",
            Some(OTHER),
            &[("content-type", "application/x-www-form-urlencoded")],
            "confirm=yes",
        ),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body, "CORS request rejected: origin http://localhost:3000 is not allowed",
        "the recorder must hand the body on unchanged"
    );
    assert_eq!(state.store.note("n1").handler_runs, 0);

    // The API's own origin: strict lets same-origin requests through.
    let same_origin = axum_call(
        &app,
        axum_request(
            "POST",
            "/notes/n2/delete",
            Some("http://127.0.0.1:8080"),
            &[],
            "",
        ),
    )
    .await;
    assert_eq!(same_origin.status, 204);
    assert_eq!(state.store.note("n2").handler_runs, 1);

    let log = state.diagnostics.log("t-strict");
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].rejection.as_deref(),
        Some("CORS request rejected: origin http://localhost:3000 is not allowed")
    );
    assert_eq!(log[0].origin.as_deref(), Some(OTHER));
}

#[tokio::test]
async fn demo_axum_counts_preflights_by_route_pattern() {
    let state = ApiState::new(api_addr());
    let app = axum_api::api_router(state.clone());
    for path in ["/items/1", "/items/2", "/settings"] {
        let method = if path == "/items/1" { "GET" } else { "PUT" };
        let answer = axum_call(&app, preflight(path, PAGE, method)).await;
        assert_eq!(answer.status, 204, "{path}");
    }
    let plain = axum_call(&app, axum_request("GET", "/settings", Some(PAGE), &[], "")).await;
    assert_eq!(plain.status, 405, "not a preflight, and PUT only");
    let counts = state.diagnostics.preflights();
    assert_eq!(counts.get("/items/{id}"), Some(&2));
    assert_eq!(counts.get("/settings"), Some(&1));
    assert_eq!(counts.len(), 2, "{counts:?}");
}

#[tokio::test]
async fn demo_axum_redirects_and_frame_use_the_bound_address() {
    let app = axum_api::api_router(ApiState::new(SocketAddr::from(([127, 0, 0, 1], 4567))));
    let elsewhere = axum_call(
        &app,
        axum_request("GET", "/elsewhere?rid=r2", Some(PAGE), &[], ""),
    )
    .await;
    assert_eq!(elsewhere.status, 307);
    assert_eq!(
        header(&elsewhere, "location"),
        Some("http://localhost:4567/embed?rid=r2")
    );
    assert_eq!(
        header(&elsewhere, "access-control-allow-origin"),
        Some(PAGE)
    );

    let frame = axum_call(&app, axum_request("GET", "/_demo/frame", None, &[], "")).await;
    assert_eq!(frame.status, 200);
    assert!(
        frame
            .body
            .contains(r#"const API = "http://127.0.0.1:4567";"#)
    );
    assert!(frame.body.contains("<h1>cors-tower (axum) demo:"));
}

#[tokio::test]
async fn demo_axum_page_server_serves_the_shared_page() {
    let config = PageConfig {
        api_base: "http://127.0.0.1:9999".to_owned(),
        server: Server::Axum,
    };
    let app = axum_api::page_router(config.clone());
    for path in ["/", "/frame"] {
        let page = axum_call(
            &app,
            Request::builder()
                .method(Method::GET)
                .uri(path)
                .body(Body::empty())
                .expect("a request"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK.as_u16(), "{path}");
        assert_eq!(
            header(&page, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(page.body, config.render(), "{path}");
    }
    let html = config.render();
    assert!(html.contains("layered with <code>cors_tower::policy!(..)</code>"));
    assert!(html.contains(r#"const POLICY_SOURCE = "examples/src/demo/axum_api.rs";"#));
    assert!(!html.contains("__"), "a placeholder was left unfilled");
}

// ---- The demo-axum binary, as a process on a real socket ----

/// Kills the server if a test fails before it does.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn demo_axum_binary_prints_its_addresses_and_answers_a_preflight() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    use std::time::Duration;

    let child = Command::new(env!("CARGO_BIN_EXE_demo-axum"))
        .args(["--api-port", "0", "--page-port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the demo-axum binary starts");
    let mut running = Running(child);

    // Read the output on another thread, so that a silent server fails the test instead of
    // hanging it. The end-to-end suite reads these same two lines.
    let stdout = running.0.stdout.take().expect("piped stdout");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next = || {
        received
            .recv_timeout(Duration::from_secs(30))
            .expect("a line within 30 s")
    };
    let api_line = next();
    let page_line = next();
    let api = api_line
        .strip_prefix("API:  http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {api_line:?}"));
    assert!(
        page_line.starts_with("Page: http://127.0.0.1:"),
        "{page_line}"
    );

    let mut stream = std::net::TcpStream::connect(api).expect("the API accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    write!(
        stream,
        "OPTIONS /settings HTTP/1.1\r\nHost: {api}\r\nOrigin: http://127.0.0.1:3000\r\n\
         Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type\r\n\
         Connection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("the response is read");
    let response = response.to_ascii_lowercase();
    assert!(response.starts_with("http/1.1 204"), "{response}");
    assert!(
        response.contains("access-control-allow-origin: http://127.0.0.1:3000\r\n"),
        "{response}"
    );
    assert!(
        response.contains("access-control-max-age: 600\r\n"),
        "{response}"
    );
}
