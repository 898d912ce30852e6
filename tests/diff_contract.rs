//! What `diff` promises about causes and regressions, each a contract a
//! plausible change to `report::diff` would break:
//!
//! - "aged out" means only time passed: with the same as-of date on both
//!   sides, a drop is never "aged out", however unchanged the evidence;
//! - a competency waived on one side and assessed on the other has changed;
//! - a verdict that drops from `ready` to `not-yet` is a regression, also
//!   when no competency's status drops, and `--fail-on regression` fails.

mod common;

use common::{run, stderr, stdout, TestRepo};
use serde_json::Value;

/// Two competencies (x, y), one piece each at team scope, verdict `rule`.
fn framework(rule: &str) -> String {
    format!(
        "id: t\nname: T\nversion: \"1\"\nscopes: [team, org]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM, verdict: {rule}}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n"
    )
}

fn config(extra: &str) -> String {
    format!("candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n{extra}")
}

fn entry(r: &TestRepo, date: &str, id: &str) {
    r.write(
        &format!("evidence/2026/{date}-{id}.md"),
        &format!("---\ndate: {date}\ntitle: On {id}\ncompetencies: [{id}]\nscope: team\nimpact: x\n---\nn\n"),
    );
}

fn diff_json(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec![
        "diff",
        "HEAD~1",
        "HEAD",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    common::json(r.path(), &args, Some(0))
}

fn competency<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {d}"))
}

#[test]
fn a_drop_on_the_same_as_of_date_is_never_aged_out() {
    let r = TestRepo::new();
    r.write("fw.yaml", &framework("{rule: all}"));
    r.write("promocase.yaml", &config(""));
    entry(&r, "2026-01-10", "x");
    r.commit("one", "2026-03-01");
    // Same day, a narrower window: the entry is still there, unchanged, and
    // no longer counts. Time did not pass, so it did not age out.
    r.write("promocase.yaml", &config("window_months: 1\n"));
    r.commit("narrower window", "2026-03-01");
    let d = diff_json(&r, &[]);
    assert_eq!(d["from"]["as_of"], d["to"]["as_of"], "{d}");
    let x = competency(&d, "x");
    assert_eq!(x["change"], "regressed", "{x}");
    assert_ne!(x["cause"], "aged-out", "{x}");
    // The same drop with time passing and nothing else changed is aged out.
    let r = TestRepo::new();
    r.write("fw.yaml", &framework("{rule: all}"));
    r.write("promocase.yaml", &config("window_months: 2\n"));
    entry(&r, "2026-01-10", "x");
    r.commit("one", "2026-02-01");
    r.write("notes.txt", "unrelated\n");
    r.commit("later", "2026-06-01");
    let x = competency(&diff_json(&r, &[]), "x").clone();
    assert_eq!(
        (x["change"].clone(), x["cause"].clone()),
        ("regressed".into(), "aged-out".into()),
        "{x}"
    );
}

#[test]
fn a_waiver_added_or_removed_is_a_change() {
    for (before, after) in [
        ("", "waive:\n  y: \"not in this org\"\n"),
        ("waive:\n  y: \"not in this org\"\n", ""),
    ] {
        let r = TestRepo::new();
        r.write("fw.yaml", &framework("{rule: all}"));
        r.write("promocase.yaml", &config(before));
        entry(&r, "2026-01-10", "x");
        r.commit("one", "2026-03-01");
        r.write("promocase.yaml", &config(after));
        r.commit("two", "2026-03-01");
        let d = diff_json(&r, &[]);
        let y = competency(&d, "y");
        assert_ne!(y["change"], "unchanged", "{before:?} -> {after:?}: {y}");
        assert_ne!(y["from"]["status"], y["to"]["status"], "{y}");
    }
}

#[test]
fn a_verdict_drop_alone_is_a_regression_and_fails_the_build() {
    let r = TestRepo::new();
    r.write("fw.yaml", &framework("{rule: at-least, met: 1}"));
    r.write("promocase.yaml", &config(""));
    entry(&r, "2026-01-10", "x");
    r.commit("one", "2026-03-01");
    // Only the rule changes: x stays met, y stays missing.
    r.write("fw.yaml", &framework("{rule: all}"));
    r.commit("stricter rule", "2026-03-01");
    let d = diff_json(&r, &[]);
    assert_eq!(d["from"]["verdict"], "ready", "{d}");
    assert_eq!(d["to"]["verdict"], "not-yet", "{d}");
    assert!(
        d["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["change"] == "unchanged"),
        "{d}"
    );
    assert_eq!(d["verdict_regressed"], true);
    assert_eq!(d["regressions"], 1, "{d}");
    let o = run(
        r.path(),
        &["diff", "HEAD~1", "HEAD", "--fail-on", "regression"],
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let o = run(r.path(), &["diff", "HEAD~1", "HEAD", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `diff` (and `brief --since`) report what changed in feedback: a new
/// feedback file, a new action, an action closed by evidence, the revisit
/// date moved; as the audience sees it.
#[test]
fn feedback_changes_are_reported_for_those_who_see_them() {
    let r = TestRepo::new();
    r.write("fw.yaml", &framework("{rule: all}"));
    r.write("promocase.yaml", &config(""));
    entry(&r, "2026-01-10", "x");
    r.write(
        "feedback/2026/2026-02-01-one-on-one.md",
        "---\ndate: 2026-02-01\nfrom: Dana\nkind: one-on-one\nrevisit: 2026-10-20\nactions:\n  - {do: Write the hiring plan, id: hiring-plan, due: 2026-06-30}\n---\nNotes.\n",
    );
    r.commit("one", "2026-03-01");
    r.write(
        "feedback/2026/2026-03-10-promotion-conversation.md",
        "---\ndate: 2026-03-10\nfrom: Dana\nkind: promotion-conversation\nrevisit: 2027-01-20\nactions:\n  - {do: Lead the offsite, due: 2026-09-30}\n---\nNotes.\n",
    );
    r.write(
        "feedback/2026/2026-03-11-peer.md",
        "---\ndate: 2026-03-11\nfrom: Kim\nkind: peer\nvisibility: private\nactions:\n  - {do: A private ask}\n---\nNotes.\n",
    );
    r.write(
        "evidence/2026/2026-03-12-plan.md",
        "---\ndate: 2026-03-12\ntitle: Wrote the hiring plan\ncompetencies: [y]\nscope: team\nimpact: x\ncloses: [hiring-plan]\n---\nn\n",
    );
    r.commit("two", "2026-03-15");
    let d = diff_json(&r, &[]);
    let f = &d["feedback"];
    let added: Vec<&str> = f["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        added,
        ["promotion-conversation"],
        "the private peer file is not named: {f}"
    );
    assert_eq!(f["actions_opened"][0]["do"], "Lead the offsite", "{f}");
    assert_eq!(f["actions_opened"].as_array().unwrap().len(), 1, "{f}");
    assert_eq!(f["actions_done"][0]["do"], "Write the hiring plan", "{f}");
    assert_eq!(f["revisit"]["from"], "2026-10-20");
    assert_eq!(f["revisit"]["to"], "2027-01-20");
    // Self sees the private file too.
    let d = diff_json(&r, &["--audience", "self"]);
    assert_eq!(d["feedback"]["added"].as_array().unwrap().len(), 2, "{d}");
    // Human and Markdown say it; the brief's "since" part too.
    let human = stdout(&run(
        r.path(),
        &["diff", "HEAD~1", "HEAD", "--fail-on", "never"],
    ));
    assert!(
        human.contains("revisit date 2026-10-20 → 2027-01-20"),
        "{human}"
    );
    assert!(
        human.contains("action done by \"Wrote the hiring plan\""),
        "{human}"
    );
    assert!(!human.contains("A private ask"), "{human}");
    let md = stdout(&run(
        r.path(),
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "markdown",
            "--fail-on",
            "never",
        ],
    ));
    assert!(
        md.contains("**Feedback**") && md.contains("action asked by Dana: Lead the offsite"),
        "{md}"
    );
    let brief = stdout(&run(
        r.path(),
        &["brief", "--since", "HEAD~1", "--as-of", "2026-03-15"],
    ));
    assert!(
        brief.contains("- New feedback: promotion-conversation from Dana (2026-03-10)"),
        "{brief}"
    );
    assert!(
        brief.contains("- Revisit date: 2026-10-20 → 2027-01-20"),
        "{brief}"
    );
    assert!(!brief.contains("A private ask"), "{brief}");
}

/// A commit that changes the framework says so: a drop it alone explains is
/// "framework changed" (not evidence, not time), with the old and new
/// version, in JSON and in words.
#[test]
fn a_framework_change_is_named_as_the_cause() {
    let r = TestRepo::new();
    r.write("fw.yaml", &framework("{rule: all}"));
    r.write("promocase.yaml", &config(""));
    entry(&r, "2026-01-10", "x");
    r.commit("one", "2026-03-01");
    let harder = framework("{rule: all}")
        .replace("version: \"1\"", "version: \"2\"")
        .replacen(
            "sem: {evidence: 1, scope: team}",
            "sem: {evidence: 2, scope: team}",
            1,
        );
    r.write("fw.yaml", &harder);
    r.commit("framework 2", "2026-04-01");
    let d = diff_json(&r, &[]);
    assert_eq!(d["framework_changed"], true, "{d}");
    assert_eq!(
        (
            d["from"]["framework"]["version"].as_str(),
            d["to"]["framework"]["version"].as_str()
        ),
        (Some("1"), Some("2"))
    );
    let x = competency(&d, "x");
    assert_eq!(
        (x["change"].as_str(), x["cause"].as_str()),
        (Some("regressed"), Some("framework-changed")),
        "{x}"
    );
    let human = stdout(&run(
        r.path(),
        &["diff", "HEAD~1", "HEAD", "--fail-on", "never"],
    ));
    assert!(human.contains("framework changed: t 1 → t 2"), "{human}");
    assert!(human.contains("(framework changed)"), "{human}");
    // Evidence unchanged, framework unchanged: no such line.
    r.write("notes.txt", "x\n");
    r.commit("work", "2026-04-02");
    let human = stdout(&run(
        r.path(),
        &["diff", "HEAD~1", "HEAD", "--fail-on", "never"],
    ));
    assert!(!human.contains("framework changed"), "{human}");
}
