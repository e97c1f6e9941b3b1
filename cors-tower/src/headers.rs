//! Writing a [`Decision`] into an `http` 1.x response's headers.
//!
//! A decision borrows its configured values (`&str`) from the policy; [`HeaderValues`] holds the
//! same values as header values, built once per policy when the layer is made, and cloned into
//! each response: for a `static` policy (`policy!`) each points at the literal, so a clone copies
//! a few words; for a runtime policy each owns a shared buffer, so a clone is a reference count.

use bytes::Bytes;
use cors_core::Policy;
use cors_core::glue::{
    AllowOriginValue, CorsRequestHeader, CorsResponseHeader, Decision, EchoedHeaders, HeaderSink,
    ResponseValue, VARY_ORIGIN, VARY_ORIGIN_AND_REQUEST_HEADERS, VARY_REQUEST_HEADERS, VaryUpdate,
};
use http::header::{self, Entry, HeaderMap, HeaderName, HeaderValue};

use crate::request::TowerRequest;

const TRUE: HeaderValue = HeaderValue::from_static("true");
const ANY: HeaderValue = HeaderValue::from_static("*");
const NULL: HeaderValue = HeaderValue::from_static("null");

/// `Access-Control-Allow-Private-Network`, which `http` has no constant for.
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// The header values of a policy, computed once and cloned into each response.
///
/// A policy holds only valid header values (its constructor checks them), so no conversion
/// fails; one that did would leave its header out rather than send it broken.
#[derive(Clone, Debug)]
pub(crate) struct HeaderValues {
    /// The exact allowed origins, in the order of the policy's list, which the engine's
    /// [`AllowOriginValue::Exact`] index points into.
    origins: Box<[Option<HeaderValue>]>,
    allow_methods: Option<HeaderValue>,
    allow_headers: Option<HeaderValue>,
    expose_headers: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
}

impl HeaderValues {
    /// The values of a policy that lives for the whole program: each points at its literal.
    pub(crate) fn borrowed(policy: &'static Policy) -> Self {
        HeaderValues::build(policy, |text| Some(HeaderValue::from_static(text)))
    }

    /// The values of a runtime policy: each owns a reference-counted copy.
    pub(crate) fn owned(policy: &Policy) -> Self {
        HeaderValues::build(policy, |text| {
            HeaderValue::from_maybe_shared(Bytes::copy_from_slice(text.as_bytes())).ok()
        })
    }

    fn build<'p>(policy: &'p Policy, value: impl Fn(&'p str) -> Option<HeaderValue>) -> Self {
        HeaderValues {
            origins: policy.origins().exact().iter().map(|o| value(o)).collect(),
            allow_methods: value(policy.allow_methods()),
            allow_headers: policy.headers().value().and_then(&value),
            expose_headers: policy.expose_headers().and_then(&value),
            max_age: policy.max_age().and_then(&value),
        }
    }
}

/// A decision's header values as `http` values: prepared once per policy where the value comes
/// from the policy, shared with the request where it comes from the request.
#[derive(Clone, Copy)]
struct Values<'a> {
    prepared: &'a HeaderValues,
    request: TowerRequest<'a>,
}

impl Values<'_> {
    #[inline]
    fn origin(&self, origin: AllowOriginValue<'_, '_>) -> Option<HeaderValue> {
        match origin {
            AllowOriginValue::Any => Some(ANY),
            AllowOriginValue::Exact { index, .. } => {
                self.prepared.origins.get(index).cloned().flatten()
            }
            AllowOriginValue::Null => Some(NULL),
            // Matched a pattern: the request's single `Origin`, whose value is shared with the
            // request rather than copied.
            AllowOriginValue::Matched(_) => self.request.first(CorsRequestHeader::Origin).cloned(),
        }
    }

    /// The request's names, echoed after the engine checked every one: one line is shared,
    /// several are joined into a new value.
    fn echo(&self, echoed: EchoedHeaders<'_>) -> Option<HeaderValue> {
        match echoed.single_line() {
            Some(_) => self
                .request
                .first(CorsRequestHeader::RequestHeaders)
                .cloned(),
            None => {
                let joined = echoed.value(&self.request).into_owned();
                HeaderValue::from_maybe_shared(Bytes::from(joined)).ok()
            }
        }
    }

    /// The value of any header, for [`HeaderSink::header`].
    fn any(&self, header: CorsResponseHeader, value: ResponseValue<'_, '_>) -> Option<HeaderValue> {
        match value {
            ResponseValue::Origin(origin) => self.origin(origin),
            ResponseValue::True => Some(TRUE),
            ResponseValue::Policy(_) => match header {
                CorsResponseHeader::AllowMethods => self.prepared.allow_methods.clone(),
                CorsResponseHeader::AllowHeaders => self.prepared.allow_headers.clone(),
                CorsResponseHeader::MaxAge => self.prepared.max_age.clone(),
                CorsResponseHeader::ExposeHeaders => self.prepared.expose_headers.clone(),
                CorsResponseHeader::AllowOrigin
                | CorsResponseHeader::AllowCredentials
                | CorsResponseHeader::AllowPrivateNetwork => None,
            },
            ResponseValue::Echo(echoed) => self.echo(echoed),
        }
    }
}

/// The `http` name of a CORS response header.
fn header_name(header: CorsResponseHeader) -> HeaderName {
    match header {
        CorsResponseHeader::AllowOrigin => header::ACCESS_CONTROL_ALLOW_ORIGIN,
        CorsResponseHeader::AllowCredentials => header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        CorsResponseHeader::AllowMethods => header::ACCESS_CONTROL_ALLOW_METHODS,
        CorsResponseHeader::AllowHeaders => header::ACCESS_CONTROL_ALLOW_HEADERS,
        CorsResponseHeader::MaxAge => header::ACCESS_CONTROL_MAX_AGE,
        CorsResponseHeader::AllowPrivateNetwork => ALLOW_PRIVATE_NETWORK,
        CorsResponseHeader::ExposeHeaders => header::ACCESS_CONTROL_EXPOSE_HEADERS,
    }
}

/// The CORS headers an actual response gets, owned so that they outlive the request, which the
/// inner service consumes.
#[derive(Clone, Debug, Default)]
pub(crate) struct ActualHeaders {
    allow_origin: Option<HeaderValue>,
    allow_credentials: bool,
    expose_headers: Option<HeaderValue>,
    vary: Option<&'static str>,
}

/// Collects an allowed actual request's headers into [`ActualHeaders`].
struct CollectActual<'a> {
    headers: ActualHeaders,
    values: Values<'a>,
}

impl<'p, 'r> HeaderSink<'p, 'r> for CollectActual<'_> {
    fn header(&mut self, name: CorsResponseHeader, value: ResponseValue<'p, 'r>) {
        let value = self.values.any(name, value);
        match name {
            CorsResponseHeader::AllowOrigin => self.headers.allow_origin = value,
            CorsResponseHeader::AllowCredentials => self.headers.allow_credentials = true,
            CorsResponseHeader::ExposeHeaders => self.headers.expose_headers = value,
            // Preflight headers: an actual answer has none.
            CorsResponseHeader::AllowMethods
            | CorsResponseHeader::AllowHeaders
            | CorsResponseHeader::MaxAge
            | CorsResponseHeader::AllowPrivateNetwork => {}
        }
    }

    #[inline]
    fn allow_origin(&mut self, origin: AllowOriginValue<'p, 'r>) {
        self.headers.allow_origin = self.values.origin(origin);
    }

    #[inline]
    fn allow_credentials(&mut self) {
        self.headers.allow_credentials = true;
    }

    #[inline]
    fn expose_headers(&mut self, _: &'p str) {
        self.headers.expose_headers = self.values.prepared.expose_headers.clone();
    }
}

impl ActualHeaders {
    /// Only `Vary` (no `Origin`, or an origin that is not allowed).
    pub(crate) fn vary(vary: Option<&'static str>) -> Self {
        ActualHeaders {
            vary,
            ..ActualHeaders::default()
        }
    }

    /// The headers of an allowed actual request, `decision`, as values of `prepared`.
    #[inline]
    pub(crate) fn allowed(
        decision: &Decision<'_, '_>,
        prepared: &HeaderValues,
        request: TowerRequest<'_>,
    ) -> Self {
        let mut collect = CollectActual {
            headers: ActualHeaders::vary(decision.vary()),
            values: Values { prepared, request },
        };
        decision.write_headers(&mut collect);
        collect.headers
    }

    /// Writes the headers, replacing any the service set and merging `Vary`.
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

/// Inserts a preflight answer's headers into the response built for it.
struct InsertPreflight<'a> {
    headers: &'a mut HeaderMap,
    values: Values<'a>,
}

impl InsertPreflight<'_> {
    #[inline]
    fn insert(&mut self, name: HeaderName, value: Option<HeaderValue>) {
        if let Some(value) = value {
            self.headers.insert(name, value);
        }
    }
}

impl<'p, 'r> HeaderSink<'p, 'r> for InsertPreflight<'_> {
    fn header(&mut self, name: CorsResponseHeader, value: ResponseValue<'p, 'r>) {
        let value = self.values.any(name, value);
        self.insert(header_name(name), value);
    }

    #[inline]
    fn allow_origin(&mut self, origin: AllowOriginValue<'p, 'r>) {
        let value = self.values.origin(origin);
        self.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }

    #[inline]
    fn allow_credentials(&mut self) {
        self.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, Some(TRUE));
    }

    #[inline]
    fn allow_methods(&mut self, _: &'p str) {
        let value = self.values.prepared.allow_methods.clone();
        self.insert(header::ACCESS_CONTROL_ALLOW_METHODS, value);
    }

    #[inline]
    fn allow_headers(&mut self, _: &'p str) {
        let value = self.values.prepared.allow_headers.clone();
        self.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
    }

    #[inline]
    fn echo_headers(&mut self, echoed: EchoedHeaders<'r>) {
        let value = self.values.echo(echoed);
        self.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
    }

    #[inline]
    fn max_age(&mut self, _: &'p str) {
        let value = self.values.prepared.max_age.clone();
        self.insert(header::ACCESS_CONTROL_MAX_AGE, value);
    }

    #[inline]
    fn allow_private_network(&mut self) {
        self.insert(ALLOW_PRIVATE_NETWORK, Some(TRUE));
    }
}

/// Writes the headers of an allowed preflight, `decision` (everything but the status), into the
/// headers of the response built for it, which has no `Vary` yet.
pub(crate) fn write_preflight(
    headers: &mut HeaderMap,
    prepared: &HeaderValues,
    decision: &Decision<'_, '_>,
    request: TowerRequest<'_>,
) {
    let mut insert = InsertPreflight {
        headers,
        values: Values { prepared, request },
    };
    decision.write_headers(&mut insert);
    if let Some(vary) = decision.vary() {
        insert_vary(insert.headers, vary);
    }
}

/// Merges `add` into the response's `Vary` (docs/protocol.md section 7).
///
/// One lookup: the entry of `Vary` is found once, and written in place.
pub(crate) fn merge_vary(headers: &mut HeaderMap, add: &'static str) {
    let mut entry = match headers.entry(header::VARY) {
        Entry::Vacant(vacant) => {
            if let Some(value) = vary_value(add) {
                vacant.insert(value);
            }
            return;
        }
        Entry::Occupied(occupied) => occupied,
    };
    let existing = || entry.iter().map(HeaderValue::as_bytes);
    let value = match cors_core::glue::merge_vary(existing, add) {
        VaryUpdate::Keep => None,
        VaryUpdate::Insert(names) => vary_value(names),
        // Built from existing header values and names of our own: always valid.
        VaryUpdate::Replace(merged) => HeaderValue::from_maybe_shared(Bytes::from(merged)).ok(),
    };
    if let Some(value) = value {
        // Replaces every line.
        entry.insert(value);
    }
}

/// Sets `Vary` to `names` on a response that has none, such as one the middleware built.
pub(crate) fn insert_vary(headers: &mut HeaderMap, names: &'static str) {
    if let Some(value) = vary_value(names) {
        headers.insert(header::VARY, value);
    }
}

/// The header value of `names`, a list of names a policy varies on.
#[inline]
fn vary_value(names: &'static str) -> Option<HeaderValue> {
    const ORIGIN: HeaderValue = HeaderValue::from_static(VARY_ORIGIN);
    const REQUEST_HEADERS: HeaderValue = HeaderValue::from_static(VARY_REQUEST_HEADERS);
    const BOTH: HeaderValue = HeaderValue::from_static(VARY_ORIGIN_AND_REQUEST_HEADERS);
    match names {
        VARY_ORIGIN => Some(ORIGIN),
        VARY_REQUEST_HEADERS => Some(REQUEST_HEADERS),
        VARY_ORIGIN_AND_REQUEST_HEADERS => Some(BOTH),
        other => HeaderValue::from_str(other).ok(),
    }
}
