//! Per-request CPU time of one route served without CORS, with `#[cors]` and with actix-cors,
//! and on axum without CORS, with cors-tower (`policy!`, `from_spec`), with tower-http and with
//! the floor layer, for every case in [`Case::ALL`], in one process and one run.
//!
//! `cargo bench -p cors-benches --bench requests` (criterion arguments after `--`, e.g.
//! `-- preflight` to run one group, `-- axum/` for the axum groups only). Each group is a case
//! (`axum/CASE` for the axum arms), each benchmark in it an arm.
//!
//! actix's `Request` cannot be cloned, so each iteration builds a fresh one; only [`call_one`]
//! is timed (`iter_custom`), so construction cost stays out of every arm alike. Requests are
//! built one at a time rather than in batches so that actix's request-head pool is in the same
//! steady state as under a real server.

use std::hint::black_box;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use cors_benches::axum_arms::{self, AxumArm};
use cors_benches::{Arm, Case, UseService, call_one, check, with_service};
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};

/// Registers the benchmark of one arm in the group of one case.
struct Bench<'g, 'c> {
    group: &'g mut BenchmarkGroup<'c, WallTime>,
    arm: Arm,
    case: Case,
}

impl UseService for Bench<'_, '_> {
    type Output = ();

    fn run<S, B>(self, service: &S)
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        check(service, self.arm, self.case);
        self.group.bench_function(self.arm.slug(), |bencher| {
            bencher.iter_custom(|iterations| {
                let mut elapsed = Duration::ZERO;
                for _ in 0..iterations {
                    let request = self.case.request();
                    let start = Instant::now();
                    black_box(call_one(service, black_box(request)));
                    elapsed += start.elapsed();
                }
                elapsed
            });
        });
    }
}

fn requests(criterion: &mut Criterion) {
    for case in Case::ALL {
        let mut group = criterion.benchmark_group(case.slug());
        for arm in Arm::ALL {
            with_service(
                arm,
                case,
                Bench {
                    group: &mut group,
                    arm,
                    case,
                },
            );
        }
        group.finish();
    }
}

fn axum_requests(criterion: &mut Criterion) {
    for case in Case::ONE_ROUTE {
        let mut group = criterion.benchmark_group(format!("axum/{}", case.slug()));
        for arm in AxumArm::ALL.into_iter().filter(|arm| arm.serves(case)) {
            let router = axum_arms::router(arm, case.policy());
            axum_arms::check(&router, arm, case);
            group.bench_function(arm.slug(), |bencher| {
                bencher.iter_custom(|iterations| {
                    let mut elapsed = Duration::ZERO;
                    for _ in 0..iterations {
                        let request = axum_arms::request(case);
                        let start = Instant::now();
                        black_box(axum_arms::call_one(&router, black_box(request)));
                        elapsed += start.elapsed();
                    }
                    elapsed
                });
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    // Short windows: 61 benchmarks (21 actix, 40 axum) must finish in about four minutes on a
    // shared 2-core machine;
    // callgrind, not this, gives the primary figures.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50);
    targets = requests, axum_requests
}
criterion_main!(benches);
