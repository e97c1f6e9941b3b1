//! Serves one case through one axum arm N times, for instruction counting under callgrind.
//!
//! `callgrind_axum ARM CASE N` with ARM one of `axum`, `policy`, `from-spec`, `tower-http`,
//! `floor` and CASE one of the case slugs (see `cors_benches::Case`). `benches/axum.sh` runs it
//! with `--toggle-collect` on `cors_benches::axum_arms::call_one` for two values of N and
//! divides the difference, so start-up, router construction, request construction and the
//! warm-up all cancel out.

use cors_benches::Case;
use cors_benches::axum_arms::{AxumArm, call_one, check, request, router};

/// Requests served before the measured loop, so lazily built state exists in both runs.
const WARM_UP: u64 = 100;

fn usage() -> ! {
    let arms: Vec<_> = AxumArm::ALL.iter().map(|arm| arm.slug()).collect();
    let cases: Vec<_> = Case::ONE_ROUTE.iter().map(|case| case.slug()).collect();
    eprintln!(
        "usage: callgrind_axum ARM CASE N\n  ARM: {}\n  CASE: {}",
        arms.join(" | "),
        cases.join(" | ")
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [arm, case, requests] = args.as_slice() else {
        usage()
    };
    let (Some(arm), Some(case), Ok(requests)) = (
        AxumArm::from_slug(arm),
        Case::from_slug(case),
        requests.parse::<u64>(),
    ) else {
        usage()
    };
    if !arm.serves(case) {
        eprintln!("{} does not serve {}", arm.slug(), case.slug());
        std::process::exit(2)
    }
    let router = router(arm, case.policy());
    check(&router, arm, case);
    for _ in 0..WARM_UP + requests {
        call_one(&router, request(case));
    }
}
