//! The compiled policy: every header value computed once, lists sorted for lookup.
//!
//! A `Policy` is built either at run time from a validated [`PolicySpec`] (owned strings) or
//! as a `static` from literals the `#[cors]` macro emits after calling the same validation at
//! compile time (borrowed `&'static str`s). `Cow` lets one type hold both without copying.

use std::borrow::Cow;

use crate::allowed::{
    AllowOriginValue, AllowedHeaders, AllowedOrigins, PolicyText, bytes, is_digits,
    is_header_value, less, slice,
};
use crate::error::ConfigErrors;
use crate::origin::OriginEntry;
use crate::spec::PolicySpec;
use crate::token::is_token_const;
use crate::vary::{VARY_ORIGIN, VARY_ORIGIN_AND_REQUEST_HEADERS, VARY_REQUEST_HEADERS};

impl PolicySpec {
    /// Validates the spec and precomputes every header value.
    pub fn compile(&self) -> Result<Policy, ConfigErrors> {
        self.validate()?;
        Ok(Policy::from_valid_spec(self))
    }
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
    /// Assembles a policy from precomputed parts: the one constructor, used by
    /// [`PolicySpec::compile`] and by the `static` the `#[cors]` attribute emits.
    ///
    /// # Panics
    ///
    /// On parts no validated spec can produce: credentials together with any origin, `null`, or
    /// `*` exposed headers; methods not sorted or not tokens; a value no header can hold; a
    /// preflight status outside `200..=299`. (The origin and header sets check their own when
    /// built.) In the `static` the attribute emits, any of these is a compile error, so the
    /// hidden path generated code uses cannot configure what validation forbids.
    #[doc(hidden)]
    pub const fn from_parts(parts: PolicyParts) -> Policy {
        if parts.credentials {
            assert!(
                !parts.origins.is_any(),
                "a credentialed policy cannot allow any origin"
            );
            assert!(
                !parts.origins.allows_null(),
                "a credentialed policy cannot allow the null origin"
            );
            if let Some(expose) = &parts.expose_headers {
                assert!(
                    !text_is(expose, b"*"),
                    "a credentialed policy cannot expose `*`"
                );
            }
        }
        let methods = slice(&parts.methods);
        let mut i = 0;
        while i < methods.len() {
            let method = bytes(&methods[i]);
            assert!(is_token_const(method), "a method must be a token");
            assert!(
                i == 0 || less(bytes(&methods[i - 1]), method),
                "methods must be sorted, without duplicates"
            );
            i += 1;
        }
        assert!(
            is_header_value(bytes(&parts.allow_methods)),
            "Access-Control-Allow-Methods must be a valid header value"
        );
        if let Some(expose) = &parts.expose_headers {
            assert!(
                is_header_value(bytes(expose)),
                "Access-Control-Expose-Headers must be a valid header value"
            );
        }
        if let Some(max_age) = &parts.max_age {
            assert!(
                is_digits(bytes(max_age)),
                "Access-Control-Max-Age must be a number of seconds"
            );
        }
        assert!(
            parts.preflight_status >= 200 && parts.preflight_status <= 299,
            "the preflight status must be 2xx"
        );
        let any_origin = parts.origins.is_any();
        let echo_headers = parts.headers.is_any();
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

    /// Builds the policy from a spec that passed validation.
    pub(crate) fn from_valid_spec(spec: &PolicySpec) -> Policy {
        let origins = if spec.origins.iter().any(|o| o == "*") {
            AllowedOrigins::any()
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
            AllowedOrigins::list(Cow::Owned(exact), Cow::Owned(patterns), null)
        };
        let headers = if spec.headers.iter().any(|h| h == "*") {
            AllowedHeaders::any()
        } else {
            let lower: Vec<String> = spec
                .headers
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect();
            let value = (!lower.is_empty()).then(|| PolicyText::Owned(lower.join(", ")));
            let mut names: Vec<PolicyText> = lower.into_iter().map(PolicyText::Owned).collect();
            names.sort();
            AllowedHeaders::list(Cow::Owned(names), value)
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
        self.parts.origins.is_any()
    }

    /// Matches `origin` and says what to answer in `Access-Control-Allow-Origin`.
    #[inline]
    pub(crate) fn match_origin<'p, 'r>(
        &'p self,
        origin: &'r [u8],
    ) -> Option<AllowOriginValue<'p, 'r>> {
        self.parts.origins.match_origin(origin)
    }

    /// Whether `method` is listed, byte for byte.
    pub(crate) fn lists_method(&self, method: &[u8]) -> bool {
        self.parts
            .methods
            .binary_search_by(|probe| probe.as_bytes().cmp(method))
            .is_ok()
    }

    /// Whether the request header `name` (any case) is allowed: listed, or any token under `*`.
    #[inline]
    pub(crate) fn allows_header(&self, name: &[u8]) -> bool {
        self.parts.headers.allows(name)
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
