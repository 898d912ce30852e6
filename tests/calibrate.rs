//! `calibrate`: several cases side by side. Every column agrees with each
//! case's own `status --format json`; cases group by framework (id and
//! version) and target level; the order is documented; a case with errors
//! or that cannot be read is a row, never left out; no private entry shows
//! in any format.

mod common;

use common::{evidence, run, stderr, stdout, TestRepo};
use serde_json::Value;

const AS_OF: &str = "2026-06-01";

/// A small framework `t` at `version`: x (2 pieces) and y (1 piece), team.
fn framework(version: &str) -> String {
    format!("id: t\nname: T\nversion: \"{version}\"\nscopes: [team, org]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: 2, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
}

fn custom_case(r: &TestRepo, dir: &str, who: &str, version: &str, entries: &[(&str, &str)]) {
    r.write(
        &format!("{dir}/promocase.yaml"),
        &format!("candidate: {who}\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n"),
    );
    r.write(&format!("{dir}/fw.yaml"), &framework(version));
    for (date, comp) in entries {
        r.write(
            &format!("{dir}/evidence/{date}-{comp}.md"),
            &evidence(
                date,
                &format!("{comp} on {date}"),
                &[comp],
                "team",
                "manager",
            ),
        );
    }
}

/// Six cases under `cases/`: two on the built-in framework (one with a
/// private entry), one on `t` 1 and one on `t` 2, one whose evidence has an
/// error, one whose configuration is broken.
fn cases() -> TestRepo {
    let r = TestRepo::new();
    let builtin = |dir: &str, who: &str| {
        r.write(
            &format!("{dir}/promocase.yaml"),
            &format!("candidate: {who}\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n"),
        );
    };
    builtin("cases/alex", "Alex Rivera");
    for (date, comp, scope) in [
        ("2026-01-10", "org-leverage", "organisation"),
        ("2026-03-10", "org-leverage", "organisation"),
        ("2026-02-10", "team-effectiveness", "team"),
    ] {
        r.write(
            &format!("cases/alex/evidence/{date}-{comp}.md"),
            &evidence(date, &format!("{comp} {date}"), &[comp], scope, "manager"),
        );
    }
    // Private: its date, title and witness must show nowhere.
    r.write(
        "cases/alex/evidence/2026-05-30-secret.md",
        "---\ndate: 2026-05-30\ntitle: \"SECRET-TITLE\"\ncompetencies: [mentoring-managers]\nscope: cross-team\nwitnesses: [\"Secret Person\"]\nvisibility: private\n---\nn\n",
    );
    r.write(
        "cases/alex/feedback/2026-04-01-talk.md",
        "---\ndate: 2026-04-01\nfrom: Dana\nkind: one-on-one\nrevisit: 2026-09-01\nactions:\n  - do: Mentor someone\n    competency: mentoring-managers\n    due: 2026-05-01\n  - do: Present\n    due: 2026-12-01\n---\nok\n",
    );
    builtin("cases/priya", "Priya Nair");
    r.write(
        "cases/priya/evidence/2026-04-04-one.md",
        &evidence(
            "2026-04-04",
            "One",
            &["team-effectiveness"],
            "team",
            "shareable",
        ),
    );
    custom_case(
        &r,
        "cases/sam",
        "Sam Lee",
        "1",
        &[
            ("2026-02-01", "x"),
            ("2026-03-01", "x"),
            ("2026-04-01", "y"),
        ],
    );
    custom_case(&r, "cases/kim", "Kim Park", "2", &[("2026-02-01", "x")]);
    custom_case(&r, "cases/lee", "Lee Broken", "1", &[("2026-02-01", "y")]);
    r.write(
        "cases/lee/evidence/2026-03-01-bad.md",
        "---\ndate: 2026-13-01\ntitle: Bad\n---\nn\n",
    );
    r.write(
        "cases/zed/promocase.yaml",
        "candidate: Zed\nframework: builtin:nope\n",
    );
    r
}

fn calibrate(r: &TestRepo, args: &[&str]) -> (i32, String) {
    let mut all = vec!["calibrate", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let o = run(r.path(), &all);
    (o.status.code().unwrap_or(-1), stdout(&o) + &stderr(&o))
}

fn json(r: &TestRepo, args: &[&str]) -> Value {
    let mut all = vec!["calibrate", "--as-of", AS_OF, "--format", "json"];
    all.extend_from_slice(args);
    let o = run(r.path(), &all);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)))
}

#[test]
fn every_column_agrees_with_each_case_status() {
    let r = cases();
    let c = json(&r, &["cases"]);
    let rows = c["cases"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "{rows:#?}");
    for row in rows.iter().filter(|row| !row["summary"].is_null()) {
        let dir = r.path().join(row["path"].as_str().unwrap());
        let st: Value = common::json(
            &dir,
            &["status", "--format", "json", "--as-of", AS_OF],
            None,
        );
        let s = &row["summary"];
        for (a, b) in [
            ("candidate", "candidate"),
            ("verdict", "verdict"),
            ("score", "score"),
            ("withheld", "withheld"),
            ("target_level", "target_level"),
            ("current_level", "current_level"),
            ("framework", "framework"),
        ] {
            assert_eq!(s[a], st[b], "{a} of {dir:?}");
        }
        assert_eq!(s["sustained_months"], st["sustained"]["months"]);
        assert_eq!(s["sustained_required"], st["sustained"]["required"]);
        assert_eq!(s["revisit"], st["feedback"]["revisit"]);
        let actions = st["feedback"]["actions"].as_array().unwrap();
        assert_eq!(s["open_actions"], actions.len());
        let overdue = actions.iter().filter(|a| a["overdue"] == true).count();
        assert_eq!(s["overdue_actions"], overdue);
        let comps = st["competencies"].as_array().unwrap();
        let assessed: Vec<&Value> = comps.iter().filter(|c| c["waived"].is_null()).collect();
        assert_eq!(s["assessed"], assessed.len());
        let met = assessed
            .iter()
            .filter(|c| c["status"] == "met" || c["status"] == "strong")
            .count();
        assert_eq!(s["met"], met);
        let mut counted: Vec<&str> = comps
            .iter()
            .flat_map(|c| {
                c["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
            })
            .collect();
        counted.sort();
        counted.dedup();
        assert_eq!(s["evidence_counted"], counted.len());
        for (cell, c) in s["statuses"].as_array().unwrap().iter().zip(comps) {
            assert_eq!((&cell["id"], &cell["status"]), (&c["id"], &c["status"]));
        }
    }
    // Alex's newest entry it may show is 2026-03-10 (the private one is
    // 2026-05-30); one action is overdue on the as-of date.
    let alex = rows.iter().find(|r| r["path"] == "cases/alex").unwrap();
    assert_eq!(alex["summary"]["latest_evidence"], "2026-03-10");
    assert_eq!(alex["summary"]["overdue_actions"], 1);
    assert_eq!(alex["summary"]["withheld"], 1);
}

#[test]
fn groups_order_errors_and_unreadable_rows() {
    let r = cases();
    let c = json(&r, &["cases", "nowhere"]);
    let rows = c["cases"].as_array().unwrap();
    let state = |p: &str| {
        rows.iter()
            .find(|r| r["path"] == p)
            .unwrap_or_else(|| panic!("{p}: {rows:#?}"))
            .clone()
    };
    // An evidence error: scored, with its error count.
    let lee = state("cases/lee");
    assert_eq!(lee["state"], "errors");
    assert!(lee["errors"].as_u64().unwrap() >= 1);
    assert!(!lee["summary"].is_null());
    // A broken configuration: a row with its count, no summary.
    let zed = state("cases/zed");
    assert_eq!(zed["state"], "errors");
    assert!(zed["summary"].is_null());
    // A path with no case: a row saying why.
    let nowhere = state("nowhere");
    assert_eq!(nowhere["state"], "unreadable");
    assert_eq!(nowhere["reason"], "no such folder");
    // Groups: the built-in framework, t 1 and t 2 (each flagged).
    let groups = c["groups"].as_array().unwrap();
    let keys: Vec<(String, String)> = groups
        .iter()
        .map(|g| {
            (
                g["framework"]["id"].as_str().unwrap().to_string(),
                g["framework"]["version"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    for g in groups {
        let flagged = !g["caution"].is_null();
        assert_eq!(flagged, g["framework"]["id"] == "t", "{g}");
    }
    let t1 = groups
        .iter()
        .find(|g| g["framework"]["version"] == "1")
        .unwrap();
    assert_eq!(t1["caution"], "framework t 1 vs 2: compare with care");
    assert_eq!(t1["cases"].as_array().unwrap().len(), 2, "sam and lee");
    // Order: target level name, verdict (ready first), score (highest
    // first), candidate; unscored rows last.
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            r["summary"]["candidate"]
                .as_str()
                .unwrap_or(r["path"].as_str().unwrap())
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "Sam Lee",
            "Lee Broken",
            "Kim Park",
            "Alex Rivera",
            "Priya Nair",
            "cases/zed",
            "nowhere"
        ],
        "SEM before Senior Engineering Manager; Sam ready"
    );
    let by_name = json(&r, &["cases", "--sort", "name"]);
    let first: Vec<&str> = by_name["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["summary"]["candidate"].as_str())
        .collect();
    assert_eq!(
        first,
        [
            "Alex Rivera",
            "Kim Park",
            "Lee Broken",
            "Priya Nair",
            "Sam Lee"
        ]
    );
    // Any row not ok: exit 1, like status with errors.
    assert_eq!(calibrate(&r, &["cases"]).0, 1);
    assert_eq!(calibrate(&r, &["cases/sam", "cases/kim"]).0, 0);
    // No path: every case below the current folder.
    let all = json(&r, &[]);
    assert_eq!(all["cases"].as_array().unwrap().len(), 6);
}

#[test]
fn no_private_entry_shows_in_any_format_and_each_format_holds_its_shape() {
    let r = cases();
    for format in ["human", "md", "html", "json", "csv"] {
        for audience in ["manager", "shareable"] {
            let (_, out) = calibrate(&r, &["cases", "--format", format, "--audience", audience]);
            for secret in ["SECRET", "Secret Person", "2026-05-30"] {
                assert!(
                    !out.contains(secret),
                    "{format}/{audience} shows {secret}:\n{out}"
                );
            }
        }
    }
    // The candidate's own view is not a calibration.
    let (code, out) = calibrate(&r, &["cases", "--audience", "self"]);
    assert_eq!(code, 2, "{out}");
    // Human: fits 100 columns, long names wrapped.
    r.write(
        "cases/priya/promocase.yaml",
        "candidate: Priya Nair-Vandenberghe-Okonkwo Smith\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n",
    );
    let (_, human) = calibrate(&r, &["cases"]);
    for line in human.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    assert!(human.contains("Priya"), "{human}");
    assert!(human.contains("Okonkwo"), "wrapped, not cut: {human}");
    // CSV: a row per case and competency, plus one per unscored case.
    let c = json(&r, &["cases"]);
    let cells: usize = c["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["summary"]["statuses"].as_array().map_or(1, |s| s.len()))
        .sum();
    let (_, csv) = calibrate(&r, &["cases", "--format", "csv"]);
    assert_eq!(csv.lines().count(), cells + 1, "{csv}");
    assert!(csv.starts_with(
        "path,rev,candidate,framework,version,target_level,verdict,score,competency,status\n"
    ));
    // HTML: self-contained, the matrix a heat map of statuses.
    let (_, html) = calibrate(&r, &["cases", "--format", "html"]);
    for outside in ["http", "src=", "<script", "href="] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(html.contains("<td class=\"s met\">"), "{html}");
    assert!(html.contains("framework t 1 vs 2: compare with care"));
    let (_, md) = calibrate(&r, &["cases", "--format", "md"]);
    assert!(
        md.contains("| Candidate | Levels | Framework | Verdict |"),
        "{md}"
    );
    assert!(
        md.contains("**Caution:** framework t 1 vs 2: compare with care."),
        "{md}"
    );
}

#[test]
fn each_case_is_read_at_its_revision() {
    let r = cases();
    r.commit("cases", "2026-05-01");
    // After the commit, Sam loses an entry in the working tree only.
    r.remove("cases/sam/evidence/2026-04-01-y.md");
    let score = |c: &Value, p: &str| {
        c["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == p)
            .unwrap()["summary"]["score"]
            .clone()
    };
    let now = json(&r, &["cases/sam"]);
    let at_head = json(&r, &["cases/sam@HEAD"]);
    let with_rev = json(&r, &["--rev", "HEAD", "cases/sam"]);
    assert_eq!(score(&at_head, "cases/sam"), 100);
    assert_eq!(score(&with_rev, "cases/sam"), 100);
    assert_eq!(score(&now, "cases/sam"), 50);
    assert_eq!(at_head["cases"][0]["rev"], "HEAD");
}

/// Nothing under the paths given is left out in silence: a case deep in a
/// tree is found, a folder that cannot be searched is a row saying why, the
/// same case at two revisions is two rows, and `-v` lists the folders
/// skipped by name.
#[test]
fn no_case_is_dropped_without_a_word() {
    use std::os::unix::ffi::OsStrExt;
    let r = TestRepo::new();
    custom_case(
        &r,
        "a/b/c/d/e/f/g/h/deep",
        "Deep",
        "1",
        &[("2026-03-01", "x")],
    );
    custom_case(&r, "jordan", "Jordan", "1", &[("2026-03-01", "x")]);
    let tag_at = r.commit("one", "2026-03-02");
    r.repo
        .tag_lightweight(
            "june",
            &r.repo
                .find_object(git2::Oid::from_str(&tag_at).unwrap(), None)
                .unwrap(),
            false,
        )
        .unwrap();
    custom_case(
        &r,
        "jordan",
        "Jordan",
        "1",
        &[("2026-03-01", "x"), ("2026-04-01", "y")],
    );
    r.commit("two", "2026-04-02");
    std::fs::create_dir_all(r.path().join("node_modules/pkg")).unwrap();
    let bad = r.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&bad).unwrap();
    let o = run(
        r.path(),
        &["-v", "calibrate", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a row is not clean: {}",
        stderr(&o)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["cases"].as_array().unwrap();
    let path_of = |r: &Value| r["path"].as_str().unwrap().to_string();
    assert!(
        rows.iter()
            .any(|r| path_of(r).ends_with("deep") && r["state"] == "ok"),
        "{v}"
    );
    let unreadable = rows
        .iter()
        .find(|r| path_of(r).contains("caf"))
        .expect("the non-UTF-8 folder");
    assert_eq!(unreadable["state"], "unreadable");
    assert!(
        unreadable["reason"].as_str().unwrap().contains("not UTF-8"),
        "{unreadable}"
    );
    assert!(
        stderr(&o).contains("skipped node_modules/"),
        "{}",
        stderr(&o)
    );
    // The same case at two revisions: two rows, each naming its revision.
    let v: Value = common::json(
        r.path(),
        &[
            "calibrate",
            "jordan",
            "jordan@june",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ],
        None,
    );
    let revs: Vec<&Value> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["rev"])
        .collect();
    assert_eq!(revs.len(), 2, "{v}");
    assert!(
        revs.contains(&&Value::Null) && revs.contains(&&Value::from("june")),
        "{v}"
    );
}

/// For a committee (`--audience shareable`), calibrate makes no verdict or
/// score claim, as the shareable brief makes none: null in JSON, and no
/// verdict or score column in the tables or in CSV.
#[test]
fn a_committee_calibration_shows_no_verdict_and_no_score() {
    let r = cases();
    let (_, json) = calibrate(
        &r,
        &["cases", "--format", "json", "--audience", "shareable"],
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    for row in v["cases"].as_array().unwrap() {
        if !row["summary"].is_null() {
            assert!(
                row["summary"]["verdict"].is_null() && row["summary"]["score"].is_null(),
                "{row}"
            );
        }
    }
    for format in ["human", "md", "html"] {
        let (_, out) = calibrate(
            &r,
            &["cases", "--format", format, "--audience", "shareable"],
        );
        for claim in [
            "not-yet", "ready", "%", "verdict", "Verdict", "score", "Score",
        ] {
            assert!(!out.contains(claim), "{format} says {claim}: {out}");
        }
    }
    let (_, csv) = calibrate(&r, &["cases", "--format", "csv", "--audience", "shareable"]);
    assert!(
        !csv.contains("not-yet") && !csv.contains(",ready,"),
        "{csv}"
    );
    let header = csv.lines().next().unwrap();
    assert!(
        !header.contains("verdict") && !header.contains("score"),
        "{header}"
    );
    assert!(header.contains("status"), "{header}");
    // The manager's calibration keeps them.
    let (_, json) = calibrate(&r, &["cases", "--format", "json"]);
    assert!(json.contains("\"verdict\": \"not-yet\""), "{json}");
}
