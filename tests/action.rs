//! The GitHub Action's shell step (`ci/github-action.sh`, what `action.yml`
//! runs), run as is against scripted repositories with the case in a
//! subfolder, as CI would run it on a pull request.

mod common;

use common::{evidence, TestRepo, CONFIG};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
}

fn action(r: &TestRepo, base: &str, fail_on: &str) -> Run {
    action_for(r, base, fail_on, "manager")
}

/// The step as action.yml runs it; an empty `audience` is the input left out.
fn action_for(r: &TestRepo, base: &str, fail_on: &str, audience: &str) -> Run {
    let summary = r.path().join("summary.md");
    let outputs = r.path().join("outputs.txt");
    let _ = std::fs::remove_file(&summary);
    let _ = std::fs::remove_file(&outputs);
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/github-action.sh");
    let o = Command::new("bash")
        .arg(script)
        .current_dir(r.path())
        .env("PROMOCASE", env!("CARGO_BIN_EXE_promocase"))
        .env("INPUT_CASE", "career")
        .env("INPUT_BASE", base)
        .env("INPUT_FAIL_ON", fail_on)
        .env("INPUT_AUDIENCE", audience)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    }
}

fn base_repo() -> (TestRepo, String) {
    let r = TestRepo::new();
    r.write("src/lib.rs", "// the work\n");
    r.write("career/promocase.yaml", CONFIG);
    common::add_entry(&r, "2026-01-10", "A");
    let base = r.commit("base", "2026-01-11");
    (r, base)
}

#[test]
fn a_pull_request_adding_evidence_passes_with_a_summary() {
    let (r, base) = base_repo();
    r.write(
        "career/evidence/2026/2026-02-10-b.md",
        &evidence(
            "2026-02-10",
            "Led the migration",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("more", "2026-02-11");
    let run = action(&r, &base, "regression");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("::error"), "{}", run.stdout);
    assert!(run.summary.contains("Led the migration"), "{}", run.summary);
    // Named from the repository root, as the annotations and the pull
    // request's files are.
    assert!(
        run.summary
            .contains("(career/evidence/2026/2026-02-10-b.md)"),
        "{}",
        run.summary
    );
}

#[test]
fn errors_are_annotated_on_the_pull_requests_files_and_fail() {
    let (r, base) = base_repo();
    r.write(
        "career/evidence/2026/2026-02-10-b.md",
        &evidence(
            "2026-02-10",
            "B",
            &["mentorship"],
            "organisation",
            "manager",
        ),
    );
    r.commit("bad", "2026-02-11");
    let run = action(&r, &base, "regression");
    assert_eq!(run.code, 1);
    // Paths from the repository root, so they attach to the files.
    assert!(
        run.stdout
            .contains("::error file=career/evidence/2026/2026-02-10-b.md,line=4"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_regression_fails_unless_fail_on_never() {
    let (r, _) = base_repo();
    r.write(
        "career/evidence/2026/2026-02-10-b.md",
        &evidence(
            "2026-02-10",
            "B",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    let full = r.commit("two", "2026-02-11");
    r.remove("career/evidence/2026/2026-02-10-b.md");
    r.remove("career/evidence/2026/2026-01-10-a.md");
    r.commit("removed", "2026-02-12");
    assert_eq!(action(&r, &full, "regression").code, 1);
    assert_eq!(action(&r, &full, "never").code, 0);
}

#[test]
fn annotations_name_files_from_the_repository_root_whatever_the_folder() {
    let (r, _) = base_repo();
    r.write(
        "career/evidence/2026/2026-02-10-b.md",
        &evidence(
            "2026-02-10",
            "B",
            &["mentorship"],
            "organisation",
            "manager",
        ),
    );
    for (cwd, case) in [
        (r.path().to_path_buf(), "career"),
        (r.path().join("career"), "."),
        (r.path().join("career/evidence"), ".."),
    ] {
        let o = common::run(&cwd, &["check", case, "--format", "github"]);
        let out = common::stdout(&o);
        assert!(
            out.contains("::error file=career/evidence/2026/2026-02-10-b.md,"),
            "{cwd:?}: {out}"
        );
    }
}

/// Left to its default, the step shows what the shareable version shows: a
/// pull request's checks are read by everyone who can read the repository.
/// Its outputs are set; what was left out is said once, not per run.
#[test]
fn by_default_the_summary_is_shareable_and_the_outputs_are_set() {
    let (r, base) = base_repo();
    r.write(
        "career/evidence/2026/2026-02-10-b.md",
        &evidence(
            "2026-02-10",
            "Manager-only hiring plan",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.write(
        "career/evidence/2026/2026-02-12-c.md",
        &evidence(
            "2026-02-12",
            "Shared incident review",
            &["org-leverage"],
            "organisation",
            "shareable",
        ),
    );
    r.write(
        "career/evidence/2026/2026-02-14-d.md",
        "---\ndate: 2026-02-14\ntitle: Broken\n---\n",
    );
    r.commit("more", "2026-02-15");
    let run = action_for(&r, &base, "never", "");
    assert!(
        run.summary.contains("Shared incident review"),
        "{}",
        run.summary
    );
    assert!(
        !run.summary.contains("Manager-only hiring plan"),
        "{}",
        run.summary
    );
    assert_eq!(
        run.stderr.matches("left out of readiness").count(),
        1,
        "{}",
        run.stderr
    );
    for key in ["verdict=", "score=", "regressions=0"] {
        assert!(
            run.outputs.lines().any(|l| l.starts_with(key)),
            "{key}: {}",
            run.outputs
        );
    }
    // For the manager, the manager's entries.
    let run = action_for(&r, &base, "never", "manager");
    assert!(
        run.summary.contains("Manager-only hiring plan"),
        "{}",
        run.summary
    );
    assert!(run.outputs.contains("verdict=not-yet"), "{}", run.outputs);
}
