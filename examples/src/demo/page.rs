//! The page server: one static HTML page, on an origin other than the API's.
//!
//! The same document is served at `/` (the matrix) and `/frame` (a helper the matrix embeds from
//! the other demo origins, such as `http://localhost:3000`, to make calls from there). It answers
//! whatever host name it is reached by, which is how one server plays several origins.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{App, Error, HttpResponse, web};

use super::DEFAULT_PAGE_PORT;

/// The page, with placeholders for the values only known at startup.
const PAGE: &str = include_str!("page.html");

/// What the page needs to know about the API.
#[derive(Clone, Debug)]
pub struct PageConfig {
    /// The API's base URL, e.g. `http://127.0.0.1:8080`.
    pub api_base: String,
}

impl PageConfig {
    /// The page's HTML with the API's address and the policies' page port filled in.
    pub fn render(&self) -> String {
        // JSON string literals are valid JavaScript string literals.
        let api_base = serde_json::Value::from(self.api_base.as_str()).to_string();
        PAGE.replace("__API_BASE__", &api_base)
            .replace("__POLICY_PORT__", &DEFAULT_PAGE_PORT.to_string())
    }
}

/// Builds the page server's app.
pub fn page_app(
    config: PageConfig,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let html = web::Data::new(config.render());
    App::new()
        .app_data(html)
        .route("/", web::get().to(serve))
        .route("/frame", web::get().to(serve))
}

async fn serve(html: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // Each run makes fresh calls; a cached page would only confuse.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html.get_ref().clone())
}
