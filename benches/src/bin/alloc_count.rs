//! Heap allocations per request, per case and arm, counted by a `#[global_allocator]`.
//!
//! `cargo run --release -p cors-benches --bin alloc_count [-- REQUESTS]` prints Markdown
//! tables. Only [`call_one`] is counted: each request is built outside the counted region, as
//! the HTTP/1 dispatcher would build it, and requests are served one at a time after a warm-up
//! so that actix's pools and lazily built state are in their steady state.

use std::alloc::System;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use cors_benches::{Arm, Case, UseService, call_one, check, with_service};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Requests served before counting.
const WARM_UP: u64 = 200;

/// Requests counted when no count is given.
const DEFAULT_REQUESTS: u64 = 1000;

/// Heap activity per request, averaged.
#[derive(Clone, Copy, Debug)]
struct PerRequest {
    /// `alloc` calls, plus `realloc` calls (each may move the block).
    allocations: f64,
    /// Bytes requested by those calls.
    bytes: f64,
}

/// Serves one case `requests` times after the warm-up and averages the counted activity.
struct Count {
    arm: Arm,
    case: Case,
    requests: u64,
}

impl UseService for Count {
    type Output = PerRequest;

    fn run<S, B>(self, service: &S) -> PerRequest
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        check(service, self.arm, self.case);
        for _ in 0..WARM_UP {
            call_one(service, self.case.request());
        }
        let (mut allocations, mut bytes) = (0, 0);
        for _ in 0..self.requests {
            let request = self.case.request();
            let region = Region::new(GLOBAL);
            call_one(service, request);
            let stats = region.change();
            allocations += stats.allocations + stats.reallocations;
            bytes += stats.bytes_allocated + stats.bytes_reallocated.max(0).unsigned_abs();
        }
        PerRequest {
            allocations: allocations as f64 / self.requests as f64,
            bytes: bytes as f64 / self.requests as f64,
        }
    }
}

/// Formats an average that is almost always whole without a pointless fraction.
fn show(value: f64) -> String {
    if (value - value.round()).abs() < 0.005 {
        format!("{}", value.round())
    } else {
        format!("{value:.2}")
    }
}

/// Formats a difference with its sign.
fn show_delta(value: f64) -> String {
    let shown = show(value);
    if value >= 0.0 && !shown.starts_with('-') {
        format!("+{shown}")
    } else {
        shown
    }
}

fn main() {
    let requests = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .unwrap_or_else(|_| panic!("REQUESTS must be a positive integer, not {arg:?}")),
        None => DEFAULT_REQUESTS,
    };
    let results: Vec<(Case, Vec<PerRequest>)> = Case::ALL
        .into_iter()
        .map(|case| {
            let per_arm = Arm::ALL
                .into_iter()
                .map(|arm| {
                    with_service(
                        arm,
                        case,
                        Count {
                            arm,
                            case,
                            requests,
                        },
                    )
                })
                .collect();
            (case, per_arm)
        })
        .collect();

    println!("Heap allocations per request (mean of {requests}, after {WARM_UP} warm-up)\n");
    print_table(&results, |per| per.allocations);
    println!("\nBytes allocated per request\n");
    print_table(&results, |per| per.bytes);
}

/// Prints one Markdown table: a row per case, a column per arm, then each arm's difference
/// from the baseline.
fn print_table(results: &[(Case, Vec<PerRequest>)], metric: impl Fn(&PerRequest) -> f64) {
    let others = &Arm::ALL[1..];
    let mut heading = String::from("| case |");
    for arm in Arm::ALL {
        heading += &format!(" {} |", arm.title());
    }
    for arm in others {
        heading += &format!(" {} − baseline |", arm.title());
    }
    println!("{heading}");
    println!("|---|{}", "---:|".repeat(Arm::ALL.len() + others.len()));
    for (case, per_arm) in results {
        let baseline = metric(&per_arm[0]);
        let mut row = format!("| {} |", case.slug());
        for per in per_arm {
            row += &format!(" {} |", show(metric(per)));
        }
        for per in &per_arm[1..] {
            row += &format!(" {} |", show_delta(metric(per) - baseline));
        }
        println!("{row}");
    }
}
