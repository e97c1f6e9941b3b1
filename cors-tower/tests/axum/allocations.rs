//! Allocation counts: a layer adds none to an actual request, allowed or not, and a preflight
//! answer costs no more than the plain request it stands for.
//!
//! The reference is the same route with a layer that does nothing (`MapResponseLayer` of the
//! identity): any layer on an axum route costs two allocations per request, axum's (it clones
//! the boxed layered route and boxes its future), which `plain` shows.

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use cors_tower::{CorsLayer, PolicySpec, policy};
use tower::util::MapResponseLayer;

use crate::support::*;

async fn ok() -> &'static str {
    "ok"
}

#[test]
fn cors_adds_no_allocation_to_actual_requests() {
    let plain = Router::new().route("/", get(ok));
    let compiled = Router::new().route(
        "/",
        get(ok).layer(policy!(
            origins = ["https://app.example.com", "https://*.partner.example"],
            methods = ["GET"],
            headers = ["x-api-key"],
            expose = ["x-request-id"],
            credentials,
            max_age = 600,
        )),
    );
    let runtime = Router::new().route(
        "/",
        get(ok).layer(
            CorsLayer::from_spec(
                PolicySpec::new()
                    .origins([APP, "https://*.partner.example"])
                    .methods(["GET"])
                    .headers(["x-api-key"])
                    .expose(["x-request-id"])
                    .credentials(true)
                    .max_age(600),
            )
            .unwrap(),
        ),
    );
    let identity = Router::new().route(
        "/",
        get(ok).layer(MapResponseLayer::new(|response: Response| response)),
    );
    let cases: [(&str, Option<&'static str>); 4] = [
        ("exact origin", Some(APP)),
        ("pattern origin", Some(PARTNER)),
        ("disallowed origin", Some(EVIL)),
        ("no origin", None),
    ];
    for (name, origin) in cases {
        let make = || request("GET", "/", origin);
        let plain = allocations_per_call(&plain, make);
        let layered = allocations_per_call(&identity, make);
        let compiled = allocations_per_call(&compiled, make);
        let runtime = allocations_per_call(&runtime, make);
        eprintln!(
            "{name}: policy! {compiled}, from_spec {runtime}, a layer doing nothing {layered} \
             (no layer: {plain}) allocations"
        );
        assert_eq!(compiled, layered, "{name}: policy!");
        assert_eq!(runtime, layered, "{name}: from_spec");
    }
    let get = allocations_per_call(&identity, || request("GET", "/", Some(APP)));
    let preflight = || preflight("/", APP, "GET", Some("x-api-key"));
    let compiled = allocations_per_call(&compiled, preflight);
    let runtime = allocations_per_call(&runtime, preflight);
    eprintln!("preflight: policy! {compiled}, from_spec {runtime} (a plain GET: {get})");
    assert!(compiled <= get && runtime <= get);
}
