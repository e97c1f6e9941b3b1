//! Helpers shared by the integration test binaries (`attribute` and `runtime`, each with
//! `mod support;`): requests, header access, `#[track_caller]` assertions, a handler hit counter,
//! the counting `#[global_allocator]` with allocations per call, and a `tracing` event recorder.

#![allow(dead_code, unused_imports)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::Error;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::test::TestRequest;
use actix_web::{HttpResponse, web};
use cors_actix::{Cors, CorsBuilder, ErrorKind, Field};

/// Every CORS response header, to assert that none was sent.
pub const CORS_HEADERS: &[&str] = &[
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
    "access-control-allow-private-network",
];

pub use cors_tests::SECTION9_ORIGINS;

/// A GET to `uri` whose `Origin` is a `from_static` value: cloning it allocates nothing, like the
/// shared buffer a server parses headers into, so allocation counts measure only the service.
pub fn static_get(uri: &str, origin: &'static str) -> actix_http::Request {
    TestRequest::get()
        .uri(uri)
        .insert_header((
            HeaderName::from_static("origin"),
            HeaderValue::from_static(origin),
        ))
        .to_request()
}

/// A preflight to `uri` asking for `method` and `x-api-key`, with `from_static` header values
/// (see [`static_get`]).
pub fn static_preflight(
    uri: &str,
    origin: &'static str,
    method: &'static str,
) -> actix_http::Request {
    TestRequest::default()
        .method(Method::OPTIONS)
        .uri(uri)
        .insert_header((
            HeaderName::from_static("origin"),
            HeaderValue::from_static(origin),
        ))
        .insert_header((
            HeaderName::from_static("access-control-request-method"),
            HeaderValue::from_static(method),
        ))
        .insert_header((
            HeaderName::from_static("access-control-request-headers"),
            HeaderValue::from_static("x-api-key"),
        ))
        .to_request()
}

pub use cors_tests::requests::{body, get, preflight, request};

/// An `actix-web-httpauth` bearer validator that accepts the token `secret`.
#[allow(dead_code)]
pub async fn validator(
    request: actix_web::dev::ServiceRequest,
    credentials: actix_web_httpauth::extractors::bearer::BearerAuth,
) -> Result<actix_web::dev::ServiceRequest, (Error, actix_web::dev::ServiceRequest)> {
    if credentials.token() == "secret" {
        Ok(request)
    } else {
        Err((actix_web::error::ErrorUnauthorized("bad token"), request))
    }
}

/// The first value of a response header, as text.
pub fn header<B>(response: &ServiceResponse<B>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Every value of a response header.
pub fn header_all<B>(response: &ServiceResponse<B>, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

/// Asserts that a response carries no CORS header at all (but possibly `Vary`).
#[track_caller]
pub fn assert_no_cors<B>(response: &ServiceResponse<B>) {
    for name in CORS_HEADERS {
        assert_eq!(header(response, name), None, "unexpected {name}");
    }
}

/// Asserts that `builder` fails with `kind` at `field[index]`, like the core validation.
#[track_caller]
pub fn assert_error(builder: CorsBuilder, field: Field, index: Option<usize>, kind: ErrorKind) {
    let errors = builder.build().expect_err("an invalid configuration");
    assert!(
        errors
            .iter()
            .any(|e| e.kind() == kind && e.field() == field && e.index() == index),
        "expected {kind:?} at {field}[{index:?}], got {errors:?}"
    );
    assert!(errors.iter().all(|e| !e.suggestion().is_empty()));
    // The same spec through `from_spec` and the core validation gives the same answer.
    assert_eq!(Cors::from_spec(builder.spec().clone()).unwrap_err(), errors);
    assert_eq!(builder.spec().validate().unwrap_err(), errors);
}

/// Counts handler calls; register with `.app_data(hits.data())`.
#[derive(Clone, Default)]
pub struct Hits(web::Data<AtomicUsize>);

impl Hits {
    pub fn data(&self) -> web::Data<AtomicUsize> {
        self.0.clone()
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// A handler that counts its calls and answers 200 `ok`.
pub async fn counted(hits: web::Data<AtomicUsize>) -> HttpResponse {
    hits.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("ok")
}

/// A header value with arbitrary bytes (obs-text included).
pub fn raw(bytes: &'static [u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).expect("valid header bytes")
}

/// Counts heap allocations per thread, so that tests running in parallel do not see each
/// other's. The actix test runtime polls everything on the test's own thread.
pub struct CountingAllocator;

/// Declared here, once per test binary that includes this module.
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// const-initialized thread local without destructor, which never allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

/// Allocations made by this thread so far.
pub fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Allocations of one call, after warming up actix's pools; the least of a few runs.
pub async fn allocations_per_call<S, B>(
    service: &S,
    make: impl Fn() -> actix_http::Request,
) -> usize
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
{
    for _ in 0..3 {
        drop(service.call(make()).await);
    }
    (0..5)
        .map(|_| {
            let request = make();
            let before = allocations();
            let response = now(service.call(request));
            let made = allocations() - before;
            drop(response);
            made
        })
        .min()
        .unwrap()
}

/// Polls a future that never waits (every service here answers synchronously) to completion.
pub fn now<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the service waited"),
    }
}

/// One recorded `tracing` event: its fields, formatted.
pub type Event = BTreeMap<String, String>;

thread_local! {
    static CAPTURED: RefCell<Option<Vec<Event>>> = const { RefCell::new(None) };
}

/// A global `tracing` subscriber that records the events of threads inside [`capture_events`].
///
/// Global rather than scoped: `tracing` caches each call site's interest, and a call site first
/// hit by another test thread while a scoped subscriber is being installed can stay disabled.
/// Enabled only on a capturing thread (every call site's interest is "sometimes", so it asks
/// each time): other tests, such as the allocation counts, see logging disabled, as a
/// production service without a `debug` subscriber does.
struct Recorder;

struct Fields<'a>(&'a mut Event);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for Recorder {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        CAPTURED
            .try_with(|captured| captured.borrow().is_some())
            .unwrap_or(false)
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let _ = CAPTURED.try_with(|captured| {
            if let Some(events) = captured.borrow_mut().as_mut() {
                let mut fields = Event::new();
                fields.insert("level".into(), event.metadata().level().to_string());
                fields.insert("target".into(), event.metadata().target().into());
                event.record(&mut Fields(&mut fields));
                events.push(fields);
            }
        });
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// Runs `test` on a fresh actix system (which polls on this thread) and returns the `tracing`
/// events it emitted.
pub fn capture_events<F: Future>(test: impl FnOnce() -> F) -> Vec<Event> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Recorder).expect("no other global subscriber")
    });
    CAPTURED.with(|captured| *captured.borrow_mut() = Some(Vec::new()));
    actix_web::rt::System::new().block_on(test());
    CAPTURED.with(|captured| captured.borrow_mut().take().unwrap_or_default())
}
