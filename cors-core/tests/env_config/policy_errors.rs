//! Policy rules broken through variables: each names the variable, the item and a fix written
//! as variables, never in attribute syntax, and problems in the defaults say so.

use super::support::*;
use cors_core::{EnvErrorKind, ErrorKind, Field, OriginErrorKind, PolicySpec};

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
