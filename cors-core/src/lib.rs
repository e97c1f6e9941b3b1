//! Framework-agnostic CORS: the origin grammar, policy validation, compiled policies and the
//! decision engine shared by the `#[cors]` attribute (at compile time) and the runtime builder.
//!
//! The rules follow the WHATWG Fetch standard's CORS protocol. A policy is described by a
//! [`PolicySpec`], checked by [`PolicySpec::validate`] (which reports every problem with a
//! suggested fix) and compiled into a [`Policy`] whose header values are all precomputed.
//! [`Policy::decide`] then answers each request without allocating. [`EnvConfig`] fills and
//! compiles a spec from environment variables, naming the variable and value in every error.
//!
//! The `http` feature (on by default) implements [`RequestView`](glue::RequestView) for `http` 1.x requests and
//! adds `apply_to_headers`, for hyper and tower code; framework glue that has its own request
//! type can turn it off.
//!
//! ```
//! use cors_core::{apply_to_headers, PolicySpec};
//! use cors_core::glue::Decision;
//!
//! let policy = PolicySpec::new()
//!     .origins(["https://app.example.com", "https://*.example.com"])
//!     .methods(["GET", "POST"])
//!     .credentials(true)
//!     .max_age(60)
//!     .compile()?;
//!
//! let request = http::Request::get("/items")
//!     .header("origin", "https://admin.example.com")
//!     .body(())
//!     .unwrap();
//! let decision = policy.decide(&request);
//! assert!(matches!(decision, Decision::ActualAllowed(_)));
//!
//! let mut headers = http::HeaderMap::new();
//! apply_to_headers(&decision, &request, &mut headers);
//! assert_eq!(headers["access-control-allow-origin"], "https://admin.example.com");
//! assert_eq!(headers["access-control-allow-credentials"], "true");
//! # Ok::<(), cors_core::ConfigErrors>(())
//! ```
//!
//! # Environment variables
//!
//! With the `env` feature (on by default), [`EnvConfig`] reads a policy from variables named
//! by a prefix and the upper-case field key: `CORS_ORIGINS`, `CORS_METHODS`, `CORS_HEADERS`,
//! `CORS_EXPOSE`, `CORS_CREDENTIALS`, `CORS_MAX_AGE`, `CORS_PRIVATE_NETWORK`,
//! `CORS_ALLOW_NULL_ORIGIN`, `CORS_STRICT`, `CORS_PREFLIGHT_STATUS` for the prefix `CORS_`.
//!
//! - Lists are comma-separated and each item is trimmed; an empty item (`a,,b`, a leading or
//!   trailing comma) is an error, so is a variable set to nothing but whitespace (unset it to
//!   use the default).
//! - Booleans are exactly `true`, `false`, `1` or `0`, in lowercase: `yes`, `on` or `TRUE`
//!   are errors rather than guesses.
//! - `MAX_AGE` (seconds) and `PREFLIGHT_STATUS` are decimal digits, without sign.
//! - Surrounding whitespace is ignored everywhere; values must be valid Unicode.
//! - Any other variable that starts with the prefix (`CORS_ORIGIN`, `CORS_MAXAGE`) is an error
//!   with a "did you mean" suggestion, so a typo never silently leaves a setting at its
//!   default. So is a variable that starts with the prefix in another case and resembles a
//!   known name (`cors_origins`, `cors_maxage`); one that resembles none (`cors_proxy`) is left
//!   alone, as it likely belongs to other software.
//! - Origins and methods are required: from a variable or from the defaults.
//! - A variable that is set replaces the default entirely (lists are not merged); if a name
//!   comes twice, the last value wins.
//!
//! Every problem is reported in one [`EnvErrors`], with the rules of
//! [`PolicySpec::validate`] applied to the result and each of its errors traced back to the
//! variable and item it came from, its fix written as a variable assignment.
//!
//! ## Pick a prefix of your own
//!
//! **An empty prefix (`EnvConfig::new("")`) turns unknown-name detection off** (every variable
//! of the process would be "unknown"), so a misspelt variable is silently ignored; and it reads
//! the bare names `ORIGINS`, `METHODS`, `CREDENTIALS`, `STRICT`, ..., which other software, a
//! base image or a shell profile may set for its own purposes, and which would then configure
//! CORS. A generic prefix such as `CORS_` has the second problem to a lesser degree. Prefer one
//! specific to the application, such as `MYAPP_CORS_`.

#![forbid(unsafe_code)]

#[cfg(feature = "http")]
mod adapter;
mod allowed;
mod decision;
#[cfg(feature = "env")]
mod env;
#[cfg(feature = "env")]
mod env_error;
#[cfg(feature = "env")]
mod env_wording;
mod error;
mod field;
mod host;
mod origin;
mod outcome;
mod pattern;
mod policy;
mod request;
mod response;
mod same_origin;
mod spec;
#[doc(hidden)]
pub mod suggest;
mod token;
mod valid;
mod vary;
mod words;

#[cfg(feature = "http")]
pub use adapter::apply_to_headers;
#[cfg(feature = "env")]
pub use env::EnvConfig;
#[cfg(feature = "env")]
pub use env_error::{EnvError, EnvErrorKind, EnvErrors};
pub use error::{ConfigError, ConfigErrors, ErrorKind};
pub use field::{Field, FieldKind};
pub use origin::{Origin, OriginEntry, OriginError, OriginErrorKind, canonicalize};
pub use pattern::OriginPattern;
pub use policy::Policy;
pub use spec::{DEFAULT_PREFLIGHT_STATUS, FieldValue, PolicySpec, Setting};
pub use valid::MAX_AGE_LIMIT;

/// What framework glue needs: the engine's view of a request, its [`Decision`](glue::Decision),
/// the response headers a decision writes, `Vary` merging, and the words of configuration
/// errors for a front end of its own. Applications configure policies with the crate root.
pub mod glue {
    pub use crate::allowed::{AllowOriginValue, AllowedHeaders, AllowedOrigins, PolicyText};
    pub use crate::decision::{
        Actual, AllowHeadersValue, Decision, EchoedHeaders, Escaped, Preflight, RejectKind,
        RejectReason, Rejection, preflight_method,
    };
    pub use crate::outcome::{AllValues, Outcome};
    pub use crate::policy::PolicyParts;
    pub use crate::request::{CorsRequestHeader, RequestView};
    pub use crate::response::{CorsResponseHeader, HeaderSink, ResponseValue};
    pub use crate::same_origin::{fetch_site_is_same_origin, is_same_origin};
    pub use crate::vary::{
        VARY_ORIGIN, VARY_ORIGIN_AND_REQUEST_HEADERS, VARY_REQUEST_HEADERS, VaryUpdate, merge_vary,
    };
    pub use crate::words::{BuilderSyntax, Syntax, Words, quoted_list, sample};
}
