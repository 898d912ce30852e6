//! Reading cases from Git: revisions, subfolders, bare repositories, and the
//! Git situations `diff` and `timeline` must explain.

mod common;
use common::{evidence, run, stderr, stdout, TestRepo, CONFIG};
use promocase::pipeline;
use promocase::readiness::Audience;

fn repo_with_case(prefix: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write(&format!("{prefix}promocase.yaml"), CONFIG);
    r.write(
        &format!("{prefix}evidence/2026/2026-01-10-a.md"),
        &evidence(
            "2026-01-10",
            "First",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("case", "2026-01-15");
    r
}

#[test]
fn rev_reads_the_commit_not_the_working_tree() {
    let r = repo_with_case("");
    // Uncommitted: an error in the working tree only.
    r.write(
        "evidence/2026/2026-02-01-b.md",
        "---\ndate: 2026-02-30\n---\n",
    );
    let wt = run(r.path(), &["check"]);
    assert_eq!(wt.status.code(), Some(1), "{}", stdout(&wt));
    assert!(stdout(&wt).contains("invalid-date"));
    let head = run(r.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(head.status.code(), Some(0), "{}", stdout(&head));
    assert!(stdout(&head).contains("2 files checked"));
}

#[test]
fn a_case_in_a_subfolder_found_from_anywhere_below() {
    let r = repo_with_case("career/");
    r.write("src/main.rs", "fn main() {}\n");
    r.commit("work", "2026-01-16");
    for (cwd, args) in [
        (r.path().to_path_buf(), vec!["check", "career"]),
        (r.path().join("career/evidence/2026"), vec!["check"]),
        (r.path().join("career"), vec!["check", "--rev", "HEAD~1"]),
        (
            r.path().to_path_buf(),
            vec!["check", "career", "--rev", "HEAD"],
        ),
    ] {
        let o = run(&cwd, &args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            stdout(&o).contains("2 files checked"),
            "{args:?}: {}",
            stdout(&o)
        );
    }
    let o = run(r.path(), &["check", "src"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no promocase case"), "{}", stderr(&o));
}

#[test]
fn a_bare_repository_reads_through_the_object_database() {
    let r = repo_with_case("career/");
    let bare = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(&url, &bare.path().join("case.git"))
        .unwrap();
    let git_dir = bare.path().join("case.git");
    let o = run(&git_dir, &["check", "career", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = common::json(
        &git_dir,
        &["status", "career", "--rev", "HEAD", "--format", "json"],
        Some(0),
    );
    assert_eq!(v["as_of"], "2026-01-15");
    // Without --rev there is no working tree to read.
    let o = run(&git_dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bare repository"), "{}", stderr(&o));
}

#[test]
fn unknown_revision_suggests_a_close_name() {
    let r = repo_with_case("");
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    r.repo.branch("feature/hiring", &head, false).unwrap();
    let o = run(r.path(), &["check", "--rev", "feature/hirng"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `feature/hiring`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_empty_repository_says_so() {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    let o = run(r.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no commits yet"), "{}", stderr(&o));
    let o = run(r.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no commits yet"), "{}", stderr(&o));
}

fn diff_json(r: &TestRepo, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run(r.path(), &all);
    let v = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (o.status.code().unwrap(), v)
}

fn change_of<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

/// `repo_with_case` at the root, then a commit adding a second
/// organisation-scope piece for `org-leverage` (meeting it).
fn repo_with_second_piece() -> TestRepo {
    let r = repo_with_case("");
    r.write(
        "evidence/2026/2026-03-10-b.md",
        &evidence(
            "2026-03-10",
            "Second",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("more", "2026-03-15");
    r
}

#[test]
fn added_evidence_improves_and_removed_evidence_regresses() {
    let r = repo_with_second_piece();
    let (code, v) = diff_json(&r, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0);
    let c = change_of(&v, "org-leverage");
    assert_eq!(
        (
            c["from"]["status"].as_str(),
            c["to"]["status"].as_str(),
            c["change"].as_str()
        ),
        (Some("developing"), Some("met"), Some("improved"))
    );
    assert_eq!(
        v["evidence"]["added"][0]["path"],
        "evidence/2026/2026-03-10-b.md"
    );
    assert_eq!(v["regressions"], 0);

    r.remove("evidence/2026/2026-03-10-b.md");
    r.commit("oops", "2026-03-16");
    for (fail_on, want) in [("regression", 1), ("never", 0), ("errors", 0)] {
        let (code, v) = diff_json(&r, &["HEAD~1..HEAD", "--fail-on", fail_on]);
        assert_eq!(code, want, "--fail-on {fail_on}");
        assert_eq!(v["regressions"], 1);
        let c = change_of(&v, "org-leverage");
        assert_eq!(
            (c["change"].as_str(), c["cause"].as_str()),
            (Some("regressed"), Some("evidence-changed"))
        );
        assert_eq!(v["evidence"]["removed"][0]["title"], "Second");
    }
}

#[test]
fn ageing_out_is_reported_as_time_not_deletion() {
    let r = repo_with_second_piece();
    // A year later, only an unrelated file changes.
    r.write("notes.txt", "later\n");
    r.commit("later", "2027-03-12");
    let (code, v) = diff_json(&r, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 1);
    let c = change_of(&v, "org-leverage");
    assert_eq!(
        (c["change"].as_str(), c["cause"].as_str()),
        (Some("regressed"), Some("aged-out"))
    );
    assert!(v["evidence"]["removed"].as_array().unwrap().is_empty());
    let o = run(r.path(), &["diff", "HEAD~1", "HEAD", "--format", "human"]);
    assert!(stdout(&o).contains("aged out"), "{}", stdout(&o));
}

/// Renames are looked for only when a file of the earlier side is gone
/// from the later one: a table of what the later side does to the one
/// entry (working tree and commit), and what the diff must say.
#[test]
fn renames_are_found_only_where_a_file_went() {
    let a = "evidence/2026/2026-01-10-a.md";
    let b = "evidence/2026/2026-01-10-b.md";
    for committed in [false, true] {
        for (what, rename, copy, renamed, added) in [
            ("renamed", true, false, 1, 0),
            ("copied, original kept", false, true, 0, 1),
            ("untouched", false, false, 0, 0),
        ] {
            let r = repo_with_case("");
            if rename {
                r.rename(a, b);
            }
            if copy {
                // The same entry under another title (one title, one entry).
                let text = std::fs::read_to_string(r.path().join(a)).unwrap();
                r.write(b, &text.replace("\"First\"", "\"First again\""));
            }
            let args: &[&str] = if committed {
                r.commit("change", "2026-01-20");
                &["HEAD~1", "HEAD"]
            } else {
                &["--as-of", "2026-01-20"]
            };
            let (_, v) = diff_json(&r, args);
            let at = format!("{what}, committed {committed}");
            let n = |k: &str| v["evidence"][k].as_array().unwrap().len();
            assert_eq!((n("renamed"), n("added")), (renamed, added), "{at}");
        }
    }
}

#[test]
fn renames_modifications_and_argument_forms() {
    let r = repo_with_case("");
    r.rename(
        "evidence/2026/2026-01-10-a.md",
        "evidence/2026/2026-01-10-renamed.md",
    );
    r.commit("rename", "2026-01-20");
    let (_, v) = diff_json(&r, &["HEAD~1", "HEAD"]);
    assert_eq!(
        v["evidence"]["renamed"][0]["from"],
        "evidence/2026/2026-01-10-a.md"
    );
    assert_eq!(
        v["evidence"]["renamed"][0]["to"],
        "evidence/2026/2026-01-10-renamed.md"
    );
    assert!(v["evidence"]["added"].as_array().unwrap().is_empty());

    // Working tree edits: zero arguments = HEAD against the working tree.
    let p = "evidence/2026/2026-01-10-renamed.md";
    let text = evidence(
        "2026-01-10",
        "First, retitled",
        &["org-leverage"],
        "organisation",
        "manager",
    )
    .replace("What happened", "What really happened");
    r.write(p, &text);
    let (_, v) = diff_json(&r, &["--as-of", "2026-01-20"]);
    assert_eq!(v["from"]["rev"], "HEAD");
    assert!(v["to"]["commit"].is_null());
    let m = &v["evidence"]["modified"][0];
    assert_eq!(m["path"], p);
    assert_eq!(m["fields"], serde_json::json!(["title"]));
    assert_eq!(m["narrative_changed"], true);
    // One argument = FROM against the working tree.
    let (_, v1) = diff_json(&r, &["HEAD~1", "--as-of", "2026-01-20"]);
    assert_eq!(v1["from"]["rev"], "HEAD~1");
    assert!(v1["to"]["commit"].is_null());
    // --narrative: a unified diff.
    let o = run(r.path(), &["diff", "--narrative", "--as-of", "2026-01-20"]);
    assert!(
        stdout(&o).contains("-title: First\n") && stdout(&o).contains("+title: First, retitled\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("+What really happened"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn errors_on_the_to_side_fail_with_fail_on_errors() {
    let r = repo_with_case("");
    r.write("evidence/2026/2026-02-01-bad.md", "---\ndate: nope\n---\n");
    r.commit("bad", "2026-02-02");
    let (code, v) = diff_json(&r, &["HEAD~1", "HEAD", "--fail-on", "errors"]);
    assert_eq!(code, 1);
    assert_eq!(v["diagnostics"]["from"], 0);
    assert_eq!(
        v["diagnostics"]["to"], 4,
        "invalid date and three missing fields"
    );
}

#[test]
fn a_case_absent_on_one_side_is_all_added() {
    let r = TestRepo::new();
    r.write("README", "x\n");
    r.commit("start", "2026-01-01");
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-01-10-a.md",
        &evidence(
            "2026-01-10",
            "First",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("case", "2026-01-15");
    let (code, v) = diff_json(&r, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0);
    assert!(v["from"]["verdict"].is_null());
    assert_eq!(v["evidence"]["added"].as_array().unwrap().len(), 1);
    assert_eq!(change_of(&v, "org-leverage")["change"], "added");
}

#[test]
fn a_shallow_clone_explains_how_to_fetch_history() {
    let r = repo_with_second_piece();
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(shallow.path().join("c"))
        .status()
        .unwrap();
    assert!(st.success());
    // However the earlier commit is named: an ancestor, a full commit id
    // (as CI passes a pull request's base), or an abbreviated one.
    let first = r
        .repo
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .parent_id(0)
        .unwrap()
        .to_string();
    for from in ["HEAD~1", first.as_str(), &first[..12]] {
        let o = run(&shallow.path().join("c"), &["diff", from, "HEAD"]);
        assert_eq!(o.status.code(), Some(2), "{from}");
        let err = stderr(&o);
        assert!(
            err.contains("shallow")
                && err.contains("git fetch --unshallow")
                && err.contains("fetch-depth: 0")
                && !err.contains("corrupt"),
            "{from}: {err}"
        );
    }
}

#[test]
fn timeline_rows_are_the_commits_that_changed_the_case() {
    let r = TestRepo::new();
    r.write("career/promocase.yaml", CONFIG);
    r.commit("c1", "2026-01-01");
    let mut touching = 1;
    for i in 1..=6 {
        let month = format!("2026-{:02}", i + 1);
        r.write(
            &format!("career/evidence/2026/{month}-05-e{i}.md"),
            &evidence(
                &format!("{month}-05"),
                &format!("E{i}"),
                &["org-leverage", "impact-beyond-team"],
                "organisation",
                "manager",
            ),
        );
        r.commit(&format!("evidence {i}"), &format!("{month}-10"));
        touching += 1;
        // Unrelated work in between: not a row.
        r.write("src/lib.rs", &format!("// {i}\n"));
        r.commit("work", &format!("{month}-12"));
    }
    // A merge commit: timeline follows the first parent.
    let head = r.repo.head().unwrap().peel_to_commit().unwrap();
    r.repo.branch("side", &head, false).unwrap();
    r.write(
        "career/evidence/2026/2026-08-01-m.md",
        &evidence(
            "2026-08-01",
            "Merged",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    let tip = r.commit("on main", "2026-08-02");
    touching += 1;
    let o = run(&r.path().join("career"), &["timeline", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert_eq!(csv.lines().count() - 1, touching, "{csv}");
    assert!(csv.lines().last().unwrap().starts_with(&tip));

    // Each distinct evidence blob is parsed once, however many commits hold it.
    let (t, parsed) = pipeline::timeline(
        &pipeline::TimelineArgs {
            case: &r.path().join("career"),
            range: None,
            monthly: false,
            audience: Audience::Manager,
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(t.rows.len(), touching);
    assert_eq!(parsed, 7, "7 distinct evidence files");
    // Monthly: one row per month end from January to August.
    let (m, _) = pipeline::timeline(
        &pipeline::TimelineArgs {
            case: &r.path().join("career"),
            range: None,
            monthly: true,
            audience: Audience::Manager,
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(m.rows.len(), 8);
    assert_eq!(m.rows[0].as_of.to_string(), "2026-01-31");
    // --range limits the walk.
    let v: serde_json::Value = common::json(
        &r.path().join("career"),
        &["timeline", "--range", "HEAD~4..", "--format", "json"],
        None,
    );
    // HEAD~3 and HEAD~1 are work that did not touch the case: only the two
    // commits that changed it are rows, the first of the range included.
    let rows: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["commit"].as_str().unwrap())
        .collect();
    let touched = r.repo.revparse_single("HEAD~2").unwrap().id().to_string();
    assert_eq!(rows, [touched.as_str(), tip.as_str()], "{v}");
    // A range whose first commit changed the case lists it.
    let v: serde_json::Value = common::json(
        &r.path().join("career"),
        &["timeline", "--range", "HEAD~3..", "--format", "json"],
        None,
    );
    assert_eq!(v["rows"].as_array().unwrap().len(), 2, "{v}");
    // SVG output is one self-contained chart.
    let o = run(&r.path().join("career"), &["timeline", "--format", "svg"]);
    let svg = stdout(&o);
    assert!(svg.starts_with("<svg") && svg.contains("ready: 100%") && !svg.contains("<script"));
}

#[test]
fn init_new_check_round_trip_and_refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "career", "--candidate", "Sam O'Neil"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("career/.git").exists(), "git init ran");
    let case = tmp.path().join("career");
    let o = run(
        &case,
        &[
            "new",
            "Ran the Q3 hiring review / v2.0",
            "-c",
            "org-leverage,impact-beyond-team",
            "--scope",
            "organisation",
            "--date",
            "2026-09-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = stdout(&o).trim().to_string();
    assert_eq!(
        path,
        "evidence/2026/2026-09-01-ran-the-q3-hiring-review-v2-0.md"
    );
    // The new file passes check (warnings only: the narrative is to be written).
    let o = run(&case, &["check", "--as-of", "2026-11-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("empty-narrative"));
    // Same title again: refused, file untouched.
    let before = std::fs::read(case.join(&path)).unwrap();
    let o = run(
        &case,
        &[
            "new",
            "Ran the Q3 hiring review / v2.0",
            "-c",
            "org-leverage",
            "--date",
            "2026-09-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(std::fs::read(case.join(&path)).unwrap(), before);
    // Unknown competency: suggestion, nothing written.
    let o = run(
        &case,
        &[
            "new",
            "Another",
            "-c",
            "org-leverag",
            "--date",
            "2026-09-02",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `org-leverage`?"),
        "{}",
        stderr(&o)
    );
    assert!(!case.join("evidence/2026/2026-09-02-another.md").exists());
    // init over an existing case: refused, naming the file.
    let o = run(tmp.path(), &["init", "career"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("promocase.yaml"), "{}", stderr(&o));
}

#[test]
fn new_from_commit_takes_date_subject_and_id() {
    let r = repo_with_case("");
    std::fs::remove_file(r.path().join("evidence/2026/2026-01-10-a.md")).unwrap();
    r.write("src/x.rs", "// work\n");
    let id = r.commit("Cut p99 checkout latency by half", "2026-04-03");
    let o = run(
        r.path(),
        &[
            "new",
            "--from-commit",
            "HEAD",
            "-c",
            "cross-team-collaboration",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = stdout(&o).trim().to_string();
    assert_eq!(
        path,
        "evidence/2026/2026-04-03-cut-p99-checkout-latency-by-half.md"
    );
    let text = std::fs::read_to_string(r.path().join(&path)).unwrap();
    assert!(
        text.contains("date: 2026-04-03")
            && text.contains("\"Cut p99 checkout latency by half\"")
            && text.contains(&id),
        "{text}"
    );
}

#[test]
fn a_sparse_checkout_does_not_look_like_removed_evidence() {
    let r = TestRepo::new();
    r.write("career/promocase.yaml", CONFIG);
    common::add_entry(&r, "2026-01-10", "A");
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
    r.commit("case", "2026-02-11");
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(r.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&[
        "sparse-checkout",
        "set",
        "--no-cone",
        "/career/promocase.yaml",
        "/career/evidence/2026/2026-01-10-a.md",
    ]);
    assert!(!r
        .path()
        .join("career/evidence/2026/2026-02-10-b.md")
        .exists());
    let v: serde_json::Value = common::json(
        r.path(),
        &[
            "diff",
            "HEAD",
            "--case",
            "career",
            "--format",
            "json",
            "--as-of",
            "2026-03-01",
        ],
        None,
    );
    assert_eq!(v["evidence"]["removed"], serde_json::json!([]), "{v}");
    let v: serde_json::Value = common::json(
        r.path(),
        &[
            "status",
            "career",
            "--format",
            "json",
            "--as-of",
            "2026-03-01",
        ],
        None,
    );
    let counted: u64 = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["counted"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2, "both entries count");
}

/// `timeline --monthly` scores the current month as of today, not as of a
/// month end that has not happened: an entry that ages out between today
/// and the month's end still counts in that row.
#[test]
fn the_current_month_is_scored_as_of_today() {
    let today = promocase::date::today_utc();
    let entry = today
        .checked_sub_months(chrono::Months::new(12))
        .unwrap()
        .succ_opt()
        .unwrap();
    let r = TestRepo::new();
    r.write("career/promocase.yaml", CONFIG);
    common::add_entry(&r, &entry.to_string(), "Ageing");
    r.commit("one", &today.to_string());
    let v: serde_json::Value = common::json(
        &r.path().join("career"),
        &["timeline", "--monthly", "--format", "json"],
        Some(0),
    );
    let last = v["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["as_of"], today.to_string(), "{v}");
    assert_eq!(
        last["evidence"], 1,
        "the entry is in the window today: {last}"
    );
}

/// A timeline row scored with a file left out for its errors says so.
#[test]
fn human_timeline_marks_rows_with_errors() {
    let r = common::career_repo();
    r.write(
        "career/evidence/2026/2026-02-01-b.md",
        "---\ndate: 2026-02-01\ntitle: B\n---\n",
    );
    r.commit("broken", "2026-02-02");
    let o = run(&r.path().join("career"), &["timeline"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("2026-0")).collect();
    assert!(!lines[0].contains("error"), "{out}");
    assert!(lines[1].ends_with("✗ 2 errors"), "{out}");
}

/// A reader who may not see an entry never learns when it was written: a
/// commit that changed only what an audience may not see is no row of its.
#[test]
fn timeline_rows_never_date_work_the_audience_may_not_see() {
    let r = TestRepo::new();
    r.write("career/promocase.yaml", CONFIG);
    let entry = |date: &str, title: &str, vis: &str| {
        r.write(
            &format!("career/evidence/2026/{date}-{}.md", title.to_lowercase()),
            &evidence(date, title, &["org-leverage"], "organisation", vis),
        );
    };
    entry("2026-01-10", "Shared", "shareable");
    let c1 = r.commit("start", "2026-01-11");
    entry("2026-02-10", "Private", "private");
    let c2 = r.commit("private work", "2026-02-11");
    entry("2026-03-10", "Manager", "manager");
    let c3 = r.commit("for the manager", "2026-03-11");
    r.remove("career/evidence/2026/2026-02-10-private.md");
    let c4 = r.commit("private work removed", "2026-04-11");
    entry("2026-01-10", "Shared", "private");
    let c5 = r.commit("made private", "2026-05-11");
    let rows = |audience: &str| -> Vec<String> {
        let v: serde_json::Value = common::json(
            &r.path().join("career"),
            &["timeline", "--audience", audience, "--format", "json"],
            None,
        );
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["commit"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rows("self"), [c1.clone(), c2, c3.clone(), c4, c5.clone()]);
    // The manager saw "Shared" become private (it left their view).
    assert_eq!(rows("manager"), [c1.clone(), c3, c5.clone()]);
    assert_eq!(rows("shareable"), [c1, c5]);
}
