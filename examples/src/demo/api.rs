//! The demo API: one annotated route per CORS situation the page exercises, and the data and
//! answers it shares with the axum build of the same API ([`super::axum_api`]).
//!
//! The page's own origin is `http://127.0.0.1:3000` (see the [module docs](super) for why the
//! port is fixed); `http://localhost:3000` and `http://demo.localhost:3000` are never allowed
//! except by the `*` routes.
//!
//! | route | policy | what it shows |
//! |---|---|---|
//! | `GET /public` | `origins = ["*"]` | readable from anywhere, but not with `credentials: "include"` |
//! | `POST /session`, `GET /session` | the page origin, `credentials` | a cookie set and read across origins |
//! | `GET /items/{id}` | the page origin | a 404 the page can still read |
//! | `PUT /items/{id}` | custom request headers, one exposed response header | preflights, `X-Request-Id` readable, `X-Internal-Trace` not |
//! | `GET /tenant` | `http://*.demo.localhost:3000` | whole-label subdomain matching, never the apex |
//! | `GET /me` | `headers = ["authorization"]` | a bearer token allowed because it is listed |
//! | `GET /profile` | `headers = ["authorization"]`, bearer authentication middleware in front of the handler | the preflight passes the middleware, its 401s are readable |
//! | `GET /reports` | `headers = ["x-api-key"]` | `Authorization` refused because it is not |
//! | `GET /comments`, `POST /comments` | `*` for GET, the page origin for POST | two policies on one path |
//! | `DELETE /notes/{id}`, `POST /notes/{id}/delete` | the page origin, `strict` (DELETE: `headers = ["x-csrf-token"]`) | a disallowed origin never reaches the handler |
//! | `POST /likes/{id}` | the page origin | without `strict`, a simple request still runs the handler |
//! | `PUT /settings` | `max_age = 600` | the browser caches the preflight |
//! | `PUT /drafts` | no `max_age` | the browser's 5-second default |
//! | `PUT /previews` | `max_age = 2` | a cached preflight that expires: sent again after 2 s |
//! | `GET /search` | `headers = ["*"]` | `Authorization` allowed: `*` echoes the requested names |
//! | `GET /account` | `headers = ["*"]`, `credentials` | the same with cookies: an echo, never a literal `*` |
//! | `GET /moved/{id}` | the page origin | a 307 to `/items/{id}` on the same API origin |
//! | `GET /elsewhere` | the page origin | a 307 to the API under another host name: the browser then sends `Origin: null` |
//! | `GET /embed` | the page origin and `"null"`, `allow_null_origin` | sandboxed frames and cross-origin redirects |
//! | `GET /catalog` | the named policy `PAGE_APP` (the page origin, `credentials`, `max_age = 600`) with `expose` and `max_age` replaced | a policy declared once, overridden per route |
//! | `GET /partner-feed` | `origins = env("DEMO_PARTNER_ORIGINS", default = ["http://localhost:3000"])` | origins from the deployment; the default when the variable is unset |
//! | `GET /customer` | the page origin, `origin_fn = is_customer` | an origin known only at run time (the store's customers) |

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::{Error, HttpRequest, HttpResponse, delete, get, post, put, web};
use actix_web_httpauth::extractors::AuthenticationError;
use actix_web_httpauth::extractors::bearer::{BearerAuth, Config};
use actix_web_httpauth::middleware::HttpAuthentication;
use cors_actix::{Origin, cors, cors_policy};
use serde::Deserialize;
use serde_json::{Value, json};

use super::routes;

/// The session cookie the credentialed routes set and read.
pub const SESSION_COOKIE: &str = "demo_session";

/// The `X-Api-Key` value `PUT /items/{id}` and `GET /reports` accept.
pub const API_KEY: &str = "demo-key";

/// The bearer token `GET /me` accepts.
pub const BEARER_TOKEN: &str = "demo-token";

/// How many notes, likes and comments the store remembers, so a long-running demo stays small.
const REMEMBERED: usize = 1000;

/// The demo's data. Everything is in memory and starts empty.
#[derive(Default)]
pub struct Store {
    sessions: AtomicU64,
    request_ids: AtomicU64,
    notes: Mutex<BoundedMap<NoteState>>,
    likes: Mutex<BoundedMap<u64>>,
    comments: Mutex<VecDeque<String>>,
}

/// What happened to one note: notes exist until deleted, so any id can be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct NoteState {
    /// Whether a delete handler removed it.
    pub deleted: bool,
    /// How many times a delete handler ran for it.
    pub handler_runs: u64,
}

/// A map that forgets its oldest keys beyond [`REMEMBERED`] entries.
struct BoundedMap<V> {
    values: BTreeMap<String, V>,
    order: VecDeque<String>,
}

impl<V> Default for BoundedMap<V> {
    fn default() -> Self {
        BoundedMap {
            values: BTreeMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<V: Default> BoundedMap<V> {
    fn entry(&mut self, key: &str) -> &mut V {
        if !self.values.contains_key(key) {
            if self.order.len() == REMEMBERED
                && let Some(oldest) = self.order.pop_front()
            {
                self.values.remove(&oldest);
            }
            self.order.push_back(key.to_owned());
        }
        self.values.entry(key.to_owned()).or_default()
    }
}

impl<V: Copy + Default> BoundedMap<V> {
    fn get(&self, key: &str) -> V {
        self.values.get(key).copied().unwrap_or_default()
    }
}

impl Store {
    /// Whether `origin` is one of [`CUSTOMER_ORIGINS`]. The origin is canonical (lowercase, no
    /// default port), so comparing the text is exact.
    pub fn is_customer(&self, origin: &Origin) -> bool {
        CUSTOMER_ORIGINS.contains(&origin.as_str())
    }

    /// Starts a session: the value of its cookie (`s1`, `s2`, ...).
    pub fn start_session(&self) -> String {
        format!("s{}", self.sessions.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// The next `X-Request-Id` of `PUT /items/{id}` (`req-1`, `req-2`, ...).
    pub fn next_request_id(&self) -> String {
        format!(
            "req-{}",
            self.request_ids.fetch_add(1, Ordering::Relaxed) + 1
        )
    }

    /// The comments posted so far, oldest first.
    pub fn comments(&self) -> Vec<String> {
        lock(&self.comments).iter().cloned().collect()
    }

    /// Adds a comment, forgetting the oldest beyond the store's limit; returns how many there are.
    pub fn add_comment(&self, text: String) -> usize {
        let mut comments = lock(&self.comments);
        if comments.len() == REMEMBERED {
            comments.pop_front();
        }
        comments.push_back(text);
        comments.len()
    }

    /// Counts a like for `id`; returns the new count.
    pub fn like(&self, id: &str) -> u64 {
        let mut likes = lock(&self.likes);
        let count = likes.entry(id);
        *count += 1;
        *count
    }

    /// The state of note `id`, as the `strict` delete handlers left it.
    pub fn note(&self, id: &str) -> NoteState {
        lock(&self.notes).get(id)
    }

    /// How many times `POST /likes/{id}` ran for `id`.
    pub fn likes(&self, id: &str) -> u64 {
        lock(&self.likes).get(id)
    }

    /// What a `strict` delete handler does: marks note `id` deleted and counts the run.
    pub fn delete_note(&self, id: &str) {
        let mut notes = lock(&self.notes);
        let note = notes.entry(id);
        note.deleted = true;
        note.handler_runs += 1;
    }
}

/// Locks a mutex even if a handler panicked while holding it: the demo data stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Registers every route of the API.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(api_index)
        .service(public)
        .service(login)
        .service(whoami)
        .service(get_item)
        .service(put_item)
        .service(tenant)
        .service(me)
        .service(profile)
        .service(reports)
        .service(list_comments)
        .service(add_comment)
        .service(delete_note)
        .service(delete_note_form)
        .service(like)
        .service(put_settings)
        .service(put_draft)
        .service(put_preview)
        .service(search)
        .service(account)
        .service(moved)
        .service(elsewhere)
        .service(embed)
        .service(catalog)
        .service(partner_feed)
        .service(customer);
}

/// A plain-text map of the API for someone who opens it directly; no CORS needed.
#[get("/")]
async fn api_index() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(routes::index("cors-actix"))
}

/// Public data: any origin may read it, but `*` can never carry credentials.
#[cors(origins = ["*"])]
#[get("/public")]
async fn public() -> HttpResponse {
    json_answer((200, public_data()))
}

/// Starts a session by setting a cookie. The browser stores it for a cross-origin response only
/// when the request used `credentials: "include"` and the response passed the CORS check.
#[cors(origins = ["http://127.0.0.1:3000"], credentials)]
#[post("/session")]
async fn login(store: web::Data<Store>) -> HttpResponse {
    let session = store.start_session();
    HttpResponse::Ok()
        .insert_header((header::SET_COOKIE, session_cookie(&session)))
        .json(json!({ "session": session }))
}

/// Tells which session cookie, if any, came with the request.
#[cors(origins = ["http://127.0.0.1:3000"], credentials)]
#[get("/session")]
async fn whoami(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "session": actix_cookie(&req) }))
}

/// One item, or a 404 that still carries the CORS headers, so the page can read the error.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/items/{id}")]
async fn get_item(id: web::Path<usize>) -> HttpResponse {
    json_answer(item(id.into_inner()))
}

/// The body of `PUT /items/{id}`.
#[derive(Deserialize)]
pub struct ItemUpdate {
    /// The item's new name.
    pub name: String,
}

/// Updates an item. JSON and `X-Api-Key` make the browser send a preflight first; the response
/// carries `X-Request-Id` (exposed, so scripts can read it) and `X-Internal-Trace` (not exposed,
/// so the browser hides it).
#[cors(
    origins = ["http://127.0.0.1:3000"],
    headers = ["x-api-key", "content-type"],
    expose = ["x-request-id"]
)]
#[put("/items/{id}")]
async fn put_item(
    req: HttpRequest,
    id: web::Path<usize>,
    body: web::Json<ItemUpdate>,
    store: web::Data<Store>,
) -> HttpResponse {
    let (status, body) = item_update(
        req.headers().get("x-api-key").map(|v| v.as_bytes()),
        id.into_inner(),
        body.into_inner(),
    );
    HttpResponse::build(status_code(status))
        .insert_header((REQUEST_ID_HEADER, store.next_request_id()))
        .insert_header(INTERNAL_TRACE)
        .json(body)
}

/// A per-tenant greeting, for every `http://<tenant>.demo.localhost:3000` page.
#[cors(origins = ["http://*.demo.localhost:3000"])]
#[get("/tenant")]
async fn tenant(req: HttpRequest) -> HttpResponse {
    let origin = req.headers().get(header::ORIGIN).map(|v| v.as_bytes());
    HttpResponse::Ok().json(tenant_greeting(origin))
}

/// The signed-in user, for a bearer token: `Authorization` is listed, so the preflight allows it.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["authorization"])]
#[get("/me")]
async fn me(req: HttpRequest) -> HttpResponse {
    json_answer(signed_in_user(authorization(&req)))
}

/// The profile, behind `actix-web-httpauth`'s bearer middleware as the route's `wrap`. The
/// route's policy sits outside it: the preflight (which carries no token) is answered before the
/// middleware sees it, and the middleware's 401 carries the CORS headers, so the page can read
/// it. The handler only runs with the demo token.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["authorization"])]
#[get("/profile", wrap = "HttpAuthentication::bearer(validate_token)")]
async fn profile() -> HttpResponse {
    json_answer(authenticated_profile())
}

/// The bearer middleware's validator: the demo token, or the same 401 (`WWW-Authenticate:
/// Bearer`, no body) the middleware answers when there is no token at all.
async fn validate_token(
    request: ServiceRequest,
    credentials: BearerAuth,
) -> Result<ServiceRequest, (Error, ServiceRequest)> {
    if credentials.token() == BEARER_TOKEN {
        Ok(request)
    } else {
        Err((AuthenticationError::from(Config::default()).into(), request))
    }
}

/// Reports behind an API key. `Authorization` is not listed, so a preflight asking for it fails.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["x-api-key"])]
#[get("/reports")]
async fn reports(req: HttpRequest) -> HttpResponse {
    json_answer(report_list(
        req.headers().get("x-api-key").map(|v| v.as_bytes()),
    ))
}

/// Anyone may read the comments...
#[cors(origins = ["*"])]
#[get("/comments")]
async fn list_comments(store: web::Data<Store>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "comments": store.comments() }))
}

/// The body of `POST /comments`.
#[derive(Deserialize)]
pub struct NewComment {
    /// The comment.
    pub text: String,
}

/// ...but only the page may post one: same path, another policy.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"])]
#[post("/comments")]
async fn add_comment(store: web::Data<Store>, body: web::Json<NewComment>) -> HttpResponse {
    json_answer(comment_added(&store, body.into_inner()))
}

/// Deletes a note; the page sends an `X-Csrf-Token` header, so `headers` lists it. `strict`: a
/// cross-origin request from any other origin gets a 403 before this handler runs, so the note
/// survives even requests the browser never preflights.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["x-csrf-token"], strict)]
#[delete("/notes/{id}")]
async fn delete_note(id: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    store.delete_note(&id);
    HttpResponse::NoContent().finish()
}

/// The same deletion for HTML forms, which cannot send DELETE. A form-encoded POST is a simple
/// request: browsers send it without a preflight, which is exactly what `strict` guards against.
#[cors(origins = ["http://127.0.0.1:3000"], strict)]
#[post("/notes/{id}/delete")]
async fn delete_note_form(id: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    store.delete_note(&id);
    HttpResponse::NoContent().finish()
}

/// Counts a like. Not `strict`: a simple POST from another origin runs this handler, and the
/// browser only hides the response from the calling page.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[post("/likes/{id}")]
async fn like(id: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "likes": store.like(&id) }))
}

/// Saves settings. `max_age = 600` lets the browser reuse the preflight for ten minutes.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"], max_age = 600)]
#[put("/settings")]
async fn put_settings(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(saved(body.into_inner()))
}

/// Saves a draft. Without `max_age` the browser keeps the preflight for its default 5 seconds.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"])]
#[put("/drafts")]
async fn put_draft(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(saved(body.into_inner()))
}

/// Saves a preview. `max_age = 2`: two calls within 2 s share a preflight, a later one sends a
/// new preflight because the cached one expired.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"], max_age = 2)]
#[put("/previews")]
async fn put_preview(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(saved(body.into_inner()))
}

/// Searches with a bearer token. `headers = ["*"]` echoes the requested header names, so the
/// preflight answers `Access-Control-Allow-Headers: authorization`: a literal `*` would not cover
/// `Authorization` by the Fetch standard, whatever an engine does with it.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["*"])]
#[get("/search")]
async fn search(req: HttpRequest) -> HttpResponse {
    json_answer(search_results(authorization(&req)))
}

/// The account, with a bearer token and cookies. With credentials a literal `*` is only a header
/// named `*`; the echo of `headers = ["*"]` still allows `Authorization`.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["*"], credentials)]
#[get("/account")]
async fn account(req: HttpRequest) -> HttpResponse {
    json_answer(account_of(authorization(&req), actix_cookie(&req)))
}

/// Moved: a 307 to `/items/{id}` on this same API origin. The redirect response carries the CORS
/// headers, so the browser follows it and the page reads the item.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/moved/{id}")]
async fn moved(req: HttpRequest, id: web::Path<usize>) -> HttpResponse {
    HttpResponse::TemporaryRedirect()
        .insert_header((
            header::LOCATION,
            moved_location(id.into_inner(), req.query_string()),
        ))
        .finish()
}

/// A 307 to `/embed` on this API under another host name (`localhost` instead of `127.0.0.1`):
/// after a redirect to another origin, the browser sends `Origin: null` (the Fetch standard's
/// tainted origin), which only a route with `allow_null_origin` accepts.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/elsewhere")]
async fn elsewhere(req: HttpRequest) -> HttpResponse {
    let port = req.app_config().local_addr().port();
    HttpResponse::TemporaryRedirect()
        .insert_header((
            header::LOCATION,
            elsewhere_location(port, req.query_string()),
        ))
        .finish()
}

/// An embeddable widget's data, for the page and for opaque origins: sandboxed frames and
/// requests redirected across origins send `Origin: null`. Answers with the `Origin` it saw.
#[cors(origins = ["http://127.0.0.1:3000", "null"], allow_null_origin)]
#[get("/embed")]
async fn embed(req: HttpRequest) -> HttpResponse {
    let origin = req.headers().get(header::ORIGIN).map(|v| v.as_bytes());
    HttpResponse::Ok().json(widget(origin))
}

cors_policy! {
    /// The page's single-page app: what most of its routes would share.
    pub PAGE_APP: origins = ["http://127.0.0.1:3000"], credentials, max_age = 600;
}

/// The catalogue, under the page-app policy with two keys replaced: a key written on the route
/// replaces the policy's, every other key (the origin, `credentials`) comes from the policy.
#[cors(policy = PAGE_APP, expose = ["x-catalog-version"], max_age = 60)]
#[get("/catalog")]
async fn catalog() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CATALOG_VERSION)
        .json(catalog_data())
}

/// A feed for partners, whose origins differ per deployment: read from `DEMO_PARTNER_ORIGINS`
/// once per process, `http://localhost:3000` when it is unset. [`super::run`] checks the
/// variable before binding.
#[cors(origins = env("DEMO_PARTNER_ORIGINS", default = ["http://localhost:3000"]))]
#[get("/partner-feed")]
async fn partner_feed() -> HttpResponse {
    HttpResponse::Ok().json(partner_feed_data())
}

/// Data for the store's customers, each calling from a domain of its own: the page's origin is
/// listed; any other is asked about with `is_customer`, which reads the store.
#[cors(origins = ["http://127.0.0.1:3000"], origin_fn = is_customer)]
#[get("/customer")]
async fn customer(req: HttpRequest) -> HttpResponse {
    let origin = req.headers().get(header::ORIGIN).map(|v| v.as_bytes());
    HttpResponse::Ok().json(customer_greeting(origin))
}

/// Whether `origin` is a customer's: asked only about well-formed origins the policy does not
/// list, with the request, whose `app_data` holds the store.
fn is_customer(origin: &Origin, request: &HttpRequest) -> bool {
    request
        .app_data::<web::Data<Store>>()
        .is_some_and(|store| store.is_customer(origin))
}

// ---- The actix side of the shared answers ----

/// An [`Answer`] as an actix JSON response.
fn json_answer((status, body): Answer) -> HttpResponse {
    HttpResponse::build(status_code(status)).json(body)
}

/// A status of the shared answers, all of which are valid codes.
fn status_code(status: u16) -> actix_web::http::StatusCode {
    actix_web::http::StatusCode::from_u16(status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR)
}

fn authorization(req: &HttpRequest) -> Option<&[u8]> {
    req.headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
}

fn actix_cookie(req: &HttpRequest) -> Option<String> {
    cookie(
        req.headers().get_all(header::COOKIE).map(|v| v.as_bytes()),
        SESSION_COOKIE,
    )
}

// ---- The answers, shared with the axum build: framework-agnostic, over header bytes ----

/// A status and a JSON body, which each build turns into its own response.
pub type Answer = (u16, Value);

/// `X-Request-Id`, which `PUT /items/{id}` sets and exposes.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// `X-Internal-Trace` and its value, which `PUT /items/{id}` sets and does not expose.
pub const INTERNAL_TRACE: (&str, &str) = ("x-internal-trace", "worker=1;db=primary");

/// The customers' origins: what a database of customer domains would hold.
pub const CUSTOMER_ORIGINS: [&str; 1] = ["http://a.demo.localhost:3000"];

/// The variable `GET /partner-feed` reads its origins from.
pub const PARTNER_ORIGINS_VARIABLE: &str = "DEMO_PARTNER_ORIGINS";

/// The origins of `GET /partner-feed` when [`PARTNER_ORIGINS_VARIABLE`] is unset.
pub const PARTNER_ORIGINS_DEFAULT: [&str; 1] = ["http://localhost:3000"];

/// `X-Catalog-Version` and its value, which `GET /catalog` sets and exposes.
pub const CATALOG_VERSION: (&str, &str) = ("x-catalog-version", "7");

/// The body of `GET /catalog`.
pub fn catalog_data() -> Value {
    json!({ "catalog": ITEMS })
}

/// The body of `GET /partner-feed`.
pub fn partner_feed_data() -> Value {
    json!({ "feed": "partner news" })
}

/// `GET /customer`: the customer is the `Origin`'s host.
pub fn customer_greeting(origin: Option<&[u8]>) -> Value {
    let host = origin
        .and_then(|origin| std::str::from_utf8(origin).ok())
        .and_then(|origin| origin.strip_prefix("http://"))
        .unwrap_or("nobody");
    json!({ "customer": host })
}

/// `GET /partner-feed`'s origins, as the axum build reads them (the actix build's attribute
/// reads the same variable with the same grammar): the variable's list, or the default when it
/// is unset.
pub fn partner_origins() -> Result<Vec<String>, cors_actix::EnvErrors> {
    match std::env::var_os(PARTNER_ORIGINS_VARIABLE) {
        Some(value) => cors_actix::EnvConfig::read_origin_list(PARTNER_ORIGINS_VARIABLE, &value),
        None => Ok(PARTNER_ORIGINS_DEFAULT.map(str::to_owned).to_vec()),
    }
}

/// The body of `GET /public`.
pub fn public_data() -> Value {
    json!({ "message": "public data, readable from any origin" })
}

/// The `Set-Cookie` value that starts `session`.
pub fn session_cookie(session: &str) -> String {
    // SameSite=Lax is enough: the page and the API share the site 127.0.0.1.
    format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600")
}

/// Reads cookie `name` from the values of the `Cookie` header(s).
pub fn cookie<'a>(values: impl IntoIterator<Item = &'a [u8]>, name: &str) -> Option<String> {
    values
        .into_iter()
        .filter_map(|value| std::str::from_utf8(value).ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether a header carried exactly `expected`.
fn is(value: Option<&[u8]>, expected: &str) -> bool {
    value == Some(expected.as_bytes())
}

/// Whether an `Authorization` value is the demo's bearer token.
fn bearer(authorization: Option<&[u8]>) -> bool {
    is(authorization, &format!("Bearer {BEARER_TOKEN}"))
}

const ITEMS: [&str; 3] = ["keyboard", "monitor", "lamp"];

/// `GET /items/{id}`: the item, or a 404 naming it.
pub fn item(id: usize) -> Answer {
    match id.checked_sub(1).and_then(|position| ITEMS.get(position)) {
        Some(name) => (200, json!({ "id": id, "name": name })),
        None => (404, json!({ "error": format!("no item {id}") })),
    }
}

/// `PUT /items/{id}` with the request's `X-Api-Key`: 200, or 401 without the demo key.
pub fn item_update(api_key: Option<&[u8]>, id: usize, update: ItemUpdate) -> Answer {
    let status = if is(api_key, API_KEY) { 200 } else { 401 };
    (status, json!({ "id": id, "name": update.name }))
}

/// `GET /tenant`: the tenant is the first label of the `Origin`'s host (the policy already
/// vetted the origin; it is only read for the greeting).
pub fn tenant_greeting(origin: Option<&[u8]>) -> Value {
    let name = origin
        .and_then(|origin| std::str::from_utf8(origin).ok())
        .and_then(|origin| origin.strip_prefix("http://"))
        .and_then(|host| host.split('.').next())
        .unwrap_or("nobody");
    json!({ "tenant": name })
}

/// `GET /me` with the request's `Authorization`.
pub fn signed_in_user(authorization: Option<&[u8]>) -> Answer {
    if bearer(authorization) {
        (200, json!({ "user": "demo" }))
    } else {
        (401, json!({ "error": "missing or wrong bearer token" }))
    }
}

/// `GET /profile`, once the authentication middleware in front of it let the request through.
pub fn authenticated_profile() -> Answer {
    (
        200,
        json!({ "user": "demo", "via": "authentication middleware" }),
    )
}

/// `GET /reports` with the request's `X-Api-Key`.
pub fn report_list(api_key: Option<&[u8]>) -> Answer {
    if is(api_key, API_KEY) {
        (200, json!({ "reports": ["q1", "q2"] }))
    } else {
        (401, json!({ "error": "missing or wrong X-Api-Key" }))
    }
}

/// `POST /comments`: stores the comment, 201 with the count.
pub fn comment_added(store: &Store, comment: NewComment) -> Answer {
    (201, json!({ "count": store.add_comment(comment.text) }))
}

/// The body of the `PUT` routes that save what they were sent.
pub fn saved(body: Value) -> Value {
    json!({ "saved": body })
}

/// `GET /search` with the request's `Authorization`.
pub fn search_results(authorization: Option<&[u8]>) -> Answer {
    if bearer(authorization) {
        (200, json!({ "results": ["keyboard"] }))
    } else {
        (401, json!({ "error": "missing or wrong bearer token" }))
    }
}

/// `GET /account` with the request's `Authorization` and session cookie.
pub fn account_of(authorization: Option<&[u8]>, session: Option<String>) -> Answer {
    if bearer(authorization) {
        (200, json!({ "account": "demo", "session": session }))
    } else {
        (401, json!({ "error": "missing or wrong bearer token" }))
    }
}

/// Where `GET /moved/{id}` redirects: the item, keeping the query (the page's `rid`).
pub fn moved_location(id: usize, query: &str) -> String {
    if query.is_empty() {
        format!("/items/{id}")
    } else {
        format!("/items/{id}?{query}")
    }
}

/// Where `GET /elsewhere` redirects: `/embed` on the API's `port`, by the host name `localhost`.
pub fn elsewhere_location(port: u16, query: &str) -> String {
    let separator = if query.is_empty() { "" } else { "?" };
    format!("http://localhost:{port}/embed{separator}{query}")
}

/// `GET /embed`: the widget, and the `Origin` it was asked from.
pub fn widget(origin: Option<&[u8]>) -> Value {
    let origin = origin.map(|origin| String::from_utf8_lossy(origin).into_owned());
    json!({ "widget": "weather", "origin": origin })
}
