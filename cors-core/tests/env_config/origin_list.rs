//! `EnvConfig::read_origin_list`: one variable named by the application (`SPA_ORIGINS`, for
//! `origins = env(..)`), read with `CORS_ORIGINS`' grammar and errors.

use std::ffi::OsStr;

use cors_core::{EnvConfig, EnvErrorKind, Field};

fn read(value: &str) -> Result<Vec<String>, cors_core::EnvErrors> {
    EnvConfig::read_origin_list("SPA_ORIGINS", OsStr::new(value))
}

#[test]
fn items_are_split_on_commas_and_trimmed_and_not_checked_as_origins() {
    assert_eq!(
        read(
            " https://a.example ,https://*.b.example,http://localhost:*,null, https://c.example/ "
        )
        .unwrap(),
        [
            "https://a.example",
            "https://*.b.example",
            "http://localhost:*",
            "null",
            // Checked with the rest of the policy, by `PolicySpec::validate`.
            "https://c.example/",
        ]
    );
}

#[test]
fn every_empty_item_is_an_error_naming_the_variable() {
    let errors = read(",https://a.example,,").unwrap_err();
    let items: Vec<_> = errors.iter().map(|error| error.index()).collect();
    assert_eq!(items, [Some(0), Some(2), Some(3)]);
    for error in errors.iter() {
        assert_eq!(error.kind(), EnvErrorKind::EmptyItem);
        assert_eq!(error.variable(), "SPA_ORIGINS");
        assert_eq!(error.field(), Some(Field::Origins));
    }
}

#[test]
fn a_blank_value_is_an_error_naming_the_variable() {
    let errors = read("  ").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.errors()[0].kind(), EnvErrorKind::Blank);
    assert_eq!(errors.errors()[0].variable(), "SPA_ORIGINS");
}
