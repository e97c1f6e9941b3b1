//! Validation: the parsed arguments become a `cors_core::PolicySpec`, which cors-core compiles
//! exactly as the runtime builder would. Each `ConfigError` is reported at the token it is about,
//! with cors-core's own text, so the attribute and the builder can never disagree on a rule.
//!
//! The only rules checked here are the ones cors-core cannot know: that `origins` is written at
//! all, and that every listed method is served by the route.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::LitStr;

use cors_core::{ConfigError, Field, Policy, PolicySpec};

use crate::ast::{Handler, Route};
use crate::attr::{Args, Entry, with_help};
use crate::ctxt::Ctxt;

/// A policy that passed every check, ready for code generation.
pub(crate) struct Checked {
    pub(crate) policy: Policy,
    /// The methods in configuration order, for the preflight resource's guard.
    pub(crate) methods: Vec<String>,
}

/// Where the method list came from, to know what its errors point at.
enum Methods<'a> {
    Attr(&'a Entry<Vec<LitStr>>),
    Route(&'a Route),
    /// No `methods` key and no usable routing attribute: that problem is reported elsewhere.
    Unknown,
}

/// Checks the policy; `None` if anything is wrong (and reported to `cx`).
pub(crate) fn check(cx: &Ctxt, args: &Args, handler: Option<&Handler>) -> Option<Checked> {
    let methods = match (&args.methods, handler) {
        (Some(entry), _) => Methods::Attr(entry),
        (None, _) if args.unreadable.contains(&"methods") => Methods::Unknown,
        (None, Some(handler)) => Methods::Route(&handler.route),
        (None, None) => Methods::Unknown,
    };
    let spec = PolicySpec {
        origins: strings(&args.origins),
        methods: match &methods {
            Methods::Attr(entry) => values(&entry.value),
            Methods::Route(route) => route.methods.iter().map(|m| m.name.clone()).collect(),
            Methods::Unknown => Vec::new(),
        },
        headers: strings(&args.headers),
        expose: strings(&args.expose),
        credentials: flag(&args.credentials),
        max_age: args.max_age.as_ref().map(|entry| entry.value),
        private_network: flag(&args.private_network),
        allow_null_origin: flag(&args.allow_null_origin),
        strict: flag(&args.strict),
        preflight_status: args
            .preflight_status
            .as_ref()
            .map_or(cors_core::DEFAULT_PREFLIGHT_STATUS, |entry| entry.value),
    };

    let origins_missing = args.origins.is_none()
        && !args.unreadable.contains(&"origins")
        && !args.misspelled.contains(&"origins");
    if origins_missing {
        cx.error_at(
            Span::call_site(),
            with_help(
                "`#[cors]` requires `origins`",
                "list the origins allowed to call this route, e.g. \
                 `#[cors(origins = [\"https://app.example.com\"])]`",
            ),
        );
    }

    let result = spec.compile();
    let errors = result
        .as_ref()
        .err()
        .map(|e| e.errors())
        .unwrap_or_default();
    for error in errors {
        if let Some(tokens) = locate(args, &methods, error) {
            cx.error_spanned_by(tokens, error);
        } else if !is_follow_on(args, &methods, error) {
            cx.error_at(Span::call_site(), error);
        }
    }

    if let (Methods::Attr(entry), Some(handler)) = (&methods, handler) {
        check_served(cx, entry, &handler.route, errors);
    }

    let policy = result.ok()?;
    Some(Checked {
        policy,
        methods: spec.methods,
    })
}

fn values(items: &[LitStr]) -> Vec<String> {
    items.iter().map(LitStr::value).collect()
}

fn strings(entry: &Option<Entry<Vec<LitStr>>>) -> Vec<String> {
    entry
        .as_ref()
        .map(|entry| values(&entry.value))
        .unwrap_or_default()
}

fn flag(entry: &Option<Entry<bool>>) -> bool {
    entry.as_ref().is_some_and(|entry| entry.value)
}

/// The tokens a cors-core error is about: the list item at its index, or the field's value.
/// `None` when the field was not written (or could not be read).
fn locate(args: &Args, methods: &Methods, error: &ConfigError) -> Option<TokenStream> {
    let list = |entry: &Option<Entry<Vec<LitStr>>>| -> Option<TokenStream> {
        let entry = entry.as_ref()?;
        match error.index() {
            Some(index) => entry.value.get(index).map(ToTokens::to_token_stream),
            // The field as a whole, e.g. an empty list. If some items could not be read, that is
            // the problem already reported, and this one would only follow from it.
            None if entry.intact => Some(entry.whole().clone()),
            None => None,
        }
    };
    fn whole<T>(entry: &Option<Entry<T>>) -> Option<TokenStream> {
        entry.as_ref().map(|entry| entry.whole().clone())
    }
    match error.field() {
        Field::Origins => list(&args.origins),
        Field::Methods => match methods {
            Methods::Attr(_) => list(&args.methods),
            Methods::Route(route) => {
                let index = error.index().unwrap_or(0);
                route.methods.get(index).map(|m| m.tokens.clone())
            }
            Methods::Unknown => None,
        },
        Field::Headers => list(&args.headers),
        Field::Expose => list(&args.expose),
        Field::Credentials => whole(&args.credentials),
        Field::MaxAge => whole(&args.max_age),
        Field::PrivateNetwork => whole(&args.private_network),
        Field::AllowNullOrigin => whole(&args.allow_null_origin),
        Field::Strict => whole(&args.strict),
        Field::PreflightStatus => whole(&args.preflight_status),
    }
}

/// Whether an error without a token to point at only follows from a problem already reported:
/// a list that could not be read (or not fully), or methods that could not be determined.
fn is_follow_on(args: &Args, methods: &Methods, error: &ConfigError) -> bool {
    let key = error.field().key();
    if args.unreadable.contains(&key) {
        return true;
    }
    let broken = |entry: &Option<Entry<Vec<LitStr>>>| entry.as_ref().is_some_and(|e| !e.intact);
    match error.field() {
        // A missing `origins` key has its own error above.
        Field::Origins => args.origins.as_ref().is_none_or(|e| !e.intact),
        Field::Methods => matches!(methods, Methods::Unknown) || broken(&args.methods),
        Field::Headers => broken(&args.headers),
        Field::Expose => broken(&args.expose),
        _ => false,
    }
}

/// A method the route does not serve would be announced in preflights but then answered by a
/// 404 or 405, which the browser reports as a CORS failure.
fn check_served(cx: &Ctxt, entry: &Entry<Vec<LitStr>>, route: &Route, errors: &[ConfigError]) {
    let served: Vec<&str> = route.methods.iter().map(|m| m.name.as_str()).collect();
    for (index, lit) in entry.value.iter().enumerate() {
        let already_reported = errors
            .iter()
            .any(|e| e.field() == Field::Methods && e.index() == Some(index));
        let method = lit.value();
        if already_reported || served.contains(&method.as_str()) {
            continue;
        }
        let serves = served
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = if route.name == "route" {
            format!("remove {method:?}, or add `method = {method:?}` to the routing attribute")
        } else {
            format!(
                "remove {method:?}, or serve it with \
                 `#[route(\"..\", method = {:?}, method = {method:?})]`",
                served[0]
            )
        };
        cx.error_spanned_by(
            lit,
            with_help(
                format!(
                    "method {method:?} is not served by this route (`#[{}]` serves {serves})",
                    route.name
                ),
                help,
            ),
        );
    }
}
