//! Shared by the `EnvConfig` tests: the `CORS_` configuration, a base of required variables,
//! and `#[track_caller]` checks of a report and of its single problem.

use cors_core::{EnvConfig, EnvError, EnvErrorKind, EnvErrors, ErrorKind, Policy};

pub fn config() -> EnvConfig {
    EnvConfig::new("CORS_")
}

/// The report for `vars`, which must not be a valid configuration.
#[track_caller]
pub fn report(config: &EnvConfig, vars: &[(&str, &str)]) -> EnvErrors {
    let errors = config
        .read(vars.iter().copied())
        .expect_err("an invalid configuration");
    assert!(errors.len() >= 1);
    errors
}

/// The single problem of `vars`, checked against kind and variable.
#[track_caller]
pub fn only(
    config: &EnvConfig,
    vars: &[(&str, &str)],
    kind: EnvErrorKind,
    variable: &str,
) -> EnvError {
    let errors = report(config, vars);
    assert_eq!(errors.len(), 1, "expected one problem, got:\n{errors}");
    let error = errors.into_iter().next().unwrap();
    assert_eq!(
        (error.kind(), error.variable()),
        (kind, variable),
        "{error}"
    );
    error
}

/// A configuration with the required variables set, for tests to break one more variable of.
pub const BASE: [(&str, &str); 2] = [
    ("CORS_ORIGINS", "https://app.example.com"),
    ("CORS_METHODS", "GET"),
];

pub fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    BASE.iter().chain(extra).copied().collect()
}

/// The one line a single-problem report shows for `vars`.
#[track_caller]
pub fn line(config: &EnvConfig, vars: &[(&str, &str)], kind: ErrorKind) -> String {
    let errors = report(config, vars);
    assert_eq!(errors.len(), 1, "expected one problem, got:\n{errors}");
    let error = &errors.errors()[0];
    assert_eq!(error.kind(), EnvErrorKind::Policy(kind), "{error}");
    error.to_string()
}

pub fn read(config: &EnvConfig, vars: &[(&str, &str)]) -> Policy {
    config
        .read(vars.iter().copied())
        .unwrap_or_else(|errors| panic!("{errors}"))
}
