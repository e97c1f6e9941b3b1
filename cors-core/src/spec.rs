//! The policy specification: what a user writes, before validation.

use crate::field::Field;

/// The preflight status used when none is configured.
pub const DEFAULT_PREFLIGHT_STATUS: u16 = 204;

/// A CORS policy as configured: plain strings and numbers, not yet validated.
///
/// The `#[cors(..)]` attribute fills one at compile time and the runtime builder at startup;
/// both call [`PolicySpec::compile`] (in `policy.rs`), which runs [`PolicySpec::validate`] (in
/// `valid.rs`), so both report the same errors.
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
    /// Whether an origin predicate (`origin_fn`) decides the origins `origins` does not list.
    ///
    /// Not a key of its own: the front end that holds the predicate (the runtime builder's
    /// `origin_fn`) sets it, so that validation allows an empty `origins` and refuses `["*"]`.
    pub dynamic_origins: bool,
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
            dynamic_origins: false,
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

    /// Sets [`dynamic_origins`](Self::dynamic_origins).
    ///
    /// ```
    /// use cors_core::{ErrorKind, PolicySpec};
    ///
    /// // An origin predicate may decide every origin: the list may be empty.
    /// assert!(PolicySpec::new().methods(["GET"]).dynamic_origins(true).validate().is_ok());
    /// let errors = PolicySpec::new().origins(["*"]).methods(["GET"]).dynamic_origins(true)
    ///     .validate().unwrap_err();
    /// assert!(errors.contains(ErrorKind::WildcardOriginWithOriginFn));
    /// ```
    pub fn dynamic_origins(mut self, enabled: bool) -> Self {
        self.dynamic_origins = enabled;
        self
    }

    /// The value of `field`, whatever its kind.
    ///
    /// ```
    /// use cors_core::{Field, FieldValue, PolicySpec};
    ///
    /// let spec = PolicySpec::new().methods(["GET"]).max_age(60);
    /// assert_eq!(spec.value(Field::Methods), FieldValue::List(&["GET".to_owned()]));
    /// assert_eq!(spec.value(Field::MaxAge), FieldValue::Seconds(Some(60)));
    /// assert_eq!(spec.value(Field::Strict), FieldValue::Flag(false));
    /// ```
    pub fn value(&self, field: Field) -> FieldValue<'_> {
        match field {
            Field::Origins => FieldValue::List(&self.origins),
            Field::Methods => FieldValue::List(&self.methods),
            Field::Headers => FieldValue::List(&self.headers),
            Field::Expose => FieldValue::List(&self.expose),
            Field::Credentials => FieldValue::Flag(self.credentials),
            Field::MaxAge => FieldValue::Seconds(self.max_age),
            Field::PrivateNetwork => FieldValue::Flag(self.private_network),
            Field::AllowNullOrigin => FieldValue::Flag(self.allow_null_origin),
            Field::Strict => FieldValue::Flag(self.strict),
            Field::PreflightStatus => FieldValue::Status(self.preflight_status),
        }
    }

    /// The items of a list field; `None` for the other kinds.
    pub fn items(&self, field: Field) -> Option<&[String]> {
        match self.value(field) {
            FieldValue::List(items) => Some(items),
            FieldValue::Flag(_) | FieldValue::Seconds(_) | FieldValue::Status(_) => None,
        }
    }

    /// Sets `field` to `setting`, which must be of the field's [`kind`](Field::kind): a list
    /// for a list field, a flag for a flag, and so on. A setting of another kind is handed
    /// back and nothing changes.
    ///
    /// ```
    /// use cors_core::{Field, PolicySpec, Setting};
    ///
    /// let mut spec = PolicySpec::new();
    /// spec.set(Field::Origins, Setting::List(vec!["https://app.example.com".into()]))?;
    /// spec.set(Field::Credentials, Setting::Flag(true))?;
    /// assert!(spec.set(Field::MaxAge, Setting::Flag(true)).is_err());
    /// assert_eq!(spec, PolicySpec::new().origins(["https://app.example.com"]).credentials(true));
    /// # Ok::<(), Setting>(())
    /// ```
    pub fn set(&mut self, field: Field, setting: Setting) -> Result<(), Setting> {
        match (field, setting) {
            (Field::Origins, Setting::List(items)) => self.origins = items,
            (Field::Methods, Setting::List(items)) => self.methods = items,
            (Field::Headers, Setting::List(items)) => self.headers = items,
            (Field::Expose, Setting::List(items)) => self.expose = items,
            (Field::Credentials, Setting::Flag(on)) => self.credentials = on,
            (Field::MaxAge, Setting::Seconds(seconds)) => self.max_age = Some(seconds),
            (Field::PrivateNetwork, Setting::Flag(on)) => self.private_network = on,
            (Field::AllowNullOrigin, Setting::Flag(on)) => self.allow_null_origin = on,
            (Field::Strict, Setting::Flag(on)) => self.strict = on,
            (Field::PreflightStatus, Setting::Status(status)) => self.preflight_status = status,
            (_, setting) => return Err(setting),
        }
        Ok(())
    }
}

/// A field's value in a [`PolicySpec`], borrowed; see [`PolicySpec::value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// A list field's items.
    List(&'a [String]),
    /// A flag.
    Flag(bool),
    /// A number of seconds, if set.
    Seconds(Option<u64>),
    /// An HTTP status.
    Status(u16),
}

impl FieldValue<'_> {
    /// The value as one would write it in a variable (`a,b`, `true`, `600`), or `None` when it
    /// is unset or an empty list.
    ///
    /// ```
    /// use cors_core::{Field, PolicySpec};
    /// let spec = PolicySpec::new().methods(["GET", "PUT"]);
    /// assert_eq!(spec.value(Field::Methods).to_text().as_deref(), Some("GET,PUT"));
    /// assert_eq!(spec.value(Field::MaxAge).to_text(), None);
    /// ```
    pub fn to_text(&self) -> Option<String> {
        match *self {
            FieldValue::List(items) => (!items.is_empty()).then(|| items.join(",")),
            FieldValue::Flag(on) => Some(on.to_string()),
            FieldValue::Seconds(seconds) => seconds.map(|seconds| seconds.to_string()),
            FieldValue::Status(status) => Some(status.to_string()),
        }
    }
}

/// A value to give a field with [`PolicySpec::set`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The items of a list field.
    List(Vec<String>),
    /// A flag.
    Flag(bool),
    /// A number of seconds.
    Seconds(u64),
    /// An HTTP status.
    Status(u16),
}
