//! Configuration errors: one type for every problem `validate()` can report.
//!
//! The proc-macro turns each [`ConfigError`] into a `compile_error!` at the offending token and the
//! runtime builder returns them in a `Result`, so both show the same message and suggestion.

use crate::field::Field;
use crate::origin::{OriginError, OriginErrorKind};

/// What is wrong, as a stable, machine-readable kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An origin string does not follow the origin grammar.
    Origin(OriginErrorKind),
    /// `*` origins together with credentials: browsers refuse `*` on credentialed requests.
    WildcardOriginWithCredentials,
    /// `*` exposed headers together with credentials: `*` is then a literal header name.
    WildcardExposeWithCredentials,
    /// `null` allowed together with credentials: any sandboxed page could read credentialed data.
    NullOriginWithCredentials,
    /// `"null"` listed without the `allow_null_origin` opt-in.
    NullOriginNotEnabled,
    /// `allow_null_origin` set but `"null"` is not in the origin list.
    NullOriginNotListed,
    /// `allow_null_origin` together with `*` origins, where it has no effect.
    NullOriginWithWildcard,
    /// `*` mixed with other entries in the same list.
    WildcardMixed,
    /// `*` origins together with an origin predicate (`origin_fn`), which would never be asked.
    WildcardOriginWithOriginFn,
    /// No origin at all (and no origin predicate).
    EmptyOrigins,
    /// No method at all.
    EmptyMethods,
    /// A method that is not an RFC 9110 token.
    InvalidMethod,
    /// A method written in lowercase or mixed case (`put`): matching is case-sensitive.
    LowercaseMethod,
    /// `*` as a method.
    WildcardMethod,
    /// A header name that is not an RFC 9110 token.
    InvalidHeaderName,
    /// A request header that scripts can never set (`Cookie`, `Host`, `Sec-*`, ...).
    ForbiddenRequestHeader,
    /// A response header that scripts can never read (`Set-Cookie`).
    ForbiddenResponseHeader,
    /// The same entry twice in one list.
    Duplicate,
    /// `max_age` above 86400 seconds, which no browser honours.
    MaxAgeTooLarge,
    /// `preflight_status` outside `200..=299`.
    PreflightStatusOutOfRange,
}

impl ErrorKind {
    /// The other field a rule about a combination involves.
    ///
    /// ```
    /// use cors_core::{ErrorKind, Field};
    /// let kind = ErrorKind::WildcardOriginWithCredentials;
    /// assert_eq!(kind.related(), Some(Field::Credentials));
    /// assert_eq!(ErrorKind::Duplicate.related(), None);
    /// ```
    pub const fn related(self) -> Option<Field> {
        match self {
            ErrorKind::WildcardOriginWithCredentials
            | ErrorKind::WildcardExposeWithCredentials
            | ErrorKind::NullOriginWithCredentials => Some(Field::Credentials),
            ErrorKind::NullOriginNotEnabled => Some(Field::AllowNullOrigin),
            ErrorKind::NullOriginNotListed | ErrorKind::NullOriginWithWildcard => {
                Some(Field::Origins)
            }
            ErrorKind::Origin(_)
            | ErrorKind::WildcardMixed
            | ErrorKind::WildcardOriginWithOriginFn
            | ErrorKind::EmptyOrigins
            | ErrorKind::EmptyMethods
            | ErrorKind::InvalidMethod
            | ErrorKind::LowercaseMethod
            | ErrorKind::WildcardMethod
            | ErrorKind::InvalidHeaderName
            | ErrorKind::ForbiddenRequestHeader
            | ErrorKind::ForbiddenResponseHeader
            | ErrorKind::Duplicate
            | ErrorKind::MaxAgeTooLarge
            | ErrorKind::PreflightStatusOutOfRange => None,
        }
    }

    /// A stable identifier for the kind, suitable for logs and tests.
    ///
    /// ```
    /// use cors_core::ErrorKind;
    /// assert_eq!(ErrorKind::WildcardOriginWithCredentials.code(), "wildcard-origin-with-credentials");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Origin(kind) => kind.code(),
            ErrorKind::WildcardOriginWithCredentials => "wildcard-origin-with-credentials",
            ErrorKind::WildcardExposeWithCredentials => "wildcard-expose-with-credentials",
            ErrorKind::NullOriginWithCredentials => "null-origin-with-credentials",
            ErrorKind::NullOriginNotEnabled => "null-origin-not-enabled",
            ErrorKind::NullOriginNotListed => "null-origin-not-listed",
            ErrorKind::NullOriginWithWildcard => "null-origin-with-wildcard",
            ErrorKind::WildcardMixed => "wildcard-mixed",
            ErrorKind::WildcardOriginWithOriginFn => "wildcard-origin-with-origin-fn",
            ErrorKind::EmptyOrigins => "empty-origins",
            ErrorKind::EmptyMethods => "empty-methods",
            ErrorKind::InvalidMethod => "invalid-method",
            ErrorKind::LowercaseMethod => "lowercase-method",
            ErrorKind::WildcardMethod => "wildcard-method",
            ErrorKind::InvalidHeaderName => "invalid-header-name",
            ErrorKind::ForbiddenRequestHeader => "forbidden-request-header",
            ErrorKind::ForbiddenResponseHeader => "forbidden-response-header",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::MaxAgeTooLarge => "max-age-too-large",
            ErrorKind::PreflightStatusOutOfRange => "preflight-status-out-of-range",
        }
    }
}

/// One problem in a [`PolicySpec`](crate::PolicySpec), as facts: what, where (field and item),
/// and the other field involved.
///
/// Its words depend on where the policy was written; [`words`](Self::words) renders them for a
/// front end's [`Syntax`](crate::glue::Syntax). `Display`, [`message`](Self::message) and
/// [`suggestion`](Self::suggestion) use the builder's ([`BuilderSyntax`](crate::glue::BuilderSyntax)).
///
/// ```
/// use cors_core::{ErrorKind, Field, PolicySpec};
///
/// let spec = PolicySpec::new().origins(["*"]).methods(["GET"]).credentials(true);
/// let errors = spec.validate().unwrap_err();
/// let error = &errors.errors()[0];
/// assert_eq!(error.kind(), ErrorKind::WildcardOriginWithCredentials);
/// assert_eq!((error.field(), error.index(), error.item()), (Field::Origins, Some(0), Some("*")));
/// assert_eq!(error.related(), Some(Field::Credentials));
/// assert!(error.suggestion().ends_with("or remove `.credentials(true)`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ErrorKind,
    field: Field,
    index: Option<usize>,
    item: Option<String>,
    /// The grammar's own account of an origin that does not parse.
    origin: Option<OriginError>,
}

impl ConfigError {
    /// A problem with `field` (at `index` of a list), about `item` as configured.
    pub(crate) fn new(
        kind: ErrorKind,
        field: Field,
        index: Option<usize>,
        item: Option<String>,
    ) -> Self {
        ConfigError {
            kind,
            field,
            index,
            item,
            origin: None,
        }
    }

    /// An origin at `index` that does not follow the grammar.
    pub(crate) fn origin(index: usize, item: &str, error: OriginError) -> Self {
        ConfigError {
            origin: Some(error.clone()),
            ..ConfigError::new(
                ErrorKind::Origin(error.kind()),
                Field::Origins,
                Some(index),
                Some(item.to_owned()),
            )
        }
    }

    /// The stable kind of the problem.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The field the problem is in.
    pub fn field(&self) -> Field {
        self.field
    }

    /// The position of the offending item in its list (`origins`, `methods`, `headers`,
    /// `expose`), or `None` when the problem concerns the field as a whole.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The offending item or value as configured (`"https://app.example.com/"`, `"put"`,
    /// `"90000"`), or `None` when the problem concerns a field as a whole.
    pub fn item(&self) -> Option<&str> {
        self.item.as_deref()
    }

    /// The other field of a rule about a combination (`credentials` for `*` origins with
    /// credentials), if any.
    pub fn related(&self) -> Option<Field> {
        self.kind.related()
    }

    /// The grammar's account of an origin that does not parse.
    pub(crate) fn origin_error(&self) -> Option<&OriginError> {
        self.origin.as_ref()
    }
}

impl std::error::Error for ConfigError {}

/// Every problem found in one [`PolicySpec`](crate::PolicySpec), in the order of its fields.
///
/// Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(Vec<ConfigError>);

impl ConfigErrors {
    pub(crate) fn from_vec(errors: Vec<ConfigError>) -> Result<(), ConfigErrors> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// The problems, in the order of the spec's fields.
    pub fn errors(&self) -> &[ConfigError] {
        &self.0
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.0.iter()
    }

    /// Whether some problem is of this kind.
    pub fn contains(&self, kind: ErrorKind) -> bool {
        self.0.iter().any(|e| e.kind == kind)
    }
}

impl IntoIterator for ConfigErrors {
    type Item = ConfigError;
    type IntoIter = std::vec::IntoIter<ConfigError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ConfigErrors {
    type Item = &'a ConfigError;
    type IntoIter = std::slice::Iter<'a, ConfigError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::error::Error for ConfigErrors {}
