//! Tests of the code's shape that the compiler cannot hold: rules about
//! which file may say what, read from the source text itself.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                files.push((p, text));
            }
        }
    }
    files.sort();
    files
}

/// Only `source::git::repo::open` names libgit2's ways to open a
/// repository, so the process-wide settings it applies first hold for every
/// repository (the condition of its `unsafe` block).
#[test]
fn every_repository_is_opened_through_open() {
    let mut offenders = Vec::new();
    for (p, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            let opens = [
                "Repository::open",
                "Repository::discover",
                "Repository::init",
            ]
            .iter()
            .any(|w| line.contains(w));
            let here = p.ends_with("source/git/repo.rs") || line.contains("open(||");
            if opens && !here && !line.trim_start().starts_with("//") && !p.ends_with("layout.rs") {
                offenders.push(format!("{}:{}", p.display(), n + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "repositories opened around `open`: {offenders:?}"
    );
}

/// The library's surface stays small: an item is `pub` only when a test,
/// bench, fuzz target or example names it (or a `pub` item's signature
/// does); everything else is `pub(crate)` or private, so the compiler
/// reports what nothing uses (`unreachable_pub` is on in lib.rs). The count
/// is of `pub` items (functions, types, modules, re-exports, constants),
/// not fields.
#[test]
fn the_public_surface_stays_under_two_hundred_items() {
    let kinds = [
        "fn ", "struct ", "enum ", "mod ", "use ", "const ", "type ", "trait ", "static ",
    ];
    let count = sources()
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|line| line.trim_start().strip_prefix("pub "))
        .filter(|rest| kinds.iter().any(|k| rest.starts_with(k)))
        .count();
    assert!(
        count > 50,
        "the count reads no items ({count}): has the syntax changed?"
    );
    assert!(
        count <= 200,
        "{count} `pub` items in src/: make the new ones pub(crate)"
    );
}
