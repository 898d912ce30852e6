//! The command line's shared conventions: one case location for every
//! command (positional or `--case`), one "no case here" error that names
//! the cases it can see, and one `FROM..TO` syntax.

mod common;

use common::{evidence, run, stderr, stdout, TestRepo, CONFIG};

fn work_repo(cases: &[&str]) -> TestRepo {
    let r = TestRepo::new();
    r.write("src/main.rs", "fn main() {}\n");
    for c in cases {
        r.write(&format!("{c}/promocase.yaml"), CONFIG);
        r.write(
            &format!("{c}/evidence/2026/2026-01-10-a.md"),
            &evidence(
                "2026-01-10",
                "A piece",
                &["org-leverage"],
                "team",
                "manager",
            ),
        );
    }
    r.commit("work", "2026-01-11");
    r
}

#[test]
fn no_case_here_names_the_one_case_below() {
    let r = work_repo(&["career"]);
    for cmd in ["check", "status", "brief"] {
        let o = run(r.path(), &[cmd]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "found a case in career/: run `promocase {cmd} career`"
            )),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn no_case_here_names_every_case_below_and_skips_hidden_folders() {
    let r = work_repo(&["team/alex", "team/priya"]);
    r.write(".hidden/promocase.yaml", CONFIG);
    let err = stderr(&run(r.path(), &["check"]));
    assert!(
        err.contains("found cases in team/alex/, team/priya/: pass one"),
        "{err}"
    );
    assert!(!err.contains(".hidden"), "{err}");
    let lonely = tempfile::tempdir().unwrap();
    let err = stderr(&run(lonely.path(), &["check"]));
    assert!(err.contains("create one with `promocase init`"), "{err}");
}

#[test]
fn the_case_may_be_positional_or_a_flag_in_every_reading_command() {
    let r = work_repo(&["career"]);
    for cmd in ["check", "status", "timeline"] {
        let a = run(r.path(), &[cmd, "career"]);
        let b = run(r.path(), &[cmd, "--case", "career"]);
        assert_eq!(a.status.code(), Some(0), "{cmd}: {}", stderr(&a));
        assert_eq!(stdout(&a), stdout(&b), "{cmd}");
    }
    let both = run(r.path(), &["check", "career", "--case", "career"]);
    assert_eq!(both.status.code(), Some(2), "one or the other");
    let d = run(r.path(), &["diff", "--case", "career", "HEAD..HEAD"]);
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
}

#[test]
fn diff_reads_from_to_in_one_argument_with_empty_sides_as_head() {
    let r = work_repo(&["career"]);
    r.write(
        "career/evidence/2026/2026-02-01-b.md",
        &evidence("2026-02-01", "B piece", &["org-leverage"], "org", "manager"),
    );
    r.commit("more", "2026-02-02");
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["diff", "--case", "career", "--format", "json"];
        all.extend_from_slice(args);
        let o = run(r.path(), &all);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)))
    };
    let two = json(&["HEAD~1", "HEAD"]);
    assert_eq!(json(&["HEAD~1..HEAD"]), two);
    assert_eq!(json(&["HEAD~1.."]), two, "an empty TO is HEAD");
    let none = json(&["..HEAD"]);
    assert_eq!(none["evidence"]["added"].as_array().map(Vec::len), Some(0));
}
