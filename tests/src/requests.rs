//! Test requests and response bodies for `actix_web::test`, shared by this package's integration
//! tests (through `tests/support/mod.rs`) and the examples' tests.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::test::TestRequest;

/// A GET with an `Origin`.
pub fn get(uri: &str, origin: &str) -> TestRequest {
    TestRequest::get()
        .uri(uri)
        .insert_header(("origin", origin))
}

/// A request of `method` with an `Origin`.
pub fn request(method: Method, uri: &str, origin: &str) -> TestRequest {
    TestRequest::default()
        .method(method)
        .uri(uri)
        .insert_header(("origin", origin))
}

/// A preflight asking for `method`.
pub fn preflight(uri: &str, origin: &str, method: &str) -> TestRequest {
    request(Method::OPTIONS, uri, origin).insert_header(("access-control-request-method", method))
}

/// The response body as text.
pub async fn body<B: MessageBody>(response: ServiceResponse<B>) -> String {
    let bytes = actix_web::test::read_body(response).await;
    String::from_utf8(bytes.to_vec()).expect("UTF-8 body")
}
