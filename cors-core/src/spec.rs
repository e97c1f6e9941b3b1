//! The policy specification: what a user writes, before validation.

use crate::error::ConfigErrors;
use crate::policy::Policy;

/// The preflight status used when none is configured.
pub const DEFAULT_PREFLIGHT_STATUS: u16 = 204;

/// A CORS policy as configured: plain strings and numbers, not yet validated.
///
/// The `#[cors(..)]` attribute fills one at compile time and the runtime builder at startup;
/// both call [`PolicySpec::compile`], so both report the same errors.
///
/// ```
/// use cors_core::PolicySpec;
///
/// let policy = PolicySpec::new()
///     .origins(["https://app.example.com", "https://*.example.com"])
///     .methods(["GET", "PUT"])
///     .headers(["content-type"])
///     .credentials(true)
///     .max_age(60)
///     .compile()?;
/// assert_eq!(policy.allow_methods(), "GET, PUT");
/// # Ok::<(), cors_core::ConfigErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySpec {
    /// Exact origins, `https://*.example.com` patterns, `"null"` (with
    /// [`allow_null_origin`](Self::allow_null_origin)), or `["*"]` alone for any origin.
    pub origins: Vec<String>,
    /// Allowed methods, uppercase, as sent in `Access-Control-Allow-Methods`.
    pub methods: Vec<String>,
    /// Allowed request header names, or `["*"]` to echo whatever a preflight asks for.
    pub headers: Vec<String>,
    /// Response header names scripts may read, or `["*"]` (not with credentials).
    pub expose: Vec<String>,
    /// Whether cookies and HTTP authentication may be sent (`Access-Control-Allow-Credentials`).
    pub credentials: bool,
    /// Seconds a browser may cache a preflight (`Access-Control-Max-Age`); at most 86400.
    pub max_age: Option<u64>,
    /// Answer `Access-Control-Request-Private-Network: true` with
    /// `Access-Control-Allow-Private-Network: true`.
    pub private_network: bool,
    /// Opt in to the opaque origin `null`; it must also be listed in `origins`.
    pub allow_null_origin: bool,
    /// Reject cross-origin requests from disallowed origins with 403 before the handler runs.
    pub strict: bool,
    /// Status of a successful preflight, `200..=299`.
    pub preflight_status: u16,
}

impl Default for PolicySpec {
    fn default() -> Self {
        PolicySpec {
            origins: Vec::new(),
            methods: Vec::new(),
            headers: Vec::new(),
            expose: Vec::new(),
            credentials: false,
            max_age: None,
            private_network: false,
            allow_null_origin: false,
            strict: false,
            preflight_status: DEFAULT_PREFLIGHT_STATUS,
        }
    }
}

fn strings<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl PolicySpec {
    /// An empty spec: no origins, no methods, preflight status 204.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`origins`](Self::origins).
    pub fn origins<I>(mut self, origins: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.origins = strings(origins);
        self
    }

    /// Sets [`methods`](Self::methods).
    pub fn methods<I>(mut self, methods: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.methods = strings(methods);
        self
    }

    /// Sets [`headers`](Self::headers).
    pub fn headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.headers = strings(headers);
        self
    }

    /// Sets [`expose`](Self::expose).
    pub fn expose<I>(mut self, expose: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.expose = strings(expose);
        self
    }

    /// Sets [`credentials`](Self::credentials).
    pub fn credentials(mut self, credentials: bool) -> Self {
        self.credentials = credentials;
        self
    }

    /// Sets [`max_age`](Self::max_age).
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Sets [`private_network`](Self::private_network).
    pub fn private_network(mut self, enabled: bool) -> Self {
        self.private_network = enabled;
        self
    }

    /// Sets [`allow_null_origin`](Self::allow_null_origin).
    pub fn allow_null_origin(mut self, enabled: bool) -> Self {
        self.allow_null_origin = enabled;
        self
    }

    /// Sets [`strict`](Self::strict).
    pub fn strict(mut self, enabled: bool) -> Self {
        self.strict = enabled;
        self
    }

    /// Sets [`preflight_status`](Self::preflight_status).
    pub fn preflight_status(mut self, status: u16) -> Self {
        self.preflight_status = status;
        self
    }

    /// Checks every rule and reports every problem, not just the first.
    ///
    /// ```
    /// use cors_core::{ErrorKind, PolicySpec};
    ///
    /// let errors = PolicySpec::new()
    ///     .origins(["*"])
    ///     .methods(["put"])
    ///     .credentials(true)
    ///     .validate()
    ///     .unwrap_err();
    /// assert!(errors.contains(ErrorKind::WildcardOriginWithCredentials));
    /// assert!(errors.contains(ErrorKind::LowercaseMethod));
    /// ```
    pub fn validate(&self) -> Result<(), ConfigErrors> {
        ConfigErrors::from_vec(crate::valid::check(self))
    }

    /// Validates the spec and precomputes every header value.
    pub fn compile(&self) -> Result<Policy, ConfigErrors> {
        self.validate()?;
        Ok(Policy::from_valid_spec(self))
    }
}
