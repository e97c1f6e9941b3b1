//! Allocation counts: the middleware and the route pieces add none per request, and echoing
//! split request headers costs exactly one.

use crate::fixtures::*;
use crate::support::*;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, web};
use cors_actix::__private::RouteCors;
use cors_actix::{Cors, PolicySpec};

/// The CORS middleware adds no allocation to a request: compares the same resource with and
/// without it. Request header values are `from_static`, like the shared buffers a real server
/// parses into (cloning either is free).
#[actix_web::test]
async fn cors_adds_no_allocation_per_request() {
    let spec = PolicySpec::new()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET", "PUT"])
        .headers(["x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600);
    let policy = leak(spec.clone());
    let ok = || async { HttpResponse::Ok().finish() };
    let bare = test::init_service(App::new().service(web::resource("/").to(ok))).await;
    let route = test::init_service(
        App::new().service(web::resource("/").wrap(RouteCors::new(policy)).to(ok)),
    )
    .await;
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
    let preflight = || static_preflight("/", APP, "PUT");

    let baseline = allocations_per_call(&bare, with_origin(APP)).await;
    type MakeRequest = Box<dyn Fn() -> actix_http::Request>;
    let cases: [(&str, MakeRequest); 4] = [
        ("exact origin", Box::new(with_origin(APP))),
        ("pattern origin", Box::new(with_origin(PARTNER))),
        ("disallowed origin", Box::new(with_origin(EVIL))),
        ("no origin", Box::new(no_origin)),
    ];
    for (name, make) in &cases {
        let bare = allocations_per_call(&bare, make).await;
        let route = allocations_per_call(&route, make).await;
        let runtime = allocations_per_call(&runtime, make).await;
        eprintln!("{name}: bare {bare}, #[cors] {route}, Cors {runtime} allocations");
        assert_eq!(route, bare, "{name}: RouteCors");
        assert_eq!(runtime, bare, "{name}: Cors");
    }
    let route = allocations_per_call(&route, preflight).await;
    let runtime = allocations_per_call(&runtime, preflight).await;
    eprintln!("preflight: #[cors] {route}, Cors {runtime} (a bare GET: {baseline}) allocations");
    assert!(route <= baseline && runtime <= baseline);
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
    let route = test::init_service(
        App::new().service(
            web::resource("/")
                .wrap(RouteCors::new(leak(spec.clone())))
                .to(ok),
        ),
    )
    .await;
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
