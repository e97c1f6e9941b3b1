//! `cargo fuzz run pattern`: see `fuzz/README.md`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cors_fuzz::pattern::check(data));
