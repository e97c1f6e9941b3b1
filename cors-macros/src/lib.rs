//! The `#[cors(..)]` attribute for actix-web handlers, `cors_policy!` for the named policies
//! they start from, and the `policy!` macro for tower layers. Use them through
//! `cors_actix::cors`, `cors_actix::cors_policy` and `cors_tower::policy`; the generated code names the
//! items of the glue crate's `__private_0_1`, a module versioned with the crates.
//!
//! The policy is validated by `cors_core` while the crate compiles, so a misconfigured policy is
//! a compile error at the offending token, with the same message the runtime builder gives.

mod ast;
mod attr;
mod ctxt;
mod decl;
mod expand;
mod valid;

use proc_macro::TokenStream;

/// Per-route CORS for an actix-web handler, checked at compile time.
///
/// Write it directly above the routing attribute:
///
/// ```ignore
/// use actix_web::{HttpResponse, get};
/// use cors_actix::cors;
///
/// #[cors(origins = ["https://app.example.com", "https://*.example.com"], credentials, max_age = 600)]
/// #[get("/items/{id}")]
/// async fn item() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
/// ```
///
/// Keys (any order, each at most once):
///
/// - `origins = [..]` (required): exact origins such as `"https://app.example.com"`, subdomain
///   patterns such as `"https://*.example.com"`, `["*"]` alone for any origin, and `"null"`
///   together with `allow_null_origin`. Or `origins = env("SPA_ORIGINS")` /
///   `env("SPA_ORIGINS", default = [..])` (also in [`cors_policy!`], not in `policy!`): read
///   once per process from the variable, a comma-separated list checked with the same rules
///   (the default is checked at compile time and used only when the variable is unset); see
///   `cors_actix::check`.
/// - `methods = [..]`: the methods cross-origin callers may use; each must be served by the
///   route. Default: the routing attribute's methods.
/// - `headers = [..]`: request headers a preflight may ask for; `["*"]` echoes any.
/// - `expose = [..]`: response headers scripts may read.
/// - `credentials`: allow cookies and HTTP authentication.
/// - `max_age = <seconds>`: how long browsers may cache a preflight.
/// - `private_network` (legacy Private Network Access), `allow_null_origin`, `strict`: opt-ins;
///   each also takes `= true|false`, as does `credentials`.
/// - `preflight_status = <200..=299>`: the status of a successful preflight (default 204).
/// - `crate = "path"`: the path to `cors_actix`, default `::cors_actix`.
/// - `policy = NAME`: start from a policy declared with [`cors_policy!`]; the keys written
///   here replace the policy's value for those keys.
/// - `origin_fn = path` (a `fn(&Origin, &HttpRequest) -> bool`) or `origin_fn_async = path`
///   (an `async fn(Origin, HttpRequest) -> bool`): asked about each origin `origins` does not
///   list, as `cors_actix::CorsBuilder::origin_fn` describes; `origins` may then be empty, and
///   cannot be `["*"]`. One setting: either, written on a route, replaces its policy's.
///
/// Every problem is reported at once, each at the token it is about.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::cors(args.into(), item.into()).into()
}

/// Named policies for `#[cors(policy = NAME)]` routes and `.wrap(NAME)`, checked at compile
/// time with the keys, rules and messages of [`cors`]. Use it as `cors_actix::cors_policy`.
///
/// Each declaration is `attributes visibility NAME: keys;` (several in one block):
///
/// ```ignore
/// use cors_actix::{cors, cors_policy};
///
/// cors_policy! {
///     /// The single-page app.
///     pub SPA: origins = ["https://app.example.com"], credentials, max_age = 600;
///     PARTNERS: origins = ["https://*.partner.example"], methods = ["GET"];
/// }
///
/// #[cors(policy = SPA)]                                  // exactly SPA
/// #[get("/me")]
/// async fn me() -> HttpResponse { HttpResponse::Ok().finish() }
///
/// #[cors(policy = SPA, expose = ["x-total-count"], max_age = 60)] // SPA, two keys replaced
/// #[get("/items")]
/// async fn items() -> HttpResponse { HttpResponse::Ok().finish() }
/// ```
///
/// - A key written on the route replaces the policy's value for that key; every other key
///   comes from the policy. The merged policy is checked as a whole; an error caused by a
///   route's key points at that key and names the policy.
/// - A policy's `methods` restricts which of a route's own methods are open cross-origin (the
///   route gets the intersection, which must not be empty); without `methods` the route opens
///   its own methods.
/// - `NAME` is also a value, a `cors_actix::NamedPolicy`: `.wrap(NAME)` on an `App`, `Scope` or
///   `Resource` behaves like a runtime `Cors` built from the same keys, where a policy without
///   `methods` allows the CORS-safelisted `GET`, `HEAD` and `POST`.
/// - `policy = path` takes any path that names the policy (`SPA` after a `use`,
///   `crate::policies::SPA`); a `pub` policy is usable from every module of its crate (routes
///   in other crates can `.wrap` it, but not name it in `#[cors]`).
///
/// An error in a policy is reported once, here; a route using it then compiles to the plain
/// handler, with no further error.
#[proc_macro]
pub fn cors_policy(tokens: TokenStream) -> TokenStream {
    expand::cors_policy(tokens.into()).into()
}

/// A `cors_tower::CorsLayer` whose policy is checked at compile time, with the keys, rules and
/// messages of [`cors`]; `methods` defaults to the CORS-safelisted `GET`, `HEAD` and `POST`, and
/// `crate = "path"` to `::cors_tower`.
///
/// ```ignore
/// let layer = cors_tower::policy!(origins = ["https://app.example.com"], credentials);
/// ```
#[proc_macro]
pub fn policy(args: TokenStream) -> TokenStream {
    expand::policy(args.into()).into()
}
