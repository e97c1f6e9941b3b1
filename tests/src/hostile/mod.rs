//! The hostile-input catalog: an app with `#[cors]` routes and a runtime [`Cors`] scope under
//! docs/protocol.md section 9's credentialed policy, and raw requests with the response each must get.
//! The same app for axum and hyper, with `cors_tower` layers of the same policies, is
//! [`router`]; [`cases`] says per [`Server`] where the server itself answers differently.
//!
//! The integration suite (`tests/hostile.rs`) sends every case once to each server; the soak
//! test (`src/bin/soak.rs`) sends them in a loop under load to the actix one. Both check each
//! response with [`Case::check`].
//!
//! [`Cors`]: cors_actix::Cors

mod app;
mod expect;
mod tower_app;

pub use app::{ALLOWED, configure};
pub use expect::{Case, Expect, request};
pub use tower_app::router;

use crate::SECTION9_ORIGINS;

/// The server a catalog is sent to. The CORS part of every expectation is the same for both;
/// where the server itself answers (a request its parser refuses, a method no route serves),
/// the expectation says which server it is for, and why they differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// actix-web with `cors_actix`: [`configure`].
    Actix,
    /// axum served by hyper with `cors_tower` layers: [`router`].
    Axum,
}

const ORIGIN: &str = "origin";
const ACRM: &str = "access-control-request-method";
const ACRH: &str = "access-control-request-headers";

fn case(name: impl Into<String>, request: Vec<u8>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        request,
        expect,
    }
}

/// A preflight for `PUT` from `origin` (raw bytes).
fn preflight(path: &str, origin: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut headers: Vec<(&str, &[u8])> = vec![(ORIGIN, origin), (ACRM, b"PUT")];
    headers.extend_from_slice(extra);
    request("OPTIONS", path, &headers)
}

/// Every case, for both the attribute route `/items` and the runtime scope `/rt/items`, plus
/// the pattern, wildcard, user-`OPTIONS`, strict and `null` routes, as `server` must answer them.
pub fn cases(server: Server) -> Vec<Case> {
    let mut cases = Vec::new();
    for (path, label) in [("/items", "attribute"), ("/rt/items", "runtime")] {
        items_cases(&mut cases, server, path, label);
    }
    pattern_cases(&mut cases);
    any_port_cases(&mut cases);
    wildcard_cases(&mut cases);
    options_cases(&mut cases);
    strict_cases(&mut cases, server);
    null_cases(&mut cases);
    // Origin predicates are the actix runtime builder's: the axum app has no such route.
    if server == Server::Actix {
        dynamic_cases(&mut cases);
        items_cases(
            &mut cases,
            server,
            "/nested/items",
            "route inside a policy around it",
        );
    }
    cases
}

/// `/dyn/items`: section 9's policy with a predicate that allows every origin it is asked
/// about. A well-formed unlisted origin is allowed through it and judged by the rest of the
/// policy; nothing malformed, repeated or `null` may reach it, so none gets CORS headers.
fn dynamic_cases(cases: &mut Vec<Case>) {
    let path = "/dyn/items";
    let get = |headers: &[(&str, &[u8])]| request("GET", path, headers);
    for origin in [
        ALLOWED[0],
        "https://tenant.example",
        "http://localhost:5173",
    ] {
        cases.push(case(
            format!("dynamic: allowed GET from {origin}"),
            get(&[(ORIGIN, origin.as_bytes())]),
            Expect::allowed(200, origin).with_body("items"),
        ));
        cases.push(case(
            format!("dynamic: allowed preflight from {origin}"),
            preflight(path, origin.as_bytes(), &[(ACRH, b"content-type")]),
            Expect::preflight(origin),
        ));
    }
    cases.push(case(
        "dynamic: preflight from an allowed origin for an unlisted header",
        preflight(path, b"https://tenant.example", &[(ACRH, b"authorization")]),
        Expect::refused().with_body("header authorization is not allowed"),
    ));
    let long_origin = format!("https://{}.example.com", "a".repeat(16 * 1024));
    for (what, origins) in [
        ("null", vec![&b"null"[..]]),
        (
            "two Origin headers",
            vec![b"https://tenant.example", b"https://other.example"],
        ),
        (
            "the same Origin twice",
            vec![b"https://tenant.example", b"https://tenant.example"],
        ),
        ("a trailing slash", vec![b"https://tenant.example/"]),
        ("a path", vec![b"https://tenant.example/x"]),
        ("an uppercase host", vec![b"https://TENANT.example"]),
        ("the default port", vec![b"https://tenant.example:443"]),
        ("a pattern", vec![b"https://*.tenant.example"]),
        ("any port", vec![b"http://localhost:*"]),
        ("userinfo", vec![b"https://a@tenant.example"]),
        ("no scheme", vec![b"tenant.example"]),
        (
            "two origins in one line",
            vec![b"https://tenant.example, https://other.example"],
        ),
        ("a non-UTF-8 byte", vec![b"https://ten\xffant.example"]),
        ("an encoded CR LF", vec![b"https://tenant.example%0d%0a"]),
        ("an empty Origin", vec![b""]),
        ("a 16 KiB Origin", vec![long_origin.as_bytes()]),
    ] {
        not_allowed_cases(cases, "dynamic", path, what, &origins);
    }
}

/// A `GET` and a `PUT` preflight to `path` (an items route) with these `Origin` lines, neither
/// allowed: the handler's answer without CORS headers, and `403`.
fn not_allowed_cases(
    cases: &mut Vec<Case>,
    label: &str,
    path: &str,
    what: &str,
    origins: &[&[u8]],
) {
    let headers: Vec<(&str, &[u8])> = origins.iter().map(|o| (ORIGIN, *o)).collect();
    cases.push(case(
        format!("{label}: GET with {what}"),
        request("GET", path, &headers),
        Expect::plain(200).with_body("items"),
    ));
    let mut preflight_headers = headers.clone();
    preflight_headers.push((ACRM, b"PUT"));
    cases.push(case(
        format!("{label}: preflight with {what}"),
        request("OPTIONS", path, &preflight_headers),
        Expect::refused(),
    ));
}

fn items_cases(cases: &mut Vec<Case>, server: Server, path: &str, label: &str) {
    let get = |headers: &[(&str, &[u8])]| request("GET", path, headers);
    for origin in ALLOWED {
        cases.push(case(
            format!("{label}: allowed GET from {origin}"),
            get(&[(ORIGIN, origin.as_bytes())]),
            Expect::allowed(200, origin).with_body("items"),
        ));
        cases.push(case(
            format!("{label}: allowed preflight from {origin}"),
            preflight(
                path,
                origin.as_bytes(),
                &[(ACRH, b"content-type,x-api-key")],
            ),
            Expect::preflight(origin),
        ));
    }
    // docs/protocol.md section 9: no ACAO, no ACAC, still Vary: Origin.
    for origin in SECTION9_ORIGINS {
        cases.push(case(
            format!("{label}: section 9 GET from {origin}"),
            get(&[(ORIGIN, origin.as_bytes())]),
            Expect::plain(200).with_body("items"),
        ));
        cases.push(case(
            format!("{label}: section 9 preflight from {origin}"),
            preflight(path, origin.as_bytes(), &[]),
            Expect::refused(),
        ));
    }
    let example = ALLOWED[0].as_bytes();
    let app = ALLOWED[1].as_bytes();
    let long_origin = format!("https://{}.example.com", "a".repeat(16 * 1024));
    for (what, origins) in [
        ("two allowed Origin headers", vec![example, app]),
        ("the same Origin twice", vec![example, example]),
        (
            "an allowed and a foreign Origin",
            vec![example, b"https://evil.com".as_slice()],
        ),
        ("a 16 KiB Origin", vec![long_origin.as_bytes()]),
        (
            "a non-UTF-8 Origin",
            vec![b"https://ex\xffample.com".as_slice()],
        ),
        (
            "an Origin with an encoded CR LF",
            vec![b"https://example.com%0d%0a".as_slice()],
        ),
        (
            "an uppercase Origin",
            vec![b"https://EXAMPLE.com".as_slice()],
        ),
        (
            "an Origin with a trailing dot",
            vec![b"https://example.com.".as_slice()],
        ),
        (
            "an Origin with the default port",
            vec![b"https://example.com:443".as_slice()],
        ),
        ("an empty Origin", vec![b"".as_slice()]),
    ] {
        not_allowed_cases(cases, label, path, what, &origins);
    }
    // Header names are case-insensitive; trailing whitespace is not part of a field value.
    cases.push(case(
        format!("{label}: GET with an ORIGIN header in capitals"),
        request("GET", path, &[("ORIGIN", example)]),
        Expect::allowed(200, ALLOWED[0]),
    ));
    cases.push(case(
        format!("{label}: GET with an Origin followed by spaces"),
        get(&[(ORIGIN, b"https://example.com   ")]),
        Expect::allowed(200, ALLOWED[0]),
    ));
    // A request header named like a response header changes nothing.
    cases.push(case(
        format!("{label}: GET carrying its own Access-Control-Allow-Origin"),
        get(&[
            (ORIGIN, example),
            ("access-control-allow-origin", b"https://evil.com"),
        ]),
        Expect::allowed(200, ALLOWED[0]),
    ));

    // Access-Control-Request-Headers.
    let repeated_allowed = vec!["content-type"; 1000].join(",");
    let thousand_names: String = (0..1000).map(|i| format!("x-h-{i},")).collect();
    for (what, acrh, expect) in [
        (
            "a listed name 1,000 times",
            repeated_allowed.as_bytes(),
            Expect::preflight(ALLOWED[0]),
        ),
        (
            "1,000 unlisted names",
            thousand_names.as_bytes(),
            Expect::refused(),
        ),
        (
            "only commas",
            b",,,".as_slice(),
            Expect::preflight(ALLOWED[0]),
        ),
        (
            "empty names around a listed one",
            b" , x-api-key ,, ".as_slice(),
            Expect::preflight(ALLOWED[0]),
        ),
        (
            "mixed-case listed names",
            b"Content-Type, X-API-KEY".as_slice(),
            Expect::preflight(ALLOWED[0]),
        ),
        ("a non-UTF-8 name", b"x-\xff".as_slice(), Expect::refused()),
        (
            "a name with a space",
            b"x api-key".as_slice(),
            Expect::refused(),
        ),
        (
            "an unlisted name",
            b"x-api-key, authorization".as_slice(),
            Expect::refused(),
        ),
    ] {
        cases.push(case(
            format!("{label}: preflight with {what} in Access-Control-Request-Headers"),
            preflight(path, example, &[(ACRH, acrh)]),
            expect,
        ));
    }
    // Several Access-Control-Request-Headers lines are one list (RFC 9110 section 5.3), as
    // gateways that split the field send it: every name of every line is judged.
    for (what, lines, expect) in [
        (
            "two lines of listed names",
            vec![&b"content-type"[..], b"x-api-key"],
            Expect::preflight(ALLOWED[0]),
        ),
        (
            "listed names split around a blank line",
            vec![&b"content-type\t"[..], b" ", b" x-api-key"],
            Expect::preflight(ALLOWED[0]),
        ),
        (
            "an unlisted name in the last line",
            vec![&b"content-type"[..], b" ", b" x-api-key, authorization"],
            Expect::refused().with_body("header authorization is not allowed"),
        ),
        (
            "an unlisted name in the first line",
            vec![&b"authorization\t"[..], b" ", b" content-type"],
            Expect::refused().with_body("header authorization is not allowed"),
        ),
        (
            "a malformed name in the second line",
            vec![&b"content-type"[..], b"x api-key"],
            Expect::refused().with_body("is malformed"),
        ),
    ] {
        let headers: Vec<(&str, &[u8])> = lines.into_iter().map(|line| (ACRH, line)).collect();
        cases.push(case(
            format!("{label}: preflight with {what} in Access-Control-Request-Headers"),
            preflight(path, example, &headers),
            expect,
        ));
    }

    // Methods are case-sensitive: `put` and `Put` are not `PUT`.
    // A runtime middleware sees every request of its scope: the runtime scope's, and the one
    // around the attribute route in `/nested` (the same policy), which answers what that route
    // does not serve.
    let runtime = label != "attribute";
    for method in [&b"put"[..], b"Put", b"PATCH", b"P\xffT", b""] {
        // Both fail the preflight; who answers depends on the routing. The attribute's route
        // admits preflights only for its own methods: anything else falls through to actix,
        // which answers 404 (no route of the path matches). The runtime middleware sees
        // every request under its scope and refuses it itself, and so does a `cors_tower` layer,
        // which wraps the route's whole `MethodRouter` (it must, to see preflights at all).
        let expect = match (server, runtime) {
            (Server::Actix, false) => Expect::server(404),
            (Server::Actix, true) | (Server::Axum, _) => Expect::refused(),
        };
        cases.push(case(
            format!(
                "{label}: preflight for method {:?}",
                method.escape_ascii().to_string()
            ),
            request("OPTIONS", path, &[(ORIGIN, example), (ACRM, method)]),
            expect,
        ));
    }
    cases.push(case(
        format!("{label}: preflight with two Access-Control-Request-Method lines"),
        request(
            "OPTIONS",
            path,
            &[(ORIGIN, example), (ACRM, b"PUT"), (ACRM, b"PUT")],
        ),
        Expect::refused(),
    ));
    // An actual request whose method is `put`: no route serves it.
    cases.push(case(
        format!("{label}: actual request with method put"),
        request("put", path, &[(ORIGIN, example)]),
        match (server, runtime) {
            (Server::Actix, false) => Expect::server(404),
            // The scope's middleware decorates the 404 of an allowed origin, as it must for
            // every error response the page has to read.
            (Server::Actix, true) => Expect::allowed(404, ALLOWED[0]),
            // axum answers a method that a routed path does not serve with 405 (RFC 9110
            // section 15.5.6) from the `MethodRouter`'s fallback, which the layer wraps: the
            // same decorated error as the actix scope's, with axum's status.
            (Server::Axum, _) => Expect::allowed(405, ALLOWED[0]),
        },
    ));

    // CR/LF and control bytes never reach the application: actix and hyper (httparse) both
    // answer 400 without calling it, and close the connection.
    for (what, raw) in [
        (
            "a bare CR in Origin",
            b"https://example.com\rX-Injected: 1".as_slice(),
        ),
        ("a NUL in Origin", b"https://example.com\0".as_slice()),
        (
            "a folded Origin line",
            b"https://evil.com\r\n https://example.com".as_slice(),
        ),
    ] {
        cases.push(case(
            format!("{label}: GET with {what}"),
            get(&[(ORIGIN, raw)]),
            Expect::server(400),
        ));
    }
}

fn pattern_cases(cases: &mut Vec<Case>) {
    let get = |origin: &[u8]| request("GET", "/sub", &[(ORIGIN, origin)]);
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://x-1.example.com",
    ] {
        cases.push(case(
            format!("pattern: GET from {origin}"),
            get(origin.as_bytes()),
            Expect::allowed(200, origin).with_body("sub"),
        ));
    }
    let long_label = format!("https://{}.example.com", "a".repeat(64));
    let huge = format!("https://{}.example.com", "a".repeat(16 * 1024));
    for origin in [
        "https://example.com",
        "https://evilexample.com",
        "https://a.example.com.",
        "https://a.example.com:443",
        "https://a.example.com:8443",
        "http://a.example.com",
        "https://A.example.com",
        "https://a..example.com",
        "https://.example.com",
        "https://a.example.com@evil.net",
        "https://evil.net#.example.com",
        "https://a%2eb.example.com",
        long_label.as_str(),
        huge.as_str(),
    ] {
        let shown: String = origin.chars().take(60).collect();
        cases.push(case(
            format!("pattern: GET from {shown}"),
            get(origin.as_bytes()),
            Expect::plain(200).with_body("sub"),
        ));
    }
}

/// `http://localhost:*`: every port a browser sends for that host and scheme, nothing else.
fn any_port_cases(cases: &mut Vec<Case>) {
    let get = |origin: &[u8]| request("GET", "/dev", &[(ORIGIN, origin)]);
    for origin in [
        "http://localhost",
        "http://localhost:5173",
        "http://localhost:65535",
    ] {
        cases.push(case(
            format!("any port: GET from {origin}"),
            get(origin.as_bytes()),
            Expect::allowed(200, origin).with_body("dev"),
        ));
    }
    for origin in [
        "https://localhost:5173",
        "http://localhost:80",
        "http://localhost:0",
        "http://localhost:08080",
        "http://localhost:65536",
        "http://localhost:",
        "http://localhost:*",
        "http://localhost:5173:5173",
        "http://a.localhost:5173",
        "http://localhost.evil.net:5173",
        "http://localhost:5173@evil.net",
        "http://LOCALHOST:5173",
    ] {
        cases.push(case(
            format!("any port: GET from {origin}"),
            get(origin.as_bytes()),
            Expect::plain(200).with_body("dev"),
        ));
    }
}

fn wildcard_cases(cases: &mut Vec<Case>) {
    let any = |status| Expect {
        allow_origin: Some("*".to_owned()),
        vary_origin: false,
        ..Expect::plain(status)
    };
    cases.push(case(
        "wildcard: GET from anywhere",
        request("GET", "/wild", &[(ORIGIN, b"https://evil.com")]),
        any(200).with_body("wild"),
    ));
    let names: String = (0..1000)
        .map(|i| format!("x-h-{i}"))
        .collect::<Vec<_>>()
        .join(",");
    cases.push(case(
        "wildcard: preflight with 1,000 names, all echoed",
        request(
            "OPTIONS",
            "/wild",
            &[
                (ORIGIN, b"https://evil.com"),
                (ACRM, b"POST"),
                (ACRH, names.as_bytes()),
            ],
        ),
        any(204)
            .with("access-control-allow-headers", &names)
            .with("vary", "Access-Control-Request-Headers"),
    ));
    // Several lines are one list: `*` echoes all of it, joined into one value.
    for (what, lines, echoed) in [
        (
            "two Access-Control-Request-Headers lines",
            vec![&b"x-a"[..], b"x-b"],
            "x-a, x-b",
        ),
        (
            "Access-Control-Request-Headers split around a blank line",
            vec![&b"authorization\t"[..], b" ", b" content-type"],
            "authorization, content-type",
        ),
    ] {
        let mut headers: Vec<(&str, &[u8])> =
            vec![(ORIGIN, b"https://evil.com".as_slice()), (ACRM, b"POST")];
        headers.extend(lines.into_iter().map(|line| (ACRH, line)));
        cases.push(case(
            format!("wildcard: preflight with {what}, all echoed"),
            request("OPTIONS", "/wild", &headers),
            any(204)
                .with("access-control-allow-headers", echoed)
                .with("vary", "Access-Control-Request-Headers"),
        ));
    }
    let mut headers: Vec<(&str, &[u8])> =
        vec![(ORIGIN, b"https://evil.com".as_slice()), (ACRM, b"POST")];
    headers.extend([(ACRH, b"x-a".as_slice()), (ACRH, b"x a")]);
    cases.push(case(
        "wildcard: preflight with a malformed name in a second Access-Control-Request-Headers line",
        request("OPTIONS", "/wild", &headers),
        Expect {
            vary_origin: false,
            ..Expect::refused().with_body("header name \"x a\" is malformed")
        },
    ));
    // A fixed `*` answers `*` with or without `Origin`, and never varies on it: a cached answer
    // to a request without `Origin` serves a later cross-origin one.
    for method in ["GET", "POST"] {
        cases.push(case(
            format!("wildcard: {method} without Origin"),
            request(method, "/wild", &[]),
            any(200).with_body("wild"),
        ));
    }
    cases.push(case(
        "wildcard: GET with two Origin headers",
        request(
            "GET",
            "/wild",
            &[
                (ORIGIN, b"https://a.example"),
                (ORIGIN, b"https://b.example"),
            ],
        ),
        Expect {
            vary_origin: false,
            ..Expect::plain(200).with_body("wild")
        },
    ));
}

fn options_cases(cases: &mut Vec<Case>) {
    cases.push(case(
        "user OPTIONS: no Access-Control-Request-Method reaches the handler",
        request("OPTIONS", "/options", &[(ORIGIN, ALLOWED[0].as_bytes())]),
        Expect::allowed(200, ALLOWED[0]).with_body("user options handler"),
    ));
    cases.push(case(
        "user OPTIONS: from a foreign origin, undecorated",
        request("OPTIONS", "/options", &[(ORIGIN, b"https://evil.com")]),
        Expect::plain(200).with_body("user options handler"),
    ));
    cases.push(case(
        "user OPTIONS: without Origin",
        request("OPTIONS", "/options", &[]),
        Expect::plain(200).with_body("user options handler"),
    ));
    cases.push(case(
        "user OPTIONS: a real preflight is answered by the library",
        request(
            "OPTIONS",
            "/options",
            &[(ORIGIN, ALLOWED[0].as_bytes()), (ACRM, b"GET")],
        ),
        Expect::allowed(204, ALLOWED[0]).with("access-control-allow-methods", "GET, OPTIONS"),
    ));
}

/// `strict`: other origins are refused before the handler runs, with no CORS header; the
/// request's own origin (the `Host` it was sent to, or `Sec-Fetch-Site: same-origin`) passes.
fn strict_cases(cases: &mut Vec<Case>, server: Server) {
    let delete = |headers: &[(&str, &[u8])]| request("DELETE", "/strict", headers);
    cases.push(case(
        "strict: DELETE from the allowed origin",
        delete(&[(ORIGIN, ALLOWED[0].as_bytes())]),
        Expect::allowed(200, ALLOWED[0]).with_body("strict"),
    ));
    for origin in [
        &b"https://evil.com"[..],
        b"null",
        b"http://example.com",
        b"https://example.com.evil.net",
        b"https://ex\xffample.com",
        // Same host as the request's `Host`, but another port or scheme: another origin.
        b"http://localhost:8080",
        b"https://localhost",
    ] {
        cases.push(case(
            format!(
                "strict: DELETE from {:?} is refused",
                origin.escape_ascii().to_string()
            ),
            delete(&[(ORIGIN, origin)]),
            Expect::rejected().with_body("is not allowed"),
        ));
    }
    cases.push(case(
        "strict: DELETE with an allowed and a foreign Origin is refused",
        delete(&[
            (ORIGIN, ALLOWED[0].as_bytes()),
            (ORIGIN, b"https://evil.com"),
        ]),
        Expect::rejected(),
    ));
    cases.push(case(
        "strict: DELETE marked Sec-Fetch-Site: cross-site is refused",
        delete(&[
            (ORIGIN, b"https://evil.com"),
            ("sec-fetch-site", b"cross-site"),
        ]),
        Expect::rejected(),
    ));
    // Same-origin requests carry `Origin` too; refusing them would break the site itself.
    for (what, headers) in [
        (
            "the request's own origin",
            vec![(ORIGIN, b"http://localhost".as_slice())],
        ),
        (
            "Sec-Fetch-Site: same-origin",
            vec![
                (ORIGIN, b"https://evil.com".as_slice()),
                ("sec-fetch-site", b"same-origin"),
            ],
        ),
        ("no Origin", vec![]),
    ] {
        cases.push(case(
            format!("strict: DELETE with {what} reaches the handler"),
            delete(&headers),
            Expect::plain(200).with_body("strict"),
        ));
    }
    // The request target in absolute form names the `Origin`'s host while `Host` names ours.
    // actix takes the request's host from `Host`: another origin, refused. cors-tower takes it
    // from the request target, as RFC 9112 section 3.2.2 says a server must: the request's own
    // origin, passed. Neither lets a browser through: browsers send the absolute form only to a
    // proxy, which forwards the origin form, and a target naming the page's origin would not
    // reach this server.
    cases.push(case(
        "strict: DELETE whose absolute-form target names the Origin's host",
        b"DELETE http://evil.com/strict HTTP/1.1\r\nhost: localhost\r\norigin: http://evil.com\r\n\r\n"
            .to_vec(),
        match server {
            Server::Actix => Expect::rejected(),
            Server::Axum => Expect::plain(200).with_body("strict"),
        },
    ));
    cases.push(case(
        "strict: allowed preflight",
        request(
            "OPTIONS",
            "/strict",
            &[(ORIGIN, ALLOWED[0].as_bytes()), (ACRM, b"DELETE")],
        ),
        Expect::allowed(204, ALLOWED[0]).with("access-control-allow-methods", "GET, DELETE"),
    ));
    cases.push(case(
        "strict: preflight from a foreign origin",
        request(
            "OPTIONS",
            "/strict",
            &[(ORIGIN, b"https://evil.com"), (ACRM, b"DELETE")],
        ),
        Expect::refused(),
    ));
}

/// `null`, opted in: exactly the opaque origin `null`, answered with `null`.
fn null_cases(cases: &mut Vec<Case>) {
    let null = |status| Expect {
        allow_origin: Some("null".to_owned()),
        ..Expect::plain(status)
    };
    cases.push(case(
        "null: GET from null",
        request("GET", "/null", &[(ORIGIN, b"null")]),
        null(200).with_body("null"),
    ));
    cases.push(case(
        "null: preflight from null",
        request("OPTIONS", "/null", &[(ORIGIN, b"null"), (ACRM, b"GET")]),
        null(204).with("access-control-allow-methods", "GET"),
    ));
    for origin in [
        &b"NULL"[..],
        b"Null",
        b"nul",
        b"null null",
        b"https://example.com",
    ] {
        let shown = origin.escape_ascii().to_string();
        cases.push(case(
            format!("null: GET from {shown:?}"),
            request("GET", "/null", &[(ORIGIN, origin)]),
            Expect::plain(200).with_body("null"),
        ));
        cases.push(case(
            format!("null: preflight from {shown:?}"),
            request("OPTIONS", "/null", &[(ORIGIN, origin), (ACRM, b"GET")]),
            Expect::refused(),
        ));
    }
    cases.push(case(
        "null: GET with two Origin: null lines",
        request("GET", "/null", &[(ORIGIN, b"null"), (ORIGIN, b"null")]),
        Expect::plain(200).with_body("null"),
    ));
}
