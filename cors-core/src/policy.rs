//! The compiled policy: every header value computed once, lists sorted for lookup.
//!
//! A `Policy` is built either at run time from a validated [`PolicySpec`] (owned strings) or
//! as a `static` from literals the `#[cors]` macro emits after calling the same validation at
//! compile time (borrowed `&'static str`s). `Cow` lets one type hold both without copying.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use crate::error::ConfigErrors;
use crate::origin::OriginEntry;
use crate::pattern::OriginPattern;
use crate::spec::PolicySpec;
use crate::token::is_token;
use crate::vary::{VARY_ORIGIN, VARY_ORIGIN_AND_REQUEST_HEADERS, VARY_REQUEST_HEADERS};

/// A string that is either a literal emitted by the macro or owned runtime data.
pub type PolicyText = Cow<'static, str>;

impl PolicySpec {
    /// Validates the spec and precomputes every header value.
    pub fn compile(&self) -> Result<Policy, ConfigErrors> {
        self.validate()?;
        Ok(Policy::from_valid_spec(self))
    }
}

/// Which origins a policy allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedOrigins {
    /// Any origin; every response carries `Access-Control-Allow-Origin: *`, whether the request
    /// has an `Origin` or not (never with credentials).
    Any,
    /// An explicit list.
    List {
        /// Exact origins, sorted by bytes for binary search.
        exact: Cow<'static, [PolicyText]>,
        /// Subdomain patterns, tried in order after the exact origins.
        patterns: Cow<'static, [OriginPattern]>,
        /// Whether the opaque origin `null` is allowed.
        null: bool,
    },
}

/// The allowed origins as configured, comma-separated: exact origins, then patterns, then
/// `null`; `*` for any origin.
///
/// ```
/// use cors_core::PolicySpec;
/// let policy = PolicySpec::new().origins(["https://b.example", "https://*.a.example"])
///     .methods(["GET"]).compile()?;
/// assert_eq!(policy.origins().to_string(), "https://b.example, https://*.a.example");
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
impl fmt::Display for AllowedOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let AllowedOrigins::List {
            exact,
            patterns,
            null,
        } = self
        else {
            return f.write_str("*");
        };
        let mut separator = "";
        for origin in exact.iter() {
            write!(f, "{separator}{origin}")?;
            separator = ", ";
        }
        for pattern in patterns.iter() {
            write!(f, "{separator}{pattern}")?;
            separator = ", ";
        }
        if *null {
            write!(f, "{separator}null")?;
        }
        Ok(())
    }
}

/// Which request headers a preflight may ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedHeaders {
    /// Any: the preflight's `Access-Control-Request-Headers` is echoed (covers `Authorization`
    /// and works with credentials, unlike a literal `*`).
    Any,
    /// An explicit list.
    List {
        /// Lowercase names, sorted for binary search.
        names: Cow<'static, [PolicyText]>,
        /// The `Access-Control-Allow-Headers` value, or `None` for an empty list.
        value: Option<PolicyText>,
    },
}

/// The precomputed pieces of a [`Policy`], as the `#[cors]` macro emits them.
///
/// Only ever filled from a spec that passed validation: by [`PolicySpec::compile`] or by the
/// macro, which calls it at compile time and copies the result.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyParts {
    pub origins: AllowedOrigins,
    /// Sorted for binary search.
    pub methods: Cow<'static, [PolicyText]>,
    /// `Access-Control-Allow-Methods`, in configuration order.
    pub allow_methods: PolicyText,
    pub headers: AllowedHeaders,
    /// `Access-Control-Expose-Headers`, if any.
    pub expose_headers: Option<PolicyText>,
    pub credentials: bool,
    /// `Access-Control-Max-Age`, if set.
    pub max_age: Option<PolicyText>,
    pub private_network: bool,
    pub strict: bool,
    pub preflight_status: u16,
}

/// A validated CORS policy with every response header value precomputed.
///
/// Deciding a request ([`Policy::decide`](crate::Policy::decide)) formats and allocates nothing.
///
/// ```
/// use cors_core::PolicySpec;
///
/// let policy = PolicySpec::new()
///     .origins(["https://app.example.com"])
///     .methods(["GET", "DELETE"])
///     .credentials(true)
///     .compile()?;
/// assert!(policy.allows_origin(b"https://app.example.com"));
/// assert!(!policy.allows_origin(b"https://app.example.com.evil.net"));
/// assert_eq!(policy.vary_actual(), Some("Origin"));
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    parts: PolicyParts,
    vary_actual: Option<&'static str>,
    vary_preflight: Option<&'static str>,
}

impl Policy {
    /// Assembles a policy from precomputed parts. Used by code the `#[cors]` macro emits.
    #[doc(hidden)]
    ///
    /// # Panics
    ///
    /// On parts no validated spec can produce: credentials together with any origin, `null`, or
    /// `*` exposed headers. In the `static` the macro emits this is a compile error; the checks
    /// keep this hidden constructor from configuring what validation forbids.
    pub const fn from_parts(parts: PolicyParts) -> Policy {
        if parts.credentials {
            match &parts.origins {
                AllowedOrigins::Any => panic!("a credentialed policy cannot allow any origin"),
                AllowedOrigins::List { null: true, .. } => {
                    panic!("a credentialed policy cannot allow the null origin")
                }
                AllowedOrigins::List { .. } => {}
            }
            if let Some(expose) = &parts.expose_headers
                && text_is(expose, b"*")
            {
                panic!("a credentialed policy cannot expose `*`")
            }
        }
        let any_origin = matches!(parts.origins, AllowedOrigins::Any);
        let echo_headers = matches!(parts.headers, AllowedHeaders::Any);
        // Section 7: vary on Origin unless the answer is a fixed `*`, and on the request headers
        // when the allowed headers are echoed from them.
        let vary_actual = if any_origin { None } else { Some(VARY_ORIGIN) };
        let vary_preflight = match (any_origin, echo_headers) {
            (true, false) => None,
            (true, true) => Some(VARY_REQUEST_HEADERS),
            (false, false) => Some(VARY_ORIGIN),
            (false, true) => Some(VARY_ORIGIN_AND_REQUEST_HEADERS),
        };
        Policy {
            parts,
            vary_actual,
            vary_preflight,
        }
    }

    /// The precomputed parts, for the macro to copy into a `static`.
    #[doc(hidden)]
    pub fn parts(&self) -> &PolicyParts {
        &self.parts
    }

    /// Builds the policy from a spec that passed validation.
    pub(crate) fn from_valid_spec(spec: &PolicySpec) -> Policy {
        let origins = if spec.origins.iter().any(|o| o == "*") {
            AllowedOrigins::Any
        } else {
            let mut exact = Vec::new();
            let mut patterns = Vec::new();
            let mut null = false;
            for input in &spec.origins {
                match OriginEntry::parse(input) {
                    Ok(OriginEntry::Exact(origin)) => {
                        exact.push(PolicyText::Owned(origin.into_string()))
                    }
                    Ok(OriginEntry::Pattern(pattern)) => patterns.push(pattern),
                    Ok(OriginEntry::Null) => null = true,
                    Ok(OriginEntry::Any) | Err(_) => {}
                }
            }
            exact.sort();
            AllowedOrigins::List {
                exact: Cow::Owned(exact),
                patterns: Cow::Owned(patterns),
                null,
            }
        };
        let headers = if spec.headers.iter().any(|h| h == "*") {
            AllowedHeaders::Any
        } else {
            let lower: Vec<String> = spec
                .headers
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect();
            let value = (!lower.is_empty()).then(|| PolicyText::Owned(lower.join(", ")));
            let mut names: Vec<PolicyText> = lower.into_iter().map(PolicyText::Owned).collect();
            names.sort();
            AllowedHeaders::List {
                names: Cow::Owned(names),
                value,
            }
        };
        let mut methods: Vec<PolicyText> = spec
            .methods
            .iter()
            .cloned()
            .map(PolicyText::Owned)
            .collect();
        methods.sort();
        Policy::from_parts(PolicyParts {
            origins,
            methods: Cow::Owned(methods),
            allow_methods: PolicyText::Owned(spec.methods.join(", ")),
            headers,
            expose_headers: (!spec.expose.is_empty())
                .then(|| PolicyText::Owned(spec.expose.join(", "))),
            credentials: spec.credentials,
            max_age: spec.max_age.map(|age| PolicyText::Owned(age.to_string())),
            private_network: spec.private_network,
            strict: spec.strict,
            preflight_status: spec.preflight_status,
        })
    }

    /// Whether a request's `Origin` bytes are allowed (for `*`, every origin is).
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        self.match_origin(origin).is_some()
    }

    /// Whether the policy allows any origin, answering `*`.
    pub(crate) fn allows_any_origin(&self) -> bool {
        matches!(self.parts.origins, AllowedOrigins::Any)
    }

    /// Matches `origin` and says what to answer in `Access-Control-Allow-Origin`.
    pub(crate) fn match_origin<'p, 'r>(
        &'p self,
        origin: &'r [u8],
    ) -> Option<AllowOriginValue<'p, 'r>> {
        match &self.parts.origins {
            AllowedOrigins::Any => Some(AllowOriginValue::Any),
            AllowedOrigins::List {
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

    /// Whether `method` is listed, byte for byte.
    pub(crate) fn lists_method(&self, method: &[u8]) -> bool {
        self.parts
            .methods
            .binary_search_by(|probe| probe.as_bytes().cmp(method))
            .is_ok()
    }

    /// Whether the request header `name` (any case) is allowed: listed, or any token under `*`.
    /// A listed name is a token, so only a name this refuses needs the token check that tells
    /// "malformed" from "not allowed".
    pub(crate) fn allows_header(&self, name: &[u8]) -> bool {
        match &self.parts.headers {
            AllowedHeaders::Any => is_token(name),
            AllowedHeaders::List { names, .. } => names
                .binary_search_by(|probe| cmp_lowercase(probe.as_bytes(), name))
                .is_ok(),
        }
    }

    /// Which origins are allowed.
    pub fn origins(&self) -> &AllowedOrigins {
        &self.parts.origins
    }

    /// The `Access-Control-Allow-Methods` value.
    pub fn allow_methods(&self) -> &str {
        &self.parts.allow_methods
    }

    /// The allowed methods, sorted.
    pub fn methods(&self) -> &[PolicyText] {
        &self.parts.methods
    }

    /// Which request headers are allowed.
    pub fn headers(&self) -> &AllowedHeaders {
        &self.parts.headers
    }

    /// The `Access-Control-Expose-Headers` value, if any.
    pub fn expose_headers(&self) -> Option<&str> {
        self.parts.expose_headers.as_deref()
    }

    /// Whether credentials are allowed.
    pub fn credentials(&self) -> bool {
        self.parts.credentials
    }

    /// The `Access-Control-Max-Age` value, if set.
    pub fn max_age(&self) -> Option<&str> {
        self.parts.max_age.as_deref()
    }

    /// Whether private-network preflights are answered.
    pub fn private_network(&self) -> bool {
        self.parts.private_network
    }

    /// Whether disallowed cross-origin requests are rejected before the handler.
    pub fn strict(&self) -> bool {
        self.parts.strict
    }

    /// The status of a successful preflight.
    pub fn preflight_status(&self) -> u16 {
        self.parts.preflight_status
    }

    /// The `Vary` value every actual response (allowed, rejected or without `Origin`) carries.
    pub fn vary_actual(&self) -> Option<&'static str> {
        self.vary_actual
    }

    /// The `Vary` value every preflight response carries.
    pub fn vary_preflight(&self) -> Option<&'static str> {
        self.vary_preflight
    }
}

/// Whether `text` is exactly `expected`, usable in `const fn`s.
const fn text_is(text: &PolicyText, expected: &[u8]) -> bool {
    let bytes = match text {
        Cow::Borrowed(text) => text.as_bytes(),
        Cow::Owned(text) => text.as_bytes(),
    };
    if bytes.len() != expected.len() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != expected[i] {
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
        /// Its position in the policy's exact list ([`AllowedOrigins::List`]), so that glue can
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
