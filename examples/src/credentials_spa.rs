//! A single-page app on another origin that signs in with a cookie.
//!
//! The SPA at `https://app.example.com` calls the API with `fetch(url, { credentials: "include" })`.
//! For the browser to send the cookie and let the script read the answer, every response must
//! name that exact origin and carry `Access-Control-Allow-Credentials: true`, which
//! `credentials` does. `origins = ["*"]` together with `credentials` is a compile error: it
//! would let every site read your users' data.
//!
//! ```text
//! cargo run -p examples --bin credentials_spa
//! curl -i -X POST http://127.0.0.1:8080/login -H 'Origin: https://app.example.com'
//! curl -i http://127.0.0.1:8080/me -H 'Origin: https://app.example.com' -H 'Cookie: session=alice'
//! ```

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cors_actix::cors;

/// The cookie the API sets on sign-in.
pub const SESSION_COOKIE: &str = "session";

/// Signs in: sets the session cookie. A browser only stores a cookie from a cross-origin
/// response that passed the CORS check of a credentialed request.
#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/login")]
async fn login() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((
            header::SET_COOKIE,
            // A cross-site SPA needs SameSite=None, which browsers accept only with Secure.
            format!("{SESSION_COOKIE}=alice; Path=/; HttpOnly; Secure; SameSite=None"),
        ))
        .finish()
}

/// Who is signed in. Preflighted calls (here: a custom header) are allowed too, and the
/// preflight is cached for ten minutes.
#[cors(
    origins = ["https://app.example.com"],
    credentials,
    headers = ["x-csrf-token"],
    max_age = 600
)]
#[get("/me")]
async fn me(req: HttpRequest) -> HttpResponse {
    let user = req
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, user)| user.to_owned());
    match user {
        Some(user) => HttpResponse::Ok().body(format!("signed in as {user}")),
        // Errors are decorated like any other response, so the SPA can read the 401.
        None => HttpResponse::Unauthorized().body("not signed in"),
    }
}

/// Registers the example's routes: `App::new().configure(configure)`.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(login).service(me);
}
