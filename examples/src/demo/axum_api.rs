//! The demo API again, on axum with `cors-tower`: the same routes ([`super::routes::ROUTES`]),
//! the same policies, the same answers, so that the same page and the same browser matrix pass
//! against it. `cargo run -p examples --bin demo-axum`.
//!
//! Each route's policy is a `cors_tower::policy!` layer on the route's `MethodRouter`, checked
//! at compile time like the `#[cors]` attributes of [`super::api`]. Where one path has handlers
//! with different policies (`GET` and `POST /comments`, `GET` and `PUT /items/{id}`), the
//! policies are joined with [`CorsLayer::or`](cors_tower::CorsLayer::or): each request, and each
//! preflight, is judged by the policy listing its method. Every policy names its `methods`,
//! because `policy!` has no routing attribute to read them from and would otherwise allow
//! `GET, HEAD, POST`; so `Access-Control-Allow-Methods` is the same as the actix build's.
//!
//! The data ([`Store`]), the answers' bodies and the diagnostics log ([`Diagnostics`]) are the
//! actix build's; only the glue is axum's. One difference a browser cannot see: a preflight for
//! a method no handler of the path serves (the page's `PATCH /items/2`) is refused here with the
//! layer's `403 CORS preflight rejected: method PATCH is not allowed`, where actix answers
//! 404 because no route admits it; either way the browser blocks the call.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use cors_tower::policy;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::api::{self, Answer, ItemUpdate, NewComment, SESSION_COOKIE, Store};
use super::diagnostics::{Diagnostics, Entry, REASON_LIMIT, rid};
use super::page::{PageConfig, Server};
use super::{DEFAULT_PAGE_PORT, Ports, cannot_listen, routes};

/// The usage text of the `demo-axum` binary.
pub const USAGE: &str = "\
usage: demo-axum [--api-port N] [--page-port N]

Runs the demo with its API on axum and cors-tower: the same routes, policies and page as
`demo` (cors-actix), served by axum.

  --api-port N    API port (default 8080, env DEMO_API_PORT; 0 = any free port)
  --page-port N   page port (default 3000, env DEMO_PAGE_PORT; 0 = any free port).
                  The policy! layers name page origins on port 3000: on another port
                  the rows expected to be allowed turn red (the page explains why).
";

/// What the API's handlers share: the demo's data, its diagnostics, and the address the API is
/// bound to (for the redirect to another host name and the same-origin frame).
#[derive(Clone)]
pub struct ApiState {
    /// Sessions, items, notes, likes and comments, as in the actix build.
    pub store: Arc<Store>,
    /// What the API saw: the request log and the preflight counts.
    pub diagnostics: Arc<Diagnostics>,
    /// The API's own address, e.g. `127.0.0.1:8080`.
    pub addr: SocketAddr,
}

impl ApiState {
    /// Empty data and diagnostics for an API bound to `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        ApiState {
            store: Arc::default(),
            diagnostics: Arc::default(),
            addr,
        }
    }
}

/// The API: every route of [`routes::ROUTES`] with its policy, and the recorder that feeds the
/// diagnostics.
pub fn api_router(state: ApiState) -> Router {
    Router::new()
        .route("/", get(index))
        .route(
            "/public",
            get(public).layer(policy!(origins = ["*"], methods = ["GET"])),
        )
        .route(
            "/session",
            post(login).get(whoami).layer(
                policy!(
                    origins = ["http://127.0.0.1:3000"],
                    methods = ["POST"],
                    credentials
                )
                .or(policy!(
                    origins = ["http://127.0.0.1:3000"],
                    methods = ["GET"],
                    credentials
                )),
            ),
        )
        .route(
            "/items/{id}",
            get(get_item).put(put_item).layer(
                policy!(origins = ["http://127.0.0.1:3000"], methods = ["GET"]).or(policy!(
                    origins = ["http://127.0.0.1:3000"],
                    methods = ["PUT"],
                    headers = ["x-api-key", "content-type"],
                    expose = ["x-request-id"],
                )),
            ),
        )
        .route(
            "/tenant",
            get(tenant).layer(policy!(
                origins = ["http://*.demo.localhost:3000"],
                methods = ["GET"]
            )),
        )
        .route(
            "/me",
            get(me).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"],
                headers = ["authorization"],
            )),
        )
        .route(
            "/profile",
            // The layer added last is the outermost: the policy answers the preflight before
            // the authentication sees it, and decorates its 401s.
            get(profile)
                .layer::<_, Infallible>(middleware::from_fn(require_bearer_token))
                .layer(policy!(
                    origins = ["http://127.0.0.1:3000"],
                    methods = ["GET"],
                    headers = ["authorization"],
                )),
        )
        .route(
            "/reports",
            get(reports).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"],
                headers = ["x-api-key"],
            )),
        )
        .route(
            "/comments",
            // Two policies on one path: anyone reads, only the page posts.
            get(list_comments).post(add_comment).layer(
                policy!(origins = ["*"], methods = ["GET"]).or(policy!(
                    origins = ["http://127.0.0.1:3000"],
                    methods = ["POST"],
                    headers = ["content-type"],
                )),
            ),
        )
        .route(
            "/notes/{id}",
            delete(delete_note).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["DELETE"],
                headers = ["x-csrf-token"],
                strict,
            )),
        )
        .route(
            "/notes/{id}/delete",
            post(delete_note).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["POST"],
                strict
            )),
        )
        .route(
            "/likes/{id}",
            post(like).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["POST"]
            )),
        )
        .route(
            "/settings",
            put(save).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["PUT"],
                headers = ["content-type"],
                max_age = 600,
            )),
        )
        .route(
            "/drafts",
            put(save).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["PUT"],
                headers = ["content-type"],
            )),
        )
        .route(
            "/previews",
            put(save).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["PUT"],
                headers = ["content-type"],
                max_age = 2,
            )),
        )
        .route(
            "/search",
            get(search).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"],
                headers = ["*"],
            )),
        )
        .route(
            "/account",
            get(account).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"],
                headers = ["*"],
                credentials,
            )),
        )
        .route(
            "/moved/{id}",
            get(moved).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"]
            )),
        )
        .route(
            "/elsewhere",
            get(elsewhere).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"]
            )),
        )
        .route(
            "/embed",
            get(embed).layer(policy!(
                origins = ["http://127.0.0.1:3000", "null"],
                methods = ["GET"],
                allow_null_origin,
            )),
        )
        .route(
            "/_demo/log/{rid}",
            get(log).layer(policy!(origins = ["*"], methods = ["GET"])),
        )
        .route(
            "/_demo/preflights",
            get(preflights).layer(policy!(origins = ["*"], methods = ["GET"])),
        )
        .route(
            "/_demo/notes/{id}",
            get(note).layer(policy!(origins = ["*"], methods = ["GET"])),
        )
        .route(
            "/_demo/likes/{id}",
            get(likes).layer(policy!(origins = ["*"], methods = ["GET"])),
        )
        // `cors_tower::policy!` takes no named policy: the keys `PAGE_APP` and the route's
        // overrides add up to, written out.
        .route(
            "/catalog",
            get(catalog).layer(policy!(
                origins = ["http://127.0.0.1:3000"],
                methods = ["GET"],
                credentials,
                expose = ["x-catalog-version"],
                max_age = 60,
            )),
        )
        // Origins from the deployment, read at startup (`run` refuses to start on a bad value);
        // should the variable be unusable here, the route gets no CORS at all, as the actix
        // build's route then allows no origin.
        .route(
            "/partner-feed",
            match partner_feed_layer() {
                Ok(layer) => get(partner_feed).layer(layer),
                Err(_) => get(partner_feed),
            },
        )
        // cors-tower has no origin predicate: the customers' origins are listed.
        .route(
            "/customer",
            get(customer).layer(policy!(
                origins = ["http://127.0.0.1:3000", "http://a.demo.localhost:3000"],
                methods = ["GET"],
            )),
        )
        .route("/_demo/frame", get(frame))
        // Router-level, so it runs after routing (the matched pattern is known, for the
        // preflight counts) and outside every route's CORS layer: it sees the final response,
        // including the preflight answers and the 403 refusals.
        .layer(middleware::from_fn_with_state(
            state.diagnostics.clone(),
            record,
        ))
        .with_state(state)
}

/// The page server: the same document as the actix build's, at `/` and `/frame`.
pub fn page_router(config: PageConfig) -> Router {
    let html: Arc<str> = config.render().into();
    Router::new()
        .route("/", get(serve_page))
        .route("/frame", get(serve_page))
        .with_state(html)
}

async fn serve_page(State(html): State<Arc<str>>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        // Each run makes fresh calls; a cached page would only confuse.
        (header::CACHE_CONTROL, "no-store"),
    ];
    (headers, html.to_string()).into_response()
}

/// Serves the API and the page until the process is stopped, printing their addresses first,
/// in the words of the actix build (the end-to-end suite reads the `API:` and `Page:` lines).
pub async fn run(ports: Ports) -> std::io::Result<()> {
    // Every configuration problem before anything is bound.
    partner_feed_layer().map_err(std::io::Error::other)?;
    let api = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, ports.api))
        .await
        .map_err(|error| cannot_listen("API", ports.api, "--api-port / DEMO_API_PORT", error))?;
    let api_addr = api.local_addr()?;
    let page = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, ports.page))
        .await
        .map_err(|error| {
            cannot_listen("page", ports.page, "--page-port / DEMO_PAGE_PORT", error)
        })?;
    let page_addr = page.local_addr()?;
    let api_base = format!("http://{api_addr}");

    println!("API:  {api_base}/");
    println!("Page: http://{page_addr}/");
    println!(
        "Hint: open the page in a browser; it calls the API (axum and cors-tower) from another origin and every row should turn green (Ctrl-C stops both)."
    );
    if page_addr.port() != DEFAULT_PAGE_PORT {
        println!(
            "Note: the policy! layers name page origins on port {DEFAULT_PAGE_PORT}; on port {} the rows expected to be allowed turn red.",
            page_addr.port()
        );
    }

    let page_config = PageConfig {
        api_base,
        server: Server::Axum,
    };
    let api_server = axum::serve(api, api_router(ApiState::new(api_addr)));
    let page_server = axum::serve(page, page_router(page_config));
    tokio::try_join!(api_server.into_future(), page_server.into_future())?;
    Ok(())
}

// ---- The recorder ----

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Middleware (for `axum::middleware::from_fn_with_state`) that logs every request with its
/// answer, as the actix build's `diagnostics::record` does; reads back the body of 403s only.
async fn record(
    State(diagnostics): State<Arc<Diagnostics>>,
    request: Request,
    next: Next,
) -> Response {
    let mut entry = Entry::received(request.method().as_str(), request.uri().path(), |name| {
        text(request.headers(), name)
    });
    let rid = request.uri().query().and_then(rid);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| entry.path.clone(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    entry.answered(response.status().as_u16(), |name| {
        text(response.headers(), name)
    });
    let response = if entry.status == 403 {
        let (parts, body) = response.into_parts();
        match to_bytes(body, REASON_LIMIT).await {
            Ok(bytes) => {
                entry.rejected_with(Some(String::from_utf8_lossy(&bytes).into_owned()));
                // Put the body back, so the browser still receives it unchanged.
                Response::from_parts(parts, Body::from(bytes))
            }
            // Too long or unreadable: the body is gone, so answer what the failure means.
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        response
    };
    diagnostics.note(rid, route, entry);
    response
}

// ---- Handlers: the actix build's answers, in axum's types ----

/// An [`Answer`] as a JSON response, serialised as actix's `HttpResponse::json` does.
fn json_answer((status, body): Answer) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, json_body(&body)).into_response()
}

/// A JSON body with actix's content type, serialised directly (a struct keeps its field order,
/// as with actix's `HttpResponse::json`, where a detour through `Value` would sort the keys).
fn json_body<T: Serialize>(body: &T) -> impl IntoResponse + use<T> {
    let text = serde_json::to_string(body).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], text)
}

/// A 200 with `body` as JSON.
fn json_ok<T: Serialize>(body: &T) -> Response {
    json_body(body).into_response()
}

/// A request a handler cannot serve: its status and a plain-text reason (small, unlike a
/// `Response`, so that handlers can return it with `?`).
type Refusal = (StatusCode, String);

/// Parses a JSON request body as actix's `web::Json` does: `application/json` (with or
/// without parameters) and a body that deserialises, else 400.
fn json_request<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, Refusal> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err((StatusCode::BAD_REQUEST, "Content type error".to_owned()));
    }
    serde_json::from_slice(body).map_err(|error| {
        (
            StatusCode::BAD_REQUEST,
            format!("Json deserialize error: {error}"),
        )
    })
}

fn bytes<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a [u8]> {
    headers.get(name).map(HeaderValue::as_bytes)
}

fn session(headers: &HeaderMap) -> Option<String> {
    api::cookie(
        headers
            .get_all(header::COOKIE)
            .into_iter()
            .map(HeaderValue::as_bytes),
        SESSION_COOKIE,
    )
}

/// A path id the route declares as a number: actix answers 404 when it is not one.
fn numeric(id: &str) -> Result<usize, Refusal> {
    id.parse()
        .map_err(|_| (StatusCode::NOT_FOUND, format!("{id:?} is not a number")))
}

async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        routes::index(Server::Axum.name()),
    )
        .into_response()
}

async fn public() -> Response {
    json_answer((200, api::public_data()))
}

async fn login(State(state): State<ApiState>) -> Response {
    let session = state.store.start_session();
    (
        [(header::SET_COOKIE, api::session_cookie(&session))],
        json_body(&json!({ "session": session })),
    )
        .into_response()
}

async fn whoami(headers: HeaderMap) -> Response {
    json_answer((200, json!({ "session": session(&headers) })))
}

async fn get_item(Path(id): Path<String>) -> Result<Response, Refusal> {
    Ok(json_answer(api::item(numeric(&id)?)))
}

async fn put_item(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let id = numeric(&id)?;
    let update: ItemUpdate = json_request(&headers, &body)?;
    let mut response = json_answer(api::item_update(bytes(&headers, "x-api-key"), id, update));
    let request_id = HeaderValue::from_str(&state.store.next_request_id())
        .unwrap_or(HeaderValue::from_static("req-0"));
    let (trace_name, trace_value) = api::INTERNAL_TRACE;
    let response_headers = response.headers_mut();
    response_headers.insert(api::REQUEST_ID_HEADER, request_id);
    response_headers.insert(trace_name, HeaderValue::from_static(trace_value));
    Ok(response)
}

async fn catalog() -> Response {
    let mut response = json_ok(&api::catalog_data());
    let (name, value) = api::CATALOG_VERSION;
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
    response
}

async fn partner_feed() -> Response {
    json_ok(&api::partner_feed_data())
}

async fn customer(headers: HeaderMap) -> Response {
    json_ok(&api::customer_greeting(bytes(&headers, "origin")))
}

/// The layer of `GET /partner-feed`: its origins from `DEMO_PARTNER_ORIGINS`, or the default.
pub fn partner_feed_layer() -> Result<cors_tower::CorsLayer, String> {
    let origins = api::partner_origins().map_err(|errors| errors.to_string())?;
    cors_tower::CorsLayer::from_spec(
        cors_tower::PolicySpec::new()
            .origins(origins)
            .methods(["GET"]),
    )
    .map_err(|errors| format!("{}: {errors}", api::PARTNER_ORIGINS_VARIABLE))
}

async fn tenant(headers: HeaderMap) -> Response {
    json_answer((200, api::tenant_greeting(bytes(&headers, "origin"))))
}

async fn me(headers: HeaderMap) -> Response {
    json_answer(api::signed_in_user(bytes(&headers, "authorization")))
}

async fn profile() -> Response {
    json_answer(api::authenticated_profile())
}

/// The authentication in front of `GET /profile`, answering as the actix build's bearer
/// middleware does: the demo token passes, anything else gets `401` with `WWW-Authenticate:
/// Bearer` and no body.
async fn require_bearer_token(request: Request, next: Next) -> Response {
    let expected = format!("Bearer {}", api::BEARER_TOKEN);
    if bytes(request.headers(), "authorization") == Some(expected.as_bytes()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response()
    }
}

async fn reports(headers: HeaderMap) -> Response {
    json_answer(api::report_list(bytes(&headers, "x-api-key")))
}

async fn list_comments(State(state): State<ApiState>) -> Response {
    json_answer((200, json!({ "comments": state.store.comments() })))
}

async fn add_comment(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let comment: NewComment = json_request(&headers, &body)?;
    Ok(json_answer(api::comment_added(&state.store, comment)))
}

/// Both `strict` delete routes: `DELETE /notes/{id}` and the form's `POST /notes/{id}/delete`.
async fn delete_note(State(state): State<ApiState>, Path(id): Path<String>) -> StatusCode {
    state.store.delete_note(&id);
    StatusCode::NO_CONTENT
}

async fn like(State(state): State<ApiState>, Path(id): Path<String>) -> Response {
    json_answer((200, json!({ "likes": state.store.like(&id) })))
}

/// `PUT /settings`, `/drafts` and `/previews`: they differ only in their policies.
async fn save(headers: HeaderMap, body: Bytes) -> Result<Response, Refusal> {
    let body: Value = json_request(&headers, &body)?;
    Ok(json_answer((200, api::saved(body))))
}

async fn search(headers: HeaderMap) -> Response {
    json_answer(api::search_results(bytes(&headers, "authorization")))
}

async fn account(headers: HeaderMap) -> Response {
    json_answer(api::account_of(
        bytes(&headers, "authorization"),
        session(&headers),
    ))
}

fn redirect(location: String) -> Response {
    (
        StatusCode::TEMPORARY_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

async fn moved(Path(id): Path<String>, uri: Uri) -> Result<Response, Refusal> {
    let id = numeric(&id)?;
    Ok(redirect(api::moved_location(id, uri.query().unwrap_or(""))))
}

async fn elsewhere(State(state): State<ApiState>, uri: Uri) -> Response {
    redirect(api::elsewhere_location(
        state.addr.port(),
        uri.query().unwrap_or(""),
    ))
}

async fn embed(headers: HeaderMap) -> Response {
    json_answer((200, api::widget(bytes(&headers, "origin"))))
}

// ---- Diagnostics endpoints ----

async fn log(State(state): State<ApiState>, Path(rid): Path<String>) -> Response {
    json_ok(&state.diagnostics.log(&rid))
}

async fn preflights(State(state): State<ApiState>) -> Response {
    json_ok(&state.diagnostics.preflights())
}

async fn note(State(state): State<ApiState>, Path(id): Path<String>) -> Response {
    json_ok(&state.store.note(&id))
}

async fn likes(State(state): State<ApiState>, Path(id): Path<String>) -> Response {
    json_answer((200, json!({ "likes": state.store.likes(&id) })))
}

/// The page served from the API's own origin, for the same-origin row; the API base is the
/// address the API is bound to, never a request header.
async fn frame(State(state): State<ApiState>) -> Response {
    let config = PageConfig {
        api_base: format!("http://{}", state.addr),
        server: Server::Axum,
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        config.render(),
    )
        .into_response()
}
