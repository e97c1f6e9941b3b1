//! Merging into `Vary` (docs/protocol.md section 7): never overwrite, never duplicate, leave `*` alone.

/// The `Vary` value of a response whose answer depends on the `Origin`.
pub const VARY_ORIGIN: &str = "Origin";
/// The `Vary` value of a preflight answered with `*` and the echoed request headers.
pub const VARY_REQUEST_HEADERS: &str = "Access-Control-Request-Headers";
/// The `Vary` value of a preflight whose origin and allowed headers both come from the request.
pub const VARY_ORIGIN_AND_REQUEST_HEADERS: &str = "Origin, Access-Control-Request-Headers";

/// How to change a response's `Vary` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaryUpdate {
    /// Nothing to do: every name is already there, or `Vary: *`.
    Keep,
    /// The response has no `Vary`: insert this value.
    Insert(&'static str),
    /// Replace every existing `Vary` line with this merged value.
    Replace(Vec<u8>),
}

/// Computes the merge of `add` (a comma-separated list of names) into the existing `Vary` lines,
/// which `existing` yields afresh on each call (header iterators are rarely `Clone`).
///
/// Only a response that already has a `Vary` without the names needs a new allocation.
///
/// ```
/// use cors_core::glue::{merge_vary, VaryUpdate};
///
/// let lines = |values: &'static [&'static [u8]]| move || values.iter().copied();
/// assert_eq!(merge_vary(lines(&[]), "Origin"), VaryUpdate::Insert("Origin"));
/// assert_eq!(merge_vary(lines(&[b"origin"]), "Origin"), VaryUpdate::Keep);
/// assert_eq!(merge_vary(lines(&[b"*"]), "Origin"), VaryUpdate::Keep);
/// assert_eq!(
///     merge_vary(lines(&[b"Accept-Encoding"]), "Origin"),
///     VaryUpdate::Replace(b"Accept-Encoding, Origin".to_vec())
/// );
/// ```
pub fn merge_vary<'a, F, I>(existing: F, add: &'static str) -> VaryUpdate
where
    F: Fn() -> I,
    I: IntoIterator<Item = &'a [u8]>,
{
    let names = || {
        existing()
            .into_iter()
            .flat_map(|line| line.split(|&b| b == b','))
            .map(<[u8]>::trim_ascii)
            .filter(|name| !name.is_empty())
    };
    if existing().into_iter().next().is_none() {
        return VaryUpdate::Insert(add);
    }
    if names().any(|name| name == b"*") {
        return VaryUpdate::Keep;
    }
    let mut merged: Option<Vec<u8>> = None;
    for wanted in add.split(',').map(str::trim) {
        if names().any(|name| name.eq_ignore_ascii_case(wanted.as_bytes())) {
            continue;
        }
        let merged = merged.get_or_insert_with(|| {
            let mut value = Vec::new();
            for name in names() {
                if !value.is_empty() {
                    value.extend_from_slice(b", ");
                }
                value.extend_from_slice(name);
            }
            value
        });
        if !merged.is_empty() {
            merged.extend_from_slice(b", ");
        }
        merged.extend_from_slice(wanted.as_bytes());
    }
    merged.map_or(VaryUpdate::Keep, VaryUpdate::Replace)
}
