//! `cargo fuzz run origin`: see `fuzz/README.md`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cors_fuzz::origin::check(data));
