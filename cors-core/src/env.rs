//! Policies from environment variables (`CORS_ORIGINS=https://app.example.com` and friends).
//!
//! Pure: the caller hands the variables over (`std::env::vars_os()` in a server, a fixed list
//! in a test), so nothing here reads the process environment or does I/O.

use std::ffi::{OsStr, OsString};

use crate::env_error::{EnvError, EnvErrors, closest};
use crate::error::{ConfigError, ErrorKind, Field};
use crate::policy::Policy;
use crate::spec::PolicySpec;

/// Every field in [`PolicySpec`] order; `field as usize` indexes it.
pub(crate) const FIELDS: [Field; 10] = [
    Field::Origins,
    Field::Methods,
    Field::Headers,
    Field::Expose,
    Field::Credentials,
    Field::MaxAge,
    Field::PrivateNetwork,
    Field::AllowNullOrigin,
    Field::Strict,
    Field::PreflightStatus,
];

/// Reads a CORS policy from environment variables: the prefix followed by the upper-case
/// field key (`CORS_ORIGINS`, `CORS_METHODS`, `CORS_HEADERS`, `CORS_EXPOSE`,
/// `CORS_CREDENTIALS`, `CORS_MAX_AGE`, `CORS_PRIVATE_NETWORK`, `CORS_ALLOW_NULL_ORIGIN`,
/// `CORS_STRICT`, `CORS_PREFLIGHT_STATUS` for the prefix `CORS_`).
///
/// - Lists are comma-separated and each item is trimmed; an empty item (`a,,b`, a leading or
///   trailing comma) is an error, so is a variable set to nothing but whitespace (unset it to
///   use the default).
/// - Booleans are exactly `true`, `false`, `1` or `0`, in lowercase: `yes`, `on` or `TRUE`
///   are errors rather than guesses.
/// - `MAX_AGE` (seconds) and `PREFLIGHT_STATUS` are decimal digits, without sign.
/// - Surrounding whitespace is ignored everywhere; values must be valid Unicode.
/// - With a non-empty prefix, any other variable that starts with it (`CORS_ORIGIN`,
///   `CORS_MAXAGE`) is an error with a "did you mean" suggestion, so a typo never silently
///   leaves a setting at its default, and so is a known name in another case
///   (`cors_origins`); pick a prefix no other software uses (`MYAPP_CORS_`).
/// - Origins and methods are required: from a variable or from [`defaults`](Self::defaults).
///
/// A variable that is set replaces the default entirely (lists are not merged); if a name comes
/// twice, the last value wins. Every problem is reported in one [`EnvErrors`], with the rules
/// of [`PolicySpec::validate`] applied to the result and each of its errors traced back to the
/// variable and item it came from.
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
        let translated: Vec<EnvError> = policy_errors
            .into_iter()
            .filter_map(|error| reading.translate(error))
            .collect();
        reading.errors.extend(translated);
        sort(&mut reading.errors);
        EnvErrors::from_vec(reading.errors)?;
        Ok(Policy::from_valid_spec(&reading.spec))
    }

    fn parse<I, K, V>(&self, vars: I) -> Reading
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let names = FIELDS.map(|field| self.variable(field));
        let mut found: [Option<OsString>; 10] = Default::default();
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
        let mut reading = Reading {
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
        for field in [Field::Origins, Field::Methods] {
            let slot = &reading.slots[field as usize];
            if list(&reading.spec, field).is_some_and(<[String]>::is_empty) && !slot.reported {
                let error = EnvError::missing(&reading.names[field as usize], field);
                reading.errors.push(error);
            }
        }
        reading
    }

    /// The error for a variable `name` that is not one of `names`, if it looks like one: it
    /// starts with the prefix, or it is a known name in another case.
    fn unknown(&self, name: &str, names: &[String; 10]) -> Option<EnvError> {
        let hint = match name.strip_prefix(&self.prefix) {
            Some(suffix) => closest(suffix).map(|(field, same)| (&*names[field as usize], same)),
            // Only an exact case-insensitive match counts here: lowercase variables of other
            // software may share the letters of the prefix.
            None => Some((
                &**names
                    .iter()
                    .find(|known| known.eq_ignore_ascii_case(name))?,
                true,
            )),
        };
        Some(EnvError::unknown_variable(name, hint, names))
    }
}

/// What the environment said about one field.
#[derive(Clone, Debug, Default)]
struct Slot {
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
struct Reading {
    spec: PolicySpec,
    names: [String; 10],
    slots: [Slot; 10],
    errors: Vec<EnvError>,
}

impl Reading {
    /// Parses a set variable into the spec, or reports why it cannot be used.
    fn set(&mut self, field: Field, value: &OsStr) {
        let variable = &self.names[field as usize];
        let Some(raw) = value.to_str() else {
            return self.unusable(field, EnvError::not_unicode(variable, field, value));
        };
        if raw.trim().is_empty() {
            let default = default_text(&self.spec, field);
            return self.unusable(field, EnvError::blank(variable, field, raw, default));
        }
        let text = raw.trim();
        match field {
            Field::Origins | Field::Methods | Field::Headers | Field::Expose => {
                self.set_list(field, raw)
            }
            Field::MaxAge | Field::PreflightStatus => {
                // Digits only: `str::parse` would also take a sign (`+600`).
                let parsed = text.bytes().all(|b| b.is_ascii_digit())
                    && match field {
                        Field::MaxAge => text.parse().map(|age| self.spec.max_age = Some(age)),
                        _ => text
                            .parse()
                            .map(|status| self.spec.preflight_status = status),
                    }
                    .is_ok();
                if !parsed {
                    return self.unusable(field, EnvError::number(variable, field, raw));
                }
            }
            _ => {
                let enabled = match text {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return self.unusable(field, EnvError::not_boolean(variable, field, raw)),
                };
                match field {
                    Field::Credentials => self.spec.credentials = enabled,
                    Field::PrivateNetwork => self.spec.private_network = enabled,
                    Field::AllowNullOrigin => self.spec.allow_null_origin = enabled,
                    _ => self.spec.strict = enabled,
                }
            }
        }
        self.slots[field as usize].value = Some(raw.to_owned());
    }

    fn set_list(&mut self, field: Field, raw: &str) {
        let items: Vec<&str> = raw.split(',').map(str::trim).collect();
        let slot = &mut self.slots[field as usize];
        slot.positions = (0..items.len()).filter(|&i| !items[i].is_empty()).collect();
        let kept: Vec<String> = slot
            .positions
            .iter()
            .map(|&i| items[i].to_owned())
            .collect();
        for index in (0..items.len()).filter(|&i| items[i].is_empty()) {
            let variable = &self.names[field as usize];
            let error = EnvError::empty_item(variable, field, raw, index, items.len(), &kept);
            self.errors.push(error);
            slot.reported = true;
        }
        match field {
            Field::Origins => self.spec.origins = kept,
            Field::Methods => self.spec.methods = kept,
            Field::Headers => self.spec.headers = kept,
            _ => self.spec.expose = kept,
        }
    }

    fn unusable(&mut self, field: Field, error: EnvError) {
        self.errors.push(error);
        let slot = &mut self.slots[field as usize];
        slot.reported = true;
        slot.unusable = true;
    }

    /// Names the variable and item a validation error is about, or drops it when another
    /// report already covers it.
    fn translate(&self, error: ConfigError) -> Option<EnvError> {
        let kind = error.kind();
        let field = error.field();
        // An empty list is reported as `Missing` or as the variable's own problem.
        if matches!(kind, ErrorKind::EmptyOrigins | ErrorKind::EmptyMethods) {
            return None;
        }
        if involved(kind, field).any(|f| self.slots[f as usize].unusable) {
            return None;
        }
        let slot = &self.slots[field as usize];
        let from_default = slot.value.is_none();
        let (index, value) = match (error.index(), list(&self.spec, field)) {
            (Some(index), Some(items)) => {
                // Validation counts the items kept; the user counts what they wrote.
                let position = if from_default {
                    index
                } else {
                    slot.positions.get(index).copied().unwrap_or(index)
                };
                (Some(position), items.get(index).cloned())
            }
            _ if from_default => (error.index(), default_text(&self.spec, field)),
            _ => (error.index(), slot.value.clone()),
        };
        Some(EnvError::policy(
            &error,
            &self.names,
            from_default,
            index,
            value,
        ))
    }
}

/// Unknown variables first (they often explain the rest), then the fields in spec order,
/// items in list order. Stable: the problems of one item keep the order they were found in.
fn sort(errors: &mut [EnvError]) {
    errors.sort_by_key(|e| (e.field.map_or(0, |f| f as usize + 1), e.index));
}

/// The fields a validation error depends on: its own, and the other field of a
/// combination rule (`*` origins with credentials, ...).
fn involved(kind: ErrorKind, field: Field) -> impl Iterator<Item = Field> {
    let other = match kind {
        ErrorKind::WildcardOriginWithCredentials
        | ErrorKind::WildcardExposeWithCredentials
        | ErrorKind::NullOriginWithCredentials => Some(Field::Credentials),
        ErrorKind::NullOriginNotEnabled => Some(Field::AllowNullOrigin),
        ErrorKind::NullOriginNotListed | ErrorKind::NullOriginWithWildcard => Some(Field::Origins),
        _ => None,
    };
    std::iter::once(field).chain(other)
}

fn list(spec: &PolicySpec, field: Field) -> Option<&[String]> {
    match field {
        Field::Origins => Some(&spec.origins),
        Field::Methods => Some(&spec.methods),
        Field::Headers => Some(&spec.headers),
        Field::Expose => Some(&spec.expose),
        _ => None,
    }
}

/// A field's value in `spec` as it would be written in its variable; `None` when unset or empty.
fn default_text(spec: &PolicySpec, field: Field) -> Option<String> {
    match field {
        Field::Credentials => Some(spec.credentials.to_string()),
        Field::PrivateNetwork => Some(spec.private_network.to_string()),
        Field::AllowNullOrigin => Some(spec.allow_null_origin.to_string()),
        Field::Strict => Some(spec.strict.to_string()),
        Field::MaxAge => spec.max_age.map(|age| age.to_string()),
        Field::PreflightStatus => Some(spec.preflight_status.to_string()),
        _ => list(spec, field)
            .filter(|items| !items.is_empty())
            .map(|items| items.join(",")),
    }
}
