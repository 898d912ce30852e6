//! One matrix: hostile strings in every place user text comes from (file
//! names, titles, competency ids, scopes, unknown field names, the
//! candidate's name, the case folder) against every sink (terminal text on
//! stdout and stderr, GitHub workflow commands, CSV).
//!
//! A GitHub runner obeys a line of a step's stdout or stderr that starts
//! with `::` (after spaces) or holds `##[`; a spreadsheet runs a cell that
//! starts with `=`, `+`, `-`, `@`, tab or CR.

mod common;

use common::{run, TestRepo};

/// Strings that start a workflow command, a formula or a new CSV column.
const HOSTILE: &[&str] = &[
    "a\n::error title=pwn::owned",
    "b\r\n::notice ::no regression",
    "c %0A::warning::d",
    "##[error]e",
    "=HYPERLINK(\"http://x.invalid\")",
    "f,g",
];

/// A case whose every user-text place holds `h`, committed twice so diff
/// and timeline have something to compare.
fn hostile_case(h: &str, n: usize) -> TestRepo {
    let r = TestRepo::new();
    let q = |s: &str| serde_json::to_string(s).unwrap(); // a YAML double-quoted string
    let folder = format!("case {n} {}", h.replace(['\n', '\r', '/'], " "));
    let config = format!(
        "candidate: {}\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n",
        q(h)
    );
    r.write(&format!("{folder}/promocase.yaml"), &config);
    let good = format!(
        "---\ndate: 2026-03-02\ntitle: {}\ncompetencies: [org-leverage]\nscope: organisation\nimpact: {}\n---\nn\n",
        q(h),
        q(h)
    );
    r.write(&format!("{folder}/evidence/2026/2026-03-02-good.md"), &good);
    r.commit("one", "2026-03-03");
    let bad = format!(
        "---\ndate: 2026-03-04\ntitle: {}\ncompetencies: [{}]\nscope: {}\nimpact: x\n{}: 1\n---\nn\n",
        q(h),
        q(h),
        q(h),
        q(h)
    );
    // The file name holds the hostile text too (minus the path separator).
    let name = format!("2026-03-04-{}.md", h.replace('/', "-"));
    r.write(&format!("{folder}/evidence/2026/{name}"), &bad);
    r.commit("two", "2026-03-05");
    r
}

fn case_dir(r: &TestRepo) -> std::path::PathBuf {
    std::fs::read_dir(r.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("promocase.yaml").exists())
        .unwrap()
}

/// No line a runner would obey, in text meant for people.
fn assert_human(what: &str, text: &str) {
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::") && !line.contains("##["),
            "{what}: a workflow command in human output: {line:?}\n{text}"
        );
    }
}

/// Only promocase's own commands, one per line.
fn assert_github(what: &str, text: &str) {
    for line in text.lines() {
        let ours = ["::error ", "::warning ", "::notice "]
            .iter()
            .any(|k| line.starts_with(k));
        // A line the runner reads as a `::` command is not read again for an
        // old-style `##[` one, so `##[` in its escaped data is only text.
        assert!(
            ours,
            "{what}: a line that is not one of ours: {line:?}\n{text}"
        );
    }
}

/// Every row as wide as the header; no cell a spreadsheet would run.
fn assert_csv(what: &str, text: &str) {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let width = rows[0].len();
    for row in &rows {
        assert_eq!(row.len(), width, "{what}: a shifted row {row:?}");
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: a live formula {cell:?}"
            );
        }
    }
}

#[test]
fn hostile_text_never_becomes_a_command_a_formula_or_a_column() {
    for (n, h) in HOSTILE.iter().enumerate() {
        let r = hostile_case(h, n);
        let case = case_dir(&r);
        let c = case.to_str().unwrap();
        let human: &[&[&str]] = &[
            &["check", c],
            &["check", c, "--rev", "HEAD"],
            &["status", c, "--as-of", "2026-04-01"],
            &["status", c, "--audience", "self", "--as-of", "2026-04-01"],
            &["diff", "HEAD~1", "HEAD", "--case", c, "--fail-on", "never"],
            &["timeline", c],
            &["calibrate", r.path().to_str().unwrap()],
            &["export", c, "--as-of", "2026-04-01"],
            &["brief", c, "--as-of", "2026-04-01", "--allow-errors"],
        ];
        for args in human {
            let o = run(r.path(), args);
            assert_ne!(o.status.code(), Some(101), "{args:?}");
            assert_human(
                &format!("{h:?} {args:?} stdout"),
                &String::from_utf8_lossy(&o.stdout),
            );
            assert_human(
                &format!("{h:?} {args:?} stderr"),
                &String::from_utf8_lossy(&o.stderr),
            );
        }
        for args in [
            vec!["check", c, "--format", "github"],
            vec![
                "diff",
                "HEAD~1",
                "HEAD",
                "--case",
                c,
                "--format",
                "github",
                "--fail-on",
                "never",
            ],
        ] {
            let o = run(r.path(), &args);
            assert_github(
                &format!("{h:?} {args:?}"),
                &String::from_utf8_lossy(&o.stdout),
            );
            assert_human(
                &format!("{h:?} {args:?} stderr"),
                &String::from_utf8_lossy(&o.stderr),
            );
        }
        for args in [
            vec!["timeline", c, "--format", "csv"],
            vec!["calibrate", r.path().to_str().unwrap(), "--format", "csv"],
        ] {
            let o = run(r.path(), &args);
            assert_csv(
                &format!("{h:?} {args:?}"),
                &String::from_utf8_lossy(&o.stdout),
            );
            assert_human(
                &format!("{h:?} {args:?} stderr"),
                &String::from_utf8_lossy(&o.stderr),
            );
        }
    }
}

#[test]
fn user_text_stays_on_its_line_and_reads_as_written() {
    let r = hostile_case("x\n::error title=pwn::owned", 0);
    let case = case_dir(&r);
    let o = run(
        r.path(),
        &["status", case.to_str().unwrap(), "--as-of", "2026-04-01"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    // The problem is named on its own line, the line break shown as `\n`.
    assert!(err.contains(r"x\n::error title=pwn::owned"), "{err}");
}
