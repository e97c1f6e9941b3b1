//! The declarations of `cors_policy! { .. }`: each one's attributes (doc comments), visibility,
//! name and keys, the keys parsed by [`attr::parse`] as the attribute's are.
//!
//! ```text
//! cors_policy! {
//!     /// Docs.
//!     pub SPA: origins = ["https://app.example.com"], credentials;
//!     ADMIN: origins = ["https://admin.example.com"], methods = ["GET", "DELETE"];
//! }
//! ```

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, Token, Visibility};

use crate::attr::{self, Args, with_help};
use crate::ctxt::{Ctxt, Site};

/// One `NAME: keys;` of a `cors_policy!` block.
pub(crate) struct Decl {
    /// Its attributes as written, doc comments included; they go on the value.
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    /// The keys as written, handed back to `#[cors]` by the policy's macro.
    pub(crate) keys: TokenStream,
    pub(crate) args: Args,
    /// This declaration's problems.
    pub(crate) cx: Ctxt,
}

/// Reads every declaration. A problem with the block's own syntax (not inside a declaration's
/// keys) is reported to `cx`, and the declarations read until then are kept.
pub(crate) fn parse(cx: &Ctxt, tokens: TokenStream) -> Vec<Decl> {
    let mut decls = Vec::new();
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            decls.push(parse_decl(input)?);
        }
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        cx.syn_error(error);
    }
    decls
}

fn parse_decl(input: ParseStream) -> syn::Result<Decl> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    if !input.peek(Ident) {
        return Err(input.error(with_help(
            "expected the name of a policy",
            "write each policy as `NAME: keys;`, e.g. \
             `pub SPA: origins = [\"https://app.example.com\"], credentials;`",
        )));
    }
    let name: Ident = input.parse()?;
    if !input.peek(Token![:]) {
        return Err(input.error(with_help(
            format!("expected `:` after the policy name `{name}`"),
            format!("write `{name}: origins = [\"https://app.example.com\"];`"),
        )));
    }
    input.parse::<Token![:]>()?;
    let keys = input.step(|cursor| {
        let mut keys = TokenStream::new();
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ';') {
                break;
            }
            keys.extend([tree]);
        }
        Ok((keys, rest))
    })?;
    let cx = Ctxt::about(Site::Named, name.span());
    let args = attr::parse(&cx, keys.clone());
    Ok(Decl {
        attrs,
        vis,
        name,
        keys,
        args,
        cx,
    })
}
