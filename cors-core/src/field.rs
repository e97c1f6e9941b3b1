//! The fields of a policy: one table saying, for each field, its key, the kind of value it
//! takes, whether a policy needs it, an example value and what it does.
//!
//! Every front end derives its vocabulary from this table: the `#[cors]` attribute's keys, the
//! runtime builder's methods and the environment reader's variables (`CORS_MAX_AGE`), so adding
//! a field means adding a row here and a member to [`PolicySpec`](crate::PolicySpec).

use std::fmt;

/// The part of a [`PolicySpec`](crate::PolicySpec) a setting or a problem belongs to.
///
/// Together with [`ConfigError::index`](crate::ConfigError::index) it lets a caller point at
/// the exact item, e.g. the second string of `origins = [..]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `origins`
    Origins,
    /// `methods`
    Methods,
    /// `headers` (allowed request headers)
    Headers,
    /// `expose` (exposed response headers)
    Expose,
    /// `credentials`
    Credentials,
    /// `max_age`
    MaxAge,
    /// `private_network`
    PrivateNetwork,
    /// `allow_null_origin`
    AllowNullOrigin,
    /// `strict`
    Strict,
    /// `preflight_status`
    PreflightStatus,
}

/// The kind of value a field takes, which decides how each front end reads and writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A list of origins, patterns, `"null"` or `"*"`.
    OriginList,
    /// A list of names: methods, or header names.
    NameList,
    /// On or off; off unless set.
    Flag,
    /// A number of seconds; unset unless set.
    Seconds,
    /// An HTTP status code.
    Status,
}

impl FieldKind {
    /// Whether the field holds a list of strings.
    pub const fn is_list(self) -> bool {
        matches!(self, FieldKind::OriginList | FieldKind::NameList)
    }
}

/// One row of the table.
struct Row {
    field: Field,
    key: &'static str,
    kind: FieldKind,
    /// For a field a policy cannot do without, what it lists.
    required: Option<&'static str>,
    /// A valid value, as list items (one item for a scalar).
    example: &'static [&'static str],
    doc: &'static str,
}

/// Every field, in declaration order, so that `field as usize` indexes its row.
const TABLE: [Row; 10] = [
    Row {
        field: Field::Origins,
        key: "origins",
        kind: FieldKind::OriginList,
        required: Some("the origins allowed to send cross-origin requests"),
        example: &["https://app.example.com", "https://admin.example.com"],
        doc: "exact origins, `https://*.example.com` patterns, `\"null\"` (with \
              `allow_null_origin`), or `\"*\"` alone for any origin",
    },
    Row {
        field: Field::Methods,
        key: "methods",
        kind: FieldKind::NameList,
        required: Some("the methods cross-origin requests may use"),
        example: &["GET", "POST"],
        doc: "the methods cross-origin requests may use, uppercase",
    },
    Row {
        field: Field::Headers,
        key: "headers",
        kind: FieldKind::NameList,
        required: None,
        example: &["content-type", "authorization"],
        doc: "the request headers a preflight may ask for, or `\"*\"` to allow any",
    },
    Row {
        field: Field::Expose,
        key: "expose",
        kind: FieldKind::NameList,
        required: None,
        example: &["x-request-id"],
        doc: "the response headers scripts may read, or `\"*\"` (not with credentials)",
    },
    Row {
        field: Field::Credentials,
        key: "credentials",
        kind: FieldKind::Flag,
        required: None,
        example: &["true"],
        doc: "whether cookies and HTTP authentication may be sent",
    },
    Row {
        field: Field::MaxAge,
        key: "max_age",
        kind: FieldKind::Seconds,
        required: None,
        example: &["600"],
        doc: "seconds a browser may cache a preflight answer, at most 86400",
    },
    Row {
        field: Field::PrivateNetwork,
        key: "private_network",
        kind: FieldKind::Flag,
        required: None,
        example: &["true"],
        doc: "answer legacy Private Network Access preflights",
    },
    Row {
        field: Field::AllowNullOrigin,
        key: "allow_null_origin",
        kind: FieldKind::Flag,
        required: None,
        example: &["true"],
        doc: "opt in to the opaque origin `null`, which must also be listed",
    },
    Row {
        field: Field::Strict,
        key: "strict",
        kind: FieldKind::Flag,
        required: None,
        example: &["true"],
        doc: "refuse requests from other origins with 403 before the handler runs",
    },
    Row {
        field: Field::PreflightStatus,
        key: "preflight_status",
        kind: FieldKind::Status,
        required: None,
        example: &["204"],
        doc: "the status of a successful preflight answer, 200 to 299 (default 204)",
    },
];

// Each row sits at its field's discriminant, and a new variant does not compile until it is
// in the exhaustive match below; together they make `field as usize` index its own row.
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(
            TABLE[i].field as usize == i,
            "the field table must list the fields in declaration order"
        );
        i += 1;
    }
};
const _: fn(Field) = |field| match field {
    Field::Origins
    | Field::Methods
    | Field::Headers
    | Field::Expose
    | Field::Credentials
    | Field::MaxAge
    | Field::PrivateNetwork
    | Field::AllowNullOrigin
    | Field::Strict
    | Field::PreflightStatus => {}
};

/// The number of fields.
pub(crate) const FIELD_COUNT: usize = TABLE.len();

impl Field {
    /// Every field, in declaration order, so `field as usize` is its position here.
    ///
    /// ```
    /// use cors_core::Field;
    /// assert_eq!(Field::ALL[Field::MaxAge as usize], Field::MaxAge);
    /// assert_eq!(Field::ALL.map(Field::key)[0], "origins");
    /// ```
    pub const ALL: [Field; FIELD_COUNT] = {
        let mut all = [Field::Origins; FIELD_COUNT];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].field;
            i += 1;
        }
        all
    };

    const fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// The key that sets this field, as written in `#[cors(..)]`; the builder method and the
    /// environment variable are named after it too.
    ///
    /// ```
    /// assert_eq!(cors_core::Field::MaxAge.key(), "max_age");
    /// ```
    pub const fn key(self) -> &'static str {
        self.row().key
    }

    /// The kind of value the field takes.
    ///
    /// ```
    /// use cors_core::{Field, FieldKind};
    /// assert_eq!(Field::Strict.kind(), FieldKind::Flag);
    /// assert!(Field::Headers.kind().is_list());
    /// ```
    pub const fn kind(self) -> FieldKind {
        self.row().kind
    }

    /// For a field no policy can do without (`origins`, `methods`), what it lists.
    ///
    /// ```
    /// use cors_core::Field;
    /// assert!(Field::Origins.required().is_some());
    /// assert!(Field::Headers.required().is_none());
    /// ```
    pub const fn required(self) -> Option<&'static str> {
        self.row().required
    }

    /// A valid value, as list items (a scalar has one), for suggestions.
    ///
    /// ```
    /// assert_eq!(cors_core::Field::Methods.example(), ["GET", "POST"]);
    /// ```
    pub const fn example(self) -> &'static [&'static str] {
        self.row().example
    }

    /// What the field does, in one line.
    ///
    /// ```
    /// assert!(cors_core::Field::Credentials.doc().contains("cookies"));
    /// ```
    pub const fn doc(self) -> &'static str {
        self.row().doc
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
