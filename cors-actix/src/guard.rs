//! The resource guard of an annotated route: the route's actual requests, and its preflights.

use actix_web::guard::{Guard, GuardContext};
use actix_web::http::Method;

use crate::request::ActixRequest;

/// Admits what an annotated route answers: a request whose method the route serves and that
/// passes the route's own `guard = ".."` functions, or a preflight asking for one of those
/// methods (whatever the route's own guards say: a preflight carries none of the headers they
/// may look for, and the browser needs its answer).
///
/// A plain `OPTIONS`, a preflight for a method the route does not serve, and a request the
/// route's guards turn away fall through to whatever else is registered on the path, as they do
/// with actix-web's routing macros. Unlike actix's method guard, this one records nothing in the
/// request (actix's records every method it checks, for the `Allow` header of a later `405`,
/// which costs allocations on every request).
pub struct RouteGuard {
    methods: &'static [&'static str],
    guards: Vec<Box<dyn Guard>>,
}

impl RouteGuard {
    /// The guard of a route serving `methods` (uppercase, as the routing attribute names them).
    pub fn new(methods: &'static [&'static str]) -> Self {
        RouteGuard {
            methods,
            guards: Vec::new(),
        }
    }

    /// Adds one of the route's own guards, which every actual request must also pass.
    pub fn and(mut self, guard: impl Guard + 'static) -> Self {
        self.guards.push(Box::new(guard));
        self
    }

    fn serves(&self, method: &[u8]) -> bool {
        self.methods
            .iter()
            .any(|served| served.as_bytes() == method)
    }
}

impl Guard for RouteGuard {
    #[inline]
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        if self.serves(head.method.as_str().as_bytes()) {
            return self.guards.iter().all(|guard| guard.check(ctx));
        }
        // Most other requests are not `OPTIONS`: one enum comparison turns them away before the
        // header lookups.
        head.method == Method::OPTIONS
            && cors_core::glue::preflight_method(&ActixRequest::new(head))
                .is_some_and(|requested| self.serves(requested))
    }
}

impl std::fmt::Debug for RouteGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteGuard")
            .field("methods", &self.methods)
            .field("guards", &self.guards.len())
            .finish()
    }
}
