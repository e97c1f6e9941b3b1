//! Bounded loopback soak test: the hostile-input catalog (allowed and refused preflights, actual
//! requests, and every hostile case) sent in a loop over keep-alive connections to a server in a
//! child process, for a fixed time.
//!
//! ```text
//! cargo run --release -p cors-tests --bin soak -- [--seconds 60] [--warmup 10] [--connections 4]
//! ```
//!
//! Passes (exit status 0) only with zero 5xx responses, zero connection errors, every response
//! matching its case's expected status and CORS headers, at least 20 passes through the
//! catalog, the server process still running at the end, and its resident memory flat after the
//! warm-up: the median of the last 5 one-second samples at most 10% above the median of the first
//! 5 after the warm-up (medians, so one transient sample neither fails nor passes the run).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cors_tests::hostile::{self, Case};
use cors_tests::raw::Connection;

/// Allowed growth of the server's RSS after the warm-up.
const RSS_TOLERANCE: f64 = 0.10;

/// Samples in each of the two RSS windows compared.
const WINDOW: usize = 5;

/// Passes through the whole catalog every run must make, so a slow machine cannot pass by
/// sending little.
const MIN_ROTATIONS: u64 = 20;

struct Options {
    seconds: u64,
    warmup: u64,
    connections: usize,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        seconds: 60,
        warmup: 10,
        connections: 4,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} {value}: not a whole number"))
        };
        match flag.as_str() {
            "--seconds" => options.seconds = number()?,
            "--warmup" => options.warmup = number()?,
            "--connections" => options.connections = number()? as usize,
            _ => {
                return Err(format!(
                    "unknown flag {flag} (--seconds, --warmup, --connections)"
                ));
            }
        }
    }
    if options.warmup + 2 * WINDOW as u64 > options.seconds || options.connections == 0 {
        return Err(format!(
            "--seconds must leave {} s after --warmup, --connections must be above 0",
            2 * WINDOW
        ));
    }
    Ok(options)
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        return serve();
    }
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match soak(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Child mode: one worker serving the hostile app, its address on stdout.
#[actix_web::main]
async fn serve_app() -> std::io::Result<()> {
    let server = actix_web::HttpServer::new(|| actix_web::App::new().configure(hostile::configure))
        .workers(1)
        .bind(("127.0.0.1", 0))?;
    println!("listening {}", server.addrs()[0]);
    server.run().await
}

fn serve() -> ExitCode {
    match serve_app() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The child server, killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Kept open: a closed pipe would make any later output of the server fail.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    fn spawn() -> std::io::Result<Server> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("--serve")
            .stdout(Stdio::piped())
            .spawn()?;
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|addr| addr.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("server said {line:?}")))?;
        Ok(Server {
            child,
            addr,
            _stdout: stdout,
        })
    }

    /// Resident set size in KiB, from `/proc`.
    fn rss_kib(&self) -> std::io::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| std::io::Error::other("no VmRSS in /proc/<pid>/status"))
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default)]
struct Counters {
    responses: AtomicU64,
    server_errors: AtomicU64,
    connection_errors: AtomicU64,
    mismatches: AtomicU64,
    preflights: AtomicU64,
    refused: AtomicU64,
    malformed: AtomicU64,
}

fn soak(options: &Options) -> std::io::Result<bool> {
    let mut server = Server::spawn()?;
    let cases: Arc<Vec<Case>> = Arc::new(hostile::cases(hostile::Server::Actix));
    let counters = Arc::new(Counters::default());
    let examples = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    println!(
        "soak: {} s ({} s warm-up), {} connections, {} cases in rotation, server pid {} on {}",
        options.seconds,
        options.warmup,
        options.connections,
        cases.len(),
        server.child.id(),
        server.addr
    );
    let clients: Vec<_> = (0..options.connections)
        .map(|client| {
            let (cases, counters, examples, stop) = (
                cases.clone(),
                counters.clone(),
                examples.clone(),
                stop.clone(),
            );
            let addr = server.addr;
            std::thread::spawn(move || drive(client, addr, &cases, &counters, &examples, &stop))
        })
        .collect();

    let started = Instant::now();
    // (second, RSS in KiB) after the warm-up.
    let mut samples = Vec::new();
    let mut previous = (Duration::ZERO, 0);
    while started.elapsed() < Duration::from_secs(options.seconds) && server.is_running() {
        std::thread::sleep(Duration::from_secs(1));
        if !server.is_running() {
            break;
        }
        let elapsed = started.elapsed();
        let second = elapsed.as_secs();
        let rss = server.rss_kib()?;
        if second >= options.warmup {
            samples.push(rss);
        }
        if second.is_multiple_of(10) {
            let total = counters.responses.load(Ordering::Relaxed);
            let rate = (total - previous.1) as f64 / (elapsed - previous.0).as_secs_f64();
            println!("  t={second:>3}s  rss {rss:>6} KiB  {rate:>7.0} req/s");
            previous = (elapsed, total);
        }
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client threads do not panic");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let running = server.is_running();

    if samples.len() < 2 * WINDOW {
        println!("soak: FAIL (the server stopped after {elapsed:.0} s)");
        return Ok(false);
    }
    let baseline = median(&samples[..WINDOW]);
    let last = median(&samples[samples.len() - WINDOW..]);
    let peak = samples.iter().copied().max().unwrap_or(last);
    let growth = last as f64 / baseline as f64 - 1.0;
    let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    let responses = load(&counters.responses);
    println!(
        "responses {responses} ({:.0}/s): preflights {}, refused {}, malformed (400) {}",
        responses as f64 / elapsed,
        load(&counters.preflights),
        load(&counters.refused),
        load(&counters.malformed)
    );
    println!(
        "5xx {}, connection errors {}, responses not as expected {}, server running {running}",
        load(&counters.server_errors),
        load(&counters.connection_errors),
        load(&counters.mismatches)
    );
    println!(
        "rss after warm-up (medians of {WINDOW} s): first {baseline} KiB, last {last} KiB \
         ({:+.1}%), peak sample {peak} KiB",
        growth * 100.0
    );
    for example in examples.lock().expect("no client panicked").iter() {
        println!("  {example}");
    }
    let passed = load(&counters.server_errors) == 0
        && load(&counters.connection_errors) == 0
        && load(&counters.mismatches) == 0
        && running
        && growth <= RSS_TOLERANCE
        && responses >= MIN_ROTATIONS * cases.len() as u64;
    println!("soak: {}", if passed { "PASS" } else { "FAIL" });
    Ok(passed)
}

/// The median of some samples.
fn median(samples: &[u64]) -> u64 {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

/// One client: a keep-alive connection through the cases, starting at its own offset, opening a
/// new connection only where the server closes one (after a request it could not parse).
/// Every failed connect, write or read counts as a connection error.
fn drive(
    client: usize,
    addr: SocketAddr,
    cases: &[Case],
    counters: &Counters,
    examples: &Mutex<Vec<String>>,
    stop: &AtomicBool,
) {
    let note = |text: String| {
        let mut examples = examples.lock().expect("no client panicked");
        if examples.len() < 10 {
            examples.push(text);
        }
    };
    let mut connection: Option<Connection> = None;
    let mut index = client * 37;
    while !stop.load(Ordering::Relaxed) {
        let case = &cases[index % cases.len()];
        index += 1;
        let open = match connection.take() {
            Some(open) => Ok(open),
            None => Connection::open(addr),
        };
        let result = open.and_then(|mut open| {
            let response = open.exchange(&case.request)?;
            Ok((open, response))
        });
        let (open, response) = match result {
            Ok(exchanged) => exchanged,
            Err(error) => {
                counters.connection_errors.fetch_add(1, Ordering::Relaxed);
                note(format!("connection error on {}: {error}", case.name));
                // The run has failed already; do not spin against a server that is gone.
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        counters.responses.fetch_add(1, Ordering::Relaxed);
        if response.status >= 500 {
            counters.server_errors.fetch_add(1, Ordering::Relaxed);
        }
        match response.status {
            204 => counters.preflights.fetch_add(1, Ordering::Relaxed),
            403 => counters.refused.fetch_add(1, Ordering::Relaxed),
            400 => counters.malformed.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
        if let Err(problem) = case.check(&response) {
            counters.mismatches.fetch_add(1, Ordering::Relaxed);
            note(problem);
        }
        // actix closes the connection after a request it cannot parse, without saying so in a
        // `Connection: close` when the connection had served requests before.
        if !response.closes && response.status != 400 {
            connection = Some(open);
        }
    }
}
