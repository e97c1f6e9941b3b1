//! `EnvConfig`: policies from environment variables. One test per `EnvErrorKind` with its exact
//! variable, value and suggestion; every problem of several variables in one report; valid
//! spellings, defaults and unrelated variables; and no input that panics.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use cors_core::{
    AllowedHeaders, EnvConfig, EnvError, EnvErrorKind, EnvErrors, ErrorKind, Field,
    OriginErrorKind, Policy, PolicySpec,
};
use proptest::prelude::*;

fn config() -> EnvConfig {
    EnvConfig::new("CORS_")
}

/// The report for `vars`, which must not be a valid configuration.
#[track_caller]
fn report(config: &EnvConfig, vars: &[(&str, &str)]) -> EnvErrors {
    let errors = config
        .read(vars.iter().copied())
        .expect_err("an invalid configuration");
    assert!(errors.len() >= 1);
    errors
}

/// The single problem of `vars`, checked against kind and variable.
#[track_caller]
fn only(config: &EnvConfig, vars: &[(&str, &str)], kind: EnvErrorKind, variable: &str) -> EnvError {
    let errors = report(config, vars);
    assert_eq!(errors.len(), 1, "expected one problem, got:\n{errors}");
    let error = errors.into_iter().next().unwrap();
    assert_eq!(
        (error.kind(), error.variable()),
        (kind, variable),
        "{error}"
    );
    error
}

/// A configuration with the required variables set, for tests to break one more variable of.
const BASE: [(&str, &str); 2] = [
    ("CORS_ORIGINS", "https://app.example.com"),
    ("CORS_METHODS", "GET"),
];

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    BASE.iter().chain(extra).copied().collect()
}

#[test]
fn variable_names_are_the_prefix_and_the_upper_case_key() {
    let config = config();
    let names: Vec<String> = [
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
    ]
    .into_iter()
    .map(|field| config.variable(field))
    .collect();
    assert_eq!(
        names,
        [
            "CORS_ORIGINS",
            "CORS_METHODS",
            "CORS_HEADERS",
            "CORS_EXPOSE",
            "CORS_CREDENTIALS",
            "CORS_MAX_AGE",
            "CORS_PRIVATE_NETWORK",
            "CORS_ALLOW_NULL_ORIGIN",
            "CORS_STRICT",
            "CORS_PREFLIGHT_STATUS",
        ]
    );
    assert_eq!(
        EnvConfig::new("APP_").variable(Field::Origins),
        "APP_ORIGINS"
    );
    assert_eq!(config.prefix(), "CORS_");
}

#[test]
fn not_unicode_names_the_variable_and_escapes_the_value() {
    let value = OsString::from_vec(b"https://caf\xE9.example,\"x\"".to_vec());
    let vars = [
        (OsString::from("CORS_ORIGINS"), value),
        ("CORS_METHODS".into(), "GET".into()),
        // Not ours: never decoded, never reported.
        ("LANG".into(), OsString::from_vec(b"\xFF\xFE".to_vec())),
    ];
    let errors = config().read(vars).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors}");
    let error = &errors.errors()[0];
    assert_eq!(error.kind(), EnvErrorKind::NotUnicode);
    assert_eq!(error.variable(), "CORS_ORIGINS");
    assert_eq!(error.field(), Some(Field::Origins));
    assert_eq!(error.value(), Some(r#"https://caf\xE9.example,\"x\""#));
    assert_eq!(
        error.message(),
        r#"CORS_ORIGINS is not valid UTF-8: "https://caf\xE9.example,\"x\"""#
    );
    assert_eq!(
        error.suggestion(),
        r#"write it in UTF-8; browsers send non-ASCII hosts in punycode ("https://xn--caf-dma.example"), so list them that way"#
    );
    assert_eq!(error.kind().code(), "env-not-unicode");

    let strict = [
        (OsString::from("CORS_ORIGINS"), OsString::from("*")),
        ("CORS_METHODS".into(), "GET".into()),
        ("CORS_STRICT".into(), OsString::from_vec(vec![b't', 0x80])),
    ];
    let errors = config().read(strict).unwrap_err();
    let error = &errors.errors()[0];
    assert_eq!(
        (error.kind(), error.variable(), error.value()),
        (EnvErrorKind::NotUnicode, "CORS_STRICT", Some(r"t\x80"))
    );
    assert_eq!(
        error.suggestion(),
        "write it in UTF-8 (check the encoding of the file or script that sets it)"
    );
}

#[test]
fn blank_says_unset_it_to_use_the_default() {
    let defaults = PolicySpec::new().methods(["GET", "POST"]);
    let error = only(
        &config().defaults(defaults),
        &[("CORS_ORIGINS", "*"), ("CORS_METHODS", " \t ")],
        EnvErrorKind::Blank,
        "CORS_METHODS",
    );
    assert_eq!(error.value(), Some(" \t "));
    assert_eq!(error.message(), "CORS_METHODS is set but blank");
    assert_eq!(
        error.suggestion(),
        "unset it to use the default (GET,POST), or set a value such as GET,POST"
    );
    assert_eq!(
        error.to_string(),
        "CORS_METHODS is set but blank (help: unset it to use the default (GET,POST), or set a value such as GET,POST)"
    );

    // Required and without a default: one problem, not also "not set".
    let error = only(
        &config(),
        &[("CORS_ORIGINS", ""), ("CORS_METHODS", "GET")],
        EnvErrorKind::Blank,
        "CORS_ORIGINS",
    );
    assert_eq!(
        error.suggestion(),
        "it is required: set a value such as https://app.example.com,https://admin.example.com"
    );

    let error = only(
        &config(),
        &with(&[("CORS_MAX_AGE", " ")]),
        EnvErrorKind::Blank,
        "CORS_MAX_AGE",
    );
    assert_eq!(
        error.suggestion(),
        "unset it to leave max_age unset, or set a value such as 600"
    );
}

#[test]
fn empty_item_names_its_position_and_the_fixed_value() {
    let error = only(
        &config(),
        &with(&[("CORS_HEADERS", "content-type,, x-api-key")]),
        EnvErrorKind::EmptyItem,
        "CORS_HEADERS",
    );
    assert_eq!(error.index(), Some(1));
    assert_eq!(error.value(), Some("content-type,, x-api-key"));
    assert_eq!(
        error.message(),
        r#"empty item between two commas in "content-type,, x-api-key""#
    );
    assert_eq!(
        error.suggestion(),
        r#"remove the extra comma: "content-type,x-api-key""#
    );
    assert_eq!(
        error.to_string(),
        r#"CORS_HEADERS item 2: empty item between two commas in "content-type,, x-api-key" (help: remove the extra comma: "content-type,x-api-key")"#
    );

    let error = only(
        &config(),
        &[("CORS_ORIGINS", "*"), ("CORS_METHODS", "GET,POST,")],
        EnvErrorKind::EmptyItem,
        "CORS_METHODS",
    );
    assert_eq!(error.index(), Some(2));
    assert_eq!(
        error.message(),
        r#"empty item after the last comma in "GET,POST,""#
    );
    assert_eq!(error.suggestion(), r#"remove the extra comma: "GET,POST""#);

    let error = only(
        &config(),
        &[
            ("CORS_ORIGINS", " ,https://a.example"),
            ("CORS_METHODS", "GET"),
        ],
        EnvErrorKind::EmptyItem,
        "CORS_ORIGINS",
    );
    assert_eq!(error.index(), Some(0));
    assert!(
        error
            .message()
            .starts_with("empty item before the first comma")
    );
}

#[test]
fn not_boolean_gives_the_accepted_spellings() {
    for (value, suggestion) in [
        (
            "yes",
            "write true; the accepted values are true, false, 1 and 0, in lowercase",
        ),
        (
            "TRUE",
            "write true; the accepted values are true, false, 1 and 0, in lowercase",
        ),
        (
            "off",
            "write false; the accepted values are true, false, 1 and 0, in lowercase",
        ),
        (
            "maybe",
            "the accepted values are true, false, 1 and 0, in lowercase",
        ),
        (
            "2",
            "the accepted values are true, false, 1 and 0, in lowercase",
        ),
    ] {
        let error = only(
            &config(),
            &with(&[("CORS_CREDENTIALS", value)]),
            EnvErrorKind::NotBoolean,
            "CORS_CREDENTIALS",
        );
        assert_eq!(error.value(), Some(value));
        assert_eq!(error.message(), "not a boolean");
        assert_eq!(error.suggestion(), suggestion);
        assert_eq!(
            error.to_string(),
            format!("CORS_CREDENTIALS={value:?}: not a boolean (help: {suggestion})")
        );
    }
}

#[test]
fn not_number_shows_the_value() {
    for value in ["10m", "-1", "+600", "6 00", "0x10", "600.0"] {
        let error = only(
            &config(),
            &with(&[("CORS_MAX_AGE", value)]),
            EnvErrorKind::NotNumber,
            "CORS_MAX_AGE",
        );
        assert_eq!(error.value(), Some(value));
        assert_eq!(error.message(), "not a whole number of seconds");
        assert_eq!(
            error.suggestion(),
            "write the seconds as decimal digits, e.g. 600 (at most 86400)"
        );
    }
    let error = only(
        &config(),
        &with(&[("CORS_PREFLIGHT_STATUS", "No Content")]),
        EnvErrorKind::NotNumber,
        "CORS_PREFLIGHT_STATUS",
    );
    assert_eq!(
        error.to_string(),
        r#"CORS_PREFLIGHT_STATUS="No Content": not a numeric HTTP status (help: write 204 (the default) or 200)"#
    );
}

#[test]
fn number_too_large_shows_the_value() {
    let error = only(
        &config(),
        &with(&[("CORS_MAX_AGE", "18446744073709551616")]),
        EnvErrorKind::NumberTooLarge,
        "CORS_MAX_AGE",
    );
    assert_eq!(error.value(), Some("18446744073709551616"));
    assert_eq!(error.message(), "too large for a number of seconds");

    let error = only(
        &config(),
        &with(&[("CORS_PREFLIGHT_STATUS", "65536")]),
        EnvErrorKind::NumberTooLarge,
        "CORS_PREFLIGHT_STATUS",
    );
    assert_eq!(
        error.to_string(),
        r#"CORS_PREFLIGHT_STATUS="65536": too large for an HTTP status (help: write 204 (the default) or 200)"#
    );
    // In range for the type but not a 2xx status: validation's rule, with the variable named.
    let error = only(
        &config(),
        &with(&[("CORS_PREFLIGHT_STATUS", "404")]),
        EnvErrorKind::Policy(ErrorKind::PreflightStatusOutOfRange),
        "CORS_PREFLIGHT_STATUS",
    );
    assert_eq!(error.value(), Some("404"));
}

#[test]
fn unknown_variable_suggests_the_closest_name() {
    for (name, suggestion) in [
        ("CORS_ORIGIN", "did you mean CORS_ORIGINS?"),
        ("CORS_MAXAGE", "did you mean CORS_MAX_AGE?"),
        ("CORS_MAX-AGE", "did you mean CORS_MAX_AGE?"),
        ("CORS_ALLOWED_ORIGINS", "did you mean CORS_ORIGINS?"),
        ("CORS_ALLOW_CREDENTIALS", "did you mean CORS_CREDENTIALS?"),
        ("CORS_EXPOSE_HEADERS", "did you mean CORS_EXPOSE?"),
        ("CORS_HEADER", "did you mean CORS_HEADERS?"),
        ("CORS_STATUS", "did you mean CORS_PREFLIGHT_STATUS?"),
        (
            "CORS_strict",
            "did you mean CORS_STRICT? variable names are case-sensitive",
        ),
        (
            "cors_origins",
            "did you mean CORS_ORIGINS? variable names are case-sensitive",
        ),
        // In another case and misspelt: still ours, as it resembles a known name.
        (
            "cors_maxage",
            "did you mean CORS_MAX_AGE? variable names are case-sensitive",
        ),
        (
            "Cors_Allowed_Origins",
            "did you mean CORS_ORIGINS? variable names are case-sensitive",
        ),
        (
            "CORS_maxAge",
            "did you mean CORS_MAX_AGE? variable names are case-sensitive",
        ),
        ("CORS_CRED", "did you mean CORS_CREDENTIALS?"),
        (
            "CORS_DEBUG",
            "rename or unset it; the variables read are CORS_ORIGINS, CORS_METHODS, CORS_HEADERS, CORS_EXPOSE, CORS_CREDENTIALS, CORS_MAX_AGE, CORS_PRIVATE_NETWORK, CORS_ALLOW_NULL_ORIGIN, CORS_STRICT, CORS_PREFLIGHT_STATUS",
        ),
    ] {
        let error = only(
            &config(),
            &with(&[(name, "60")]),
            EnvErrorKind::UnknownVariable,
            name,
        );
        assert_eq!(error.field(), None);
        // The value of a variable that is not ours is never shown.
        assert_eq!(error.value(), None);
        assert_eq!(error.message(), format!("{name} is not a known variable"));
        assert_eq!(error.suggestion(), suggestion, "{name}");
    }

    // Without a prefix, every other variable of the process would be "unknown": none is.
    let bare = EnvConfig::new("");
    assert_eq!(bare.variable(Field::MaxAge), "MAX_AGE");
    let policy = bare
        .read([
            ("ORIGINS", "*"),
            ("METHODS", "GET"),
            ("ORIGIN", "x"),
            ("HOME", "/root"),
        ])
        .unwrap();
    assert_eq!(policy.allow_methods(), "GET");
}

#[test]
fn missing_required_variables_are_reported_once_each() {
    let errors = config().read([("PATH", "/usr/bin")]).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid CORS configuration in the environment (2 problems)\n\
         - CORS_ORIGINS is not set and has no default (help: set it to the origins allowed to send cross-origin requests, e.g. CORS_ORIGINS=https://app.example.com,https://admin.example.com)\n\
         - CORS_METHODS is not set and has no default (help: set it to the methods cross-origin requests may use, e.g. CORS_METHODS=GET,POST)"
    );
    let error = &errors.errors()[0];
    assert_eq!(
        (error.kind(), error.variable(), error.value(), error.index()),
        (EnvErrorKind::Missing, "CORS_ORIGINS", None, None)
    );
    assert!(!errors.contains(EnvErrorKind::Policy(ErrorKind::EmptyOrigins)));
    assert!(!errors.contains(EnvErrorKind::Policy(ErrorKind::EmptyMethods)));

    // A default satisfies the requirement.
    let config = config().defaults(PolicySpec::new().methods(["GET"]));
    only(&config, &[], EnvErrorKind::Missing, "CORS_ORIGINS");
}

#[test]
fn policy_errors_name_the_variable_the_item_and_the_fix() {
    let error = only(
        &config(),
        &[
            ("CORS_ORIGINS", "https://a.example, ,https://b.example"),
            ("CORS_METHODS", "GET"),
        ],
        EnvErrorKind::EmptyItem,
        "CORS_ORIGINS",
    );
    assert_eq!(error.index(), Some(1));

    let errors = report(
        &config(),
        &[
            ("CORS_ORIGINS", "https://a.example, https://b.example/"),
            ("CORS_METHODS", "GET, put"),
        ],
    );
    assert_eq!(
        errors.to_string(),
        "invalid CORS configuration in the environment (2 problems)\n\
         - CORS_ORIGINS item 2 \"https://b.example/\": origin \"https://b.example/\" has a trailing slash (help: write \"https://b.example\")\n\
         - CORS_METHODS item 2 \"put\": method \"put\" is not uppercase; browsers compare methods case-sensitively (help: write \"PUT\")"
    );
    let error = &errors.errors()[0];
    assert_eq!(
        error.kind(),
        EnvErrorKind::Policy(ErrorKind::Origin(OriginErrorKind::Path))
    );
    assert_eq!(error.kind().code(), "origin-path");
    assert_eq!(error.index(), Some(1));
    assert_eq!(error.value(), Some("https://b.example/"));
    assert!(!error.is_default());

    // Positions count empty items, as written; valid neighbours of an empty item are checked.
    let located_report = report(
        &config(),
        &[
            ("CORS_ORIGINS", "https://a.example,,HTTPS://B.example"),
            ("CORS_METHODS", "GET"),
        ],
    );
    let located: Vec<_> = located_report
        .iter()
        .map(|e| (e.kind(), e.index(), e.value().map(str::to_owned)))
        .collect();
    assert_eq!(
        located,
        [
            (
                EnvErrorKind::EmptyItem,
                Some(1),
                Some("https://a.example,,HTTPS://B.example".to_owned())
            ),
            (
                EnvErrorKind::Policy(ErrorKind::Origin(OriginErrorKind::Uppercase)),
                Some(2),
                Some("HTTPS://B.example".to_owned())
            ),
        ]
    );

    // Space-separated origins: the fix is the comma-separated list.
    let error = only(
        &config(),
        &[
            ("CORS_ORIGINS", "https://a.example https://b.example"),
            ("CORS_METHODS", "GET"),
        ],
        EnvErrorKind::Policy(ErrorKind::Origin(OriginErrorKind::SeveralOrigins)),
        "CORS_ORIGINS",
    );
    assert_eq!(
        error.suggestion(),
        r#"separate origins with commas: "https://a.example,https://b.example""#
    );
}

/// The one line a single-problem report shows for `vars`.
#[track_caller]
fn line(config: &EnvConfig, vars: &[(&str, &str)], kind: ErrorKind) -> String {
    let errors = report(config, vars);
    assert_eq!(errors.len(), 1, "expected one problem, got:\n{errors}");
    let error = &errors.errors()[0];
    assert_eq!(error.kind(), EnvErrorKind::Policy(kind), "{error}");
    error.to_string()
}

const STAR_WITH_CREDENTIALS: &str = "\"*\" cannot be combined with credentials";
const BROWSERS_REJECT_STAR: &str = "browsers reject `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any origin with credentials lets every site read your users' data";

/// Rules over two fields name both variables, in `VAR=value` form, and say `set VAR=false`:
/// unsetting a variable brings its default back rather than turning the setting off.
#[test]
fn combination_rules_give_fixes_in_variables() {
    // Credentials on by a variable, then by the defaults.
    assert_eq!(
        line(
            &config(),
            &[
                ("CORS_ORIGINS", "*"),
                ("CORS_METHODS", "GET"),
                ("CORS_CREDENTIALS", "true"),
            ],
            ErrorKind::WildcardOriginWithCredentials,
        ),
        format!(
            "CORS_ORIGINS item 1 \"*\": {STAR_WITH_CREDENTIALS}, which CORS_CREDENTIALS turns on: \
             {BROWSERS_REJECT_STAR} (help: list the exact origins that may send credentials, \
             e.g. CORS_ORIGINS=https://app.example.com, or set CORS_CREDENTIALS=false)"
        )
    );
    let credentials_by_default = config().defaults(PolicySpec::new().credentials(true));
    assert_eq!(
        line(
            &credentials_by_default,
            &[("CORS_ORIGINS", "*"), ("CORS_METHODS", "GET")],
            ErrorKind::WildcardOriginWithCredentials,
        ),
        format!(
            "CORS_ORIGINS item 1 \"*\": {STAR_WITH_CREDENTIALS}, which are on by default \
             (CORS_CREDENTIALS is not set): {BROWSERS_REJECT_STAR} (help: list the exact origins \
             that may send credentials, e.g. CORS_ORIGINS=https://app.example.com, or set \
             CORS_CREDENTIALS=false)"
        )
    );
    // Following the advice works.
    let policy = read(
        &credentials_by_default,
        &[
            ("CORS_ORIGINS", "*"),
            ("CORS_METHODS", "GET"),
            ("CORS_CREDENTIALS", "false"),
        ],
    );
    assert!(!policy.credentials());

    assert_eq!(
        line(
            &credentials_by_default,
            &with(&[("CORS_EXPOSE", "*")]),
            ErrorKind::WildcardExposeWithCredentials,
        ),
        "CORS_EXPOSE item 1 \"*\": \"*\" cannot be combined with credentials, which are on by \
         default (CORS_CREDENTIALS is not set): browsers then read `*` as a literal header name \
         (help: list the response headers scripts may read, e.g. CORS_EXPOSE=x-request-id, or \
         set CORS_CREDENTIALS=false)"
    );

    // `null` with credentials: removed from the variable, or from a default list.
    assert_eq!(
        line(
            &config(),
            &[
                ("CORS_ORIGINS", "https://app.example.com,null"),
                ("CORS_METHODS", "GET"),
                ("CORS_ALLOW_NULL_ORIGIN", "true"),
                ("CORS_CREDENTIALS", "1"),
            ],
            ErrorKind::NullOriginWithCredentials,
        ),
        "CORS_ORIGINS item 2 \"null\": \"null\" cannot be combined with credentials, which \
         CORS_CREDENTIALS turns on: any sandboxed page could read credentialed responses (help: \
         remove \"null\" from CORS_ORIGINS, or set CORS_CREDENTIALS=false)"
    );
    let null_by_default = config().defaults(
        PolicySpec::new()
            .origins(["null"])
            .methods(["GET"])
            .allow_null_origin(true),
    );
    assert_eq!(
        line(
            &null_by_default,
            &[("CORS_CREDENTIALS", "true")],
            ErrorKind::NullOriginWithCredentials,
        ),
        "default origins[0] \"null\" (CORS_ORIGINS is not set): \"null\" cannot be combined with \
         credentials, which CORS_CREDENTIALS turns on: any sandboxed page could read \
         credentialed responses (help: set CORS_ORIGINS to a list without \"null\", or set \
         CORS_CREDENTIALS=false)"
    );

    // The `null` opt-in, both ways.
    assert_eq!(
        line(
            &config(),
            &[("CORS_ORIGINS", "null"), ("CORS_METHODS", "GET")],
            ErrorKind::NullOriginNotEnabled,
        ),
        "CORS_ORIGINS item 1 \"null\": \"null\" is the origin of sandboxed frames and local \
         files; any site can produce it (help: remove \"null\" from CORS_ORIGINS, or opt in \
         explicitly with CORS_ALLOW_NULL_ORIGIN=true)"
    );
    assert_eq!(
        line(
            &config(),
            &with(&[("CORS_ALLOW_NULL_ORIGIN", "1")]),
            ErrorKind::NullOriginNotListed,
        ),
        "CORS_ALLOW_NULL_ORIGIN=\"1\": CORS_ALLOW_NULL_ORIGIN is on but \"null\" is not in the \
         origin list (help: add \"null\" to CORS_ORIGINS, or set CORS_ALLOW_NULL_ORIGIN=false)"
    );
    let opted_in_by_default = config().defaults(
        PolicySpec::new()
            .origins(["https://app.example.com"])
            .methods(["GET"])
            .allow_null_origin(true),
    );
    assert_eq!(
        line(&opted_in_by_default, &[], ErrorKind::NullOriginNotListed),
        "default allow_null_origin true (CORS_ALLOW_NULL_ORIGIN is not set): CORS_ALLOW_NULL_ORIGIN \
         is on but \"null\" is not in the origin list (help: set CORS_ORIGINS to a list that \
         includes \"null\", or set CORS_ALLOW_NULL_ORIGIN=false)"
    );
    assert_eq!(
        line(
            &opted_in_by_default,
            &[("CORS_ORIGINS", "*")],
            ErrorKind::NullOriginWithWildcard,
        ),
        "default allow_null_origin true (CORS_ALLOW_NULL_ORIGIN is not set): CORS_ALLOW_NULL_ORIGIN \
         has no effect with CORS_ORIGINS=* (help: set \
         CORS_ALLOW_NULL_ORIGIN=false)"
    );
}

/// Variables to read, as pairs.
type Vars<'a> = &'a [(&'a str, &'a str)];

/// Lists, keys and numbers in validation's errors are written as variables too.
#[test]
fn single_field_rules_give_fixes_in_variables() {
    let cases: [(Vars, ErrorKind, &str); 8] = [
        (
            &[
                ("CORS_ORIGINS", "*,https://app.example.com"),
                ("CORS_METHODS", "GET"),
            ],
            ErrorKind::WildcardMixed,
            "CORS_ORIGINS item 1 \"*\": \"*\" is mixed with other origins; it already allows \
             every origin (help: use CORS_ORIGINS=* alone, or list only the exact origins)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET"),
                ("CORS_HEADERS", "x-token,*"),
            ],
            ErrorKind::WildcardMixed,
            "CORS_HEADERS item 2 \"*\": \"*\" is mixed with other names in CORS_HEADERS (help: use \
             CORS_HEADERS=* alone, or list only the names)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET,*"),
            ],
            ErrorKind::WildcardMethod,
            "CORS_METHODS item 2 \"*\": \"*\" is not a method; with credentials browsers read \
             it as a literal name (help: list the methods explicitly, e.g. CORS_METHODS=GET,PUT)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET"),
                ("CORS_HEADERS", "content-type, cookie"),
            ],
            ErrorKind::ForbiddenRequestHeader,
            "CORS_HEADERS item 2 \"cookie\": \"cookie\" is a forbidden request header: scripts \
             can never set it, so allowing it has no effect (help: remove \"cookie\" from \
             CORS_HEADERS; the browser manages it itself)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET"),
                ("CORS_EXPOSE", "set-cookie"),
            ],
            ErrorKind::ForbiddenResponseHeader,
            "CORS_EXPOSE item 1 \"set-cookie\": \"set-cookie\" can never be read by scripts, \
             whatever is exposed (help: remove \"set-cookie\" from CORS_EXPOSE)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET"),
                ("CORS_MAX_AGE", " 100000 "),
            ],
            ErrorKind::MaxAgeTooLarge,
            "CORS_MAX_AGE=\" 100000 \": 100000 is above 86400 seconds, which no browser honours \
             (help: use at most CORS_MAX_AGE=7200 (Chromium's cap), or CORS_MAX_AGE=600 \
             (honoured by every browser))",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET"),
                ("CORS_PREFLIGHT_STATUS", "404"),
            ],
            ErrorKind::PreflightStatusOutOfRange,
            "CORS_PREFLIGHT_STATUS=\"404\": 404 is not a 2xx status; browsers fail every other \
             preflight (help: use CORS_PREFLIGHT_STATUS=204 (the default) or CORS_PREFLIGHT_STATUS=200)",
        ),
        (
            &[
                ("CORS_ORIGINS", "https://app.example.com"),
                ("CORS_METHODS", "GET, GET"),
            ],
            ErrorKind::Duplicate,
            "CORS_METHODS item 2 \"GET\": method \"GET\" is listed twice (help: remove the \
             second entry)",
        ),
    ];
    for (vars, kind, expected) in cases {
        assert_eq!(line(&config(), vars, kind), expected);
    }
    // A forbidden header in the defaults: the fix sets the variable.
    let defaults = PolicySpec::new()
        .origins(["https://app.example.com"])
        .methods(["GET"])
        .expose(["x-request-id", "set-cookie"]);
    assert_eq!(
        line(
            &config().defaults(defaults),
            &[],
            ErrorKind::ForbiddenResponseHeader
        ),
        "default expose[1] \"set-cookie\" (CORS_EXPOSE is not set): \"set-cookie\" can never be \
         read by scripts, whatever is exposed (help: set CORS_EXPOSE to a list without \
         \"set-cookie\")"
    );
}

/// No policy error reads like the attribute: no `key = [..]` lists, no `` `key` ``, no
/// "drop": whatever the rule, the fix is in terms of variables.
#[test]
fn no_policy_error_keeps_attribute_syntax() {
    let configs: &[(PolicySpec, &[(&str, &str)])] = &[
        (
            PolicySpec::new().credentials(true),
            &[
                ("CORS_ORIGINS", "*,null"),
                ("CORS_METHODS", "*,get,GET,GET,a b"),
            ],
        ),
        (
            PolicySpec::new().credentials(true).allow_null_origin(true),
            &[
                (
                    "CORS_ORIGINS",
                    "https://a.example/,null,HTTPS://B.example,https://*.com",
                ),
                ("CORS_METHODS", "GET"),
                ("CORS_HEADERS", "*,cookie,x y,a,A"),
                ("CORS_EXPOSE", "*,set-cookie,a,a"),
                ("CORS_MAX_AGE", "100000"),
                ("CORS_PREFLIGHT_STATUS", "500"),
            ],
        ),
        (
            PolicySpec::new().allow_null_origin(true),
            &[("CORS_ORIGINS", "*"), ("CORS_METHODS", "GET")],
        ),
        (
            PolicySpec::new().allow_null_origin(true),
            &[
                ("CORS_ORIGINS", "https://a.example"),
                ("CORS_METHODS", "GET"),
            ],
        ),
    ];
    let keys = Field::ALL.map(Field::key);
    let mut kinds = std::collections::HashSet::new();
    for (defaults, vars) in configs {
        let errors = report(&config().defaults(defaults.clone()), vars);
        for error in &errors {
            kinds.insert(error.kind());
            for text in [error.message(), error.suggestion()] {
                assert!(
                    !text.contains(" = ") && !text.contains("[\"") && !text.contains("drop "),
                    "{error}"
                );
                for key in keys {
                    assert!(!text.contains(&format!("`{key}`")), "{error}");
                }
            }
        }
    }
    // Every policy rule but the empty lists (reported as missing variables) was seen.
    for kind in [
        ErrorKind::WildcardOriginWithCredentials,
        ErrorKind::WildcardExposeWithCredentials,
        ErrorKind::NullOriginWithCredentials,
        ErrorKind::NullOriginNotEnabled,
        ErrorKind::NullOriginNotListed,
        ErrorKind::NullOriginWithWildcard,
        ErrorKind::WildcardMixed,
        ErrorKind::InvalidMethod,
        ErrorKind::LowercaseMethod,
        ErrorKind::WildcardMethod,
        ErrorKind::InvalidHeaderName,
        ErrorKind::ForbiddenRequestHeader,
        ErrorKind::ForbiddenResponseHeader,
        ErrorKind::Duplicate,
        ErrorKind::MaxAgeTooLarge,
        ErrorKind::PreflightStatusOutOfRange,
        ErrorKind::Origin(OriginErrorKind::Path),
        ErrorKind::Origin(OriginErrorKind::Uppercase),
        ErrorKind::Origin(OriginErrorKind::WildcardAboveTopLevel),
    ] {
        assert!(
            kinds.contains(&EnvErrorKind::Policy(kind)),
            "{kind:?} not seen"
        );
    }
}

#[test]
fn problems_in_the_defaults_say_so() {
    let defaults = PolicySpec::new()
        .origins(["https://ok.example", "https://Bad.example/"])
        .methods(["GET"])
        .max_age(100_000);
    let config = config().defaults(defaults);
    let errors = config.read([("HOME", "/root")]).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid CORS configuration in the environment (2 problems)\n\
         - default origins[1] \"https://Bad.example/\" (CORS_ORIGINS is not set): origin \"https://Bad.example/\" has a trailing slash (help: write \"https://bad.example\")\n\
         - default max_age 100000 (CORS_MAX_AGE is not set): 100000 is above 86400 seconds, which no browser honours (help: use at most CORS_MAX_AGE=7200 (Chromium's cap), or CORS_MAX_AGE=600 (honoured by every browser))"
    );
    let error = &errors.errors()[0];
    assert!(error.is_default());
    assert_eq!(
        (error.variable(), error.index(), error.value()),
        ("CORS_ORIGINS", Some(1), Some("https://Bad.example/"))
    );

    // Setting the variables replaces the broken defaults.
    let policy = config
        .read([
            ("CORS_ORIGINS", "https://ok.example"),
            ("CORS_MAX_AGE", "600"),
        ])
        .unwrap();
    assert_eq!(policy.max_age(), Some("600"));
}

#[test]
fn every_problem_of_several_variables_is_in_one_report() {
    let defaults = PolicySpec::new().methods(["GET", "POST"]).max_age(600);
    let errors = report(
        &config().defaults(defaults),
        &[
            (
                "CORS_ORIGINS",
                "https://app.example.com/,,https://*.example.com",
            ),
            ("CORS_CREDENTIALS", "yes"),
            ("CORS_MAX_AGE", "10m"),
            ("CORS_HEADERS", " "),
            ("CORS_EXPOSE", "x-request-id,set-cookie"),
            ("CORS_ORIGIN", "https://typo.example"),
            ("CORS_PREFLIGHT_STATUS", "99999"),
            ("PATH", "/usr/bin"),
        ],
    );
    let shown = errors.to_string();
    assert_eq!(
        shown,
        "invalid CORS configuration in the environment (8 problems)\n\
         - CORS_ORIGIN is not a known variable (help: did you mean CORS_ORIGINS?)\n\
         - CORS_ORIGINS item 1 \"https://app.example.com/\": origin \"https://app.example.com/\" has a trailing slash (help: write \"https://app.example.com\")\n\
         - CORS_ORIGINS item 2: empty item between two commas in \"https://app.example.com/,,https://*.example.com\" (help: remove the extra comma: \"https://app.example.com/,https://*.example.com\")\n\
         - CORS_HEADERS is set but blank (help: unset it to leave headers unset, or set a value such as content-type,authorization)\n\
         - CORS_EXPOSE item 2 \"set-cookie\": \"set-cookie\" can never be read by scripts, whatever is exposed (help: remove \"set-cookie\" from CORS_EXPOSE)\n\
         - CORS_CREDENTIALS=\"yes\": not a boolean (help: write true; the accepted values are true, false, 1 and 0, in lowercase)\n\
         - CORS_MAX_AGE=\"10m\": not a whole number of seconds (help: write the seconds as decimal digits, e.g. 600 (at most 86400))\n\
         - CORS_PREFLIGHT_STATUS=\"99999\": too large for an HTTP status (help: write 204 (the default) or 200)"
    );
    for kind in [
        EnvErrorKind::UnknownVariable,
        EnvErrorKind::EmptyItem,
        EnvErrorKind::Blank,
        EnvErrorKind::NotBoolean,
        EnvErrorKind::NotNumber,
        EnvErrorKind::NumberTooLarge,
        EnvErrorKind::Policy(ErrorKind::ForbiddenResponseHeader),
    ] {
        assert!(errors.contains(kind), "{kind:?}");
    }
    assert!(!errors.contains(EnvErrorKind::Missing));
}

#[test]
fn an_unusable_variable_causes_no_follow_on_error() {
    // With the default `credentials = true` in effect, `*` would be refused; but the user set
    // CORS_CREDENTIALS (badly), so only that is reported.
    let defaults = PolicySpec::new().methods(["GET"]).credentials(true);
    only(
        &config().defaults(defaults),
        &[("CORS_ORIGINS", "*"), ("CORS_CREDENTIALS", "no")],
        EnvErrorKind::NotBoolean,
        "CORS_CREDENTIALS",
    );
    // A broken variable does not resurface its broken default.
    let defaults = PolicySpec::new()
        .origins(["https://bad.example/"])
        .methods(["GET"]);
    only(
        &config().defaults(defaults),
        &[("CORS_ORIGINS", "  ")],
        EnvErrorKind::Blank,
        "CORS_ORIGINS",
    );
}

/// The `Access-Control-Allow-Headers` value of an explicit list.
fn allow_headers(policy: &Policy) -> Option<&str> {
    match policy.headers() {
        AllowedHeaders::List { value, .. } => value.as_deref(),
        AllowedHeaders::Any => Some("<any>"),
    }
}

fn read(config: &EnvConfig, vars: &[(&str, &str)]) -> Policy {
    config
        .read(vars.iter().copied())
        .unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn valid_configurations_in_several_spellings_compile_to_the_same_policy() {
    let spellings: [&[(&str, &str)]; 3] = [
        &[
            (
                "CORS_ORIGINS",
                "https://app.example.com,https://*.example.com",
            ),
            ("CORS_METHODS", "GET,PUT"),
            ("CORS_HEADERS", "content-type,x-api-key"),
            ("CORS_EXPOSE", "x-request-id"),
            ("CORS_CREDENTIALS", "true"),
            ("CORS_MAX_AGE", "600"),
            ("CORS_PRIVATE_NETWORK", "1"),
            ("CORS_STRICT", "true"),
            ("CORS_PREFLIGHT_STATUS", "200"),
        ],
        &[
            (
                "CORS_ORIGINS",
                "  https://app.example.com ,\thttps://*.example.com  ",
            ),
            ("CORS_METHODS", "GET, PUT"),
            ("CORS_HEADERS", "Content-Type , X-Api-Key"),
            ("CORS_EXPOSE", " x-request-id "),
            ("CORS_CREDENTIALS", " 1 "),
            ("CORS_MAX_AGE", "0600"),
            ("CORS_PRIVATE_NETWORK", "true"),
            ("CORS_STRICT", "1"),
            ("CORS_PREFLIGHT_STATUS", " 200\n"),
        ],
        &[
            ("CORS_PREFLIGHT_STATUS", "200"),
            ("CORS_STRICT", "true"),
            ("CORS_PRIVATE_NETWORK", "true"),
            ("CORS_MAX_AGE", "600"),
            ("CORS_CREDENTIALS", "true"),
            ("CORS_EXPOSE", "x-request-id"),
            ("CORS_HEADERS", "content-type,  x-api-key"),
            ("CORS_METHODS", "GET ,PUT"),
            (
                "CORS_ORIGINS",
                "https://*.example.com, https://app.example.com",
            ),
        ],
    ];
    for vars in spellings {
        let policy = read(&config(), vars);
        assert_eq!(policy.allow_methods(), "GET, PUT");
        assert!(policy.credentials());
        assert_eq!(policy.max_age(), Some("600"));
        assert!(policy.private_network());
        assert!(policy.strict());
        assert_eq!(policy.preflight_status(), 200);
        assert_eq!(policy.expose_headers(), Some("x-request-id"));
        assert_eq!(allow_headers(&policy), Some("content-type, x-api-key"));
        assert!(policy.allows_origin(b"https://app.example.com"));
        assert!(policy.allows_origin(b"https://shop.example.com"));
        assert!(!policy.allows_origin(b"https://example.com"));
    }

    let policy = read(
        &config(),
        &[
            ("CORS_ORIGINS", "*"),
            ("CORS_METHODS", "GET"),
            ("CORS_HEADERS", "*"),
            ("CORS_CREDENTIALS", "false"),
            ("CORS_STRICT", "0"),
        ],
    );
    assert!(!policy.credentials());
    assert!(!policy.strict());
    assert_eq!(policy.max_age(), None);
    assert_eq!(policy.preflight_status(), 204);
    assert!(matches!(policy.headers(), AllowedHeaders::Any));
}

#[test]
fn set_variables_override_defaults_and_unset_ones_keep_them() {
    let defaults = PolicySpec::new()
        .origins(["https://default.example"])
        .methods(["GET", "POST"])
        .headers(["content-type"])
        .credentials(true)
        .max_age(600);
    let config = config().defaults(defaults);

    let policy = read(&config, &[]);
    assert_eq!(policy.allow_methods(), "GET, POST");
    assert!(policy.credentials());
    assert_eq!(policy.max_age(), Some("600"));
    assert!(policy.allows_origin(b"https://default.example"));

    // A set list replaces the default list rather than adding to it.
    let policy = read(
        &config,
        &[
            ("CORS_ORIGINS", "https://app.example.com"),
            ("CORS_METHODS", "DELETE"),
            ("CORS_CREDENTIALS", "false"),
            ("CORS_MAX_AGE", "60"),
        ],
    );
    assert_eq!(policy.allow_methods(), "DELETE");
    assert!(!policy.credentials());
    assert_eq!(policy.max_age(), Some("60"));
    assert!(policy.allows_origin(b"https://app.example.com"));
    assert!(!policy.allows_origin(b"https://default.example"));
    assert_eq!(allow_headers(&policy), Some("content-type"));

    // A later pair for the same name wins.
    let policy = read(
        &config,
        &[("CORS_METHODS", "PUT"), ("CORS_METHODS", "PATCH")],
    );
    assert_eq!(policy.allow_methods(), "PATCH");
}

#[test]
fn unrelated_variables_are_ignored() {
    let vars = [
        (OsString::from("PATH"), OsString::from("/usr/bin")),
        ("CORSAIR".into(), "1".into()),
        ("MY_CORS_ORIGINS".into(), "not an origin".into()),
        ("cors_proxy".into(), "x".into()),
        ("HOME".into(), OsString::from_vec(b"/home/\xFF".to_vec())),
        (OsString::from_vec(b"\xFFNAME".to_vec()), "1".into()),
        ("CORS_ORIGINS".into(), "https://app.example.com".into()),
        ("CORS_METHODS".into(), "GET".into()),
    ];
    let policy = config().read(vars).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy.allow_methods(), "GET");
}

#[test]
fn read_spec_parses_without_validating() {
    let spec = config()
        .defaults(PolicySpec::new().max_age(600))
        .read_spec([
            ("CORS_ORIGINS", "https://app.example.com/"),
            ("CORS_METHODS", "get"),
        ])
        .unwrap();
    assert_eq!(
        spec,
        PolicySpec::new()
            .origins(["https://app.example.com/"])
            .methods(["get"])
            .max_age(600)
    );
    let errors = config().read_spec([("CORS_MAX_AGE", "ten")]).unwrap_err();
    let kinds: Vec<_> = errors.iter().map(EnvError::kind).collect();
    assert_eq!(
        kinds,
        [
            EnvErrorKind::Missing,
            EnvErrorKind::Missing,
            EnvErrorKind::NotNumber
        ]
    );
}

#[test]
fn kinds_have_stable_codes() {
    let codes: Vec<_> = [
        EnvErrorKind::NotUnicode,
        EnvErrorKind::Blank,
        EnvErrorKind::EmptyItem,
        EnvErrorKind::NotBoolean,
        EnvErrorKind::NotNumber,
        EnvErrorKind::NumberTooLarge,
        EnvErrorKind::UnknownVariable,
        EnvErrorKind::Missing,
        EnvErrorKind::Policy(ErrorKind::Duplicate),
    ]
    .into_iter()
    .map(EnvErrorKind::code)
    .collect();
    assert_eq!(
        codes,
        [
            "env-not-unicode",
            "env-blank",
            "env-empty-item",
            "env-not-boolean",
            "env-not-number",
            "env-number-too-large",
            "env-unknown-variable",
            "env-missing",
            "duplicate",
        ]
    );
}

// ---- Never panics ----

fn name() -> impl Strategy<Value = OsString> {
    prop_oneof![
        proptest::sample::select(vec![
            "CORS_ORIGINS",
            "CORS_METHODS",
            "CORS_HEADERS",
            "CORS_EXPOSE",
            "CORS_CREDENTIALS",
            "CORS_MAX_AGE",
            "CORS_PRIVATE_NETWORK",
            "CORS_ALLOW_NULL_ORIGIN",
            "CORS_STRICT",
            "CORS_PREFLIGHT_STATUS",
        ])
        .prop_map(OsString::from),
        "(CORS_|cors_|CORS|)[A-Za-z_-]{0,24}".prop_map(OsString::from),
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(OsString::from_vec),
    ]
}

fn value() -> impl Strategy<Value = OsString> {
    prop_oneof![
        "[ ,*a-zA-Z0-9:/.\\t-]{0,40}".prop_map(OsString::from),
        "(https?://[a-z*.]{0,10}(:[0-9]{0,6})?/?, ?){0,4}".prop_map(OsString::from),
        "(true|false|1|0|yes|[0-9]{1,25}|GET|put|\\*|null)".prop_map(OsString::from),
        proptest::collection::vec(any::<u8>(), 0..24).prop_map(OsString::from_vec),
    ]
}

proptest! {
    #[test]
    fn any_environment_reads_without_panicking(
        vars in proptest::collection::vec((name(), value()), 0..8),
        defaults in proptest::bool::ANY,
    ) {
        let mut config = config();
        if defaults {
            config = config.defaults(
                PolicySpec::new().origins(["https://app.example.com", "*"]).methods(["GET"]),
            );
        }
        match config.read(vars.clone()) {
            Ok(policy) => {
                // What compiled is what validation accepts.
                let spec = config.read_spec(vars).expect("a compiled policy parsed");
                prop_assert_eq!(spec.compile().map(|p| p.allow_methods().to_owned()).ok(),
                    Some(policy.allow_methods().to_owned()));
            }
            Err(errors) => {
                prop_assert!(errors.len() >= 1);
                let shown = errors.to_string();
                prop_assert_eq!(shown.lines().count(), errors.len() + 1, "{}", shown);
                for error in &errors {
                    prop_assert!(!error.message().is_empty() && !error.suggestion().is_empty());
                }
            }
        }
    }
}
