//! `EnvConfig`: policies from environment variables. One test per `EnvErrorKind` with its exact
//! variable, value and suggestion; every problem of several variables in one report; valid
//! spellings, defaults and unrelated variables; and no input that panics. One module per topic;
//! the configuration and `#[track_caller]` report checks they share are in `support.rs`.

mod never_panics;
mod origin_list;
mod policy_errors;
mod reports;
mod support;
mod valid;
mod variables;
