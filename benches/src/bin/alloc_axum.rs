//! Heap allocations per request for the axum arms, counted by a `#[global_allocator]`.
//!
//! `cargo run --release -p cors-benches --bin alloc_axum [-- REQUESTS [--tsv]]` prints Markdown
//! tables (or, with `--tsv`, one `case arm allocations bytes` line per measurement, which
//! `benches/axum.sh` reads). Only [`call_one`] is counted: each request is built outside the
//! counted region, and requests are served one at a time after a warm-up, as in `alloc_count`.

use std::alloc::System;

use cors_benches::Case;
use cors_benches::axum_arms::{AxumArm, call_one, check, request, router};
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

/// Serves one case `requests` times through one arm after the warm-up and averages the counted
/// activity.
fn count(arm: AxumArm, case: Case, requests: u64) -> PerRequest {
    let router = router(arm, case.policy());
    check(&router, arm, case);
    for _ in 0..WARM_UP {
        call_one(&router, request(case));
    }
    let (mut allocations, mut bytes) = (0, 0);
    for _ in 0..requests {
        let request = request(case);
        let region = Region::new(GLOBAL);
        call_one(&router, request);
        let stats = region.change();
        allocations += stats.allocations + stats.reallocations;
        bytes += stats.bytes_allocated + stats.bytes_reallocated.max(0).unsigned_abs();
    }
    PerRequest {
        allocations: allocations as f64 / requests as f64,
        bytes: bytes as f64 / requests as f64,
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tsv = args.iter().any(|arg| arg == "--tsv");
    let requests = match args.iter().find(|arg| *arg != "--tsv") {
        Some(arg) => arg
            .parse::<u64>()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| panic!("REQUESTS must be a positive integer, not {arg:?}")),
        None => DEFAULT_REQUESTS,
    };
    let results: Vec<(Case, Vec<Option<PerRequest>>)> = Case::ONE_ROUTE
        .into_iter()
        .map(|case| {
            let per_arm = AxumArm::ALL
                .into_iter()
                .map(|arm| arm.serves(case).then(|| count(arm, case, requests)))
                .collect();
            (case, per_arm)
        })
        .collect();

    if tsv {
        for (case, per_arm) in &results {
            for (arm, per) in AxumArm::ALL.into_iter().zip(per_arm) {
                let Some(per) = per else { continue };
                println!(
                    "{}\t{}\t{}\t{}",
                    case.slug(),
                    arm.slug(),
                    show(per.allocations),
                    show(per.bytes)
                );
            }
        }
        return;
    }
    println!("Heap allocations per request (mean of {requests}, after {WARM_UP} warm-up)\n");
    print_table(&results, |per| per.allocations);
    println!("\nBytes allocated per request\n");
    print_table(&results, |per| per.bytes);
}

/// Prints one Markdown table: a row per case, a column per arm, then each arm's difference
/// from plain axum.
/// An arm that does not serve a case shows `n/a`.
fn print_table(results: &[(Case, Vec<Option<PerRequest>>)], metric: impl Fn(&PerRequest) -> f64) {
    let others = &AxumArm::ALL[1..];
    let mut heading = String::from("| case |");
    for arm in AxumArm::ALL {
        heading += &format!(" {} |", arm.title());
    }
    for arm in others {
        heading += &format!(" {} − axum |", arm.title());
    }
    println!("{heading}");
    println!("|---|{}", "---:|".repeat(AxumArm::ALL.len() + others.len()));
    for (case, per_arm) in results {
        let plain = per_arm[0].as_ref().map_or(0.0, &metric);
        let mut row = format!("| {} |", case.slug());
        for per in per_arm {
            let shown = per.as_ref().map_or("n/a".into(), |per| show(metric(per)));
            row += &format!(" {shown} |");
        }
        for per in &per_arm[1..] {
            let shown = per
                .as_ref()
                .map_or("n/a".into(), |per| show_delta(metric(per) - plain));
            row += &format!(" {shown} |");
        }
        println!("{row}");
    }
}
