//! One policy answers each request.
//!
//! A policy *around* others (a runtime [`Cors`](crate::Cors), or a [`NamedPolicy`] wrapping an
//! `App`, `Scope` or `Resource`) may hold `#[cors]` routes with policies of their own. Every
//! policy that answers a request stakes a claim on it first, in the request's `app_data`; the
//! latest claim is the innermost policy's. A policy around others offers the request to what it
//! wraps and, when the answer comes back, acts only if the latest claim is still its own: no
//! route inside took the request. So a response never gets two `Access-Control-Allow-Origin`
//! headers, and a preflight a route's policy refuses is never answered by the policy around it.
//! Nested policies around others answer by the innermost one the request reaches.
//!
//! A claim is a reference-counted container each middleware builds once; staking it copies a
//! pointer into the request's inline list of `app_data` containers, so it allocates nothing.
//! An error cannot carry the request back, so a request that ends in an error says who answered
//! on the response actix renders from it: the response mapper of the policy that claimed it
//! marks it, and the mappers of the policies around it leave a marked response alone.
//!
//! [`NamedPolicy`]: crate::NamedPolicy

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use actix_web::dev::{Extensions, ServiceRequest};
use actix_web::{HttpRequest, HttpResponse};

/// Where a [`CorsMiddleware`](crate::CorsMiddleware) sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Around one `#[cors]` route's resource: it answers what reaches it.
    Route,
    /// Around an `App`, a `Scope` or a `Resource`: routes inside may have policies of their own.
    Around,
}

/// One middleware's claim, as its requests carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClaimId(u32);

/// A middleware's claim: an `app_data` container holding its [`ClaimId`].
#[derive(Clone, Debug)]
pub(crate) struct Claim {
    container: Rc<Extensions>,
    id: ClaimId,
}

/// On an error's response: the policy that claimed the request has written its headers.
struct Answered;

/// Whether any policy around others was ever built in this process; until one is, a route has
/// no claim to stake, and knowing it costs one load.
static AROUND: AtomicBool = AtomicBool::new(false);

impl Claim {
    /// A claim of its own, for a middleware at `placement`.
    pub(crate) fn new(placement: Placement) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        if placement == Placement::Around {
            AROUND.store(true, Ordering::Relaxed);
        }
        let id = ClaimId(NEXT.fetch_add(1, Ordering::Relaxed));
        let mut container = Extensions::new();
        container.insert(id);
        Claim {
            container: Rc::new(container),
            id,
        }
    }

    /// This claim's id, to compare with the latest one when the answer comes back.
    pub(crate) fn id(&self) -> ClaimId {
        self.id
    }

    /// Stakes the claim on `request`, if a policy around others may be waiting to know.
    #[inline(always)]
    pub(crate) fn stake(&self, request: &mut ServiceRequest, placement: Placement) {
        if placement == Placement::Around || around_exists() {
            request.add_data_container(Rc::clone(&self.container));
        }
    }
}

/// Whether a policy around others was ever built in this process: only then may a route's
/// answer need to say it was the route's.
#[inline(always)]
pub(crate) fn around_exists() -> bool {
    AROUND.load(Ordering::Relaxed)
}

/// After the service inside answered: whether a policy inside claimed `request` after `mine`.
pub(crate) fn taken_inside(request: &HttpRequest, mine: ClaimId) -> bool {
    request.app_data::<ClaimId>() != Some(&mine)
}

/// Marks an error's response as answered by the policy that claimed its request.
pub(crate) fn mark<B>(response: &mut HttpResponse<B>) {
    response.extensions_mut().insert(Answered);
}

/// Whether a policy inside answered the request of an error's response.
pub(crate) fn is_marked(response: &HttpResponse) -> bool {
    response.extensions().contains::<Answered>()
}
