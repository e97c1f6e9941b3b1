//! The decision engine's view of an actix request, read in place.

use actix_web::HttpRequest;
use actix_web::dev::{RequestHead, ServiceRequest};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use cors_core::glue::{CorsRequestHeader, RequestView};

/// `Access-Control-Request-Private-Network`, which `http` 0.2 has no constant for. A `static`
/// so lookups borrow it instead of parsing (and allocating) the name per request.
pub(crate) static REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// `Sec-Fetch-Site`, likewise.
static FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// The actix header name of a header the CORS protocol reads.
pub(crate) fn header_name(name: CorsRequestHeader) -> &'static HeaderName {
    // Statics rather than `&header::ORIGIN`: a borrowed `const` with drop glue is not promoted.
    static ORIGIN: HeaderName = header::ORIGIN;
    static REQUEST_METHOD: HeaderName = header::ACCESS_CONTROL_REQUEST_METHOD;
    static REQUEST_HEADERS: HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
    match name {
        CorsRequestHeader::Origin => &ORIGIN,
        CorsRequestHeader::RequestMethod => &REQUEST_METHOD,
        CorsRequestHeader::RequestHeaders => &REQUEST_HEADERS,
        CorsRequestHeader::RequestPrivateNetwork => &REQUEST_PRIVATE_NETWORK,
        CorsRequestHeader::FetchSite => &FETCH_SITE,
    }
}

/// An actix request head seen through [`cors_core::glue::RequestView`], without copying anything.
///
/// The middleware uses it internally; it is public so that handlers can ask a policy about a
/// request themselves.
///
/// ```
/// use actix_web::test::TestRequest;
/// use cors_actix::{ActixRequest, PolicySpec};
///
/// let policy = PolicySpec::new()
///     .origins(["https://app.example.com"])
///     .methods(["GET"])
///     .compile()?;
/// let request = TestRequest::get()
///     .insert_header(("origin", "https://app.example.com"))
///     .to_http_request();
/// let view = ActixRequest::from(&request);
/// assert!(matches!(policy.decide(&view), cors_core::glue::Decision::ActualAllowed(_)));
/// # Ok::<(), cors_actix::ConfigErrors>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ActixRequest<'a> {
    head: &'a RequestHead,
}

impl<'a> ActixRequest<'a> {
    /// Views a request head.
    pub fn new(head: &'a RequestHead) -> Self {
        ActixRequest { head }
    }

    /// The viewed request head.
    pub fn head(&self) -> &'a RequestHead {
        self.head
    }

    /// The first value of a CORS request header.
    pub(crate) fn first(&self, name: CorsRequestHeader) -> Option<&'a HeaderValue> {
        self.head.headers.get(header_name(name))
    }
}

impl<'a> From<&'a RequestHead> for ActixRequest<'a> {
    fn from(head: &'a RequestHead) -> Self {
        ActixRequest::new(head)
    }
}

impl<'a> From<&'a ServiceRequest> for ActixRequest<'a> {
    fn from(request: &'a ServiceRequest) -> Self {
        ActixRequest::new(request.head())
    }
}

impl<'a> From<&'a HttpRequest> for ActixRequest<'a> {
    fn from(request: &'a HttpRequest) -> Self {
        ActixRequest::new(request.head())
    }
}

impl RequestView for ActixRequest<'_> {
    fn method(&self) -> &[u8] {
        self.head.method.as_str().as_bytes()
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.head
            .headers
            .get_all(header_name(name))
            .map(HeaderValue::as_bytes)
    }

    fn first_value(&self, name: CorsRequestHeader) -> Option<&[u8]> {
        self.first(name).map(HeaderValue::as_bytes)
    }
}
