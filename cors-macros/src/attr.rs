//! Parsing the arguments of `#[cors(..)]` into [`Args`], keeping the tokens of every key, value
//! and list item so that later stages can point their errors at the exact token.
//!
//! Parsing never stops at the first problem: a broken entry is reported and skipped, and the
//! next entry is parsed, so that all mistakes in one attribute show up in one compile.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Ident, Lit, LitInt, LitStr, Token};

use cors_core::glue::Syntax;
use cors_core::{ConfigError, Field, FieldKind};

use crate::ctxt::{Ctxt, Site};

/// Formats a macro-level error the way `cors_core::ConfigError` displays itself, so that every
/// message of the attribute reads the same.
pub(crate) fn with_help(message: impl std::fmt::Display, help: impl std::fmt::Display) -> String {
    format!("{message}\nhelp: {help}")
}

/// One `key = value` (or bare `key`) entry.
pub(crate) struct Entry<T> {
    /// The key as written, e.g. `max_age`.
    pub(crate) key: TokenStream,
    /// The value's tokens; empty for a bare flag such as `credentials`.
    pub(crate) value_tokens: TokenStream,
    pub(crate) value: T,
    /// Whether the value was fully understood. A broken entry has already been reported, so
    /// problems about the field as a whole (e.g. an empty list) would only repeat that report.
    pub(crate) intact: bool,
}

impl<T> Entry<T> {
    /// The tokens an error about the whole entry points at: its value, or the key of a flag.
    pub(crate) fn whole(&self) -> &TokenStream {
        if self.value_tokens.is_empty() {
            &self.key
        } else {
            &self.value_tokens
        }
    }
}

/// A key of `#[cors(..)]`: a policy field (its key comes from `cors_core`'s field table),
/// `crate`, `policy` (the attribute's only), or an origin predicate (`origin_fn`,
/// `origin_fn_async`: actix only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Field(Field),
    Crate,
    Policy,
    OriginFn(Answers),
}

/// How an origin predicate answers: the two keys that name one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answers {
    /// `origin_fn = path`: `fn(&Origin, &HttpRequest) -> bool`.
    Now,
    /// `origin_fn_async = path`: `async fn(Origin, HttpRequest) -> bool`.
    Later,
}

impl Key {
    /// Every key, in the order the documentation lists them.
    pub(crate) const ALL: [Key; FIELD_COUNT + 4] = {
        let mut keys = [Key::Crate; FIELD_COUNT + 4];
        let mut i = 0;
        while i < FIELD_COUNT {
            keys[i] = Key::Field(Field::ALL[i]);
            i += 1;
        }
        keys[FIELD_COUNT + 1] = Key::Policy;
        keys[FIELD_COUNT + 2] = Key::OriginFn(Answers::Now);
        keys[FIELD_COUNT + 3] = Key::OriginFn(Answers::Later);
        keys
    };

    /// The key as written.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Key::Field(field) => field.key(),
            Key::Crate => "crate",
            Key::Policy => "policy",
            Key::OriginFn(Answers::Now) => "origin_fn",
            Key::OriginFn(Answers::Later) => "origin_fn_async",
        }
    }

    /// Whether `site` takes this key: a named policy is for routes, so only the attribute
    /// takes `policy`; origin predicates are actix's, so `policy!` (tower) takes neither.
    fn is_taken_by(self, site: Site) -> bool {
        match self {
            Key::Policy => site == Site::Attribute,
            Key::OriginFn(_) => site != Site::Layer,
            Key::Field(_) | Key::Crate => true,
        }
    }

    fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|key| key.name() == name)
    }
}

/// The hidden first entry through which the macro `cors_policy!` declares hands its keys back to
/// `#[cors]`: `__policy(NAME, keys..)`, or `__policy(NAME)` for a policy that has errors (already
/// reported at the `cors_policy!`).
pub(crate) const HIDDEN_POLICY: &str = "__policy";

/// The policy a route names, as its macro spliced it in.
pub(crate) struct Named {
    /// The name the policy was declared with.
    pub(crate) name: Ident,
    /// The policy's keys; `None` when the declaration has errors.
    pub(crate) args: Option<Box<Args>>,
}

const FIELD_COUNT: usize = Field::ALL.len();

/// `env("NAME")` or `env("NAME", default = [..])` in place of an origin list.
pub(crate) struct EnvOrigins {
    /// The variable's name.
    pub(crate) variable: LitStr,
    /// Whether `default = [..]` was written (its items are the field's list).
    pub(crate) has_default: bool,
}

/// A field's value as written, read according to the field's kind.
pub(crate) enum Value {
    List(Vec<LitStr>),
    Flag(bool),
    Seconds(u64),
    Status(u16),
}

/// One key's entry: absent, written once (and read, or unreadable and already reported).
/// Writing a key twice is reported here, for every key.
pub(crate) struct Attr<T> {
    key: Key,
    entry: Option<Entry<T>>,
    /// Written, but its value could not be read at all: already reported, so it must not also
    /// be reported as missing.
    unreadable: bool,
}

impl<T> Attr<T> {
    fn none(key: Key) -> Self {
        Attr {
            key,
            entry: None,
            unreadable: false,
        }
    }

    /// The entry, when it was written and read.
    pub(crate) fn get(&self) -> Option<&Entry<T>> {
        self.entry.as_ref()
    }

    /// Whether the key was written, readable or not.
    pub(crate) fn is_written(&self) -> bool {
        self.entry.is_some() || self.unreadable
    }

    /// Whether the key was written but its value could not be read.
    pub(crate) fn is_unreadable(&self) -> bool {
        self.unreadable
    }

    /// Whether `key_tokens` may set this key: reports a duplicate otherwise.
    fn claim(&self, cx: &Ctxt, key_tokens: &TokenStream) -> bool {
        if !self.is_written() {
            return true;
        }
        let name = self.key.name();
        cx.error_spanned_by(
            key_tokens,
            with_help(
                format!("duplicate key `{name}`"),
                format!("each key may appear once; remove this second `{name}`"),
            ),
        );
        false
    }

    /// Records what was read for the key: an entry, or `None` when its value was unreadable.
    fn set(&mut self, entry: Option<Entry<T>>) {
        self.unreadable = entry.is_none();
        self.entry = entry;
    }
}

/// The parsed `#[cors(..)]` arguments.
pub(crate) struct Args {
    /// One per field, indexed by `field as usize`.
    fields: [Attr<Value>; FIELD_COUNT],
    pub(crate) krate: Attr<syn::Path>,
    /// `policy = path`: the named policy the route starts from.
    pub(crate) policy: Attr<syn::Path>,
    /// `origin_fn = path` and `origin_fn_async = path`: the function asked about unlisted
    /// origins, by how it answers (indexed by [`Answers`]).
    pub(crate) origin_fn: [Attr<syn::Path>; 2],
    /// The named policy's keys, once its macro has spliced them in.
    pub(crate) named: Option<Named>,
    /// `origins = env("NAME", ..)`: the variable the route's origins come from at run time
    /// (the origins field then holds the default's items, checked at compile time).
    pub(crate) env: Option<EnvOrigins>,
    /// Keys suggested for unknown keys (`origin` for `origins`): the user did write them, just
    /// misspelled, so they must not also be reported as missing.
    misspelled: Vec<Key>,
}

impl Args {
    fn new() -> Self {
        Args {
            fields: Field::ALL.map(|field| Attr::none(Key::Field(field))),
            krate: Attr::none(Key::Crate),
            policy: Attr::none(Key::Policy),
            origin_fn: [Answers::Now, Answers::Later]
                .map(|answers| Attr::none(Key::OriginFn(answers))),
            named: None,
            env: None,
            misspelled: Vec::new(),
        }
    }

    /// What was written for `field`.
    pub(crate) fn field(&self, field: Field) -> &Attr<Value> {
        &self.fields[field as usize]
    }

    /// A list field's items, when written and read.
    pub(crate) fn list(&self, field: Field) -> Option<&[LitStr]> {
        match &self.field(field).get()?.value {
            Value::List(items) => Some(items),
            Value::Flag(_) | Value::Seconds(_) | Value::Status(_) => None,
        }
    }

    /// Where the origins come from the environment: the route's own `origins = env(..)`
    /// (`true`), or its named policy's when the route writes no `origins` (`false`).
    pub(crate) fn env_origins(&self) -> Option<(&EnvOrigins, bool)> {
        if let Some(env) = &self.env {
            return Some((env, true));
        }
        if self.field(Field::Origins).is_written() {
            return None;
        }
        let named = self.named.as_ref()?.args.as_deref()?;
        named.env.as_ref().map(|env| (env, false))
    }

    /// Whether an unknown key was taken for a misspelling of `key`.
    pub(crate) fn is_misspelled(&self, key: Key) -> bool {
        self.misspelled.contains(&key)
    }

    fn is_written(&self, key: Key) -> bool {
        match key {
            Key::Field(field) => self.field(field).is_written(),
            Key::Crate => self.krate.is_written(),
            Key::Policy => self.policy.is_written(),
            Key::OriginFn(answers) => self.origin_fn[answers as usize].is_written(),
        }
    }

    /// The origin predicate written, read or not, with how it answers; the first if both were.
    pub(crate) fn origin_fn(&self) -> Option<(Answers, &Attr<syn::Path>)> {
        [Answers::Now, Answers::Later]
            .into_iter()
            .map(|answers| (answers, &self.origin_fn[answers as usize]))
            .find(|(_, attr)| attr.is_written())
    }

    fn mark_unreadable(&mut self, key: Key) {
        match key {
            Key::Field(field) => self.fields[field as usize].unreadable = true,
            Key::Crate => self.krate.unreadable = true,
            Key::Policy => self.policy.unreadable = true,
            Key::OriginFn(answers) => self.origin_fn[answers as usize].unreadable = true,
        }
    }
}

/// Parses the attribute arguments, reporting every problem to `cx`.
pub(crate) fn parse(cx: &Ctxt, tokens: TokenStream) -> Args {
    let mut args = Args::new();
    let parser = |input: ParseStream| {
        args.named = parse_named(cx, input)?;
        parse_entries(cx, input, &mut args);
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        cx.syn_error(error);
    }
    args
}

/// Reads the hidden `__policy(NAME, keys..),` entry, if the arguments start with one.
fn parse_named(cx: &Ctxt, input: ParseStream) -> syn::Result<Option<Named>> {
    let fork = input.fork();
    let hidden = fork
        .call(Ident::parse_any)
        .is_ok_and(|ident| ident == HIDDEN_POLICY && fork.peek(syn::token::Paren));
    if !hidden {
        return Ok(None);
    }
    Ident::parse_any(input)?;
    let content;
    syn::parenthesized!(content in input);
    let name: Ident = content.parse()?;
    let args = if content.is_empty() {
        None
    } else {
        content.parse::<Token![,]>()?;
        let mut args = Args::new();
        parse_entries(cx, &content, &mut args);
        Some(Box::new(args))
    };
    if !input.is_empty() {
        input.parse::<Token![,]>()?;
    }
    Ok(Some(Named { name, args }))
}

/// A key and its raw value, before the value is interpreted for that key.
struct RawEntry {
    /// The key with `-` joining its parts (`max-age`), exactly as written otherwise.
    name: String,
    key: TokenStream,
    value: Option<Expr>,
}

fn parse_entries(cx: &Ctxt, input: ParseStream, args: &mut Args) {
    while !input.is_empty() {
        let (name, key) = match parse_key(cx.site(), input) {
            Ok(key) => key,
            Err(error) => {
                cx.syn_error(error);
                skip_past_comma(input);
                continue;
            }
        };
        match parse_value(input, &name) {
            Ok(value) => store(cx, args, RawEntry { name, key, value }),
            Err(error) => {
                cx.syn_error(error);
                if let Some(key) = Key::from_name(&name)
                    && !args.is_written(key)
                {
                    args.mark_unreadable(key);
                }
                skip_past_comma(input);
                continue;
            }
        }
        if input.is_empty() {
            break;
        }
        if input.peek(Token![,]) {
            let _ = input.parse::<Token![,]>();
        } else {
            cx.error_at(
                input.span(),
                format!(
                    "expected `,` between the entries of {}",
                    cx.site().invocation()
                ),
            );
            // A missing comma in front of the next key is common; resume there rather than
            // dropping the next entry too.
            if !input.peek(Ident::peek_any) {
                skip_past_comma(input);
            }
        }
    }
}

/// Reads a key: an identifier, or several joined by `-`.
fn parse_key(site: Site, input: ParseStream) -> syn::Result<(String, TokenStream)> {
    if !input.peek(Ident::peek_any) {
        return Err(input.error(with_help(
            "expected a key such as `origins`",
            format!("the keys are {}", key_list(site)),
        )));
    }
    let first = Ident::parse_any(input)?;
    let mut name = first.unraw().to_string();
    let mut key = first.into_token_stream();
    // `max-age` is not a Rust identifier; read it whole so the error can suggest `max_age`.
    while input.peek(Token![-]) && input.peek2(Ident::peek_any) {
        let dash: Token![-] = input.parse()?;
        let part = Ident::parse_any(input)?;
        name.push('-');
        name.push_str(&part.unraw().to_string());
        dash.to_tokens(&mut key);
        part.to_tokens(&mut key);
    }
    Ok((name, key))
}

/// Reads `= <expr>`, or nothing for a bare flag.
fn parse_value(input: ParseStream, name: &str) -> syn::Result<Option<Expr>> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        // On a fork, so that a syntax error inside `[..]` is reported once: syn would also
        // report the rest of the brackets as unexpected tokens when the group is dropped.
        let fork = input.fork();
        let value = fork.parse::<Expr>()?;
        input.advance_to(&fork);
        Ok(Some(value))
    } else if input.is_empty() || input.peek(Token![,]) {
        Ok(None)
    } else {
        Err(input.error(format!("expected `=` or `,` after `{name}`")))
    }
}

/// Skips to just after the next top-level comma (or to the end), to resume after a syntax error.
fn skip_past_comma(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',') {
                break;
            }
        }
        Ok(((), rest))
    });
}

fn store(cx: &Ctxt, args: &mut Args, raw: RawEntry) {
    let site = cx.site();
    if let Some(key) = Key::from_name(&raw.name).filter(|key| !key.is_taken_by(site)) {
        if let Key::OriginFn(_) = key {
            cx.error_spanned_by(
                &raw.key,
                with_help(
                    format!(
                        "`{}` is a key of `#[cors(..)]` and `cors_policy!` (actix-web), not of {}",
                        key.name(),
                        site.invocation()
                    ),
                    "list the origins here: cors-tower has no origin predicate yet, dynamic \
                     origins are cors-actix's",
                ),
            );
            return;
        }
        cx.error_spanned_by(
            &raw.key,
            with_help(
                format!(
                    "`{}` is a key of `#[cors(..)]`, not of {}: a policy cannot start from another one",
                    key.name(),
                    site.invocation()
                ),
                "write the keys out here, or name the policy on each route: \
                 `#[cors(policy = SPA, ..)]`",
            ),
        );
        return;
    }
    let Some(key) = Key::from_name(&raw.name) else {
        let suggestion = suggest_key(site, &raw.name);
        args.misspelled.extend(suggestion);
        cx.error_spanned_by(&raw.key, unknown_key_message(site, &raw.name, suggestion));
        return;
    };
    let value = raw.value.as_ref();
    let at = Location {
        value_tokens: value.map(ToTokens::to_token_stream).unwrap_or_default(),
        key: raw.key,
    };
    let field = match key {
        Key::Field(field) => field,
        Key::Crate => {
            if args.krate.claim(cx, &at.key) {
                let path = read_crate(cx, &at.key, value);
                args.krate.set(path.map(|path| at.entry(path, true)));
            }
            return;
        }
        Key::Policy => {
            if args.policy.claim(cx, &at.key) {
                let path = read_policy(cx, &at.key, value);
                args.policy.set(path.map(|path| at.entry(path, true)));
            }
            return;
        }
        Key::OriginFn(answers) => {
            let attr = &mut args.origin_fn[answers as usize];
            if attr.claim(cx, &at.key) {
                let path = read_origin_fn(cx, answers, &at.key, value);
                attr.set(path.map(|path| at.entry(path, true)));
            }
            return;
        }
    };
    if !args.fields[field as usize].claim(cx, &at.key) {
        return;
    }
    let name = field.key();
    let read = match field.kind() {
        FieldKind::OriginList if value.is_some_and(|value| env_call(value).is_some()) => value
            .and_then(env_call)
            .and_then(|call| read_env(cx, field, call))
            .map(|(env, items, intact)| {
                args.env = Some(env);
                (Value::List(items), intact)
            }),
        FieldKind::OriginList | FieldKind::NameList => {
            read_list(cx, field, &at.key, value).map(|(items, intact)| (Value::List(items), intact))
        }
        FieldKind::Flag => read_flag(cx, name, value).map(|flag| (Value::Flag(flag), true)),
        FieldKind::Seconds => {
            read_int(cx, field, &at.key, value).map(|n| (Value::Seconds(n), true))
        }
        FieldKind::Status => read_int(cx, field, &at.key, value).map(|n| (Value::Status(n), true)),
    };
    args.fields[field as usize].set(read.map(|(value, intact)| at.entry(value, intact)));
}

/// Where an entry was written, before its value is read.
struct Location {
    key: TokenStream,
    value_tokens: TokenStream,
}

impl Location {
    fn entry<T>(self, value: T, intact: bool) -> Entry<T> {
        Entry {
            key: self.key,
            value_tokens: self.value_tokens,
            value,
            intact,
        }
    }
}

/// Looks through invisible groups, which `macro_rules!` puts around substituted fragments.
fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => peel(&group.expr),
        other => other,
    }
}

/// A valid entry for `field`, from the field table: `origins = ["https://app.example.com"]`.
fn example(field: Field) -> String {
    AttributeSyntax.setting(field, cors_core::glue::sample(field))
}

/// How `#[cors(..)]` writes fields and values, for the words of `cors_core`'s errors.
pub(crate) struct AttributeSyntax;

impl Syntax for AttributeSyntax {
    fn name(&self, field: Field) -> String {
        format!("`{}`", field.key())
    }

    fn setting(&self, field: Field, items: &[&str]) -> String {
        format!("{} = {}", field.key(), self.example(field, items))
    }

    fn example(&self, field: Field, items: &[&str]) -> String {
        if field.kind().is_list() {
            cors_core::glue::quoted_list(items)
        } else {
            items.join(", ")
        }
    }

    fn turn_on(&self, field: Field) -> String {
        self.name(field)
    }

    fn turn_off(&self, field: Field) -> String {
        format!("drop {}", self.name(field))
    }

    fn remove(&self, field: Field, item: &str) -> String {
        format!("remove {item} from {}", self.name(field))
    }

    fn add(&self, field: Field, item: &str) -> String {
        format!("add {item} to {}", self.name(field))
    }
}

/// A `cors_core` error in the attribute's words, laid out as `ConfigError` displays itself.
pub(crate) fn render(error: &ConfigError) -> String {
    let words = error.words(&AttributeSyntax);
    with_help(words.message, words.suggestion)
}

/// Reads `[".." , ..]`. Returns the string literals that could be read and whether every item
/// was one; `None` if the value is not a list at all.
fn read_list(
    cx: &Ctxt,
    field: Field,
    key: &TokenStream,
    value: Option<&Expr>,
) -> Option<(Vec<LitStr>, bool)> {
    let name = field.key();
    let Some(value) = value else {
        cx.error_spanned_by(
            key,
            with_help(
                format!("`{name}` needs a list of strings"),
                format!("write `{}`", example(field)),
            ),
        );
        return None;
    };
    let Expr::Array(array) = peel(value) else {
        let help = match peel(value) {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => format!("write `{name} = [{}]`", s.token()),
                _ => format!("write `{}`", example(field)),
            },
            _ => {
                let mut help = format!(
                    "write the strings out, e.g. `{}`; {} checks them at compile time, so \
                     constants and expressions cannot be used here",
                    example(field),
                    cx.site().name(),
                );
                if field.kind() == FieldKind::OriginList && cx.site() != Site::Layer {
                    help.push_str(&format!(
                        "; origins that differ per deployment can come from a variable: \
                         `{name} = env(\"SPA_ORIGINS\")`"
                    ));
                }
                help
            }
        };
        cx.error_spanned_by(
            value,
            with_help(format!("`{name}` expects a list of string literals"), help),
        );
        return None;
    };
    let mut items = Vec::with_capacity(array.elems.len());
    let mut intact = true;
    for elem in &array.elems {
        match peel(elem) {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(s) => items.push(s.clone()),
                _ => {
                    intact = false;
                    cx.error_spanned_by(
                        elem,
                        with_help(
                            format!("`{name}` expects string literals"),
                            format!("write `{}`", example(field)),
                        ),
                    );
                }
            },
            _ => {
                intact = false;
                cx.error_spanned_by(
                    elem,
                    with_help(
                        format!("`{name}` expects string literals, not an expression"),
                        format!(
                            "write the value out as a string literal: {} checks it at compile \
                             time, so constants, variables and macros cannot be used here",
                            cx.site().name()
                        ),
                    ),
                );
            }
        }
    }
    Some((items, intact))
}

/// The call in `origins = env(..)`, if the value is one.
fn env_call(value: &Expr) -> Option<&syn::ExprCall> {
    match peel(value) {
        Expr::Call(call) => match peel(&call.func) {
            Expr::Path(path) if path.path.is_ident("env") => Some(call),
            _ => None,
        },
        _ => None,
    }
}

/// The option `env(..)` takes after the variable's name.
const ENV_DEFAULT: &str = "default";

/// Reads `env("NAME")` or `env("NAME", default = [..])`: the variable's name and the default's
/// items (checked at compile time like any origin list), with whether they were all read.
fn read_env(
    cx: &Ctxt,
    field: Field,
    call: &syn::ExprCall,
) -> Option<(EnvOrigins, Vec<LitStr>, bool)> {
    let name = field.key();
    let form = format!(
        "write `{name} = env(\"SPA_ORIGINS\")`, or with the origins used when it is not set: \
         `{name} = env(\"SPA_ORIGINS\", {ENV_DEFAULT} = [\"http://localhost:5173\"])`"
    );
    if cx.site() == Site::Layer {
        cx.error_spanned_by(
            call,
            with_help(
                format!(
                    "`{name} = env(..)` is read by `#[cors(..)]` and `cors_policy!`, not by {}",
                    cx.site().invocation()
                ),
                "write the origins as literals here, or build the layer at run time with \
                 `CorsLayer::from_policy(EnvConfig::new(\"APP_CORS_\").read(std::env::vars_os())?)`",
            ),
        );
        return None;
    }
    let mut args = call.args.iter();
    let variable = match args.next().map(peel) {
        Some(Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        })) => s.clone(),
        Some(other) => {
            cx.error_spanned_by(
                other,
                with_help(
                    "`env(..)` expects the variable's name as a string literal",
                    format!("{form}; the name is read at compile time, so constants and expressions cannot be used here"),
                ),
            );
            return None;
        }
        None => {
            cx.error_spanned_by(call, with_help("`env(..)` needs the variable's name", form));
            return None;
        }
    };
    let text = variable.value();
    if text.is_empty() || text.contains(['=', '\0']) {
        cx.error_spanned_by(
            &variable,
            with_help(
                format!(
                    "{} is not a name an environment variable can have",
                    variable.token()
                ),
                format!("{form}; a name is not empty and has no `=`"),
            ),
        );
        return None;
    }
    let mut default = None;
    for option in args {
        let assign = match peel(option) {
            Expr::Assign(assign) => assign,
            other => {
                cx.error_spanned_by(
                    other,
                    with_help(
                        "`env(..)` takes the variable's name, then only `default = [..]`",
                        env_option_help(name),
                    ),
                );
                return None;
            }
        };
        let option_name = assign.left.to_token_stream();
        let is_default =
            matches!(peel(&assign.left), Expr::Path(path) if path.path.is_ident(ENV_DEFAULT));
        if !is_default {
            cx.error_spanned_by(
                &option_name,
                with_help(
                    format!("unknown option `{option_name}` in `env(..)`"),
                    env_option_help(name),
                ),
            );
            return None;
        }
        if default.is_some() {
            cx.error_spanned_by(
                &option_name,
                with_help(
                    format!("duplicate option `{ENV_DEFAULT}` in `env(..)`"),
                    format!("the variable has one default; remove this second `{ENV_DEFAULT}`"),
                ),
            );
            return None;
        }
        default = Some(read_list(cx, field, &option_name, Some(&assign.right))?);
    }
    let has_default = default.is_some();
    let (items, intact) = default.unwrap_or((Vec::new(), true));
    Some((
        EnvOrigins {
            variable,
            has_default,
        },
        items,
        intact,
    ))
}

/// The help of a misused option of `env(..)`.
fn env_option_help(name: &str) -> String {
    format!(
        "the one option is `{ENV_DEFAULT}`, the origins used when the variable is not set: \
         `{name} = env(\"SPA_ORIGINS\", {ENV_DEFAULT} = [\"http://localhost:5173\"])`"
    )
}

/// Reads a flag: bare `key` means `true`, otherwise `key = true|false`.
fn read_flag(cx: &Ctxt, name: &str, value: Option<&Expr>) -> Option<bool> {
    let Some(value) = value else {
        return Some(true);
    };
    if let Expr::Lit(lit) = peel(value)
        && let Lit::Bool(b) = &lit.lit
    {
        return Some(b.value);
    }
    cx.error_spanned_by(
        value,
        with_help(
            format!("`{name}` expects `true` or `false`"),
            format!("write `{name}` (same as `{name} = true`) or `{name} = false`"),
        ),
    );
    None
}

/// Reads a non-negative integer literal that fits in `N`.
fn read_int<N>(cx: &Ctxt, field: Field, key: &TokenStream, value: Option<&Expr>) -> Option<N>
where
    N: std::str::FromStr,
    N::Err: std::fmt::Display,
{
    let name = field.key();
    let seconds = field.kind() == FieldKind::Seconds;
    let expected = if seconds {
        "a number of seconds"
    } else {
        "an HTTP status code"
    };
    let Some(value) = value else {
        cx.error_spanned_by(
            key,
            with_help(
                format!("`{name}` needs a value"),
                format!("write `{}`", example(field)),
            ),
        );
        return None;
    };
    let help = match peel(value) {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => match parse_int::<N>(int) {
                Some(n) => return Some(n),
                None => {
                    cx.error_spanned_by(
                        value,
                        with_help(
                            format!("`{name} = {}` is out of range", int.base10_digits()),
                            format!("write {expected}, e.g. `{}`", example(field)),
                        ),
                    );
                    return None;
                }
            },
            Lit::Str(s) if s.value().parse::<u64>().is_ok() => {
                format!("remove the quotes: `{name} = {}`", s.value())
            }
            _ => format!("write `{}`", example(field)),
        },
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Neg(_)) && seconds => {
            "use `max_age = 0` to disable preflight caching".to_owned()
        }
        _ => format!("write `{}`", example(field)),
    };
    cx.error_spanned_by(
        value,
        with_help(
            format!("`{name}` expects {expected} as an integer literal"),
            help,
        ),
    );
    None
}

fn parse_int<N: std::str::FromStr>(int: &LitInt) -> Option<N> {
    int.base10_digits().parse().ok()
}

/// Reads `crate = "path::to::cors_actix"`.
fn read_crate(cx: &Ctxt, key: &TokenStream, value: Option<&Expr>) -> Option<syn::Path> {
    let help = "write the path to `cors_actix` as a string, e.g. `crate = \"::cors_actix\"`";
    let Some(value) = value else {
        cx.error_spanned_by(key, with_help("`crate` needs a value", help));
        return None;
    };
    if let Expr::Lit(lit) = peel(value)
        && let Lit::Str(s) = &lit.lit
    {
        match s.parse_with(syn::Path::parse_mod_style) {
            Ok(path) => return Some(path),
            Err(_) => {
                cx.error_spanned_by(s, with_help(format!("{} is not a path", s.token()), help));
                return None;
            }
        }
    }
    cx.error_spanned_by(value, with_help("`crate` expects a string literal", help));
    None
}

/// Reads `policy = path::to::NAME`.
fn read_policy(cx: &Ctxt, key: &TokenStream, value: Option<&Expr>) -> Option<syn::Path> {
    let help = "write the path of a policy declared with `cors_policy! { NAME: .. }`, e.g. \
                `policy = SPA` or `policy = crate::policies::SPA`";
    read_path(cx, "policy", "a named policy", help, key, value)
}

/// Reads `origin_fn = path::to::function` (or `origin_fn_async`).
fn read_origin_fn(
    cx: &Ctxt,
    answers: Answers,
    key: &TokenStream,
    value: Option<&Expr>,
) -> Option<syn::Path> {
    let help = match answers {
        Answers::Now => {
            "write the path of a function `fn(&Origin, &HttpRequest) -> bool`, e.g. \
             `origin_fn = is_tenant` or `origin_fn = crate::tenants::is_tenant`"
        }
        Answers::Later => {
            "write the path of a function `async fn(Origin, HttpRequest) -> bool`, e.g. \
             `origin_fn_async = is_tenant` or `origin_fn_async = crate::tenants::is_tenant`"
        }
    };
    read_path(
        cx,
        Key::OriginFn(answers).name(),
        "a function",
        help,
        key,
        value,
    )
}

/// Reads a path value of the key `name`, naming `what` it must name.
fn read_path(
    cx: &Ctxt,
    name: &str,
    what: &str,
    help: &str,
    key: &TokenStream,
    value: Option<&Expr>,
) -> Option<syn::Path> {
    let Some(value) = value else {
        cx.error_spanned_by(key, with_help(format!("`{name}` needs a value"), help));
        return None;
    };
    if let Expr::Path(path) = peel(value)
        && path.qself.is_none()
        && path.attrs.is_empty()
    {
        return Some(path.path.clone());
    }
    cx.error_spanned_by(
        value,
        with_help(format!("`{name}` expects the path of {what}"), help),
    );
    None
}

fn key_list(site: Site) -> String {
    let quoted: Vec<String> = Key::ALL
        .into_iter()
        .filter(|key| key.is_taken_by(site))
        .map(|key| format!("`{}`", key.name()))
        .collect();
    quoted.join(", ")
}

fn unknown_key_message(site: Site, written: &str, suggestion: Option<Key>) -> String {
    let message = format!("unknown key `{written}` in {}", site.invocation());
    match suggestion {
        Some(key) => with_help(message, format!("did you mean `{}`?", key.name())),
        None => with_help(message, format!("the keys are {}", key_list(site))),
    }
}

/// The key a user most likely meant (`origin`, `max-age`, `maxAge`, `allow_credentials`,
/// `null_origin`): the shared "did you mean" of `cors_core`, which the environment variables of
/// `EnvConfig` use too.
fn suggest_key(site: Site, written: &str) -> Option<Key> {
    let names: Vec<&str> = Key::ALL
        .into_iter()
        .filter(|key| key.is_taken_by(site))
        .map(Key::name)
        .collect();
    cors_core::suggest::closest_name(written, &names).and_then(Key::from_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let cases = [
            ("origin", Some("origins")),
            ("allowed_origins", Some("origins")),
            ("allow_origin", Some("origins")),
            ("max-age", Some("max_age")),
            ("maxAge", Some("max_age")),
            ("maxage", Some("max_age")),
            ("header", Some("headers")),
            ("allow_headers", Some("headers")),
            ("expose_headers", Some("expose")),
            ("exposed_headers", Some("expose")),
            ("allow_credentials", Some("credentials")),
            ("credential", Some("credentials")),
            ("allowCredentials", Some("credentials")),
            ("allow_private_network", Some("private_network")),
            ("null_origin", Some("allow_null_origin")),
            ("status", Some("preflight_status")),
            ("method", Some("methods")),
            ("allow_methods", Some("methods")),
            ("strictt", Some("strict")),
            ("krate", Some("crate")),
            ("supports_credentials", Some("credentials")),
            ("access_control_max_age", Some("max_age")),
            ("expose_header", Some("expose")),
            ("allowed_headers", Some("headers")),
            ("preflightStatus", Some("preflight_status")),
            // All caps is one word per `_`, not one hump per letter.
            ("MAX_AGE", Some("max_age")),
            ("ORIGINS", Some("origins")),
            ("use_policy", Some("policy")),
            ("polcy", Some("policy")),
            ("banana", None),
            ("x", None),
        ];
        for (written, expected) in cases {
            assert_eq!(
                suggest_key(Site::Attribute, written).map(Key::name),
                expected,
                "{written}"
            );
        }
    }
}
