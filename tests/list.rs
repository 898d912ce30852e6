//! `promocase list`: every entry the audience sees, and for each
//! competency it names whether it counts and, if not, why; read off the
//! same readiness `status` shows, so the two never disagree.

mod common;

use common::{run, stderr, stdout, TestRepo};
use serde_json::Value;

/// x needs 2 pieces at team scope, y 1 at org scope, z is waived, w is not
/// assessed at the target level; a 6-month window.
const FRAMEWORK: &str = "id: t\nname: T\nversion: \"1\"\nwindow_months: 6\nscopes: [team, org]\nlevels:\n  - {id: em, name: EM}\n  - {id: sem, name: SEM}\ncompetencies:\n  - id: x\n    name: Xcomp\n    description: d\n    expectations:\n      sem: {evidence: 2, scope: team}\n  - id: y\n    name: Ycomp\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: org}\n  - id: z\n    name: Zcomp\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: team}\n  - id: w\n    name: Wcomp\n    description: d\n    expectations:\n      em: {evidence: 1, scope: team}\n";

fn entry(r: &TestRepo, stem: &str, date: &str, comps: &str, scope: &str, vis: &str) {
    r.write(
        &format!("evidence/{date}-{stem}.md"),
        &format!("---\ndate: {date}\ntitle: {stem}\ncompetencies: [{comps}]\nscope: {scope}\nimpact: 2 teams\nwitnesses: [M]\nvisibility: {vis}\n---\nNarrative.\n"),
    );
}

fn case() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\nwaive:\n  z: not this role\n",
    );
    r.write("fw.yaml", FRAMEWORK);
    entry(&r, "old", "2025-09-01", "x", "team", "manager");
    entry(&r, "narrow", "2026-03-01", "y", "team", "manager");
    entry(&r, "good", "2026-04-01", "x, y, z, w", "org", "manager");
    entry(&r, "later", "2026-07-01", "x", "team", "manager");
    entry(&r, "mine", "2026-05-01", "x", "team", "private");
    r
}

fn list(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["list", "--format", "json", "--as-of", "2026-06-01"];
    args.extend_from_slice(extra);
    common::json(r.path(), &args, Some(0))
}

/// (title, [(competency, reason)]) per listed entry, in order.
fn rows(v: &Value) -> Vec<(String, Vec<(String, String)>)> {
    let entries = v["entries"].as_array().unwrap();
    entries
        .iter()
        .map(|e| {
            let counts = e["counts"].as_array().unwrap().iter();
            let counts = counts.map(|c| {
                (
                    c["competency"].as_str().unwrap().to_string(),
                    c["reason"].as_str().unwrap().to_string(),
                )
            });
            (e["title"].as_str().unwrap().to_string(), counts.collect())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn each_entry_says_why_it_counts_or_not() {
    let r = case();
    let v = list(&r, &[]);
    let want = vec![
        ("later".to_string(), pairs(&[("x", "after-as-of")])),
        (
            "good".to_string(),
            pairs(&[
                ("x", "counted"),
                ("y", "counted"),
                ("z", "waived"),
                ("w", "not-assessed"),
            ]),
        ),
        ("narrow".to_string(), pairs(&[("y", "below-scope")])),
        ("old".to_string(), pairs(&[("x", "before-window")])),
    ];
    assert_eq!(rows(&v), want);
    // The private entry is counted, never listed, for the manager.
    assert_eq!(v["withheld"], 1);
    let me = list(&r, &["--audience", "self"]);
    assert_eq!(me["withheld"], 0);
    assert_eq!(
        rows(&me)[1],
        ("mine".to_string(), pairs(&[("x", "counted")]))
    );
}

#[test]
fn filters_narrow_to_a_competency_and_to_what_counts() {
    let r = case();
    let x = list(&r, &["--competency", "x"]);
    let titles = |v: &Value| rows(v).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(titles(&x), ["later", "good", "old"]);
    assert_eq!(
        titles(&list(&r, &["--competency", "x", "--counted"])),
        ["good"]
    );
    assert_eq!(
        titles(&list(&r, &["--competency", "x", "--not-counted"])),
        ["later", "old"]
    );
    assert_eq!(titles(&list(&r, &["--counted"])), ["good"]);
    // Human: the reason in words, and what is not listed said once.
    let o = run(
        r.path(),
        &["list", "--competency", "y", "--as-of", "2026-06-01"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("narrow") && out.contains("below scope"),
        "{out}"
    );
    assert!(out.contains("2 entries naming y; 1 entry of the case withheld from audience manager (as of 2026-06-01)"), "{out}");
    // An id that is no competency: the closest one named, exit 2.
    let o = run(r.path(), &["list", "--competency", "xx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `x`?"), "{}", stderr(&o));
}

/// `list` reads what `status` counts: the counted entries per competency
/// are the evidence `status` lists, on the example for every audience.
#[test]
fn list_and_status_agree_on_the_example() {
    let dir = common::example();
    for audience in ["self", "manager", "shareable"] {
        let args = [
            "--as-of",
            "2026-11-01",
            "--audience",
            audience,
            "--format",
            "json",
        ];
        let l: Value =
            serde_json::from_slice(&run(&dir, &[&["list"][..], &args[..]].concat()).stdout)
                .unwrap();
        let s: Value =
            serde_json::from_slice(&run(&dir, &[&["status"][..], &args[..]].concat()).stdout)
                .unwrap();
        for c in s["competencies"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let mut counted: Vec<&str> = l["entries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| {
                    e["counts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x["competency"] == id && x["reason"] == "counted")
                })
                .map(|e| e["path"].as_str().unwrap())
                .collect();
            let mut evidence: Vec<&str> = c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            if c["status"] == "waived" {
                evidence.clear();
            }
            counted.sort();
            evidence.sort();
            assert_eq!(counted, evidence, "{audience}: {id}");
        }
    }
}

/// `show`: an entry's fields, whether it counts for each competency it
/// names, and each status without it, by path or by file name.
#[test]
fn show_says_what_one_entry_does_for_readiness() {
    let r = case();
    let v: Value = common::json(
        r.path(),
        &[
            "show",
            "2026-04-01-good",
            "--as-of",
            "2026-06-01",
            "--format",
            "json",
        ],
        Some(0),
    );
    assert_eq!(v["entry"]["title"], "good");
    let effects: Vec<(String, String, Value, Value)> = v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["competency"].as_str().unwrap().into(),
                c["reason"].as_str().unwrap().into(),
                c["status"].clone(),
                c["status_without"].clone(),
            )
        })
        .collect();
    let s = |x: &str| Value::String(x.into());
    assert_eq!(
        effects,
        vec![
            // x: one of two pieces; without it the manager sees none, but a
            // private piece exists: withheld.
            ("x".into(), "counted".into(), s("developing"), s("withheld")),
            // y: met; without it only the below-scope entry is left.
            ("y".into(), "counted".into(), s("met"), s("emerging")),
            ("z".into(), "waived".into(), s("waived"), s("waived")),
            ("w".into(), "not-assessed".into(), Value::Null, Value::Null),
        ]
    );
    // By path, from the case folder; human output.
    let out = stdout(&run(
        r.path(),
        &[
            "show",
            "evidence/2026-04-01-good.md",
            "--as-of",
            "2026-06-01",
        ],
    ));
    assert!(
        out.contains("Ycomp") && out.contains("without it: emerging"),
        "{out}"
    );
    // A name two entries share, or none has: an error that says which.
    r.write(
        "evidence/a/2026-04-02-same.md",
        "---\ndate: 2026-04-02\ntitle: a\ncompetencies: [x]\nscope: team\nimpact: 1\n---\nn\n",
    );
    r.write(
        "evidence/b/2026-04-02-same.md",
        "---\ndate: 2026-04-02\ntitle: b\ncompetencies: [x]\nscope: team\nimpact: 1\n---\nn\n",
    );
    let o = run(r.path(), &["show", "2026-04-02-same"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "names 2 entries: evidence/a/2026-04-02-same.md, evidence/b/2026-04-02-same.md"
        ),
        "{}",
        stderr(&o)
    );
    // A private entry is not there for the manager.
    let o = run(r.path(), &["show", "2026-05-01-mine"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no entry `2026-05-01-mine` that this audience sees"),
        "{}",
        stderr(&o)
    );
}

/// `new --feedback` writes a feedback file `check` reads clean, every
/// optional field commented with what it takes; never over another one.
#[test]
fn new_feedback_writes_a_file_check_reads_clean() {
    let r = case();
    let new = |extra: &[&str]| {
        let mut args = vec![
            "new",
            "--feedback",
            "--from",
            "Dana Okafor (manager)",
            "--kind",
            "one-on-one",
            "--date",
            "2026-05-20",
        ];
        args.extend_from_slice(extra);
        run(r.path(), &args)
    };
    let o = new(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "feedback/2026/2026-05-20-one-on-one.md");
    let text =
        std::fs::read_to_string(r.path().join("feedback/2026/2026-05-20-one-on-one.md")).unwrap();
    for field in [
        "# gaps:",
        "# ratings:",
        "# actions:",
        "# revisit:",
        "# visibility:",
        "closes: [id]",
    ] {
        assert!(text.contains(field), "{field}: {text}");
    }
    assert_eq!(
        stdout(&new(&[])).trim(),
        "feedback/2026/2026-05-20-one-on-one-2.md"
    );
    let v: Value = common::json(
        r.path(),
        &["check", "--format", "json", "--as-of", "2026-06-01"],
        None,
    );
    let about_feedback = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().starts_with("feedback/"))
        .count();
    assert_eq!(about_feedback, 0, "{v}");
    // A kind that is not one, or no --from: refused, nothing written.
    let o = run(
        r.path(),
        &["new", "--feedback", "--from", "Dana", "--kind", "chat"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one-on-one"), "{}", stderr(&o));
    let o = run(r.path(), &["new", "--feedback", "--kind", "peer"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(r.path().join("feedback/2026"))
            .unwrap()
            .count(),
        2
    );
}

/// A fresh case checks without warnings (init's example shows a measured
/// impact and is exempt from the quality checks it illustrates), and
/// `new --edit` opens the new entry, then says what `check` thinks of it.
#[test]
fn init_is_clean_and_new_edit_opens_then_checks() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["init", "c", "--candidate", "C"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let case = dir.path().join("c");
    let check = stdout(&run(&case, &["check"]));
    assert!(check.contains("0 errors, 0 warnings"), "{check}");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/^---$/---/; s/^scope: team$/scope: team\\nimpact: \"4 teams adopted it\"/' \"$1\"\nprintf 'What happened, and the result.\\n' >> \"$1\"\n").unwrap();
    std::process::Command::new("chmod")
        .arg("755")
        .arg(&editor)
        .status()
        .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args([
            "new",
            "Ran the hiring review",
            "-c",
            "org-leverage",
            "--date",
            "2026-05-01",
            "--edit",
        ])
        .current_dir(&case)
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("evidence/2026/2026-05-01-ran-the-hiring-review.md\n"),
        "{out}"
    );
    assert!(
        out.contains("1 file checked: 0 errors, 0 warnings"),
        "{out}"
    );
    let text =
        std::fs::read_to_string(case.join("evidence/2026/2026-05-01-ran-the-hiring-review.md"))
            .unwrap();
    assert!(text.contains("impact: \"4 teams adopted it\""), "{text}");
}
