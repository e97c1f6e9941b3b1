//! The origin grammar (docs/protocol.md section 1) and subdomain patterns (section 9): every
//! `OriginErrorKind` with its suggestion, the accepted forms, `canonicalize`, and pattern matching.

use std::collections::HashSet;

use cors_core::{Origin, OriginEntry, OriginError, OriginErrorKind, OriginPattern, canonicalize};

/// Every variant, so that the coverage test below notices a new one.
const ALL_KINDS: [OriginErrorKind; 22] = [
    OriginErrorKind::Empty,
    OriginErrorKind::Whitespace,
    OriginErrorKind::SeveralOrigins,
    OriginErrorKind::MissingScheme,
    OriginErrorKind::InvalidScheme,
    OriginErrorKind::Path,
    OriginErrorKind::QueryOrFragment,
    OriginErrorKind::Userinfo,
    OriginErrorKind::Uppercase,
    OriginErrorKind::DefaultPort,
    OriginErrorKind::PortOutOfRange,
    OriginErrorKind::InvalidPort,
    OriginErrorKind::InvalidHost,
    OriginErrorKind::NonAsciiHost,
    OriginErrorKind::Null,
    OriginErrorKind::Wildcard,
    OriginErrorKind::WildcardAlone,
    OriginErrorKind::WildcardAboveTopLevel,
    OriginErrorKind::WildcardInLabel,
    OriginErrorKind::WildcardInScheme,
    OriginErrorKind::WildcardInPort,
    OriginErrorKind::MultipleWildcards,
];

const GENERIC: &str = "write the origin as scheme://host[:port], e.g. \"https://app.example.com\"";
const ONE_LEADING_LABEL: &str = "write one `*` as the whole leading label, with a fixed scheme and port: \"https://*.example.com\"";

/// How an input is parsed in the table below.
#[derive(Clone, Copy)]
enum Via {
    /// `OriginEntry::parse`: a configured origin list entry.
    Entry,
    /// `Origin::parse`: an exact origin only.
    Exact,
}

/// (parser, input, expected kind, expected suggestion). Each kind appears at least once.
const CASES: &[(Via, &str, OriginErrorKind, &str)] = &[
    (
        Via::Entry,
        "",
        OriginErrorKind::Empty,
        "write a full origin such as \"https://app.example.com\"",
    ),
    (
        Via::Entry,
        " https://a.com",
        OriginErrorKind::Whitespace,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://a.com\n",
        OriginErrorKind::Whitespace,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "\thttps://App.com ",
        OriginErrorKind::Whitespace,
        "write \"https://app.com\"",
    ),
    (
        Via::Entry,
        "https://a.com, https://b.com",
        OriginErrorKind::SeveralOrigins,
        "write one origin per string: \"https://a.com\", \"https://b.com\"",
    ),
    (
        Via::Entry,
        "https://a.com,https://B.com/",
        OriginErrorKind::SeveralOrigins,
        "write one origin per string: \"https://a.com\", \"https://b.com\"",
    ),
    (
        Via::Entry,
        "https://a.com http://b.com:80",
        OriginErrorKind::SeveralOrigins,
        "write one origin per string: \"https://a.com\", \"http://b.com\"",
    ),
    (
        Via::Entry,
        "example.com",
        OriginErrorKind::MissingScheme,
        "write \"https://example.com\"",
    ),
    (
        Via::Entry,
        "app.example.com:8443",
        OriginErrorKind::MissingScheme,
        "write \"https://app.example.com:8443\"",
    ),
    (
        Via::Entry,
        "//example.com",
        OriginErrorKind::MissingScheme,
        "write \"https://example.com\"",
    ),
    (
        Via::Entry,
        "ht_tp://a.com",
        OriginErrorKind::InvalidScheme,
        GENERIC,
    ),
    (
        Via::Entry,
        "1http://a.com",
        OriginErrorKind::InvalidScheme,
        GENERIC,
    ),
    (
        Via::Entry,
        "://a.com",
        OriginErrorKind::InvalidScheme,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a.com/",
        OriginErrorKind::Path,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://a.com/api/v1",
        OriginErrorKind::Path,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://App.example.com/",
        OriginErrorKind::Path,
        "write \"https://app.example.com\"",
    ),
    (
        Via::Entry,
        "https://a.com?x=1",
        OriginErrorKind::QueryOrFragment,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://a.com#top",
        OriginErrorKind::QueryOrFragment,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://user@a.com",
        OriginErrorKind::Userinfo,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://user:secret@a.com:8443",
        OriginErrorKind::Userinfo,
        "write \"https://a.com:8443\"",
    ),
    (
        Via::Entry,
        "https://App.com",
        OriginErrorKind::Uppercase,
        "write \"https://app.com\"",
    ),
    (
        Via::Entry,
        "HTTPS://a.com",
        OriginErrorKind::Uppercase,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://*.Example.com",
        OriginErrorKind::Uppercase,
        "write \"https://*.example.com\"",
    ),
    (
        Via::Entry,
        "NULL",
        OriginErrorKind::Uppercase,
        "write \"null\"",
    ),
    (
        Via::Entry,
        "https://a.com:443",
        OriginErrorKind::DefaultPort,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "http://a.com:80",
        OriginErrorKind::DefaultPort,
        "write \"http://a.com\"",
    ),
    (
        Via::Entry,
        "ws://a.com:80",
        OriginErrorKind::DefaultPort,
        "write \"ws://a.com\"",
    ),
    (
        Via::Entry,
        "wss://a.com:443",
        OriginErrorKind::DefaultPort,
        "write \"wss://a.com\"",
    ),
    (
        Via::Entry,
        "HTTPS://A.com:443",
        OriginErrorKind::DefaultPort,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://*.example.com:443",
        OriginErrorKind::DefaultPort,
        "write \"https://*.example.com\"",
    ),
    (
        Via::Entry,
        "https://a.com:65536",
        OriginErrorKind::PortOutOfRange,
        "use a port between 1 and 65535",
    ),
    (
        Via::Entry,
        "https://a.com:123456",
        OriginErrorKind::PortOutOfRange,
        "use a port between 1 and 65535",
    ),
    (
        Via::Entry,
        "https://a.com:99999999999999999999",
        OriginErrorKind::PortOutOfRange,
        "use a port between 1 and 65535",
    ),
    (
        Via::Entry,
        "https://a.com:8o80",
        OriginErrorKind::InvalidPort,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a.com:-1",
        OriginErrorKind::InvalidPort,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a.com:0",
        OriginErrorKind::InvalidPort,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a.com:08080",
        OriginErrorKind::InvalidPort,
        "write \"https://a.com:8080\"",
    ),
    (
        Via::Entry,
        "https://a.com:0443",
        OriginErrorKind::InvalidPort,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://a.com:",
        OriginErrorKind::InvalidPort,
        "write \"https://a.com\"",
    ),
    (
        Via::Entry,
        "https://",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://:8080",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a..com",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a.com.",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a$b.com",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://a%2eb.com",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[::1",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[]",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[::g]",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[::1]x",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[1:2]",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[::1::2]",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://[0:0:0:0:0:0:0:1]:8080",
        OriginErrorKind::InvalidHost,
        "write \"http://[::1]:8080\"",
    ),
    (
        Via::Entry,
        "http://[2001:db8:0:0:0:0:0:1]",
        OriginErrorKind::InvalidHost,
        "write \"http://[2001:db8::1]\"",
    ),
    (
        Via::Entry,
        "http://[::0001]",
        OriginErrorKind::InvalidHost,
        "write \"http://[::1]\"",
    ),
    (
        Via::Entry,
        "http://[::ffff:127.0.0.1]",
        OriginErrorKind::InvalidHost,
        "write \"http://[::ffff:7f00:1]\"",
    ),
    (
        Via::Entry,
        "http://[1::2:3:4:5:6:7]",
        OriginErrorKind::InvalidHost,
        "write \"http://[1:0:2:3:4:5:6:7]\"",
    ),
    (
        Via::Entry,
        "http://[1:0:0:2::3:4]",
        OriginErrorKind::InvalidHost,
        "write \"http://[1::2:0:0:3:4]\"",
    ),
    (
        Via::Entry,
        "http://[FE80::1]",
        OriginErrorKind::Uppercase,
        "write \"http://[fe80::1]\"",
    ),
    (
        Via::Entry,
        "http://127.000.000.001",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://0x7f.0.0.1",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://2130706433",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://1.2.3",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "http://256.0.0.1",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://example.123",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://*.10.0.0.1",
        OriginErrorKind::InvalidHost,
        GENERIC,
    ),
    (
        Via::Entry,
        "https://bücher.de",
        OriginErrorKind::NonAsciiHost,
        "write the host in its punycode (xn--) form, as browsers send it",
    ),
    (
        Via::Entry,
        "https://例え.jp:8443",
        OriginErrorKind::NonAsciiHost,
        "write the host in its punycode (xn--) form, as browsers send it",
    ),
    (
        Via::Exact,
        "null",
        OriginErrorKind::Null,
        "\"null\" is only allowed in the origin list, with `allow_null_origin`",
    ),
    (
        Via::Exact,
        "*",
        OriginErrorKind::Wildcard,
        "use an exact origin such as \"https://app.example.com\"",
    ),
    (
        Via::Exact,
        "https://*.example.com",
        OriginErrorKind::Wildcard,
        "use an exact origin such as \"https://app.example.com\"",
    ),
    (
        Via::Entry,
        "https://*",
        OriginErrorKind::WildcardAlone,
        "use \"*\" to allow any origin, or a pattern below a registrable domain such as \"https://*.example.com\"",
    ),
    (
        Via::Entry,
        "https://*:8443",
        OriginErrorKind::WildcardAlone,
        "use \"*\" to allow any origin, or a pattern below a registrable domain such as \"https://*.example.com\"",
    ),
    (
        Via::Entry,
        "https://*.com",
        OriginErrorKind::WildcardAboveTopLevel,
        "put the wildcard below a registrable domain, e.g. \"https://*.example.com\"",
    ),
    (
        Via::Entry,
        "https://a*.example.com",
        OriginErrorKind::WildcardInLabel,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://*a.example.com",
        OriginErrorKind::WildcardInLabel,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://a.*.example.com",
        OriginErrorKind::WildcardInLabel,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://example.*",
        OriginErrorKind::WildcardInLabel,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "*://example.com",
        OriginErrorKind::WildcardInScheme,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "http*://example.com",
        OriginErrorKind::WildcardInScheme,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://example.com:8*",
        OriginErrorKind::WildcardInPort,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://*.example.com:80*",
        OriginErrorKind::WildcardInPort,
        ONE_LEADING_LABEL,
    ),
    (
        Via::Entry,
        "https://*.*.example.com",
        OriginErrorKind::MultipleWildcards,
        ONE_LEADING_LABEL,
    ),
];

fn parse_error(via: Via, input: &str) -> OriginError {
    match via {
        Via::Entry => match OriginEntry::parse(input) {
            Ok(entry) => panic!("{input:?} was accepted as {entry:?}"),
            Err(error) => error,
        },
        Via::Exact => match Origin::parse(input) {
            Ok(origin) => panic!("{input:?} was accepted as {origin:?}"),
            Err(error) => error,
        },
    }
}

#[test]
fn every_rejected_input_has_its_kind_and_suggestion() {
    let mut failures = Vec::new();
    for &(via, input, kind, suggestion) in CASES {
        let error = parse_error(via, input);
        if error.kind() != kind || error.suggestion() != suggestion {
            failures.push(format!(
                "{input:?}: expected {kind:?} / {suggestion:?}, got {:?} / {:?}",
                error.kind(),
                error.suggestion()
            ));
        }
        assert!(!error.message().is_empty(), "{input:?} has no message");
        assert_eq!(
            error.to_string(),
            format!("{}\nhelp: {}", error.message(), error.suggestion())
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_origin_error_kind_is_covered_and_has_a_unique_code() {
    let covered: HashSet<OriginErrorKind> = CASES.iter().map(|case| case.2).collect();
    for kind in ALL_KINDS {
        assert!(covered.contains(&kind), "no test case for {kind:?}");
        assert!(kind.code().starts_with("origin-"), "{kind:?}");
    }
    let codes: HashSet<&str> = ALL_KINDS.iter().map(|kind| kind.code()).collect();
    assert_eq!(codes.len(), ALL_KINDS.len());
}

#[test]
fn repairable_suggestions_name_an_origin_that_parses() {
    for &(_, input, _, suggestion) in CASES {
        let Some(named) = suggestion
            .strip_prefix("write \"")
            .and_then(|rest| rest.strip_suffix('"'))
        else {
            continue;
        };
        assert!(
            OriginEntry::parse(named).is_ok(),
            "suggestion {named:?} for {input:?} does not parse"
        );
        assert_eq!(canonicalize(input).as_deref(), Some(named), "{input:?}");
    }
}

#[test]
fn messages_name_the_problem() {
    let trailing = OriginEntry::parse("https://a.com/").unwrap_err();
    assert_eq!(
        trailing.message(),
        "origin \"https://a.com/\" has a trailing slash"
    );
    let path = OriginEntry::parse("https://a.com/x").unwrap_err();
    assert!(path.message().contains("has a path"), "{}", path.message());
    let upper = OriginEntry::parse("https://App.com").unwrap_err();
    assert!(upper.message().contains("uppercase"), "{}", upper.message());
    let port = OriginEntry::parse("https://a.com:443").unwrap_err();
    assert!(
        port.message().contains("default port"),
        "{}",
        port.message()
    );
    let several = OriginEntry::parse("https://a.com, https://b.com").unwrap_err();
    assert!(
        several.message().contains("several origins"),
        "{}",
        several.message()
    );
}

#[test]
fn inner_whitespace_in_one_origin_is_whitespace_not_several_origins() {
    let error = OriginEntry::parse("https://a .com").unwrap_err();
    assert_eq!(error.kind(), OriginErrorKind::Whitespace);
    let error = OriginEntry::parse("https://a.com https://b.com").unwrap_err();
    assert_eq!(error.kind(), OriginErrorKind::SeveralOrigins);
}

#[test]
fn accepted_exact_origins_are_kept_byte_for_byte() {
    for input in [
        "https://example.com",
        "http://example.com",
        "https://app.example.com",
        "https://example.com:8443",
        "http://example.com:443",
        "https://example.com:80",
        "http://localhost",
        "http://localhost:3000",
        "http://127.0.0.1:8080",
        "http://10.0.0.1",
        "http://[::1]:8080",
        "http://[::1]",
        "https://[2001:db8::1]",
        "http://[::ffff:7f00:1]",
        "http://[1:0:2:3:4:5:6:7]",
        "http://[1::2:0:0:3:4]",
        "http://[1::]",
        "http://[fe80::1:2]:3000",
        "chrome-extension://abcdefghijklmnop",
        "moz-extension://2c127fa4-62c7-7e4f-90e5-472b45eecfdc",
        "https://xn--bcher-kva.de",
        "https://xn--r8jz45g.jp:8443",
        "https://a-b_c.example.com",
        "https://example.com:65535",
        "https://example.com:1",
        "wss://socket.example.com",
        "ws://socket.example.com:8080",
    ] {
        let origin = Origin::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(origin.as_str(), input);
        assert_eq!(origin.to_string(), input);
        assert_eq!(origin.clone().into_string(), input);
        assert_eq!(
            OriginEntry::parse(input),
            Ok(OriginEntry::Exact(origin)),
            "{input:?}"
        );
        assert_eq!(canonicalize(input).as_deref(), Some(input), "{input:?}");
    }
}

#[test]
fn special_entries_are_classified() {
    assert_eq!(OriginEntry::parse("*"), Ok(OriginEntry::Any));
    assert_eq!(OriginEntry::parse("null"), Ok(OriginEntry::Null));
    assert!(matches!(
        OriginEntry::parse("https://*.example.com"),
        Ok(OriginEntry::Pattern(_))
    ));
    assert_eq!(canonicalize("*").as_deref(), Some("*"));
    assert_eq!(canonicalize("Null").as_deref(), Some("null"));
    assert_eq!(canonicalize("  null ").as_deref(), Some("null"));
}

#[test]
fn canonicalize_repairs_or_gives_up() {
    let cases: [(&str, Option<&str>); 14] = [
        ("example.com", Some("https://example.com")),
        ("HTTPS://A.com:443/x?y", Some("https://a.com")),
        ("https://App.com/", Some("https://app.com")),
        (
            "http://user:pw@Example.com:80/path#f",
            Some("http://example.com"),
        ),
        ("  https://a.com  ", Some("https://a.com")),
        ("https://a.com:08443", Some("https://a.com:8443")),
        ("https://a.com:", Some("https://a.com")),
        ("http://[0:0::1]:80", Some("http://[::1]")),
        ("https://a.com, https://b.com", None),
        ("https://a.com https://b.com", None),
        ("", None),
        ("   ", None),
        ("https://bücher.de", None),
        ("https://a.com:99999", None),
    ];
    for (input, expected) in cases {
        assert_eq!(canonicalize(input).as_deref(), expected, "{input:?}");
    }
}

fn pattern(input: &str) -> OriginPattern {
    match OriginEntry::parse(input) {
        Ok(OriginEntry::Pattern(pattern)) => pattern,
        other => panic!("{input:?} is not a pattern: {other:?}"),
    }
}

#[test]
fn pattern_matches_whole_leading_labels() {
    let p = pattern("https://*.example.com");
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://x-y_z.example.com",
        "https://123.example.com",
        "https://a.b.c.d.example.com",
    ] {
        assert!(p.matches(origin.as_bytes()), "{origin:?} should match");
    }
}

#[test]
fn pattern_rejects_everything_else() {
    let p = pattern("https://*.example.com");
    for origin in [
        "https://example.com",
        "https://.example.com",
        "https://a..example.com",
        "https://..example.com",
        "https://a.example.com.",
        "https://evilexample.com",
        "https://notexample.com",
        "https://a.evilexample.com",
        "http://a.example.com",
        "wss://a.example.com",
        "https://a.example.com:8443",
        "https://a.example.com:443",
        "https://a.example.com/",
        "https://a.example.com.evil.net",
        "https://example.com.evil.net",
        "https://A.example.com",
        "https://a.EXAMPLE.com",
        "HTTPS://a.example.com",
        "https://evil.com@a.example.com",
        "https://a@b.example.com",
        "https://evil.com%40a.example.com",
        "https://a%2eb.example.com",
        "https://a%.example.com",
        "https://a b.example.com",
        "https://a\u{0}.example.com",
        "https://a/.example.com",
        "https://a:1.example.com",
        "https://[::1].example.com",
        "https://a.example.comm",
        "https://a.example.co",
        "https://*.example.com",
        "https://",
        "",
        "null",
    ] {
        assert!(!p.matches(origin.as_bytes()), "{origin:?} must not match");
    }
    assert!(!p.matches(b"https://\xff.example.com"));
    assert!(!p.matches("https://ä.example.com".as_bytes()));
}

#[test]
fn pattern_with_a_port_requires_that_port() {
    let p = pattern("https://*.example.com:8443");
    assert!(p.matches(b"https://a.example.com:8443"));
    assert!(p.matches(b"https://a.b.example.com:8443"));
    for origin in [
        "https://a.example.com",
        "https://a.example.com:8444",
        "https://a.example.com:84430",
        "https://a.example.com:443",
        "https://a.example.com:8443:8443",
        "https://example.com:8443",
        "http://a.example.com:8443",
        "https://a.example.com.evil.net:8443",
    ] {
        assert!(!p.matches(origin.as_bytes()), "{origin:?} must not match");
    }
    assert_eq!(p.to_string(), "https://*.example.com:8443");
    assert_eq!(p.parts(), ("https://", ".example.com", ":8443"));

    let http = pattern("http://*.example.com:8080");
    assert!(http.matches(b"http://a.example.com:8080"));
    assert!(!http.matches(b"https://a.example.com:8080"));
}

/// `:*` matches every port a browser can send for that host and scheme (a development
/// convenience, `http://localhost:*`): none, or 1 to 65535 without a leading zero and other than
/// the scheme's default, which browsers never send. Nothing else about the host loosens.
#[test]
fn any_port_patterns_match_every_port_and_nothing_else() {
    let local = pattern("http://localhost:*");
    for origin in [
        "http://localhost",
        "http://localhost:5173",
        "http://localhost:1",
        "http://localhost:65535",
        "http://localhost:8080",
    ] {
        assert!(local.matches(origin.as_bytes()), "{origin:?} must match");
        assert!(Origin::parse(origin).is_ok(), "{origin:?} is an origin");
    }
    for origin in [
        "https://localhost:5173",
        "http://localhost:80",
        "http://localhost:0",
        "http://localhost:08080",
        "http://localhost:65536",
        "http://localhost:123456",
        "http://localhost:",
        "http://localhost:*",
        "http://localhost:80a",
        "http://localhost:5173:5173",
        "http://a.localhost:5173",
        "http://localhost.evil.net:5173",
        "http://evil-localhost:5173",
        "http://localhost5173",
        "http://LOCALHOST:5173",
        "http://user@localhost:5173",
        "http://localhost:5173/",
        "null",
    ] {
        assert!(
            !local.matches(origin.as_bytes()),
            "{origin:?} must not match"
        );
    }
    assert_eq!(local.to_string(), "http://localhost:*");
    assert_eq!(local.parts(), ("http://", "localhost", ":*"));

    let subdomains = pattern("https://*.example.com:*");
    assert!(subdomains.matches(b"https://a.example.com"));
    assert!(subdomains.matches(b"https://a.b.example.com:8443"));
    for origin in [
        "https://example.com:8443",
        "https://evilexample.com:8443",
        "https://a.example.com:443",
        "http://a.example.com:8443",
        "https://a.example.com.evil.net:8443",
    ] {
        assert!(
            !subdomains.matches(origin.as_bytes()),
            "{origin:?} must not match"
        );
    }
    assert_eq!(subdomains.to_string(), "https://*.example.com:*");

    let ipv6 = pattern("http://[::1]:*");
    assert!(ipv6.matches(b"http://[::1]:3000"));
    assert!(ipv6.matches(b"http://[::1]"));
    assert!(!ipv6.matches(b"http://[::2]:3000"));
    let ip = pattern("http://127.0.0.1:*");
    assert!(ip.matches(b"http://127.0.0.1:8080"));
    assert!(!ip.matches(b"http://127.0.0.10:8080"));

    // The macro's `static` rebuilds them from the same pieces.
    let (scheme, host, port) = local.parts();
    let (scheme, host, port): (&'static str, &'static str, &'static str) = (
        scheme.to_owned().leak(),
        host.to_owned().leak(),
        port.to_owned().leak(),
    );
    assert_eq!(OriginPattern::from_static_parts(scheme, host, port), local);
}

/// DNS limits (63-byte labels, 253-byte hosts) bound what a page's origin can be: longer hosts
/// are refused in configuration and never matched by a pattern, so a 16 KiB `Origin` is not
/// echoed (found by the `decision` fuzz target's seed `regression-long-origin`).
#[test]
fn hosts_beyond_dns_limits_are_refused_and_never_matched() {
    let label63 = "a".repeat(63);
    let label64 = "a".repeat(64);
    assert!(Origin::parse(&format!("https://{label63}.example.com")).is_ok());
    for host in [
        format!("{label64}.example.com"),
        format!("{}example.com", format!("{label63}.").repeat(4)),
    ] {
        let error = Origin::parse(&format!("https://{host}")).unwrap_err();
        assert_eq!(error.kind(), OriginErrorKind::InvalidHost, "{host}");
    }
    let pattern = pattern("https://*.example.com");
    assert!(pattern.matches(format!("https://{label63}.example.com").as_bytes()));
    // 4 * 62 + 3 dots + ".example.com" = 263 > 253.
    let long = format!("https://{}.example.com", vec!["b".repeat(62); 4].join("."));
    // 4 * 59 + 3 + 12 = 251.
    let longest = format!("https://{}.example.com", vec!["b".repeat(59); 4].join("."));
    assert!(!pattern.matches(long.as_bytes()));
    assert!(pattern.matches(longest.as_bytes()));
    assert!(!pattern.matches(format!("https://{label64}.example.com").as_bytes()));
    let huge = format!("https://{}.example.com", "a".repeat(16 * 1024));
    assert!(!pattern.matches(huge.as_bytes()));
}

/// A host refused only for its length says which DNS limit it breaks; a pattern whose base host
/// leaves no room for a label in front (`x.` + base above 253 bytes) is refused the same way,
/// as no origin could ever match it.
#[test]
fn hosts_beyond_dns_limits_name_the_limit() {
    let label63 = "a".repeat(63);
    let label64 = "a".repeat(64);

    let input = format!("https://{label64}.example.com");
    let error = OriginEntry::parse(&input).unwrap_err();
    assert_eq!(error.kind(), OriginErrorKind::InvalidHost);
    assert_eq!(
        error.message(),
        format!(
            "origin {input:?} has an invalid host: a label of 64 bytes, above DNS's limit of 63"
        )
    );
    assert_eq!(
        error.suggestion(),
        "no page can have such an origin, as DNS only resolves labels of at most 63 bytes: check \
         it for a missing dot or pasted text"
    );
    // The same in a pattern's base host, and behind a port.
    for input in [
        format!("https://*.{label64}.example.com"),
        format!("http://{label64}.example.com:8080"),
    ] {
        let error = OriginEntry::parse(&input).unwrap_err();
        assert_eq!(error.kind(), OriginErrorKind::InvalidHost, "{input}");
        assert!(
            error
                .message()
                .ends_with("a label of 64 bytes, above DNS's limit of 63"),
            "{input}"
        );
    }

    // 4 * 64 + "example.com" = 267 bytes.
    let input = format!("https://{}example.com", format!("{label63}.").repeat(4));
    let error = OriginEntry::parse(&input).unwrap_err();
    assert_eq!(error.kind(), OriginErrorKind::InvalidHost);
    assert_eq!(
        error.message(),
        format!("origin {input:?} has an invalid host: 267 bytes long, above DNS's limit of 253")
    );
    assert_eq!(
        error.suggestion(),
        "no page can have such an origin, as DNS only resolves hosts of at most 253 bytes: check \
         it for a missing dot or pasted text"
    );

    // Pattern bases: 251 bytes leave room for `x.` (253 in all), 252 do not.
    let base251 = format!("{}.example.com", vec!["b".repeat(59); 4].join("."));
    let base252 = format!("{}.example.com", vec!["b".repeat(59); 4].join(".") + "b");
    assert_eq!((base251.len(), base252.len()), (251, 252));
    let fits = pattern(&format!("https://*.{base251}"));
    assert!(fits.matches(format!("https://x.{base251}").as_bytes()));
    assert!(!fits.matches(format!("https://xy.{base251}").as_bytes()));
    let input = format!("https://*.{base252}");
    let error = OriginEntry::parse(&input).unwrap_err();
    assert_eq!(error.kind(), OriginErrorKind::InvalidHost);
    assert_eq!(
        error.message(),
        format!(
            "origin {input:?} has an invalid host: the base host is 252 bytes, so with a label in \
             front (at least \"x.\") every match would be above DNS's limit of 253"
        )
    );
    assert_eq!(
        error.suggestion(),
        "no page can have such an origin, as DNS only resolves hosts of at most 253 bytes, which \
         leaves 251 for a pattern's base host: check it for a missing dot or pasted text"
    );
    // The exact origin of the same length is fine: it is the host itself.
    assert!(Origin::parse(&format!("https://{base252}")).is_ok());
    assert!(canonicalize(&input).is_none());

    // Other problems keep the generic message, even in a long host.
    for input in [
        format!("https://{label64}.a$b.com"),
        format!("https://{label64}..com"),
        format!("http://{label64}.123"),
    ] {
        let error = OriginEntry::parse(&input).unwrap_err();
        assert_eq!(error.kind(), OriginErrorKind::InvalidHost, "{input}");
        assert_eq!(
            error.message(),
            format!("origin {input:?} has an invalid host"),
            "{input}"
        );
        assert_eq!(error.suggestion(), GENERIC, "{input}");
    }
}

#[test]
fn pattern_pieces_and_static_rebuild() {
    let p = pattern("https://*.example.com");
    assert_eq!(p.to_string(), "https://*.example.com");
    assert_eq!(p.parts(), ("https://", ".example.com", ""));
    let rebuilt = OriginPattern::from_static_parts("https://", ".example.com", "");
    assert_eq!(rebuilt, p);
    assert!(rebuilt.matches(b"https://a.example.com"));
    assert!(!rebuilt.matches(b"https://example.com"));

    let extension = pattern("chrome-extension://*.example.com");
    assert!(extension.matches(b"chrome-extension://a.example.com"));
    assert!(!extension.matches(b"https://a.example.com"));
}
