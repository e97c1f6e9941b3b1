//! Policy validation: one test per `ErrorKind` rule (kind, field, index, suggestion), and
//! `validate()` reporting every problem of a spec at once, in field order.

use std::collections::HashSet;

use cors_core::{ConfigError, ErrorKind, Field, MAX_AGE_LIMIT, OriginErrorKind, PolicySpec};

/// A spec that passes validation, for tests to break one field of.
fn valid() -> PolicySpec {
    PolicySpec::new()
        .origins(["https://app.example.com"])
        .methods(["GET", "PUT"])
}

fn errors(spec: &PolicySpec) -> Vec<ConfigError> {
    match spec.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => {
            // compile() must report exactly what validate() reports.
            assert_eq!(spec.compile().unwrap_err(), errors);
            errors.into_iter().collect()
        }
    }
}

/// The single problem of `spec`, checked against kind, field and index.
#[track_caller]
fn only(spec: &PolicySpec, kind: ErrorKind, field: Field, index: Option<usize>) -> ConfigError {
    let errors = errors(spec);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one problem, got {errors:#?}"
    );
    let error = errors.into_iter().next().unwrap();
    assert_eq!(
        (error.kind(), error.field(), error.index()),
        (kind, field, index),
        "{error}"
    );
    assert!(!error.message().is_empty());
    assert!(!error.suggestion().is_empty());
    assert_eq!(
        error.to_string(),
        format!("{}\nhelp: {}", error.message(), error.suggestion())
    );
    error
}

#[track_caller]
fn assert_valid(spec: &PolicySpec) {
    let errors = errors(spec);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_base_spec_is_valid() {
    assert_valid(&valid());
    assert_valid(
        &valid()
            .credentials(true)
            .max_age(600)
            .headers(["x-api-key"]),
    );
}

#[test]
fn wildcard_origin_with_credentials_is_the_headline_error() {
    let spec = valid().origins(["*"]).credentials(true);
    let error = only(
        &spec,
        ErrorKind::WildcardOriginWithCredentials,
        Field::Origins,
        Some(0),
    );
    assert!(error.message().contains("credentials"), "{error}");
    assert!(
        error
            .message()
            .contains("reflecting any origin with credentials"),
        "{error}"
    );
    assert!(
        error
            .suggestion()
            .contains("list the exact origins that may send credentials"),
        "{error}"
    );
    assert!(
        error.suggestion().contains("remove `.credentials(true)`"),
        "{error}"
    );
    assert_eq!(
        ErrorKind::WildcardOriginWithCredentials.code(),
        "wildcard-origin-with-credentials"
    );
    // Without credentials, `*` alone is fine.
    assert_valid(&valid().origins(["*"]));
}

#[test]
fn wildcard_expose_with_credentials() {
    let spec = valid().expose(["*"]).credentials(true);
    let error = only(
        &spec,
        ErrorKind::WildcardExposeWithCredentials,
        Field::Expose,
        Some(0),
    );
    assert!(error.message().contains("literal header name"), "{error}");
    assert!(error.suggestion().contains("x-request-id"), "{error}");
    assert_valid(&valid().expose(["*"]));
    // A `*` request-header list is echoed, so it is fine with credentials.
    assert_valid(&valid().headers(["*"]).credentials(true));
}

#[test]
fn null_origin_with_credentials() {
    let spec = valid()
        .origins(["https://app.example.com", "null"])
        .allow_null_origin(true)
        .credentials(true);
    let error = only(
        &spec,
        ErrorKind::NullOriginWithCredentials,
        Field::Origins,
        Some(1),
    );
    assert_eq!(
        error.suggestion(),
        "remove \"null\" from `.origins(..)`, or remove `.credentials(true)`"
    );
    assert_valid(
        &valid()
            .origins(["https://app.example.com", "null"])
            .allow_null_origin(true),
    );
}

#[test]
fn null_origin_with_credentials_and_without_opt_in_reports_both() {
    let spec = valid().origins(["null"]).credentials(true);
    let kinds: Vec<_> = errors(&spec)
        .iter()
        .map(|e| (e.kind(), e.index()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ErrorKind::NullOriginNotEnabled, Some(0)),
            (ErrorKind::NullOriginWithCredentials, Some(0)),
        ]
    );
}

#[test]
fn null_origin_not_enabled() {
    let spec = valid().origins(["https://app.example.com", "null"]);
    let error = only(
        &spec,
        ErrorKind::NullOriginNotEnabled,
        Field::Origins,
        Some(1),
    );
    assert!(
        error.message().contains("any site can produce it"),
        "{error}"
    );
    assert_eq!(
        error.suggestion(),
        "remove \"null\" from `.origins(..)`, or opt in explicitly with `.allow_null_origin(true)`"
    );
}

#[test]
fn null_origin_not_listed() {
    let spec = valid().allow_null_origin(true);
    let error = only(
        &spec,
        ErrorKind::NullOriginNotListed,
        Field::AllowNullOrigin,
        None,
    );
    assert_eq!(
        error.suggestion(),
        "add \"null\" to `.origins(..)`, or remove `.allow_null_origin(true)`"
    );
}

#[test]
fn null_origin_with_wildcard() {
    let spec = valid().origins(["*"]).allow_null_origin(true);
    let error = only(
        &spec,
        ErrorKind::NullOriginWithWildcard,
        Field::AllowNullOrigin,
        None,
    );
    assert_eq!(error.suggestion(), "remove `.allow_null_origin(true)`");
}

#[test]
fn wildcard_mixed_with_explicit_origins() {
    let spec = valid().origins(["https://app.example.com", "*"]);
    let error = only(&spec, ErrorKind::WildcardMixed, Field::Origins, Some(1));
    assert_eq!(
        error.suggestion(),
        "use `.origins([\"*\"])` alone, or list only the exact origins"
    );
}

#[test]
fn wildcard_mixed_in_headers_and_expose() {
    let spec = valid().headers(["x-api-key", "*"]);
    let error = only(&spec, ErrorKind::WildcardMixed, Field::Headers, Some(1));
    assert!(error.message().contains("`.headers(..)`"), "{error}");
    assert_eq!(
        error.suggestion(),
        "use `.headers([\"*\"])` alone, or list only the names"
    );

    let spec = valid().expose(["*", "x-request-id"]);
    let error = only(&spec, ErrorKind::WildcardMixed, Field::Expose, Some(0));
    assert!(error.message().contains("`.expose(..)`"), "{error}");
}

#[test]
fn empty_origins() {
    let spec = valid().origins(Vec::<String>::new());
    let error = only(&spec, ErrorKind::EmptyOrigins, Field::Origins, None);
    assert!(
        error.suggestion().contains("https://app.example.com"),
        "{error}"
    );
}

#[test]
fn empty_methods() {
    let spec = valid().methods(Vec::<String>::new());
    let error = only(&spec, ErrorKind::EmptyMethods, Field::Methods, None);
    assert!(error.suggestion().contains("\"GET\", \"POST\""), "{error}");
}

#[test]
fn invalid_methods() {
    for (method, index) in [
        ("GE T", 1),
        ("GET,POST", 1),
        ("", 1),
        ("PÜT", 1),
        ("(GET)", 1),
    ] {
        let spec = valid().methods(["GET", method]);
        let error = only(&spec, ErrorKind::InvalidMethod, Field::Methods, Some(index));
        assert!(
            error.message().contains("not a valid HTTP method"),
            "{error}"
        );
        assert!(error.suggestion().contains("token"), "{error}");
    }
}

#[test]
fn lowercase_method_suggests_the_uppercase_one() {
    let spec = valid().methods(["GET", "put"]);
    let error = only(&spec, ErrorKind::LowercaseMethod, Field::Methods, Some(1));
    assert_eq!(error.suggestion(), "write \"PUT\"");
    assert!(error.message().contains("case-sensitively"), "{error}");

    let spec = valid().methods(["Patch"]);
    let error = only(&spec, ErrorKind::LowercaseMethod, Field::Methods, Some(0));
    assert_eq!(error.suggestion(), "write \"PATCH\"");
}

#[test]
fn wildcard_method() {
    for credentials in [false, true] {
        let spec = valid().methods(["GET", "*"]).credentials(credentials);
        let error = only(&spec, ErrorKind::WildcardMethod, Field::Methods, Some(1));
        assert!(error.suggestion().contains("explicitly"), "{error}");
    }
}

#[test]
fn invalid_header_names() {
    for name in ["x api", "x:y", "", "x-ä", "x\ny", "(x)"] {
        let spec = valid().headers(["x-api-key", name]);
        let error = only(&spec, ErrorKind::InvalidHeaderName, Field::Headers, Some(1));
        assert!(error.suggestion().contains("x-request-id"), "{error}");

        let spec = valid().expose([name]);
        only(&spec, ErrorKind::InvalidHeaderName, Field::Expose, Some(0));
    }
}

#[test]
fn forbidden_request_headers() {
    let forbidden = [
        "Accept-Charset",
        "Accept-Encoding",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Connection",
        "Content-Length",
        "Cookie",
        "Cookie2",
        "Date",
        "DNT",
        "Expect",
        "Host",
        "Keep-Alive",
        "Origin",
        "Referer",
        "Set-Cookie",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Via",
        "Proxy-Authorization",
        "proxy-connection",
        "Proxy-Anything",
        "Sec-Fetch-Mode",
        "sec-ch-ua",
        "SEC-WEBSOCKET-KEY",
        "cookie",
        "HOST",
    ];
    for name in forbidden {
        let spec = valid().headers(["content-type", name]);
        let error = only(
            &spec,
            ErrorKind::ForbiddenRequestHeader,
            Field::Headers,
            Some(1),
        );
        assert_eq!(
            error.suggestion(),
            format!("remove {name:?} from `.headers(..)`; the browser manages it itself")
        );
        assert!(
            error.message().contains("forbidden request header"),
            "{error}"
        );
    }
    // Near misses are ordinary names.
    assert_valid(&valid().headers([
        "authorization",
        "x-cookie",
        "hostname",
        "proxy",
        "secret",
        "x-sec-token",
        "origin-id",
        "content-type",
    ]));
}

#[test]
fn forbidden_response_headers() {
    for name in ["Set-Cookie", "set-cookie", "Set-Cookie2"] {
        let spec = valid().expose(["x-request-id", name]);
        let error = only(
            &spec,
            ErrorKind::ForbiddenResponseHeader,
            Field::Expose,
            Some(1),
        );
        assert_eq!(
            error.suggestion(),
            format!("remove {name:?} from `.expose(..)`")
        );
    }
    // Request-only forbidden names may be exposed (e.g. `Date` is readable when exposed).
    assert_valid(&valid().expose(["date", "x-request-id", "content-length"]));
}

#[test]
fn duplicate_origins() {
    let spec = valid().origins([
        "https://app.example.com",
        "https://b.example.com",
        "https://app.example.com",
    ]);
    let error = only(&spec, ErrorKind::Duplicate, Field::Origins, Some(2));
    assert_eq!(error.suggestion(), "remove the second entry");
    assert!(
        error.message().contains("https://app.example.com"),
        "{error}"
    );
}

#[test]
fn duplicate_methods() {
    let spec = valid().methods(["GET", "PUT", "GET"]);
    let error = only(&spec, ErrorKind::Duplicate, Field::Methods, Some(2));
    assert_eq!(error.suggestion(), "remove the second entry");
}

#[test]
fn duplicate_headers_are_case_insensitive() {
    let spec = valid().headers(["X-Api-Key", "content-type", "x-api-key"]);
    let error = only(&spec, ErrorKind::Duplicate, Field::Headers, Some(2));
    assert!(error.message().contains("case-insensitive"), "{error}");
    assert_eq!(error.suggestion(), "remove the second entry");

    let spec = valid().expose(["ETag", "etag"]);
    only(&spec, ErrorKind::Duplicate, Field::Expose, Some(1));
}

#[test]
fn max_age_limit() {
    assert_eq!(MAX_AGE_LIMIT, 86_400);
    assert_valid(&valid().max_age(86_400));
    assert_valid(&valid().max_age(0));
    let spec = valid().max_age(86_401);
    let error = only(&spec, ErrorKind::MaxAgeTooLarge, Field::MaxAge, None);
    assert!(error.message().contains("86401"), "{error}");
    assert!(error.suggestion().contains("600"), "{error}");
    only(
        &valid().max_age(u64::MAX),
        ErrorKind::MaxAgeTooLarge,
        Field::MaxAge,
        None,
    );
}

#[test]
fn an_origin_predicate_allows_an_empty_list_and_refuses_any_origin() {
    assert_valid(&valid().origins([""; 0]).dynamic_origins(true));
    assert_valid(&valid().credentials(true).dynamic_origins(true));
    // Without one, an empty list allows nothing and stays an error.
    only(
        &valid().origins([""; 0]),
        ErrorKind::EmptyOrigins,
        Field::Origins,
        None,
    );
    let error = only(
        &valid().origins(["*"]).dynamic_origins(true),
        ErrorKind::WildcardOriginWithOriginFn,
        Field::Origins,
        Some(0),
    );
    assert_eq!(error.related(), None);
    assert!(error.message().contains("`.origin_fn(..)`"), "{error}");
    // With credentials too, each rule is reported.
    let errors = valid()
        .origins(["*"])
        .credentials(true)
        .dynamic_origins(true)
        .validate()
        .unwrap_err();
    assert!(errors.contains(ErrorKind::WildcardOriginWithOriginFn));
    assert!(errors.contains(ErrorKind::WildcardOriginWithCredentials));
}

#[test]
fn preflight_status_must_be_2xx() {
    for status in [200, 204, 299] {
        assert_valid(&valid().preflight_status(status));
    }
    for status in [0, 199, 300, 302, 403, 500] {
        let spec = valid().preflight_status(status);
        let error = only(
            &spec,
            ErrorKind::PreflightStatusOutOfRange,
            Field::PreflightStatus,
            None,
        );
        assert!(error.message().contains(&status.to_string()), "{error}");
        assert!(error.suggestion().contains("204"), "{error}");
    }
}

#[test]
fn origin_grammar_errors_carry_the_origin_kind_and_suggestion() {
    let spec = valid().origins([
        "https://app.example.com",
        "https://App.com",
        "example.com",
        "https://a.com:443",
        "https://a.com/",
    ]);
    let found: Vec<_> = errors(&spec)
        .iter()
        .map(|e| (e.kind(), e.field(), e.index(), e.suggestion().to_owned()))
        .collect();
    let expected = [
        (OriginErrorKind::Uppercase, 1, "write \"https://app.com\""),
        (
            OriginErrorKind::MissingScheme,
            2,
            "write \"https://example.com\"",
        ),
        (OriginErrorKind::DefaultPort, 3, "write \"https://a.com\""),
        (OriginErrorKind::Path, 4, "write \"https://a.com\""),
    ]
    .map(|(kind, index, suggestion)| {
        (
            ErrorKind::Origin(kind),
            Field::Origins,
            Some(index),
            suggestion.to_owned(),
        )
    });
    assert_eq!(found, expected);
}

#[test]
fn patterns_in_the_origin_list_are_checked_too() {
    assert_valid(&valid().origins(["https://*.example.com", "https://example.com"]));
    for (pattern, kind) in [
        ("https://*", OriginErrorKind::WildcardAlone),
        ("https://*.com", OriginErrorKind::WildcardAboveTopLevel),
        ("https://a*.example.com", OriginErrorKind::WildcardInLabel),
        ("*://example.com", OriginErrorKind::WildcardInScheme),
        ("https://example.com:8*", OriginErrorKind::WildcardInPort),
        (
            "https://*.*.example.com",
            OriginErrorKind::MultipleWildcards,
        ),
    ] {
        let spec = valid().origins(["https://example.com", pattern]);
        let error = only(&spec, ErrorKind::Origin(kind), Field::Origins, Some(1));
        assert!(error.suggestion().contains("*.example.com"), "{error}");
    }
}

#[test]
fn validate_reports_every_problem_in_field_order() {
    let spec = PolicySpec::new()
        .origins([
            "*",
            "https://App.com",
            "null",
            "https://a.com",
            "https://a.com",
        ])
        .methods(["put", "GET", "*", "GET"])
        .headers(["Cookie", "x-a", "X-A", "x a"])
        .expose(["*", "Set-Cookie"])
        .credentials(true)
        .max_age(100_000)
        .preflight_status(302);
    let errors = spec.validate().unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.kind(), e.field(), e.index()))
        .collect();
    let expected = vec![
        (ErrorKind::WildcardMixed, Field::Origins, Some(0)),
        (
            ErrorKind::WildcardOriginWithCredentials,
            Field::Origins,
            Some(0),
        ),
        (
            ErrorKind::Origin(OriginErrorKind::Uppercase),
            Field::Origins,
            Some(1),
        ),
        (ErrorKind::NullOriginNotEnabled, Field::Origins, Some(2)),
        (
            ErrorKind::NullOriginWithCredentials,
            Field::Origins,
            Some(2),
        ),
        (ErrorKind::Duplicate, Field::Origins, Some(4)),
        (ErrorKind::LowercaseMethod, Field::Methods, Some(0)),
        (ErrorKind::WildcardMethod, Field::Methods, Some(2)),
        (ErrorKind::Duplicate, Field::Methods, Some(3)),
        (ErrorKind::ForbiddenRequestHeader, Field::Headers, Some(0)),
        (ErrorKind::Duplicate, Field::Headers, Some(2)),
        (ErrorKind::InvalidHeaderName, Field::Headers, Some(3)),
        (ErrorKind::WildcardMixed, Field::Expose, Some(0)),
        (
            ErrorKind::WildcardExposeWithCredentials,
            Field::Expose,
            Some(0),
        ),
        (ErrorKind::ForbiddenResponseHeader, Field::Expose, Some(1)),
        (ErrorKind::MaxAgeTooLarge, Field::MaxAge, None),
        (
            ErrorKind::PreflightStatusOutOfRange,
            Field::PreflightStatus,
            None,
        ),
    ];
    assert_eq!(found, expected);
    assert_eq!(errors.errors().len(), 17);
    for error in &errors {
        assert!(!error.suggestion().is_empty(), "{error}");
    }

    let shown = errors.to_string();
    assert!(
        shown.starts_with("invalid CORS policy (17 problems)\n- origins[0]: "),
        "{shown}"
    );
    assert!(shown.contains("\n- max_age: "), "{shown}");
    assert!(shown.contains("\n- methods[0]: "), "{shown}");
    assert!(shown.contains("(help: write \"PUT\")"), "{shown}");
    assert_eq!(shown.lines().count(), 18);
}

#[test]
fn one_problem_is_singular_in_the_summary() {
    let errors = valid().max_age(90_000).validate().unwrap_err();
    assert!(
        errors
            .to_string()
            .starts_with("invalid CORS policy (1 problem)\n- max_age: "),
        "{errors}"
    );
    assert!(errors.contains(ErrorKind::MaxAgeTooLarge));
    assert!(!errors.contains(ErrorKind::Duplicate));
}

#[test]
fn every_error_kind_is_reachable_and_has_a_unique_code() {
    let cases: Vec<(PolicySpec, ErrorKind)> = vec![
        (
            valid().origins(["https://A.com"]),
            ErrorKind::Origin(OriginErrorKind::Uppercase),
        ),
        (
            valid().origins(["*"]).credentials(true),
            ErrorKind::WildcardOriginWithCredentials,
        ),
        (
            valid().expose(["*"]).credentials(true),
            ErrorKind::WildcardExposeWithCredentials,
        ),
        (
            valid()
                .origins(["null"])
                .allow_null_origin(true)
                .credentials(true),
            ErrorKind::NullOriginWithCredentials,
        ),
        (valid().origins(["null"]), ErrorKind::NullOriginNotEnabled),
        (
            valid().allow_null_origin(true),
            ErrorKind::NullOriginNotListed,
        ),
        (
            valid().origins(["*"]).allow_null_origin(true),
            ErrorKind::NullOriginWithWildcard,
        ),
        (
            valid().origins(["*", "https://a.com"]),
            ErrorKind::WildcardMixed,
        ),
        (
            valid().origins(["*"]).dynamic_origins(true),
            ErrorKind::WildcardOriginWithOriginFn,
        ),
        (valid().origins([""; 0]), ErrorKind::EmptyOrigins),
        (valid().methods([""; 0]), ErrorKind::EmptyMethods),
        (valid().methods(["G T"]), ErrorKind::InvalidMethod),
        (valid().methods(["get"]), ErrorKind::LowercaseMethod),
        (valid().methods(["*"]), ErrorKind::WildcardMethod),
        (valid().headers(["a b"]), ErrorKind::InvalidHeaderName),
        (
            valid().headers(["cookie"]),
            ErrorKind::ForbiddenRequestHeader,
        ),
        (
            valid().expose(["set-cookie"]),
            ErrorKind::ForbiddenResponseHeader,
        ),
        (valid().methods(["GET", "GET"]), ErrorKind::Duplicate),
        (valid().max_age(86_401), ErrorKind::MaxAgeTooLarge),
        (
            valid().preflight_status(300),
            ErrorKind::PreflightStatusOutOfRange,
        ),
    ];
    let mut codes = HashSet::new();
    for (spec, kind) in &cases {
        let errors = spec.validate().unwrap_err();
        assert!(errors.contains(*kind), "{kind:?} not reported: {errors}");
        assert!(codes.insert(kind.code()), "duplicate code {}", kind.code());
    }
    // ErrorKind has 20 variants (Origin counts once); every one of them is above.
    assert_eq!(cases.len(), 20);
    assert_eq!(
        ErrorKind::Origin(OriginErrorKind::Path).code(),
        OriginErrorKind::Path.code()
    );
    assert_eq!(Field::PreflightStatus.key(), "preflight_status");
    assert_eq!(Field::AllowNullOrigin.to_string(), "allow_null_origin");
}

/// The hidden constructors the macro's `static` uses refuse what validation forbids, so no
/// hand-made parts can reflect any origin with credentials.
mod hidden_constructors {
    use std::borrow::Cow;

    use cors_core::glue::{AllowedHeaders, AllowedOrigins, PolicyParts};
    use cors_core::{OriginPattern, Policy};

    fn parts(origins: AllowedOrigins, credentials: bool) -> PolicyParts {
        PolicyParts {
            origins,
            methods: Cow::Borrowed(&[Cow::Borrowed("GET")]),
            allow_methods: Cow::Borrowed("GET"),
            headers: AllowedHeaders::list(Cow::Borrowed(&[]), None),
            expose_headers: None,
            credentials,
            max_age: None,
            private_network: false,
            strict: false,
            preflight_status: 204,
        }
    }

    #[test]
    #[should_panic(expected = "cannot allow any origin")]
    fn any_origin_with_credentials() {
        Policy::from_parts(parts(AllowedOrigins::any(), true));
    }

    #[test]
    #[should_panic(expected = "cannot allow the null origin")]
    fn null_origin_with_credentials() {
        let origins = AllowedOrigins::list(Cow::Borrowed(&[]), Cow::Borrowed(&[]), true);
        Policy::from_parts(parts(origins, true));
    }

    #[test]
    #[should_panic(expected = "cannot expose `*`")]
    fn wildcard_expose_with_credentials() {
        let exact = Cow::Borrowed(&[Cow::Borrowed("https://a.example.com")][..]);
        let origins = AllowedOrigins::list(exact, Cow::Borrowed(&[]), false);
        let mut parts = parts(origins, true);
        parts.expose_headers = Some(Cow::Owned("*".to_owned()));
        Policy::from_parts(parts);
    }

    #[test]
    #[should_panic(expected = "exact origins must be sorted")]
    fn unsorted_exact_origins() {
        let exact = [
            Cow::Borrowed("https://b.example"),
            Cow::Borrowed("https://a.example"),
        ];
        AllowedOrigins::list(Cow::Owned(exact.to_vec()), Cow::Borrowed(&[]), false);
    }

    #[test]
    #[should_panic(expected = "valid header value")]
    fn an_origin_no_header_can_hold() {
        let exact = [Cow::Borrowed("https://a.example\n")];
        AllowedOrigins::list(Cow::Owned(exact.to_vec()), Cow::Borrowed(&[]), false);
    }

    #[test]
    #[should_panic(expected = "not `null` or `*`")]
    fn null_as_an_exact_origin() {
        // With credentials, the `null` flag is refused; `null` as an exact entry must not slip
        // past that rule.
        let exact = [Cow::Borrowed("null")];
        let origins = AllowedOrigins::list(Cow::Owned(exact.to_vec()), Cow::Borrowed(&[]), false);
        Policy::from_parts(parts(origins, true));
    }

    #[test]
    #[should_panic(expected = "not `null` or `*`")]
    fn a_wildcard_as_an_exact_origin() {
        let exact = [Cow::Borrowed("*")];
        AllowedOrigins::list(Cow::Owned(exact.to_vec()), Cow::Borrowed(&[]), false);
    }

    #[test]
    #[should_panic(expected = "lowercase token")]
    fn an_uppercase_header_name() {
        let names = [Cow::Borrowed("X-Api-Key")];
        AllowedHeaders::list(Cow::Owned(names.to_vec()), None);
    }

    #[test]
    #[should_panic(expected = "header names must be sorted")]
    fn unsorted_header_names() {
        let names = [Cow::Borrowed("x-b"), Cow::Borrowed("x-a")];
        AllowedHeaders::list(Cow::Owned(names.to_vec()), None);
    }

    #[test]
    #[should_panic(expected = "methods must be sorted")]
    fn unsorted_methods() {
        let mut parts = parts(AllowedOrigins::any(), false);
        parts.methods = Cow::Owned(vec![Cow::Borrowed("PUT"), Cow::Borrowed("GET")]);
        Policy::from_parts(parts);
    }

    #[test]
    #[should_panic(expected = "must be a valid header value")]
    fn a_value_no_header_can_hold() {
        let mut parts = parts(AllowedOrigins::any(), false);
        parts.allow_methods = Cow::Borrowed("GET\r\nX: y");
        Policy::from_parts(parts);
    }

    #[test]
    #[should_panic(expected = "number of seconds")]
    fn a_max_age_that_is_not_a_number() {
        let mut parts = parts(AllowedOrigins::any(), false);
        parts.max_age = Some(Cow::Borrowed("6\r0"));
        Policy::from_parts(parts);
    }

    #[test]
    #[should_panic(expected = "must be 2xx")]
    fn a_preflight_status_that_is_not_2xx() {
        let mut parts = parts(AllowedOrigins::any(), false);
        parts.preflight_status = 404;
        Policy::from_parts(parts);
    }

    #[test]
    fn any_origin_without_credentials_is_fine() {
        let policy = Policy::from_parts(parts(AllowedOrigins::any(), false));
        assert!(policy.allows_origin(b"https://anything.example"));
    }

    #[test]
    #[should_panic(expected = "host suffix")]
    fn a_pattern_matching_every_host() {
        OriginPattern::from_static_parts("https://", "", "");
    }

    #[test]
    #[should_panic(expected = "host suffix")]
    fn a_pattern_directly_above_a_top_level_label() {
        OriginPattern::from_static_parts("https://", ".com", "");
    }

    #[test]
    #[should_panic(expected = "scheme prefix")]
    fn a_pattern_without_scheme() {
        OriginPattern::from_static_parts("https", ".example.com", "");
    }

    #[test]
    #[should_panic(expected = "port suffix")]
    fn a_pattern_with_a_bad_port() {
        OriginPattern::from_static_parts("https://", ".example.com", ":8*");
    }

    #[test]
    #[should_panic(expected = "host suffix")]
    fn a_host_pattern_needs_any_port() {
        // Without `:*`, a host without a leading dot would match as a suffix of any host.
        OriginPattern::from_static_parts("http://", "localhost", ":5173");
    }

    #[test]
    #[should_panic(expected = "host suffix")]
    fn a_host_pattern_matching_a_wildcard() {
        OriginPattern::from_static_parts("http://", "*", ":*");
    }

    #[test]
    fn the_pieces_the_grammar_produces_are_accepted() {
        let pattern = OriginPattern::from_static_parts("https://", ".example.com", ":8443");
        assert!(pattern.matches(b"https://a.example.com:8443"));
        assert!(!pattern.matches(b"https://a.example.com"));
    }
}
