//! Demo diagnostics: what the API saw, so the page and the end-to-end suite can tell why the
//! browser blocked a call and check effects a browser cannot observe.
//!
//! The log and its types are shared with the axum build of the API ([`super::axum_api`]), which
//! records through its own middleware into the same [`Diagnostics`].
//!
//! Not part of any CORS setup: a real API has no reason to publish its request log. Everything
//! here lives under `/_demo/`, and every endpoint is `origins = ["*"]` so that pages on any of the
//! demo's origins can read it.
//!
//! A blocked `fetch()` only tells a script "TypeError: Failed to fetch", whatever the reason. So
//! the page tags each call with a `rid` query parameter; [`record`] logs, per `rid`, each request
//! the API received and what it answered (status, `Access-Control-Allow-Origin`, and the body of
//! a CORS rejection, which carries the reason), and the page reads that log afterwards.
//!
//! | endpoint | answers |
//! |---|---|
//! | `GET /_demo/log/{rid}` | the requests logged under `rid`, oldest first |
//! | `GET /_demo/preflights` | how many preflights each route received |
//! | `GET /_demo/notes/{id}` | whether a `strict` delete handler ran for note `id` |
//! | `GET /_demo/likes/{id}` | how many times the non-strict like handler ran for `id` |
//! | `GET /_demo/frame` | the demo page, served from the API's own origin, for the same-origin row |

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use actix_web::body::{BoxBody, MessageBody, to_bytes_limited};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, get, web};
use cors_actix::cors;
use serde::Serialize;
use serde_json::json;

use super::api::{Store, lock};
use super::page::{PageConfig, Server};

/// How many request ids the log remembers; older ones are forgotten.
const REMEMBERED_IDS: usize = 2000;

/// How many requests are logged per request id.
const ENTRIES_PER_ID: usize = 20;

/// Rejection bodies longer than this are not read back.
pub const REASON_LIMIT: usize = 4096;

impl Entry {
    /// A request as received, before its answer: `header` reads one request header by its
    /// lowercase name, so that each framework can pass its own header map.
    pub fn received(method: &str, path: &str, header: impl Fn(&str) -> Option<String>) -> Self {
        let origin = header("origin");
        let request_method = header("access-control-request-method");
        Entry {
            method: method.to_owned(),
            path: path.to_owned(),
            preflight: method == "OPTIONS" && origin.is_some() && request_method.is_some(),
            origin,
            request_method,
            request_headers: header("access-control-request-headers"),
            cookie: header("cookie").is_some(),
            status: 0,
            allow_origin: None,
            allow_credentials: None,
            allow_headers: None,
            rejection: None,
        }
    }

    /// Fills in the answer: its status and, through `header` (lowercase names, as in
    /// [`Entry::received`]), its CORS headers.
    pub fn answered(&mut self, status: u16, header: impl Fn(&str) -> Option<String>) {
        self.status = status;
        self.allow_origin = header("access-control-allow-origin");
        self.allow_credentials = header("access-control-allow-credentials");
        self.allow_headers = header("access-control-allow-headers");
    }

    /// Keeps the body of a 403 when it is a CORS rejection, which says why.
    pub fn rejected_with(&mut self, body: Option<String>) {
        self.rejection = body.filter(|body| body.starts_with("CORS "));
    }
}

/// One request the API received, and what it answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The request method.
    pub method: String,
    /// The request path, without the query.
    pub path: String,
    /// Whether it was a CORS preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`).
    pub preflight: bool,
    /// The `Origin` header.
    pub origin: Option<String>,
    /// `Access-Control-Request-Method`, on preflights.
    pub request_method: Option<String>,
    /// `Access-Control-Request-Headers`, on preflights.
    pub request_headers: Option<String>,
    /// Whether a `Cookie` header came along.
    pub cookie: bool,
    /// The response status.
    pub status: u16,
    /// The response's `Access-Control-Allow-Origin`.
    pub allow_origin: Option<String>,
    /// The response's `Access-Control-Allow-Credentials`.
    pub allow_credentials: Option<String>,
    /// The response's `Access-Control-Allow-Headers`, on preflights.
    pub allow_headers: Option<String>,
    /// The body of a 403 CORS rejection (`CORS preflight rejected: ..` or
    /// `CORS request rejected: ..`), which says why.
    pub rejection: Option<String>,
}

/// The request log and the preflight counts.
#[derive(Default)]
pub struct Diagnostics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    log: HashMap<String, Vec<Entry>>,
    ids: VecDeque<String>,
    preflights: BTreeMap<String, u64>,
}

impl Diagnostics {
    /// The requests logged under `rid`, oldest first.
    pub fn log(&self, rid: &str) -> Vec<Entry> {
        lock(&self.inner).log.get(rid).cloned().unwrap_or_default()
    }

    /// How many preflights each route received, by route pattern (`/items/{id}`).
    pub fn preflights(&self) -> BTreeMap<String, u64> {
        lock(&self.inner).preflights.clone()
    }

    /// Logs `entry` under `rid` and, for a preflight, counts it for `route` (the pattern the
    /// request matched, or its path).
    pub fn note(&self, rid: Option<String>, route: String, entry: Entry) {
        let mut inner = lock(&self.inner);
        if entry.preflight {
            *inner.preflights.entry(route).or_default() += 1;
        }
        let Some(rid) = rid else { return };
        if !inner.log.contains_key(&rid) {
            if inner.ids.len() == REMEMBERED_IDS
                && let Some(oldest) = inner.ids.pop_front()
            {
                inner.log.remove(&oldest);
            }
            inner.ids.push_back(rid.clone());
        }
        let entries = inner.log.entry(rid).or_default();
        if entries.len() < ENTRIES_PER_ID {
            entries.push(entry);
        }
    }
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The `rid` query parameter the page tags each call with, if it is short enough to keep.
pub fn rid(query: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "rid")
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 100)
}

/// Middleware (for `actix_web::middleware::from_fn`) that logs every request with its answer.
///
/// Wrapped around the whole API, it runs outside the routes' CORS middleware and so sees the
/// responses exactly as the browser gets them. It reads back the body of 403 responses only.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(diagnostics) = req.app_data::<web::Data<Diagnostics>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let mut entry = Entry::received(req.method().as_str(), req.path(), |name| {
        text(req.headers(), name)
    });
    let rid = rid(req.query_string());

    let response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(error) => {
            entry.status = error.as_response_error().status_code().as_u16();
            let route = entry.path.clone();
            diagnostics.note(rid, route, entry);
            return Err(error);
        }
    };
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| entry.path.clone());
    entry.answered(response.status().as_u16(), |name| {
        text(response.headers(), name)
    });
    let response = if entry.status == 403 {
        let (response, body) = read_body(response).await;
        entry.rejected_with(body);
        response
    } else {
        response
    };
    diagnostics.note(rid, route, entry);
    Ok(response)
}

/// Reads a short body and puts it back, so the browser still receives it unchanged.
async fn read_body(
    response: ServiceResponse<BoxBody>,
) -> (ServiceResponse<BoxBody>, Option<String>) {
    let (request, response) = response.into_parts();
    let (response, body) = response.into_parts();
    match to_bytes_limited(body, REASON_LIMIT).await {
        Ok(Ok(bytes)) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let response = response.set_body(BoxBody::new(bytes));
            (ServiceResponse::new(request, response), Some(text))
        }
        // Too long or unreadable: answer with what the error would have produced anyway.
        Ok(Err(error)) => {
            let response = HttpResponse::from_error(error);
            (ServiceResponse::new(request, response), None)
        }
        Err(_) => {
            let response = HttpResponse::InternalServerError().finish();
            (ServiceResponse::new(request, response), None)
        }
    }
}

/// Registers the diagnostics endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(log)
        .service(preflights)
        .service(note)
        .service(likes)
        .service(frame);
}

/// The demo page served from the API's own origin: the top page embeds it to make a request
/// that is same-origin with the API (browsers still send `Origin` on a same-origin POST).
/// The API base is the address this server is bound to, never a request header.
#[get("/_demo/frame")]
async fn frame(req: actix_web::HttpRequest) -> HttpResponse {
    let api_base = format!("http://{}", req.app_config().local_addr());
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(
            PageConfig {
                api_base,
                server: Server::Actix,
            }
            .render(),
        )
}

/// The requests logged under one request id.
#[cors(origins = ["*"])]
#[get("/_demo/log/{rid}")]
async fn log(rid: web::Path<String>, diagnostics: web::Data<Diagnostics>) -> HttpResponse {
    HttpResponse::Ok().json(diagnostics.log(&rid))
}

/// How many preflights each route received since the API started.
#[cors(origins = ["*"])]
#[get("/_demo/preflights")]
async fn preflights(diagnostics: web::Data<Diagnostics>) -> HttpResponse {
    HttpResponse::Ok().json(diagnostics.preflights())
}

/// Whether the `strict` delete handlers ran for a note.
#[cors(origins = ["*"])]
#[get("/_demo/notes/{id}")]
async fn note(id: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    HttpResponse::Ok().json(store.note(&id))
}

/// How many times the non-strict like handler ran for an id.
#[cors(origins = ["*"])]
#[get("/_demo/likes/{id}")]
async fn likes(id: web::Path<String>, store: web::Data<Store>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "likes": store.likes(&id) }))
}
