//! Validation: every rule a policy must satisfy, checked in one pass that keeps going after the
//! first problem so that a user sees all of them at once.

use std::collections::HashSet;

use crate::error::{ConfigError, ErrorKind};
use crate::field::Field;
use crate::origin::OriginEntry;
use crate::spec::PolicySpec;
use crate::token::{is_forbidden_request_header, is_forbidden_response_header, is_token};

/// The largest `max_age` any engine honours (Firefox's cap).
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// Collects every problem of `spec`, in field order.
pub(crate) fn check(spec: &PolicySpec) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    check_origins(spec, &mut errors);
    check_methods(&spec.methods, &mut errors);
    check_header_list(HeaderList::Request, &spec.headers, false, &mut errors);
    check_header_list(
        HeaderList::Response,
        &spec.expose,
        spec.credentials,
        &mut errors,
    );
    if let Some(max_age) = spec.max_age.filter(|&age| age > MAX_AGE_LIMIT) {
        errors.push(ConfigError::new(
            ErrorKind::MaxAgeTooLarge,
            Field::MaxAge,
            None,
            format!("max_age = {max_age} is above 86400 seconds, which no browser honours"),
            "use at most 7200 (Chromium's cap) or 600 (honoured by every browser)",
        ));
    }
    if !(200..=299).contains(&spec.preflight_status) {
        errors.push(ConfigError::new(
            ErrorKind::PreflightStatusOutOfRange,
            Field::PreflightStatus,
            None,
            format!(
                "preflight_status = {} is not a 2xx status; browsers fail every other preflight",
                spec.preflight_status
            ),
            "use 204 (the default) or 200",
        ));
    }
    errors
}

fn check_origins(spec: &PolicySpec, errors: &mut Vec<ConfigError>) {
    if spec.origins.is_empty() {
        errors.push(ConfigError::new(
            ErrorKind::EmptyOrigins,
            Field::Origins,
            None,
            "the origin list is empty, so no cross-origin request would ever be allowed",
            "list the origins allowed to call this route, e.g. [\"https://app.example.com\"]",
        ));
        return;
    }
    let mut seen = HashSet::new();
    let mut null_listed = false;
    let mut any_listed = false;
    for (index, input) in spec.origins.iter().enumerate() {
        let at = |kind, message: String, suggestion: &str| {
            ConfigError::new(kind, Field::Origins, Some(index), message, suggestion)
        };
        if !seen.insert(input.as_str()) {
            errors.push(at(
                ErrorKind::Duplicate,
                format!("origin {input:?} is listed twice"),
                "remove the second entry",
            ));
            continue;
        }
        match OriginEntry::parse(input) {
            Err(error) => errors.push(ConfigError::new(
                ErrorKind::Origin(error.kind()),
                Field::Origins,
                Some(index),
                error.message(),
                error.suggestion(),
            )),
            Ok(OriginEntry::Any) => {
                any_listed = true;
                if spec.origins.len() > 1 {
                    errors.push(at(
                        ErrorKind::WildcardMixed,
                        "\"*\" is mixed with other origins; it already allows every origin".into(),
                        "use [\"*\"] alone, or list only the exact origins",
                    ));
                }
                if spec.credentials {
                    errors.push(at(
                        ErrorKind::WildcardOriginWithCredentials,
                        "origins = [\"*\"] cannot be combined with credentials: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any origin with credentials lets every site read your users' data".into(),
                        "list the exact origins that may send credentials, e.g. [\"https://app.example.com\"], or drop `credentials`",
                    ));
                }
            }
            Ok(OriginEntry::Null) => {
                null_listed = true;
                if !spec.allow_null_origin {
                    errors.push(at(
                        ErrorKind::NullOriginNotEnabled,
                        "\"null\" is the origin of sandboxed frames and local files; any site can produce it".into(),
                        "remove \"null\", or opt in explicitly with `allow_null_origin`",
                    ));
                }
                if spec.credentials {
                    errors.push(at(
                        ErrorKind::NullOriginWithCredentials,
                        "\"null\" cannot be combined with credentials: any sandboxed page could read credentialed responses".into(),
                        "remove \"null\" or drop `credentials`",
                    ));
                }
            }
            Ok(OriginEntry::Exact(_) | OriginEntry::Pattern(_)) => {}
        }
    }
    if spec.allow_null_origin && !null_listed {
        let (kind, message, suggestion) = if any_listed {
            (
                ErrorKind::NullOriginWithWildcard,
                "allow_null_origin has no effect with origins = [\"*\"]",
                "remove `allow_null_origin`",
            )
        } else {
            (
                ErrorKind::NullOriginNotListed,
                "allow_null_origin is set but \"null\" is not in the origin list",
                "add \"null\" to `origins`, or remove `allow_null_origin`",
            )
        };
        errors.push(ConfigError::new(
            kind,
            Field::AllowNullOrigin,
            None,
            message,
            suggestion,
        ));
    }
}

fn check_methods(methods: &[String], errors: &mut Vec<ConfigError>) {
    if methods.is_empty() {
        errors.push(ConfigError::new(
            ErrorKind::EmptyMethods,
            Field::Methods,
            None,
            "the method list is empty",
            "list the methods cross-origin callers may use, e.g. [\"GET\", \"POST\"]",
        ));
    }
    let mut seen = HashSet::new();
    for (index, method) in methods.iter().enumerate() {
        let error = |kind, message: String, suggestion: String| {
            ConfigError::new(kind, Field::Methods, Some(index), message, suggestion)
        };
        if method == "*" {
            errors.push(error(
                ErrorKind::WildcardMethod,
                "\"*\" is not a method; with credentials browsers read it as a literal name".into(),
                "list the methods explicitly, e.g. [\"GET\", \"PUT\"]".into(),
            ));
        } else if !is_token(method.as_bytes()) {
            errors.push(error(
                ErrorKind::InvalidMethod,
                format!("{method:?} is not a valid HTTP method"),
                "a method is a token such as \"GET\" or \"PATCH\", without spaces or separators"
                    .into(),
            ));
        } else if method.bytes().any(|b| b.is_ascii_lowercase()) {
            errors.push(error(
                ErrorKind::LowercaseMethod,
                format!(
                    "method {method:?} is not uppercase; browsers compare methods case-sensitively"
                ),
                format!("write {:?}", method.to_ascii_uppercase()),
            ));
        } else if !seen.insert(method.as_str()) {
            errors.push(error(
                ErrorKind::Duplicate,
                format!("method {method:?} is listed twice"),
                "remove the second entry".into(),
            ));
        }
    }
}

#[derive(Clone, Copy)]
enum HeaderList {
    /// `headers`: request headers a preflight may ask for.
    Request,
    /// `expose`: response headers scripts may read.
    Response,
}

fn check_header_list(
    list: HeaderList,
    names: &[String],
    credentials: bool,
    errors: &mut Vec<ConfigError>,
) {
    let field = match list {
        HeaderList::Request => Field::Headers,
        HeaderList::Response => Field::Expose,
    };
    let mut seen = HashSet::new();
    for (index, name) in names.iter().enumerate() {
        let error = |kind, message: String, suggestion: String| {
            ConfigError::new(kind, field, Some(index), message, suggestion)
        };
        if name == "*" {
            if names.len() > 1 {
                errors.push(error(
                    ErrorKind::WildcardMixed,
                    format!("\"*\" is mixed with other names in `{field}`"),
                    "use [\"*\"] alone, or list only the names".into(),
                ));
            }
            if credentials && matches!(list, HeaderList::Response) {
                errors.push(error(
                    ErrorKind::WildcardExposeWithCredentials,
                    "expose = [\"*\"] cannot be combined with credentials: browsers then read `*` as a literal header name".into(),
                    "list the response headers scripts may read, e.g. [\"x-request-id\"]".into(),
                ));
            }
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if !is_token(name.as_bytes()) {
            errors.push(error(
                ErrorKind::InvalidHeaderName,
                format!("{name:?} is not a valid header name"),
                "a header name is a token such as \"x-request-id\", without spaces, colons or separators".into(),
            ));
        } else if matches!(list, HeaderList::Request) && is_forbidden_request_header(&lower) {
            errors.push(error(
                ErrorKind::ForbiddenRequestHeader,
                format!("{name:?} is a forbidden request header: scripts can never set it, so allowing it has no effect"),
                format!("remove {name:?}; the browser manages it itself"),
            ));
        } else if matches!(list, HeaderList::Response) && is_forbidden_response_header(&lower) {
            errors.push(error(
                ErrorKind::ForbiddenResponseHeader,
                format!("{name:?} can never be read by scripts, whatever is exposed"),
                format!("remove {name:?} from `expose`"),
            ));
        } else if !seen.insert(lower) {
            errors.push(error(
                ErrorKind::Duplicate,
                format!("header {name:?} is listed twice (names are case-insensitive)"),
                "remove the second entry".into(),
            ));
        }
    }
}
