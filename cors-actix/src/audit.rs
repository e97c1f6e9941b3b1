//! The application's CORS at once: every `#[cors]` route and every `cors_policy!` policy in the
//! binary, each registered at link time (as [`check`](crate::check) finds the environment's),
//! with where it is and the policy it runs. Only a policy checked at compile time can be listed
//! before the first request; a runtime [`Cors`](crate::Cors) is not.

use std::fmt;

use cors_core::Policy;

/// Every `#[cors]` route and `cors_policy!` policy in the whole binary.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static AUDIT_SITES: [&'static AuditSite];

/// A route or a named policy as `#[cors]` or `cors_policy!` compiled it: where it is and which
/// policy it runs. Generated code builds it; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct AuditSite {
    /// A route or a named policy.
    pub kind: AuditKind,
    /// The handler function's or the policy's name.
    pub item: &'static str,
    /// `module_path!()` where it is.
    pub module: &'static str,
    /// `file!()` and `line!()` of the `#[cors]` attribute, or of the policy's name.
    pub file: &'static str,
    /// See `file`.
    pub line: u32,
    /// The route's path, as written in its routing attribute; empty for a policy.
    pub path: &'static str,
    /// The methods the route serves, as written; empty for a policy.
    pub methods: &'static [&'static str],
    /// The named policy the route starts from (`policy = SPA`), as written; empty if none.
    pub based_on: &'static str,
    /// The origin predicate, as written (`tenants::allows`, `async tenants::allows`); empty if
    /// none.
    pub origin_fn: &'static str,
    /// The policy.
    pub policy: AuditPolicy,
}

/// Where an [`AuditSite`]'s policy is. Generated code builds it; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub enum AuditPolicy {
    /// Compiled into a `static`.
    Static(&'static Policy),
    /// Built from an environment variable on first use.
    #[cfg(feature = "env")]
    Env(&'static crate::deployment::EnvRoute),
}

/// What an [`AuditEntry`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    /// A `#[cors]` handler.
    Route,
    /// A policy declared with `cors_policy!`.
    Policy,
}

impl AuditKind {
    /// `route` or `policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Route => "route",
            AuditKind::Policy => "policy",
        }
    }
}

/// Every `#[cors]` route and `cors_policy!` policy in the binary, in source order (file, then
/// line), whether or not an `App` registers it: for a startup log line, a `--cors-audit` flag,
/// or a test that pins an application's CORS down. Feature `audit` (off by default: each route's
/// registry entry costs build time).
///
/// Routes whose origins come from an environment variable show the origins it holds (reading
/// it, once per process, as the route would; see [`check`](crate::check)). Paths are as written
/// in the routing attribute: the scope a route is registered under is known only to the `App`.
///
/// ```standalone_crate
/// use actix_web::{HttpResponse, get};
/// use cors_actix::{AuditKind, cors};
///
/// #[cors(origins = ["https://app.example.com"], credentials, max_age = 600)]
/// #[get("/items")]
/// async fn items() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// let audit = cors_actix::audit();
/// let entry = audit.entries().iter().find(|entry| entry.item() == "items").unwrap();
/// assert_eq!(entry.kind(), AuditKind::Route);
/// assert_eq!(entry.path(), Some("/items"));
/// assert_eq!(entry.methods(), ["GET"]);
/// let policy = entry.policy().unwrap();
/// assert!(policy.credentials());
/// assert_eq!(policy.max_age(), Some("600"));
/// // A table, one line per route or policy.
/// assert!(audit.to_string().contains("https://app.example.com"));
/// ```
pub fn audit() -> Audit {
    let mut entries: Vec<AuditEntry> = AUDIT_SITES
        .iter()
        .map(|&site| AuditEntry { site })
        .collect();
    entries.sort_by_key(|entry| (entry.site.file, entry.site.line, entry.site.item));
    Audit { entries }
}

/// What [`audit`] found. Its `Display` is an aligned table with a header line; with the
/// `serde` feature it serializes as a list of entries.
#[derive(Clone, Debug)]
pub struct Audit {
    entries: Vec<AuditEntry>,
}

impl Audit {
    /// Every route and policy, in source order.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// Only the entries whose module path starts with `prefix` (`my_app::api`): the audit of
    /// one part of the binary.
    pub fn in_module(&self, prefix: &str) -> Audit {
        let entries = self
            .entries
            .iter()
            .filter(|entry| {
                let module = entry.module();
                module
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
            })
            .copied()
            .collect();
        Audit { entries }
    }
}

/// One route or policy of an [`Audit`].
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry {
    site: &'static AuditSite,
}

impl AuditEntry {
    /// A route or a named policy.
    pub fn kind(&self) -> AuditKind {
        self.site.kind
    }

    /// The handler function's or the policy's name.
    pub fn item(&self) -> &'static str {
        self.site.item
    }

    /// The module it is declared in (`module_path!()`).
    pub fn module(&self) -> &'static str {
        self.site.module
    }

    /// The source file of its `#[cors]` attribute or `cors_policy!` name.
    pub fn file(&self) -> &'static str {
        self.site.file
    }

    /// The line of its `#[cors]` attribute or `cors_policy!` name.
    pub fn line(&self) -> u32 {
        self.site.line
    }

    /// A route's path as written in its routing attribute (without the scopes it is registered
    /// under); `None` for a policy.
    pub fn path(&self) -> Option<&'static str> {
        (self.site.kind == AuditKind::Route).then_some(self.site.path)
    }

    /// The methods a route serves, as written; empty for a policy. The ones open cross-origin
    /// are the policy's [`allow_methods`](Policy::allow_methods).
    pub fn methods(&self) -> &'static [&'static str] {
        self.site.methods
    }

    /// The named policy a route starts from (`policy = SPA`), as written.
    pub fn based_on(&self) -> Option<&'static str> {
        Some(self.site.based_on).filter(|name| !name.is_empty())
    }

    /// The origin predicate asked about unlisted origins, as written (`tenants::allows`, or
    /// `async tenants::allows` for `origin_fn_async`).
    pub fn origin_fn(&self) -> Option<&'static str> {
        Some(self.site.origin_fn).filter(|name| !name.is_empty())
    }

    /// The environment variable its origins come from, if they do.
    pub fn origins_variable(&self) -> Option<&'static str> {
        match self.site.policy {
            AuditPolicy::Static(_) => None,
            #[cfg(feature = "env")]
            AuditPolicy::Env(route) => Some(route.variable),
        }
    }

    /// The policy it runs; `None` when its origins come from an environment variable that
    /// cannot be read ([`problem`](Self::problem) says why): it then allows no origin.
    pub fn policy(&self) -> Option<&'static Policy> {
        match self.site.policy {
            AuditPolicy::Static(policy) => Some(policy),
            #[cfg(feature = "env")]
            AuditPolicy::Env(route) => route.result().as_ref().ok(),
        }
    }

    /// Why its origins cannot be read from its environment variable, if they cannot.
    #[cfg(feature = "env")]
    pub fn problem(&self) -> Option<&'static crate::Problem> {
        match self.site.policy {
            AuditPolicy::Static(_) => None,
            AuditPolicy::Env(route) => route.result().as_ref().err(),
        }
    }

    /// The table's cells for this entry, in [`COLUMNS`] order.
    fn cells(&self) -> [String; COLUMNS.len()] {
        let yes_no = |on: bool| if on { "yes" } else { "no" }.to_owned();
        let dash = |text: Option<&str>| text.unwrap_or("-").to_owned();
        let mut origins = match self.policy() {
            Some(policy) => policy.origins().to_string(),
            None => "none (origins unreadable)".to_owned(),
        };
        if origins.is_empty() {
            origins = "none".to_owned();
        }
        if let Some(variable) = self.origins_variable() {
            let source = if std::env::var_os(variable).is_some() {
                format!(" (from {variable})")
            } else {
                format!(" ({variable} unset)")
            };
            origins.push_str(&source);
        }
        if let Some(origin_fn) = self.origin_fn() {
            origins.push_str(&format!(" + {origin_fn}"));
        }
        let policy = match self.policy() {
            Some(policy) => {
                let headers = policy.headers();
                let headers = if headers.is_any() {
                    "*".to_owned()
                } else if headers.names().is_empty() {
                    "-".to_owned()
                } else {
                    headers.names().join(", ")
                };
                [
                    policy.allow_methods().to_owned(),
                    yes_no(policy.credentials()),
                    headers,
                    dash(policy.expose_headers()),
                    dash(policy.max_age()),
                    yes_no(policy.strict()),
                    policy.preflight_status().to_string(),
                    yes_no(policy.private_network()),
                ]
            }
            None => std::array::from_fn(|_| "-".to_owned()),
        };
        let [
            methods_open,
            credentials,
            headers,
            expose,
            max_age,
            strict,
            status,
            network,
        ] = policy;
        [
            self.kind().as_str().to_owned(),
            self.item().to_owned(),
            dash(self.path()),
            if self.methods().is_empty() {
                "-".to_owned()
            } else {
                self.methods().join(", ")
            },
            dash(self.based_on()),
            origins,
            methods_open,
            credentials,
            headers,
            expose,
            max_age,
            strict,
            status,
            network,
            format!("{}:{}", self.file(), self.line()),
        ]
    }
}

/// The table's columns.
const COLUMNS: [&str; 15] = [
    "kind",
    "item",
    "path",
    "methods",
    "policy",
    "origins",
    "open methods",
    "credentials",
    "headers",
    "expose",
    "max-age",
    "strict",
    "preflight",
    "private network",
    "at",
];

/// An aligned table: a header line, then one line per route or policy.
///
/// ```text
/// kind   item   path    methods  policy  origins                  open methods  credentials  ...
/// route  items  /items  GET      -       https://app.example.com  GET, HEAD     yes          ...
/// ```
impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<[String; COLUMNS.len()]> =
            self.entries.iter().map(AuditEntry::cells).collect();
        let mut widths = COLUMNS.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut line = |cells: &mut dyn Iterator<Item = &str>| -> fmt::Result {
            let mut text = String::new();
            for (index, cell) in cells.enumerate() {
                if index > 0 {
                    text.push_str("  ");
                }
                text.push_str(cell);
                let pad = widths[index].saturating_sub(cell.chars().count());
                text.extend(std::iter::repeat_n(' ', pad));
            }
            writeln!(f, "{}", text.trim_end())
        };
        line(&mut COLUMNS.iter().copied())?;
        for row in &rows {
            line(&mut row.iter().map(String::as_str))?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod json {
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::{Audit, AuditEntry};

    /// A list of entries.
    impl Serialize for Audit {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(&self.entries)
        }
    }

    /// Every field of the entry and of its policy; a policy that cannot be built (its origins'
    /// variable is unreadable) is `null`, and `problem` says why.
    impl Serialize for AuditEntry {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let policy = self.policy().map(PolicyView);
            let mut entry = serializer.serialize_struct("AuditEntry", 13)?;
            entry.serialize_field("kind", self.kind().as_str())?;
            entry.serialize_field("item", self.item())?;
            entry.serialize_field("module", self.module())?;
            entry.serialize_field("file", self.file())?;
            entry.serialize_field("line", &self.line())?;
            entry.serialize_field("path", &self.path())?;
            entry.serialize_field("methods", self.methods())?;
            entry.serialize_field("based_on", &self.based_on())?;
            entry.serialize_field("origin_fn", &self.origin_fn())?;
            entry.serialize_field("origins_variable", &self.origins_variable())?;
            #[cfg(feature = "env")]
            let problem = self.problem().map(ToString::to_string);
            #[cfg(not(feature = "env"))]
            let problem: Option<String> = None;
            entry.serialize_field("problem", &problem)?;
            entry.serialize_field("policy", &policy)?;
            entry.end()
        }
    }

    /// A policy's effective settings.
    struct PolicyView(&'static cors_core::Policy);

    impl Serialize for PolicyView {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let policy = self.0;
            let origins = policy.origins();
            let mut list: Vec<String> = if origins.is_any() {
                vec!["*".to_owned()]
            } else {
                origins
                    .exact()
                    .iter()
                    .map(|origin| origin.to_string())
                    .collect()
            };
            list.extend(origins.patterns().iter().map(ToString::to_string));
            if origins.allows_null() {
                list.push("null".to_owned());
            }
            let headers = policy.headers();
            let headers: Vec<&str> = if headers.is_any() {
                vec!["*"]
            } else {
                headers.names().iter().map(|name| &**name).collect()
            };
            let mut view = serializer.serialize_struct("Policy", 9)?;
            view.serialize_field("origins", &list)?;
            view.serialize_field("methods", policy.allow_methods())?;
            view.serialize_field("credentials", &policy.credentials())?;
            view.serialize_field("headers", &headers)?;
            view.serialize_field("expose", &policy.expose_headers())?;
            view.serialize_field("max_age", &policy.max_age())?;
            view.serialize_field("strict", &policy.strict())?;
            view.serialize_field("preflight_status", &policy.preflight_status())?;
            view.serialize_field("private_network", &policy.private_network())?;
            view.end()
        }
    }
}
