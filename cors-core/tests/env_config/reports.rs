//! Several problems: every one is in one report, and an unusable variable causes no
//! follow-on error.

use super::support::*;
use cors_core::{EnvErrorKind, ErrorKind, PolicySpec};

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
