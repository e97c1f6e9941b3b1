//! Building layers: a runtime policy reports every problem at once in the builder's words; a
//! `policy!` and a runtime layer of the same policy answer alike; layers are cheap to share.

use axum::Router;
use axum::routing::get;
use cors_tower::{CorsLayer, EnvConfig, EnvErrorKind, ErrorKind, PolicySpec, policy};

use crate::support::*;

#[test]
fn every_problem_of_a_runtime_policy_is_reported_at_once() {
    let errors = CorsLayer::from_spec(
        PolicySpec::new()
            .origins(["*", "https://app.example.com/"])
            .methods(["get"])
            .credentials(true),
    )
    .unwrap_err();
    for kind in [
        ErrorKind::WildcardOriginWithCredentials,
        ErrorKind::WildcardMixed,
        ErrorKind::LowercaseMethod,
    ] {
        assert!(errors.contains(kind), "{kind:?} in {errors}");
    }
    // The builder's words, not the attribute's.
    let text = errors.to_string();
    assert!(text.contains(".credentials(true)"), "{text}");
}

#[test]
fn configuration_from_the_environment_names_the_variable() {
    // No variable of this prefix is set: the required origins are reported by name.
    let errors = CorsLayer::from_env(&EnvConfig::new("CORS_TOWER_TEST_UNSET_")).unwrap_err();
    assert!(errors.contains(EnvErrorKind::Missing), "{errors}");
    assert!(
        errors.to_string().contains("CORS_TOWER_TEST_UNSET_ORIGINS"),
        "{errors}"
    );

    let config = EnvConfig::new("APP_CORS_");
    let policy = config
        .read([
            ("APP_CORS_ORIGINS", "https://app.example.com"),
            ("APP_CORS_METHODS", "GET"),
        ])
        .unwrap();
    let layer = CorsLayer::from_policy(policy);
    assert_eq!(layer.policies().count(), 1);
}

#[tokio::test]
async fn compile_time_and_runtime_layers_of_one_policy_answer_alike() {
    async fn ok() -> &'static str {
        "ok"
    }
    let compiled = policy!(
        origins = ["https://app.example.com", "https://*.partner.example"],
        methods = ["GET", "PUT"],
        headers = ["x-api-key"],
        expose = ["x-request-id"],
        credentials,
        max_age = 600,
    );
    let runtime = CorsLayer::from_spec(
        PolicySpec::new()
            .origins([APP, "https://*.partner.example"])
            .methods(["GET", "PUT"])
            .headers(["x-api-key"])
            .expose(["x-request-id"])
            .credentials(true)
            .max_age(600),
    )
    .unwrap();
    assert_eq!(
        compiled.policies().next().unwrap(),
        runtime.policies().next().unwrap()
    );
    let apps = [compiled, runtime].map(|layer| Router::new().route("/", get(ok).layer(layer)));
    let requests = || {
        [
            request("GET", "/", Some(APP)),
            request("GET", "/", Some(PARTNER)),
            request("GET", "/", Some(EVIL)),
            request("GET", "/", None),
            preflight("/", APP, "PUT", Some("x-api-key")),
            preflight("/", PARTNER, "DELETE", None),
            preflight("/", EVIL, "GET", None),
        ]
    };
    for (left, right) in requests().into_iter().zip(requests()) {
        let what = format!("{} {:?}", left.method(), left.headers());
        let left = send(&apps[0], left).await;
        let right = send(&apps[1], right).await;
        assert_eq!(left.status, right.status, "{what}");
        assert_eq!(left.headers, right.headers, "{what}");
        assert_eq!(left.body, right.body, "{what}");
    }
}

#[test]
fn layers_and_services_are_shareable_across_threads() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<CorsLayer>();
    assert_shareable::<cors_tower::Cors<axum::routing::Route>>();
}
