//! Valid configurations: several spellings compile to the same policy, set variables
//! override defaults, unrelated variables are ignored, and `read_spec` does not validate.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::support::*;
use cors_core::{EnvError, EnvErrorKind, Policy, PolicySpec};

/// The `Access-Control-Allow-Headers` value of an explicit list.
fn allow_headers(policy: &Policy) -> Option<&str> {
    let headers = policy.headers();
    if headers.is_any() {
        Some("<any>")
    } else {
        headers.value()
    }
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
    assert!(policy.headers().is_any());
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

/// `CORS_ORIGINS=http://localhost:*`: every port of a host, for development, through the same
/// grammar as the attribute, patterns included.
#[test]
fn any_port_origins_from_a_variable() {
    let policy = read(
        &config(),
        &[
            ("CORS_ORIGINS", "http://localhost:*,https://*.example.com:*"),
            ("CORS_METHODS", "GET"),
            ("CORS_CREDENTIALS", "true"),
        ],
    );
    for allowed in [
        "http://localhost:5173",
        "http://localhost",
        "https://a.example.com:8443",
    ] {
        assert!(policy.allows_origin(allowed.as_bytes()), "{allowed}");
    }
    for refused in [
        "https://localhost:5173",
        "http://localhost:80",
        "https://example.com:8443",
    ] {
        assert!(!policy.allows_origin(refused.as_bytes()), "{refused}");
    }
    assert_eq!(
        policy.origins().to_string(),
        "http://localhost:*, https://*.example.com:*"
    );
}
