//! The item under `#[cors]`: a handler function and the actix-web routing attribute below it,
//! read as actix-web-codegen reads it (path, methods, `name`, `guard`s, `wrap`s), because
//! `#[cors]` registers the route itself, on a resource that also admits its preflights.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Lit, LitStr, MetaNameValue, Token};

use crate::attr::with_help;
use crate::ctxt::Ctxt;

/// A handler function with exactly one routing attribute.
pub(crate) struct Handler {
    pub(crate) item: syn::ItemFn,
    pub(crate) route: Route,
}

/// The routing attribute (`#[get(..)]`, `#[route(..)]`, ...), everything actix-web-codegen
/// would have read from it.
pub(crate) struct Route {
    /// Position of the attribute in the function's attributes.
    pub(crate) index: usize,
    /// The macro's name, e.g. `get`.
    pub(crate) name: String,
    /// The macro's path as written (`get`, `actix_web::get`): named once in the expansion so
    /// that the user's import of it stays used.
    pub(crate) macro_path: syn::Path,
    /// The path literal, used unchanged for the resource.
    pub(crate) path: LitStr,
    /// The methods the route serves, with the tokens that declare each one.
    pub(crate) methods: Vec<RouteMethod>,
    /// `name = ".."`: the resource's name (default: the function's).
    pub(crate) resource_name: Option<LitStr>,
    /// Each `guard = ".."`: a function `Fn(&GuardContext) -> bool`, in order.
    pub(crate) guards: Vec<syn::Path>,
    /// Each `wrap = ".."`: a middleware expression, in order (later ones are outer).
    pub(crate) wraps: Vec<Expr>,
}

/// One method a route serves.
pub(crate) struct RouteMethod {
    pub(crate) name: String,
    /// The `#[get]` path or the `method = "PUT"` literal, for errors about this method.
    pub(crate) tokens: TokenStream,
}

/// The routing macros of actix-web-codegen that take `("path", options..)`, with the method
/// each one serves (`route` takes its methods from `method = ".."` options).
const ROUTING_MACROS: &[(&str, Option<&str>)] = &[
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("delete", Some("DELETE")),
    ("patch", Some("PATCH")),
    ("head", Some("HEAD")),
    ("options", Some("OPTIONS")),
    ("trace", Some("TRACE")),
    ("connect", Some("CONNECT")),
    ("query", Some("QUERY")),
    ("route", None),
];

/// How an attribute on the handler relates to `#[cors]`.
enum AttrKind {
    /// A routing macro, by its index in [`ROUTING_MACROS`].
    Routing(usize),
    /// actix-web's `#[routes]`, which stacks several routing attributes.
    Routes,
    /// Another `#[cors]`.
    Cors,
    Other,
}

fn classify(attr: &Attribute) -> AttrKind {
    let path = attr.path();
    let Some(last) = path.segments.last() else {
        return AttrKind::Other;
    };
    let name = last.ident.to_string();
    if name == "cors" {
        return AttrKind::Cors;
    }
    // Only `get` or `actix_web::get` (and the codegen crate itself) are actix's macros; another
    // crate's `foo::get` is not ours to interpret.
    let from_actix = match path.segments.len() {
        1 => path.leading_colon.is_none(),
        2 => {
            let krate = path.segments[0].ident.to_string();
            krate == "actix_web" || krate == "actix_web_codegen"
        }
        _ => false,
    };
    if !from_actix {
        return AttrKind::Other;
    }
    if name == "routes" {
        return AttrKind::Routes;
    }
    match ROUTING_MACROS
        .iter()
        .position(|(macro_name, _)| *macro_name == name)
    {
        Some(index) => AttrKind::Routing(index),
        None => AttrKind::Other,
    }
}

/// Reads the annotated item. Returns `None` when there is no usable handler: either a problem was
/// reported to `cx`, or the routing attribute is malformed in a way actix-web's own macro will
/// report once the item is emitted unchanged.
pub(crate) fn parse(cx: &Ctxt, tokens: TokenStream) -> Option<Handler> {
    let item = match syn::parse2::<syn::Item>(tokens) {
        Ok(syn::Item::Fn(item)) => item,
        Ok(other) => {
            cx.error_at(
                Span::call_site(),
                with_help(
                    format!(
                        "`#[cors]` can only be applied to a handler function, not to {}",
                        describe(&other)
                    ),
                    "put `#[cors(..)]` on an `async fn` handler, directly above its routing \
                     attribute such as `#[get(\"/items\")]`",
                ),
            );
            return None;
        }
        Err(error) => {
            cx.syn_error(error);
            return None;
        }
    };

    let mut route_at = None;
    let stacked = item
        .attrs
        .iter()
        .any(|attr| matches!(classify(attr), AttrKind::Routes));
    for (index, attr) in item.attrs.iter().enumerate() {
        match classify(attr) {
            AttrKind::Cors => cx.error_spanned_by(
                attr,
                with_help(
                    format!("`#[cors]` is applied twice to `{}`", item.sig.ident),
                    "merge both into one `#[cors(..)]` above the routing attribute",
                ),
            ),
            AttrKind::Routes => cx.error_spanned_by(
                attr,
                with_help(
                    "`#[cors]` does not support `#[routes]`",
                    "give the handler a single routing attribute; for several methods on one \
                     path use `#[route(\"/path\", method = \"GET\", method = \"POST\")]`",
                ),
            ),
            AttrKind::Routing(kind) => match route_at {
                None => route_at = Some((index, kind)),
                // Several routing attributes under `#[routes]` are reported as `#[routes]`.
                Some(_) if stacked => {}
                Some(_) => cx.error_spanned_by(
                    attr,
                    with_help(
                        "`#[cors]` expects exactly one routing attribute below it",
                        "for several methods on one path use \
                         `#[route(\"/path\", method = \"GET\", method = \"POST\")]`",
                    ),
                ),
            },
            AttrKind::Other => {}
        }
    }

    if stacked {
        return None;
    }
    let Some((index, kind)) = route_at else {
        cx.error_at(
            Span::call_site(),
            with_help(
                "`#[cors]` must be written above a routing attribute such as `#[get(\"/path\")]`, \
                 and none follows it",
                "if the routing attribute is written above `#[cors]`, move `#[cors(..)]` above it: \
                 the routing attribute expands first, so `#[cors]` never sees it",
            ),
        );
        return None;
    };
    // actix-web rejects a handler without a return type; leave that error to it.
    if matches!(item.sig.output, syn::ReturnType::Default) {
        return None;
    }
    let route = read_route(&item.attrs[index], index, kind)?;
    Some(Handler { item, route })
}

fn describe(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Struct(_) => "a struct",
        syn::Item::Enum(_) => "an enum",
        syn::Item::Union(_) => "a union",
        syn::Item::Impl(_) => "an impl block",
        syn::Item::Trait(_) => "a trait",
        syn::Item::Mod(_) => "a module",
        syn::Item::Const(_) => "a constant",
        syn::Item::Static(_) => "a static",
        syn::Item::Type(_) => "a type alias",
        syn::Item::Use(_) => "a `use` declaration",
        syn::Item::Macro(_) => "a macro invocation",
        _ => "this item",
    }
}

/// Reads `("path", options..)` as actix-web-codegen 4.5 does. Returns `None` when actix-web's
/// macro is certain to reject the attribute itself (malformed arguments, an unknown option,
/// `#[route]` without a method, a method written twice or not in uppercase). The item is then
/// emitted unchanged so that actix-web reports its own error: reporting it here too would
/// duplicate it, and expanding anyway would add an error where the handler is registered, since
/// a failed routing macro generates no service.
fn read_route(attr: &Attribute, index: usize, kind: usize) -> Option<Route> {
    let (name, method) = ROUTING_MACROS[kind];
    let (path, options) = attr.parse_args_with(route_args).ok()?;
    let mut methods = Vec::new();
    let mut resource_name = None;
    let mut guards = Vec::new();
    let mut wraps = Vec::new();
    if let Some(method) = method {
        methods.push(RouteMethod {
            name: method.to_owned(),
            tokens: attr.path().to_token_stream(),
        });
    }
    for option in &options {
        let Expr::Lit(lit) = &option.value else {
            return None;
        };
        let Lit::Str(value) = &lit.lit else {
            return None;
        };
        let key = option.path.get_ident()?.to_string();
        match key.as_str() {
            "name" => resource_name = Some(value.clone()),
            "guard" => guards.push(value.parse::<syn::Path>().ok()?),
            "wrap" => wraps.push(value.parse::<Expr>().ok()?),
            "method" if method.is_none() => {
                let text = value.value();
                let uppercase = text.chars().all(|c| c.is_ascii_uppercase());
                if !uppercase || methods.iter().any(|m: &RouteMethod| m.name == text) {
                    return None;
                }
                methods.push(RouteMethod {
                    name: text,
                    tokens: value.to_token_stream(),
                });
            }
            _ => return None,
        }
    }
    if methods.is_empty() {
        return None;
    }
    Some(Route {
        index,
        name: name.to_owned(),
        macro_path: attr.path().clone(),
        path,
        methods,
        resource_name,
        guards,
        wraps,
    })
}

fn route_args(input: ParseStream) -> syn::Result<(LitStr, Punctuated<MetaNameValue, Token![,]>)> {
    let path: LitStr = input.parse()?;
    if input.is_empty() {
        return Ok((path, Punctuated::new()));
    }
    input.parse::<Token![,]>()?;
    let options = Punctuated::parse_terminated(input)?;
    Ok((path, options))
}

/// The item to emit when expansion fails: unchanged, except for the attributes already reported
/// that would otherwise cause more errors once the item is emitted: further `#[cors]`s (they
/// would expand again after the routing macro) and routing attributes after the first one (they
/// would nest the handler in a second service).
pub(crate) fn fallback(tokens: TokenStream) -> TokenStream {
    let Ok(mut item) = syn::parse2::<syn::ItemFn>(tokens.clone()) else {
        return tokens;
    };
    let stacked = item
        .attrs
        .iter()
        .any(|attr| matches!(classify(attr), AttrKind::Routes));
    let mut routing_seen = false;
    let before = item.attrs.len();
    item.attrs.retain(|attr| match classify(attr) {
        AttrKind::Cors => false,
        AttrKind::Routing(_) if !stacked => !std::mem::replace(&mut routing_seen, true),
        _ => true,
    });
    if item.attrs.len() == before {
        tokens
    } else {
        item.into_token_stream()
    }
}
