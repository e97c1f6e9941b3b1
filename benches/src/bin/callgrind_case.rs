//! Serves one case through one arm N times, for instruction counting under callgrind.
//!
//! `callgrind_case ARM CASE N` with ARM one of `baseline`, `attribute`, `actix-cors` and CASE
//! one of the case slugs (see `cors_benches::Case`). `benches/callgrind.sh` runs it with
//! `--toggle-collect` on `call_one` for two values of N and divides the difference, so start-up,
//! app construction, request construction and the warm-up all cancel out.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use cors_benches::{Arm, Case, UseService, call_one, check, with_service};

/// Requests served before the measured loop, so lazily built state exists in both runs.
const WARM_UP: u64 = 100;

/// Serves one case `requests` times after the warm-up.
struct Repeat {
    arm: Arm,
    case: Case,
    requests: u64,
}

impl UseService for Repeat {
    type Output = ();

    fn run<S, B>(self, service: &S)
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        check(service, self.arm, self.case);
        for _ in 0..WARM_UP + self.requests {
            call_one(service, self.case.request());
        }
    }
}

fn usage() -> ! {
    let arms: Vec<_> = Arm::ALL.iter().map(|arm| arm.slug()).collect();
    let cases: Vec<_> = Case::ALL.iter().map(|case| case.slug()).collect();
    eprintln!(
        "usage: callgrind_case ARM CASE N\n  ARM: {}\n  CASE: {}",
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
        Arm::from_slug(arm),
        Case::from_slug(case),
        requests.parse::<u64>(),
    ) else {
        usage()
    };
    with_service(
        arm,
        case,
        Repeat {
            arm,
            case,
            requests,
        },
    );
}
