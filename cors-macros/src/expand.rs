//! Code generation, following `docs/expansion.md`: a unit struct named after the handler whose
//! `HttpServiceFactory::register` holds the policy as a `static` built from literals, the handler
//! with its routing attribute extended by the CORS middleware, and the preflight registration.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Visibility};

use cors_core::glue::PolicyText;
use cors_core::{Field, FieldValue, Policy};

use crate::ast::{self, Handler};
use crate::attr::{self, Answers, Args, Key};
use crate::ctxt::{Ctxt, Site};
use crate::decl::{self, Decl};
use crate::valid::{self, Checked, OriginFn, Target};

/// The module of `cors_actix` that generated code names, versioned like the crates (serde and
/// thiserror do the same): a `cors-macros` and a `cors-actix` of different versions fail to
/// compile together instead of misbehaving.
pub(crate) const PRIVATE: &str = "__private_0_1";

/// Expands `#[cors(args)] item`. On any error the item is emitted unchanged next to the errors,
/// so that the routing macro still generates its service and no follow-on error appears where
/// the handler is registered.
pub(crate) fn cors(tokens: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new(Site::Attribute);
    let args = attr::parse(&cx, tokens.clone());
    match &args.named {
        // `policy = path`: the policy's macro (declared by `cors_policy!` with the same path as
        // the policy's value) hands the arguments back with the policy's keys spliced in.
        None if args.policy.get().is_some() => return call_policy(cx, &args, tokens, item),
        // The policy has errors, reported once at its `cors_policy!`: the handler as written,
        // so that nothing else is reported where the policy is used.
        Some(named) if named.args.is_none() => {
            let _ = cx.check();
            return ast::fallback(item);
        }
        _ => {}
    }
    let handler = ast::parse(&cx, item.clone());
    let checked = valid::check(&cx, &args, Target::Handler(handler.as_ref()));
    match (cx.check(), handler, checked) {
        (Ok(()), Some(handler), Some(checked)) => generate(&args, &handler, &checked),
        (Err(errors), _, _) => {
            let mut out = ast::fallback(item);
            out.extend(errors.into_compile_error());
            out
        }
        // The routing attribute is malformed and actix-web's macro reports it.
        (Ok(()), None, _) => ast::fallback(item),
        // Every error cors-core reports is placed or explained by an earlier report; should that
        // ever not hold, say so rather than panicking inside the compiler.
        (Ok(()), Some(_), None) => {
            let mut out = ast::fallback(item);
            out.extend(
                syn::Error::new(
                    Span::call_site(),
                    "internal error in #[cors]: the policy was rejected without a located error; please report this",
                )
                .into_compile_error(),
            );
            out
        }
    }
}

/// `#[cors(policy = path, ..)] item` becomes `path! { (policy = path, ..) item }`: the macro
/// `cors_policy!` declared under the policy's name re-invokes `#[cors]` with
/// `__policy(NAME, keys..)` in front of the route's arguments. The route's arguments and the
/// handler are checked first, so that their own mistakes are reported even where the path
/// names no policy.
///
/// The call sits in the `register` of the handler's struct, emitted here: the struct the
/// policy's expansion declares inside it is the one registered. A path that names no macro is
/// then reported by rustc at the path, and nothing else is: the handler's name still names a
/// service where it is registered.
fn call_policy(cx: Ctxt, args: &Args, tokens: TokenStream, item: TokenStream) -> TokenStream {
    let handler = ast::parse(&cx, item.clone());
    match (cx.check(), handler, args.policy.get()) {
        (Ok(()), Some(handler), Some(policy)) => {
            let (_, private) = paths(args, Site::Attribute);
            let actix = quote!(#private::actix_web);
            let name = &handler.item.sig.ident;
            let docs = handler
                .item
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident("doc"));
            let path = &policy.value;
            quote! {
                #(#docs)*
                #[allow(non_camel_case_types, missing_docs)]
                pub struct #name;

                impl #actix::dev::HttpServiceFactory for #name {
                    fn register(self, __config: &mut #actix::dev::AppService) {
                        #path! { (#tokens) #item }
                        #actix::dev::HttpServiceFactory::register(#name, __config);
                    }
                }
            }
        }
        (Err(errors), _, _) => {
            let mut out = ast::fallback(item);
            out.extend(errors.into_compile_error());
            out
        }
        (Ok(()), _, _) => ast::fallback(item),
    }
}

/// Expands `cors_policy! { decls }`: for each declaration, the policy's value and the macro
/// routes reach it by (see [`declare`]). Each declaration's errors are reported here, once.
pub(crate) fn cors_policy(tokens: TokenStream) -> TokenStream {
    let cx = Ctxt::new(Site::Named);
    let mut out: TokenStream = decl::parse(&cx, tokens).into_iter().map(declare).collect();
    if let Err(errors) = cx.check() {
        out.extend(errors.into_compile_error());
    }
    out
}

/// One named policy: a `static` of `NamedPolicy` (a middleware) under its name, and a
/// `macro_rules!` re-exported under the same name, in the macro namespace, with the same
/// visibility (`pub(crate)` for `pub`: a macro by example cannot be re-exported from the
/// crate), so that every path naming the value names the macro too. The macro hands a route's
/// arguments back to `#[cors]` with the policy's keys in front, carrying their spans, or only
/// the name when the policy has errors, which are reported here.
fn declare(decl: Decl) -> TokenStream {
    let (name, keys, args, cx) = (&decl.name, &decl.keys, &decl.args, decl.cx);
    let checked = valid::check(&cx, args, Target::Layer);
    let (_, private) = paths(args, Site::Named);
    let (value, spliced, errors) = match (cx.check(), checked) {
        (Ok(()), Some(checked)) => {
            let origin_fn = with_origin_fn(&private, args, &checked);
            let audit = audit_site(
                &private,
                AuditOf::Policy,
                &name.to_string(),
                name.span(),
                args,
                &checked,
            );
            let value = match &args.env {
                None => {
                    let parts = policy_parts(&private, &checked.policy);
                    quote!({
                        static __CORS_POLICY: #private::Policy = #private::Policy::from_parts(#parts);
                        #audit
                        #private::NamedPolicy::new(&__CORS_POLICY)#origin_fn
                    })
                }
                Some(env) => {
                    let site = EnvSite {
                        what: "policy",
                        item: name.to_string(),
                        route: String::new(),
                        registered: true,
                        at: name.span(),
                    };
                    let route = env_route(&private, env, &site, &checked);
                    quote!({
                        #route
                        #audit
                        #private::NamedPolicy::from_env(&__CORS_ENV)#origin_fn
                    })
                }
            };
            (value, quote!(#name, #keys), None)
        }
        (Err(errors), _) => (
            quote!(#private::NamedPolicy::new(&#private::DENY_ALL)),
            quote!(#name),
            Some(errors.into_compile_error()),
        ),
        (Ok(()), None) => (
            quote!(#private::NamedPolicy::new(&#private::DENY_ALL)),
            quote!(#name),
            Some(
                syn::Error::new(
                    Span::call_site(),
                    "internal error in cors_policy!: the policy was rejected without a located error; please report this",
                )
                .into_compile_error(),
            ),
        ),
    };
    let hidden = format_ident!("__cors_policy_{}", name);
    let hidden_key = Ident::new(attr::HIDDEN_POLICY, Span::call_site());
    let (attrs, vis) = (&decl.attrs, &decl.vis);
    let macro_vis = match vis {
        Visibility::Public(_) => quote!(pub(crate)),
        other => other.to_token_stream(),
    };
    // Spanned at the name, so that a lint about the item (`missing_docs`) points at it.
    let value = quote_spanned! {name.span()=>
        #(#attrs)*
        #[allow(dead_code)]
        #vis static #name: #private::NamedPolicy = #value;
    };
    quote! {
        #value

        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! #hidden {
            (($($args:tt)*) $($item:tt)*) => {
                #[#private::cors(#hidden_key(#spliced), $($args)*)]
                $($item)*
            };
        }

        #[doc(hidden)]
        #[allow(unused_imports)]
        #macro_vis use #hidden as #name;

        #errors
    }
}

/// Expands `policy!(args)` into an expression making a `cors_tower::CorsLayer` of a `static`
/// policy. On error the expression is a call to a local function returning a `CorsLayer` (its
/// body `unreachable!()`), so the layer's uses type-check and the errors in the arguments are
/// the only ones reported: a bare `unreachable!()` would also make rustc warn that the code
/// after the `let layer = policy!(..);` is unreachable.
pub(crate) fn policy(args: TokenStream) -> TokenStream {
    let cx = Ctxt::new(Site::Layer);
    let args = attr::parse(&cx, args);
    let checked = valid::check(&cx, &args, Target::Layer);
    match (cx.check(), checked) {
        (Ok(()), Some(checked)) => {
            let (_, private) = paths(&args, Site::Layer);
            let parts = policy_parts(&private, &checked.policy);
            quote! {{
                static __CORS_POLICY: #private::Policy = #private::Policy::from_parts(#parts);
                #private::CorsLayer::from_static(&__CORS_POLICY)
            }}
        }
        (Err(errors), _) => {
            let errors = errors.into_compile_error();
            if args.krate.is_unreadable() || args.is_misspelled(Key::Crate) {
                // `crate` was meant but not read: the default path is only a guess, and a
                // wrong one would add an unresolved-path error.
                quote! {{ #errors ::core::unreachable!() }}
            } else {
                let (_, private) = paths(&args, Site::Layer);
                quote! {{
                    #errors
                    fn __cors_invalid_policy() -> #private::CorsLayer {
                        ::core::unreachable!()
                    }
                    __cors_invalid_policy()
                }}
            }
        }
        (Ok(()), None) => syn::Error::new(
            Span::call_site(),
            "internal error in policy!: the policy was rejected without a located error; please report this",
        )
        .into_compile_error(),
    }
}

/// The path of the glue crate (`crate = "path"`, or the site's default) and of its private
/// module.
fn paths(args: &Args, site: Site) -> (TokenStream, TokenStream) {
    // A route's own `crate` first, then its named policy's.
    let named = args.named.as_ref().and_then(|named| named.args.as_deref());
    let krate = args.krate.get().or_else(|| named?.krate.get());
    let krate = match krate {
        Some(entry) => entry.value.to_token_stream(),
        None => {
            let name = Ident::new(site.default_crate(), Span::call_site());
            quote!(::#name)
        }
    };
    let private = Ident::new(PRIVATE, Span::call_site());
    let private = quote!(#krate::#private);
    (krate, private)
}

fn generate(args: &Args, handler: &Handler, checked: &Checked) -> TokenStream {
    let (_, private) = paths(args, Site::Attribute);
    let actix = quote!(#private::actix_web);

    let item = &handler.item;
    let name = &item.sig.ident;
    // actix-web's routing macros make the handler struct `pub` whatever the fn's visibility
    // (its default `compat` feature), and handlers are routinely registered from another
    // module; annotating one with `#[cors]` must not break that.
    let vis = quote!(pub);
    let route = &handler.route;
    // The routing attribute is consumed here: `#[cors]` registers the resource itself. Doc
    // comments go on the struct, as actix-web-codegen puts them.
    let (docs, attrs): (Vec<_>, Vec<_>) = item
        .attrs
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != route.index)
        .map(|(_, attr)| attr.clone())
        .partition(|attr| attr.path().is_ident("doc"));
    let mut inner = item.clone();
    inner.attrs = attrs;

    let (policy, policy_ref) = match args.env_origins() {
        None => {
            let parts = policy_parts(&private, &checked.policy);
            let policy = quote! {
                static __CORS_POLICY: #private::Policy = #private::Policy::from_parts(#parts);
            };
            (policy, quote!(&__CORS_POLICY))
        }
        Some((env, own)) => {
            let methods: Vec<&str> = route.methods.iter().map(|m| m.name.as_str()).collect();
            let site = EnvSite {
                what: "handler",
                item: name.to_string(),
                route: format!("{} {}", methods.join(", "), route.path.value()),
                // A policy's variable is checked, and reported, once: at the policy.
                registered: own,
                at: Span::call_site(),
            };
            (
                env_route(&private, env, &site, checked),
                quote!(__CORS_ENV.policy()),
            )
        }
    };
    let path = &route.path;
    let audit = audit_site(
        &private,
        AuditOf::Route {
            path,
            methods: route.methods.iter().map(|m| m.name.as_str()).collect(),
        },
        &name.to_string(),
        Span::call_site(),
        args,
        checked,
    );
    let resource_name = match &route.resource_name {
        Some(resource_name) => resource_name.clone(),
        None => LitStr::new(&name.to_string(), name.span()),
    };
    let methods = route.methods.iter().map(|method| &method.name);
    let guards = &route.guards;
    let wraps = &route.wraps;
    let macro_path = &route.macro_path;
    let guard = quote! {
        #private::RouteGuard::new(&[#(#methods),*])
            #(.and(#actix::guard::fn_guard(#guards)))*
    };
    // Without `wrap`s of the route's own, every resource has one type, built by a function
    // compiled once in cors-actix; with them, their types are known only here.
    let resource = if wraps.is_empty() && checked.origin_fn.is_none() {
        quote!(#private::route_resource(#path, #resource_name, #guard, #policy_ref))
    } else {
        let origin_fn = with_origin_fn(&private, args, checked);
        quote! {
            #actix::Resource::new(#path)
                .name(#resource_name)
                .guard(#guard)
                #(.wrap(#wraps))*
                .wrap(#private::NamedPolicy::new(#policy_ref)#origin_fn.on_route())
        }
    };

    quote! {
        #(#docs)*
        #[allow(non_camel_case_types, missing_docs)]
        #vis struct #name;

        impl #actix::dev::HttpServiceFactory for #name {
            fn register(self, __config: &mut #actix::dev::AppService) {
                // The routing macro is read, not expanded: naming it keeps its import used.
                #[allow(unused_imports)]
                use #macro_path as _;

                #policy
                #audit

                #inner

                // As actix-web-codegen registers a route, with `RouteGuard` for its method
                // guard (it also admits the route's preflights) and the CORS middleware as the
                // outermost `wrap`, so it answers preflights before the route's own middleware
                // and decorates their errors.
                let __resource = #resource.to(#name);
                #actix::dev::HttpServiceFactory::register(__resource, __config);
            }
        }
    }
}

/// `.with_origin_fn(..)` for a checked policy with an origin predicate, as a constant
/// expression: the function its key names (an `async fn`'s future boxed by a function
/// generated here), or the one of the named policy the route starts from; nothing without one.
/// Spanned at the function's path, so that a function of another signature is reported there.
fn with_origin_fn(private: &TokenStream, args: &Args, checked: &Checked) -> TokenStream {
    let origin_fn = match &checked.origin_fn {
        None => return TokenStream::new(),
        Some(OriginFn::Own(Answers::Now, path)) => {
            quote_spanned!(path.span()=> #private::StaticOriginFn::Sync(#path))
        }
        Some(OriginFn::Own(Answers::Later, path)) => quote_spanned! {path.span()=>
            #private::StaticOriginFn::Async({
                fn __cors_origin_fn_async(
                    origin: #private::Origin,
                    request: #private::actix_web::HttpRequest,
                ) -> #private::AsyncAnswer {
                    #private::boxed_answer(#path(origin, request))
                }
                __cors_origin_fn_async
            })
        },
        Some(OriginFn::Policy) => {
            let Some(entry) = args.policy.get() else {
                return TokenStream::new();
            };
            let path = &entry.value;
            return quote!(.with_origin_fn(#path.origin_fn()));
        }
    };
    quote!(.with_origin_fn(::core::option::Option::Some(#origin_fn)))
}

/// What an audit entry is of.
enum AuditOf<'a> {
    /// A route: its path and methods, as written.
    Route {
        path: &'a LitStr,
        methods: Vec<&'a str>,
    },
    /// A named policy.
    Policy,
}

/// The route's or policy's entry in cors-actix's link-time list of every route and policy
/// (`cors_actix::audit()`), next to its policy's `static` (`__CORS_POLICY`, or `__CORS_ENV`
/// for origins from the environment). Wrapped in the glue's `audit!`, which drops it when the
/// glue's `audit` feature is off.
fn audit_site(
    private: &TokenStream,
    of: AuditOf<'_>,
    item: &str,
    at: Span,
    args: &Args,
    checked: &Checked,
) -> TokenStream {
    let path_text = |path: &syn::Path| path.to_token_stream().to_string().replace(' ', "");
    let (kind, path, methods) = match of {
        AuditOf::Route { path, methods } => (quote!(Route), path.value(), methods),
        AuditOf::Policy => (quote!(Policy), String::new(), Vec::new()),
    };
    let based_on = args
        .policy
        .get()
        .map(|entry| path_text(&entry.value))
        .unwrap_or_default();
    let origin_fn = match &checked.origin_fn {
        None => String::new(),
        Some(OriginFn::Own(Answers::Now, path)) => path_text(path),
        Some(OriginFn::Own(Answers::Later, path)) => format!("async {}", path_text(path)),
        Some(OriginFn::Policy) => format!("{based_on}'s"),
    };
    let policy = if args.env_origins().is_some() {
        quote!(#private::AuditPolicy::Env(&__CORS_ENV))
    } else {
        quote!(#private::AuditPolicy::Static(&__CORS_POLICY))
    };
    let line = quote_spanned!(at=> ::core::line!());
    let linkme = quote!(#private::linkme);
    quote! {
        #private::audit! {
            #[#linkme::distributed_slice(#private::AUDIT_SITES)]
            #[linkme(crate = #linkme)]
            static __CORS_AUDIT: &#private::AuditSite = &#private::AuditSite {
                kind: #private::AuditKind::#kind,
                item: #item,
                module: ::core::module_path!(),
                file: ::core::file!(),
                line: #line,
                path: #path,
                methods: &[#(#methods),*],
                based_on: #based_on,
                origin_fn: #origin_fn,
                policy: #policy,
            };
        }
    }
}

/// What an env route's `static` says of where it is, for `check()` and the log.
struct EnvSite {
    /// `handler` or `policy`.
    what: &'static str,
    /// The handler's or policy's name.
    item: String,
    /// `GET /items`, or empty for a policy.
    route: String,
    /// Whether `check()` lists it.
    registered: bool,
    /// Where `line!()` points: the attribute, or the policy's name.
    at: Span,
}

/// The `static` of a route whose origins come from `env("NAME")`: the variable, the default's
/// origins, the route's other keys as a spec (all checked at compile time) and where the route
/// is, registered in cors-actix's link-time list so that `check()` finds it, registered with an
/// `App` or not. Its policy is built on first use, from the variable's origins.
fn env_route(
    private: &TokenStream,
    env: &attr::EnvOrigins,
    site: &EnvSite,
    checked: &Checked,
) -> TokenStream {
    let variable = &env.variable;
    let default = if env.has_default {
        let items = checked.spec.items(Field::Origins).unwrap_or_default();
        quote!(::core::option::Option::Some(&[#(#items),*]))
    } else {
        quote!(::core::option::Option::None)
    };
    let sets = Field::ALL
        .into_iter()
        .enumerate()
        .filter(|&(_, field)| field != Field::Origins)
        .filter_map(|(index, field)| {
            let setting = match checked.spec.value(field) {
                FieldValue::List(items) => quote! {
                    #private::Setting::List(::std::vec![#(::std::string::String::from(#items)),*])
                },
                FieldValue::Flag(on) => quote!(#private::Setting::Flag(#on)),
                FieldValue::Seconds(Some(seconds)) => quote!(#private::Setting::Seconds(#seconds)),
                FieldValue::Seconds(None) => return None,
                FieldValue::Status(status) => quote!(#private::Setting::Status(#status)),
            };
            Some(quote!(let _ = __spec.set(#private::Field::ALL[#index], #setting);))
        });
    let EnvSite {
        what, item, route, ..
    } = site;
    let line = quote_spanned!(site.at=> ::core::line!());
    let linkme = quote!(#private::linkme);
    let entry = site.registered.then(|| {
        quote! {
            #[#linkme::distributed_slice(#private::ENV_ROUTES)]
            #[linkme(crate = #linkme)]
            static __CORS_ENV_ENTRY: &#private::EnvRoute = &__CORS_ENV;
        }
    });
    quote! {
        static __CORS_ENV: #private::EnvRoute = #private::EnvRoute {
            variable: #variable,
            default: #default,
            spec: {
                fn __cors_spec() -> #private::PolicySpec {
                    let mut __spec = #private::PolicySpec::new();
                    #(#sets)*
                    __spec
                }
                __cors_spec
            },
            what: #what,
            item: #item,
            module: ::core::module_path!(),
            file: ::core::file!(),
            line: #line,
            route: #route,
            cell: #private::OnceLock::new(),
        };
        #entry
    }
}

/// `PolicyParts { .. }` as a constant expression, read off the compiled `policy`: every string
/// borrowed from a literal, so the `static` needs no allocation or parsing at startup. Each
/// slice is a `const` item: a reference to an array inside a `static`'s initializer lives for
/// `'static` only as a direct field, not as a `const fn`'s argument.
fn policy_parts(private: &TokenStream, policy: &Policy) -> TokenStream {
    let text = |value: &str| quote!(#private::Cow::Borrowed(#value));
    let texts = |values: &[PolicyText]| {
        let values = values.iter().map(|value| text(value));
        quote!(#private::Cow::Borrowed({
            const TEXTS: &[#private::PolicyText] = &[#(#values),*];
            TEXTS
        }))
    };
    let optional = |value: Option<&str>| match value {
        Some(value) => {
            let value = text(value);
            quote!(::core::option::Option::Some(#value))
        }
        None => quote!(::core::option::Option::None),
    };

    let origins = policy.origins();
    let origins = if origins.is_any() {
        quote!(#private::AllowedOrigins::any())
    } else {
        let exact = texts(origins.exact());
        let patterns = origins.patterns().iter().map(|pattern| {
            let (scheme, host, port) = pattern.parts();
            quote!(#private::OriginPattern::from_static_parts(#scheme, #host, #port))
        });
        let null = origins.allows_null();
        quote!(#private::AllowedOrigins::list(
            #exact,
            #private::Cow::Borrowed({
                const PATTERNS: &[#private::OriginPattern] = &[#(#patterns),*];
                PATTERNS
            }),
            #null,
        ))
    };
    let headers = policy.headers();
    let headers = if headers.is_any() {
        quote!(#private::AllowedHeaders::any())
    } else {
        let names = texts(headers.names());
        let value = optional(headers.value());
        quote!(#private::AllowedHeaders::list(#names, #value))
    };
    let methods = texts(policy.methods());
    let allow_methods = text(policy.allow_methods());
    let expose_headers = optional(policy.expose_headers());
    let credentials = policy.credentials();
    let max_age = optional(policy.max_age());
    let private_network = policy.private_network();
    let strict = policy.strict();
    let preflight_status = Literal::u16_unsuffixed(policy.preflight_status());

    quote! {
        #private::PolicyParts {
            origins: #origins,
            methods: #methods,
            allow_methods: #allow_methods,
            headers: #headers,
            expose_headers: #expose_headers,
            credentials: #credentials,
            max_age: #max_age,
            private_network: #private_network,
            strict: #strict,
            preflight_status: #preflight_status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: TokenStream, item: TokenStream) -> String {
        let mut out = cors(args, item).to_string();
        out.retain(|c| !c.is_whitespace());
        out
    }

    fn squash(expected: &str) -> String {
        expected.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// `#[get("/items")] async fn items()`, the handler most tests annotate.
    fn get_items() -> TokenStream {
        quote!(
            #[get("/items")]
            async fn items() -> HttpResponse {
                HttpResponse::Ok().finish()
            }
        )
    }

    /// Asserts that the expansion `out` holds each of `expected` (whitespace ignored) and no
    /// error.
    #[track_caller]
    fn assert_holds(out: &str, expected: &[&str]) {
        for expected in expected {
            assert!(
                out.contains(&squash(expected)),
                "missing {expected} in {out}"
            );
        }
        assert!(!out.contains("compile_error"), "{out}");
    }

    /// The private path carries this crate's version: bump it together with the version.
    #[test]
    fn the_private_path_names_this_version() {
        let version = env!("CARGO_PKG_VERSION")
            .split('.')
            .take(2)
            .collect::<Vec<_>>();
        assert_eq!(PRIVATE, format!("__private_{}", version.join("_")));
    }

    #[test]
    fn policy_is_emitted_as_compiled_literals() {
        let out = expand(
            quote!(
                origins = [
                    "https://b.example.com",
                    "https://a.example.com",
                    "https://*.example.org"
                ],
                credentials,
                max_age = 60,
                headers = ["X-Token"]
            ),
            quote!(
                #[get("/items/{id}")]
                async fn item() -> HttpResponse {
                    HttpResponse::Ok().finish()
                }
            ),
        );
        // Exact origins in the order compile() sorted them, patterns as their pieces, header
        // names lowercased: everything comes from cors-core, nothing is recomputed here.
        for expected in [
            r#"AllowedOrigins::list(::cors_actix::__private_0_1::Cow::Borrowed({
                const TEXTS: &[::cors_actix::__private_0_1::PolicyText] = &[
                ::cors_actix::__private_0_1::Cow::Borrowed("https://a.example.com"),
                ::cors_actix::__private_0_1::Cow::Borrowed("https://b.example.com")];"#,
            r#"::cors_actix::__private_0_1::OriginPattern::from_static_parts("https://", ".example.org", "")"#,
            r#"max_age: ::core::option::Option::Some(::cors_actix::__private_0_1::Cow::Borrowed("60"))"#,
            r#"Cow::Borrowed("x-token")];TEXTS}),
                ::core::option::Option::Some(::cors_actix::__private_0_1::Cow::Borrowed("x-token")))"#,
            "credentials: true",
            "preflight_status: 204",
            r#"::cors_actix::__private_0_1::route_resource("/items/{id}", "item",
                ::cors_actix::__private_0_1::RouteGuard::new(&["GET"]), &__CORS_POLICY)
                .to(item);"#,
            "use get as _;",
        ] {
            assert!(
                out.contains(&squash(expected)),
                "missing {expected} in {out}"
            );
        }
    }

    #[test]
    fn routing_options_are_carried_over_and_the_middleware_is_the_last_wrap() {
        let out = expand(
            quote!(origins = ["https://app.example.com"], crate = "my::cors"),
            quote!(
                /// Docs.
                #[actix_web::route(
                    "/items",
                    method = "GET",
                    method = "PUT",
                    name = "all_items",
                    guard = "has_key",
                    wrap = "Logger::default()",
                    wrap = "Compress::default()"
                )]
                #[inline]
                pub async fn items() -> HttpResponse {
                    HttpResponse::Ok().finish()
                }
            ),
        );
        let expected = squash(
            r#"my::cors::__private_0_1::actix_web::Resource::new("/items").name("all_items")
                .guard(my::cors::__private_0_1::RouteGuard::new(&["GET", "PUT"])
                    .and(my::cors::__private_0_1::actix_web::guard::fn_guard(has_key)))
                .wrap(Logger::default())
                .wrap(Compress::default())
                .wrap(my::cors::__private_0_1::NamedPolicy::new(&__CORS_POLICY).on_route())
                .to(items);"#,
        );
        assert!(out.contains(&expected), "{out}");
        assert!(out.starts_with(&squash(
            r#"#[doc = r" Docs."] #[allow(non_camel_case_types, missing_docs)] pub struct items;"#
        )));
        // The routing attribute is consumed; the handler's other attributes stay on it.
        assert!(!out.contains("#[actix_web::route"), "{out}");
        assert!(out.contains("#[inline]pubasyncfnitems()"), "{out}");
        assert!(out.contains("useactix_web::routeas_;"), "{out}");
    }

    #[test]
    fn an_origin_predicate_reaches_the_route_s_middleware() {
        let item = quote!(
            #[get("/items")]
            async fn items() -> HttpResponse {
                HttpResponse::Ok().finish()
            }
        );
        let out = expand(quote!(origin_fn = tenants::allows), item.clone());
        // Built at the route's site, the function coerced where its path is.
        assert!(!out.contains("route_resource"), "{out}");
        assert!(
            out.contains(&squash(
                ".wrap(::cors_actix::__private_0_1::NamedPolicy::new(&__CORS_POLICY)
                .with_origin_fn(::core::option::Option::Some(
                    ::cors_actix::__private_0_1::StaticOriginFn::Sync(tenants::allows))).on_route())"
            )),
            "{out}"
        );
        let out = expand(quote!(origin_fn_async = tenants::allows), item);
        assert!(
            out.contains(&squash(
                "::cors_actix::__private_0_1::boxed_answer(tenants::allows(origin, request))"
            )),
            "{out}"
        );
        // A policy's predicate comes from its value, where the route names it.
        let out = cors_policy(quote!(pub T: origins = [], origin_fn = crate::allows;)).to_string();
        assert!(squash(&out).contains(".with_origin_fn("), "{out}");
    }

    #[test]
    fn a_named_policy_is_a_value_and_a_macro_of_the_same_name() {
        let mut out = cors_policy(quote!(
            /// Docs.
            pub SPA: origins = ["https://app.example.com"], credentials;
            ADMIN: origins = ["https://admin.example.com"];
        ))
        .to_string();
        out.retain(|c| !c.is_whitespace());
        assert_holds(
            &out,
            &[
                r#"#[doc = r" Docs."] #[allow(dead_code)]
                    pub static SPA: ::cors_actix::__private_0_1::NamedPolicy = {"#,
                "::cors_actix::__private_0_1::NamedPolicy::new(&__CORS_POLICY)",
                // The keys go back to `#[cors]` as written, in front of the route's arguments.
                r#"macro_rules! __cors_policy_SPA {
                    (($($args:tt)*) $($item:tt)*) => {
                        #[::cors_actix::__private_0_1::cors(__policy(SPA,
                            origins = ["https://app.example.com"], credentials), $($args)*)]
                        $($item)*
                    };
                }"#,
                // A macro by example cannot be exported from the crate: `pub` becomes `pub(crate)`.
                "pub(crate) use __cors_policy_SPA as SPA;",
                "static ADMIN:",
                "use __cors_policy_ADMIN as ADMIN;",
            ],
        );
    }

    #[test]
    fn a_route_naming_a_policy_hands_its_arguments_to_the_policys_macro() {
        let out = expand(
            quote!(policy = crate::policies::SPA, max_age = 60),
            get_items(),
        );
        let expected = squash(
            r#"crate::policies::SPA! { (policy = crate::policies::SPA, max_age = 60)
                #[get("/items")] async fn items() -> HttpResponse { HttpResponse::Ok().finish() } }
            ::cors_actix::__private_0_1::actix_web::dev::HttpServiceFactory::register(items, __config);"#,
        );
        assert!(out.contains(&expected), "{out}");
        assert!(
            out.starts_with(&squash(
                "#[allow(non_camel_case_types, missing_docs)] pub struct items;"
            )),
            "{out}"
        );
    }

    #[test]
    fn a_route_merges_its_keys_over_the_policys() {
        let out = expand(
            quote!(
                __policy(
                    SPA,
                    origins = ["https://app.example.com"],
                    credentials,
                    max_age = 600
                ),
                policy = SPA,
                max_age = 60
            ),
            get_items(),
        );
        assert_holds(
            &out,
            &[
                "credentials: true",
                r#"max_age: ::core::option::Option::Some(::cors_actix::__private_0_1::Cow::Borrowed("60"))"#,
            ],
        );
    }

    #[test]
    fn errors_keep_the_item() {
        let item = quote!(
            #[get("/items")]
            async fn items() -> HttpResponse {
                HttpResponse::Ok().finish()
            }
        );
        let out = expand(quote!(origins = ["https://app.example.com/"]), item.clone());
        let mut item = item.to_string();
        item.retain(|c| !c.is_whitespace());
        assert!(out.starts_with(&item), "{out}");
        assert!(out.contains("compile_error"), "{out}");
        assert!(!out.contains("__CORS_POLICY"), "{out}");
    }

    #[test]
    fn a_route_with_env_origins_is_registered_and_builds_its_policy_on_first_use() {
        let out = expand(
            quote!(
                origins = env("SPA_ORIGINS", default = ["http://localhost:*"]),
                credentials,
                max_age = 60
            ),
            quote!(
                #[post("/items")]
                async fn items() -> HttpResponse {
                    HttpResponse::Ok().finish()
                }
            ),
        );
        for expected in [
            r#"variable: "SPA_ORIGINS", default: ::core::option::Option::Some(&["http://localhost:*"]),"#,
            r#"__spec.set(::cors_actix::__private_0_1::Field::ALL[4usize],
                ::cors_actix::__private_0_1::Setting::Flag(true));"#,
            r#"Setting::Seconds(60u64)"#,
            r#"Setting::List(::std::vec![::std::string::String::from("POST")])"#,
            r#"what: "handler", item: "items","#,
            r#"route: "POST /items","#,
            r#"#[::cors_actix::__private_0_1::linkme::distributed_slice(::cors_actix::__private_0_1::ENV_ROUTES)]
                #[linkme(crate = ::cors_actix::__private_0_1::linkme)]"#,
            r#"RouteGuard::new(&["POST"]), __CORS_ENV.policy()).to(items);"#,
        ] {
            assert!(
                out.contains(&squash(expected)),
                "missing {expected} in {out}"
            );
        }
        assert!(!out.contains("__CORS_POLICY"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn a_route_reading_its_policys_variable_is_not_registered_again() {
        let out = expand(
            quote!(
                __policy(SPA, origins = env("SPA_ORIGINS")),
                policy = SPA,
                max_age = 60
            ),
            get_items(),
        );
        assert!(
            out.contains(&squash(
                r#"variable: "SPA_ORIGINS", default: ::core::option::Option::None,"#
            )),
            "{out}"
        );
        assert!(out.contains("__CORS_ENV.policy()"), "{out}");
        // Not in `check()`'s list again (the policy is), but in the audit's, as a route.
        assert!(
            !out.contains("distributed_slice(::cors_actix::__private_0_1::ENV_ROUTES)"),
            "{out}"
        );
        assert!(
            out.contains(&squash(
                r#"kind: ::cors_actix::__private_0_1::AuditKind::Route, item: "items","#
            )),
            "{out}"
        );
        assert!(
            out.contains(&squash(
                r#"path: "/items", methods: &["GET"], based_on: "SPA", origin_fn: "",
                policy: ::cors_actix::__private_0_1::AuditPolicy::Env(&__CORS_ENV),"#
            )),
            "{out}"
        );
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn a_named_policy_with_env_origins_is_registered_once_as_a_policy() {
        let out = cors_policy(quote!(
            pub SPA: origins = env("SPA_ORIGINS"), credentials;
        ))
        .to_string();
        let out: String = out.chars().filter(|c| !c.is_whitespace()).collect();
        assert_holds(
            &out,
            &[
                r#"what: "policy", item: "SPA","#,
                r#"route: "","#,
                "distributed_slice",
                "NamedPolicy::from_env(&__CORS_ENV)",
            ],
        );
    }
}
