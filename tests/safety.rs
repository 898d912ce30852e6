//! Guarantees: readers never write, writers never overwrite, a closed pipe
//! is not an error, and random damage to the example never panics.

mod common;
use common::{copy_dir, evidence, example, run, stderr, TestRepo, CONFIG};
use promocase::case::{self, ParseCache};
use promocase::source::{self, blob_id, SourceFile};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Every file below `dir` (`.git` included): path -> (bytes, modified time).
fn fingerprint(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(
                    rel,
                    (
                        std::fs::read(e.path()).unwrap_or_default(),
                        meta.modified().unwrap(),
                    ),
                );
            }
        }
    }
    out
}

#[test]
fn reading_commands_never_write_to_the_repository() {
    let r = TestRepo::new();
    copy_dir(&example(), &r.path().join("career"));
    std::fs::remove_dir_all(r.path().join("career/out")).unwrap();
    r.commit("case", "2026-10-01");
    r.write(
        "career/evidence/2026/2026-10-30-late.md",
        &evidence(
            "2026-10-30",
            "Late",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("late", "2026-10-31");
    // An uncommitted change, so working-tree readers have something to read.
    r.write(
        "career/evidence/2026/2026-11-01-wip.md",
        &evidence(
            "2026-11-01",
            "Work in progress",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    let before = fingerprint(r.path());
    let cmds: &[&[&str]] = &[
        &["check", "career"],
        &["check", "career", "--rev", "HEAD~1"],
        &["status", "career"],
        &["status", "career", "--rev", "HEAD", "--format", "json"],
        &["brief", "career", "--format", "html"],
        &["brief", "career", "--rev", "HEAD", "--since", "HEAD~1"],
        &["diff", "--case", "career"],
        &["diff", "HEAD~1", "HEAD", "--case", "career", "--narrative"],
        &["timeline", "career"],
        &["timeline", "career", "--monthly", "--format", "svg"],
    ];
    for args in cmds {
        let o = run(r.path(), args);
        assert!(
            matches!(o.status.code(), Some(0) | Some(1)),
            "{args:?}: {}",
            stderr(&o)
        );
        let after = fingerprint(r.path());
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?} added or removed files"
        );
        for (k, v) in &before {
            assert!(after[k] == *v, "{args:?} changed {k}");
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' brief '{}' --format json --as-of 2026-11-01 | head -1",
            env!("CARGO_BIN_EXE_promocase"),
            example().display()
        ))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    // The JSON brief is larger than a pipe's buffer, so the write does fail.
    assert_eq!(String::from_utf8_lossy(&o.stdout), "{\n");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn two_new_at_once_one_wins_and_the_file_is_whole() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("promocase.yaml"), CONFIG).unwrap();
    for round in 0..5 {
        let title = format!("Race {round}");
        let spawn = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
                .args(["new", &title, "-c", "org-leverage", "--date", "2026-05-01"])
                .current_dir(tmp.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes.contains(&Some(0)) && codes.contains(&Some(2)),
            "round {round}: {codes:?}"
        );
        let loser = if a.status.code() == Some(2) { &a } else { &b };
        assert!(String::from_utf8_lossy(&loser.stderr).contains("already exists"));
        let text = std::fs::read_to_string(
            tmp.path()
                .join(format!("evidence/2026/2026-05-01-race-{round}.md")),
        )
        .unwrap();
        assert!(
            text.starts_with("---\n") && text.ends_with("## Result\n\n"),
            "{text}"
        );
    }
    let stray: Vec<_> = std::fs::read_dir(tmp.path().join("evidence/2026"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");
}

fn example_files() -> Vec<SourceFile> {
    source::read_worktree(&example()).unwrap().files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Random damage to one example file: loading never panics, and every
    /// diagnostic's line and column lie inside that file.
    #[test]
    fn mutated_example_files_never_panic(which in 0usize..40, at in 0usize..4000, len in 0usize..40, junk in proptest::collection::vec(any::<u8>(), 0..24)) {
        let mut files = example_files();
        let i = which % files.len();
        let mut bytes = files[i].bytes.to_vec();
        let at = at.min(bytes.len());
        let end = (at + len).min(bytes.len());
        bytes.splice(at..end, junk.iter().copied());
        files[i] = SourceFile { path: files[i].path.clone(), blob: blob_id(&bytes).into(), bytes: Arc::new(bytes.clone()) };
        let snap = source::Snapshot { origin: source::Origin::WorkingTree, case: Default::default(), files: files.clone(), problems: vec![] };
        let loaded = case::load(&snap, promocase::date::parse("2026-11-01").unwrap(), &mut ParseCache::default());
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let lines: Vec<&str> = text.split('\n').collect();
        for d in loaded.diagnostics.iter().filter(|d| *d.path == *files[i].path && d.line > 0) {
            prop_assert!(d.line <= lines.len(), "{d:?} beyond {} lines", lines.len());
            let width = lines[d.line - 1].trim_end_matches('\r').chars().count();
            prop_assert!(d.column >= 1 && d.column <= width + 1, "{d:?} beyond column {}", width + 1);
        }
    }
}
