//! `cargo fuzz run decision`: see `fuzz/README.md`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cors_fuzz::decision::check(data));
