//! "Did you mean": the known name closest to a misspelt one. One algorithm for the unknown keys
//! of the `#[cors(..)]` attribute (in `cors-macros`) and the unknown variables of
//! [`EnvConfig`](crate::EnvConfig), so both suggest the same setting for the same mistake.
//!
//! Public only so that `cors-macros` can call it: not part of the stable API.

/// The candidate that `written` most likely stands for, if any is close enough.
///
/// `candidates` are snake_case names such as `max_age`. `written` may be in any case and use `-`
/// or camelCase humps instead of `_` (`MAX-AGE`, `maxAge` and `MAXAGE` all normalize to a form
/// one edit from `max_age`). The first rule that finds a candidate decides:
///
/// 1. `written` is a candidate once normalized, or once the prefixes and suffixes other CORS
///    libraries put on the same settings are dropped (`allow_credentials`, `allowed_origins`,
///    `access_control_max_age`, `expose_headers`);
/// 2. it is another library's name for a setting (`supports_credentials`, `domains`, `verbs`);
/// 3. it is within a few edits (insertions, deletions, substitutions, swaps of adjacent letters)
///    of a candidate: at most a third of the candidate's length, and at least one (`origin`,
///    `strictt`); the closest wins;
/// 4. it shares a run of whole words with a candidate, plurals aside (`status` for
///    `preflight_status`, `origins_list` for `origins`); the most shared words win, then the
///    fewest edits;
/// 5. from four letters on, a candidate contains it or it contains a candidate, underscores
///    aside (`cred` for `credentials`); the fewest edits win.
///
/// Remaining ties go to the earlier candidate.
///
/// ```
/// use cors_core::suggest::closest_name;
///
/// let keys = ["origins", "methods", "credentials", "max_age", "preflight_status"];
/// assert_eq!(closest_name("maxAge", &keys), Some("max_age"));
/// assert_eq!(closest_name("MAXAGE", &keys), Some("max_age"));
/// assert_eq!(closest_name("allow_credentials", &keys), Some("credentials"));
/// assert_eq!(closest_name("origin", &keys), Some("origins"));
/// assert_eq!(closest_name("status", &keys), Some("preflight_status"));
/// assert_eq!(closest_name("banana", &keys), None);
/// ```
pub fn closest_name<'a>(written: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let normalized = normalize(written);
    let stripped = strip_affixes(&normalized);
    let forms = [normalized.as_str(), stripped];
    let candidates = candidates.iter().copied();

    // 1. The same name, written differently.
    if let Some(name) = candidates.clone().find(|name| forms.contains(name)) {
        return Some(name);
    }
    // 2. Another library's name for the same setting.
    if let Some(alias) = alias(&normalized)
        && let Some(name) = candidates.clone().find(|name| *name == alias)
    {
        return Some(name);
    }
    // 3. A near-miss spelling. `min_by_key` keeps the first of equal distances.
    let by_distance = candidates
        .clone()
        .filter_map(|name| {
            let distance = forms.iter().map(|form| edit_distance(form, name)).min()?;
            (distance <= (name.len() / 3).max(1)).then_some((distance, name))
        })
        .min_by_key(|(distance, _)| *distance);
    if let Some((_, name)) = by_distance {
        return Some(name);
    }
    // 4. Shared words: `Reverse` so that more shared words sort first, then the candidate's
    //    position breaks ties.
    let words: Vec<&str> = stripped.split('_').filter(|w| !w.is_empty()).collect();
    let by_words = candidates
        .clone()
        .enumerate()
        .filter_map(|(position, name)| {
            let name_words: Vec<&str> = name.split('_').collect();
            let related = contains_run(&words, &name_words)
                || (stripped.len() >= 4 && contains_run(&name_words, &words));
            let shared = words
                .iter()
                .filter(|w| name_words.iter().any(|n| same_word(w, n)))
                .count();
            let score = (
                std::cmp::Reverse(shared),
                edit_distance(stripped, name),
                position,
            );
            related.then_some((score, name))
        })
        .min_by_key(|(score, _)| *score);
    if let Some((_, name)) = by_words {
        return Some(name);
    }
    // 5. One inside the other, once underscores are dropped.
    let squashed = stripped.replace('_', "");
    if squashed.chars().count() < 4 {
        return None;
    }
    candidates
        .enumerate()
        .filter_map(|(position, name)| {
            let name_squashed = name.replace('_', "");
            let related =
                name_squashed.contains(&squashed) || squashed.contains(name_squashed.as_str());
            related.then(|| ((edit_distance(stripped, name), position), name))
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, name)| name)
}

/// Lowercases, and turns `-` and camelCase humps (an uppercase letter after a lowercase one or
/// a digit) into `_`: `maxAge` and `max-age` become `max_age`, while an all-caps word stays one
/// word (`MAX_AGE` becomes `max_age`, `MAXAGE` becomes `maxage`).
fn normalize(written: &str) -> String {
    let mut out = String::with_capacity(written.len() + 4);
    let mut previous: Option<char> = None;
    for c in written.chars() {
        if c == '-' {
            out.push('_');
        } else if c.is_ascii_uppercase() {
            if previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Drops the `allow_`/`allowed_`/`access_control_` prefixes and the `_headers` suffix of
/// `expose_headers`, which other CORS libraries put on their names for the same settings.
fn strip_affixes(normalized: &str) -> &str {
    let mut rest = normalized;
    for prefix in ["access_control_", "allowed_", "allow_"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped;
        }
    }
    match rest.strip_suffix("_headers") {
        Some(stem @ ("expose" | "exposed")) => stem,
        _ => rest,
    }
}

/// Names other CORS libraries use for the same setting, which share no word with ours.
fn alias(normalized: &str) -> Option<&'static str> {
    match normalized {
        "allowed_hosts" | "hosts" | "domains" => Some("origins"),
        "verbs" => Some("methods"),
        "supports_credentials" | "with_credentials" | "cookies" => Some("credentials"),
        "preflight_max_age" | "max_age_secs" | "max_age_seconds" | "cache" => Some("max_age"),
        _ => None,
    }
}

/// Whether `needle` appears as a contiguous run of words in `haystack`, ignoring plurals.
fn contains_run(haystack: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window.iter().zip(needle).all(|(a, b)| same_word(a, b)))
}

fn same_word(a: &str, b: &str) -> bool {
    a.trim_end_matches('s') == b.trim_end_matches('s')
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment), over chars, in
/// three rows of `b`'s length: `a` may be as long as whatever name the environment holds.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i - 2, i - 1 and i of the full table.
    let mut before = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;

    /// The keys of every field, as the environment reader offers them.
    const KEYS: [&str; Field::ALL.len()] = {
        let mut keys = [""; Field::ALL.len()];
        let mut i = 0;
        while i < keys.len() {
            keys[i] = Field::ALL[i].key();
            i += 1;
        }
        keys
    };

    #[test]
    fn environment_spellings() {
        for (written, expected) in [
            ("ORIGIN", Some("origins")),
            ("MAXAGE", Some("max_age")),
            ("MAX-AGE", Some("max_age")),
            ("MAX_AGE_SECS", Some("max_age")),
            ("ALLOWED_ORIGINS", Some("origins")),
            ("ACCESS_CONTROL_ALLOW_ORIGIN", Some("origins")),
            ("ALLOW_CREDENTIALS", Some("credentials")),
            ("EXPOSE_HEADERS", Some("expose")),
            ("HEADER", Some("headers")),
            ("STATUS", Some("preflight_status")),
            ("PRIVATENETWORK", Some("private_network")),
            ("NULL_ORIGIN", Some("allow_null_origin")),
            ("ORIGINS_LIST", Some("origins")),
            ("CRED", Some("credentials")),
            ("maxAge", Some("max_age")),
            ("maxage", Some("max_age")),
            ("strict", Some("strict")),
            ("DEBUG", None),
            ("PROXY", None),
            ("", None),
        ] {
            assert_eq!(closest_name(written, &KEYS), expected, "{written}");
        }
    }

    #[test]
    fn aliases_only_name_candidates() {
        assert_eq!(closest_name("verbs", &["origins"]), None);
        assert_eq!(closest_name("verbs", &["methods"]), Some("methods"));
    }

    #[test]
    fn humps_split_words_but_all_caps_stays_one_word() {
        assert_eq!(normalize("maxAge"), "max_age");
        assert_eq!(normalize("MaxAge"), "max_age");
        assert_eq!(normalize("MAX_AGE"), "max_age");
        assert_eq!(normalize("MAXAGE"), "maxage");
        assert_eq!(normalize("max-Age"), "max_age");
        assert_eq!(normalize("x2Y"), "x2_y");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("origin", "origins"), 1);
        assert_eq!(edit_distance("maxgae", "maxage"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn a_very_long_name_is_compared_in_linear_memory() {
        let long = "x".repeat(20_000);
        assert_eq!(closest_name(&long, &KEYS), None);
    }
}
