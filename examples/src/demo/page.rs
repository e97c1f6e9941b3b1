//! The page server: one static HTML page, on an origin other than the API's.
//!
//! The same document is served at `/` (the matrix) and `/frame` (a helper the matrix embeds from
//! the other demo origins, such as `http://localhost:3000`, to make calls from there). It answers
//! whatever host name it is reached by, which is how one server plays several origins.
//!
//! Both builds of the demo serve this same document, rendered by [`PageConfig::render`]: the
//! actix page server here, and the axum one of [`super::axum_api`]. Only the heading and the
//! words for the API's policies name the build.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{App, Error, HttpResponse, web};

use super::DEFAULT_PAGE_PORT;

/// The page, with placeholders for the values only known at startup.
const PAGE: &str = include_str!("page.html");

/// Which build of the demo API the page calls. Both answer every call alike; the page only
/// names the build and says where its policies are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Server {
    /// `cors-actix`: the `#[cors]` attributes of [`super::api`] (the `demo` binary).
    #[default]
    Actix,
    /// `cors-tower` on axum: the `policy!` layers of [`super::axum_api`] (`demo-axum`).
    Axum,
}

impl Server {
    /// The build's name, as the page's heading and the API's index show it.
    pub fn name(self) -> &'static str {
        match self {
            Server::Actix => "cors-actix",
            Server::Axum => "cors-tower (axum)",
        }
    }

    /// How a route gets its policy, as HTML after the word "route".
    fn policy_html(self) -> &'static str {
        match self {
            Server::Actix => "annotated with <code>#[cors(..)]</code>",
            Server::Axum => "layered with <code>cors_tower::policy!(..)</code>",
        }
    }

    /// The compiled policies, in the port banner.
    fn policies(self) -> &'static str {
        match self {
            Server::Actix => "#[cors] policies",
            Server::Axum => "policy! layers",
        }
    }

    /// The file the policies are written in.
    fn policy_source(self) -> &'static str {
        match self {
            Server::Actix => "examples/src/demo/api.rs",
            Server::Axum => "examples/src/demo/axum_api.rs",
        }
    }
}

/// What the page needs to know about the API.
#[derive(Clone, Debug)]
pub struct PageConfig {
    /// The API's base URL, e.g. `http://127.0.0.1:8080`.
    pub api_base: String,
    /// The build of the API, which the page names.
    pub server: Server,
}

impl PageConfig {
    /// The page's HTML with the API's address and the policies' page port filled in.
    pub fn render(&self) -> String {
        // JSON string literals are valid JavaScript string literals.
        let js = |text: &str| serde_json::Value::from(text).to_string();
        PAGE.replace("__API_BASE__", &js(&self.api_base))
            .replace("__POLICY_PORT__", &DEFAULT_PAGE_PORT.to_string())
            .replace("__POLICIES__", &js(self.server.policies()))
            .replace("__POLICY_SOURCE__", &js(self.server.policy_source()))
            .replace("__SERVER__", self.server.name())
            .replace("__POLICY_HTML__", self.server.policy_html())
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
