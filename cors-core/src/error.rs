//! Configuration errors: one type for every problem `validate()` can report.
//!
//! The proc-macro turns each [`ConfigError`] into a `compile_error!` at the offending token and the
//! runtime builder returns them in a `Result`, so both show the same message and suggestion.

use std::fmt;

use crate::field::Field;
use crate::origin::OriginErrorKind;

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
    /// No origin at all.
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

/// One problem in a [`PolicySpec`](crate::PolicySpec): where, what, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ErrorKind,
    field: Field,
    index: Option<usize>,
    message: String,
    suggestion: String,
}

impl ConfigError {
    pub(crate) fn new(
        kind: ErrorKind,
        field: Field,
        index: Option<usize>,
        message: impl Into<String>,
        suggestion: impl Into<String>,
    ) -> Self {
        ConfigError {
            kind,
            field,
            index,
            message: message.into(),
            suggestion: suggestion.into(),
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

    /// What is wrong, in one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it.
    pub fn suggestion(&self) -> &str {
        &self.suggestion
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\nhelp: {}", self.message, self.suggestion)
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

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CORS policy ({} problem", self.0.len())?;
        if self.0.len() != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")?;
        for error in &self.0 {
            match error.index {
                Some(index) => write!(f, "\n- {}[{index}]: ", error.field)?,
                None => write!(f, "\n- {}: ", error.field)?,
            }
            write!(f, "{} (help: {})", error.message, error.suggestion)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}
