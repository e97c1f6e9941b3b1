//! Requests, responses and assertions shared by this suite, and the counting allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;

use axum::Router;
use axum::body::Body;
use http::header::{HeaderMap, HeaderValue};
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const APP: &str = "https://app.example.com";
pub const ADMIN: &str = "https://admin.example.com";
pub const PARTNER: &str = "https://shop.partner.example";
pub const EVIL: &str = "https://evil.example";

/// A request with `method`, `uri` and, if given, `Origin` (a `from_static` value, like the
/// shared buffer a server parses into, so cloning it allocates nothing).
pub fn request(method: &str, uri: &str, origin: Option<&'static str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(origin) = origin {
        builder = builder.header("origin", HeaderValue::from_static(origin));
    }
    builder.body(Body::empty()).expect("valid request")
}

/// A preflight from `origin` asking for `method` and, if given, `headers`.
pub fn preflight(
    uri: &str,
    origin: &'static str,
    method: &'static str,
    headers: Option<&'static str>,
) -> Request<Body> {
    let mut request = request("OPTIONS", uri, Some(origin));
    let map = request.headers_mut();
    map.insert(
        "access-control-request-method",
        HeaderValue::from_static(method),
    );
    if let Some(headers) = headers {
        map.insert(
            "access-control-request-headers",
            HeaderValue::from_static(headers),
        );
    }
    request
}

/// A response with its body read.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The one value of `name`, if any; panics on several, which no CORS header may have.
    #[track_caller]
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let value = values.next()?;
        assert!(values.next().is_none(), "several {name} headers");
        Some(value.to_str().expect("ASCII header"))
    }

    /// The `Access-Control-*` headers the response carries.
    pub fn cors_headers(&self) -> Vec<&str> {
        self.headers
            .keys()
            .map(|name| name.as_str())
            .filter(|name| name.starts_with("access-control-"))
            .collect()
    }

    /// Asserts an allowed answer for `origin`.
    #[track_caller]
    pub fn assert_allowed(&self, origin: &str) {
        assert_eq!(self.header("access-control-allow-origin"), Some(origin));
    }

    /// Asserts that no CORS header was sent.
    #[track_caller]
    pub fn assert_no_cors(&self) {
        assert!(
            self.cors_headers().is_empty(),
            "unexpected CORS headers {:?}",
            self.cors_headers()
        );
    }
}

/// Sends `request` through `app` and reads the whole answer.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response: Response<Body> = app.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).expect("UTF-8 body"),
    }
}

/// Counts heap allocations per thread, so that tests running in parallel do not see each
/// other's.
struct CountingAllocator;

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

/// Allocations of one call through `app`, response dropped; the least of a few runs after a
/// warm-up. Polled on this thread: every handler here answers without waiting.
///
/// The router is finalized first, as `axum::serve` does (`with_state`): an unfinalized one
/// turns each handler into a route, and applies its layers, anew on every request, which
/// allocates per layer and is not what a server runs.
pub fn allocations_per_call(app: &Router, make: impl Fn() -> Request<Body>) -> usize {
    let app = &app.clone().with_state::<()>(());
    for _ in 0..3 {
        drop(now(app.clone().oneshot(make())));
    }
    (0..5)
        .map(|_| {
            let request = make();
            let before = ALLOCATIONS.with(Cell::get);
            let response = now(app.clone().oneshot(request));
            let made = ALLOCATIONS.with(Cell::get) - before;
            drop(response);
            made
        })
        .min()
        .expect("five runs")
}

/// Polls a future that never waits to completion.
pub fn now<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the service waited"),
    }
}
