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
    pub use crate::policy::PolicyParts;
    pub use crate::request::{CorsRequestHeader, RequestView};
    pub use crate::response::{CorsResponseHeader, HeaderSink, ResponseValue};
    pub use crate::same_origin::is_same_origin;
    pub use crate::vary::{
        VARY_ORIGIN, VARY_ORIGIN_AND_REQUEST_HEADERS, VARY_REQUEST_HEADERS, VaryUpdate, merge_vary,
    };
    pub use crate::words::{BuilderSyntax, Syntax, Words, quoted_list, sample};
}
