//! `cargo fuzz run decision`: see `fuzz/README.md`.

#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cors_fuzz::decision::check(data));

/// Without cargo-fuzz (`cargo test`, `cargo clippy`) the target is not linked to libFuzzer.
#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build this target with `cargo fuzz run decision`: see fuzz/README.md");
    std::process::exit(2);
}
