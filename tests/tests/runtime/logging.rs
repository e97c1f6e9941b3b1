//! Rejections are logged at debug level with what was asked and what is allowed.

use crate::fixtures::*;
use crate::support::*;
use actix_web::test::{self};

#[test]
fn rejections_are_logged_at_debug_with_what_was_asked_and_allowed() {
    let events = capture_events(|| async {
        let hits = Hits::default();
        let app = app(policy().build().unwrap(), &hits).await;
        let request = preflight("/items", APP, "PUT")
            .insert_header(("access-control-request-headers", "content-type, x-foo"))
            .to_request();
        test::call_service(&app, request).await;
        let request = get("/items", "x")
            .insert_header(("origin", raw(b"https://\xffevil.com")))
            .to_request();
        test::call_service(&app, request).await;
        // Allowed requests log nothing.
        test::call_service(&app, get("/items", APP).to_request()).await;
        test::call_service(&app, preflight("/items", APP, "GET").to_request()).await;
    });
    assert_eq!(events.len(), 2, "{events:#?}");

    let header = &events[0];
    assert_eq!(header["level"], "DEBUG");
    assert_eq!(header["target"], "cors_actix::log");
    assert_eq!(header["reason"], "header x-foo is not allowed");
    assert_eq!(header["kind"], "Header");
    assert_eq!(header["origin"], APP);
    assert_eq!(
        header["allowed_origins"],
        "https://app.example.com, https://*.partner.example"
    );
    assert_eq!(header["method"], "OPTIONS");
    assert_eq!(header["requested_method"], "PUT");
    assert_eq!(header["requested_headers"], "content-type, x-foo");
    assert_eq!(header["path"], "/items");
    assert_eq!(header["outcome"], "preflight answered 403");

    let origin = &events[1];
    assert_eq!(
        origin["reason"],
        "origin https://\\xffevil.com is not allowed"
    );
    assert_eq!(origin["origin"], "https://\\xffevil.com");
    assert_eq!(origin["requested_method"], "-");
    assert_eq!(
        origin["outcome"],
        "handler runs, response gets no CORS headers"
    );
}
