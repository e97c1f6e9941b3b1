//! Where a configuration error gets its words.
//!
//! A [`ConfigError`] stores facts (kind, field, item, the other field involved); the words are
//! written here, once, in terms of a [`Syntax`]: how a front end writes a field and its values.
//! So one rule reads `origins = ["*"] ... drop `credentials`` on the `#[cors]` attribute,
//! `.origins(["*"]) ... remove `.credentials(true)`` on the builder and `CORS_ORIGINS=* ...
//! set CORS_CREDENTIALS=false` in the environment, from the same sentence.

use std::fmt;

use crate::error::{ConfigError, ConfigErrors, ErrorKind};
use crate::field::{Field, FieldKind};
use crate::origin::OriginErrorKind;
use crate::valid::MAX_AGE_LIMIT;

/// How a front end writes fields and values, for wording [`ConfigError`]s.
///
/// `items` are values as configured (`"https://app.example.com"`, `"true"`, `"600"`); a list
/// field takes any number, the others one.
pub trait Syntax {
    /// The field named in prose: `` `credentials` ``, `` `.credentials(..)` ``,
    /// `CORS_CREDENTIALS`.
    fn name(&self, field: Field) -> String;

    /// The field set to `items`, as the user writes it: `origins = ["*"]`, `.origins(["*"])`,
    /// `CORS_ORIGINS=*`.
    fn setting(&self, field: Field, items: &[&str]) -> String;

    /// An offending value of the field, as a message names it: `max_age = 90000`,
    /// `.max_age(90000)`; a front end that shows where the value is set already (a variable's
    /// report line) shows the value alone.
    fn value(&self, field: Field, items: &[&str]) -> String {
        self.setting(field, items)
    }

    /// A value to suggest for the field, after "e.g." or "use": `["GET", "PUT"]`,
    /// `.methods(["GET", "PUT"])`, `CORS_METHODS=GET,PUT`.
    fn example(&self, field: Field, items: &[&str]) -> String;

    /// How to turn the flag `field` on.
    fn turn_on(&self, field: Field) -> String;

    /// How to turn the flag `field` off.
    fn turn_off(&self, field: Field) -> String;

    /// How to take `item` (quoted) out of the list `field`.
    fn remove(&self, field: Field, item: &str) -> String;

    /// How to put `item` (quoted) into the list `field`.
    fn add(&self, field: Field, item: &str) -> String;

    /// The origin predicate, named in prose: `` `origin_fn` `` on the attribute, whose key it
    /// is by default; `` `.origin_fn(..)` `` on the builder.
    fn origin_fn(&self) -> String {
        "`origin_fn`".to_owned()
    }

    /// Where the flag `field` was turned on, appended to its mention (", which ... turns on"),
    /// when the front end can tell; empty otherwise.
    fn where_on(&self, _field: Field) -> String {
        String::new()
    }

    /// The fix for an item holding several values of a list, split into `parts`, when this
    /// front end separates them its own way (commas in a variable); `None` keeps the generic fix.
    fn separate(&self, _field: Field, _parts: &[&str]) -> Option<String> {
        None
    }
}

/// The words of the runtime builder: [`PolicySpec`](crate::PolicySpec)'s methods, which are
/// named after the keys. [`ConfigError`]'s `Display` uses them.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuilderSyntax;

impl Syntax for BuilderSyntax {
    fn name(&self, field: Field) -> String {
        format!("`.{}(..)`", field.key())
    }

    fn setting(&self, field: Field, items: &[&str]) -> String {
        let value = if field.kind().is_list() {
            quoted_list(items)
        } else {
            items.join(", ")
        };
        format!("`.{}({value})`", field.key())
    }

    fn example(&self, field: Field, items: &[&str]) -> String {
        self.setting(field, items)
    }

    fn turn_on(&self, field: Field) -> String {
        format!("`.{}(true)`", field.key())
    }

    fn origin_fn(&self) -> String {
        "`.origin_fn(..)`".to_owned()
    }

    fn turn_off(&self, field: Field) -> String {
        format!("remove `.{}(true)`", field.key())
    }

    fn remove(&self, field: Field, item: &str) -> String {
        format!("remove {item} from {}", self.name(field))
    }

    fn add(&self, field: Field, item: &str) -> String {
        format!("add {item} to {}", self.name(field))
    }
}

/// `["a", "b"]`: items as a list of string literals.
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// What is wrong and how to fix it, in the words of one front end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub suggestion: String,
}

/// The words of `error` in `syntax`: every rule's sentence, written once.
pub(crate) fn describe(error: &ConfigError, syntax: &dyn Syntax) -> Words {
    let field = error.field();
    let item = error.item().unwrap_or_default();
    let shown = format!("{item:?}");
    let null = "\"null\"";
    let (message, suggestion) = match error.kind() {
        ErrorKind::Origin(kind) => {
            let origin = error.origin_error();
            let message = origin.map_or_else(String::new, |e| e.message().to_owned());
            let suggestion = match kind {
                // The origin grammar knows no front end; the one fix naming a key is here.
                OriginErrorKind::Null => format!(
                    "{null} is only allowed in the origin list, with {}",
                    syntax.turn_on(Field::AllowNullOrigin)
                ),
                OriginErrorKind::SeveralOrigins => {
                    let parts: Vec<&str> = item.split_whitespace().collect();
                    syntax.separate(field, &parts).unwrap_or_else(|| {
                        origin.map_or_else(String::new, |e| e.suggestion().to_owned())
                    })
                }
                _ => origin.map_or_else(String::new, |e| e.suggestion().to_owned()),
            };
            (message, suggestion)
        }
        ErrorKind::WildcardOriginWithCredentials => (
            format!(
                "{} cannot be combined with credentials{}: browsers reject \
                 `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any \
                 origin with credentials lets every site read your users' data",
                syntax.value(field, &["*"]),
                syntax.where_on(Field::Credentials)
            ),
            format!(
                "list the exact origins that may send credentials, e.g. {}, or {}",
                syntax.example(Field::Origins, &["https://app.example.com"]),
                syntax.turn_off(Field::Credentials)
            ),
        ),
        ErrorKind::WildcardExposeWithCredentials => (
            format!(
                "{} cannot be combined with credentials{}: browsers then read `*` as a literal \
                 header name",
                syntax.value(field, &["*"]),
                syntax.where_on(Field::Credentials)
            ),
            format!(
                "list the response headers scripts may read, e.g. {}, or {}",
                syntax.example(Field::Expose, &["x-request-id"]),
                syntax.turn_off(Field::Credentials)
            ),
        ),
        ErrorKind::NullOriginWithCredentials => (
            format!(
                "{null} cannot be combined with credentials{}: any sandboxed page could read \
                 credentialed responses",
                syntax.where_on(Field::Credentials)
            ),
            format!(
                "{}, or {}",
                syntax.remove(Field::Origins, null),
                syntax.turn_off(Field::Credentials)
            ),
        ),
        ErrorKind::NullOriginNotEnabled => (
            format!(
                "{null} is the origin of sandboxed frames and local files; any site can produce it"
            ),
            format!(
                "{}, or opt in explicitly with {}",
                syntax.remove(Field::Origins, null),
                syntax.turn_on(Field::AllowNullOrigin)
            ),
        ),
        ErrorKind::NullOriginNotListed => (
            format!(
                "{} is on but {null} is not in the origin list",
                syntax.name(field)
            ),
            format!(
                "{}, or {}",
                syntax.add(Field::Origins, null),
                syntax.turn_off(field)
            ),
        ),
        ErrorKind::NullOriginWithWildcard => (
            format!(
                "{} has no effect with {}",
                syntax.name(field),
                syntax.setting(Field::Origins, &["*"])
            ),
            syntax.turn_off(field),
        ),
        ErrorKind::WildcardOriginWithOriginFn => (
            format!(
                "{} cannot be combined with an origin predicate ({}): `*` already allows every \
                 origin, so the predicate would never be asked",
                syntax.value(field, &["*"]),
                syntax.origin_fn()
            ),
            format!(
                "list only the origins allowed without asking the predicate, e.g. {}, or none at \
                 all; or drop {}",
                syntax.example(Field::Origins, &["https://app.example.com"]),
                syntax.origin_fn()
            ),
        ),
        ErrorKind::WildcardMixed => {
            let what = match field.kind() {
                FieldKind::OriginList => "origins; it already allows every origin".to_owned(),
                _ => format!("names in {}", syntax.name(field)),
            };
            let rest = match field.kind() {
                FieldKind::OriginList => "the exact origins",
                _ => "the names",
            };
            (
                format!("\"*\" is mixed with other {what}"),
                format!(
                    "use {} alone, or list only {rest}",
                    syntax.example(field, &["*"])
                ),
            )
        }
        ErrorKind::EmptyOrigins | ErrorKind::EmptyMethods => {
            let consequence = match field {
                Field::Origins => {
                    "origin list is empty, so no cross-origin request would ever be allowed"
                }
                _ => "method list is empty, so preflights could only ask for GET, HEAD or POST",
            };
            (
                format!("the {consequence}"),
                format!(
                    "list {}, e.g. {}",
                    field.required().unwrap_or("its entries"),
                    syntax.example(field, sample(field))
                ),
            )
        }
        ErrorKind::InvalidMethod => (
            format!("{shown} is not a valid HTTP method"),
            "a method is a token such as \"GET\" or \"PATCH\", without spaces or separators"
                .to_owned(),
        ),
        ErrorKind::LowercaseMethod => (
            format!("method {shown} is not uppercase; browsers compare methods case-sensitively"),
            format!("write {:?}", item.to_ascii_uppercase()),
        ),
        ErrorKind::WildcardMethod => (
            "\"*\" is not a method; with credentials browsers read it as a literal name".to_owned(),
            format!(
                "list the methods explicitly, e.g. {}",
                syntax.example(field, &["GET", "PUT"])
            ),
        ),
        ErrorKind::InvalidHeaderName => (
            format!("{shown} is not a valid header name"),
            "a header name is a token such as \"x-request-id\", without spaces, colons or \
             separators"
                .to_owned(),
        ),
        ErrorKind::ForbiddenRequestHeader => (
            format!(
                "{shown} is a forbidden request header: scripts can never set it, so allowing it \
                 has no effect"
            ),
            format!(
                "{}; the browser manages it itself",
                syntax.remove(field, &shown)
            ),
        ),
        ErrorKind::ForbiddenResponseHeader => (
            format!("{shown} can never be read by scripts, whatever is exposed"),
            syntax.remove(field, &shown),
        ),
        ErrorKind::Duplicate => {
            let (noun, note) = match field {
                Field::Origins => ("origin", ""),
                Field::Methods => ("method", ""),
                _ => ("header", " (names are case-insensitive)"),
            };
            (
                format!("{noun} {shown} is listed twice{note}"),
                "remove the second entry".to_owned(),
            )
        }
        ErrorKind::MaxAgeTooLarge => (
            format!(
                "{} is above {MAX_AGE_LIMIT} seconds, which no browser honours",
                syntax.value(field, &[item])
            ),
            format!(
                "use at most {} (Chromium's cap), or {} (honoured by every browser)",
                syntax.example(field, &["7200"]),
                syntax.example(field, &["600"])
            ),
        ),
        ErrorKind::PreflightStatusOutOfRange => (
            format!(
                "{} is not a 2xx status; browsers fail every other preflight",
                syntax.value(field, &[item])
            ),
            format!(
                "use {} (the default) or {}",
                syntax.example(field, &["204"]),
                syntax.example(field, &["200"])
            ),
        ),
    };
    Words {
        message,
        suggestion,
    }
}

/// The table's example for `field`, cut to one origin: one is enough to show the syntax.
pub fn sample(field: Field) -> &'static [&'static str] {
    let example = field.example();
    match field.kind() {
        FieldKind::OriginList => &example[..1],
        _ => example,
    }
}

/// The words of a [`ConfigError`]: how it is rendered for a front end, and `Display` in the
/// builder's words.
impl ConfigError {
    /// What is wrong and how to fix it, in the words of a front end.
    ///
    /// ```
    /// use cors_core::PolicySpec;
    /// use cors_core::glue::BuilderSyntax;
    ///
    /// let errors = PolicySpec::new().origins(["https://a.example"]).methods(["put"]).validate();
    /// let words = errors.unwrap_err().errors()[0].words(&BuilderSyntax);
    /// assert_eq!(words.suggestion, "write \"PUT\"");
    /// ```
    pub fn words(&self, syntax: &dyn Syntax) -> Words {
        describe(self, syntax)
    }

    /// What is wrong, in one sentence, in the builder's words.
    pub fn message(&self) -> String {
        self.words(&BuilderSyntax).message
    }

    /// How to fix it, in the builder's words.
    pub fn suggestion(&self) -> String {
        self.words(&BuilderSyntax).suggestion
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = self.words(&BuilderSyntax);
        write!(f, "{}\nhelp: {}", words.message, words.suggestion)
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors();
        write!(f, "invalid CORS policy ({} problem", errors.len())?;
        if errors.len() != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")?;
        for error in errors {
            match error.index() {
                Some(index) => write!(f, "\n- {}[{index}]: ", error.field())?,
                None => write!(f, "\n- {}: ", error.field())?,
            }
            let words = error.words(&BuilderSyntax);
            write!(f, "{} (help: {})", words.message, words.suggestion)?;
        }
        Ok(())
    }
}
