//! Hostile input against a real server on a loopback port, through raw sockets: every origin of
//! docs/protocol.md section 9, repeated and oversized headers, non-UTF-8 bytes, CR/LF attempts,
//! method-case tricks and a user's own `OPTIONS` handler. Every case must get its documented
//! status, no CORS header where the origin is not allowed, and the server must keep serving.
//! The catalog is `cors_tests::hostile`; `SECURITY.md` lists the documented answers.

use cors_tests::hostile::{self, ALLOWED, Expect};
use cors_tests::raw;
use cors_tests::server::TestServer;

#[test]
fn every_hostile_request_gets_its_documented_answer() {
    let server = TestServer::start(2, hostile::configure);
    let cases = hostile::cases();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // A connection per case, so that one case's connection state cannot hide another's.
        let exchanged = raw::Connection::open(server.addr()).and_then(|mut connection| {
            let response = connection.exchange(&case.request)?;
            Ok((connection, response))
        });
        match exchanged {
            Ok((mut connection, response)) => {
                if let Err(problem) = case.check(&response) {
                    failures.push(problem);
                }
                // A request actix cannot parse also ends its connection.
                if case.expect.status == 400 && !connection.is_closed_by_peer() {
                    failures.push(format!("{}: the connection stayed open", case.name));
                }
            }
            Err(error) => failures.push(format!("{}: no response: {error}", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} hostile cases answered as documented", cases.len());

    // A panic in a worker would have shown above as a case without a response; the server
    // also still answers correctly afterwards.
    let request = hostile::request("GET", "/items", &[("origin", ALLOWED[1].as_bytes())]);
    let response = raw::exchange(server.addr(), &request).expect("the server still answers");
    let expect = hostile::Case {
        name: "after the hostile cases".into(),
        request,
        expect: Expect::allowed(200, ALLOWED[1]),
    };
    expect.check(&response).unwrap();
}

#[test]
fn hostile_requests_on_one_keep_alive_connection_leave_it_usable() {
    let server = TestServer::start(1, hostile::configure);
    let mut connection = raw::Connection::open(server.addr()).unwrap();
    let mut sent = 0;
    for case in hostile::cases() {
        if case.expect.status == 400 {
            // actix closes the connection after a request it cannot parse (checked above).
            continue;
        }
        let response = connection.exchange(&case.request).unwrap_or_else(|e| {
            panic!("{}: {e}", case.name);
        });
        case.check(&response).unwrap();
        assert!(!response.closes, "{}: the connection was closed", case.name);
        sent += 1;
    }
    assert!(sent >= 100, "{sent} requests on one connection");
}
