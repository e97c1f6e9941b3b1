//! The http adapter: `apply_to_headers` writes, merges into and overrides response headers.

use super::support::*;
use cors_core::{PolicySpec, apply_to_headers};
use http::HeaderMap;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, VARY};

#[test]
fn apply_to_headers_merges_vary_into_an_existing_response() {
    let policy = policy();
    let request = Req::get().origin(APP);
    let decision = policy.decide(&request);

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "Accept-Encoding".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(
        headers.get_all(VARY).iter().collect::<Vec<_>>(),
        ["Accept-Encoding, Origin"]
    );

    let mut headers = HeaderMap::new();
    headers.append(VARY, "Accept-Encoding".parse().unwrap());
    headers.append(VARY, "Accept-Language".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(
        headers.get_all(VARY).iter().collect::<Vec<_>>(),
        ["Accept-Encoding, Accept-Language, Origin"]
    );

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "*".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers.get_all(VARY).iter().collect::<Vec<_>>(), ["*"]);

    let mut headers = HeaderMap::new();
    headers.insert(VARY, "origin".parse().unwrap());
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers.get_all(VARY).iter().collect::<Vec<_>>(), ["origin"]);

    // Applying twice changes nothing.
    let mut headers = HeaderMap::new();
    apply_to_headers(&decision, &request, &mut headers);
    let once = headers.clone();
    apply_to_headers(&decision, &request, &mut headers);
    assert_eq!(headers, once);
}

#[test]
fn apply_to_headers_writes_a_full_preflight() {
    let policy = compile(
        PolicySpec::new()
            .origins([APP])
            .methods(["PUT", "PATCH"])
            .headers(["X-Api-Key", "content-type"])
            .credentials(true)
            .max_age(600)
            .private_network(true),
    );
    let request = http::Request::options("/items/1")
        .header("origin", APP)
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "x-api-key,content-type")
        .header("access-control-request-private-network", "true")
        .body(())
        .unwrap();
    let decision = policy.decide(&request);
    let headers = headers_of(&decision, &request);
    let expected: [(&str, &str); 7] = [
        ("access-control-allow-origin", APP),
        ("access-control-allow-credentials", "true"),
        ("access-control-allow-methods", "PUT, PATCH"),
        ("access-control-allow-headers", "x-api-key, content-type"),
        ("access-control-max-age", "600"),
        (ALLOW_PRIVATE_NETWORK, "true"),
        ("vary", "Origin"),
    ];
    for (name, value) in expected {
        assert_eq!(
            headers.get_all(name).iter().collect::<Vec<_>>(),
            [value],
            "{name}"
        );
    }
    assert_eq!(headers.len(), expected.len());

    // The same through request parts.
    let (parts, ()) = request.clone().into_parts();
    assert_eq!(policy.decide(&parts), decision);
}

#[test]
fn apply_to_headers_decorates_error_responses_too() {
    let policy = policy();
    let request = http::Request::delete("/items/1")
        .header("origin", APP)
        .body(())
        .unwrap();
    let mut response = http::Response::builder()
        .status(500)
        .header("vary", "accept-encoding")
        .body(())
        .unwrap();
    apply_to_headers(&policy.decide(&request), &request, response.headers_mut());
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["access-control-allow-origin"], APP);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    assert_eq!(response.headers()["vary"], "accept-encoding, Origin");
}

#[test]
fn apply_to_headers_overrides_stale_cors_headers_on_allowed_responses() {
    let policy = policy();
    let mut headers = HeaderMap::new();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, "*".parse().unwrap());
    let request = Req::get().origin(APP);
    apply_to_headers(&policy.decide(&request), &request, &mut headers);
    assert_eq!(
        headers.get_all(ACCESS_CONTROL_ALLOW_ORIGIN).iter().count(),
        1
    );
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], APP);
}
