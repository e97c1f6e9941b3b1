//! `Policy::decide` allocates nothing: a counting global allocator records every allocation made
//! on the current thread around `decide` for exact origins, patterns, preflights and rejections.

// A `#[global_allocator]` needs an `unsafe impl GlobalAlloc`; this test binary is the only place
// in the package that allows unsafe code (see `[lints.rust]` in Cargo.toml).
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cors_core::glue::{
    AllowHeadersValue, AllowOriginValue, CorsRequestHeader, Decision, RejectReason, RequestView,
};
use cors_core::{Policy, PolicySpec};

/// Forwards to the system allocator, counting allocations per thread.
struct Counting;

thread_local! {
    /// Allocations (including reallocations) made by this thread. A `const` `Cell` without a
    /// destructor: reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with` so that allocations during thread teardown do not panic.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Runs `f` and returns its result with the number of allocations it made on this thread.
fn counting<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = allocations();
    let result = std::hint::black_box(f());
    (result, allocations() - before)
}

/// A hand-written request view over borrowed data: building it allocates nothing either.
struct View<'a> {
    method: &'a [u8],
    origin: &'a [&'a [u8]],
    request_method: &'a [&'a [u8]],
    request_headers: &'a [&'a [u8]],
    private_network: &'a [&'a [u8]],
}

impl<'a> View<'a> {
    const fn actual(origin: &'a [&'a [u8]]) -> Self {
        View {
            method: b"GET",
            origin,
            request_method: &[],
            request_headers: &[],
            private_network: &[],
        }
    }

    const fn preflight(
        origin: &'a [&'a [u8]],
        request_method: &'a [&'a [u8]],
        request_headers: &'a [&'a [u8]],
    ) -> Self {
        View {
            method: b"OPTIONS",
            origin,
            request_method,
            request_headers,
            private_network: &[],
        }
    }
}

impl RequestView for View<'_> {
    fn method(&self) -> &[u8] {
        self.method
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        let values = match name {
            CorsRequestHeader::Origin => self.origin,
            CorsRequestHeader::RequestMethod => self.request_method,
            CorsRequestHeader::RequestHeaders => self.request_headers,
            CorsRequestHeader::RequestPrivateNetwork => self.private_network,
            CorsRequestHeader::FetchSite => &[],
        };
        values.iter().copied()
    }
}

fn policy() -> Policy {
    PolicySpec::new()
        .origins([
            "https://a.example.org",
            "https://app.example.com",
            "https://z.example.org",
            "https://*.example.net",
            "https://*.example.com:8443",
        ])
        .methods(["PUT", "DELETE"])
        .headers(["x-api-key", "content-type"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600)
        .private_network(true)
        .compile()
        .unwrap()
}

fn echo_policy() -> Policy {
    PolicySpec::new()
        .origins(["https://*.example.com"])
        .methods(["PATCH"])
        .headers(["*"])
        .credentials(true)
        .compile()
        .unwrap()
}

// One test function: the counter is per thread, but a single test keeps the binary simple.
#[test]
fn decide_does_not_allocate() {
    // The counter works: a Box is one allocation.
    let (boxed, count) = counting(|| Box::new(7_u64));
    assert_eq!(count, 1);
    drop(boxed);

    let policy = policy();
    let echo = echo_policy();

    // Actual request, exact origin.
    let view = View::actual(&[b"https://app.example.com"]);
    let (decision, count) = counting(|| policy.decide(&view));
    assert_eq!(count, 0, "exact actual: {decision:?}");
    let Decision::ActualAllowed(actual) = decision else {
        panic!("{decision:?}")
    };
    assert_eq!(
        actual.allow_origin,
        AllowOriginValue::Exact {
            origin: "https://app.example.com",
            index: 1
        }
    );
    assert_eq!(actual.expose_headers, Some("x-request-id"));

    // Actual request, pattern origin.
    let view = View::actual(&[b"https://deep.sub.example.net"]);
    let (decision, count) = counting(|| policy.decide(&view));
    assert_eq!(count, 0, "pattern actual: {decision:?}");
    assert!(
        matches!(decision, Decision::ActualAllowed(a) if a.allow_origin == AllowOriginValue::Matched(b"https://deep.sub.example.net")),
        "{decision:?}"
    );

    // Preflight, exact origin, listed headers written loosely, private network.
    let view = View {
        private_network: &[b"true"],
        ..View::preflight(
            &[b"https://app.example.com"],
            &[b"PUT"],
            &[b" X-Api-Key ,, Content-Type,x-api-key"],
        )
    };
    let (decision, count) = counting(|| policy.decide(&view));
    assert_eq!(count, 0, "exact preflight: {decision:?}");
    let Decision::PreflightAllowed(preflight) = decision else {
        panic!("{decision:?}")
    };
    assert_eq!(
        preflight.allow_headers,
        AllowHeadersValue::List("x-api-key, content-type")
    );
    assert!(preflight.allow_private_network);
    assert_eq!(preflight.max_age, Some("600"));

    // Preflight, pattern origin with a port, safelisted method.
    let view = View::preflight(&[b"https://a.example.com:8443"], &[b"POST"], &[]);
    let (decision, count) = counting(|| policy.decide(&view));
    assert_eq!(count, 0, "pattern preflight: {decision:?}");
    assert!(
        matches!(decision, Decision::PreflightAllowed(_)),
        "{decision:?}"
    );

    // Preflight whose headers are echoed.
    let view = View::preflight(
        &[b"https://a.example.com"],
        &[b"PATCH"],
        &[b"authorization, x-anything"],
    );
    let (decision, count) = counting(|| echo.decide(&view));
    assert_eq!(count, 0, "echo preflight: {decision:?}");
    assert!(
        matches!(decision, Decision::PreflightAllowed(p)
            if matches!(p.allow_headers, AllowHeadersValue::Echo(echoed)
                if echoed.single_line() == Some(&b"authorization, x-anything"[..]))),
        "{decision:?}"
    );

    // The same names split over several lines: deciding still allocates nothing, and joining
    // them into the echoed value allocates exactly once.
    let view = View::preflight(
        &[b"https://a.example.com"],
        &[b"PATCH"],
        &[b"authorization,", b" ", b"x-anything\t"],
    );
    let (decision, count) = counting(|| echo.decide(&view));
    assert_eq!(count, 0, "split echo preflight: {decision:?}");
    let Decision::PreflightAllowed(preflight) = decision else {
        panic!("{decision:?}")
    };
    let AllowHeadersValue::Echo(echoed) = preflight.allow_headers else {
        panic!("{preflight:?}")
    };
    assert_eq!(echoed.single_line(), None);
    let (value, count) = counting(|| echoed.value(&view));
    assert_eq!(count, 1);
    assert_eq!(&*value, b"authorization, x-anything");

    // Rejections and requests without Origin allocate nothing either.
    let rejected: [(View<'_>, RejectReason<'_>); 4] = [
        (
            View::actual(&[b"https://evil.test"]),
            RejectReason::OriginNotAllowed(b"https://evil.test"),
        ),
        (
            View::actual(&[b"https://app.example.com", b"https://app.example.com"]),
            RejectReason::OriginRepeated,
        ),
        (
            View::preflight(&[b"https://app.example.com"], &[b"PATCH"], &[]),
            RejectReason::MethodNotAllowed(b"PATCH"),
        ),
        (
            View::preflight(&[b"https://app.example.com"], &[b"PUT"], &[b"x-other"]),
            RejectReason::HeaderNotAllowed(b"x-other"),
        ),
    ];
    for (view, reason) in &rejected {
        let (decision, count) = counting(|| policy.decide(view));
        assert_eq!(count, 0, "{decision:?}");
        let found = match decision {
            Decision::ActualRejected(r) | Decision::PreflightRejected(r) => r.reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(found, *reason);
    }
    let view = View::actual(&[]);
    let (decision, count) = counting(|| policy.decide(&view));
    assert_eq!(count, 0);
    assert_eq!(
        decision,
        Decision::NotCors {
            vary: Some("Origin")
        }
    );
}
