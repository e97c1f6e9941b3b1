//! The demo API: one annotated route per CORS situation the page exercises.
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

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use cors_actix::cors;
use serde::Deserialize;
use serde_json::json;

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
    /// The state of note `id`, as the `strict` delete handlers left it.
    pub fn note(&self, id: &str) -> NoteState {
        lock(&self.notes).get(id)
    }

    /// How many times `POST /likes/{id}` ran for `id`.
    pub fn likes(&self, id: &str) -> u64 {
        lock(&self.likes).get(id)
    }

    fn delete_note(&self, id: &str) {
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
        .service(embed);
}

/// A plain-text map of the API for someone who opens it directly; no CORS needed.
#[get("/")]
async fn api_index() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(concat!(
            "cors-actix demo API. Open the demo page (printed at startup, by default ",
            "http://127.0.0.1:3000/) to see these routes called from another origin.\n\n",
            "GET /public, POST|GET /session, GET|PUT /items/{id}, GET /tenant, GET /me, ",
            "GET /reports, GET|POST /comments, DELETE /notes/{id}, POST /notes/{id}/delete, ",
            "POST /likes/{id}, PUT /settings, PUT /drafts, PUT /previews, GET /search, ",
            "GET /account, GET /moved/{id}, GET /elsewhere, GET /embed\n",
            "Demo diagnostics: GET /_demo/log/{rid}, /_demo/preflights, /_demo/notes/{id}, ",
            "/_demo/likes/{id}\n",
        ))
}

/// Public data: any origin may read it, but `*` can never carry credentials.
#[cors(origins = ["*"])]
#[get("/public")]
async fn public() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "message": "public data, readable from any origin" }))
}

/// Starts a session by setting a cookie. The browser stores it for a cross-origin response only
/// when the request used `credentials: "include"` and the response passed the CORS check.
#[cors(origins = ["http://127.0.0.1:3000"], credentials)]
#[post("/session")]
async fn login(store: web::Data<Store>) -> HttpResponse {
    let session = format!("s{}", store.sessions.fetch_add(1, Ordering::Relaxed) + 1);
    HttpResponse::Ok()
        .insert_header((
            header::SET_COOKIE,
            // SameSite=Lax is enough: the page and the API share the site 127.0.0.1.
            format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600"),
        ))
        .json(json!({ "session": session }))
}

/// Tells which session cookie, if any, came with the request.
#[cors(origins = ["http://127.0.0.1:3000"], credentials)]
#[get("/session")]
async fn whoami(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "session": cookie(&req, SESSION_COOKIE) }))
}

/// Reads one cookie from the `Cookie` header(s).
fn cookie(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

const ITEMS: [&str; 3] = ["keyboard", "monitor", "lamp"];

/// One item, or a 404 that still carries the CORS headers, so the page can read the error.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/items/{id}")]
async fn get_item(id: web::Path<usize>) -> HttpResponse {
    let id = id.into_inner();
    match id.checked_sub(1).and_then(|position| ITEMS.get(position)) {
        Some(name) => HttpResponse::Ok().json(json!({ "id": id, "name": name })),
        None => HttpResponse::NotFound().json(json!({ "error": format!("no item {id}") })),
    }
}

/// The body of `PUT /items/{id}`.
#[derive(Deserialize)]
struct ItemUpdate {
    name: String,
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
    let request_id = store.request_ids.fetch_add(1, Ordering::Relaxed) + 1;
    let mut response =
        if req.headers().get("x-api-key").map(|v| v.as_bytes()) == Some(API_KEY.as_bytes()) {
            HttpResponse::Ok()
        } else {
            HttpResponse::Unauthorized()
        };
    response
        .insert_header(("x-request-id", format!("req-{request_id}")))
        .insert_header(("x-internal-trace", "worker=1;db=primary"))
        .json(json!({ "id": id.into_inner(), "name": body.into_inner().name }))
}

/// A per-tenant greeting, for every `http://<tenant>.demo.localhost:3000` page.
#[cors(origins = ["http://*.demo.localhost:3000"])]
#[get("/tenant")]
async fn tenant(req: HttpRequest) -> HttpResponse {
    // The policy already vetted the origin before this runs; it is only read for the greeting.
    let tenant = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|origin| origin.to_str().ok())
        .and_then(|origin| origin.strip_prefix("http://"))
        .and_then(|host| host.split('.').next())
        .unwrap_or("nobody");
    HttpResponse::Ok().json(json!({ "tenant": tenant }))
}

/// The signed-in user, for a bearer token: `Authorization` is listed, so the preflight allows it.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["authorization"])]
#[get("/me")]
async fn me(req: HttpRequest) -> HttpResponse {
    let expected = format!("Bearer {BEARER_TOKEN}");
    if req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
        == Some(expected.as_bytes())
    {
        HttpResponse::Ok().json(json!({ "user": "demo" }))
    } else {
        HttpResponse::Unauthorized().json(json!({ "error": "missing or wrong bearer token" }))
    }
}

/// Reports behind an API key. `Authorization` is not listed, so a preflight asking for it fails.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["x-api-key"])]
#[get("/reports")]
async fn reports(req: HttpRequest) -> HttpResponse {
    if req.headers().get("x-api-key").map(|v| v.as_bytes()) == Some(API_KEY.as_bytes()) {
        HttpResponse::Ok().json(json!({ "reports": ["q1", "q2"] }))
    } else {
        HttpResponse::Unauthorized().json(json!({ "error": "missing or wrong X-Api-Key" }))
    }
}

/// Anyone may read the comments...
#[cors(origins = ["*"])]
#[get("/comments")]
async fn list_comments(store: web::Data<Store>) -> HttpResponse {
    let comments: Vec<String> = lock(&store.comments).iter().cloned().collect();
    HttpResponse::Ok().json(json!({ "comments": comments }))
}

/// The body of `POST /comments`.
#[derive(Deserialize)]
struct NewComment {
    text: String,
}

/// ...but only the page may post one: same path, another policy.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"])]
#[post("/comments")]
async fn add_comment(store: web::Data<Store>, body: web::Json<NewComment>) -> HttpResponse {
    let mut comments = lock(&store.comments);
    if comments.len() == REMEMBERED {
        comments.pop_front();
    }
    comments.push_back(body.into_inner().text);
    HttpResponse::Created().json(json!({ "count": comments.len() }))
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
    let mut likes = lock(&store.likes);
    let count = likes.entry(&id);
    *count += 1;
    HttpResponse::Ok().json(json!({ "likes": *count }))
}

/// Saves settings. `max_age = 600` lets the browser reuse the preflight for ten minutes.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"], max_age = 600)]
#[put("/settings")]
async fn put_settings(body: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "saved": body.into_inner() }))
}

/// Saves a draft. Without `max_age` the browser keeps the preflight for its default 5 seconds.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"])]
#[put("/drafts")]
async fn put_draft(body: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "saved": body.into_inner() }))
}

/// Saves a preview. `max_age = 2`: two calls within 2 s share a preflight, a later one sends a
/// new preflight because the cached one expired.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["content-type"], max_age = 2)]
#[put("/previews")]
async fn put_preview(body: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "saved": body.into_inner() }))
}

/// Whether the request carried the demo's bearer token.
fn bearer(req: &HttpRequest) -> bool {
    let expected = format!("Bearer {BEARER_TOKEN}");
    req.headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes())
        == Some(expected.as_bytes())
}

/// Searches with a bearer token. `headers = ["*"]` echoes the requested header names, so the
/// preflight answers `Access-Control-Allow-Headers: authorization`: a literal `*` would not cover
/// `Authorization` by the Fetch standard, whatever an engine does with it.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["*"])]
#[get("/search")]
async fn search(req: HttpRequest) -> HttpResponse {
    if bearer(&req) {
        HttpResponse::Ok().json(json!({ "results": ["keyboard"] }))
    } else {
        HttpResponse::Unauthorized().json(json!({ "error": "missing or wrong bearer token" }))
    }
}

/// The account, with a bearer token and cookies. With credentials a literal `*` is only a header
/// named `*`; the echo of `headers = ["*"]` still allows `Authorization`.
#[cors(origins = ["http://127.0.0.1:3000"], headers = ["*"], credentials)]
#[get("/account")]
async fn account(req: HttpRequest) -> HttpResponse {
    if bearer(&req) {
        HttpResponse::Ok()
            .json(json!({ "account": "demo", "session": cookie(&req, SESSION_COOKIE) }))
    } else {
        HttpResponse::Unauthorized().json(json!({ "error": "missing or wrong bearer token" }))
    }
}

/// Moved: a 307 to `/items/{id}` on this same API origin. The redirect response carries the CORS
/// headers, so the browser follows it and the page reads the item.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/moved/{id}")]
async fn moved(req: HttpRequest, id: web::Path<usize>) -> HttpResponse {
    let query = req.query_string();
    let location = if query.is_empty() {
        format!("/items/{id}")
    } else {
        format!("/items/{id}?{query}")
    };
    HttpResponse::TemporaryRedirect()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A 307 to `/embed` on this API under another host name (`localhost` instead of `127.0.0.1`):
/// after a redirect to another origin, the browser sends `Origin: null` (the Fetch standard's
/// tainted origin), which only a route with `allow_null_origin` accepts.
#[cors(origins = ["http://127.0.0.1:3000"])]
#[get("/elsewhere")]
async fn elsewhere(req: HttpRequest) -> HttpResponse {
    let port = req.app_config().local_addr().port();
    let query = req.query_string();
    let separator = if query.is_empty() { "" } else { "?" };
    HttpResponse::TemporaryRedirect()
        .insert_header((
            header::LOCATION,
            format!("http://localhost:{port}/embed{separator}{query}"),
        ))
        .finish()
}

/// An embeddable widget's data, for the page and for opaque origins: sandboxed frames and
/// requests redirected across origins send `Origin: null`. Answers with the `Origin` it saw.
#[cors(origins = ["http://127.0.0.1:3000", "null"], allow_null_origin)]
#[get("/embed")]
async fn embed(req: HttpRequest) -> HttpResponse {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .map(|origin| String::from_utf8_lossy(origin.as_bytes()).into_owned());
    HttpResponse::Ok().json(json!({ "widget": "weather", "origin": origin }))
}
