//! Writing a [`Decision`](cors_core::Decision) into an actix response's headers.
//!
//! A decision borrows its configured values (`&'p str`) from the policy. How they become header
//! values depends on where the policy lives, which [`Values`] abstracts:
//! - a `&'static Policy` (the `#[cors]` attribute): `HeaderValue::from_static`, which points at
//!   the literal and allocates nothing;
//! - a runtime policy (`Cors`): [`Precomputed`] values built once at startup, whose clones share
//!   one buffer.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use cors_core::{
    AllowHeaders, AllowOrigin, AllowedHeaders, AllowedOrigins, Policy, Preflight, VaryUpdate,
};

use crate::request::ActixRequest;

/// `Access-Control-Allow-Private-Network`, which `http` 0.2 has no constant for.
pub(crate) static ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

const TRUE: HeaderValue = HeaderValue::from_static("true");
const ANY: HeaderValue = HeaderValue::from_static("*");
const NULL: HeaderValue = HeaderValue::from_static("null");

/// Which configured value a decision refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Configured {
    /// An exact allowed origin.
    Origin,
    /// `Access-Control-Allow-Methods`
    AllowMethods,
    /// `Access-Control-Allow-Headers` (the configured list)
    AllowHeaders,
    /// `Access-Control-Expose-Headers`
    ExposeHeaders,
    /// `Access-Control-Max-Age`
    MaxAge,
}

/// Turns the configured strings of a `Decision<'p, '_>` into header values.
pub(crate) trait Values<'p> {
    /// The header value for `text`, a configured string of kind `which` borrowed from the policy.
    fn get(&self, which: Configured, text: &'p str) -> Option<HeaderValue>;
}

/// Values of a `&'static Policy`: the literals themselves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Literal;

impl Values<'static> for Literal {
    fn get(&self, _: Configured, text: &'static str) -> Option<HeaderValue> {
        literal(text)
    }
}

/// A header value pointing at `text`, without allocating.
fn literal(text: &'static str) -> Option<HeaderValue> {
    // `from_static` panics on bytes a header value cannot hold. Policies are validated, so this
    // never fails, but checking costs no more than `from_static`'s own scan and keeps a hand-made
    // `PolicyParts` from taking the server down.
    text.bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        .then(|| HeaderValue::from_static(text))
}

/// Header values of a runtime policy, computed once when it is built.
#[derive(Clone, Debug)]
pub(crate) struct Precomputed {
    /// The exact allowed origins, sorted by bytes like the policy's list.
    origins: Vec<HeaderValue>,
    allow_methods: Option<HeaderValue>,
    allow_headers: Option<HeaderValue>,
    expose_headers: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
}

impl Precomputed {
    /// Computes every header value of `policy`.
    ///
    /// Each value owns a reference-counted buffer, so the clone each response takes is a
    /// counter increment. A validated policy holds only tokens, ASCII origins and digits, so no
    /// conversion fails; were one to, that header would be left out rather than the server
    /// panicking.
    pub(crate) fn new(policy: &Policy) -> Self {
        let value = |text: &str| {
            HeaderValue::from_maybe_shared(Bytes::from_owner(text.to_owned().into_bytes())).ok()
        };
        let mut origins: Vec<HeaderValue> = match policy.origins() {
            AllowedOrigins::Any => Vec::new(),
            AllowedOrigins::List { exact, .. } => exact.iter().filter_map(|o| value(o)).collect(),
        };
        origins.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let allow_headers = match policy.headers() {
            AllowedHeaders::Any => None,
            AllowedHeaders::List { value: list, .. } => list.as_deref().and_then(value),
        };
        Precomputed {
            origins,
            allow_methods: value(policy.allow_methods()),
            allow_headers,
            expose_headers: policy.expose_headers().and_then(value),
            max_age: policy.max_age().and_then(value),
        }
    }
}

impl<'p> Values<'p> for &'p Precomputed {
    fn get(&self, which: Configured, text: &'p str) -> Option<HeaderValue> {
        match which {
            Configured::Origin => match self
                .origins
                .binary_search_by(|probe| probe.as_bytes().cmp(text.as_bytes()))
            {
                Ok(found) => Some(self.origins[found].clone()),
                // The engine answers an allowed `null` with its own literal.
                Err(_) => (text == "null").then_some(NULL),
            },
            Configured::AllowMethods => self.allow_methods.clone(),
            Configured::AllowHeaders => self.allow_headers.clone(),
            Configured::ExposeHeaders => self.expose_headers.clone(),
            Configured::MaxAge => self.max_age.clone(),
        }
    }
}

/// The `Access-Control-Allow-Origin` value of an allowed request.
pub(crate) fn allow_origin<'p, V: Values<'p>>(
    values: &V,
    origin: AllowOrigin<'p, '_>,
    request: ActixRequest<'_>,
) -> Option<HeaderValue> {
    match origin {
        AllowOrigin::Any => Some(ANY),
        AllowOrigin::Exact(text) => values.get(Configured::Origin, text),
        // Matched a pattern: the bytes are the request's single `Origin`, whose value is shared
        // with the request buffer rather than copied.
        AllowOrigin::Matched(_) => request.first(cors_core::CorsRequestHeader::Origin).cloned(),
    }
}

/// The CORS headers an actual response gets, owned so they outlive the borrowed request.
///
/// Public only because the sealed [`PolicySource`](crate::PolicySource) names it.
#[derive(Clone, Debug, Default)]
pub struct Pending {
    pub(crate) allow_origin: Option<HeaderValue>,
    pub(crate) allow_credentials: bool,
    pub(crate) expose_headers: Option<HeaderValue>,
    pub(crate) vary: Option<&'static str>,
}

impl Pending {
    /// Only `Vary` (no `Origin`, or an origin that is not allowed).
    pub(crate) fn vary(vary: Option<&'static str>) -> Self {
        Pending {
            vary,
            ..Pending::default()
        }
    }

    /// Whether there is nothing to write.
    pub(crate) fn is_empty(&self) -> bool {
        self.allow_origin.is_none() && self.vary.is_none()
    }

    /// Writes the headers, replacing any the handler set and merging `Vary`.
    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        if let Some(origin) = self.allow_origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if self.allow_credentials {
                headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            if let Some(expose) = self.expose_headers {
                headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose);
            }
        }
        if let Some(vary) = self.vary {
            merge_vary(headers, vary);
        }
    }
}

/// Writes the headers of an allowed preflight (everything but the status).
pub(crate) fn write_preflight<'p, V: Values<'p>>(
    headers: &mut HeaderMap,
    values: &V,
    preflight: &Preflight<'p, '_>,
    request: ActixRequest<'_>,
) {
    if let Some(origin) = allow_origin(values, preflight.allow_origin, request) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if preflight.allow_credentials {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(methods) = values.get(Configured::AllowMethods, preflight.allow_methods) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods);
    }
    let allow_headers = match preflight.allow_headers {
        AllowHeaders::None => None,
        AllowHeaders::List(list) => values.get(Configured::AllowHeaders, list),
        // The engine echoes the first `Access-Control-Request-Headers` line after checking every
        // name in it; that line is a valid header value already.
        AllowHeaders::Echo(_) => request
            .first(cors_core::CorsRequestHeader::RequestHeaders)
            .cloned(),
    };
    if let Some(allow_headers) = allow_headers {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    }
    if let Some(max_age) = preflight
        .max_age
        .and_then(|age| values.get(Configured::MaxAge, age))
    {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age);
    }
    if preflight.allow_private_network {
        headers.insert(ALLOW_PRIVATE_NETWORK.clone(), TRUE);
    }
    if let Some(vary) = preflight.vary {
        merge_vary(headers, vary);
    }
}

/// Merges `add` into the response's `Vary` (reference section 7).
pub(crate) fn merge_vary(headers: &mut HeaderMap, add: &'static str) {
    let existing = || headers.get_all(header::VARY).map(HeaderValue::as_bytes);
    match cors_core::merge_vary(existing, add) {
        VaryUpdate::Keep => {}
        VaryUpdate::Insert(value) => {
            if let Some(value) = literal(value) {
                headers.insert(header::VARY, value);
            }
        }
        VaryUpdate::Replace(merged) => {
            // Built from existing header values and names of our own: always valid.
            if let Ok(value) = HeaderValue::from_maybe_shared(Bytes::from(merged)) {
                headers.insert(header::VARY, value);
            }
        }
    }
}
