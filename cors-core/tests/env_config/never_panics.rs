//! No environment, however malformed, makes reading panic (proptest).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::support::*;
use cors_core::PolicySpec;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = OsString> {
    prop_oneof![
        proptest::sample::select(vec![
            "CORS_ORIGINS",
            "CORS_METHODS",
            "CORS_HEADERS",
            "CORS_EXPOSE",
            "CORS_CREDENTIALS",
            "CORS_MAX_AGE",
            "CORS_PRIVATE_NETWORK",
            "CORS_ALLOW_NULL_ORIGIN",
            "CORS_STRICT",
            "CORS_PREFLIGHT_STATUS",
        ])
        .prop_map(OsString::from),
        "(CORS_|cors_|CORS|)[A-Za-z_-]{0,24}".prop_map(OsString::from),
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(OsString::from_vec),
    ]
}

fn value() -> impl Strategy<Value = OsString> {
    prop_oneof![
        "[ ,*a-zA-Z0-9:/.\\t-]{0,40}".prop_map(OsString::from),
        "(https?://[a-z*.]{0,10}(:[0-9]{0,6})?/?, ?){0,4}".prop_map(OsString::from),
        "(true|false|1|0|yes|[0-9]{1,25}|GET|put|\\*|null)".prop_map(OsString::from),
        proptest::collection::vec(any::<u8>(), 0..24).prop_map(OsString::from_vec),
    ]
}

proptest! {
    #[test]
    fn any_environment_reads_without_panicking(
        vars in proptest::collection::vec((name(), value()), 0..8),
        defaults in proptest::bool::ANY,
    ) {
        let mut config = config();
        if defaults {
            config = config.defaults(
                PolicySpec::new().origins(["https://app.example.com", "*"]).methods(["GET"]),
            );
        }
        match config.read(vars.clone()) {
            Ok(policy) => {
                // What compiled is what validation accepts.
                let spec = config.read_spec(vars).expect("a compiled policy parsed");
                prop_assert_eq!(spec.compile().map(|p| p.allow_methods().to_owned()).ok(),
                    Some(policy.allow_methods().to_owned()));
            }
            Err(errors) => {
                prop_assert!(errors.len() >= 1);
                let shown = errors.to_string();
                prop_assert_eq!(shown.lines().count(), errors.len() + 1, "{}", shown);
                for error in &errors {
                    prop_assert!(!error.message().is_empty() && !error.suggestion().is_empty());
                }
            }
        }
    }
}
