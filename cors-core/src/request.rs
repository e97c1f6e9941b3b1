//! The borrowed view of a request that the decision engine reads.
//!
//! Framework glue implements [`RequestView`] directly on its own request type, so deciding a
//! request converts and copies nothing.

/// The request headers the CORS protocol reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CorsRequestHeader {
    /// `Origin`
    Origin,
    /// `Access-Control-Request-Method`
    RequestMethod,
    /// `Access-Control-Request-Headers`
    RequestHeaders,
    /// `Access-Control-Request-Private-Network`
    RequestPrivateNetwork,
    /// `Sec-Fetch-Site`, which browsers set (scripts cannot) to say where a request comes from;
    /// strict mode reads it to let same-origin requests through.
    FetchSite,
}

impl CorsRequestHeader {
    /// The lowercase header name.
    ///
    /// ```
    /// use cors_core::glue::CorsRequestHeader;
    /// assert_eq!(CorsRequestHeader::RequestMethod.as_str(), "access-control-request-method");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            CorsRequestHeader::Origin => "origin",
            CorsRequestHeader::RequestMethod => "access-control-request-method",
            CorsRequestHeader::RequestHeaders => "access-control-request-headers",
            CorsRequestHeader::RequestPrivateNetwork => "access-control-request-private-network",
            CorsRequestHeader::FetchSite => "sec-fetch-site",
        }
    }
}

/// What the decision engine needs to know about a request.
///
/// ```
/// use cors_core::glue::{CorsRequestHeader, RequestView};
///
/// struct Simple<'a> {
///     method: &'a str,
///     origin: Option<&'a str>,
/// }
///
/// impl RequestView for Simple<'_> {
///     fn method(&self) -> &[u8] {
///         self.method.as_bytes()
///     }
///
///     fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
///         let value = match name {
///             CorsRequestHeader::Origin => self.origin,
///             _ => None,
///         };
///         value.map(str::as_bytes).into_iter()
///     }
/// }
/// ```
pub trait RequestView {
    /// The request method, exactly as received.
    fn method(&self) -> &[u8];

    /// Every value of the header `name`, in order; empty when the header is absent.
    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]>;

    /// The first value of the header `name`. Override it where the request type looks one
    /// value up for less than a walk over all of them.
    fn first_value(&self, name: CorsRequestHeader) -> Option<&[u8]> {
        self.header_values(name).next()
    }
}

/// How many lines a single-valued header has, and its value when it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SingleValue<'r> {
    /// The header is not there.
    Absent,
    /// One line, with this value.
    One(&'r [u8]),
    /// Several lines: malformed for `Origin` and `Access-Control-Request-Method`.
    Repeated,
}

/// The value of a header that must come once.
pub(crate) fn single_value<R: RequestView + ?Sized>(
    request: &R,
    name: CorsRequestHeader,
) -> SingleValue<'_> {
    let mut values = request.header_values(name);
    match (values.next(), values.next()) {
        (None, _) => SingleValue::Absent,
        (Some(value), None) => SingleValue::One(value),
        (Some(_), Some(_)) => SingleValue::Repeated,
    }
}

/// The items of one line of a list-valued header: split on `,`, trimmed of whitespace, empty
/// items dropped (docs/protocol.md section 3).
pub(crate) fn list_items(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|&b| b == b',')
        .map(<[u8]>::trim_ascii)
        .filter(|item| !item.is_empty())
}
