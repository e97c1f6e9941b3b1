//! The response side of a [`Decision`]: which CORS headers an answer carries, and their values.
//!
//! Written once here, so that every framework adapter (the `http` one in this crate, the actix
//! glue, ...) is a [`Decision::write_headers`] visitor that turns each value into its own
//! header type, plus a [`merge_vary`](crate::merge_vary) of [`Decision::vary`].

use std::borrow::Cow;

use crate::allowed::AllowOriginValue;
use crate::decision::{AllowHeadersValue, Decision, EchoedHeaders};
use crate::request::RequestView;

/// The response headers the CORS protocol writes, but `Vary`, which is merged rather than set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CorsResponseHeader {
    /// `Access-Control-Allow-Origin`
    AllowOrigin,
    /// `Access-Control-Allow-Credentials`
    AllowCredentials,
    /// `Access-Control-Allow-Methods`
    AllowMethods,
    /// `Access-Control-Allow-Headers`
    AllowHeaders,
    /// `Access-Control-Max-Age`
    MaxAge,
    /// `Access-Control-Allow-Private-Network`
    AllowPrivateNetwork,
    /// `Access-Control-Expose-Headers`
    ExposeHeaders,
}

impl CorsResponseHeader {
    /// The lowercase header name.
    ///
    /// ```
    /// use cors_core::glue::CorsResponseHeader;
    /// assert_eq!(CorsResponseHeader::MaxAge.as_str(), "access-control-max-age");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            CorsResponseHeader::AllowOrigin => "access-control-allow-origin",
            CorsResponseHeader::AllowCredentials => "access-control-allow-credentials",
            CorsResponseHeader::AllowMethods => "access-control-allow-methods",
            CorsResponseHeader::AllowHeaders => "access-control-allow-headers",
            CorsResponseHeader::MaxAge => "access-control-max-age",
            CorsResponseHeader::AllowPrivateNetwork => "access-control-allow-private-network",
            CorsResponseHeader::ExposeHeaders => "access-control-expose-headers",
        }
    }
}

/// The value of one CORS response header, saying where its bytes come from so that glue can
/// send a value it prepared once (a `HeaderValue` per policy) instead of converting bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseValue<'p, 'r> {
    /// `Access-Control-Allow-Origin`'s value.
    Origin(AllowOriginValue<'p, 'r>),
    /// `true`.
    True,
    /// A value the policy computed once: the allowed methods, the allowed or exposed headers,
    /// the max age.
    Policy(&'p str),
    /// The request's own `Access-Control-Request-Headers`.
    Echo(EchoedHeaders<'r>),
}

impl<'a> ResponseValue<'a, 'a> {
    /// The value's bytes; `request` is the request the decision was made for (only an echo of
    /// several `Access-Control-Request-Headers` lines reads it, and allocates).
    ///
    /// ```
    /// use cors_core::PolicySpec;
    /// use cors_core::glue::{CorsResponseHeader, ResponseValue};
    ///
    /// let policy = PolicySpec::new().origins(["https://app.example.com"]).methods(["GET"])
    ///     .credentials(true).compile()?;
    /// let request = http::Request::get("/").header("origin", "https://app.example.com")
    ///     .body(()).unwrap();
    /// let mut headers = Vec::new();
    /// policy.decide(&request).write_headers(&mut |name, value: ResponseValue<'_, '_>| {
    ///     headers.push((name, value.bytes(&request).into_owned()));
    /// });
    /// assert_eq!(headers, [
    ///     (CorsResponseHeader::AllowOrigin, b"https://app.example.com".to_vec()),
    ///     (CorsResponseHeader::AllowCredentials, b"true".to_vec()),
    /// ]);
    /// # Ok::<(), cors_core::ConfigErrors>(())
    /// ```
    pub fn bytes<R>(&self, request: &'a R) -> Cow<'a, [u8]>
    where
        R: RequestView + ?Sized,
    {
        match *self {
            ResponseValue::Origin(origin) => Cow::Borrowed(match origin {
                AllowOriginValue::Any => b"*",
                AllowOriginValue::Exact { origin, .. } => origin.as_bytes(),
                AllowOriginValue::Null => b"null",
                AllowOriginValue::Matched(origin) => origin,
            }),
            ResponseValue::True => Cow::Borrowed(b"true"),
            ResponseValue::Policy(text) => Cow::Borrowed(text.as_bytes()),
            ResponseValue::Echo(echoed) => echoed.value(request),
        }
    }
}

/// Receives the CORS headers of an answer from [`Decision::write_headers`], one call each.
///
/// [`header`](Self::header) takes every header the same way, which is all a simple adapter
/// needs; glue that prepared values per policy overrides the named methods, each of which is
/// called for its own header only, so that writing a header costs no dispatch on its name.
pub trait HeaderSink<'p, 'r> {
    /// Takes one header.
    fn header(&mut self, name: CorsResponseHeader, value: ResponseValue<'p, 'r>);

    /// `Access-Control-Allow-Origin`.
    #[inline]
    fn allow_origin(&mut self, origin: AllowOriginValue<'p, 'r>) {
        self.header(
            CorsResponseHeader::AllowOrigin,
            ResponseValue::Origin(origin),
        );
    }

    /// `Access-Control-Allow-Credentials: true`.
    #[inline]
    fn allow_credentials(&mut self) {
        self.header(CorsResponseHeader::AllowCredentials, ResponseValue::True);
    }

    /// `Access-Control-Allow-Methods`, the policy's list.
    #[inline]
    fn allow_methods(&mut self, methods: &'p str) {
        self.header(
            CorsResponseHeader::AllowMethods,
            ResponseValue::Policy(methods),
        );
    }

    /// `Access-Control-Allow-Headers`, the policy's list.
    #[inline]
    fn allow_headers(&mut self, list: &'p str) {
        self.header(
            CorsResponseHeader::AllowHeaders,
            ResponseValue::Policy(list),
        );
    }

    /// `Access-Control-Allow-Headers`, the request's own names.
    #[inline]
    fn echo_headers(&mut self, echoed: EchoedHeaders<'r>) {
        self.header(
            CorsResponseHeader::AllowHeaders,
            ResponseValue::Echo(echoed),
        );
    }

    /// `Access-Control-Max-Age`.
    #[inline]
    fn max_age(&mut self, seconds: &'p str) {
        self.header(CorsResponseHeader::MaxAge, ResponseValue::Policy(seconds));
    }

    /// `Access-Control-Allow-Private-Network: true`.
    #[inline]
    fn allow_private_network(&mut self) {
        self.header(CorsResponseHeader::AllowPrivateNetwork, ResponseValue::True);
    }

    /// `Access-Control-Expose-Headers`.
    #[inline]
    fn expose_headers(&mut self, list: &'p str) {
        self.header(
            CorsResponseHeader::ExposeHeaders,
            ResponseValue::Policy(list),
        );
    }
}

/// Any closure taking a header's name and value is a sink.
impl<'p, 'r, F> HeaderSink<'p, 'r> for F
where
    F: FnMut(CorsResponseHeader, ResponseValue<'p, 'r>),
{
    fn header(&mut self, name: CorsResponseHeader, value: ResponseValue<'p, 'r>) {
        self(name, value);
    }
}

impl<'p, 'r> Decision<'p, 'r> {
    /// Hands `sink` every CORS header the answer carries, in a fixed order, but `Vary`
    /// ([`vary`](Decision::vary), merged into the response's own). Nothing for
    /// [`NotCors`](Decision::NotCors) or a rejection; note that under a policy allowing any
    /// origin a request without `Origin` is [`ActualAllowed`](Decision::ActualAllowed), `*`.
    ///
    /// This is the one place that says which headers an answer carries. For a preflight, the
    /// caller also sets the status ([`Preflight::status`](crate::glue::Preflight)) and an empty
    /// body; for a rejected preflight, 403.
    #[inline]
    pub fn write_headers(&self, sink: &mut impl HeaderSink<'p, 'r>) {
        match *self {
            Decision::ActualAllowed(actual) => {
                sink.allow_origin(actual.allow_origin);
                if actual.allow_credentials {
                    sink.allow_credentials();
                }
                if let Some(expose) = actual.expose_headers {
                    sink.expose_headers(expose);
                }
            }
            Decision::PreflightAllowed(preflight) => {
                sink.allow_origin(preflight.allow_origin);
                if preflight.allow_credentials {
                    sink.allow_credentials();
                }
                sink.allow_methods(preflight.allow_methods);
                match preflight.allow_headers {
                    AllowHeadersValue::None => {}
                    AllowHeadersValue::List(list) => sink.allow_headers(list),
                    AllowHeadersValue::Echo(echoed) => sink.echo_headers(echoed),
                }
                if let Some(max_age) = preflight.max_age {
                    sink.max_age(max_age);
                }
                if preflight.allow_private_network {
                    sink.allow_private_network();
                }
            }
            Decision::NotCors { .. }
            | Decision::PreflightRejected(_)
            | Decision::ActualRejected(_) => {}
        }
    }
}
