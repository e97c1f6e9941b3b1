//! Building `Cors`: shared across workers, builder and spec agree, every invalid configuration
//! gives its documented error kind, and every problem is reported at once.

use crate::fixtures::*;
use crate::support::*;
use actix_web::{App, HttpResponse, HttpServer, web};
use cors_actix::{Cors, ErrorKind, Field, OriginErrorKind, PolicySpec};

#[test]
fn cors_is_shared_across_server_workers() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Cors>();

    let cors = policy().build().unwrap();
    let copy = cors.clone();
    assert!(
        std::ptr::eq(cors.policy(), copy.policy()),
        "clones share one policy"
    );
    // Building the server checks the factory's bounds; it is never bound or run.
    let _server = HttpServer::new(move || {
        App::new()
            .wrap(cors.clone())
            .route("/", web::get().to(HttpResponse::Ok))
    });
}

#[test]
fn builder_and_spec_compile_to_the_same_policy() {
    let built = policy().build().unwrap();
    let spec = PolicySpec::new()
        .origins([APP, "https://*.partner.example"])
        .methods(["GET", "POST", "PUT", "DELETE"])
        .headers(["content-type", "x-api-key"])
        .expose(["x-request-id"])
        .credentials(true)
        .max_age(600);
    assert_eq!(policy().spec(), &spec);
    let from_spec = Cors::from_spec(spec.clone()).unwrap();
    assert_eq!(built.policy(), from_spec.policy());
    assert_eq!(
        Cors::from_policy(spec.compile().unwrap()).policy(),
        built.policy()
    );
    assert_eq!(
        cors_actix::CorsBuilder::from(spec)
            .build()
            .unwrap()
            .policy(),
        built.policy()
    );
    assert_eq!(built.policy().allow_methods(), "GET, POST, PUT, DELETE");
}

/// Every rule of the validation, as the runtime builder reports it.
#[test]
fn invalid_configurations_return_the_documented_error_kind() {
    use ErrorKind as K;
    use Field as F;
    use OriginErrorKind as O;
    let methods = || Cors::builder().methods(["GET"]);
    let origin = || methods().origins([APP]);

    assert_error(methods(), F::Origins, None, K::EmptyOrigins);
    assert_error(
        Cors::builder().origins([APP]),
        F::Methods,
        None,
        K::EmptyMethods,
    );
    let any = || methods().origins(["*"]);
    assert_error(
        any().credentials(true),
        F::Origins,
        Some(0),
        K::WildcardOriginWithCredentials,
    );
    assert_error(
        any().allow_null_origin(true),
        F::AllowNullOrigin,
        None,
        K::NullOriginWithWildcard,
    );
    assert_error(
        methods().origins([APP, "*"]),
        F::Origins,
        Some(1),
        K::WildcardMixed,
    );
    assert_error(
        methods().origins([APP, APP]),
        F::Origins,
        Some(1),
        K::Duplicate,
    );

    let null = || methods().origins(["null"]);
    assert_error(null(), F::Origins, Some(0), K::NullOriginNotEnabled);
    let credentialed_null = null().allow_null_origin(true).credentials(true);
    assert_error(
        credentialed_null,
        F::Origins,
        Some(0),
        K::NullOriginWithCredentials,
    );
    assert_error(
        origin().allow_null_origin(true),
        F::AllowNullOrigin,
        None,
        K::NullOriginNotListed,
    );

    for (input, kind) in [
        ("", O::Empty),
        (" https://a.com", O::Whitespace),
        ("https://a.com, https://b.com", O::SeveralOrigins),
        ("example.com", O::MissingScheme),
        ("ht_tp://a.com", O::InvalidScheme),
        ("https://a.com/", O::Path),
        ("https://a.com/app", O::Path),
        ("https://a.com?x=1", O::QueryOrFragment),
        ("https://user@a.com", O::Userinfo),
        ("https://App.com", O::Uppercase),
        ("NULL", O::Uppercase),
        ("https://a.com:443", O::DefaultPort),
        ("http://a.com:80", O::DefaultPort),
        ("https://a.com:70000", O::PortOutOfRange),
        ("https://a.com:08", O::InvalidPort),
        ("https://a.com:", O::InvalidPort),
        ("https://", O::InvalidHost),
        ("https://bücher.de", O::NonAsciiHost),
        ("https://*", O::WildcardAlone),
        ("https://*.com", O::WildcardAboveTopLevel),
        ("https://a*.example.com", O::WildcardInLabel),
        ("*://example.com", O::WildcardInScheme),
        ("https://example.com:8*", O::WildcardInPort),
        ("https://*.*.example.com", O::MultipleWildcards),
    ] {
        assert_error(
            methods().origins([input]),
            F::Origins,
            Some(0),
            K::Origin(kind),
        );
    }

    for (method, kind) in [
        ("GE T", K::InvalidMethod),
        ("put", K::LowercaseMethod),
        ("*", K::WildcardMethod),
        ("GET", K::Duplicate),
    ] {
        let builder = origin().methods(["GET", method]);
        assert_error(builder, F::Methods, Some(1), kind);
    }

    for (name, kind) in [
        ("x api", K::InvalidHeaderName),
        ("x-a:", K::InvalidHeaderName),
        ("Cookie", K::ForbiddenRequestHeader),
        ("sec-fetch-mode", K::ForbiddenRequestHeader),
        ("Proxy-Authorization", K::ForbiddenRequestHeader),
        ("X-Api-Key", K::Duplicate),
        ("*", K::WildcardMixed),
    ] {
        let builder = origin().headers(["x-api-key", name]);
        assert_error(builder, F::Headers, Some(1), kind);
    }

    for (name, kind) in [
        ("x b", K::InvalidHeaderName),
        ("set-cookie", K::ForbiddenResponseHeader),
        ("X-Request-Id", K::Duplicate),
        ("*", K::WildcardMixed),
    ] {
        let builder = origin().expose(["x-request-id", name]);
        assert_error(builder, F::Expose, Some(1), kind);
    }
    let star = origin().expose(["*"]).credentials(true);
    assert_error(star, F::Expose, Some(0), K::WildcardExposeWithCredentials);

    assert_error(origin().max_age(86_401), F::MaxAge, None, K::MaxAgeTooLarge);
    for status in [199, 302, 404] {
        let builder = origin().preflight_status(status);
        assert_error(
            builder,
            F::PreflightStatus,
            None,
            K::PreflightStatusOutOfRange,
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let errors = Cors::builder()
        .origins(["*", "https://App.example.com/"])
        .methods(["get"])
        .credentials(true)
        .max_age(100_000)
        .build()
        .unwrap_err();
    for kind in [
        ErrorKind::WildcardMixed,
        ErrorKind::WildcardOriginWithCredentials,
        ErrorKind::Origin(OriginErrorKind::Path),
        ErrorKind::LowercaseMethod,
        ErrorKind::MaxAgeTooLarge,
    ] {
        assert!(errors.contains(kind), "{kind:?} missing from {errors}");
    }
    let shown = errors.to_string();
    assert!(
        shown.starts_with("invalid CORS policy (5 problems)"),
        "{shown}"
    );
    assert!(shown.contains("- methods[0]: "), "{shown}");
    assert!(shown.contains("write \"GET\""), "{shown}");
}
