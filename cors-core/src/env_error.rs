//! Errors of [`EnvConfig`](crate::EnvConfig): one per problem, each naming the variable, the
//! offending value and the fix, collected into [`EnvErrors`].

use std::ffi::OsStr;
use std::fmt::{self, Write as _};

use crate::env::FIELDS;
use crate::error::{ConfigError, ErrorKind, Field};
use crate::origin::OriginErrorKind;

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
        let suggestion = match field {
            Field::Origins => {
                "write it in UTF-8; browsers send non-ASCII hosts in punycode (\"https://xn--caf-dma.example\"), so list them that way"
            }
            _ => "write it in UTF-8 (check the encoding of the file or script that sets it)",
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
            None if matches!(field, Field::Origins | Field::Methods) => {
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

    /// `raw` is not decimal digits, or too many of them.
    pub(crate) fn number(variable: &str, field: Field, raw: &str) -> Self {
        let (not_number, too_large, fix) = match field {
            Field::MaxAge => (
                "not a whole number of seconds",
                "too large for a number of seconds",
                "write the seconds as decimal digits, e.g. 600 (at most 86400)",
            ),
            _ => (
                "not a numeric HTTP status",
                "too large for an HTTP status",
                "write 204 (the default) or 200",
            ),
        };
        let (kind, message) = if raw.trim().bytes().all(|b| b.is_ascii_digit()) {
            (EnvErrorKind::NumberTooLarge, too_large)
        } else {
            (EnvErrorKind::NotNumber, not_number)
        };
        EnvError::new(
            kind,
            variable,
            field,
            Some(raw.into()),
            message.into(),
            fix.into(),
        )
    }

    pub(crate) fn missing(variable: &str, field: Field) -> Self {
        let what = match field {
            Field::Origins => "the origins allowed to call this server",
            _ => "the methods cross-origin callers may use",
        };
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

    /// A validation error, located by the caller at `index`/`value` of `names[field]`.
    pub(crate) fn policy(
        error: &ConfigError,
        names: &[String; 10],
        from_default: bool,
        index: Option<usize>,
        value: Option<String>,
    ) -> Self {
        // Validation quotes attribute keys (`` `credentials` ``); here the variables are the
        // names the user knows.
        let rename = |text: &str| {
            FIELDS.into_iter().fold(text.to_owned(), |text, field| {
                text.replace(&format!("`{}`", field.key()), &names[field as usize])
            })
        };
        let suggestion = match (error.kind(), &value) {
            // The attribute's "one origin per string" means "one per item" here.
            (ErrorKind::Origin(OriginErrorKind::SeveralOrigins), Some(value)) => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                format!("separate origins with commas: {:?}", parts.join(","))
            }
            _ => rename(error.suggestion()),
        };
        let field = error.field();
        let kind = EnvErrorKind::Policy(error.kind());
        let message = rename(error.message());
        let variable = &names[field as usize];
        EnvError {
            from_default,
            index,
            ..EnvError::new(kind, variable, field, value, message, suggestion)
        }
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

/// A valid value for `field`, for suggestions.
fn example(field: Field) -> &'static str {
    match field {
        Field::Origins => "https://app.example.com,https://admin.example.com",
        Field::Methods => "GET,POST",
        Field::Headers => "content-type,authorization",
        Field::Expose => "x-request-id",
        Field::MaxAge => "600",
        Field::PreflightStatus => "204",
        _ => "true",
    }
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

/// The field whose key is closest to `suffix` (what follows the prefix in an unknown
/// variable), if any is close enough, and whether it differs only by case.
pub(crate) fn closest(suffix: &str) -> Option<(Field, bool)> {
    let name = suffix.to_ascii_uppercase().replace('-', "_");
    let squash = |s: &str| s.replace('_', "");
    FIELDS
        .into_iter()
        .filter_map(|field| {
            let key = field.key().to_ascii_uppercase();
            // Lower tiers are better: a near-miss spelling, then a known key the name starts
            // with (`EXPOSE_HEADERS`), ends with (`ALLOWED_ORIGINS`) or is part of.
            let tier = if distance(&squash(&name), &squash(&key)) <= 2 {
                0
            } else if name.starts_with(&key) {
                1
            } else if name.ends_with(&key) {
                2
            } else if name.len() >= 4 && (key.contains(&name) || name.contains(&key)) {
                3
            } else {
                return None;
            };
            Some((
                (tier, distance(&name, &key)),
                field,
                suffix.eq_ignore_ascii_case(&key),
            ))
        })
        .min_by_key(|(score, _, _)| *score)
        .map(|(_, field, same)| (field, same))
}

/// Levenshtein distance over bytes (the names compared are ASCII in practice).
fn distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &x) in a.as_bytes().iter().enumerate() {
        current[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(x != y);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}
