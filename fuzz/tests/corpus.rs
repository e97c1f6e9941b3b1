//! Replays every checked-in corpus input through its target's checks on the stable toolchain,
//! so the seeds and every minimized finding (`corpus/<target>/regression-*`) stay regression
//! tests under `cargo test --manifest-path fuzz/Cargo.toml` (CI runs it, see `.ci/run`).

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut inputs = 0;
    let mut failures = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("corpus entry").path();
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        if outcome.is_err() {
            failures.push(path.display().to_string());
        }
        inputs += 1;
    }
    assert!(
        failures.is_empty(),
        "inputs failing their checks: {failures:#?}"
    );
    assert!(inputs >= 10, "{target}: only {inputs} corpus inputs");
}

#[test]
fn origin_corpus() {
    replay("origin", cors_fuzz::origin::check);
}

#[test]
fn pattern_corpus() {
    replay("pattern", cors_fuzz::pattern::check);
}

#[test]
fn decision_corpus() {
    replay("decision", cors_fuzz::decision::check);
}
