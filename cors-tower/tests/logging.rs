//! Rejections are logged at debug level with what was asked and what is allowed: the fields of
//! the actix glue's log line. Its own test binary, because the recorder is the process's global
//! `tracing` subscriber (`tracing` caches each call site's interest, so a scoped one can miss
//! events in a binary whose other tests run first).

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use cors_tower::policy;
use http::Request;
use tower::ServiceExt;

type Event = HashMap<String, String>;

static EVENTS: Mutex<Vec<Event>> = Mutex::new(Vec::new());

/// Records every event's fields, formatted, with its level and target.
struct Recorder;

struct Fields<'a>(&'a mut Event);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Event::new();
        fields.insert("level".into(), event.metadata().level().to_string());
        fields.insert("target".into(), event.metadata().target().to_owned());
        event.record(&mut Fields(&mut fields));
        EVENTS.lock().unwrap().push(fields);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

fn request(method: &str, origin: &[u8], headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri("/items")
        .header("origin", origin);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn rejections_are_logged_at_debug_with_what_was_asked_and_allowed() {
    tracing::subscriber::set_global_default(Recorder).expect("no other global subscriber");
    async fn ok() -> &'static str {
        "ok"
    }
    let app = Router::new().route(
        "/items",
        get(ok).put(ok).layer(policy!(
            origins = ["https://app.example.com", "https://*.partner.example"],
            methods = ["GET", "PUT"],
            headers = ["content-type"],
            strict,
        )),
    );
    let app = app.with_state::<()>(());
    let app_origin = b"https://app.example.com";
    let requests = [
        request(
            "OPTIONS",
            app_origin,
            &[
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type, x-foo"),
            ],
        ),
        request("PUT", b"https://\xffevil.com", &[]),
        // Allowed requests log nothing.
        request("GET", app_origin, &[]),
        request(
            "OPTIONS",
            app_origin,
            &[("access-control-request-method", "GET")],
        ),
    ];
    for request in requests {
        app.clone().oneshot(request).await.unwrap();
    }

    let events = EVENTS.lock().unwrap().clone();
    assert_eq!(events.len(), 2, "{events:#?}");
    let header = &events[0];
    assert_eq!(header["level"], "DEBUG");
    assert_eq!(header["target"], "cors_tower::log");
    assert_eq!(header["reason"], "header x-foo is not allowed");
    assert_eq!(header["kind"], "Header");
    assert_eq!(header["origin"], "https://app.example.com");
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
        "answered 403 by the strict policy, handler not called"
    );
}
