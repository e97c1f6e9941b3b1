//! The configured sets a policy matches requests against: its origins and its request headers.
//!
//! Both are opaque: matching relies on invariants (exact origins sorted, header names lowercase
//! and sorted, every value a valid header value) that their constructors check, once, whether
//! the values come from a validated spec or from literals the `#[cors]` attribute emitted.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use crate::pattern::OriginPattern;
use crate::token::{is_token, is_token_const};

/// A string that is either a literal emitted by the macro or owned runtime data.
pub type PolicyText = Cow<'static, str>;

/// Which origins a policy allows.
///
/// ```
/// use cors_core::PolicySpec;
/// let policy = PolicySpec::new().origins(["https://b.example", "https://*.a.example"])
///     .methods(["GET"]).compile()?;
/// let origins = policy.origins();
/// assert!(!origins.is_any());
/// assert_eq!(origins.exact(), ["https://b.example"]);
/// assert_eq!(origins.patterns()[0].to_string(), "https://*.a.example");
/// assert_eq!(origins.to_string(), "https://b.example, https://*.a.example");
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedOrigins(OriginSet);

#[derive(Clone, Debug, PartialEq, Eq)]
enum OriginSet {
    Any,
    List {
        exact: Cow<'static, [PolicyText]>,
        patterns: Cow<'static, [OriginPattern]>,
        null: bool,
    },
}

impl AllowedOrigins {
    /// Any origin: every response carries `Access-Control-Allow-Origin: *`.
    #[doc(hidden)]
    pub const fn any() -> Self {
        AllowedOrigins(OriginSet::Any)
    }

    /// A list: `exact` origins sorted by bytes (checked), subdomain `patterns`, and whether
    /// the opaque origin `null` is allowed.
    ///
    /// # Panics
    ///
    /// When `exact` is not strictly sorted, holds bytes no header value can, or holds an entry
    /// that is not `scheme://host[:port]` (such as `null` or `*`); in the `static` the `#[cors]`
    /// attribute emits, that is a compile error.
    #[doc(hidden)]
    pub const fn list(
        exact: Cow<'static, [PolicyText]>,
        patterns: Cow<'static, [OriginPattern]>,
        null: bool,
    ) -> Self {
        let items = slice(&exact);
        let mut i = 0;
        while i < items.len() {
            assert!(
                is_header_value(bytes(&items[i])),
                "an allowed origin must be a valid header value"
            );
            // `null` and `*` have their own forms (the flag, `any()`): as exact entries they
            // would slip past the rules for credentials.
            assert!(
                has_scheme_separator(bytes(&items[i])),
                "an exact origin must be scheme://host[:port], not `null` or `*`"
            );
            assert!(
                i == 0 || less(bytes(&items[i - 1]), bytes(&items[i])),
                "exact origins must be sorted, without duplicates"
            );
            i += 1;
        }
        AllowedOrigins(OriginSet::List {
            exact,
            patterns,
            null,
        })
    }

    /// Whether any origin is allowed (`*`).
    pub const fn is_any(&self) -> bool {
        matches!(self.0, OriginSet::Any)
    }

    /// The exact origins, sorted by bytes; empty for any origin.
    pub fn exact(&self) -> &[PolicyText] {
        match &self.0 {
            OriginSet::Any => &[],
            OriginSet::List { exact, .. } => exact,
        }
    }

    /// The subdomain patterns, in configuration order; empty for any origin.
    pub fn patterns(&self) -> &[OriginPattern] {
        match &self.0 {
            OriginSet::Any => &[],
            OriginSet::List { patterns, .. } => patterns,
        }
    }

    /// Whether the opaque origin `null` is allowed.
    pub const fn allows_null(&self) -> bool {
        matches!(self.0, OriginSet::List { null: true, .. })
    }

    /// Matches a request's `Origin` bytes and says what to answer in
    /// `Access-Control-Allow-Origin`: exact origins by binary search, then `null`, then the
    /// patterns in order.
    #[inline]
    pub(crate) fn match_origin<'p, 'r>(
        &'p self,
        origin: &'r [u8],
    ) -> Option<AllowOriginValue<'p, 'r>> {
        match &self.0 {
            OriginSet::Any => Some(AllowOriginValue::Any),
            OriginSet::List {
                exact,
                patterns,
                null,
            } => {
                if let Ok(index) = exact.binary_search_by(|probe| probe.as_bytes().cmp(origin)) {
                    return Some(AllowOriginValue::Exact {
                        origin: &exact[index],
                        index,
                    });
                }
                if *null && origin == b"null" {
                    return Some(AllowOriginValue::Null);
                }
                patterns
                    .iter()
                    .any(|pattern| pattern.matches(origin))
                    .then_some(AllowOriginValue::Matched(origin))
            }
        }
    }
}

/// The allowed origins as configured, comma-separated: exact origins, then patterns, then
/// `null`; `*` for any origin.
impl fmt::Display for AllowedOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("*");
        }
        let mut separator = "";
        for origin in self.exact() {
            write!(f, "{separator}{origin}")?;
            separator = ", ";
        }
        for pattern in self.patterns() {
            write!(f, "{separator}{pattern}")?;
            separator = ", ";
        }
        if self.allows_null() {
            write!(f, "{separator}null")?;
        }
        Ok(())
    }
}

/// Which request headers a preflight may ask for.
///
/// ```
/// use cors_core::PolicySpec;
/// let policy = PolicySpec::new().origins(["https://a.example"]).methods(["GET"])
///     .headers(["X-Api-Key", "content-type"]).compile()?;
/// let headers = policy.headers();
/// assert_eq!(headers.names(), ["content-type", "x-api-key"]);
/// assert_eq!(headers.value(), Some("x-api-key, content-type"));
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedHeaders(HeaderSet);

#[derive(Clone, Debug, PartialEq, Eq)]
enum HeaderSet {
    Any,
    List {
        names: Cow<'static, [PolicyText]>,
        value: Option<PolicyText>,
    },
}

impl AllowedHeaders {
    /// Any: the preflight's `Access-Control-Request-Headers` is echoed (covers `Authorization`
    /// and works with credentials, unlike a literal `*`).
    #[doc(hidden)]
    pub const fn any() -> Self {
        AllowedHeaders(HeaderSet::Any)
    }

    /// A list: lowercase `names` sorted by bytes (checked), and the
    /// `Access-Control-Allow-Headers` value, `None` for an empty list.
    ///
    /// # Panics
    ///
    /// When a name is not a lowercase token, the names are not strictly sorted, or the value
    /// holds bytes no header value can; in the `static` the `#[cors]` attribute emits, that is
    /// a compile error.
    #[doc(hidden)]
    pub const fn list(names: Cow<'static, [PolicyText]>, value: Option<PolicyText>) -> Self {
        let items = slice(&names);
        let mut i = 0;
        while i < items.len() {
            let name = bytes(&items[i]);
            assert!(
                is_token_const(name) && !has_uppercase(name),
                "an allowed header name must be a lowercase token"
            );
            assert!(
                i == 0 || less(bytes(&items[i - 1]), name),
                "allowed header names must be sorted, without duplicates"
            );
            i += 1;
        }
        if let Some(value) = &value {
            assert!(
                is_header_value(bytes(value)),
                "Access-Control-Allow-Headers must be a valid header value"
            );
        }
        AllowedHeaders(HeaderSet::List { names, value })
    }

    /// Whether any requested header is allowed, by echoing the request's.
    pub const fn is_any(&self) -> bool {
        matches!(self.0, HeaderSet::Any)
    }

    /// Whether the request header `name` (any case) is allowed: listed, or any token under
    /// `*`. A listed name is a token, so only a name this refuses needs the token check that
    /// tells "malformed" from "not allowed".
    #[inline]
    pub(crate) fn allows(&self, name: &[u8]) -> bool {
        match &self.0 {
            HeaderSet::Any => is_token(name),
            HeaderSet::List { names, .. } => names
                .binary_search_by(|probe| cmp_lowercase(probe.as_bytes(), name))
                .is_ok(),
        }
    }

    /// The allowed names, lowercase and sorted; empty for any.
    pub fn names(&self) -> &[PolicyText] {
        match &self.0 {
            HeaderSet::Any => &[],
            HeaderSet::List { names, .. } => names,
        }
    }

    /// The `Access-Control-Allow-Headers` value of a list, in configuration order; `None` for
    /// any header or an empty list.
    pub fn value(&self) -> Option<&str> {
        match &self.0 {
            HeaderSet::Any => None,
            HeaderSet::List { value, .. } => value.as_deref(),
        }
    }
}

/// The items of a list, usable in `const fn`s.
#[allow(clippy::ptr_arg)] // a `const fn` cannot deref the `Cow`, so it takes the `Cow`
pub(crate) const fn slice<'a>(items: &'a Cow<'static, [PolicyText]>) -> &'a [PolicyText] {
    match items {
        Cow::Borrowed(items) => items,
        Cow::Owned(items) => items.as_slice(),
    }
}

/// The bytes of a text, usable in `const fn`s.
pub(crate) const fn bytes(text: &PolicyText) -> &[u8] {
    match text {
        Cow::Borrowed(text) => text.as_bytes(),
        Cow::Owned(text) => text.as_bytes(),
    }
}

/// Whether `a` sorts strictly before `b`, by bytes.
pub(crate) const fn less(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

const fn has_uppercase(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether `bytes` can be sent as a header value as they are: visible ASCII, spaces and tabs.
pub(crate) const fn is_header_value(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'\t' || (b >= b' ' && b <= b'~')) {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `bytes` hold `://`, as every serialized origin does.
const fn has_scheme_separator(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i + 3 <= bytes.len() {
        if bytes[i] == b':' && bytes[i + 1] == b'/' && bytes[i + 2] == b'/' {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether `bytes` are decimal digits, at least one.
pub(crate) const fn is_digits(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            return false;
        }
        i += 1;
    }
    true
}

/// Compares a lowercase name with arbitrary-case bytes, as if both were lowercase.
fn cmp_lowercase(lower: &[u8], any_case: &[u8]) -> Ordering {
    lower
        .iter()
        .copied()
        .cmp(any_case.iter().map(u8::to_ascii_lowercase))
}

/// The `Access-Control-Allow-Origin` value to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllowOriginValue<'p, 'r> {
    /// `*`.
    Any,
    /// A configured exact origin, byte-identical to the request's.
    Exact {
        /// The configured origin.
        origin: &'p str,
        /// Its position in the policy's exact list ([`AllowedOrigins::exact`]), so that glue can
        /// keep something per origin, such as a prebuilt header value, in a list of its own
        /// instead of searching again.
        index: usize,
    },
    /// The opaque origin `null`, allowed because the policy opted in.
    Null,
    /// The request's origin, which matched a subdomain pattern; only the pattern's safe label
    /// characters can appear in it.
    Matched(&'r [u8]),
}

impl AllowOriginValue<'_, '_> {
    /// The header value bytes.
    ///
    /// ```
    /// use cors_core::glue::AllowOriginValue;
    /// assert_eq!(AllowOriginValue::Any.as_bytes(), b"*");
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            AllowOriginValue::Any => b"*",
            AllowOriginValue::Exact { origin, .. } => origin.as_bytes(),
            AllowOriginValue::Null => b"null",
            AllowOriginValue::Matched(origin) => origin,
        }
    }
}
