//! Property tests: `canonicalize` is idempotent and yields origins that parse, patterns only accept
//! whole labels below their base, arbitrary request bytes never panic, and a credentialed policy
//! never writes a wildcard.

use cors_core::glue::{CorsRequestHeader, Decision, RequestView};
use cors_core::{OriginEntry, Policy, PolicySpec, apply_to_headers, canonicalize};
use http::header::{HeaderMap, HeaderValue, VARY};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

// ---- Strategies ----

/// Strings that look like configured origins, with every kind of mistake mixed in.
fn origin_like() -> impl Strategy<Value = String> {
    let scheme = select(vec![
        "https",
        "http",
        "HTTPS",
        "Http",
        "ws",
        "wss",
        "chrome-extension",
        "",
        "*",
        "h_t",
        "x+y.z-w",
    ]);
    let separator = select(vec!["://", "//", ":/", "", "://://"]);
    let host = prop_oneof![
        "[a-zA-Z0-9*_.%-]{0,12}",
        "([a-z0-9*]{1,4}\\.){0,3}[a-z]{1,4}",
        "\\[[0-9a-fA-F:.]{0,18}\\]",
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,4}",
        "(0x[0-9a-f]{1,2}\\.){0,3}[0-9]{1,3}",
        "[a-zäöü]{1,4}\\.de",
        Just("*.example.com".to_owned()),
    ];
    (
        "[ \t]?",
        scheme,
        separator,
        "([a-z]{1,3}(:[a-z]{0,3})?@)?",
        host,
        "(:[0-9*]{0,6})?",
        "(/[a-zA-Z]{0,3})?(\\?[a-z=]{0,3})?(#[a-z]{0,2})?",
        "[ ,]?",
    )
        .prop_map(|(lead, scheme, sep, user, host, port, tail, trail)| {
            format!("{lead}{scheme}{sep}{user}{host}{port}{tail}{trail}")
        })
}

fn any_origin_string() -> impl Strategy<Value = String> {
    prop_oneof![4 => origin_like(), 1 => any::<String>()]
}

/// Header bytes: mostly plausible values, sometimes anything at all.
fn header_bytes(plausible: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => select(plausible).prop_map(|value| value.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..24),
        1 => "[ -~]{0,24}".prop_map(String::into_bytes),
    ]
}

const ORIGINS: &[&str] = &[
    "https://example.com",
    "https://app.example.com",
    "https://a.b.example.com",
    "https://example.com:8443",
    "https://a.example.org:8443",
    "http://localhost:3000",
    "http://example.com",
    "null",
    "https://evil.com",
    "https://example.com.evil.net",
    "https://evilexample.com",
    "https://example.com@evil.net",
    "https://App.example.com",
    "https://example.com/",
    "",
];

const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "put", "*", "OPTIONS", "",
];

const REQUEST_HEADERS: &[&str] = &[
    "x-api-key",
    "X-Api-Key, content-type",
    "authorization",
    "x-other",
    "*",
    " , ,",
    "",
    "a b",
    "x-api-key,,X-Requested-With",
];

/// A request made of arbitrary bytes.
#[derive(Clone, Debug)]
struct Req {
    method: Vec<u8>,
    origin: Vec<Vec<u8>>,
    request_method: Vec<Vec<u8>>,
    request_headers: Vec<Vec<u8>>,
    private_network: Vec<Vec<u8>>,
}

/// No lines of a header.
static NO_VALUES: Vec<Vec<u8>> = Vec::new();

impl RequestView for Req {
    fn method(&self) -> &[u8] {
        &self.method
    }

    fn header_values(&self, name: CorsRequestHeader) -> impl Iterator<Item = &[u8]> {
        let values = match name {
            CorsRequestHeader::Origin => &self.origin,
            CorsRequestHeader::RequestMethod => &self.request_method,
            CorsRequestHeader::RequestHeaders => &self.request_headers,
            CorsRequestHeader::RequestPrivateNetwork => &self.private_network,
            // Strict mode's header: the engine never reads it.
            CorsRequestHeader::FetchSite => &NO_VALUES,
        };
        values.iter().map(Vec::as_slice)
    }
}

fn request() -> impl Strategy<Value = Req> {
    let lines = |plausible, max| proptest::collection::vec(header_bytes(plausible), 0..=max);
    (
        prop_oneof![
            3 => select(vec!["OPTIONS", "GET", "POST", "PUT"]).prop_map(|m| m.as_bytes().to_vec()),
            1 => proptest::collection::vec(any::<u8>(), 0..8),
        ],
        prop_oneof![3 => lines(ORIGINS, 1), 1 => lines(ORIGINS, 3)],
        lines(METHODS, 2),
        lines(REQUEST_HEADERS, 2),
        lines(&["true", "false", "TRUE"], 2),
    )
        .prop_map(
            |(method, origin, request_method, request_headers, private_network)| Req {
                method,
                origin,
                request_method,
                request_headers,
                private_network,
            },
        )
}

/// A valid credentialed spec built from valid pieces.
fn credentialed_spec() -> impl Strategy<Value = PolicySpec> {
    (
        subsequence(
            vec![
                "https://example.com",
                "https://app.example.com",
                "http://localhost:3000",
                "https://*.example.com",
                "https://*.example.org:8443",
                "chrome-extension://abcdef",
            ],
            1..=6,
        ),
        subsequence(vec!["GET", "PUT", "DELETE", "PATCH", "POST"], 1..=5),
        prop_oneof![
            Just(vec!["*"]),
            subsequence(
                vec![
                    "x-api-key",
                    "Content-Type",
                    "authorization",
                    "x-requested-with"
                ],
                0..=4
            ),
        ],
        subsequence(vec!["x-request-id", "ETag", "content-length"], 0..=3),
        proptest::option::of(0_u64..=86_400),
        any::<bool>(),
        200_u16..=299,
    )
        .prop_map(
            |(origins, methods, headers, expose, max_age, private_network, status)| {
                let mut spec = PolicySpec::new()
                    .origins(origins)
                    .methods(methods)
                    .headers(headers)
                    .expose(expose)
                    .credentials(true)
                    .private_network(private_network)
                    .preflight_status(status);
                spec.max_age = max_age;
                spec
            },
        )
}

/// A few fixed policies of every shape.
fn policies() -> Vec<Policy> {
    let specs = [
        PolicySpec::new().origins(["*"]).methods(["GET", "PUT"]),
        PolicySpec::new()
            .origins(["*"])
            .methods(["PATCH"])
            .headers(["*"])
            .expose(["*"])
            .private_network(true),
        PolicySpec::new()
            .origins([
                "https://example.com",
                "https://*.example.com",
                "https://*.example.org:8443",
                "null",
            ])
            .allow_null_origin(true)
            .methods(["PUT", "DELETE"])
            .headers(["x-api-key", "content-type"])
            .max_age(600),
        PolicySpec::new()
            .origins(["https://app.example.com", "http://localhost:3000"])
            .methods(["PUT"])
            .headers(["*"])
            .expose(["x-request-id"])
            .credentials(true)
            .strict(true),
    ];
    specs.iter().map(|spec| spec.compile().unwrap()).collect()
}

fn items(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value.split(|&b| b == b',').map(<[u8]>::trim_ascii)
}

fn vary_names(headers: &HeaderMap) -> Vec<Vec<u8>> {
    headers
        .get_all(VARY)
        .iter()
        .flat_map(|value| {
            items(value.as_bytes())
                .map(<[u8]>::to_vec)
                .collect::<Vec<_>>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

proptest! {
    // ---- canonicalize ----

    #[test]
    fn canonicalize_is_idempotent_and_its_output_parses(input in any_origin_string()) {
        if let Some(fixed) = canonicalize(&input) {
            prop_assert!(OriginEntry::parse(&fixed).is_ok(), "{:?} -> {:?}", input, fixed);
            prop_assert_eq!(canonicalize(&fixed), Some(fixed.clone()));
        }
        match OriginEntry::parse(&input) {
            // A valid entry is its own canonical form.
            Ok(_) => prop_assert_eq!(canonicalize(&input), Some(input.clone())),
            Err(error) => {
                prop_assert!(!error.message().is_empty());
                prop_assert!(!error.to_string().is_empty());
                // A suggestion that names an origin names one that parses.
                if let Some(named) = error
                    .suggestion()
                    .strip_prefix("write \"")
                    .and_then(|rest| rest.strip_suffix('"'))
                {
                    prop_assert!(OriginEntry::parse(named).is_ok(), "{:?}: {:?}", input, named);
                    let repaired = canonicalize(&input);
                    prop_assert_eq!(repaired.as_deref(), Some(named));
                }
            }
        }
    }

    // ---- Patterns ----

    #[test]
    fn a_pattern_only_accepts_whole_labels_below_its_base(
        scheme in select(vec!["https", "http", "wss", "chrome-extension"]),
        base in select(vec!["example.com", "example.org", "a.b.example.com", "xn--bcher-kva.de"]),
        port in select(vec!["", ":8443", ":8080"]),
        candidate in prop_oneof![
            1 => proptest::collection::vec(any::<u8>(), 0..40),
            4 => (
                select(vec!["https", "http", "HTTPS", "wss", "chrome-extension", ""]),
                select(vec!["://", "//", ":///"]),
                "[a-zA-Z0-9._%@:/-]{0,10}",
                select(vec![
                    ".example.com", "example.com", ".example.org", "xexample.com",
                    ".example.com.evil.net", ".a.b.example.com", ".xn--bcher-kva.de",
                    ".EXAMPLE.com", "",
                ]),
                select(vec!["", ":8443", ":443", ":8080", ":84430", ":8443/"]),
            )
                .prop_map(|(s, sep, labels, base, port)| format!("{s}{sep}{labels}{base}{port}").into_bytes()),
        ],
        valid_labels in "[a-z0-9_-]{1,6}(\\.[a-z0-9_-]{1,6}){0,2}",
    ) {
        let text = format!("{scheme}://*.{base}{port}");
        let Ok(OriginEntry::Pattern(pattern)) = OriginEntry::parse(&text) else {
            panic!("{text:?} is not a pattern");
        };
        prop_assert_eq!(pattern.to_string(), text);
        let prefix = format!("{scheme}://");
        let suffix = format!(".{base}{port}");

        if pattern.matches(&candidate) {
            prop_assert!(candidate.starts_with(prefix.as_bytes()));
            prop_assert!(candidate.ends_with(suffix.as_bytes()));
            prop_assert!(candidate.len() > prefix.len() + suffix.len());
            let labels = &candidate[prefix.len()..candidate.len() - suffix.len()];
            for label in labels.split(|&b| b == b'.') {
                prop_assert!(!label.is_empty());
                prop_assert!(label
                    .iter()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')));
            }
            // What a pattern accepts is itself a valid exact origin.
            let text = std::str::from_utf8(&candidate).unwrap();
            prop_assert!(matches!(OriginEntry::parse(text), Ok(OriginEntry::Exact(_))), "{:?}", text);
        }

        // Whole valid labels in front of the base always match.
        let good = format!("{prefix}{valid_labels}{suffix}");
        prop_assert!(pattern.matches(good.as_bytes()), "{:?}", good);
        // And never the apex, another scheme, or another port.
        let apex = format!("{prefix}{base}{port}");
        prop_assert!(!pattern.matches(apex.as_bytes()));
        let downgraded = format!("x{scheme}://{valid_labels}{suffix}");
        prop_assert!(!pattern.matches(downgraded.as_bytes()));
        let other_port = format!("{prefix}{valid_labels}.{base}:1{port}");
        prop_assert!(!pattern.matches(other_port.as_bytes()));
    }

    // ---- Arbitrary request bytes ----

    #[test]
    fn arbitrary_request_bytes_never_panic(
        request in request(),
        existing_vary in proptest::collection::vec(header_bytes(&["Accept-Encoding", "origin", "*", "", "Accept, Cookie"]), 0..3),
    ) {
        for policy in policies() {
            let decision = policy.decide(&request);
            let mut headers = HeaderMap::new();
            let existing: Vec<HeaderValue> = existing_vary
                .iter()
                .filter_map(|bytes| HeaderValue::from_bytes(bytes).ok())
                .collect();
            for value in &existing {
                headers.append(VARY, value.clone());
            }
            let before = vary_names(&headers);
            apply_to_headers(&decision, &request, &mut headers);

            let origin = match request.origin.as_slice() {
                [one] => Some(one.as_slice()),
                _ => None,
            };
            match decision {
                Decision::ActualRejected(rejection) | Decision::PreflightRejected(rejection) => {
                    prop_assert!(!rejection.reason.to_string().is_empty());
                    let _ = rejection.reason.kind();
                    prop_assert!(headers
                        .keys()
                        .all(|name| !name.as_str().starts_with("access-control-")));
                }
                Decision::NotCors { .. } => {
                    prop_assert!(request.origin.is_empty());
                    // A fixed `*` answers `*` with or without `Origin`.
                    prop_assert!(!policy.origins().is_any());
                    prop_assert!(headers
                        .keys()
                        .all(|name| !name.as_str().starts_with("access-control-")));
                }
                Decision::ActualAllowed(_) | Decision::PreflightAllowed(_) => {
                    let sent = headers["access-control-allow-origin"].as_bytes();
                    if policy.origins().is_any() {
                        prop_assert_eq!(sent, b"*");
                        // No `Origin` at all, or exactly one.
                        prop_assert!(request.origin.len() <= 1);
                    } else {
                        // The answer is byte-identical to the request's Origin.
                        let origin = origin.expect("allowed without a single Origin");
                        prop_assert_eq!(sent, origin);
                        prop_assert!(OriginEntry::parse(std::str::from_utf8(sent).unwrap()).is_ok());
                    }
                }
            }

            // Vary: every name of the decision is there, the old ones are kept, `*` is left alone.
            let after = vary_names(&headers);
            if before.iter().any(|name| name == b"*") {
                prop_assert_eq!(headers.get_all(VARY).iter().count(), existing.len());
            } else if let Some(vary) = decision.vary() {
                for wanted in vary.split(", ") {
                    prop_assert!(after.iter().any(|name| name.eq_ignore_ascii_case(wanted.as_bytes())));
                }
                for name in &before {
                    prop_assert!(after.contains(name));
                }
                prop_assert!(headers.get_all(VARY).iter().count() <= 1.max(existing.len()));
            }
        }
    }

    // ---- Credentials never meet a wildcard ----

    #[test]
    fn a_credentialed_policy_never_writes_a_wildcard(
        spec in credentialed_spec(),
        origin in select(ORIGINS),
        method in select(vec!["OPTIONS", "GET", "PUT", "DELETE"]),
        request_method in proptest::option::of(select(METHODS)),
        request_headers in proptest::option::of(
            proptest::collection::vec(
                select(vec!["x-api-key", "Content-Type", "authorization", "x-other", "*", "X-Requested-With"]),
                0..4,
            )
            .prop_map(|names| names.join(", "))
        ),
        private_network in any::<bool>(),
    ) {
        let policy = spec.compile();
        prop_assert!(policy.is_ok(), "{:?}", policy);
        let policy = policy.unwrap();

        let mut builder = http::Request::builder().method(method).header("origin", origin);
        if let Some(request_method) = request_method.filter(|m| !m.is_empty()) {
            builder = builder.header("access-control-request-method", request_method);
        }
        if let Some(request_headers) = &request_headers {
            builder = builder.header("access-control-request-headers", request_headers.as_str());
        }
        if private_network {
            builder = builder.header("access-control-request-private-network", "true");
        }
        let request = builder.body(()).unwrap();
        let decision = policy.decide(&request);
        let mut headers = HeaderMap::new();
        apply_to_headers(&decision, &request, &mut headers);

        let requested_star = request_headers
            .as_deref()
            .is_some_and(|names| items(names.as_bytes()).any(|name| name == b"*"));
        for (name, value) in &headers {
            for item in items(value.as_bytes()) {
                if item == b"*" {
                    // Only a literal header named `*` that the request asked for, echoed back
                    // (with credentials browsers read it as that name, not as a wildcard).
                    prop_assert_eq!(name.as_str(), "access-control-allow-headers");
                    prop_assert!(requested_star);
                }
            }
        }
        if let Some(allowed) = headers.get("access-control-allow-origin") {
            prop_assert_eq!(allowed.as_bytes(), origin.as_bytes());
            prop_assert_eq!(&headers["access-control-allow-credentials"], "true");
        } else {
            prop_assert!(headers.get("access-control-allow-credentials").is_none());
        }
        prop_assert_eq!(&headers["vary"].as_bytes()[..6], b"Origin");
    }
}
