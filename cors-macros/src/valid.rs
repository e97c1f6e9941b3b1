//! Validation: the parsed arguments become a `cors_core::PolicySpec`, which cors-core compiles
//! exactly as the runtime builder would. Each `ConfigError` is reported at the token it is about,
//! with cors-core's own text, so the attribute and the builder can never disagree on a rule.
//!
//! The only rules checked here are the ones cors-core cannot know: that `origins` is written at
//! all, and that every listed method is served by the route.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::LitStr;

use cors_core::{ConfigError, Field, Policy, PolicySpec, Setting};

use crate::ast::{Handler, Route};
use crate::attr::{self, Args, Key, Value, with_help};
use crate::ctxt::{Ctxt, Site};

/// A policy that passed every check, ready for code generation.
pub(crate) struct Checked {
    pub(crate) policy: Policy,
}

/// What the policy is for.
#[derive(Clone, Copy)]
pub(crate) enum Target<'a> {
    /// The handler under `#[cors]`; `None` if it could not be read (already reported).
    Handler(Option<&'a Handler>),
    /// A `policy!` layer, which has no route to take its methods from.
    Layer,
}

/// The methods of a policy without `methods` and without a route: the CORS-safelisted ones,
/// which a browser may send cross-origin without asking.
const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Where the method list came from, to know what its errors point at.
enum Methods<'a> {
    Attr(&'a [LitStr]),
    Route(&'a Route),
    /// The safelisted methods, for a layer without `methods`: valid, so never the subject of
    /// an error.
    Safelisted,
    /// No `methods` key and no usable routing attribute: that problem is reported elsewhere.
    Unknown,
}

/// Checks the policy; `None` if anything is wrong (and reported to `cx`).
pub(crate) fn check(cx: &Ctxt, args: &Args, target: Target<'_>) -> Option<Checked> {
    let handler = match target {
        Target::Handler(handler) => handler,
        Target::Layer => None,
    };
    let methods = match (args.list(Field::Methods), target) {
        (Some(items), _) => Methods::Attr(items),
        (None, _) if args.field(Field::Methods).is_unreadable() => Methods::Unknown,
        (None, Target::Handler(Some(handler))) => Methods::Route(&handler.route),
        (None, Target::Handler(None)) => Methods::Unknown,
        (None, Target::Layer) => Methods::Safelisted,
    };
    let mut spec = PolicySpec::new();
    for field in Field::ALL {
        let Some(entry) = args.field(field).get() else {
            continue;
        };
        let setting = match &entry.value {
            Value::List(items) => Setting::List(values(items)),
            Value::Flag(on) => Setting::Flag(*on),
            Value::Seconds(seconds) => Setting::Seconds(*seconds),
            Value::Status(status) => Setting::Status(*status),
        };
        // Each value was read by its field's kind, so it fits.
        let _ = spec.set(field, setting);
    }
    let implied = match &methods {
        Methods::Route(route) => Some(route.methods.iter().map(|m| m.name.clone()).collect()),
        Methods::Safelisted => Some(SAFELISTED_METHODS.map(String::from).to_vec()),
        Methods::Attr(_) | Methods::Unknown => None,
    };
    if let Some(implied) = implied {
        let _ = spec.set(Field::Methods, Setting::List(implied));
    }

    let origins_missing =
        !args.field(Field::Origins).is_written() && !args.is_misspelled(Key::Field(Field::Origins));
    if origins_missing {
        cx.error_at(
            Span::call_site(),
            match cx.site() {
                Site::Attribute => with_help(
                    "`#[cors]` requires `origins`",
                    "list the origins allowed to call this route, e.g. \
                     `#[cors(origins = [\"https://app.example.com\"])]`",
                ),
                Site::Layer => with_help(
                    "`policy!` requires `origins`",
                    "list the origins allowed to send cross-origin requests, e.g. \
                     `policy!(origins = [\"https://app.example.com\"])`",
                ),
            },
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
            cx.error_spanned_by(tokens, attr::render(error));
        } else if !is_follow_on(args, &methods, error) {
            cx.error_at(Span::call_site(), attr::render(error));
        }
    }

    if let (Methods::Attr(items), Some(handler)) = (&methods, handler) {
        check_served(cx, items, &handler.route, errors);
    }

    let policy = result.ok()?;
    Some(Checked { policy })
}

fn values(items: &[LitStr]) -> Vec<String> {
    items.iter().map(LitStr::value).collect()
}

/// The tokens a cors-core error is about: the list item at its index, or the field's value.
/// `None` when the field was not written (or could not be read).
fn locate(args: &Args, methods: &Methods, error: &ConfigError) -> Option<TokenStream> {
    let field = error.field();
    if let (Field::Methods, Methods::Route(route)) = (field, methods) {
        let index = error.index().unwrap_or(0);
        return route.methods.get(index).map(|m| m.tokens.clone());
    }
    let entry = args.field(field).get()?;
    match (&entry.value, error.index()) {
        (Value::List(items), Some(index)) => items.get(index).map(ToTokens::to_token_stream),
        // The field as a whole, e.g. an empty list. If some items could not be read, that is
        // the problem already reported, and this one would only follow from it.
        (_, _) if entry.intact => Some(entry.whole().clone()),
        (_, _) => None,
    }
}

/// Whether an error without a token to point at only follows from a problem already reported:
/// a key whose value could not be read (or not fully), a missing `origins` (reported on its
/// own), or methods that could not be determined.
fn is_follow_on(args: &Args, methods: &Methods, error: &ConfigError) -> bool {
    let field = error.field();
    let attr = args.field(field);
    if attr.is_unreadable() || attr.get().is_some_and(|entry| !entry.intact) {
        return true;
    }
    match field {
        Field::Origins => attr.get().is_none(),
        Field::Methods => matches!(methods, Methods::Unknown),
        _ => false,
    }
}

/// A method the route does not serve would be announced in preflights but then answered by a
/// 404 or 405, which the browser reports as a CORS failure.
fn check_served(cx: &Ctxt, items: &[LitStr], route: &Route, errors: &[ConfigError]) {
    let served: Vec<&str> = route.methods.iter().map(|m| m.name.as_str()).collect();
    for (index, lit) in items.iter().enumerate() {
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
