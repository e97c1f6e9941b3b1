//! Target `decision`: [`Policy::decide`] and `apply_to_headers` on arbitrary requests.
//!
//! Input, as lines (so corpora are readable text): the first byte picks one of the fixed
//! [`POLICIES`] and the rest of the first line is the request method. Every further line is a
//! header, its first byte naming it: `O` `Origin`, `M` `Access-Control-Request-Method`, `H`
//! `Access-Control-Request-Headers`, `P` `Access-Control-Request-Private-Network`, `V` a `Vary`
//! already on the response. Lines may repeat; values `http` refuses are dropped, as a server
//! never sees them.
//!
//! The invariants asserted on every answer:
//! - `Access-Control-Allow-Origin` only for a request with exactly one `Origin` that the policy's
//!   allow set (written out independently below) contains, and then byte-identical to it, or
//!   `*` for a policy allowing any origin without credentials;
//! - under such a fixed `*`, `*` on every answer to a request with at most one `Origin` that is
//!   not a preflight, `Origin` or not (docs/protocol.md section 7);
//! - never `*` together with `Access-Control-Allow-Credentials`, which is only ever `true`;
//! - no CORS header at all on a rejection;
//! - `Vary: Origin` on every answer of a policy whose origins are not exactly `*`, and on no
//!   answer of one whose origins are (it adds none), merged into the existing `Vary` without
//!   losing or duplicating a name, and `Vary: *` left alone;
//! - `Access-Control-Allow-Credentials` on every allowed answer of a credentialed policy;
//! - a preflight allowed only for `OPTIONS` with one requested method the policy lists or that
//!   is safelisted, every requested header name of every `Access-Control-Request-Headers` line
//!   in its answer, and echoed request headers only for a `*` header policy, with
//!   `Vary: Access-Control-Request-Headers`.

use std::sync::LazyLock;

use cors_core::glue::{Decision, RejectReason};
use cors_core::{Policy, PolicySpec, apply_to_headers};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request};

use crate::oracle::is_subdomain_origin;

/// One fixed policy and its allow set, written independently of the library (see
/// [`oracle`](crate::oracle)).
pub struct Case {
    /// The compiled policy.
    pub policy: Policy,
    /// Whether `Access-Control-Allow-Origin` may carry these request bytes.
    pub allows: fn(&[u8]) -> bool,
}

/// The policies the target decides with.
pub static POLICIES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    let compile = |spec: PolicySpec| spec.compile().expect("fuzz policies are valid");
    vec![
        // docs/protocol.md section 9's credentialed pair.
        Case {
            policy: compile(
                PolicySpec::new()
                    .origins(["https://example.com", "https://app.example.com"])
                    .methods(["GET", "POST", "PUT"])
                    .headers(["content-type", "x-api-key"])
                    .expose(["x-request-id"])
                    .credentials(true)
                    .max_age(600),
            ),
            allows: |origin| {
                origin == b"https://example.com" || origin == b"https://app.example.com"
            },
        },
        // A credentialed subdomain pattern next to an exact origin, with private network access.
        Case {
            policy: compile(
                PolicySpec::new()
                    .origins(["https://*.example.com", "http://localhost:3000"])
                    .methods(["GET", "DELETE"])
                    .headers(["authorization"])
                    .credentials(true)
                    .private_network(true),
            ),
            allows: |origin| {
                origin == b"http://localhost:3000"
                    || is_subdomain_origin(origin, b"https", b"example.com", b"")
            },
        },
        // Any origin, any header, without credentials.
        Case {
            policy: compile(
                PolicySpec::new()
                    .origins(["*"])
                    .methods(["GET", "POST"])
                    .headers(["*"])
                    .expose(["*"]),
            ),
            allows: |_| true,
        },
        // Opaque origins opted in, with echoed request headers.
        Case {
            policy: compile(
                PolicySpec::new()
                    .origins(["null", "https://example.com"])
                    .allow_null_origin(true)
                    .methods(["PATCH"])
                    .headers(["*"]),
            ),
            allows: |origin| origin == b"null" || origin == b"https://example.com",
        },
        // A pattern with a port and an exact origin with one, without credentials.
        Case {
            policy: compile(
                PolicySpec::new()
                    .origins(["http://*.dev.example.com:8080", "http://localhost:8080"])
                    .methods(["GET", "POST", "DELETE"])
                    .headers(["x-trace"])
                    .max_age(0),
            ),
            allows: |origin| {
                origin == b"http://localhost:8080"
                    || is_subdomain_origin(origin, b"http", b"dev.example.com", b":8080")
            },
        },
    ]
});

/// The request and the response headers one input describes.
struct Input {
    case: &'static Case,
    request: Request<()>,
    response: HeaderMap,
}

fn parse(data: &[u8]) -> Option<Input> {
    let (&selector, rest) = data.split_first()?;
    // `'0'` picks the first policy, so that text seeds read naturally.
    let case = &POLICIES[usize::from(selector.wrapping_sub(b'0')) % POLICIES.len()];
    let mut lines = rest.split(|&b| b == b'\n');
    let method = Method::from_bytes(lines.next()?).ok()?;
    let mut request = Request::builder().method(method).body(()).ok()?;
    let mut response = HeaderMap::new();
    for line in lines {
        let Some((&tag, value)) = line.split_first() else {
            continue;
        };
        let Ok(value) = HeaderValue::from_bytes(value) else {
            continue;
        };
        let (headers, name) = match tag {
            b'O' => (request.headers_mut(), header::ORIGIN),
            b'M' => (request.headers_mut(), header::ACCESS_CONTROL_REQUEST_METHOD),
            b'H' => (
                request.headers_mut(),
                header::ACCESS_CONTROL_REQUEST_HEADERS,
            ),
            b'P' => (
                request.headers_mut(),
                HeaderName::from_static("access-control-request-private-network"),
            ),
            b'V' => (&mut response, header::VARY),
            _ => continue,
        };
        headers.append(name, value);
    }
    Some(Input {
        case,
        request,
        response,
    })
}

/// Checks one input.
///
/// # Panics
///
/// When an invariant does not hold: that is a finding.
pub fn check(data: &[u8]) {
    let Some(Input {
        case,
        request,
        mut response,
    }) = parse(data)
    else {
        return;
    };
    let policy = &case.policy;
    let vary_before = tokens(&response, header::VARY);
    let decision = policy.decide(&request);
    apply_to_headers(&decision, &request, &mut response);

    let fixed_any = policy.origins().is_any();
    let origins: Vec<&[u8]> = values(&request, header::ORIGIN);
    let acao = response.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    assert!(acao.iter().count() <= 1, "several ACAO headers");
    let preflight = request.method() == Method::OPTIONS
        && !origins.is_empty()
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if fixed_any && origins.len() <= 1 && !preflight {
        assert_eq!(
            response.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
            "*",
            "a fixed * must answer * whether or not the request has an Origin"
        );
    }
    if let Some(acao) = response.get(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        if acao == "*" {
            assert!(fixed_any, "* from a policy that lists its origins");
            assert!(!policy.credentials());
            assert!(origins.len() <= 1, "* for a repeated Origin");
        } else {
            assert_eq!(
                origins.len(),
                1,
                "ACAO for a request without exactly one Origin"
            );
            assert_eq!(acao.as_bytes(), origins[0], "ACAO differs from the Origin");
            assert!(
                (case.allows)(origins[0]),
                "ACAO for {:?}, outside the allow set",
                origins[0].escape_ascii().to_string()
            );
        }
    }
    dynamic_origin(policy, &request, &decision, &origins);
    if let Some(acac) = response.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS) {
        assert_eq!(acac, "true");
        assert!(policy.credentials());
        let acao = response.get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
        assert!(
            acao.is_some_and(|acao| acao != "*"),
            "ACAC without an echoed ACAO"
        );
    }
    let allowed = matches!(
        decision,
        Decision::PreflightAllowed(_) | Decision::ActualAllowed(_)
    );
    assert_eq!(
        response.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS),
        allowed && policy.credentials(),
        "ACAC must come with every allowed answer of a credentialed policy, and only then"
    );
    match decision {
        Decision::PreflightRejected(_) | Decision::ActualRejected(_) | Decision::NotCors { .. } => {
            let leaked: Vec<_> = response
                .keys()
                .filter(|name| name.as_str().starts_with("access-control-"))
                .collect();
            assert!(leaked.is_empty(), "{decision:?} sent {leaked:?}");
        }
        Decision::PreflightAllowed(preflight) => {
            assert_eq!(request.method(), Method::OPTIONS);
            let methods = values(&request, header::ACCESS_CONTROL_REQUEST_METHOD);
            assert_eq!(methods.len(), 1, "a preflight without exactly one method");
            assert!(
                policy.methods().iter().any(|m| m.as_bytes() == methods[0])
                    || [&b"GET"[..], b"HEAD", b"POST"].contains(&methods[0]),
                "preflight allowed for method {:?}",
                methods[0].escape_ascii().to_string()
            );
            if let cors_core::glue::AllowHeadersValue::Echo(_) = preflight.allow_headers {
                assert!(policy.headers().is_any());
                // Section 7: an answer computed from the request varies on it.
                let vary = tokens(&response, header::VARY);
                assert!(
                    vary.iter()
                        .any(|name| name == "access-control-request-headers")
                        || vary.iter().any(|name| name == "*"),
                    "echoed headers without Vary: Access-Control-Request-Headers: {vary:?}"
                );
            }
            // Every requested name is in the answer, or the browser fails the preflight.
            let allowed = tokens(&response, header::ACCESS_CONTROL_ALLOW_HEADERS);
            for name in tokens(request.headers(), header::ACCESS_CONTROL_REQUEST_HEADERS) {
                assert!(
                    allowed.contains(&name),
                    "{name:?} requested, not in {allowed:?}"
                );
            }
        }
        Decision::ActualAllowed(_) => {}
    }
    // Vary (docs/protocol.md section 7).
    let vary_after = tokens(&response, header::VARY);
    if vary_before.iter().any(|name| name == "*") {
        assert_eq!(vary_after, vary_before, "Vary: * was changed");
    } else {
        assert_eq!(
            vary_after.iter().any(|name| name == "origin"),
            !fixed_any || vary_before.iter().any(|name| name == "origin"),
            "Vary: Origin must be on every answer of a policy not fixed to *, and added to none of one: {decision:?}"
        );
        for name in &vary_before {
            assert!(vary_after.contains(name), "Vary lost {name}");
        }
        for name in &vary_after {
            let count = vary_after.iter().filter(|other| *other == name).count();
            let before = vary_before.iter().filter(|other| *other == name).count();
            assert!(count <= before.max(1), "Vary duplicated {name}");
        }
    }
}

fn values(request: &Request<()>, name: HeaderName) -> Vec<&[u8]> {
    request
        .headers()
        .get_all(name)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect()
}

/// The lowercase, trimmed, non-empty names of every `name` line.
fn tokens(headers: &HeaderMap, name: HeaderName) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(|token| String::from_utf8_lossy(token.trim_ascii()).to_ascii_lowercase())
        .filter(|token| !token.is_empty())
        .collect()
}

/// Dynamic origins: a predicate is asked only about the request's one `Origin`, when the policy
/// does not allow it and it is an exact origin in browser form; granting it allows exactly
/// that origin (with the rest of the policy still judging a preflight), and nothing else.
fn dynamic_origin(
    policy: &Policy,
    request: &Request<()>,
    decision: &Decision<'_, '_>,
    origins: &[&[u8]],
) {
    let Some(asked) = decision.unlisted_origin() else {
        return;
    };
    let bytes = asked.as_str().as_bytes();
    assert_eq!(
        origins,
        [bytes],
        "asked about another origin than the request's one"
    );
    assert!(!policy.allows_origin(bytes), "asked about a listed origin");
    assert!(
        matches!(
            cors_core::OriginEntry::parse(asked.as_str()),
            Ok(cors_core::OriginEntry::Exact(_))
        ),
        "asked about {asked}, not an exact origin"
    );
    let port = asked
        .port()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    assert_eq!(
        format!("{}://{}{port}", asked.scheme(), asked.host()),
        asked.as_str()
    );
    match policy.decide_granting(request, Some(&asked)) {
        Decision::ActualAllowed(actual) => assert_eq!(actual.allow_origin.as_bytes(), bytes),
        Decision::PreflightAllowed(preflight) => {
            assert_eq!(preflight.allow_origin.as_bytes(), bytes)
        }
        Decision::PreflightRejected(rejection) => assert!(
            !matches!(rejection.reason, RejectReason::OriginNotAllowed(_)),
            "a granted origin refused"
        ),
        other => panic!("{other:?} for a granted origin"),
    }
}
