//! Error collection: every stage records its problems here and keeps going, so one compile shows
//! all of them instead of making the user fix them one at a time.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// Which macro is being expanded: its name goes into the messages that speak of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Site {
    /// `#[cors(..)]` on an actix-web handler.
    Attribute,
    /// `cors_tower::policy!(..)`, a policy without a route.
    Layer,
    /// One declaration of `cors_actix::cors_policy! { NAME: .. }`: a named policy, used by
    /// routes (`#[cors(policy = NAME)]`) and as a middleware value.
    Named,
}

impl Site {
    /// The macro as users write it, quoted for a message.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Site::Attribute => "`#[cors]`",
            Site::Layer => "`policy!`",
            Site::Named => "`cors_policy!`",
        }
    }

    /// The macro with its argument list, quoted for a message about its arguments.
    pub(crate) const fn invocation(self) -> &'static str {
        match self {
            Site::Attribute => "`#[cors(..)]`",
            Site::Layer => "`policy!(..)`",
            Site::Named => "`cors_policy! { NAME: .. }`",
        }
    }

    /// The crate generated code names by default.
    pub(crate) const fn default_crate(self) -> &'static str {
        match self {
            Site::Attribute => "cors_actix",
            Site::Layer => "cors_tower",
            Site::Named => "cors_actix",
        }
    }
}

/// The problems found so far while expanding one `#[cors]` attribute or `policy!`.
///
/// Stages take `&Ctxt` so that parsing, the item analysis and validation can each report without
/// threading a `Vec` through every function. [`Ctxt::check`] must be called before it is dropped,
/// so that no error can be silently lost.
pub(crate) struct Ctxt {
    site: Site,
    /// What an error about the whole policy points at.
    subject: Span,
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub(crate) fn new(site: Site) -> Self {
        Ctxt::about(site, Span::call_site())
    }

    /// A context whose errors about the whole policy point at `subject` rather than at the
    /// whole invocation: the name of one declaration of `cors_policy!`.
    pub(crate) fn about(site: Site, subject: Span) -> Self {
        Ctxt {
            site,
            subject,
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// What an error about the whole policy (a missing key) points at.
    pub(crate) fn subject(&self) -> Span {
        self.subject
    }

    /// The macro being expanded.
    pub(crate) fn site(&self) -> Site {
        self.site
    }

    /// Records an error spanning `tokens` (from their first to their last token).
    pub(crate) fn error_spanned_by<T: ToTokens>(&self, tokens: T, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error at a single span.
    pub(crate) fn error_at(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error produced by a syn parser.
    pub(crate) fn syn_error(&self, error: syn::Error) {
        self.push(error);
    }

    fn push(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Ctxt used after check()")
            .push(error);
    }

    /// Consumes the context: `Err` with every recorded problem combined, in the order recorded.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("check() called twice");
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("Ctxt dropped without check()");
        }
    }
}
