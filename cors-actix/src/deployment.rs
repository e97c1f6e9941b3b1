//! Origins from the deployment: `#[cors(origins = env("SPA_ORIGINS"))]`. Each such route is an
//! [`EnvRoute`], registered at link time in [`ENV_ROUTES`] so that [`check`] finds it even in a
//! module that is never registered, and builds its policy once per process, on first use.

use std::ffi::OsString;
use std::fmt;
use std::sync::OnceLock;

use cors_core::{ConfigErrors, EnvConfig, EnvErrors, Field, Policy, PolicySpec, Setting};

use crate::named::DENY_ALL;

/// Every route whose origins come from an environment variable, in the whole binary.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static ENV_ROUTES: [&'static EnvRoute];

/// A route whose origins come from an environment variable, as `#[cors]` compiles it: the
/// variable, the default written in the attribute (checked at compile time), the route's other
/// keys (checked at compile time) and where the route is. Generated code builds it; not a
/// public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct EnvRoute {
    /// The variable's name.
    pub variable: &'static str,
    /// The origins used when the variable is not set.
    pub default: Option<&'static [&'static str]>,
    /// Every other key of the route's policy, as written (and checked) in the attribute.
    pub spec: fn() -> PolicySpec,
    /// What the item is: `handler` (a `#[cors]` route's function) or `policy` (a
    /// `cors_policy!` name).
    pub what: &'static str,
    /// The handler function's or the policy's name.
    pub item: &'static str,
    /// `module_path!()` where the handler or policy is.
    pub module: &'static str,
    /// `file!()` and `line!()` of the `#[cors]` attribute, or of the policy's name.
    pub file: &'static str,
    /// See `file`.
    pub line: u32,
    /// The route, as `GET /items`; empty for a policy.
    pub route: &'static str,
    /// The policy, or why it cannot be built: read once per process.
    pub cell: OnceLock<Result<Policy, Problem>>,
}

impl EnvRoute {
    /// The route's policy: built from the variable on first use (once per process); when the
    /// variable's value is invalid, or it is unset without a default, a policy that allows no
    /// origin, and one error logged naming the variable.
    pub fn policy(&'static self) -> &'static Policy {
        match self.result() {
            Ok(policy) => policy,
            Err(_) => &DENY_ALL,
        }
    }

    pub(crate) fn result(&'static self) -> &'static Result<Policy, Problem> {
        self.cell.get_or_init(|| {
            let read = self.read(std::env::var_os(self.variable));
            if let Err(problem) = &read {
                let what = if self.route.is_empty() {
                    "the policy"
                } else {
                    "the route"
                };
                tracing::error!(
                    variable = self.variable,
                    "{problem}; {what} allows no cross-origin request (call cors_actix::check() before binding to refuse to start instead)"
                );
            }
            read
        })
    }

    /// Builds the policy from the variable's value (`None`: not set).
    fn read(&'static self, value: Option<OsString>) -> Result<Policy, Problem> {
        let fail = |reason| Problem {
            route: self,
            value: value.as_ref().map(|v| v.to_string_lossy().into_owned()),
            reason,
        };
        let origins = match (&value, self.default) {
            (Some(value), _) => EnvConfig::read_origin_list(self.variable, value)
                .map_err(|errors| fail(Reason::Variable(errors)))?,
            (None, Some(default)) => default.iter().map(|&origin| origin.to_owned()).collect(),
            (None, None) => return Err(fail(Reason::Unset)),
        };
        let mut spec = (self.spec)();
        // A list field: the setting fits.
        let _ = spec.set(Field::Origins, Setting::List(origins));
        spec.compile()
            .map_err(|errors| fail(Reason::Policy(errors)))
    }
}

/// Why a route's (or a named policy's) origins cannot be read from its variable: one entry of
/// [`CheckErrors`].
///
/// ```standalone_crate
/// use actix_web::{HttpResponse, get};
/// use cors_actix::cors;
///
/// #[cors(origins = env("DOC_PROBLEM_ORIGINS"))]
/// #[get("/me")]
/// async fn me() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// // The variable is not set and the route has no default.
/// let errors = cors_actix::check().unwrap_err();
/// let problem = errors.problems()[0];
/// assert_eq!(problem.variable(), "DOC_PROBLEM_ORIGINS");
/// assert_eq!((problem.what(), problem.item(), problem.route()), ("handler", "me", "GET /me"));
/// assert!(problem.to_string().starts_with(
///     "DOC_PROBLEM_ORIGINS (not set) for route GET /me, handler `me` in "
/// ));
/// ```
#[derive(Debug)]
pub struct Problem {
    route: &'static EnvRoute,
    /// The variable's value, when set.
    value: Option<String>,
    reason: Reason,
}

#[derive(Debug)]
enum Reason {
    /// Unset, and the route has no default.
    Unset,
    /// The value does not parse as a list.
    Variable(EnvErrors),
    /// The origins, or the policy with them, are invalid.
    Policy(ConfigErrors),
}

impl Problem {
    /// The variable the route reads.
    pub fn variable(&self) -> &'static str {
        self.route.variable
    }

    /// The handler's or the policy's name.
    pub fn item(&self) -> &'static str {
        self.route.item
    }

    /// `handler` (a `#[cors]` route) or `policy` (a `cors_policy!` name).
    pub fn what(&self) -> &'static str {
        self.route.what
    }

    /// The route, as `GET /items`; empty for a policy (whose routes are not listed: the
    /// policy's problem is reported once, at the policy).
    pub fn route(&self) -> &'static str {
        self.route.route
    }
}

/// `SPA_ORIGINS="https://a.example/" (route GET /items, handler `items` in app::api,
/// src/api.rs:12): <what> (help: <fix>)`, one line per problem.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let route = self.route;
        match &self.value {
            Some(value) => write!(f, "{}={value:?}", route.variable)?,
            None => write!(f, "{} (not set)", route.variable)?,
        }
        f.write_str(" for ")?;
        if !route.route.is_empty() {
            write!(f, "route {}, ", route.route)?;
        }
        write!(
            f,
            "{} `{}` in {} ({}:{}): ",
            route.what, route.item, route.module, route.file, route.line
        )?;
        match &self.reason {
            Reason::Unset => write!(
                f,
                "the variable is not set and the route has no default (help: set {}, e.g. {}=https://app.example.com, or write a default: `origins = env(\"{}\", default = [\"https://app.example.com\"])`)",
                route.variable, route.variable, route.variable
            ),
            Reason::Variable(errors) => join(f, errors.iter()),
            // In the runtime builder's words, on one line.
            Reason::Policy(errors) => join(
                f,
                errors
                    .iter()
                    .map(|error| format!("{} (help: {})", error.message(), error.suggestion())),
            ),
        }
    }
}

fn join<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    for (index, item) in items.enumerate() {
        if index > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// Every route and named policy of the binary whose origins cannot be read from the
/// environment, as [`check`] reports them: a [`Problem`] each, shown one per line.
///
/// ```standalone_crate
/// use cors_actix::cors_policy;
///
/// cors_policy! {
///     /// Read from a variable that is not set, without a default.
///     pub SPA: origins = env("DOC_CHECK_ERRORS_ORIGINS");
/// }
///
/// let errors = cors_actix::check().unwrap_err();
/// assert_eq!(errors.problems().len(), 1);
/// assert_eq!(errors.problems()[0].what(), "policy");
/// let text = errors.to_string();
/// assert!(text.starts_with("CORS origins from the environment cannot be used (1 problem)\n- \
///                           DOC_CHECK_ERRORS_ORIGINS (not set) for policy `SPA` in "));
/// ```
#[derive(Debug)]
pub struct CheckErrors(Vec<&'static Problem>);

impl CheckErrors {
    /// Each problem, one per route, in the order of their variables.
    pub fn problems(&self) -> &[&'static Problem] {
        &self.0
    }
}

impl fmt::Display for CheckErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(
            f,
            "CORS origins from the environment cannot be used ({count} problem{plural})"
        )?;
        for problem in &self.0 {
            write!(f, "\n- {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckErrors {}

/// Reads every environment variable that a `#[cors(origins = env(..))]` route of the binary
/// names, in every module (registered with an `App` or not), and reports every route whose
/// origins cannot be used: an invalid value, a rule broken with the value's origins
/// (credentials with `*`), a variable unset with no default. Call it before binding, so that a
/// bad deployment refuses to start; without it, such a route allows no cross-origin request
/// and logs one error naming its variable.
///
/// Each variable is read once per process, by this call or by the first worker built:
/// changing it afterwards has no effect.
///
/// ```standalone_crate
/// use actix_web::{HttpResponse, get};
/// use cors_actix::cors;
///
/// #[cors(origins = env("DOC_CHECK_ORIGINS", default = ["http://localhost:5173"]))]
/// #[get("/items")]
/// async fn items() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// // What a deployment would set (here, before any other thread runs).
/// // SAFETY: this program has one thread.
/// unsafe { std::env::set_var("DOC_CHECK_ORIGINS", "https://app.example.com/") };
///
/// // In `main`, before `HttpServer::bind`:
/// let errors = cors_actix::check().unwrap_err();
/// assert_eq!(errors.problems().len(), 1);
/// assert!(errors.to_string().contains("DOC_CHECK_ORIGINS=\"https://app.example.com/\""));
/// assert!(errors.to_string().contains("has a trailing slash"));
/// ```
pub fn check() -> Result<(), CheckErrors> {
    let mut problems: Vec<&'static Problem> = ENV_ROUTES
        .iter()
        .filter_map(|route| route.result().as_ref().err())
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort_by_key(|problem| {
        (
            problem.route.variable,
            problem.route.file,
            problem.route.line,
        )
    });
    Err(CheckErrors(problems))
}
