//! The newcomer demo: a CORS-annotated API and, on another origin, a page that calls it.
//!
//! Two servers run side by side on loopback:
//!
//! - the **API** (default `http://127.0.0.1:8080`, see [`api`]): one `#[cors(..)]` route per
//!   situation worth seeing in a browser, plus the demo diagnostics under `/_demo/` (see
//!   [`diagnostics`]);
//! - the **page server** (default `http://127.0.0.1:3000`, see [`page`]): one static HTML page
//!   whose inline script runs a matrix of real `fetch()` calls against the API and shows, per
//!   call, what was expected, what the browser did, and what the API saw.
//!
//! # Why the page port is part of the policies
//!
//! `#[cors]` policies are compiled, so the page origins they name are fixed:
//! `http://127.0.0.1:3000` is the allowed single-page-app origin, `http://localhost:3000` a
//! disallowed origin, and `http://a.demo.localhost:3000` matches the wildcard
//! `http://*.demo.localhost:3000` (Chromium resolves every `*.localhost` name to loopback). The
//! page server answers on all these names, so one server plays every origin. Serving the page
//! on another port (`--page-port`) changes those origins: the rows expected to be allowed then
//! turn red, and the page says so in a banner. The end-to-end suite keeps the origins on port
//! 3000 while binding a free port: Chromium maps `<name>:3000` to that port
//! (`--host-resolver-rules`); Firefox and WebKit send `<name>:3000` requests to a loopback proxy
//! of the suite that forwards them there. Either way the `Origin` the browser sends is unchanged.
//!
//! The page names the engine it runs in and lists the rows whose expectation differs between
//! engines, with the engine version and a link to the engine's source.
//!
//! # Two builds of one API
//!
//! `cargo run -p examples --bin demo` serves the API with actix-web and `#[cors]` ([`api`]);
//! `cargo run -p examples --bin demo-axum` serves the same API with axum and
//! `cors_tower::policy!` layers ([`axum_api`]). Both take the same flags, print the same lines
//! and serve the same page; the route table they share is [`routes::ROUTES`], and the example
//! tests check that both answer every route alike. The end-to-end suite runs the page's matrix
//! against each.

pub mod api;
pub mod axum_api;
pub mod diagnostics;
pub mod page;
pub mod routes;

use std::net::{Ipv4Addr, SocketAddr};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, Error, HttpServer, web};

/// The API port used when neither `--api-port` nor `DEMO_API_PORT` is given.
pub const DEFAULT_API_PORT: u16 = 8080;

/// The page port used when neither `--page-port` nor `DEMO_PAGE_PORT` is given; the compiled
/// policies in [`api`] name page origins on this port.
pub const DEFAULT_PAGE_PORT: u16 = 3000;

/// Where the two servers listen. Both always bind to `127.0.0.1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ports {
    /// The API's port; `0` picks a free one.
    pub api: u16,
    /// The page server's port; `0` picks a free one.
    pub page: u16,
}

impl Default for Ports {
    fn default() -> Self {
        Ports {
            api: DEFAULT_API_PORT,
            page: DEFAULT_PAGE_PORT,
        }
    }
}

/// The usage text of the `demo` binary.
pub const USAGE: &str = "\
usage: demo [--api-port N] [--page-port N]
       demo --cors-audit

Runs the cors-actix demo: the API and a page on another origin that calls it.

  --api-port N    API port (default 8080, env DEMO_API_PORT; 0 = any free port)
  --page-port N   page port (default 3000, env DEMO_PAGE_PORT; 0 = any free port).
                  The #[cors] policies name page origins on port 3000: on another port
                  the rows expected to be allowed turn red (the page explains why).
  --cors-audit    print every #[cors] route and named policy of the demo's API, with the
                  policy each one runs, and exit.
";

/// Every `#[cors]` route and named policy of the demo's API ([`cors_actix::audit`]), what
/// `demo --cors-audit` prints.
pub fn audit() -> cors_actix::Audit {
    cors_actix::audit().in_module(module_path!())
}

impl Ports {
    /// Reads the ports from command-line flags, falling back to `DEMO_API_PORT` and
    /// `DEMO_PAGE_PORT` (looked up through `env`), then to the defaults.
    ///
    /// Returns `Ok(None)` for `--help`, and a message for anything it does not understand.
    pub fn parse<I, E>(args: I, env: E) -> Result<Option<Ports>, String>
    where
        I: IntoIterator<Item = String>,
        E: Fn(&str) -> Option<String>,
    {
        let mut ports = Ports::default();
        for (name, port) in [
            ("DEMO_API_PORT", &mut ports.api),
            ("DEMO_PAGE_PORT", &mut ports.page),
        ] {
            if let Some(value) = env(name) {
                *port = parse_port(name, &value)?;
            }
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            let target = match flag.as_str() {
                "-h" | "--help" => return Ok(None),
                "--cors-audit" => return Err(format!("{flag} goes alone")),
                "--api-port" => &mut ports.api,
                "--page-port" => &mut ports.page,
                _ => return Err(format!("unknown argument {flag:?}")),
            };
            let value = inline
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a port number"))?;
            *target = parse_port(&flag, &value)?;
        }
        Ok(Some(ports))
    }
}

fn parse_port(name: &str, value: &str) -> Result<u16, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{name}: {value:?} is not a port number (0-65535)"))
}

/// State shared by every worker of the API: the demo's data and its diagnostics.
#[derive(Clone, Default)]
pub struct DemoState {
    /// Sessions, items, notes, likes and comments the routes read and change.
    pub store: web::Data<api::Store>,
    /// What the API saw: the request log and the preflight counts.
    pub diagnostics: web::Data<diagnostics::Diagnostics>,
}

/// Builds the API: the annotated routes, the diagnostics endpoints and the recorder that feeds
/// them.
pub fn api_app(
    state: DemoState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state.store)
        .app_data(state.diagnostics)
        // App-level, so it is outside every route's CORS middleware and sees the final
        // response, including the preflight answers and the 403 rejections.
        .wrap(from_fn(diagnostics::record))
        .configure(api::configure)
        .configure(diagnostics::configure)
}

/// Serves both servers until Ctrl-C, printing their addresses and a hint first.
pub async fn run(ports: Ports) -> std::io::Result<()> {
    // Every route whose origins come from the environment, before anything is bound.
    cors_actix::check().map_err(|errors| std::io::Error::other(errors.to_string()))?;
    let state = DemoState::default();
    let api = HttpServer::new(move || api_app(state.clone()))
        .workers(2)
        .shutdown_timeout(1)
        .bind((Ipv4Addr::LOCALHOST, ports.api))
        .map_err(|error| cannot_listen("API", ports.api, "--api-port / DEMO_API_PORT", error))?;
    let api_addr = bound(api.addrs())?;
    let api_base = format!("http://{api_addr}");

    let page_config = page::PageConfig {
        api_base: api_base.clone(),
        server: page::Server::Actix,
    };
    let page_server = HttpServer::new(move || page::page_app(page_config.clone()))
        .workers(1)
        .shutdown_timeout(1)
        .bind((Ipv4Addr::LOCALHOST, ports.page))
        .map_err(|error| {
            cannot_listen("page", ports.page, "--page-port / DEMO_PAGE_PORT", error)
        })?;
    let page_addr = bound(page_server.addrs())?;

    println!("API:  {api_base}/");
    println!("Page: http://{page_addr}/");
    println!(
        "Hint: open the page in a browser; it calls the API from another origin and every row should turn green (Ctrl-C stops both)."
    );
    if page_addr.port() != DEFAULT_PAGE_PORT {
        println!(
            "Note: the #[cors] policies name page origins on port {DEFAULT_PAGE_PORT}; on port {} the rows expected to be allowed turn red.",
            page_addr.port()
        );
    }

    let page_server = page_server.run();
    let page_handle = page_server.handle();
    let page_task = actix_web::rt::spawn(page_server);
    let result = api.run().await;
    page_handle.stop(true).await;
    // The page server's own result only matters when the API stopped cleanly.
    let page_result = page_task.await.map_err(std::io::Error::other)?;
    result.and(page_result)
}

/// Says which server could not bind, and how to pick another port.
pub(crate) fn cannot_listen(
    server: &str,
    port: u16,
    flag: &str,
    error: std::io::Error,
) -> std::io::Error {
    std::io::Error::new(
        error.kind(),
        format!(
            "the {server} server cannot listen on 127.0.0.1:{port}: {error} (choose another port with {flag})"
        ),
    )
}

fn bound(addrs: Vec<SocketAddr>) -> std::io::Result<SocketAddr> {
    addrs
        .into_iter()
        .next()
        .ok_or_else(|| std::io::Error::other("the server bound no address"))
}
