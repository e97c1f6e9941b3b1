//! What a response must be, and the check that compares one with it.

use crate::raw::Response;

/// What a response must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    /// The status.
    pub status: u16,
    /// The one `Access-Control-Allow-Origin` value, or `None` for no CORS header at all.
    pub allow_origin: Option<String>,
    /// `Access-Control-Allow-Credentials: true` (only with `allow_origin`).
    pub credentials: bool,
    /// `Vary` lists `Origin`.
    pub vary_origin: bool,
    /// Further headers that must each have exactly this one value.
    pub exact: Vec<(&'static str, String)>,
    /// Text the body contains.
    pub body: Option<&'static str>,
}

impl Expect {
    /// The handler's `status`, without CORS headers but `Vary: Origin`.
    pub fn plain(status: u16) -> Expect {
        Expect {
            status,
            allow_origin: None,
            credentials: false,
            vary_origin: true,
            exact: Vec::new(),
            body: None,
        }
    }

    /// A refused preflight: `403`, no CORS headers, `Vary: Origin`.
    pub fn refused() -> Expect {
        Expect {
            body: Some("CORS preflight rejected"),
            ..Expect::plain(403)
        }
    }

    /// A request a strict policy refuses before the handler runs: `403`, no CORS headers,
    /// `Vary: Origin`.
    pub fn rejected() -> Expect {
        Expect {
            body: Some("CORS request rejected"),
            ..Expect::plain(403)
        }
    }

    /// What the server (actix-web, or axum and hyper) answers before any CORS code runs:
    /// `status`, no CORS header, no `Vary`.
    pub fn server(status: u16) -> Expect {
        Expect {
            vary_origin: false,
            ..Expect::plain(status)
        }
    }

    /// An allowed request from `origin`, with credentials.
    pub fn allowed(status: u16, origin: &str) -> Expect {
        Expect {
            allow_origin: Some(origin.to_owned()),
            credentials: true,
            ..Expect::plain(status)
        }
    }

    /// An allowed preflight from `origin` to a route of section 9's policy (`GET`, `PUT`, the
    /// configured headers, max age 600).
    pub fn preflight(origin: &str) -> Expect {
        Expect::allowed(204, origin)
            .with("access-control-allow-methods", "GET, PUT")
            .with("access-control-allow-headers", "content-type, x-api-key")
            .with("access-control-max-age", "600")
    }

    /// The same, with the header `name` required to be exactly `value`.
    pub fn with(mut self, name: &'static str, value: &str) -> Expect {
        self.exact.push((name, value.to_owned()));
        self
    }

    /// The same, with the body containing `text`.
    pub fn with_body(self, text: &'static str) -> Expect {
        Expect {
            body: Some(text),
            ..self
        }
    }
}

/// One hostile request and the response it must get.
#[derive(Clone, Debug)]
pub struct Case {
    /// What the case tries.
    pub name: String,
    /// The raw request bytes.
    pub request: Vec<u8>,
    /// The response it must get.
    pub expect: Expect,
}

impl Case {
    /// Compares a response with the expectation; `Err` says every difference.
    pub fn check(&self, response: &Response) -> Result<(), String> {
        let mut problems = Vec::new();
        let expect = &self.expect;
        if response.status != expect.status {
            problems.push(format!(
                "status {} (want {})",
                response.status, expect.status
            ));
        }
        let acao: Vec<String> = response
            .all("access-control-allow-origin")
            .iter()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect();
        match &expect.allow_origin {
            Some(origin) if acao != [origin.clone()] => {
                problems.push(format!("ACAO {acao:?} (want [{origin:?}])"));
            }
            None => {
                let leaked: Vec<&str> = response
                    .headers
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .filter(|name| name.starts_with("access-control-"))
                    .collect();
                if !leaked.is_empty() {
                    problems.push(format!("CORS headers {leaked:?} (want none)"));
                }
            }
            Some(_) => {}
        }
        let acac = response.all("access-control-allow-credentials");
        let want_acac: &[&[u8]] = if expect.credentials { &[b"true"] } else { &[] };
        if acac != want_acac {
            problems.push(format!("ACAC {acac:?} (want {want_acac:?})"));
        }
        if response.varies_on("origin") != expect.vary_origin {
            problems.push(format!(
                "Vary {:?} (want Origin: {})",
                response.all("vary"),
                expect.vary_origin
            ));
        }
        for (name, want) in &expect.exact {
            let got: Vec<String> = response
                .all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect();
            if got != [want.clone()] {
                problems.push(format!("{name} {got:?} (want [{want:?}])"));
            }
        }
        let body = String::from_utf8_lossy(&response.body);
        if let Some(text) = expect.body.filter(|text| !body.contains(text)) {
            problems.push(format!("body {body:?} (want it to contain {text:?})"));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}: {}", self.name, problems.join("; ")))
        }
    }
}

/// A raw HTTP/1.1 request with a `Host` and the given header lines, sent as they are.
pub fn request(method: &str, path: &str, headers: &[(&str, &[u8])]) -> Vec<u8> {
    let mut bytes = format!("{method} {path} HTTP/1.1\r\nhost: localhost\r\n").into_bytes();
    for (name, value) in headers {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    bytes
}
