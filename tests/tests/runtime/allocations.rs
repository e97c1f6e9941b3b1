//! Allocation counts: the middleware and the annotated route add none per request, and echoing
//! split request headers costs exactly one.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, get, put, web};
use cors_actix::{Cors, PolicySpec, cors};

/// The same route with and without the attribute, on the policy of
/// [`cors_adds_no_allocation_per_request`]. One method each: actix-web-codegen orders the guards
/// of several in a `HashSet`'s order, which differs between two expansions (BENCHMARKS.md).
#[get("/")]
async fn plain_route() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(
    origins = ["https://app.example.com", "https://*.partner.example"],
    headers = ["x-api-key"],
    expose = ["x-request-id"],
    credentials,
    max_age = 600
)]
#[get("/")]
async fn annotated_route() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// The policy of [`echoing_split_request_headers_costs_one_allocation`].
#[cors(origins = ["https://app.example.com"], headers = ["*"], credentials)]
#[put("/")]
async fn echoing_route() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// The CORS middleware adds no allocation to a request: compares the same resource with and
/// without it. Request header values are `from_static`, like the shared buffers a real server
/// parses into (cloning either is free).
#[actix_web::test]
async fn cors_adds_no_allocation_per_request() {
    let spec = PolicySpec::new()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET"])
        .headers(["x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600);
    let ok = || async { HttpResponse::Ok().finish() };
    // Each arm against the same app without CORS: the attribute against the un-annotated
    // route, the runtime `Cors` against the unwrapped resource.
    let plain = test::init_service(App::new().service(plain_route)).await;
    let route = test::init_service(App::new().service(annotated_route)).await;
    let resource = test::init_service(App::new().service(web::resource("/").to(ok))).await;
    let runtime = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(Cors::from_spec(spec).unwrap())
                .to(ok),
        ),
    )
    .await;

    let with_origin = |value: &'static str| move || static_get("/", value);
    let no_origin = || TestRequest::get().to_request();
    let preflight = || static_preflight("/", APP, "GET");

    type MakeRequest = Box<dyn Fn() -> actix_http::Request>;
    let cases: [(&str, MakeRequest); 4] = [
        ("exact origin", Box::new(with_origin(APP))),
        ("pattern origin", Box::new(with_origin(PARTNER))),
        ("disallowed origin", Box::new(with_origin(EVIL))),
        ("no origin", Box::new(no_origin)),
    ];
    for (name, make) in &cases {
        let plain = allocations_per_call(&plain, make).await;
        let route = allocations_per_call(&route, make).await;
        let resource = allocations_per_call(&resource, make).await;
        let runtime = allocations_per_call(&runtime, make).await;
        eprintln!(
            "{name}: #[cors] {route} (plain route {plain}), Cors {runtime} (plain resource \
             {resource}) allocations"
        );
        // At most: the annotated route's guard records nothing in the request, where the
        // plain route's actix method guard does (tests/tests/attribute.rs says more).
        assert!(route <= plain, "{name}: #[cors] {route} > {plain}");
        assert_eq!(runtime, resource, "{name}: Cors");
    }
    let route_get = allocations_per_call(&plain, with_origin(APP)).await;
    let resource_get = allocations_per_call(&resource, with_origin(APP)).await;
    let route = allocations_per_call(&route, preflight).await;
    let runtime = allocations_per_call(&runtime, preflight).await;
    eprintln!(
        "preflight: #[cors] {route} (a plain GET: {route_get}), Cors {runtime} (a plain GET: \
         {resource_get}) allocations"
    );
    assert!(route <= route_get && runtime <= resource_get);
}

/// Echoing `Access-Control-Request-Headers` under `*` allocates nothing for one line and
/// exactly one value for several, which are joined (docs/protocol.md section 3).
#[actix_web::test]
async fn echoing_split_request_headers_costs_one_allocation() {
    let spec = PolicySpec::new()
        .origins([APP])
        .methods(["PUT"])
        .headers(["*"])
        .credentials(true);
    let ok = || async { HttpResponse::Ok().finish() };
    let route = test::init_service(App::new().service(echoing_route)).await;
    let runtime = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(Cors::from_spec(spec).unwrap())
                .to(ok),
        ),
    )
    .await;
    let name = HeaderName::from_static("access-control-request-headers");
    let with_lines = |lines: &'static [&'static str]| {
        let name = name.clone();
        move || {
            let mut request = static_preflight("/", APP, "PUT");
            let headers = request.headers_mut();
            headers.remove(&name);
            for line in lines {
                headers.append(name.clone(), HeaderValue::from_static(line));
            }
            request
        }
    };
    let one_line = with_lines(&["authorization, x-api-key"]);
    let split = with_lines(&["authorization,", " x-api-key"]);
    for (arm, one, several) in [
        (
            "#[cors]",
            allocations_per_call(&route, &one_line).await,
            allocations_per_call(&route, &split).await,
        ),
        (
            "Cors",
            allocations_per_call(&runtime, &one_line).await,
            allocations_per_call(&runtime, &split).await,
        ),
    ] {
        eprintln!("{arm}: one line {one}, two lines {several} allocations");
        assert_eq!(several, one + 1, "{arm}");
    }
    let response = test::call_service(&route, split()).await;
    assert_eq!(
        header_all(&response, "access-control-allow-headers"),
        ["authorization, x-api-key"]
    );
}
