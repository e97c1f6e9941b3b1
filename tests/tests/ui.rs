//! Compile-fail tests for `#[cors]`: each misuse must fail with a clear message at the offending
//! token, and with no follow-on error elsewhere.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
