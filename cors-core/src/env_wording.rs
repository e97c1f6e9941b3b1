//! The words of environment variables, for validation errors: values as `CORS_ORIGINS=a,b`, and
//! fixes that work whether a value comes from a variable or from the defaults
//! (`set CORS_CREDENTIALS=false`, as unsetting a variable brings its default back).

use crate::field::{FIELD_COUNT, Field};
use crate::words::Syntax;

/// How the environment writes fields: a variable per field.
pub(crate) struct EnvSyntax<'a> {
    /// The variable of each field, indexed by `field as usize`.
    pub(crate) names: &'a [String; FIELD_COUNT],
    /// Whether each field's value comes from its variable (rather than from the defaults).
    pub(crate) set: [bool; FIELD_COUNT],
}

impl EnvSyntax<'_> {
    fn is_set(&self, field: Field) -> bool {
        self.set[field as usize]
    }
}

impl Syntax for EnvSyntax<'_> {
    fn name(&self, field: Field) -> String {
        self.names[field as usize].clone()
    }

    fn setting(&self, field: Field, items: &[&str]) -> String {
        format!("{}={}", self.name(field), items.join(","))
    }

    /// The report line names the variable already: the value alone, a list's items quoted.
    fn value(&self, field: Field, items: &[&str]) -> String {
        if field.kind().is_list() {
            format!("{:?}", items.join(","))
        } else {
            items.join(",")
        }
    }

    fn example(&self, field: Field, items: &[&str]) -> String {
        self.setting(field, items)
    }

    fn turn_on(&self, field: Field) -> String {
        self.setting(field, &["true"])
    }

    fn turn_off(&self, field: Field) -> String {
        format!("set {}", self.setting(field, &["false"]))
    }

    fn remove(&self, field: Field, item: &str) -> String {
        let name = self.name(field);
        if self.is_set(field) {
            format!("remove {item} from {name}")
        } else {
            format!("set {name} to a list without {item}")
        }
    }

    fn add(&self, field: Field, item: &str) -> String {
        let name = self.name(field);
        if self.is_set(field) {
            format!("add {item} to {name}")
        } else {
            format!("set {name} to a list that includes {item}")
        }
    }

    fn where_on(&self, field: Field) -> String {
        let name = self.name(field);
        if self.is_set(field) {
            format!(", which {name} turns on")
        } else {
            format!(", which are on by default ({name} is not set)")
        }
    }

    /// Origins that were meant as several items are separated by commas in a variable.
    fn separate(&self, _field: Field, parts: &[&str]) -> Option<String> {
        Some(format!(
            "separate origins with commas: {:?}",
            parts.join(",")
        ))
    }
}
