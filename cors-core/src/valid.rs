//! Validation: every rule a policy must satisfy, checked in one pass that keeps going after the
//! first problem so that a user sees all of them at once.

use std::collections::HashSet;

use crate::error::{ConfigError, ConfigErrors, ErrorKind};
use crate::field::Field;
use crate::origin::OriginEntry;
use crate::spec::PolicySpec;
use crate::token::{is_forbidden_request_header, is_forbidden_response_header, is_token};

/// The largest `max_age` any engine honours (Firefox's cap).
pub const MAX_AGE_LIMIT: u64 = 86_400;

impl PolicySpec {
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
        ConfigErrors::from_vec(check(self))
    }
}

/// Collects every problem of `spec`, in field order.
pub(crate) fn check(spec: &PolicySpec) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    check_origins(spec, &mut errors);
    check_methods(&spec.methods, &mut errors);
    check_header_list(Field::Headers, &spec.headers, false, &mut errors);
    check_header_list(Field::Expose, &spec.expose, spec.credentials, &mut errors);
    if let Some(max_age) = spec.max_age.filter(|&age| age > MAX_AGE_LIMIT) {
        let item = Some(max_age.to_string());
        errors.push(ConfigError::new(
            ErrorKind::MaxAgeTooLarge,
            Field::MaxAge,
            None,
            item,
        ));
    }
    if !(200..=299).contains(&spec.preflight_status) {
        let item = Some(spec.preflight_status.to_string());
        let kind = ErrorKind::PreflightStatusOutOfRange;
        errors.push(ConfigError::new(kind, Field::PreflightStatus, None, item));
    }
    errors
}

fn check_origins(spec: &PolicySpec, errors: &mut Vec<ConfigError>) {
    if spec.origins.is_empty() {
        // An origin predicate may decide every origin by itself.
        if spec.dynamic_origins {
            return;
        }
        errors.push(ConfigError::new(
            ErrorKind::EmptyOrigins,
            Field::Origins,
            None,
            None,
        ));
        return;
    }
    let mut seen = HashSet::new();
    let mut null_listed = false;
    let mut any_listed = false;
    for (index, input) in spec.origins.iter().enumerate() {
        let mut at = |kind| {
            let item = Some(input.clone());
            errors.push(ConfigError::new(kind, Field::Origins, Some(index), item));
        };
        if !seen.insert(input.as_str()) {
            at(ErrorKind::Duplicate);
            continue;
        }
        match OriginEntry::parse(input) {
            Err(error) => errors.push(ConfigError::origin(index, input, error)),
            Ok(OriginEntry::Any) => {
                any_listed = true;
                if spec.origins.len() > 1 {
                    at(ErrorKind::WildcardMixed);
                }
                if spec.credentials {
                    at(ErrorKind::WildcardOriginWithCredentials);
                }
                if spec.dynamic_origins {
                    at(ErrorKind::WildcardOriginWithOriginFn);
                }
            }
            Ok(OriginEntry::Null) => {
                null_listed = true;
                if !spec.allow_null_origin {
                    at(ErrorKind::NullOriginNotEnabled);
                }
                if spec.credentials {
                    at(ErrorKind::NullOriginWithCredentials);
                }
            }
            Ok(OriginEntry::Exact(_) | OriginEntry::Pattern(_)) => {}
        }
    }
    if spec.allow_null_origin && !null_listed {
        let kind = if any_listed {
            ErrorKind::NullOriginWithWildcard
        } else {
            ErrorKind::NullOriginNotListed
        };
        errors.push(ConfigError::new(kind, Field::AllowNullOrigin, None, None));
    }
}

fn check_methods(methods: &[String], errors: &mut Vec<ConfigError>) {
    if methods.is_empty() {
        errors.push(ConfigError::new(
            ErrorKind::EmptyMethods,
            Field::Methods,
            None,
            None,
        ));
    }
    let mut seen = HashSet::new();
    for (index, method) in methods.iter().enumerate() {
        let kind = if method == "*" {
            ErrorKind::WildcardMethod
        } else if !is_token(method.as_bytes()) {
            ErrorKind::InvalidMethod
        } else if method.bytes().any(|b| b.is_ascii_lowercase()) {
            ErrorKind::LowercaseMethod
        } else if !seen.insert(method.as_str()) {
            ErrorKind::Duplicate
        } else {
            continue;
        };
        errors.push(ConfigError::new(
            kind,
            Field::Methods,
            Some(index),
            Some(method.clone()),
        ));
    }
}

/// Checks `headers` (request headers a preflight may ask for) or `expose` (response headers
/// scripts may read).
fn check_header_list(
    field: Field,
    names: &[String],
    credentials: bool,
    errors: &mut Vec<ConfigError>,
) {
    let request = field == Field::Headers;
    let mut seen = HashSet::new();
    for (index, name) in names.iter().enumerate() {
        let mut at = |kind| {
            let item = Some(name.clone());
            errors.push(ConfigError::new(kind, field, Some(index), item));
        };
        if name == "*" {
            if names.len() > 1 {
                at(ErrorKind::WildcardMixed);
            }
            if credentials && !request {
                at(ErrorKind::WildcardExposeWithCredentials);
            }
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if !is_token(name.as_bytes()) {
            at(ErrorKind::InvalidHeaderName);
        } else if request && is_forbidden_request_header(&lower) {
            at(ErrorKind::ForbiddenRequestHeader);
        } else if !request && is_forbidden_response_header(&lower) {
            at(ErrorKind::ForbiddenResponseHeader);
        } else if !seen.insert(lower) {
            at(ErrorKind::Duplicate);
        }
    }
}
