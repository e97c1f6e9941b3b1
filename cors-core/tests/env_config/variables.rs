//! Variable names, one test per variable-level `EnvErrorKind` with its exact variable, value
//! and suggestion, missing required variables, and the kinds' stable codes.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::support::*;
use cors_core::{EnvConfig, EnvErrorKind, ErrorKind, Field, PolicySpec};

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
