//! The checks behind the `cargo fuzz` targets of `cors-core`, one module per target.
//!
//! Each `check` takes the fuzzer's bytes, runs the code under test and asserts its security
//! invariants; a failed assertion is a finding. The same functions replay the checked-in
//! corpora under `cargo test` (see `tests/corpus.rs`), so every finding stays a regression test
//! on the stable toolchain. How to run the fuzzers: `fuzz/README.md`.

#![forbid(unsafe_code)]

pub mod decision;
pub mod oracle;
pub mod origin;
pub mod pattern;
