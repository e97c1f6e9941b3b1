//! The demo API's route table, shared by both builds of the API: the actix one ([`super::api`],
//! `#[cors]` attributes) and the axum one ([`super::axum_api`], `cors_tower::policy!` layers).
//!
//! Each build still writes its policies where its framework wants them (an attribute above the
//! handler, a layer on the route), because both are checked at compile time and so must be
//! literals. This table is what they must agree on: the API's index page lists it, and the
//! example tests send the same probe requests (preflights and actual requests from every demo
//! origin) for every row to both builds and require identical answers.

/// One route of the demo API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The method the handler serves.
    pub method: &'static str,
    /// The route pattern, in the syntax both actix-web and axum 0.8 use (`/items/{id}`).
    pub path: &'static str,
    /// A concrete path of this route, for the tests' probe requests.
    pub example: &'static str,
    /// The policy, in the keys both `#[cors]` and `policy!` take (`PAGE` is
    /// `http://127.0.0.1:3000`); `None` for routes without CORS.
    pub policy: Option<&'static str>,
}

const fn route(
    method: &'static str,
    path: &'static str,
    example: &'static str,
    policy: &'static str,
) -> Route {
    Route {
        method,
        path,
        example,
        policy: Some(policy),
    }
}

/// Every route of the demo API, the page's and the diagnostics', in the order the index lists
/// them. `GET /_demo/frame` has no policy: it is the page itself, served same-origin.
pub const ROUTES: &[Route] = &[
    route("GET", "/public", "/public", r#"origins = ["*"]"#),
    route(
        "POST",
        "/session",
        "/session",
        "origins = [PAGE], credentials",
    ),
    route(
        "GET",
        "/session",
        "/session",
        "origins = [PAGE], credentials",
    ),
    route("GET", "/items/{id}", "/items/1", "origins = [PAGE]"),
    route(
        "PUT",
        "/items/{id}",
        "/items/2",
        r#"origins = [PAGE], headers = ["x-api-key", "content-type"], expose = ["x-request-id"]"#,
    ),
    route(
        "GET",
        "/tenant",
        "/tenant",
        r#"origins = ["http://*.demo.localhost:3000"]"#,
    ),
    route(
        "GET",
        "/me",
        "/me",
        r#"origins = [PAGE], headers = ["authorization"]"#,
    ),
    route(
        "GET",
        "/profile",
        "/profile",
        r#"origins = [PAGE], headers = ["authorization"]"#,
    ),
    route(
        "GET",
        "/reports",
        "/reports",
        r#"origins = [PAGE], headers = ["x-api-key"]"#,
    ),
    route("GET", "/comments", "/comments", r#"origins = ["*"]"#),
    route(
        "POST",
        "/comments",
        "/comments",
        r#"origins = [PAGE], headers = ["content-type"]"#,
    ),
    route(
        "DELETE",
        "/notes/{id}",
        "/notes/probe",
        r#"origins = [PAGE], headers = ["x-csrf-token"], strict"#,
    ),
    route(
        "POST",
        "/notes/{id}/delete",
        "/notes/probe/delete",
        "origins = [PAGE], strict",
    ),
    route("POST", "/likes/{id}", "/likes/probe", "origins = [PAGE]"),
    route(
        "PUT",
        "/settings",
        "/settings",
        r#"origins = [PAGE], headers = ["content-type"], max_age = 600"#,
    ),
    route(
        "PUT",
        "/drafts",
        "/drafts",
        r#"origins = [PAGE], headers = ["content-type"]"#,
    ),
    route(
        "PUT",
        "/previews",
        "/previews",
        r#"origins = [PAGE], headers = ["content-type"], max_age = 2"#,
    ),
    route(
        "GET",
        "/search",
        "/search",
        r#"origins = [PAGE], headers = ["*"]"#,
    ),
    route(
        "GET",
        "/account",
        "/account",
        r#"origins = [PAGE], headers = ["*"], credentials"#,
    ),
    route("GET", "/moved/{id}", "/moved/1", "origins = [PAGE]"),
    route("GET", "/elsewhere", "/elsewhere", "origins = [PAGE]"),
    route(
        "GET",
        "/embed",
        "/embed",
        r#"origins = [PAGE, "null"], allow_null_origin"#,
    ),
    route(
        "GET",
        "/catalog",
        "/catalog",
        r#"policy = PAGE_APP (origins = [PAGE], credentials, max_age = 600), expose = ["x-catalog-version"], max_age = 60"#,
    ),
    route(
        "GET",
        "/partner-feed",
        "/partner-feed",
        r#"origins = env("DEMO_PARTNER_ORIGINS", default = ["http://localhost:3000"])"#,
    ),
    route(
        "GET",
        "/customer",
        "/customer",
        r#"origins = [PAGE] + the store's customers (actix: origin_fn = is_customer; axum: listed)"#,
    ),
    route(
        "GET",
        "/_demo/log/{rid}",
        "/_demo/log/probe",
        r#"origins = ["*"]"#,
    ),
    route(
        "GET",
        "/_demo/preflights",
        "/_demo/preflights",
        r#"origins = ["*"]"#,
    ),
    route(
        "GET",
        "/_demo/notes/{id}",
        "/_demo/notes/probe",
        r#"origins = ["*"]"#,
    ),
    route(
        "GET",
        "/_demo/likes/{id}",
        "/_demo/likes/probe",
        r#"origins = ["*"]"#,
    ),
    Route {
        method: "GET",
        path: "/_demo/frame",
        example: "/_demo/frame",
        policy: None,
    },
];

/// The plain-text index of the API (`GET /`), for someone who opens it directly: `server` names
/// the build, e.g. `cors-actix`.
pub fn index(server: &str) -> String {
    let mut text = format!(
        "{server} demo API. Open the demo page (printed at startup, by default \
         http://127.0.0.1:3000/) to see these routes called from another origin. \
         PAGE is http://127.0.0.1:3000.\n\n"
    );
    for route in ROUTES {
        let policy = route.policy.unwrap_or("no CORS");
        text.push_str(&format!("{} {}: {policy}\n", route.method, route.path));
    }
    text
}
