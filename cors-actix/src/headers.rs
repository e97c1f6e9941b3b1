//! Writing a [`Decision`](cors_core::glue::Decision) into an actix response's headers.
//!
//! A decision borrows its configured values (`&str`) from the policy; [`HeaderValues`] holds the
//! same values as header values, built once per policy and cloned into each response:
//! - for a `&'static Policy` (the `#[cors]` attribute), once per worker, pointing at the
//!   literals (`HeaderValue::from_static`), so a clone copies a few words;
//! - for a runtime policy (`Cors`), once at startup, each owning a shared buffer, so a clone is a
//!   reference count.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use cors_core::Policy;
use cors_core::glue::{
    AllowOriginValue, CorsRequestHeader, CorsResponseHeader, Decision, EchoedHeaders, HeaderSink,
    ResponseValue, VaryUpdate,
};

use crate::request::ActixRequest;

/// `Access-Control-Allow-Private-Network`, which `http` 0.2 has no constant for.
pub(crate) static ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

const TRUE: HeaderValue = HeaderValue::from_static("true");
const ANY: HeaderValue = HeaderValue::from_static("*");
const NULL: HeaderValue = HeaderValue::from_static("null");

/// A header value pointing at `text`, without allocating. Every text of a policy is a valid
/// header value: `Policy::from_parts` and the origin and header sets check it when the policy
/// is built, so `from_static` cannot panic here.
fn literal(text: &'static str) -> Option<HeaderValue> {
    Some(HeaderValue::from_static(text))
}

/// A header value owning a copy of `text` in a shared buffer.
fn owned(text: &str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_owner(text.to_owned().into_bytes())).ok()
}

/// The header values of a policy, computed once and cloned into each response.
///
/// A policy holds only valid header values (its constructor checks them), so no conversion
/// fails.
#[derive(Clone, Debug)]
pub(crate) struct HeaderValues {
    /// The exact allowed origins, in the order of the policy's list, which the engine's
    /// [`AllowOriginValue::Exact`] index points into.
    origins: Vec<Option<HeaderValue>>,
    allow_methods: Option<HeaderValue>,
    allow_headers: Option<HeaderValue>,
    expose_headers: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
}

impl HeaderValues {
    /// The values of a policy that lives for the whole program: each points at the policy's own
    /// literal, so nothing is copied and a clone copies a few words.
    pub(crate) fn borrowed(policy: &'static Policy) -> Self {
        HeaderValues::build(policy, literal)
    }

    /// The values of a runtime policy: each owns a reference-counted buffer, so the clone each
    /// response takes is a counter increment.
    pub(crate) fn owned(policy: &Policy) -> Self {
        HeaderValues::build(policy, owned)
    }

    fn build<'p>(policy: &'p Policy, value: impl Fn(&'p str) -> Option<HeaderValue>) -> Self {
        let origins = policy.origins().exact().iter().map(|o| value(o)).collect();
        let allow_headers = policy.headers().value().and_then(&value);
        HeaderValues {
            origins,
            allow_methods: value(policy.allow_methods()),
            allow_headers,
            expose_headers: policy.expose_headers().and_then(&value),
            max_age: policy.max_age().and_then(&value),
        }
    }
}

/// The actix name of a CORS response header.
fn header_name(header: CorsResponseHeader) -> HeaderName {
    match header {
        CorsResponseHeader::AllowOrigin => header::ACCESS_CONTROL_ALLOW_ORIGIN,
        CorsResponseHeader::AllowCredentials => header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        CorsResponseHeader::AllowMethods => header::ACCESS_CONTROL_ALLOW_METHODS,
        CorsResponseHeader::AllowHeaders => header::ACCESS_CONTROL_ALLOW_HEADERS,
        CorsResponseHeader::MaxAge => header::ACCESS_CONTROL_MAX_AGE,
        CorsResponseHeader::AllowPrivateNetwork => ALLOW_PRIVATE_NETWORK.clone(),
        CorsResponseHeader::ExposeHeaders => header::ACCESS_CONTROL_EXPOSE_HEADERS,
    }
}

/// A decision's header values as actix values: prepared once per policy where the value comes
/// from the policy, shared with the request where it comes from the request.
#[derive(Clone, Copy)]
struct Values<'a> {
    prepared: &'a HeaderValues,
    request: ActixRequest<'a>,
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
            // Matched a pattern: the bytes are the request's single `Origin`, whose value is
            // shared with the request buffer rather than copied.
            AllowOriginValue::Matched(_) => self.request.first(CorsRequestHeader::Origin).cloned(),
        }
    }

    /// The request's names, echoed after the engine checked every one. One line is a valid
    /// header value already and is shared, not copied; several are joined into a new value.
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

/// The CORS headers an actual response gets, owned so they outlive the borrowed request.
///
/// Public only because `Action`, which the sealed [`PolicySource`](crate::PolicySource) returns, names it.
#[derive(Clone, Debug, Default)]
pub struct ActualHeaders {
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
        request: ActixRequest<'_>,
    ) -> Self {
        let mut collect = CollectActual {
            headers: ActualHeaders::vary(decision.vary()),
            values: Values { prepared, request },
        };
        decision.write_headers(&mut collect);
        collect.headers
    }

    /// Whether there is nothing to write.
    pub(crate) fn is_empty(&self) -> bool {
        self.allow_origin.is_none() && self.vary.is_none()
    }

    /// Writes the headers, replacing any the handler set and merging `Vary`.
    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        if let Some(origin) = self.allow_origin {
            replace(headers, header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if self.allow_credentials {
                replace(headers, header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            if let Some(expose) = self.expose_headers {
                replace(headers, header::ACCESS_CONTROL_EXPOSE_HEADERS, expose);
            }
        }
        if let Some(vary) = self.vary {
            merge_vary(headers, vary);
        }
    }
}

/// Sets `name` to `value` alone, replacing what the handler may have set. Handlers rarely set
/// CORS headers: a lookup and an `append` cost less than an `insert`, which moves out and drops
/// what it replaces even when there is nothing (BENCHMARKS.md).
#[inline]
fn replace(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if headers.contains_key(&name) {
        headers.insert(name, value);
    } else {
        headers.append(name, value);
    }
}

/// Inserts a preflight answer's headers into the response built for it.
struct InsertPreflight<'a> {
    headers: &'a mut HeaderMap,
    values: Values<'a>,
}

impl InsertPreflight<'_> {
    /// Adds one header to the answer's map, which has none of the CORS headers yet and gets
    /// each once: `append` goes straight to the vacant slot, where `insert` also moves out and
    /// drops what it replaces (about 80 instructions more per header, BENCHMARKS.md).
    #[inline]
    fn insert(&mut self, name: HeaderName, value: Option<HeaderValue>) {
        if let Some(value) = value {
            self.headers.append(name, value);
        }
    }
}

impl<'p, 'r> HeaderSink<'p, 'r> for InsertPreflight<'_> {
    fn header(&mut self, name: CorsResponseHeader, value: ResponseValue<'p, 'r>) {
        let value = self.values.any(name, value);
        self.insert(header_name(name), value);
    }

    #[inline(always)]
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
        self.insert(ALLOW_PRIVATE_NETWORK.clone(), Some(TRUE));
    }
}

/// Writes the headers of an allowed preflight, `decision` (everything but the status), into the
/// headers of the response built for it, which has no `Vary` yet.
pub(crate) fn write_preflight(
    headers: &mut HeaderMap,
    prepared: &HeaderValues,
    decision: &Decision<'_, '_>,
    request: ActixRequest<'_>,
) {
    let vary = decision.vary();
    let mut insert = InsertPreflight {
        headers,
        values: Values { prepared, request },
    };
    decision.write_headers(&mut insert);
    if let Some(vary) = vary {
        insert_vary(insert.headers, vary);
    }
}

/// Merges `add` into the response's `Vary` (docs/protocol.md section 7).
pub(crate) fn merge_vary(headers: &mut HeaderMap, add: &'static str) {
    // Most handler responses have no `Vary`: one lookup, and ours is appended. Otherwise ours
    // replaces the existing lines, and only those need merging.
    let Some(value) = vary_value(add) else {
        return;
    };
    if !headers.contains_key(header::VARY) {
        headers.append(header::VARY, value);
        return;
    }
    let mut replaced = headers.insert(header::VARY, value);
    let Some(first) = replaced.next() else {
        return;
    };
    // Empty (and unallocated) unless the response had several `Vary` lines.
    let rest: Vec<HeaderValue> = replaced.collect();
    let existing = || {
        std::iter::once(&first)
            .chain(&rest)
            .map(HeaderValue::as_bytes)
    };
    match cors_core::glue::merge_vary(existing, add) {
        VaryUpdate::Keep => {
            headers.insert(header::VARY, first);
            for line in rest {
                headers.append(header::VARY, line);
            }
        }
        // Not for existing lines; ours is in place.
        VaryUpdate::Insert(_) => {}
        VaryUpdate::Replace(merged) => {
            // Built from existing header values and names of our own: always valid.
            if let Ok(value) = HeaderValue::from_maybe_shared(Bytes::from(merged)) {
                headers.insert(header::VARY, value);
            }
        }
    }
}

/// Sets `Vary` to `names` on a response that has none, such as one the middleware built
/// (appended: there is nothing to replace).
pub(crate) fn insert_vary(headers: &mut HeaderMap, names: &'static str) {
    if let Some(value) = vary_value(names) {
        headers.append(header::VARY, value);
    }
}

/// The header value of `names`, a list of names a policy varies on.
#[inline]
fn vary_value(names: &'static str) -> Option<HeaderValue> {
    const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
    const REQUEST_HEADERS: HeaderValue = HeaderValue::from_static("Access-Control-Request-Headers");
    const BOTH: HeaderValue = HeaderValue::from_static("Origin, Access-Control-Request-Headers");
    // A policy varies on one of these three lists; matching them (a length switch and one
    // comparison) avoids `literal()`'s scan of the bytes.
    match names {
        cors_core::glue::VARY_ORIGIN => Some(ORIGIN),
        cors_core::glue::VARY_REQUEST_HEADERS => Some(REQUEST_HEADERS),
        cors_core::glue::VARY_ORIGIN_AND_REQUEST_HEADERS => Some(BOTH),
        other => literal(other),
    }
}

#[cfg(test)]
mod tests {
    use cors_core::PolicySpec;

    use super::*;

    /// Every `Vary` list a policy can ask for is inserted as is into a response without `Vary`
    /// and merged into one with it.
    #[test]
    fn vary_is_inserted_or_merged() {
        let spec = |origins: &str, headers: &str| {
            PolicySpec::new()
                .origins([origins])
                .methods(["GET"])
                .headers([headers])
                .compile()
                .unwrap()
        };
        let policies = [
            spec("https://a.example.com", "x-api-key"),
            spec("https://a.example.com", "*"),
            spec("*", "*"),
        ];
        for names in policies
            .iter()
            .flat_map(|policy| [policy.vary_actual(), policy.vary_preflight()])
            .flatten()
        {
            let mut headers = HeaderMap::new();
            merge_vary(&mut headers, names);
            assert_eq!(headers.get(header::VARY).unwrap(), names);

            let mut headers = HeaderMap::new();
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            merge_vary(&mut headers, names);
            let merged: Vec<_> = headers.get_all(header::VARY).collect();
            assert_eq!(merged, [format!("Accept-Encoding, {names}").as_str()]);

            let mut headers = HeaderMap::new();
            headers.insert(header::VARY, HeaderValue::from_static("*"));
            merge_vary(&mut headers, names);
            assert_eq!(headers.get(header::VARY).unwrap(), "*");

            // Lines that already name everything are left as they were, in order.
            let lines = ["accept-encoding", &names.to_ascii_lowercase(), "cookie"];
            let mut headers = HeaderMap::new();
            for line in lines {
                headers.append(header::VARY, HeaderValue::from_str(line).unwrap());
            }
            merge_vary(&mut headers, names);
            let kept: Vec<_> = headers.get_all(header::VARY).collect();
            assert_eq!(kept, lines);
        }
        // Several lines, some names missing: one merged line.
        let mut headers = HeaderMap::new();
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.append(header::VARY, HeaderValue::from_static("Cookie, Origin"));
        merge_vary(&mut headers, "Origin, Access-Control-Request-Headers");
        let merged: Vec<_> = headers.get_all(header::VARY).collect();
        assert_eq!(
            merged,
            ["Accept-Encoding, Cookie, Origin, Access-Control-Request-Headers"]
        );
    }

    /// An allowed response's CORS headers replace whatever the handler set under those names
    /// (one line each, ours), and are added where it set none.
    #[test]
    fn actual_headers_replace_the_handlers_own() {
        let ours = || ActualHeaders {
            allow_origin: Some(HeaderValue::from_static("https://app.example.com")),
            allow_credentials: true,
            expose_headers: Some(HeaderValue::from_static("x-total-count")),
            vary: Some("Origin"),
        };
        let names = [
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
        ];
        let expected = ["https://app.example.com", "true", "x-total-count"];

        let mut set_by_handler = HeaderMap::new();
        for name in &names {
            set_by_handler.append(name.clone(), HeaderValue::from_static("*"));
            set_by_handler.append(name.clone(), HeaderValue::from_static("false"));
        }
        let mut untouched = HeaderMap::new();
        for headers in [&mut set_by_handler, &mut untouched] {
            ours().apply(headers);
            for (name, value) in names.iter().zip(expected) {
                let lines: Vec<_> = headers.get_all(name).collect();
                assert_eq!(lines, [value], "{name}");
            }
            assert_eq!(headers.get(header::VARY).unwrap(), "Origin");
        }
    }
}
