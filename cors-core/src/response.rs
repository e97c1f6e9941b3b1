//! The response side of a [`Decision`]: which CORS headers an answer carries, and their values.
//!
//! Written once here, so that every framework adapter (the `http` one in this crate, the actix
//! glue, ...) is a [`Decision::write_headers`] visitor that turns each value into its own
//! header type, plus a [`merge_vary`](crate::merge_vary) of [`Decision::vary`].

use std::borrow::Cow;

use crate::decision::{AllowHeadersValue, Decision, EchoedHeaders};
use crate::policy::AllowOriginValue;
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
    /// use cors_core::glue::CorsResponseHeader;
    ///
    /// let policy = PolicySpec::new().origins(["https://app.example.com"]).methods(["GET"])
    ///     .credentials(true).compile()?;
    /// let request = http::Request::get("/").header("origin", "https://app.example.com")
    ///     .body(()).unwrap();
    /// let mut headers = Vec::new();
    /// policy.decide(&request).write_headers(|name, value| {
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

impl<'p, 'r> Decision<'p, 'r> {
    /// Hands `write` every CORS header the answer carries, in a fixed order, but `Vary`
    /// ([`vary`](Decision::vary), merged into the response's own). Nothing for a rejection or
    /// a request without `Origin`.
    ///
    /// A visitor rather than an iterator, so that glue inlines it into the few inserts the
    /// decision needs. For a preflight, the caller also sets the status
    /// ([`Preflight::status`](crate::glue::Preflight)) and an empty body; for a rejected preflight,
    /// 403.
    #[inline]
    pub fn write_headers(&self, mut write: impl FnMut(CorsResponseHeader, ResponseValue<'p, 'r>)) {
        use CorsResponseHeader as H;
        match *self {
            Decision::ActualAllowed(actual) => {
                write(H::AllowOrigin, ResponseValue::Origin(actual.allow_origin));
                if actual.allow_credentials {
                    write(H::AllowCredentials, ResponseValue::True);
                }
                if let Some(expose) = actual.expose_headers {
                    write(H::ExposeHeaders, ResponseValue::Policy(expose));
                }
            }
            Decision::PreflightAllowed(preflight) => {
                write(
                    H::AllowOrigin,
                    ResponseValue::Origin(preflight.allow_origin),
                );
                if preflight.allow_credentials {
                    write(H::AllowCredentials, ResponseValue::True);
                }
                write(
                    H::AllowMethods,
                    ResponseValue::Policy(preflight.allow_methods),
                );
                match preflight.allow_headers {
                    AllowHeadersValue::None => {}
                    AllowHeadersValue::List(list) => {
                        write(H::AllowHeaders, ResponseValue::Policy(list))
                    }
                    AllowHeadersValue::Echo(echoed) => {
                        write(H::AllowHeaders, ResponseValue::Echo(echoed))
                    }
                }
                if let Some(max_age) = preflight.max_age {
                    write(H::MaxAge, ResponseValue::Policy(max_age));
                }
                if preflight.allow_private_network {
                    write(H::AllowPrivateNetwork, ResponseValue::True);
                }
            }
            Decision::NotCors { .. }
            | Decision::PreflightRejected(_)
            | Decision::ActualRejected(_) => {}
        }
    }
}
