//! The decision engine: what a request gets, by the rules of docs/protocol.md sections 2 to 8.

use std::fmt;

use crate::allowed::AllowOriginValue;
use crate::origin::Origin;
use crate::policy::Policy;
use std::borrow::Cow;

use crate::request::{CorsRequestHeader, RequestView, SingleValue, list_items, single_value};
use crate::token::{SAFELISTED_METHODS, is_token};

/// What to do with one request.
///
/// `'p` borrows from the policy and `'r` from the request, so a `&'static Policy` yields
/// `&'static str` header values that glue can send without copying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision<'p, 'r> {
    /// No `Origin`: not a CORS request. Run the handler; add only `vary`.
    ///
    /// Never the decision of a policy that allows any origin: there a request without `Origin`
    /// is [`ActualAllowed`](Decision::ActualAllowed) with `*`, so that no response depends on
    /// `Origin` and a cached answer serves every later request (docs/protocol.md section 7).
    NotCors {
        /// The `Vary` value to merge into the response.
        vary: Option<&'static str>,
    },
    /// A preflight to answer successfully, without calling the handler.
    PreflightAllowed(Preflight<'p, 'r>),
    /// A preflight to refuse (403), without CORS headers.
    PreflightRejected(Rejection<'r>),
    /// An actual request from an allowed origin (or, under a policy allowing any origin, with no
    /// `Origin` at all): run the handler and decorate its response.
    ActualAllowed(Actual<'p, 'r>),
    /// An actual request from an origin that is not allowed (or a malformed or repeated
    /// `Origin`): run the handler unless the policy is strict; send no CORS headers but `vary`.
    ActualRejected(Rejection<'r>),
}

impl Decision<'_, '_> {
    /// The request's origin when the policy refused it only because it does not list it, and
    /// it is one exact origin as browsers serialize it: what an origin predicate is asked about.
    /// `None` for every other decision, for a repeated or malformed `Origin` and for `null`.
    ///
    /// ```
    /// use cors_core::PolicySpec;
    ///
    /// let policy = PolicySpec::new().origins(["https://app.example.com"]).methods(["GET"])
    ///     .compile()?;
    /// let from = |origin| http::Request::get("/").header("origin", origin).body(()).unwrap();
    /// let tenant = from("https://tenant.example");
    /// assert_eq!(policy.decide(&tenant).unlisted_origin().unwrap().as_str(), "https://tenant.example");
    /// let listed = from("https://app.example.com");
    /// assert_eq!(policy.decide(&listed).unlisted_origin(), None);
    /// let malformed = from("https://tenant.example/");
    /// assert_eq!(policy.decide(&malformed).unlisted_origin(), None);
    /// # Ok::<(), cors_core::ConfigErrors>(())
    /// ```
    pub fn unlisted_origin(&self) -> Option<Origin> {
        match self {
            Decision::PreflightRejected(Rejection {
                reason: RejectReason::OriginNotAllowed(origin),
                ..
            })
            | Decision::ActualRejected(Rejection {
                reason: RejectReason::OriginNotAllowed(origin),
                ..
            }) => Origin::from_request(origin),
            _ => None,
        }
    }

    /// The `Vary` value the response must carry, whatever the outcome.
    pub fn vary(&self) -> Option<&'static str> {
        match self {
            Decision::NotCors { vary } => *vary,
            Decision::PreflightAllowed(preflight) => preflight.vary,
            Decision::PreflightRejected(rejection) | Decision::ActualRejected(rejection) => {
                rejection.vary
            }
            Decision::ActualAllowed(actual) => actual.vary,
        }
    }
}

/// The headers of a successful preflight response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preflight<'p, 'r> {
    /// `Access-Control-Allow-Origin`
    pub allow_origin: AllowOriginValue<'p, 'r>,
    /// Send `Access-Control-Allow-Credentials: true`.
    pub allow_credentials: bool,
    /// `Access-Control-Allow-Methods`
    pub allow_methods: &'p str,
    /// `Access-Control-Allow-Headers`
    pub allow_headers: AllowHeadersValue<'p, 'r>,
    /// `Access-Control-Max-Age`
    pub max_age: Option<&'p str>,
    /// Send `Access-Control-Allow-Private-Network: true`.
    pub allow_private_network: bool,
    /// The response status (2xx).
    pub status: u16,
    /// `Vary`
    pub vary: Option<&'static str>,
}

/// The `Access-Control-Allow-Headers` value of a preflight response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllowHeadersValue<'p, 'r> {
    /// No header (the policy allows no request headers).
    None,
    /// The configured list.
    List(&'p str),
    /// The request's own `Access-Control-Request-Headers`, every name of which was checked.
    Echo(EchoedHeaders<'r>),
}

/// The `Access-Control-Request-Headers` a preflight answer echoes, under a policy that allows
/// any request header.
///
/// A request may split the list over several field lines, which mean the same as their
/// comma-joined value (RFC 9110 section 5.3). One line is echoed as received, without copying;
/// several are joined into one value, the only case that allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EchoedHeaders<'r> {
    first_line: &'r [u8],
    several_lines: bool,
}

impl<'r> EchoedHeaders<'r> {
    /// The request's only `Access-Control-Request-Headers` line, or `None` when it sent
    /// several and the answer needs [`value`](EchoedHeaders::value) to join them.
    pub fn single_line(&self) -> Option<&'r [u8]> {
        (!self.several_lines).then_some(self.first_line)
    }

    /// The `Access-Control-Allow-Headers` value: the one line as received, or the names of
    /// every line of `request` (the request this was decided from) joined by `", "`.
    ///
    /// ```
    /// use cors_core::PolicySpec;
    /// use cors_core::glue::{AllowHeadersValue, Decision};
    ///
    /// let policy = PolicySpec::new().origins(["https://app.example.com"]).methods(["PUT"])
    ///     .headers(["*"]).compile()?;
    /// let preflight = http::Request::options("/items")
    ///     .header("origin", "https://app.example.com")
    ///     .header("access-control-request-method", "PUT")
    ///     .header("access-control-request-headers", "authorization,")
    ///     .header("access-control-request-headers", " content-type")
    ///     .body(())
    ///     .unwrap();
    /// let Decision::PreflightAllowed(answer) = policy.decide(&preflight) else { panic!() };
    /// let AllowHeadersValue::Echo(echoed) = answer.allow_headers else { panic!() };
    /// assert_eq!(echoed.single_line(), None);
    /// assert_eq!(&*echoed.value(&preflight), b"authorization, content-type");
    /// # Ok::<(), cors_core::ConfigErrors>(())
    /// ```
    pub fn value<R>(&self, request: &'r R) -> Cow<'r, [u8]>
    where
        R: RequestView + ?Sized,
    {
        if !self.several_lines {
            return Cow::Borrowed(self.first_line);
        }
        // Only tokens: `decide` judged every name of the request it was given, and this keeps
        // a caller that passes another request from echoing anything but names.
        let names = || {
            request
                .header_values(CorsRequestHeader::RequestHeaders)
                .flat_map(list_items)
                .filter(|name| is_token(name))
        };
        // Sized up front so the value is one allocation.
        let length = names().map(|name| name.len() + 2).sum::<usize>();
        let mut joined = Vec::with_capacity(length.saturating_sub(2));
        for name in names() {
            if !joined.is_empty() {
                joined.extend_from_slice(b", ");
            }
            joined.extend_from_slice(name);
        }
        Cow::Owned(joined)
    }
}

/// The headers of an actual response from an allowed origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actual<'p, 'r> {
    /// `Access-Control-Allow-Origin`
    pub allow_origin: AllowOriginValue<'p, 'r>,
    /// Send `Access-Control-Allow-Credentials: true`.
    pub allow_credentials: bool,
    /// `Access-Control-Expose-Headers`
    pub expose_headers: Option<&'p str>,
    /// `Vary`
    pub vary: Option<&'static str>,
}

/// Why a request was not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection<'r> {
    /// The reason, for the response body and the log.
    pub reason: RejectReason<'r>,
    /// `Vary`: still sent so caches keep answers for different origins apart.
    pub vary: Option<&'static str>,
}

/// The machine-readable reason of a rejection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectReason<'r> {
    /// The origin is not in the policy.
    OriginNotAllowed(&'r [u8]),
    /// Several `Origin` headers: never allowed.
    OriginRepeated,
    /// The requested method is not allowed.
    MethodNotAllowed(&'r [u8]),
    /// Several `Access-Control-Request-Method` headers.
    MethodRepeated,
    /// A requested header is not allowed.
    HeaderNotAllowed(&'r [u8]),
    /// A requested header name is not a token.
    HeaderMalformed(&'r [u8]),
}

/// The broad class of a [`RejectReason`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RejectKind {
    /// The origin.
    Origin,
    /// The requested method.
    Method,
    /// A requested header.
    Header,
}

impl RejectReason<'_> {
    /// The broad class of the reason.
    pub fn kind(&self) -> RejectKind {
        match self {
            RejectReason::OriginNotAllowed(_) | RejectReason::OriginRepeated => RejectKind::Origin,
            RejectReason::MethodNotAllowed(_) | RejectReason::MethodRepeated => RejectKind::Method,
            RejectReason::HeaderNotAllowed(_) | RejectReason::HeaderMalformed(_) => {
                RejectKind::Header
            }
        }
    }
}

/// Shows request bytes as text, escaping anything that is not printable ASCII (`\xff`, `\n`,
/// `\"`), for messages and logs that quote what a client sent.
///
/// ```
/// use cors_core::glue::Escaped;
/// assert_eq!(Escaped(b"https://a.example\xff\n").to_string(), "https://a.example\\xff\\n");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.escape_ascii(), f)
    }
}

/// Writes `before`, the quoted request bytes, then `after`: the pieces in turn rather than
/// through `write!`, whose argument machinery costs more than the text itself (a rejection's
/// text is the body of every 403).
fn quote(f: &mut fmt::Formatter<'_>, before: &str, bytes: &[u8], after: &str) -> fmt::Result {
    f.write_str(before)?;
    fmt::Display::fmt(&Escaped(bytes), f)?;
    f.write_str(after)
}

impl RejectReason<'_> {
    /// At least the length of the reason's text, so that a buffer of this capacity never grows
    /// while it is written: the words of the longest reason, plus four characters for each
    /// request byte quoted (escaped as `\xNN` at worst).
    ///
    /// ```
    /// use cors_core::glue::RejectReason;
    /// let reason = RejectReason::OriginNotAllowed(b"https://evil.example\xff");
    /// assert!(reason.to_string().len() <= reason.text_capacity());
    /// ```
    pub fn text_capacity(&self) -> usize {
        const WORDS: usize = "several Access-Control-Request-Method headers".len();
        let quoted = match self {
            RejectReason::OriginNotAllowed(bytes)
            | RejectReason::MethodNotAllowed(bytes)
            | RejectReason::HeaderNotAllowed(bytes)
            | RejectReason::HeaderMalformed(bytes) => bytes.len(),
            RejectReason::OriginRepeated | RejectReason::MethodRepeated => 0,
        };
        WORDS + 4 * quoted
    }
}

impl fmt::Display for RejectReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::OriginNotAllowed(origin) => {
                quote(f, "origin ", origin, " is not allowed")
            }
            RejectReason::OriginRepeated => f.write_str("several Origin headers"),
            RejectReason::MethodNotAllowed(method) => {
                quote(f, "method ", method, " is not allowed")
            }
            RejectReason::MethodRepeated => {
                f.write_str("several Access-Control-Request-Method headers")
            }
            RejectReason::HeaderNotAllowed(name) => quote(f, "header ", name, " is not allowed"),
            RejectReason::HeaderMalformed(name) => {
                quote(f, "header name \"", name, "\" is malformed")
            }
        }
    }
}

/// The method a CORS preflight asks for (its first `Access-Control-Request-Method`), or `None`
/// when `request` is not a preflight: a preflight is `OPTIONS` with an `Origin` and an
/// `Access-Control-Request-Method` (docs/protocol.md section 3); any other `OPTIONS` belongs to
/// the application. [`Policy::decide`] classifies requests the same way.
///
/// ```
/// use cors_core::glue::preflight_method;
///
/// let preflight = http::Request::options("/")
///     .header("origin", "https://app.example.com")
///     .header("access-control-request-method", "PUT")
///     .body(())
///     .unwrap();
/// assert_eq!(preflight_method(&preflight), Some(&b"PUT"[..]));
/// let plain = http::Request::options("/").header("origin", "https://app.example.com")
///     .body(()).unwrap();
/// assert_eq!(preflight_method(&plain), None);
/// ```
#[inline]
pub fn preflight_method<R>(request: &R) -> Option<&[u8]>
where
    R: RequestView + ?Sized,
{
    if request.method() != b"OPTIONS" {
        return None;
    }
    let method = request.first_value(CorsRequestHeader::RequestMethod)?;
    request
        .first_value(CorsRequestHeader::Origin)
        .map(|_| method)
}

impl Policy {
    /// Decides what a request gets.
    ///
    /// Allocates nothing: every header value is borrowed from the policy or the request.
    ///
    /// ```
    /// use cors_core::PolicySpec;
    /// use cors_core::glue::{CorsRequestHeader, Decision, RequestView};
    ///
    /// let policy = PolicySpec::new()
    ///     .origins(["https://app.example.com"])
    ///     .methods(["PUT"])
    ///     .headers(["x-api-key"])
    ///     .credentials(true)
    ///     .compile()?;
    ///
    /// let preflight = http::Request::options("/items")
    ///     .header("origin", "https://app.example.com")
    ///     .header("access-control-request-method", "PUT")
    ///     .header("access-control-request-headers", "x-api-key")
    ///     .body(())
    ///     .unwrap();
    /// let Decision::PreflightAllowed(answer) = policy.decide(&preflight) else { panic!() };
    /// assert_eq!(answer.allow_origin.as_bytes(), b"https://app.example.com");
    /// assert!(answer.allow_credentials);
    /// assert_eq!(answer.allow_methods, "PUT");
    /// # Ok::<(), cors_core::ConfigErrors>(())
    /// ```
    pub fn decide<'p, 'r, R>(&'p self, request: &'r R) -> Decision<'p, 'r>
    where
        R: RequestView + ?Sized,
    {
        self.decide_granting(request, None)
    }

    /// Decides what a request gets when an origin predicate allowed `granted`, an origin the
    /// policy does not list: a request from exactly that origin is judged as if it were listed,
    /// its own `Origin` echoed (credentials included); `None` is [`decide`](Self::decide).
    ///
    /// Glue asks the predicate only about [`Decision::unlisted_origin`], so listed origins,
    /// repeated or malformed `Origin` headers and `null` never reach it.
    ///
    /// ```
    /// use cors_core::PolicySpec;
    /// use cors_core::glue::Decision;
    ///
    /// let policy = PolicySpec::new().methods(["PUT"]).credentials(true).dynamic_origins(true)
    ///     .compile()?;
    /// let preflight = http::Request::options("/items")
    ///     .header("origin", "https://tenant.example")
    ///     .header("access-control-request-method", "PUT")
    ///     .body(())
    ///     .unwrap();
    /// let refused = policy.decide(&preflight);
    /// let asked = refused.unlisted_origin().expect("an exact origin the policy does not list");
    /// assert_eq!(asked.host(), "tenant.example");
    /// // The predicate said yes: the rest of the policy judges the preflight.
    /// let Decision::PreflightAllowed(answer) = policy.decide_granting(&preflight, Some(&asked))
    /// else { panic!() };
    /// assert_eq!(answer.allow_origin.as_bytes(), b"https://tenant.example");
    /// assert!(answer.allow_credentials);
    /// # Ok::<(), cors_core::ConfigErrors>(())
    /// ```
    #[inline(always)]
    pub fn decide_granting<'p, 'r, R>(
        &'p self,
        request: &'r R,
        granted: Option<&Origin>,
    ) -> Decision<'p, 'r>
    where
        R: RequestView + ?Sized,
    {
        let origin = single_value(request, CorsRequestHeader::Origin);
        // Looked up once, and only where it can make a preflight: `check_preflight` reads the
        // same value instead of looking the header up again.
        let requested_method = if request.method() == b"OPTIONS" {
            single_value(request, CorsRequestHeader::RequestMethod)
        } else {
            SingleValue::Absent
        };
        let preflight = requested_method != SingleValue::Absent && origin != SingleValue::Absent;
        let vary = if preflight {
            self.vary_preflight()
        } else {
            self.vary_actual()
        };
        let reject = |reason| {
            let rejection = Rejection { reason, vary };
            if preflight {
                Decision::PreflightRejected(rejection)
            } else {
                Decision::ActualRejected(rejection)
            }
        };
        let origin = match origin {
            // A fixed `*` is the same answer with or without `Origin`.
            SingleValue::Absent if self.allows_any_origin() => {
                return Decision::ActualAllowed(self.actual(AllowOriginValue::Any, vary));
            }
            SingleValue::Absent => return Decision::NotCors { vary },
            SingleValue::One(origin) => origin,
            SingleValue::Repeated => return reject(RejectReason::OriginRepeated),
        };
        let allow_origin = match self.match_origin(origin) {
            Some(allow_origin) => allow_origin,
            None if granted.is_some_and(|granted| granted.as_str().as_bytes() == origin) => {
                AllowOriginValue::Matched(origin)
            }
            None => return reject(RejectReason::OriginNotAllowed(origin)),
        };
        if !preflight {
            return Decision::ActualAllowed(self.actual(allow_origin, vary));
        }
        match self.check_preflight(request, requested_method) {
            Ok((allow_headers, allow_private_network)) => Decision::PreflightAllowed(Preflight {
                allow_origin,
                allow_credentials: self.credentials(),
                allow_methods: self.allow_methods(),
                allow_headers,
                max_age: self.max_age(),
                allow_private_network,
                status: self.preflight_status(),
                vary,
            }),
            Err(reason) => reject(reason),
        }
    }

    /// The answer to an allowed actual request.
    fn actual<'p, 'r>(
        &'p self,
        allow_origin: AllowOriginValue<'p, 'r>,
        vary: Option<&'static str>,
    ) -> Actual<'p, 'r> {
        Actual {
            allow_origin,
            allow_credentials: self.credentials(),
            expose_headers: self.expose_headers(),
            vary,
        }
    }

    /// Checks the requested method (the preflight's `Access-Control-Request-Method`, as
    /// [`single_value`] read it: present, since this is a preflight), headers and
    /// private-network access of a preflight.
    #[inline(always)]
    fn check_preflight<'p, 'r, R>(
        &'p self,
        request: &'r R,
        requested_method: SingleValue<'r>,
    ) -> Result<(AllowHeadersValue<'p, 'r>, bool), RejectReason<'r>>
    where
        R: RequestView + ?Sized,
    {
        let SingleValue::One(method) = requested_method else {
            return Err(RejectReason::MethodRepeated);
        };
        if !self.lists_method(method) && !SAFELISTED_METHODS.iter().any(|m| m.as_bytes() == method)
        {
            return Err(RejectReason::MethodNotAllowed(method));
        }
        // Several lines are one list (RFC 9110 section 5.3): every name of every line is judged.
        let mut echo: Option<EchoedHeaders<'r>> = None;
        for line in request.header_values(CorsRequestHeader::RequestHeaders) {
            match &mut echo {
                None => {
                    echo = Some(EchoedHeaders {
                        first_line: line,
                        several_lines: false,
                    });
                }
                Some(echo) => echo.several_lines = true,
            }
            for name in list_items(line) {
                if self.allows_header(name) {
                    continue;
                }
                return Err(if is_token(name) {
                    RejectReason::HeaderNotAllowed(name)
                } else {
                    RejectReason::HeaderMalformed(name)
                });
            }
        }
        let headers = self.headers();
        let allow_headers = if headers.is_any() {
            echo.map_or(AllowHeadersValue::None, AllowHeadersValue::Echo)
        } else {
            headers
                .value()
                .map_or(AllowHeadersValue::None, AllowHeadersValue::List)
        };
        // Legacy Private Network Access (docs/protocol.md section 8): answered only by a policy
        // that opts in, so only such a policy looks the header up. Without the opt-in the
        // preflight is answered as any other, without the header: Chrome sent these preflights
        // with enforcement on hold, where refusing the preflight would have failed a request the
        // browser allowed, and its successor (Local Network Access) no longer sends them.
        let allow_private_network = self.private_network()
            && request
                .header_values(CorsRequestHeader::RequestPrivateNetwork)
                .any(|value| value == b"true");
        Ok((allow_headers, allow_private_network))
    }
}
