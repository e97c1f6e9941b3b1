//! `Vary` from the handler is merged with the middleware's, never replaced or duplicated.

use crate::fixtures::*;
use crate::support::*;
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, web};

/// A handler answering with the given `Vary` lines.
fn with_vary(
    lines: &'static [&'static str],
) -> impl Fn() -> std::future::Ready<HttpResponse> + Clone {
    move || {
        let mut response = HttpResponse::Ok();
        for line in lines {
            response.append_header(("vary", *line));
        }
        std::future::ready(response.finish())
    }
}

#[actix_web::test]
async fn vary_is_merged_never_replaced_or_duplicated() {
    let app = test::init_service(
        App::new()
            .wrap(policy().build().unwrap())
            .route("/encoding", web::get().to(with_vary(&["Accept-Encoding"])))
            .route("/origin", web::get().to(with_vary(&["origin"])))
            .route("/star", web::get().to(with_vary(&["*"])))
            .route(
                "/lines",
                web::get().to(with_vary(&["Accept-Encoding", "Accept-Language, Origin"])),
            )
            .route(
                "/two",
                web::get().to(with_vary(&["Accept-Encoding", "Accept-Language"])),
            ),
    )
    .await;
    let cases: [(&str, Option<&str>, &[&str]); 9] = [
        ("/encoding", Some(APP), &["Accept-Encoding, Origin"]),
        ("/encoding", Some(EVIL), &["Accept-Encoding, Origin"]),
        ("/encoding", None, &["Accept-Encoding, Origin"]),
        ("/origin", Some(APP), &["origin"]),
        ("/origin", None, &["origin"]),
        ("/star", Some(APP), &["*"]),
        ("/star", Some(EVIL), &["*"]),
        (
            "/lines",
            Some(APP),
            &["Accept-Encoding", "Accept-Language, Origin"],
        ),
        (
            "/two",
            Some(APP),
            &["Accept-Encoding, Accept-Language, Origin"],
        ),
    ];
    for (path, origin, vary) in cases {
        let request = match origin {
            Some(origin) => get(path, origin),
            None => TestRequest::get().uri(path),
        };
        let response = test::call_service(&app, request.to_request()).await;
        assert_eq!(header_all(&response, "vary"), vary, "{path} {origin:?}");
    }
}
