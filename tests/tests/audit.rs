//! The audit of an application's CORS (`cors_actix::audit()`), checked against a fixture with
//! every kind of route: scopes, `name`, `guard`, `wrap`, a multi-method `#[route]`, origins from
//! the environment (set, and unset with a default), named policies used as they are and with
//! overrides, a policy whose origins come from the environment, and origin predicates.

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test;
use actix_web::{App, HttpRequest, HttpResponse, get, route, web};
use cors_actix::{AuditKind, Origin, cors, cors_policy};

mod support;
use support::*;

/// Set by the test before anything reads it.
const SET: &str = "AUDIT_FIXTURE_ORIGINS";
/// Never set: its default applies.
const UNSET: &str = "AUDIT_FIXTURE_UNSET_ORIGINS";

cors_policy! {
    /// The single-page app.
    pub SPA: origins = ["https://app.example.com"], credentials, max_age = 600;
    /// The partners, from the deployment.
    PARTNERS: origins = env("AUDIT_FIXTURE_ORIGINS"), methods = ["GET"];
}

fn is_tenant(origin: &Origin, _: &HttpRequest) -> bool {
    origin.host().ends_with(".tenant.example")
}

#[cors(origins = ["https://app.example.com", "https://*.example.com"], headers = ["x-api-key"])]
#[route("/items", method = "GET", method = "PUT", name = "items_route")]
async fn items() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = SPA)]
#[get("/me", wrap = "actix_web::middleware::DefaultHeaders::new()")]
async fn me() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = SPA, expose = ["x-total"], max_age = 60, strict)]
#[get("/orders", guard = "has_key")]
async fn orders() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn has_key(context: &actix_web::guard::GuardContext<'_>) -> bool {
    context.head().headers().contains_key("x-api-key")
}

#[cors(origins = env("AUDIT_FIXTURE_UNSET_ORIGINS", default = ["http://localhost:5173"]), credentials)]
#[get("/dev")]
async fn dev() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = PARTNERS)]
#[get("/partners")]
async fn partners() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://admin.example.com"], origin_fn = is_tenant, private_network, preflight_status = 200)]
#[get("/tenants")]
async fn tenants() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// The fixture's audit, once `SET` holds one origin and `UNSET` is unset.
const TABLE: &str = "\
kind    item      path       methods   policy    origins                                                    open methods     credentials  headers    expose   max-age  strict  preflight  private network  at
policy  SPA       -          -         -         https://app.example.com                                    GET, HEAD, POST  yes          -          -        600      no      204        no               tests/tests/audit.rs:22
policy  PARTNERS  -          -         -         https://partner.example.org (from AUDIT_FIXTURE_ORIGINS)   GET              no           -          -        -        no      204        no               tests/tests/audit.rs:24
route   items     /items     GET, PUT  -         https://app.example.com, https://*.example.com             GET, PUT         no           x-api-key  -        -        no      204        no               tests/tests/audit.rs:31
route   me        /me        GET       SPA       https://app.example.com                                    GET              yes          -          -        600      no      204        no               tests/tests/audit.rs:37
route   orders    /orders    GET       SPA       https://app.example.com                                    GET              yes          -          x-total  60       yes     204        no               tests/tests/audit.rs:43
route   dev       /dev       GET       -         http://localhost:5173 (AUDIT_FIXTURE_UNSET_ORIGINS unset)  GET              yes          -          -        -        no      204        no               tests/tests/audit.rs:53
route   partners  /partners  GET       PARTNERS  https://partner.example.org (from AUDIT_FIXTURE_ORIGINS)   GET              no           -          -        -        no      204        no               tests/tests/audit.rs:59
route   tenants   /tenants   GET       -         https://admin.example.com + is_tenant                      GET              no           -          -        -        no      200        yes              tests/tests/audit.rs:65
";

#[actix_web::test]
async fn the_audit_lists_every_route_and_policy_with_its_effective_policy() {
    // SAFETY: the only test of this binary, before anything reads the environment.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var(SET, "https://partner.example.org")
    };
    assert!(std::env::var_os(UNSET).is_none());

    let audit = cors_actix::audit().in_module(module_path!());
    let table = audit.to_string();
    println!("{table}");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 8, "{table}");
    assert_eq!(table, TABLE);

    let entry = |item: &str| {
        *audit
            .entries()
            .iter()
            .find(|entry| entry.item() == item)
            .unwrap_or_else(|| panic!("{item} is not in the audit:\n{table}"))
    };

    // Source order: the two policies, then the routes as declared.
    let names: Vec<_> = audit.entries().iter().map(|entry| entry.item()).collect();
    assert_eq!(
        names,
        [
            "SPA", "PARTNERS", "items", "me", "orders", "dev", "partners", "tenants"
        ]
    );

    let spa = entry("SPA");
    assert_eq!(spa.kind(), AuditKind::Policy);
    assert_eq!((spa.path(), spa.methods()), (None, &[][..]));
    assert_eq!(spa.file(), file!());
    let policy = spa.policy().unwrap();
    assert_eq!(policy.origins().to_string(), "https://app.example.com");
    assert_eq!(policy.allow_methods(), "GET, HEAD, POST");
    assert!(policy.credentials());

    let partners_policy = entry("PARTNERS");
    assert_eq!(partners_policy.origins_variable(), Some(SET));
    assert_eq!(
        partners_policy.policy().unwrap().origins().to_string(),
        "https://partner.example.org"
    );

    let items_entry = entry("items");
    assert_eq!(items_entry.kind(), AuditKind::Route);
    assert_eq!(items_entry.path(), Some("/items"));
    assert_eq!(items_entry.methods(), ["GET", "PUT"]);
    assert_eq!(items_entry.module(), module_path!());
    let policy = items_entry.policy().unwrap();
    assert_eq!(
        policy.origins().to_string(),
        "https://app.example.com, https://*.example.com"
    );
    assert_eq!(policy.allow_methods(), "GET, PUT");
    assert!(!policy.credentials());

    let me_entry = entry("me");
    assert_eq!(me_entry.based_on(), Some("SPA"));
    assert_eq!(me_entry.policy().unwrap().max_age(), Some("600"));

    let orders_entry = entry("orders");
    assert_eq!(orders_entry.based_on(), Some("SPA"));
    let policy = orders_entry.policy().unwrap();
    assert_eq!(
        (policy.max_age(), policy.expose_headers(), policy.strict()),
        (Some("60"), Some("x-total"), true)
    );
    assert!(policy.credentials(), "from SPA");

    let dev_entry = entry("dev");
    assert_eq!(dev_entry.origins_variable(), Some(UNSET));
    assert_eq!(
        dev_entry.policy().unwrap().origins().to_string(),
        "http://localhost:5173"
    );

    let partners_entry = entry("partners");
    assert_eq!(partners_entry.based_on(), Some("PARTNERS"));
    assert_eq!(partners_entry.origins_variable(), Some(SET));
    assert_eq!(
        partners_entry.policy().unwrap().origins().to_string(),
        "https://partner.example.org"
    );

    let tenants_entry = entry("tenants");
    assert_eq!(tenants_entry.origin_fn(), Some("is_tenant"));
    let policy = tenants_entry.policy().unwrap();
    assert!(policy.private_network());
    assert_eq!(policy.preflight_status(), 200);

    // The table: a header, then one aligned line per entry, with what each line says.
    assert!(lines[0].starts_with("kind "), "{table}");
    // Each heading after the first follows two spaces.
    let column = |name: &str| match name {
        "kind" => 0,
        _ => lines[0].find(&format!("  {name}")).unwrap() + 2,
    };
    for line in &lines[1..] {
        assert!(line.len() > column("at"), "{line}");
    }
    let row = |item: &str| {
        *lines
            .iter()
            .find(|line| line[column("item")..].starts_with(&format!("{item} ")))
            .unwrap()
    };
    let cell = |item: &str, name: &str| {
        let line = row(item);
        let rest = &line[column(name)..];
        rest.split("  ").next().unwrap().trim().to_owned()
    };
    assert_eq!(cell("items", "path"), "/items");
    assert_eq!(cell("items", "methods"), "GET, PUT");
    assert_eq!(cell("me", "policy"), "SPA");
    assert_eq!(cell("orders", "strict"), "yes");
    assert_eq!(cell("orders", "expose"), "x-total");
    assert_eq!(
        cell("dev", "origins"),
        format!("http://localhost:5173 ({UNSET} unset)")
    );
    assert_eq!(
        cell("partners", "origins"),
        format!("https://partner.example.org (from {SET})")
    );
    assert_eq!(
        cell("tenants", "origins"),
        "https://admin.example.com + is_tenant"
    );
    assert_eq!(cell("tenants", "private network"), "yes");
    assert_eq!(cell("tenants", "preflight"), "200");
    assert_eq!(cell("SPA", "kind"), "policy");
    assert_eq!(cell("SPA", "credentials"), "yes");
    assert!(
        cell("items", "at").starts_with("tests/tests/audit.rs:"),
        "{table}"
    );

    // JSON, with the `serde` feature.
    let json: serde_json::Value = serde_json::to_value(&audit).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 8);
    let json_entry = |item: &str| {
        entries
            .iter()
            .find(|entry| entry["item"] == item)
            .unwrap()
            .clone()
    };
    let json_orders = json_entry("orders");
    assert_eq!(json_orders["kind"], "route");
    assert_eq!(json_orders["path"], "/orders");
    assert_eq!(json_orders["based_on"], "SPA");
    assert_eq!(
        json_orders["policy"]["origins"][0],
        "https://app.example.com"
    );
    assert_eq!(json_orders["policy"]["max_age"], "60");
    assert_eq!(json_orders["policy"]["strict"], true);
    assert_eq!(json_orders["policy"]["credentials"], true);
    let json_partners = json_entry("partners");
    assert_eq!(json_partners["origins_variable"], SET);
    assert_eq!(json_partners["problem"], serde_json::Value::Null);

    // The listed routes are the ones an app serves, whatever scope they are registered under:
    // the audit's paths are as written.
    let app = test::init_service(
        App::new()
            .service(
                web::scope("/api")
                    .service(items)
                    .service(me)
                    .service(orders),
            )
            .service(dev)
            .service(partners)
            .service(tenants),
    )
    .await;
    let response = app
        .call(get("/api/items", "https://app.example.com").to_request())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("https://app.example.com")
    );
}
