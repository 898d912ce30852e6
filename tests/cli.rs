//! The command line's shared conventions: one case location for every
//! command (positional or `--case`), one "no case here" error that names
//! the cases it can see, and one `FROM..TO` syntax.

mod common;

use common::{evidence, run, stderr, stdout, TestRepo, CONFIG};
use std::process::Command;

/// A small framework file (scopes team and org, levels em and senior-em)
/// whose competencies are `ids`, each needing one piece at team scope.
fn framework(ids: &[&str]) -> String {
    let mut s = String::from("id: x\nname: X\nversion: \"1\"\nscopes: [team, org]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n");
    for id in ids {
        s.push_str(&format!("  - id: {id}\n    name: {id}\n    description: d\n    expectations:\n      senior-em: {{evidence: 1, scope: team}}\n"));
    }
    s
}

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
fn outside_a_repository_no_case_here_names_the_one_case_below() {
    let r = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(r.path().join("career")).unwrap();
    std::fs::write(r.path().join("career/promocase.yaml"), CONFIG).unwrap();
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
    // (a repository with several cases: none is chosen)
    r.write(".hidden/promocase.yaml", CONFIG);
    let err = stderr(&run(r.path(), &["check"]));
    assert!(
        err.contains("found 2 cases: team/alex/, team/priya/; pass one"),
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

/// A case with one good entry, one shareable entry with an error and one
/// private entry with an error.
fn case_with_errors() -> TestRepo {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-01-10-good.md",
        &evidence(
            "2026-01-10",
            "Good",
            &["org-leverage"],
            "organisation",
            "shareable",
        ),
    );
    r.write(
        "evidence/2026/2026-02-10-shared-bad.md",
        &evidence(
            "2026-02-10",
            "Shared bad",
            &["mentorship"],
            "organisation",
            "shareable",
        ),
    );
    r.write(
        "evidence/2026/2026-03-10-secret-bad.md",
        &evidence(
            "2026-03-10",
            "Secret bad",
            &["mentorship"],
            "organisation",
            "private",
        ),
    );
    r.commit("case", "2026-03-11");
    r
}

#[test]
fn scoring_commands_say_which_entries_were_left_out_and_why() {
    let r = case_with_errors();
    for args in [
        &["status", "--as-of", "2026-04-01"][..],
        &["diff", "HEAD", "--as-of", "2026-04-01"],
        &["timeline"],
        &["brief", "--allow-errors", "--as-of", "2026-04-01"],
    ] {
        let o = run(r.path(), args);
        let err = stderr(&o);
        assert!(
            err.contains("2 evidence files are left out of readiness because they have errors"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("evidence/2026/2026-02-10-shared-bad.md:4:"),
            "{args:?}: {err}"
        );
        assert!(err.contains("error[unknown-competency]"), "{args:?}: {err}");
        assert!(err.contains("run `promocase check`"), "{args:?}: {err}");
        // The default audience (manager) does not see the private entry:
        // counted, never named.
        assert!(!err.contains("secret-bad"), "{args:?}: {err}");
        assert!(
            err.contains("and 1 file this audience does not see"),
            "{args:?}: {err}"
        );
        // --quiet silences it.
        let mut quiet = args.to_vec();
        quiet.push("--quiet");
        assert!(
            !stderr(&run(r.path(), &quiet)).contains("left out"),
            "{args:?}"
        );
    }
    // self sees both; shareable sees neither private nor manager entries.
    let o = run(
        r.path(),
        &["status", "--audience", "self", "--as-of", "2026-04-01"],
    );
    assert!(stderr(&o).contains("secret-bad"));
    let v: serde_json::Value = common::json(
        r.path(),
        &["status", "--format", "json", "--as-of", "2026-04-01"],
        None,
    );
    assert_eq!(v["left_out"], 2);
}

#[test]
fn brief_refuses_a_case_with_errors_unless_allowed() {
    let r = case_with_errors();
    let out = r.path().join("brief.md");
    let o = run(
        r.path(),
        &[
            "brief",
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            "2026-04-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
    assert!(
        stderr(&o).contains("no brief written: the case has 2 errors"),
        "{}",
        stderr(&o)
    );
    let o = run(
        r.path(),
        &[
            "brief",
            "--allow-errors",
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            "2026-04-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("2 evidence files were left out of readiness because of errors"),
        "{text}"
    );
    let v: serde_json::Value = common::json(
        r.path(),
        &[
            "brief",
            "--allow-errors",
            "--format",
            "json",
            "--as-of",
            "2026-04-01",
        ],
        None,
    );
    assert_eq!(v["summary"]["left_out"], 2);
    // The shareable brief names neither bad file anywhere.
    for format in ["md", "html", "json"] {
        let o = run(
            r.path(),
            &[
                "brief",
                "--allow-errors",
                "--audience",
                "shareable",
                "--format",
                format,
                "--as-of",
                "2026-04-01",
            ],
        );
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains("secret-bad") && !all.contains("Secret bad"),
            "{format}"
        );
    }
}

#[test]
fn new_refuses_titles_check_would_reject() {
    let r = work_repo(&["career"]);
    let case = r.path().join("career");
    for title in ["", "   ", "two\nlines", "cr\rhere"] {
        let o = run(&case, &["new", title, "-c", "org-leverage"]);
        assert_eq!(o.status.code(), Some(2), "{title:?}");
        assert!(
            stderr(&o).contains("nothing written"),
            "{title:?}: {}",
            stderr(&o)
        );
    }
    let o = run(
        &case,
        &["new", "One line", "-c", "org-leverage", "--scope", "team"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&case, &["check", "--deny-warnings"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));
}

#[test]
fn at_a_repository_root_the_only_case_is_used_and_several_are_named() {
    let r = work_repo(&["career"]);
    for args in [
        &["check"][..],
        &["check", "--rev", "HEAD"],
        &["status"],
        &["diff", "HEAD", "HEAD"],
        &["timeline"],
    ] {
        let o = run(r.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let o = run(r.path(), &["check", "--format", "github"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = work_repo(&["team/alex", "team/priya"]);
    for args in [
        &["check"][..],
        &["check", "--rev", "HEAD"],
        &["diff", "HEAD", "HEAD"],
        &["timeline"],
    ] {
        let o = run(r.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("found 2 cases: team/alex/, team/priya/; pass one"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn init_writes_the_workflow_at_the_repository_root_and_appends_to_gitignore() {
    let r = work_repo(&[]);
    r.write(".gitignore", "target/\n");
    r.write("career/.gitignore", "notes.txt");
    let o = run(r.path(), &["init", "career", "--ci", "github"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wf = std::fs::read_to_string(r.path().join(".github/workflows/promocase.yml")).unwrap();
    assert!(wf.contains("PROMOCASE_CASE: \"career\"\n"), "{wf}");
    assert!(
        !r.path().join("career/.github").exists(),
        "GitHub never reads that"
    );
    // The existing .gitignore is kept, the briefs' lines appended.
    let gi = std::fs::read_to_string(r.path().join("career/.gitignore")).unwrap();
    assert!(gi.starts_with("notes.txt\n"), "{gi}");
    assert!(
        gi.contains("/brief.md\n") && gi.contains("/brief.html\n"),
        "{gi}"
    );
    // Running it again refuses (the case exists) and changes nothing.
    let before = std::fs::read_to_string(r.path().join("career/.gitignore")).unwrap();
    assert_eq!(run(r.path(), &["init", "career"]).status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(r.path().join("career/.gitignore")).unwrap(),
        before
    );
}

#[test]
fn init_inside_a_repository_promocase_cannot_open_creates_no_nested_repository() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join(".git"), "gitdir: /nowhere/at/all\n").unwrap();
    let o = run(d.path(), &["init", "sub"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot open the repository"),
        "{}",
        stderr(&o)
    );
    assert!(!d.path().join("sub").exists(), "nothing written");
}

#[test]
fn status_and_brief_say_when_the_revisit_date_has_passed_and_what_aged_out() {
    let r = work_repo(&["career"]);
    r.write(
        "career/evidence/2024/2024-01-10-old.md",
        &evidence(
            "2024-01-10",
            "Old",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.write(
        "career/feedback/2026-01-05-one-on-one.md",
        "---\ndate: 2026-01-05\nfrom: Dana (manager)\nkind: one-on-one\nrevisit: 2026-03-01\n---\nNotes.\n",
    );
    let case = r.path().join("career");
    let o = run(&case, &["status", "--as-of", "2026-04-01"]);
    let out = stdout(&o);
    assert!(
        out.contains("the revisit date, 2026-03-01, has passed"),
        "{out}"
    );
    assert!(
        out.contains("1 entry older than the window, not counted"),
        "{out}"
    );
    let v: serde_json::Value = common::json(
        &case,
        &["status", "--as-of", "2026-02-01", "--format", "json"],
        None,
    );
    assert_eq!(
        (v["revisit_past"].as_bool(), v["outside_window"].as_u64()),
        (Some(false), Some(1))
    );
    let md = stdout(&run(&case, &["brief", "--as-of", "2026-04-01"]));
    assert!(
        md.contains("The revisit date, 2026-03-01, has passed"),
        "{md}"
    );
    let md = stdout(&run(&case, &["brief", "--as-of", "2026-02-01"]));
    assert!(
        md.contains("Revisit the conversation on 2026-03-01."),
        "{md}"
    );
}

#[test]
fn brief_since_a_revision_without_the_case_or_with_other_competencies() {
    let r = TestRepo::new();
    r.write("README.md", "work\n");
    r.commit("before the case", "2026-01-01");
    r.write(
        "promocase.yaml",
        &CONFIG.replace("builtin:senior-em", "fw.yaml"),
    );
    r.write("fw.yaml", &framework(&["org-leverage"]));
    r.write(
        "evidence/2026/2026-01-10-a.md",
        &evidence("2026-01-10", "A", &["org-leverage"], "org", "manager"),
    );
    r.commit("the case", "2026-01-11");
    r.write("fw.yaml", &framework(&["org-leverage", "new-one"]));
    r.commit("a competency more", "2026-01-12");
    for since in ["HEAD~1", "HEAD~2"] {
        for format in ["md", "html", "json"] {
            let o = run(
                r.path(),
                &[
                    "brief",
                    "--since",
                    since,
                    "--format",
                    format,
                    "--as-of",
                    "2026-02-01",
                ],
            );
            assert_eq!(o.status.code(), Some(0), "{since} {format}: {}", stderr(&o));
        }
    }
}

#[test]
fn output_goes_through_links_into_fifos_and_dash_is_stdout() {
    let r = work_repo(&["career"]);
    let case = r.path().join("career");
    // -o - is standard output.
    let o = run(&case, &["brief", "-o", "-", "--as-of", "2026-02-01"]);
    assert!(
        stdout(&o).starts_with("# Promotion brief"),
        "{}",
        stdout(&o)
    );
    assert!(!case.join("-").exists());
    // A link is written through: the link stays, its target gets the brief.
    std::fs::write(case.join("target.md"), "old").unwrap();
    std::os::unix::fs::symlink("target.md", case.join("link.md")).unwrap();
    let o = run(&case, &["brief", "-o", "link.md", "--as-of", "2026-02-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(case.join("link.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(case.join("target.md"))
        .unwrap()
        .starts_with("# Promotion brief"));
    // A FIFO is written into, not replaced.
    let fifo = case.join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    let o = run(&case, &["brief", "-o", "pipe", "--as-of", "2026-02-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(reader.join().unwrap().starts_with("# Promotion brief"));
    assert!(!std::fs::metadata(&fifo).unwrap().is_file(), "still a FIFO");
}

#[test]
fn an_entry_made_private_is_withheld_not_removed_and_named_nowhere() {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-01-10-secret.md",
        &evidence(
            "2026-01-10",
            "Secret project",
            &["org-leverage"],
            "organisation",
            "shareable",
        ),
    );
    r.commit("shared", "2026-01-11");
    r.write(
        "evidence/2026/2026-01-10-secret.md",
        &evidence(
            "2026-01-10",
            "Secret project",
            &["org-leverage"],
            "organisation",
            "private",
        ),
    );
    r.commit("made private", "2026-01-12");
    for format in ["human", "markdown", "json", "github"] {
        let o = run(
            r.path(),
            &[
                "diff",
                "HEAD~1",
                "HEAD",
                "--audience",
                "shareable",
                "--format",
                format,
                "--fail-on",
                "never",
            ],
        );
        let out = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !out.contains("secret") && !out.contains("Secret"),
            "{format}: {out}"
        );
        if format != "github" {
            assert!(
                out.contains("no longer shown") || out.contains("\"withheld\": 1"),
                "{format}: {out}"
            );
        }
    }
    let o = run(
        r.path(),
        &[
            "brief",
            "--since",
            "HEAD~1",
            "--audience",
            "shareable",
            "--as-of",
            "2026-02-01",
        ],
    );
    assert!(!stdout(&o).contains("Secret"), "{}", stdout(&o));
    // Nothing changed: no empty folded list.
    let o = run(r.path(), &["diff", "HEAD", "HEAD", "--format", "markdown"]);
    assert!(
        stdout(&o).contains("No evidence changed."),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("<details><summary>Evidence:"));
}

#[test]
fn diff_as_of_scores_the_later_side_also_at_a_revision() {
    let r = work_repo(&["career"]);
    let v: serde_json::Value = common::json(
        r.path(),
        &[
            "diff",
            "HEAD",
            "HEAD",
            "--case",
            "career",
            "--as-of",
            "2030-01-01",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        None,
    );
    assert_eq!(v["to"]["as_of"], "2030-01-01");
    assert_eq!(v["from"]["as_of"], "2026-01-11");
    // Everything aged out by then: a regression caused by time alone.
    let causes: Vec<&str> = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["cause"].as_str())
        .collect();
    assert!(causes.contains(&"aged-out"), "{v}");
}

#[test]
fn timeline_columns_follow_competencies_added_and_renamed() {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        &CONFIG.replace("builtin:senior-em", "fw.yaml"),
    );
    r.write("fw.yaml", &framework(&["first"]));
    r.write(
        "evidence/2026/2026-01-10-a.md",
        &evidence("2026-01-10", "A", &["first"], "org", "manager"),
    );
    r.commit("one", "2026-01-11");
    r.write("fw.yaml", &framework(&["renamed"]));
    r.write(
        "evidence/2026/2026-01-10-a.md",
        &evidence("2026-01-10", "A", &["renamed"], "org", "manager"),
    );
    r.commit("renamed", "2026-01-12");
    let v: serde_json::Value = common::json(r.path(), &["timeline", "--format", "json"], None);
    assert_eq!(v["competencies"], serde_json::json!(["first", "renamed"]));
    assert_eq!(v["rows"][0]["statuses"], serde_json::json!(["met", null]));
    assert_eq!(v["rows"][1]["statuses"], serde_json::json!([null, "met"]));
    let human = stdout(&run(r.path(), &["timeline"]));
    assert!(human.contains("●·") && human.contains("·●"), "{human}");
    assert!(human.contains("◉ strong, ● met"), "{human}");
    let csv = stdout(&run(r.path(), &["timeline", "--format", "csv"]));
    assert!(csv.lines().nth(1).unwrap().ends_with(",met,"), "{csv}");
}

#[test]
fn smaller_things_a_user_trips_on() {
    let r = work_repo(&["career"]);
    let case = r.path().join("career");
    // The status header says who, from which level to which, in words.
    let st = stdout(&run(&case, &["status", "--as-of", "2026-02-01"]));
    let first = st.lines().next().unwrap();
    assert!(
        first.starts_with("Test Candidate: Engineering Manager → Senior Engineering Manager"),
        "{first}"
    );
    // Sustained evidence in words: "N of M months: not yet" while short,
    // "N months, M asked: met" once past (never "11/6").
    let says = |w: &str| {
        st.lines()
            .any(|l| l.contains("sustained ") && l.ends_with(w))
    };
    assert!(says(" months: not yet") || says(" asked: met"), "{st}");
    assert!(!st.contains("/6 months"), "{st}");
    // framework list prints builtin:ID; show and export take it back.
    let list = stdout(&run(&case, &["framework", "list"]));
    assert!(list.starts_with("builtin:senior-em"));
    let o = run(&case, &["framework", "show", "builtin:senior-em"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // new without -c lists the ids, not 200 lines of YAML.
    let o = run(&case, &["new", "Title"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("org-leverage, "), "{}", stderr(&o));
    // man --dir writes the pages the main page refers to.
    let man = tempfile::tempdir().unwrap();
    let dir = man.path().join("man1");
    let o = run(&case, &["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for page in [
        "promocase.1",
        "promocase-check.1",
        "promocase-brief.1",
        "promocase-timeline.1",
    ] {
        assert!(dir.join(page).is_file(), "{page}");
    }
    // Help text for every argument the issue named.
    for (args, want) in [
        (&["timeline", "--help"][..], "The case folder"),
        (&["framework", "export", "--help"], "The framework's id"),
        (
            &["templates", "export", "--help"],
            "The folder to write the templates into",
        ),
        (&["brief", "--help"], "Who the output is for"),
        (&["diff", "--help"], "Who the output is for"),
    ] {
        assert!(stdout(&run(&case, args)).contains(want), "{args:?}");
    }
}

/// `init`'s example entry shows the shape of an entry and counts nowhere:
/// not in readiness, not in the brief, not in `export`; `check` notes it
/// until it is deleted. `new` leaves the role to choose.
#[test]
fn inits_example_entry_never_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "career", "--candidate", "Sam"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The next steps start with going into the case.
    assert!(
        stdout(&o).contains("next: `cd career`, then `promocase new"),
        "{}",
        stdout(&o)
    );
    let o = run(tmp.path(), &["init", "my case"]);
    assert!(
        stdout(&o).contains("next: `cd 'my case'`, then"),
        "{}",
        stdout(&o)
    );
    let case = tmp.path().join("career");
    let v: serde_json::Value = common::json(
        &case,
        &["status", "--format", "json", "--audience", "self"],
        None,
    );
    let counted: u64 = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["counted"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 0, "{v}");
    assert_eq!(
        v["left_out"], 0,
        "an example is not a file with errors: {v}"
    );
    for args in [
        vec!["export", "--format", "cv", "--audience", "self"],
        vec!["export", "--format", "star", "--audience", "self"],
        vec!["brief", "--audience", "self"],
    ] {
        let out = stdout(&run(&case, &args));
        assert!(
            !out.contains("Started my promotion case"),
            "{args:?}: {out}"
        );
    }
    let o = run(&case, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("note[example-entry]"), "{}", stdout(&o));
    // The feedback example too: its fields commented with what they take,
    // and no action or revisit date of it shows anywhere.
    let feedback = std::fs::read_dir(case.join("feedback"))
        .unwrap()
        .flat_map(|y| std::fs::read_dir(y.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .next()
        .expect("init writes a feedback example");
    let text = std::fs::read_to_string(&feedback).unwrap();
    assert!(
        text.contains("\nexample: true") && text.contains("# actions:"),
        "{text}"
    );
    let uncommented = text.replace("# gaps: [org-leverage]", "gaps: [org-leverage]");
    std::fs::write(&feedback, uncommented).unwrap();
    let v: serde_json::Value = common::json(
        &case,
        &["status", "--format", "json", "--audience", "self"],
        None,
    );
    assert!(
        v["feedback"]["gaps"]
            .as_array()
            .is_none_or(|g| g.is_empty()),
        "{v}"
    );
    let o = run(&case, &["check"]);
    assert_eq!(
        stdout(&o).matches("note[example-entry]").count(),
        2,
        "{}",
        stdout(&o)
    );
    let o = run(&case, &["new", "Led the offsite", "-c", "org-leverage"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = case.join(stdout(&o).trim());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    assert!(
        text.contains("\n# role: led # led | contributed | supported\n"),
        "{text}"
    );
    assert!(!text.contains("example"), "{text}");
}

/// Human output fits the terminal: `COLUMNS` (else the terminal's width,
/// else 100) bounds every line of `status`, long reasons and actions
/// wrapped under their row, never cut.
#[test]
fn status_fits_the_terminal_width() {
    for columns in ["80", "100", "160"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
            .args([
                "status",
                common::example().to_str().unwrap(),
                "--as-of",
                "2026-11-01",
            ])
            .env("NO_COLOR", "1")
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let out = stdout(&o);
        let n: usize = columns.parse().unwrap();
        for line in out.lines() {
            assert!(line.chars().count() <= n, "COLUMNS={columns}: {line:?}");
        }
        // Nothing is lost to the wrapping: the waiver's reason ends whole.
        let words: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("Agreed with Dana in the June 2026 promotion conversation."),
            "{out}"
        );
    }
}

/// Counts read as English: one case, one error; and `brief --help` names
/// every format, PDF included.
#[test]
fn counts_agree_with_their_nouns_and_help_names_pdf() {
    let r = TestRepo::new();
    r.write("cases/a/promocase.yaml", CONFIG);
    r.write(
        "cases/a/evidence/2026/2026-02-01-b.md",
        "---\ndate: 2026-02-01\n---\n",
    );
    let o = run(r.path(), &["calibrate", "cases", "--format", "md"]);
    let md = stdout(&o);
    assert!(md.contains("# Calibration: 1 case\n"), "{md}");
    let o = run(r.path(), &["calibrate", "cases"]);
    assert!(
        !stdout(&o).contains("1 cases") && !stdout(&o).contains(" 1 errors"),
        "{}",
        stdout(&o)
    );
    let o = run(r.path(), &["brief", "--help"]);
    assert!(
        stdout(&o).contains("pdf") && stdout(&o).contains("--format pdf -o brief.pdf"),
        "{}",
        stdout(&o)
    );
}

/// One legend: status, the brief, timeline and calibrate mark a status
/// alike and print the same legend.
#[test]
fn every_output_uses_the_same_marks_and_legend() {
    let dir = common::example();
    let out = |args: &[&str]| {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let wide = |s: String| s.replace(",\n", ", ").replace('\n', " ");
    let status = out(&["status", "--as-of", "2026-11-01"]);
    assert!(
        status.contains("◉ strong    ") && status.contains("● met    "),
        "{status}"
    );
    let brief = out(&["brief", "--as-of", "2026-11-01"]);
    assert!(
        brief.contains("| ◉ strong |") && brief.contains("| ● met |"),
        "{brief}"
    );
    assert!(brief.contains("◉ strong  ● met  ◐ developing  ◔ emerging  ○ missing  ◌ withheld  – waived  · not assessed"));
    for text in [
        status,
        out(&["timeline"]),
        out(&["calibrate", ".", "--as-of", "2026-11-01"]),
    ] {
        let text = wide(text);
        assert!(text.contains("◉ strong, ● met, ◐ developing, ◔ emerging, ○ missing, ◌ withheld, – waived, · not assessed"), "{text}");
    }
}

/// `framework show`: a table with `--short` (each competency under its
/// group, what the level expects, its behaviours), the YAML file when piped
/// or with `--yaml`; an unknown level names the closest.
#[test]
fn framework_show_is_a_table_or_the_file() {
    let here = std::path::Path::new(".");
    let short = stdout(&run(here, &["framework", "show", "senior-em", "--short"]));
    assert!(
        short.starts_with("senior-em 1.0 · expectations at Senior Engineering Manager"),
        "{short}"
    );
    assert!(
        short.contains("\nOrganisational leverage and impact\n"),
        "{short}"
    );
    assert!(
        short.contains("  org-leverage  ")
            && short.contains("2 pieces at organisation+, over 2 months"),
        "{short}"
    );
    assert!(
        short.contains("- designs-org-process: Designs an organisation-wide process"),
        "{short}"
    );
    let em = stdout(&run(
        here,
        &["framework", "show", "--short", "--level", "em"],
    ));
    assert!(em.contains("expectations at Engineering Manager"), "{em}");
    // Piped (as here) or --yaml: the file, byte for byte.
    let piped = run(here, &["framework", "show", "senior-em"]).stdout;
    let yaml = run(here, &["framework", "show", "senior-em", "--yaml"]).stdout;
    let file = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/senior-em.yaml"),
    )
    .unwrap();
    assert_eq!(piped, file);
    assert_eq!(yaml, file);
    let o = run(
        here,
        &["framework", "show", "--short", "--level", "senor-em"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `senior-em`?"),
        "{}",
        stderr(&o)
    );
}
