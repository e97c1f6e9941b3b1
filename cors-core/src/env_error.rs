//! Errors of [`EnvConfig`](crate::EnvConfig): one per problem, each naming the variable, the
//! offending value and the fix, collected into [`EnvErrors`].

use std::ffi::OsStr;
use std::fmt::{self, Write as _};

use crate::env_wording::EnvSyntax;
use crate::error::{ConfigError, ErrorKind};
use crate::field::{Field, FieldKind};
use crate::valid::MAX_AGE_LIMIT;

/// What is wrong with a variable, as a stable, machine-readable kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnvErrorKind {
    /// The value is not valid Unicode (UTF-8 on Unix).
    NotUnicode,
    /// The variable is set to an empty or whitespace-only value.
    Blank,
    /// A list has an empty item: `a,,b`, a leading or a trailing comma.
    EmptyItem,
    /// A boolean variable holds something other than `true`, `false`, `1` or `0`.
    NotBoolean,
    /// A numeric variable holds something other than decimal digits.
    NotNumber,
    /// A numeric variable holds digits, but too many for the field's type.
    NumberTooLarge,
    /// A variable starts with the prefix but is not one of the known names, or is a known name
    /// in another case (`cors_origins`).
    UnknownVariable,
    /// A required variable (origins, methods) is not set and has no default.
    Missing,
    /// The value parses, but the policy it describes is invalid (the rules of
    /// [`PolicySpec::validate`](crate::PolicySpec::validate)).
    Policy(ErrorKind),
}

impl EnvErrorKind {
    /// A stable identifier for the kind, suitable for logs and tests; policy problems keep
    /// their [`ErrorKind::code`].
    ///
    /// ```
    /// use cors_core::{EnvErrorKind, ErrorKind};
    /// assert_eq!(EnvErrorKind::Missing.code(), "env-missing");
    /// assert_eq!(EnvErrorKind::Policy(ErrorKind::MaxAgeTooLarge).code(), "max-age-too-large");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            EnvErrorKind::NotUnicode => "env-not-unicode",
            EnvErrorKind::Blank => "env-blank",
            EnvErrorKind::EmptyItem => "env-empty-item",
            EnvErrorKind::NotBoolean => "env-not-boolean",
            EnvErrorKind::NotNumber => "env-not-number",
            EnvErrorKind::NumberTooLarge => "env-number-too-large",
            EnvErrorKind::UnknownVariable => "env-unknown-variable",
            EnvErrorKind::Missing => "env-missing",
            EnvErrorKind::Policy(kind) => kind.code(),
        }
    }
}

/// One problem in the environment: which variable, which value, what is wrong, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvError {
    pub(crate) kind: EnvErrorKind,
    pub(crate) variable: String,
    pub(crate) field: Option<Field>,
    pub(crate) from_default: bool,
    pub(crate) index: Option<usize>,
    pub(crate) value: Option<String>,
    pub(crate) message: String,
    pub(crate) suggestion: String,
}

impl EnvError {
    /// The stable kind of the problem.
    pub fn kind(&self) -> EnvErrorKind {
        self.kind
    }

    /// The variable the problem is about, e.g. `CORS_ORIGINS`. For a problem in the defaults,
    /// the variable that would override them; for an unknown variable, its name as found
    /// (lossily decoded if it is not Unicode).
    pub fn variable(&self) -> &str {
        &self.variable
    }

    /// The policy field the variable sets; `None` for an unknown variable.
    pub fn field(&self) -> Option<Field> {
        self.field
    }

    /// Whether the offending value comes from [`EnvConfig::defaults`](crate::EnvConfig::defaults)
    /// because the variable is not set.
    pub fn is_default(&self) -> bool {
        self.from_default
    }

    /// The 0-based position of the offending item in its comma-separated list, counting empty
    /// items (so it is the position as written), or `None` when the problem concerns the whole
    /// value. [`Display`](fmt::Display) shows it 1-based for variables (`item 2`) and 0-based
    /// for defaults (`default origins[1]`).
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The offending text: the list item for an item's problem, the whole value for an
    /// [`EmptyItem`](EnvErrorKind::EmptyItem) or a scalar's problem, the value with invalid
    /// bytes escaped as `\xNN` for [`NotUnicode`](EnvErrorKind::NotUnicode), and `None` for
    /// [`Missing`](EnvErrorKind::Missing) and [`UnknownVariable`](EnvErrorKind::UnknownVariable)
    /// (whose value is not shown: it may belong to something else entirely).
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
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

/// The wording of every problem, in one place.
impl EnvError {
    fn new(
        kind: EnvErrorKind,
        variable: &str,
        field: Field,
        value: Option<String>,
        message: String,
        suggestion: String,
    ) -> Self {
        EnvError {
            kind,
            variable: variable.to_owned(),
            field: Some(field),
            from_default: false,
            index: None,
            value,
            message,
            suggestion,
        }
    }

    pub(crate) fn not_unicode(variable: &str, field: Field, value: &OsStr) -> Self {
        let escaped = escape_lossy(value);
        let message = format!("{variable} is not valid UTF-8: \"{escaped}\"");
        let suggestion = match field.kind() {
            FieldKind::OriginList => {
                "write it in UTF-8; browsers send non-ASCII hosts in punycode (\"https://xn--caf-dma.example\"), so list them that way"
            }
            FieldKind::NameList | FieldKind::Flag | FieldKind::Seconds | FieldKind::Status => {
                "write it in UTF-8 (check the encoding of the file or script that sets it)"
            }
        };
        let kind = EnvErrorKind::NotUnicode;
        EnvError::new(
            kind,
            variable,
            field,
            Some(escaped),
            message,
            suggestion.into(),
        )
    }

    pub(crate) fn blank(variable: &str, field: Field, raw: &str, default: Option<String>) -> Self {
        let example = example(field);
        let suggestion = match default {
            Some(default) => {
                format!("unset it to use the default ({default}), or set a value such as {example}")
            }
            None if field.required().is_some() => {
                format!("it is required: set a value such as {example}")
            }
            None => format!("unset it to leave {field} unset, or set a value such as {example}"),
        };
        let message = format!("{variable} is set but blank");
        EnvError::new(
            EnvErrorKind::Blank,
            variable,
            field,
            Some(raw.into()),
            message,
            suggestion,
        )
    }

    /// Item `index` of `count` is empty; `kept` are the non-empty items.
    pub(crate) fn empty_item(
        variable: &str,
        field: Field,
        raw: &str,
        index: usize,
        count: usize,
        kept: &[String],
    ) -> Self {
        let place = if index == 0 {
            "before the first comma"
        } else if index + 1 == count {
            "after the last comma"
        } else {
            "between two commas"
        };
        let message = format!("empty item {place} in {raw:?}");
        let suggestion = if kept.is_empty() {
            format!("set a value such as {}, or unset it", example(field))
        } else {
            format!("remove the extra comma: {:?}", kept.join(","))
        };
        let kind = EnvErrorKind::EmptyItem;
        let error = EnvError::new(kind, variable, field, Some(raw.into()), message, suggestion);
        EnvError {
            index: Some(index),
            ..error
        }
    }

    pub(crate) fn not_boolean(variable: &str, field: Field, raw: &str) -> Self {
        // Name the intended value when the spelling makes it obvious, without accepting it.
        let word = match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" | "enable" | "enabled" => "write true; ",
            "false" | "no" | "n" | "off" | "disable" | "disabled" => "write false; ",
            _ => "",
        };
        let suggestion =
            format!("{word}the accepted values are true, false, 1 and 0, in lowercase");
        let kind = EnvErrorKind::NotBoolean;
        EnvError::new(
            kind,
            variable,
            field,
            Some(raw.into()),
            "not a boolean".into(),
            suggestion,
        )
    }

    /// `raw`, the value of the numeric `field`, is not decimal digits, or too many of them.
    pub(crate) fn number(variable: &str, field: Field, raw: &str) -> Self {
        let (not_number, too_large, fix) = match field.kind() {
            FieldKind::Seconds => (
                "not a whole number of seconds",
                "too large for a number of seconds",
                format!("write the seconds as decimal digits, e.g. 600 (at most {MAX_AGE_LIMIT})"),
            ),
            FieldKind::Status | FieldKind::OriginList | FieldKind::NameList | FieldKind::Flag => (
                "not a numeric HTTP status",
                "too large for an HTTP status",
                "write 204 (the default) or 200".to_owned(),
            ),
        };
        let (kind, message) = if raw.trim().bytes().all(|b| b.is_ascii_digit()) {
            (EnvErrorKind::NumberTooLarge, too_large)
        } else {
            (EnvErrorKind::NotNumber, not_number)
        };
        EnvError::new(kind, variable, field, Some(raw.into()), message.into(), fix)
    }

    /// A required variable is not set and has no default; `what` is [`Field::required`]'s text.
    pub(crate) fn missing(variable: &str, field: Field, what: &str) -> Self {
        let message = format!("{variable} is not set and has no default");
        let suggestion = format!("set it to {what}, e.g. {variable}={}", example(field));
        EnvError::new(
            EnvErrorKind::Missing,
            variable,
            field,
            None,
            message,
            suggestion,
        )
    }

    /// `hint`: the known variable `name` resembles, and whether only the case differs.
    pub(crate) fn unknown_variable(
        name: &str,
        hint: Option<(&str, bool)>,
        names: &[String],
    ) -> Self {
        let suggestion = match hint {
            Some((known, false)) => format!("did you mean {known}?"),
            Some((known, true)) => {
                format!("did you mean {known}? variable names are case-sensitive")
            }
            None => format!(
                "rename or unset it; the variables read are {}",
                names.join(", ")
            ),
        };
        EnvError {
            kind: EnvErrorKind::UnknownVariable,
            variable: name.to_owned(),
            field: None,
            from_default: false,
            index: None,
            value: None,
            // Escaped: a name may hold any byte but `=`, line breaks included.
            message: format!("{} is not a known variable", name.escape_debug()),
            suggestion,
        }
    }

    /// A validation error, located by the caller at `index`/`value` of its field's variable,
    /// reworded for variables: values as `VAR=a,b`, fixes that work whether a value comes from
    /// a variable or from the defaults (`set CORS_CREDENTIALS=false`, as unsetting a variable
    /// brings back its default rather than turning the setting off).
    pub(crate) fn policy(
        error: &ConfigError,
        syntax: &EnvSyntax<'_>,
        from_default: bool,
        index: Option<usize>,
        value: Option<String>,
    ) -> Self {
        let words = error.words(syntax);
        let field = error.field();
        let kind = EnvErrorKind::Policy(error.kind());
        let variable = &syntax.names[field as usize];
        EnvError {
            from_default,
            index,
            ..EnvError::new(
                kind,
                variable,
                field,
                value,
                words.message,
                words.suggestion,
            )
        }
    }

    /// A validation error that nothing else in the report explains, naming only its field's
    /// variable: the fallback that keeps [`EnvConfig::read`](crate::EnvConfig::read) from
    /// compiling a policy that validation refused.
    pub(crate) fn unexplained(error: &ConfigError, syntax: &EnvSyntax<'_>) -> Self {
        let field = error.field();
        let words = error.words(syntax);
        let message = format!("the policy is invalid: {}", words.message);
        let kind = EnvErrorKind::Policy(error.kind());
        let variable = &syntax.names[field as usize];
        EnvError::new(kind, variable, field, None, message, words.suggestion)
    }
}

/// One line: where (`CORS_ORIGINS item 2 "https://a.com/"`, `CORS_MAX_AGE="ten"`,
/// `default origins[1] "x" (CORS_ORIGINS is not set)`), what, and `(help: ..)`.
impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from_default, self.field) {
            (true, Some(field)) => {
                write!(f, "default {field}")?;
                match (self.index, &self.value) {
                    (Some(index), Some(value)) => write!(f, "[{index}] {value:?}")?,
                    (Some(index), None) => write!(f, "[{index}]")?,
                    (None, Some(value)) => write!(f, " {value}")?,
                    (None, None) => {}
                }
                write!(f, " ({} is not set): ", self.variable)?;
            }
            // These messages name the variable themselves.
            _ if matches!(
                self.kind,
                EnvErrorKind::NotUnicode
                    | EnvErrorKind::Blank
                    | EnvErrorKind::Missing
                    | EnvErrorKind::UnknownVariable
            ) => {}
            _ => match (self.index, &self.value) {
                (Some(index), Some(value)) if self.kind != EnvErrorKind::EmptyItem => {
                    write!(f, "{} item {} {value:?}: ", self.variable, index + 1)?;
                }
                (Some(index), _) => write!(f, "{} item {}: ", self.variable, index + 1)?,
                (None, Some(value)) => write!(f, "{}={value:?}: ", self.variable)?,
                (None, None) => write!(f, "{}: ", self.variable)?,
            },
        }
        write!(f, "{} (help: {})", self.message, self.suggestion)
    }
}

impl std::error::Error for EnvError {}

/// Every problem found in one reading of the environment: unknown variables first, then the
/// fields in [`PolicySpec`](crate::PolicySpec) order, items in list order.
///
/// Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvErrors(Vec<EnvError>);

impl EnvErrors {
    pub(crate) fn from_vec(errors: Vec<EnvError>) -> Result<(), EnvErrors> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(EnvErrors(errors))
        }
    }

    /// The problems, in report order.
    pub fn errors(&self) -> &[EnvError] {
        &self.0
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, EnvError> {
        self.0.iter()
    }

    /// The number of problems (at least one).
    #[allow(clippy::len_without_is_empty)] // never empty, so `is_empty` would always be false
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether some problem is of this kind.
    pub fn contains(&self, kind: EnvErrorKind) -> bool {
        self.0.iter().any(|e| e.kind == kind)
    }
}

impl IntoIterator for EnvErrors {
    type Item = EnvError;
    type IntoIter = std::vec::IntoIter<EnvError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a EnvErrors {
    type Item = &'a EnvError;
    type IntoIter = std::slice::Iter<'a, EnvError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A header line with the count, then one `- ` line per problem.
impl fmt::Display for EnvErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(
            f,
            "invalid CORS configuration in the environment ({count} problem{plural})"
        )?;
        for error in &self.0 {
            write!(f, "\n- {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EnvErrors {}

/// A valid value for `field`, as its variable would hold it, for suggestions.
pub(crate) fn example(field: Field) -> String {
    field.example().join(",")
}

/// `value` with valid text kept (control characters and quotes escaped) and every byte that
/// is not valid UTF-8 written as `\xNN`.
fn escape_lossy(value: &OsStr) -> String {
    let mut out = String::new();
    for chunk in value.as_encoded_bytes().utf8_chunks() {
        out.extend(chunk.valid().chars().flat_map(char::escape_debug));
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02X}");
        }
    }
    out
}
