//! Hostile input against a real server on a loopback port, through raw sockets: every origin of
//! docs/protocol.md section 9, repeated and oversized headers, non-UTF-8 bytes, CR/LF attempts,
//! method-case tricks and a user's own `OPTIONS` handler. Every case must get its documented
//! status, no CORS header where the origin is not allowed, and the server must keep serving.
//! The catalog is `cors_tests::hostile`; `SECURITY.md` lists the documented answers.
//!
//! The same catalog runs against two servers with the same policies: actix-web with
//! `cors_actix` (`#[cors]` routes and a runtime `Cors` scope) and axum on hyper with
//! `cors_tower` (`policy!` layers and a `CorsLayer::from_spec` one).

use std::net::SocketAddr;

use cors_tests::hostile::{self, ALLOWED, Expect, Server};
use cors_tests::raw;
use cors_tests::server::{AxumServer, TestServer};

/// A server running the hostile-input app; dropping it stops the server.
enum Running {
    Actix(TestServer),
    Axum(AxumServer),
}

impl Running {
    fn start(server: Server, workers: usize) -> Running {
        match server {
            Server::Actix => Running::Actix(TestServer::start(workers, hostile::configure)),
            Server::Axum => Running::Axum(AxumServer::start(workers, hostile::router())),
        }
    }

    fn addr(&self) -> SocketAddr {
        match self {
            Running::Actix(server) => server.addr(),
            Running::Axum(server) => server.addr(),
        }
    }
}

/// Sends every case on a connection of its own and checks each answer.
fn every_hostile_request_gets_its_documented_answer(server: Server) {
    let running = Running::start(server, 2);
    let cases = hostile::cases(server);
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // A connection per case, so that one case's connection state cannot hide another's.
        let exchanged = raw::Connection::open(running.addr()).and_then(|mut connection| {
            let response = connection.exchange(&case.request)?;
            Ok((connection, response))
        });
        match exchanged {
            Ok((mut connection, response)) => {
                if let Err(problem) = case.check(&response) {
                    failures.push(problem);
                }
                // A request the server cannot parse also ends its connection.
                if case.expect.status == 400 && !connection.is_closed_by_peer() {
                    failures.push(format!("{}: the connection stayed open", case.name));
                }
            }
            Err(error) => failures.push(format!("{}: no response: {error}", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{server:?}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!(
        "{server:?}: {} hostile cases answered as documented",
        cases.len()
    );

    // A panic in a worker would have shown above as a case without a response; the server
    // also still answers correctly afterwards.
    let request = hostile::request("GET", "/items", &[("origin", ALLOWED[1].as_bytes())]);
    let response = raw::exchange(running.addr(), &request).expect("the server still answers");
    let expect = hostile::Case {
        name: "after the hostile cases".into(),
        request,
        expect: Expect::allowed(200, ALLOWED[1]),
    };
    expect.check(&response).unwrap();
}

/// Sends every case but the unparseable ones on one keep-alive connection.
fn hostile_requests_on_one_keep_alive_connection_leave_it_usable(server: Server) {
    let running = Running::start(server, 1);
    let mut connection = raw::Connection::open(running.addr()).unwrap();
    let mut sent = 0;
    for case in hostile::cases(server) {
        if case.expect.status == 400 {
            // The server closes the connection after a request it cannot parse (checked above).
            continue;
        }
        let response = connection.exchange(&case.request).unwrap_or_else(|e| {
            panic!("{server:?}: {}: {e}", case.name);
        });
        case.check(&response).unwrap();
        assert!(
            !response.closes,
            "{server:?}: {}: the connection was closed",
            case.name
        );
        sent += 1;
    }
    assert!(sent >= 100, "{sent} requests on one connection");
}

#[test]
fn actix_every_hostile_request_gets_its_documented_answer() {
    every_hostile_request_gets_its_documented_answer(Server::Actix);
}

#[test]
fn actix_hostile_requests_on_one_keep_alive_connection_leave_it_usable() {
    hostile_requests_on_one_keep_alive_connection_leave_it_usable(Server::Actix);
}

#[test]
fn axum_every_hostile_request_gets_its_documented_answer() {
    every_hostile_request_gets_its_documented_answer(Server::Axum);
}

#[test]
fn axum_hostile_requests_on_one_keep_alive_connection_leave_it_usable() {
    hostile_requests_on_one_keep_alive_connection_leave_it_usable(Server::Axum);
}
