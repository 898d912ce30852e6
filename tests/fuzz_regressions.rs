//! Inputs the fuzzer found (fuzz/regressions/<target>/), replayed on every
//! `cargo test`: each must run without a panic, and with every diagnostic
//! inside its file (the invariants the fuzz targets check).

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the regressions are part of the tests)",
            dir.display()
        )
    });
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| run(&bytes));
        assert!(result.is_ok(), "{} fails again", path.display());
        n += 1;
    }
    // A folder emptied or renamed by mistake would otherwise pass.
    assert!(n > 0, "{}: no regression input replayed", dir.display());
    eprintln!("{target}: {n} regression inputs replayed");
}

#[test]
fn evidence_regressions() {
    replay("evidence", promocase::fuzzing::evidence);
}

#[test]
fn framework_regressions() {
    replay("framework", promocase::fuzzing::framework);
}

#[test]
fn config_regressions() {
    replay("config", promocase::fuzzing::config);
}

#[test]
fn check_regressions() {
    replay("check", promocase::fuzzing::check);
}

/// The first crash: a lone carriage return inside the YAML made libyaml count
/// one more line than the file has, and the caret pointed past the end.
#[test]
fn a_lone_carriage_return_keeps_the_caret_inside_the_file() {
    promocase::fuzzing::evidence(b"---\nx: [[[\r[[]]]]\n---\n");
    promocase::fuzzing::evidence(b"---\ntitle: a\rb: [\n---\n");
}
