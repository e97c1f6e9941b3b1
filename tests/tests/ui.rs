//! Compile-fail tests for `#[cors]` and `cors_tower::policy!` (the `policy_*` cases): each misuse
//! must fail with a clear message at the offending token, and with no follow-on error elsewhere.
//!
//! The expected `.stderr` files hold rustc's rendering of the errors, which changes between
//! compiler releases, so they are pinned to one toolchain: [`PINNED_RUSTC`]. On another one this
//! test is skipped, saying why and how to regenerate them.

use std::process::Command;

/// The `rustc --version` prefix the `.stderr` files were generated and reviewed with.
const PINNED_RUSTC: &str = "rustc 1.95.";

#[test]
fn ui() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_else(|err| panic!("cannot run `{rustc} --version`: {err}"));
    if !version.starts_with(PINNED_RUSTC) {
        // Another toolchain renders the same errors differently: skipped with the reason, as
        // trybuild users do, rather than failed. CI runs the pinned one.
        println!(
            "skipped: tests/ui/*.stderr are pinned to {PINNED_RUSTC}x but this is {}; to run them \
             here, regenerate them with `TRYBUILD=overwrite cargo test -p cors-tests --test ui`, \
             review every diff, and update PINNED_RUSTC",
            version.trim()
        );
        return;
    }

    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
