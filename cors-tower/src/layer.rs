//! [`CorsLayer`]: one or more compiled policies, each with its header values prepared, and the
//! choice of the policy that judges a request.

use std::sync::Arc;

use cors_core::glue::{RequestView, preflight_method};
use cors_core::{ConfigErrors, Policy, PolicySpec};
use tower_layer::Layer;

use crate::headers::HeaderValues;
use crate::service::Cors;

/// A policy, `static` (from [`policy!`](crate::policy)) or built at run time (shared, so that
/// joining layers with [`CorsLayer::or`] copies no policy).
#[derive(Clone, Debug)]
enum PolicyRef {
    Static(&'static Policy),
    Owned(Arc<Policy>),
}

/// One policy and its header values.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    policy: PolicyRef,
    pub(crate) values: HeaderValues,
}

impl Rule {
    pub(crate) fn policy(&self) -> &Policy {
        match &self.policy {
            PolicyRef::Static(policy) => policy,
            PolicyRef::Owned(policy) => policy,
        }
    }

    fn lists(&self, method: &[u8]) -> bool {
        self.policy()
            .methods()
            .iter()
            .any(|listed| listed.as_bytes() == method)
    }
}

/// A tower [`Layer`] that answers CORS for the services it wraps, with policies checked before
/// they are used: at compile time by [`policy!`](crate::policy), or when built at run time by
/// [`CorsLayer::from_spec`].
///
/// - Preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) are answered by the
///   middleware, without calling the wrapped service: the policy's status (default 204) and
///   headers, or 403 with a `text/plain` reason. A plain `OPTIONS` reaches the service.
/// - Responses to allowed origins get `Access-Control-Allow-Origin` (and credentials and exposed
///   headers as configured); `Vary` is merged into every response whose answer depends on the
///   origin; a `strict` policy refuses other origins with 403, letting same-origin requests
///   through.
/// - Several policies, joined with [`or`](CorsLayer::or), split the work by method: each
///   request is judged by the first policy that lists its method (for a preflight, the method it
///   asks for), so `GET` can be public while `POST` is open to one origin only.
///
/// Cloning is a reference count; the layer and its services share the prepared header values.
///
/// ```
/// use cors_tower::{CorsLayer, PolicySpec};
///
/// let layer = CorsLayer::from_spec(
///     PolicySpec::new().origins(["https://app.example.com"]).methods(["GET", "PUT"]),
/// )?;
/// let errors = CorsLayer::from_spec(PolicySpec::new().origins(["https://app.example.com/"]))
///     .unwrap_err();
/// assert_eq!(errors.errors().len(), 2); // a path in the origin, and no methods
/// # Ok::<(), cors_tower::ConfigErrors>(())
/// ```
#[derive(Clone, Debug)]
pub struct CorsLayer {
    rules: Arc<Rules>,
}

/// The policies of a layer: at least one.
#[derive(Debug)]
struct Rules {
    first: Rule,
    rest: Vec<Rule>,
}

impl Rules {
    fn iter(&self) -> impl Iterator<Item = &Rule> {
        std::iter::once(&self.first).chain(&self.rest)
    }
}

impl CorsLayer {
    /// Validates and compiles a [`PolicySpec`], reporting every problem at once in the words of
    /// the actix builder.
    pub fn from_spec(spec: PolicySpec) -> Result<CorsLayer, ConfigErrors> {
        spec.compile().map(CorsLayer::from_policy)
    }

    /// Uses a policy compiled elsewhere (policies only come out of validation).
    pub fn from_policy(policy: Policy) -> CorsLayer {
        let values = HeaderValues::owned(&policy);
        CorsLayer::one(Rule {
            policy: PolicyRef::Owned(Arc::new(policy)),
            values,
        })
    }

    /// Reads the policy from environment variables, naming the variable and value in every
    /// problem (see [`EnvConfig`](cors_core::EnvConfig)).
    ///
    /// ```
    /// use cors_tower::{CorsLayer, EnvConfig};
    ///
    /// let config = EnvConfig::new("APP_CORS_");
    /// let vars = [("APP_CORS_ORIGINS", "https://app.example.com"), ("APP_CORS_METHODS", "GET")];
    /// let layer = CorsLayer::from_policy(config.read(vars)?);
    /// # Ok::<(), cors_tower::EnvErrors>(())
    /// ```
    #[cfg(feature = "env")]
    pub fn from_env(config: &cors_core::EnvConfig) -> Result<CorsLayer, cors_core::EnvErrors> {
        config.read(std::env::vars_os()).map(CorsLayer::from_policy)
    }

    /// The layer of a `static` policy, which [`policy!`](crate::policy) emits: its header
    /// values point at the policy's literals.
    #[doc(hidden)]
    pub fn from_static(policy: &'static Policy) -> CorsLayer {
        CorsLayer::one(Rule {
            policy: PolicyRef::Static(policy),
            values: HeaderValues::borrowed(policy),
        })
    }

    fn one(rule: Rule) -> CorsLayer {
        CorsLayer {
            rules: Arc::new(Rules {
                first: rule,
                rest: Vec::new(),
            }),
        }
    }

    /// Adds `other`'s policies after this layer's: a request whose method (a preflight's
    /// requested method) this layer's policies do not list is judged by the first of `other`'s
    /// that does. A method no policy lists is judged by the first policy, so a preflight for it
    /// is refused unless it is a CORS-safelisted method (`GET`, `HEAD`, `POST`).
    ///
    /// ```
    /// use cors_tower::policy;
    ///
    /// // GET for any origin, POST and DELETE for the admin app only, with cookies.
    /// let layer = policy!(origins = ["*"], methods = ["GET"]).or(policy!(
    ///     origins = ["https://admin.example.com"],
    ///     methods = ["POST", "DELETE"],
    ///     credentials,
    /// ));
    /// assert_eq!(layer.policies().count(), 2);
    /// ```
    pub fn or(self, other: CorsLayer) -> CorsLayer {
        let mut rest = self.rules.rest.clone();
        rest.extend(other.rules.iter().cloned());
        CorsLayer {
            rules: Arc::new(Rules {
                first: self.rules.first.clone(),
                rest,
            }),
        }
    }

    /// The policies, in the order they are tried.
    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.rules.iter().map(Rule::policy)
    }

    /// The rule that judges `request`.
    #[inline]
    pub(crate) fn rule_for<R>(&self, request: &R) -> &Rule
    where
        R: RequestView + ?Sized,
    {
        let first = &self.rules.first;
        if self.rules.rest.is_empty() {
            return first;
        }
        let method = preflight_method(request).unwrap_or_else(|| request.method());
        self.rules
            .iter()
            .find(|rule| rule.lists(method))
            .unwrap_or(first)
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Cors<S> {
        Cors::new(inner, self.clone())
    }
}
