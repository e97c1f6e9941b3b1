//! Policies from environment variables (`CORS_ORIGINS=https://app.example.com` and friends).
//!
//! Pure: the caller hands the variables over (`std::env::vars_os()` in a server, a fixed list
//! in a test), so nothing here reads the process environment or does I/O.

use std::ffi::{OsStr, OsString};

use crate::env_error::{EnvError, EnvErrors};
use crate::env_wording::EnvSyntax;
use crate::error::{ConfigError, ErrorKind};
use crate::field::Field;
use crate::field::{FIELD_COUNT, FieldKind};
use crate::policy::Policy;
use crate::spec::{PolicySpec, Setting};
use crate::suggest::closest_name;

/// Every field, in declaration order (which is [`PolicySpec`] order): `field as usize` indexes
/// it, and every array of [`FIELD_COUNT`] per-field entries (see [`Field::ALL`]).
const FIELDS: [Field; FIELD_COUNT] = Field::ALL;

/// Reads a CORS policy from environment variables named after the field keys
/// (`CORS_ORIGINS`, `CORS_MAX_AGE`, ...), reporting every problem at once; the variables and
/// their syntax are in [the module documentation](crate#environment-variables).
///
/// ```
/// use cors_core::{EnvConfig, EnvErrorKind, PolicySpec};
///
/// let config = EnvConfig::new("CORS_")
///     .defaults(PolicySpec::new().methods(["GET", "POST"]).max_age(600));
///
/// // A server passes `std::env::vars_os()`; variables without the prefix are ignored.
/// let policy = config.read([
///     ("CORS_ORIGINS", "https://app.example.com, https://*.example.com"),
///     ("CORS_CREDENTIALS", "true"),
///     ("PATH", "/usr/bin"),
/// ])?;
/// assert_eq!(policy.allow_methods(), "GET, POST");
/// assert!(policy.credentials());
///
/// let errors = config
///     .read([("CORS_ORIGINS", "https://app.example.com/"), ("CORS_MAXAGE", "60")])
///     .unwrap_err();
/// assert!(errors.contains(EnvErrorKind::UnknownVariable));
/// assert_eq!(
///     errors.to_string(),
///     "invalid CORS configuration in the environment (2 problems)\n\
///      - CORS_MAXAGE is not a known variable (help: did you mean CORS_MAX_AGE?)\n\
///      - CORS_ORIGINS item 1 \"https://app.example.com/\": origin \"https://app.example.com/\" \
///        has a trailing slash (help: write \"https://app.example.com\")",
/// );
/// # Ok::<(), cors_core::EnvErrors>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvConfig {
    prefix: String,
    defaults: PolicySpec,
}

impl EnvConfig {
    /// Reads the variables named `prefix` (as given, case-sensitive) + upper-case field key,
    /// with no defaults.
    ///
    /// **Do not pass an empty prefix** unless the process environment is fully under your
    /// control: `""` disables the detection of misspelt variables and reads generic names
    /// (`ORIGINS`, `METHODS`, `CREDENTIALS`, `STRICT`) that other software may set. Use a
    /// prefix specific to the application, such as `MYAPP_CORS_` (see
    /// [the module documentation](crate#pick-a-prefix-of-your-own)).
    pub fn new(prefix: &str) -> Self {
        EnvConfig {
            prefix: prefix.to_owned(),
            defaults: PolicySpec::new(),
        }
    }

    /// The values used for variables that are not set (default: [`PolicySpec::new`]).
    pub fn defaults(mut self, spec: PolicySpec) -> Self {
        self.defaults = spec;
        self
    }

    /// The prefix of every variable.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The variable that sets `field`.
    ///
    /// ```
    /// use cors_core::{EnvConfig, Field};
    /// assert_eq!(EnvConfig::new("CORS_").variable(Field::MaxAge), "CORS_MAX_AGE");
    /// ```
    pub fn variable(&self, field: Field) -> String {
        format!("{}{}", self.prefix, field.key().to_ascii_uppercase())
    }

    /// Parses the variables into a [`PolicySpec`] without validating the policy: reports the
    /// problems of the variables themselves (unknown names, values that do not parse, a
    /// missing required variable) but not, say, a trailing slash in an origin.
    pub fn read_spec<I, K, V>(&self, vars: I) -> Result<PolicySpec, EnvErrors>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let mut reading = self.parse(vars);
        sort(&mut reading.errors);
        EnvErrors::from_vec(reading.errors)?;
        Ok(reading.spec)
    }

    /// Parses, validates and compiles the policy, reporting every problem at once: those of
    /// the variables and those of the policy they describe.
    pub fn read<I, K, V>(&self, vars: I) -> Result<Policy, EnvErrors>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let mut reading = self.parse(vars);
        let policy_errors = crate::valid::check(&reading.spec);
        let mut translated: Vec<EnvError> = policy_errors
            .iter()
            .filter_map(|error| reading.translate(error))
            .collect();
        // Fail closed. `translate` drops a validation error only when a problem already in the
        // report explains it (a variable that cannot be used, a required one that is missing),
        // so an invalid spec never leaves the report empty. Should a future rule break that,
        // refuse with the bare validation error rather than compile a spec validation refused.
        let unexplained = reading.errors.is_empty() && translated.is_empty();
        debug_assert!(
            !unexplained || policy_errors.is_empty(),
            "validation errors dropped with nothing reported: {policy_errors:?}"
        );
        if unexplained && let Some(first) = policy_errors.first() {
            translated.push(EnvError::unexplained(first, &reading.syntax()));
        }
        reading.errors.extend(translated);
        sort(&mut reading.errors);
        EnvErrors::from_vec(reading.errors)?;
        Ok(Policy::from_valid_spec(&reading.spec))
    }

    /// Reads one variable that holds an origin list, named as the application chose
    /// (`SPA_ORIGINS` for `#[cors(origins = env("SPA_ORIGINS"))]`), with the grammar of
    /// `CORS_ORIGINS`: comma-separated, each item trimmed, an empty item or a blank value an
    /// error naming the variable. The origins themselves are not checked here: they are the
    /// items of a [`PolicySpec`], which [`PolicySpec::validate`] checks with the rest.
    ///
    /// ```
    /// use cors_core::{EnvConfig, EnvErrorKind};
    ///
    /// let origins = EnvConfig::read_origin_list("SPA_ORIGINS", " https://a.example, http://localhost:* ".as_ref())?;
    /// assert_eq!(origins, ["https://a.example", "http://localhost:*"]);
    ///
    /// let errors = EnvConfig::read_origin_list("SPA_ORIGINS", "https://a.example,".as_ref()).unwrap_err();
    /// assert_eq!(errors.errors()[0].variable(), "SPA_ORIGINS");
    /// assert_eq!(errors.errors()[0].kind(), EnvErrorKind::EmptyItem);
    /// # Ok::<(), cors_core::EnvErrors>(())
    /// ```
    pub fn read_origin_list(variable: &str, value: &OsStr) -> Result<Vec<String>, EnvErrors> {
        let names = FIELDS.map(|field| match field {
            Field::Origins => variable.to_owned(),
            other => other.key().to_ascii_uppercase(),
        });
        let mut reading = EnvReading {
            spec: PolicySpec::new(),
            names,
            slots: Default::default(),
            errors: Vec::new(),
        };
        reading.set(Field::Origins, value);
        EnvErrors::from_vec(reading.errors)?;
        Ok(reading
            .spec
            .items(Field::Origins)
            .unwrap_or_default()
            .to_vec())
    }

    fn parse<I, K, V>(&self, vars: I) -> EnvReading
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let names = FIELDS.map(|field| self.variable(field));
        let mut found: [Option<OsString>; FIELD_COUNT] = Default::default();
        let mut unknown = Vec::new();
        for (name, value) in vars {
            let name = name.as_ref().to_string_lossy();
            if let Some(at) = names.iter().position(|known| *known == name) {
                // Later pairs win, as when a fixed list overrides an earlier entry.
                found[at] = Some(value.as_ref().to_owned());
            } else if !self.prefix.is_empty() {
                unknown.extend(self.unknown(&name, &names));
            }
        }
        unknown.sort_by(|a: &EnvError, b| a.variable.cmp(&b.variable));
        unknown.dedup_by(|a, b| a.variable == b.variable);
        let mut reading = EnvReading {
            spec: self.defaults.clone(),
            names,
            slots: Default::default(),
            errors: unknown,
        };
        for (field, value) in FIELDS.into_iter().zip(found) {
            if let Some(value) = value {
                reading.set(field, &value);
            }
        }
        for field in FIELDS {
            let Some(what) = field.required() else {
                continue;
            };
            let slot = &reading.slots[field as usize];
            let empty = reading.spec.items(field).is_some_and(<[String]>::is_empty);
            if empty && !slot.reported {
                let error = EnvError::missing(&reading.names[field as usize], field, what);
                reading.errors.push(error);
            }
        }
        reading
    }

    /// The error for a variable `name` that is not one of `names`, if it looks like one: it
    /// starts with the prefix, or it starts with the prefix in another case and resembles a
    /// known name (`cors_maxage`).
    fn unknown(&self, name: &str, names: &[String; FIELD_COUNT]) -> Option<EnvError> {
        let (suffix, prefix_as_given) = match name.strip_prefix(&self.prefix) {
            Some(suffix) => (suffix, true),
            None => {
                let head = name.get(..self.prefix.len())?;
                if !head.eq_ignore_ascii_case(&self.prefix) {
                    return None;
                }
                (&name[self.prefix.len()..], false)
            }
        };
        let field = closest_field(suffix);
        // Other software's lowercase variables may share the letters of the prefix
        // (`cors_proxy`): in another case, only a name resembling ours counts.
        if !prefix_as_given && field.is_none() {
            return None;
        }
        // Keys are upper-case: any lowercase letter, or a prefix in another case, is a case
        // mistake whatever the spelling.
        let case_differs = !prefix_as_given || suffix.bytes().any(|b| b.is_ascii_lowercase());
        let hint = field.map(|field| (names[field as usize].as_str(), case_differs));
        Some(EnvError::unknown_variable(name, hint, names))
    }
}

/// The field whose key `suffix` (what follows the prefix in an unknown variable) most likely
/// stands for, by the "did you mean" the `#[cors]` attribute uses for its keys.
fn closest_field(suffix: &str) -> Option<Field> {
    let keys = FIELDS.map(Field::key);
    let key = closest_name(suffix, &keys)?;
    FIELDS.into_iter().find(|field| field.key() == key)
}

/// What the environment said about one field.
#[derive(Clone, Debug, Default)]
struct VariableState {
    /// The variable's value, when it is set and in effect (possibly minus empty items).
    value: Option<String>,
    /// For a list read from a variable: the position, as written, of each item kept.
    positions: Vec<usize>,
    /// A problem was reported for the variable itself.
    reported: bool,
    /// The variable is set but unusable: validation sees the default instead, and what it
    /// finds about this field is dropped, as it describes a value that is not in effect.
    unusable: bool,
}

/// The state of one reading: the spec so far, where each field came from, the problems.
struct EnvReading {
    spec: PolicySpec,
    names: [String; FIELD_COUNT],
    slots: [VariableState; FIELD_COUNT],
    errors: Vec<EnvError>,
}

impl EnvReading {
    /// Parses a set variable into the spec, or reports why it cannot be used.
    fn set(&mut self, field: Field, value: &OsStr) {
        let variable = &self.names[field as usize];
        let Some(raw) = value.to_str() else {
            return self.unusable(field, EnvError::not_unicode(variable, field, value));
        };
        if raw.trim().is_empty() {
            let default = self.spec.value(field).to_text();
            return self.unusable(field, EnvError::blank(variable, field, raw, default));
        }
        let text = raw.trim();
        let setting = match field.kind() {
            // Split below, where empty items are reported one by one.
            FieldKind::OriginList | FieldKind::NameList => Ok(None),
            FieldKind::Flag => boolean(text)
                .map(Setting::Flag)
                .ok_or_else(|| EnvError::not_boolean(variable, field, raw))
                .map(Some),
            FieldKind::Seconds => digits(text)
                .map(Setting::Seconds)
                .ok_or_else(|| EnvError::number(variable, field, raw))
                .map(Some),
            FieldKind::Status => digits(text)
                .map(Setting::Status)
                .ok_or_else(|| EnvError::number(variable, field, raw))
                .map(Some),
        };
        match setting {
            Err(error) => return self.unusable(field, error),
            // The kind was matched above: the setting fits its field.
            Ok(Some(setting)) => drop(self.spec.set(field, setting)),
            Ok(None) => self.set_list(field, raw),
        }
        self.slots[field as usize].value = Some(raw.to_owned());
    }

    /// Splits a list variable into the spec's list, reporting its empty items.
    fn set_list(&mut self, field: Field, raw: &str) {
        let items: Vec<&str> = raw.split(',').map(str::trim).collect();
        let positions: Vec<usize> = (0..items.len()).filter(|&i| !items[i].is_empty()).collect();
        let kept: Vec<String> = positions.iter().map(|&i| items[i].to_owned()).collect();
        let variable = &self.names[field as usize];
        for index in (0..items.len()).filter(|&i| items[i].is_empty()) {
            let error = EnvError::empty_item(variable, field, raw, index, items.len(), &kept);
            self.errors.push(error);
        }
        let slot = &mut self.slots[field as usize];
        slot.reported |= positions.len() < items.len();
        slot.positions = positions;
        // A list field, as `set` checked: the setting fits.
        drop(self.spec.set(field, Setting::List(kept)));
    }

    fn unusable(&mut self, field: Field, error: EnvError) {
        self.errors.push(error);
        let slot = &mut self.slots[field as usize];
        slot.reported = true;
        slot.unusable = true;
    }

    /// Names the variable and item a validation error is about, or drops it when another
    /// report already covers it.
    fn translate(&self, error: &ConfigError) -> Option<EnvError> {
        let kind = error.kind();
        let field = error.field();
        // An empty list is reported as `Missing` or as the variable's own problem.
        if matches!(kind, ErrorKind::EmptyOrigins | ErrorKind::EmptyMethods) {
            return None;
        }
        if involved(error).any(|f| self.slots[f as usize].unusable) {
            return None;
        }
        let slot = &self.slots[field as usize];
        let from_default = slot.value.is_none();
        let (index, value) = match (error.index(), self.spec.items(field)) {
            (Some(index), Some(items)) => {
                // Validation counts the items kept; the user counts what they wrote.
                let position = if from_default {
                    index
                } else {
                    slot.positions.get(index).copied().unwrap_or(index)
                };
                (Some(position), items.get(index).cloned())
            }
            _ if from_default => (error.index(), self.spec.value(field).to_text()),
            _ => (error.index(), slot.value.clone()),
        };
        Some(EnvError::policy(
            error,
            &self.syntax(),
            from_default,
            index,
            value,
        ))
    }

    /// The words of this reading's variables, knowing which are set.
    fn syntax(&self) -> EnvSyntax<'_> {
        EnvSyntax {
            names: &self.names,
            set: self.slots.each_ref().map(|slot| slot.value.is_some()),
        }
    }
}

/// Unknown variables first (they often explain the rest), then the fields in spec order,
/// items in list order. Stable: the problems of one item keep the order they were found in.
fn sort(errors: &mut [EnvError]) {
    errors.sort_by_key(|e| (e.field.map_or(0, |f| f as usize + 1), e.index));
}

/// The fields a validation error depends on: its own, and the other field of a
/// combination rule (`*` origins with credentials, ...).
fn involved(error: &ConfigError) -> impl Iterator<Item = Field> {
    std::iter::once(error.field()).chain(error.related())
}

/// A boolean variable's value: exactly `true`, `false`, `1` or `0`.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A numeric variable's value: decimal digits only (`str::parse` would also take a sign, as in
/// `+600`), within `T`'s range.
fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fail-closed fallback of [`EnvConfig::read`] cannot be reached through `read` (every
    /// validation error `translate` drops is explained by another problem, which the
    /// `debug_assert` there checks), so its error is tested on its own.
    #[test]
    fn an_unexplained_validation_error_still_names_its_variable() {
        let spec = PolicySpec::new()
            .origins(["*"])
            .methods(["GET"])
            .credentials(true);
        let errors = crate::valid::check(&spec);
        let names = FIELDS.map(|field| EnvConfig::new("APP_").variable(field));
        let mut set = [false; FIELD_COUNT];
        set[Field::Credentials as usize] = true;
        let syntax = EnvSyntax { names: &names, set };
        let error = EnvError::unexplained(&errors[0], &syntax);
        assert_eq!(
            error.kind(),
            crate::EnvErrorKind::Policy(ErrorKind::WildcardOriginWithCredentials)
        );
        assert_eq!(error.variable(), "APP_ORIGINS");
        assert_eq!(error.field(), Some(Field::Origins));
        assert!(
            error
                .to_string()
                .starts_with("APP_ORIGINS: the policy is invalid: \"*\" cannot be combined with credentials, which APP_CREDENTIALS turns on"),
            "{error}"
        );
        assert!(
            error.suggestion().ends_with("or set APP_CREDENTIALS=false"),
            "{error}"
        );
    }

    #[test]
    fn fields_are_indexed_by_their_discriminant() {
        for (index, field) in FIELDS.into_iter().enumerate() {
            assert_eq!(field as usize, index);
        }
        assert_eq!(FIELD_COUNT, 10);
    }
}
