//! Validation errors reworded for environment variables.
//!
//! Validation words its errors for the attribute (`origins = ["*"]`, `` drop `credentials` ``).
//! Here they become fixes that work whether a value comes from a variable or from the defaults
//! (`set CORS_CREDENTIALS=false`, as unsetting a variable brings its default back).

use crate::env::{FIELD_COUNT, FIELDS};
use crate::env_error::example;
use crate::error::{ConfigError, ErrorKind};
use crate::field::Field;
use crate::origin::OriginErrorKind;
use crate::valid::MAX_AGE_LIMIT;

/// Where the policy's values come from, for wording the fixes of validation errors.
pub(crate) struct Vars<'a> {
    /// The variable of each field, indexed by `field as usize`.
    pub(crate) names: &'a [String; FIELD_COUNT],
    /// Whether each field's value comes from its variable (rather than from the defaults).
    pub(crate) set: [bool; FIELD_COUNT],
}

impl Vars<'_> {
    pub(crate) fn name(&self, field: Field) -> &str {
        &self.names[field as usize]
    }

    /// How to take `item` (quoted) out of `field`'s list.
    fn remove(&self, field: Field, item: &str) -> String {
        let name = self.name(field);
        if self.set[field as usize] {
            format!("remove {item} from {name}")
        } else {
            format!("set {name} to a list without {item}")
        }
    }

    /// How to put `item` (quoted) into `field`'s list.
    fn add(&self, field: Field, item: &str) -> String {
        let name = self.name(field);
        if self.set[field as usize] {
            format!("add {item} to {name}")
        } else {
            format!("set {name} to a list that includes {item}")
        }
    }

    /// Where credentials were turned on, to follow "credentials, ".
    fn credentials_on(&self) -> String {
        let name = self.name(Field::Credentials);
        if self.set[Field::Credentials as usize] {
            format!("which {name} turns on")
        } else {
            format!("which are on by default ({name} is not set)")
        }
    }
}

/// The message and suggestion of a validation error, in the terms of variables. `value` is the
/// offending item or value, as located by the caller.
///
/// Validation words its errors for the attribute (`origins = ["*"]`, `` drop `credentials` ``):
/// every rule that names another field, a list or a key is reworded here; the others keep
/// validation's text, with any `` `key` `` still in it turned into its variable.
pub(crate) fn policy_text(
    error: &ConfigError,
    vars: &Vars<'_>,
    value: Option<&str>,
) -> (String, String) {
    let name = |field| vars.name(field);
    let own = || {
        (
            keys_to_variables(error.message(), vars.names),
            keys_to_variables(error.suggestion(), vars.names),
        )
    };
    let field = error.field();
    let null = "\"null\"";
    match error.kind() {
        ErrorKind::Origin(OriginErrorKind::SeveralOrigins) => match value {
            // The attribute's "one origin per string" means "one per item" here.
            Some(value) => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let suggestion = format!("separate origins with commas: {:?}", parts.join(","));
                (own().0, suggestion)
            }
            None => own(),
        },
        ErrorKind::Origin(_) => own(),
        ErrorKind::WildcardOriginWithCredentials => (
            format!(
                "\"*\" cannot be combined with credentials, {}: browsers reject \
                 `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any \
                 origin with credentials lets every site read your users' data",
                vars.credentials_on()
            ),
            format!(
                "list the exact origins that may send credentials, e.g. \
                 {}=https://app.example.com, or set {}=false",
                name(Field::Origins),
                name(Field::Credentials)
            ),
        ),
        ErrorKind::WildcardExposeWithCredentials => (
            format!(
                "\"*\" cannot be combined with credentials, {}: browsers then read `*` as a \
                 literal header name",
                vars.credentials_on()
            ),
            format!(
                "list the response headers scripts may read, e.g. {}=x-request-id, or set {}=false",
                name(Field::Expose),
                name(Field::Credentials)
            ),
        ),
        ErrorKind::NullOriginWithCredentials => (
            format!(
                "{null} cannot be combined with credentials, {}: any sandboxed page could read \
                 credentialed responses",
                vars.credentials_on()
            ),
            format!(
                "{}, or set {}=false",
                vars.remove(Field::Origins, null),
                name(Field::Credentials)
            ),
        ),
        ErrorKind::NullOriginNotEnabled => (
            own().0,
            format!(
                "{}, or opt in explicitly with {}=true",
                vars.remove(Field::Origins, null),
                name(Field::AllowNullOrigin)
            ),
        ),
        ErrorKind::NullOriginNotListed => (
            format!("the null origin is opted in but {null} is not in the origin list"),
            format!(
                "{}, or set {}=false",
                vars.add(Field::Origins, null),
                name(Field::AllowNullOrigin)
            ),
        ),
        ErrorKind::NullOriginWithWildcard => (
            "opting in to the null origin has no effect when the origins are \"*\"".to_owned(),
            format!("set {}=false", name(Field::AllowNullOrigin)),
        ),
        ErrorKind::WildcardMixed if field == Field::Origins => (
            own().0,
            format!(
                "use {}=* alone, or list only the exact origins",
                name(field)
            ),
        ),
        ErrorKind::WildcardMixed => (
            "\"*\" is mixed with other header names".to_owned(),
            format!("use {}=* alone, or list only the names", name(field)),
        ),
        ErrorKind::EmptyOrigins | ErrorKind::EmptyMethods => {
            let what = field.required().unwrap_or("its entries");
            let variable = name(field);
            let suggestion = format!("set it to {what}, e.g. {variable}={}", example(field));
            (own().0, suggestion)
        }
        ErrorKind::WildcardMethod => (
            own().0,
            format!(
                "list the methods explicitly, e.g. {}=GET,PUT",
                name(Field::Methods)
            ),
        ),
        ErrorKind::ForbiddenRequestHeader => match value {
            Some(item) => (
                own().0,
                format!(
                    "{}; the browser manages it itself",
                    vars.remove(field, &format!("{item:?}"))
                ),
            ),
            None => own(),
        },
        ErrorKind::ForbiddenResponseHeader => match value {
            Some(item) => (own().0, vars.remove(field, &format!("{item:?}"))),
            None => own(),
        },
        ErrorKind::MaxAgeTooLarge => (
            format!(
                "{} is above {MAX_AGE_LIMIT} seconds, which no browser honours",
                value.map_or("the value", str::trim)
            ),
            format!(
                "set {} to at most 7200 (Chromium's cap), or to 600 (honoured by every browser)",
                name(field)
            ),
        ),
        ErrorKind::PreflightStatusOutOfRange => (
            format!(
                "{} is not a 2xx status; browsers fail every other preflight",
                value.map_or("the value", str::trim)
            ),
            format!("set {0}=204 or {0}=200", name(field)),
        ),
        ErrorKind::InvalidMethod
        | ErrorKind::LowercaseMethod
        | ErrorKind::InvalidHeaderName
        | ErrorKind::Duplicate => own(),
    }
}

/// `text` with the attribute keys validation quotes (`` `credentials` ``) replaced by their
/// variables, the names the user knows.
pub(crate) fn keys_to_variables(text: &str, names: &[String; FIELD_COUNT]) -> String {
    FIELDS.into_iter().fold(text.to_owned(), |text, field| {
        text.replace(&format!("`{}`", field.key()), &names[field as usize])
    })
}
