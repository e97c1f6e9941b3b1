//! Validation: the parsed arguments become a `cors_core::PolicySpec`, which cors-core compiles
//! exactly as the runtime builder would. Each `ConfigError` is reported at the token it is about,
//! with cors-core's own text, so the attribute and the builder can never disagree on a rule.
//!
//! The only rules checked here are the ones cors-core cannot know: that `origins` is written at
//! all, and that every listed method is served by the route.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::LitStr;

use cors_core::glue::Syntax;
use cors_core::{ConfigError, Field, FieldValue, Policy, PolicySpec, Setting};

use crate::ast::{Handler, Route};
use crate::attr::{self, Answers, Args, Attr, AttributeSyntax, Key, Value, with_help};
use crate::ctxt::{Ctxt, Site};

/// A policy that passed every check, ready for code generation.
pub(crate) struct Checked {
    pub(crate) policy: Policy,
    /// What `policy` was compiled from: a route whose origins come from the environment
    /// rebuilds its policy from it at run time, with the variable's origins.
    pub(crate) spec: PolicySpec,
    /// Its origin predicate, if any.
    pub(crate) origin_fn: Option<OriginFn>,
}

/// Where a checked policy's origin predicate comes from.
pub(crate) enum OriginFn {
    /// Named by the policy's own key: the function's path, and how it answers.
    Own(Answers, syn::Path),
    /// From the named policy the route starts from, which holds it.
    Policy,
}

/// The origins compiled in place of `origins = env("NAME")` without a default, so that the
/// route's other keys are checked now; the variable's origins replace them at run time, where
/// the rules that depend on origins are checked against them.
const ENV_PLACEHOLDER: &str = "https://origins-from-the-environment.invalid";

/// What the policy is for.
#[derive(Clone, Copy)]
pub(crate) enum Target<'a> {
    /// The handler under `#[cors]`; `None` if it could not be read (already reported).
    Handler(Option<&'a Handler>),
    /// A policy without a route (`policy!`, `cors_policy!`), which has no route to take its
    /// methods from.
    Layer,
}

/// The methods of a policy without `methods` and without a route: the CORS-safelisted ones,
/// which a browser may send cross-origin without asking.
const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Where the method list came from, to know what its errors point at.
enum Methods<'a> {
    Attr(&'a [LitStr]),
    Route(&'a Route),
    /// The route's methods that its named policy's `methods` also lists (never empty): both
    /// were checked, so never the subject of an error.
    Shared(Vec<String>),
    /// The safelisted methods, for a layer without `methods`: valid, so never the subject of
    /// an error.
    Safelisted,
    /// No `methods` key and no usable routing attribute: that problem is reported elsewhere.
    Unknown,
}

/// Whose key a field's value is: the route's own, or its named policy's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Route,
    Policy,
}

/// The keys a policy is made of: the route's own over those of the policy it names. The
/// override rule: a key written on the route replaces the policy's value for that key; every
/// other key comes from the policy.
struct Layers<'a> {
    route: &'a Args,
    /// The named policy's name and keys, when the route names a valid one.
    policy: Option<(&'a syn::Ident, &'a Args)>,
}

impl<'a> Layers<'a> {
    fn new(args: &'a Args) -> Self {
        let policy = args
            .named
            .as_ref()
            .and_then(|named| Some((&named.name, named.args.as_deref()?)));
        Layers {
            route: args,
            policy,
        }
    }

    /// The origin predicate, as `origin_fn` and `origin_fn_async` are one setting: the route's
    /// when it wrote either, else its policy's.
    fn origin_fn(&self) -> Option<(Answers, &'a Attr<syn::Path>, Owner)> {
        if let Some((answers, attr)) = self.route.origin_fn() {
            return Some((answers, attr, Owner::Route));
        }
        let (_, policy) = self.policy?;
        let (answers, attr) = policy.origin_fn()?;
        Some((answers, attr, Owner::Policy))
    }

    /// The value `field` has and whose key it is (the route's when neither wrote it).
    fn field(&self, field: Field) -> (&'a Attr<Value>, Owner) {
        let own = self.route.field(field);
        match self.policy {
            Some((_, policy)) if !own.is_written() && policy.field(field).is_written() => {
                (policy.field(field), Owner::Policy)
            }
            _ => (own, Owner::Route),
        }
    }
}

/// Checks the policy; `None` if anything is wrong (and reported to `cx`).
pub(crate) fn check(cx: &Ctxt, args: &Args, target: Target<'_>) -> Option<Checked> {
    let layers = Layers::new(args);
    let handler = match target {
        Target::Handler(handler) => handler,
        Target::Layer => None,
    };
    let methods = match (args.list(Field::Methods), target) {
        (Some(items), _) => Methods::Attr(items),
        (None, _) if args.field(Field::Methods).is_unreadable() => Methods::Unknown,
        (None, Target::Handler(Some(handler))) => shared_methods(cx, &layers, &handler.route),
        (None, Target::Handler(None)) => Methods::Unknown,
        (None, Target::Layer) => Methods::Safelisted,
    };
    let mut spec = PolicySpec::new();
    for field in Field::ALL {
        let Some(entry) = layers.field(field).0.get() else {
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
    if args.env_origins().is_some_and(|(env, _)| !env.has_default) {
        // `allow_null_origin` needs `null` among the origins, which the variable may list: only
        // a credentialed policy can never have it, and that is reported now.
        let mut origins = vec![ENV_PLACEHOLDER.to_owned()];
        if spec.value(Field::AllowNullOrigin) == FieldValue::Flag(true)
            && spec.value(Field::Credentials) == FieldValue::Flag(false)
        {
            origins.push("null".to_owned());
        }
        let _ = spec.set(Field::Origins, Setting::List(origins));
    }
    let implied = match &methods {
        Methods::Route(route) => Some(route.methods.iter().map(|m| m.name.clone()).collect()),
        Methods::Shared(shared) => Some(shared.clone()),
        Methods::Safelisted => Some(SAFELISTED_METHODS.map(String::from).to_vec()),
        Methods::Attr(_) | Methods::Unknown => None,
    };
    if let Some(implied) = implied {
        let _ = spec.set(Field::Methods, Setting::List(implied));
    }
    let origin_fn = layers.origin_fn();
    spec.dynamic_origins = origin_fn.is_some();
    if let [now, later] = &args.origin_fn
        && now.is_written()
        && let Some(entry) = later.get()
    {
        cx.error_spanned_by(
            &entry.key,
            with_help(
                "`origin_fn` and `origin_fn_async` name the same setting, the origin predicate",
                "keep one of them: `origin_fn` for a function that answers at once, \
                 `origin_fn_async` for an `async fn`",
            ),
        );
    }

    // A `policy = ..` that could not be read was meant to supply `origins`.
    let origins_missing = !layers.field(Field::Origins).0.is_written()
        && !args.is_misspelled(Key::Field(Field::Origins))
        && !args.policy.is_written()
        && origin_fn.is_none();
    if origins_missing {
        cx.error_at(
            cx.subject(),
            match cx.site() {
                Site::Attribute => with_help(
                    "`#[cors]` requires `origins`",
                    "list the origins allowed to call this route, e.g. \
                     `#[cors(origins = [\"https://app.example.com\"])]`, or start from a named \
                     policy: `#[cors(policy = SPA)]`",
                ),
                Site::Layer => with_help(
                    "`policy!` requires `origins`",
                    "list the origins allowed to send cross-origin requests, e.g. \
                     `policy!(origins = [\"https://app.example.com\"])`",
                ),
                Site::Named => with_help(
                    "`cors_policy!` requires `origins` in each policy",
                    "list the origins allowed to send cross-origin requests, e.g. \
                     `cors_policy! { pub SPA: origins = [\"https://app.example.com\"]; }`",
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
        if let Some((tokens, conflict)) = place(&layers, &methods, error) {
            cx.error_spanned_by(tokens, render(&layers, conflict, error));
        } else if !is_follow_on(&layers, &methods, error) {
            cx.error_at(cx.subject(), attr::render(error));
        }
    }

    if let (Methods::Attr(items), Some(handler)) = (&methods, handler) {
        check_served(cx, items, &handler.route, errors);
    }

    let policy = result.ok()?;
    let origin_fn = match origin_fn {
        None => None,
        Some((answers, attr, Owner::Route)) => {
            Some(OriginFn::Own(answers, attr.get()?.value.clone()))
        }
        Some((_, _, Owner::Policy)) => Some(OriginFn::Policy),
    };
    Some(Checked {
        policy,
        spec,
        origin_fn,
    })
}

fn values(items: &[LitStr]) -> Vec<String> {
    items.iter().map(LitStr::value).collect()
}

/// The methods of a route that writes no `methods` of its own: its routing attribute's, and of
/// those only the ones its named policy lists, if it lists any. An empty intersection is
/// reported at `policy = ..`.
fn shared_methods<'a>(cx: &Ctxt, layers: &Layers<'a>, route: &'a Route) -> Methods<'a> {
    let listed = match layers.field(Field::Methods) {
        (attr, Owner::Policy) => match attr.get().map(|entry| &entry.value) {
            Some(Value::List(items)) => values(items),
            _ => return Methods::Route(route),
        },
        (_, Owner::Route) => return Methods::Route(route),
    };
    let shared: Vec<String> = route
        .methods
        .iter()
        .map(|method| method.name.clone())
        .filter(|method| listed.contains(method))
        .collect();
    if !shared.is_empty() {
        return Methods::Shared(shared);
    }
    let name = layers
        .policy
        .map(|(name, _)| name.to_string())
        .unwrap_or_default();
    let serves = quoted(route.methods.iter().map(|m| m.name.as_str()));
    if let Some(entry) = layers.route.policy.get() {
        cx.error_spanned_by(
            entry.whole(),
            with_help(
                format!(
                    "policy `{name}` allows methods {} and this route serves none of them \
                     (`#[{}]` serves {serves})",
                    quoted(listed.iter().map(String::as_str)),
                    route.name,
                ),
                format!(
                    "write the methods this route opens cross-origin on the route, e.g. \
                     `#[cors(policy = {name}, methods = [{serves}])]`, or use a policy that \
                     allows {serves}"
                ),
            ),
        );
    }
    Methods::Unknown
}

/// Where a cors-core error is reported, and the policy's key it conflicts with, if any: the list
/// item at its index or the field's value when the route wrote the field; when the field comes
/// from the named policy (valid on its own), the route's key that conflicts with it, or else
/// `policy = ..`. `None` when the field was not written (or could not be read).
fn place(
    layers: &Layers,
    methods: &Methods,
    error: &ConfigError,
) -> Option<(TokenStream, Option<Field>)> {
    let field = error.field();
    if field == Field::Methods && matches!(methods, Methods::Unknown) {
        return None;
    }
    let conflict = |other: Field| (layers.field(other).1 == Owner::Policy).then_some(other);
    match layers.field(field).1 {
        Owner::Route => {
            let tokens = locate(layers.route, methods, error)?;
            Some((tokens, error.related().and_then(conflict)))
        }
        Owner::Policy => {
            let by_route = error
                .related()
                .filter(|related| layers.field(*related).1 == Owner::Route)
                .and_then(|related| layers.route.field(related).get());
            let tokens = match by_route {
                Some(entry) if entry.intact => entry.whole().clone(),
                _ => layers.route.policy.get()?.whole().clone(),
            };
            Some((tokens, Some(field)))
        }
    }
}

/// A cors-core error in the attribute's words; on a route that names a policy, in
/// [`RouteSyntax`]'s, and when the route's key conflicts with one of the policy's, the message
/// says which policy and which of its keys.
fn render(layers: &Layers, conflict: Option<Field>, error: &ConfigError) -> String {
    let Some((name, policy)) = layers.policy else {
        return attr::render(error);
    };
    let words = error.words(&RouteSyntax { layers });
    let setting = conflict
        .and_then(|field| policy.field(field).get())
        .map(|entry| {
            let value = &entry.value_tokens;
            if value.is_empty() {
                format!("`{}`", entry.key)
            } else {
                format!("`{} = {}`", entry.key, value)
            }
        });
    let message = match setting {
        Some(setting) => format!(
            "{}\nnote: this route's policy `{name}` sets {setting}; a key written on the route \
             replaces the policy's value for that key",
            words.message
        ),
        None => words.message,
    };
    with_help(message, words.suggestion)
}

/// The attribute's words on a route that names a policy: a key the policy set is changed by
/// writing it on the route, which replaces the policy's value ("drop `credentials`" would name
/// a key the route does not have).
struct RouteSyntax<'a> {
    layers: &'a Layers<'a>,
}

impl RouteSyntax<'_> {
    fn set_by_policy(&self, field: Field) -> bool {
        self.layers.field(field).1 == Owner::Policy
    }
}

impl Syntax for RouteSyntax<'_> {
    fn name(&self, field: Field) -> String {
        AttributeSyntax.name(field)
    }

    fn setting(&self, field: Field, items: &[&str]) -> String {
        AttributeSyntax.setting(field, items)
    }

    fn value(&self, field: Field, items: &[&str]) -> String {
        AttributeSyntax.value(field, items)
    }

    fn example(&self, field: Field, items: &[&str]) -> String {
        AttributeSyntax.example(field, items)
    }

    fn turn_on(&self, field: Field) -> String {
        AttributeSyntax.turn_on(field)
    }

    fn turn_off(&self, field: Field) -> String {
        if self.set_by_policy(field) {
            format!("write `{} = false` on the route", field.key())
        } else {
            AttributeSyntax.turn_off(field)
        }
    }

    fn remove(&self, field: Field, item: &str) -> String {
        if self.set_by_policy(field) {
            format!("write `{}` on the route without {item}", field.key())
        } else {
            AttributeSyntax.remove(field, item)
        }
    }

    fn add(&self, field: Field, item: &str) -> String {
        if self.set_by_policy(field) {
            format!("write `{}` on the route with {item}", field.key())
        } else {
            AttributeSyntax.add(field, item)
        }
    }

    fn where_on(&self, field: Field) -> String {
        match self.layers.policy {
            Some((name, _)) if self.set_by_policy(field) => {
                format!(", which policy `{name}` turns on")
            }
            _ => String::new(),
        }
    }
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
fn is_follow_on(layers: &Layers, methods: &Methods, error: &ConfigError) -> bool {
    let field = error.field();
    let (attr, _) = layers.field(field);
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
        let serves = quoted(served.iter().copied());
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

/// Methods as a message lists them: `"GET", "PUT"`.
fn quoted<'a>(methods: impl Iterator<Item = &'a str>) -> String {
    methods
        .map(|method| format!("{method:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
