//! The decision engine's view of an `http` request, read in place.

use cors_core::glue::{CorsRequestHeader, RequestView};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Uri};

/// `Access-Control-Request-Private-Network`, which `http` has no constant for.
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// `Sec-Fetch-Site`, likewise.
const FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// The `http` name of a header the CORS protocol reads: a constant, so a lookup hashes a known
/// name instead of parsing a string.
fn header_name(name: CorsRequestHeader) -> HeaderName {
    match name {
        CorsRequestHeader::Origin => header::ORIGIN,
        CorsRequestHeader::RequestMethod => header::ACCESS_CONTROL_REQUEST_METHOD,
        CorsRequestHeader::RequestHeaders => header::ACCESS_CONTROL_REQUEST_HEADERS,
        CorsRequestHeader::RequestPrivateNetwork => REQUEST_PRIVATE_NETWORK,
        CorsRequestHeader::FetchSite => FETCH_SITE,
    }
}

/// The parts of a request the middleware reads: borrowed, so the body stays where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TowerRequest<'a> {
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
}

impl<'a> TowerRequest<'a> {
    pub(crate) fn new<B>(request: &'a Request<B>) -> Self {
        TowerRequest {
            method: request.method(),
            uri: request.uri(),
            headers: request.headers(),
        }
    }

    /// The first value of a header the protocol reads, shared rather than copied.
    pub(crate) fn first(&self, name: CorsRequestHeader) -> Option<&'a HeaderValue> {
        self.headers.get(header_name(name))
    }

    pub(crate) fn uri(&self) -> &'a Uri {
        self.uri
    }

    pub(crate) fn headers(&self) -> &'a HeaderMap {
        self.headers
    }
}

impl RequestView for TowerRequest<'_> {
    #[inline]
    fn method(&self) -> &[u8] {
        self.method.as_str().as_bytes()
    }

    #[inline]
    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        self.headers
            .get_all(header_name(name))
            .into_iter()
            .map(HeaderValue::as_bytes)
    }
}
