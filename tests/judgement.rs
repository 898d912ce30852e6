//! Judgement on evidence: ratings in feedback, and a level's `basis`
//! (evidence, judgement, both), at every edge: the latest rating, the same
//! day, outside the window, invisible to the audience, of a kind the level
//! does not count; `both` with and without a rating; timeline rows equal
//! status for a judged framework.

mod common;

use common::{run, stdout, TestRepo};
use serde_json::Value;

/// Two competencies (x, y), one piece each at team scope, at level `sem`
/// whose extra fields are `level` (`, basis: judgement`, ...).
fn framework(level: &str) -> String {
    format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM{level}}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team, within_months: 6}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team, within_months: 6}}\n")
}

/// Feedback rating x, as (file name, date, kind, rating, visibility).
type Rated<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn case(level: &str, x_evidence: bool, ratings: &[Rated<'_>]) -> TestRepo {
    let r = TestRepo::new();
    r.write("fw.yaml", &framework(level));
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    if x_evidence {
        r.write(
            "evidence/2026/2026-05-01-x.md",
            "---\ndate: 2026-05-01\ntitle: On x\ncompetencies: [x]\nscope: team\nimpact: x\n---\nn\n",
        );
    }
    for (name, date, kind, rating, vis) in ratings {
        r.write(
            &format!("feedback/2026/{name}.md"),
            &format!("---\ndate: {date}\nfrom: Dana {name}\nkind: {kind}\nratings: {{x: {rating}}}\nvisibility: {vis}\n---\nn\n"),
        );
    }
    r
}

fn status(r: &TestRepo, audience: &str) -> Value {
    common::json(
        r.path(),
        &[
            "status",
            "--format",
            "json",
            "--as-of",
            "2026-06-30",
            "--audience",
            audience,
        ],
        None,
    )
}

fn x(v: &Value) -> Value {
    v["competencies"][0].clone()
}

#[test]
fn the_judgement_is_the_latest_counted_rating_the_audience_sees_in_the_window() {
    let j = ", basis: judgement";
    // (what, evidence for x, ratings, audience, status of x, rating that counts)
    type Row<'a> = (
        &'a str,
        bool,
        &'a [Rated<'a>],
        &'a str,
        &'a str,
        Option<&'a str>,
    );
    let table: &[Row<'_>] = &[
        (
            "no rating: missing, whatever the evidence",
            true,
            &[],
            "manager",
            "missing",
            None,
        ),
        (
            "the latest counts",
            false,
            &[
                ("a", "2026-03-01", "one-on-one", "met", "manager"),
                (
                    "b",
                    "2026-05-01",
                    "promotion-conversation",
                    "developing",
                    "manager",
                ),
            ],
            "manager",
            "developing",
            Some("developing"),
        ),
        (
            "the same day: the later path",
            false,
            &[
                ("b", "2026-05-01", "one-on-one", "met", "manager"),
                ("a", "2026-05-01", "one-on-one", "strong", "manager"),
            ],
            "manager",
            "met",
            Some("met"),
        ),
        (
            "outside the window (6 months before 2026-06-30): not counted",
            true,
            &[(
                "a",
                "2025-12-30",
                "promotion-conversation",
                "strong",
                "manager",
            )],
            "manager",
            "missing",
            None,
        ),
        (
            "the first day inside the window counts",
            false,
            &[(
                "a",
                "2025-12-31",
                "promotion-conversation",
                "strong",
                "manager",
            )],
            "manager",
            "strong",
            Some("strong"),
        ),
        (
            "private feedback: not for the manager",
            false,
            &[(
                "a",
                "2026-05-01",
                "promotion-conversation",
                "strong",
                "private",
            )],
            "manager",
            "missing",
            None,
        ),
        (
            "private feedback: the candidate sees it",
            false,
            &[(
                "a",
                "2026-05-01",
                "promotion-conversation",
                "strong",
                "private",
            )],
            "self",
            "strong",
            Some("strong"),
        ),
        (
            "a peer's rating: others' view, never counted",
            true,
            &[("a", "2026-05-01", "peer", "strong", "manager")],
            "manager",
            "missing",
            None,
        ),
    ];
    for (what, ev, ratings, audience, want, rating) in table {
        let r = case(j, *ev, ratings);
        let v = status(&r, audience);
        assert_eq!(v["basis"], "judgement", "{what}");
        let c = x(&v);
        assert_eq!(c["status"], *want, "{what}: {c}");
        assert_eq!(c["judgement"]["rating"].as_str(), *rating, "{what}: {c}");
    }
    // The peer's rating is shown as others' view.
    let r = case(j, true, &[("a", "2026-05-01", "peer", "strong", "manager")]);
    assert_eq!(x(&status(&r, "manager"))["others"][0]["kind"], "peer");
    // A level may name whose ratings count.
    let r = case(
        ", basis: judgement, judged_by: [peer]",
        false,
        &[("a", "2026-05-01", "peer", "strong", "manager")],
    );
    assert_eq!(x(&status(&r, "manager"))["status"], "strong");
}

#[test]
fn each_basis_decides_the_status_its_way() {
    let dev = [(
        "a",
        "2026-05-01",
        "promotion-conversation",
        "developing",
        "manager",
    )];
    let strong = [(
        "a",
        "2026-05-01",
        "promotion-conversation",
        "strong",
        "manager",
    )];
    // (basis, evidence for x, ratings, status of x, score of x)
    let table: &[(&str, bool, &[Rated<'_>], &str, u64)] = &[
        // evidence: the rating is shown, not counted
        ("", true, &dev, "met", 100),
        // judgement: the rating (scores: met/strong 100, developing 50)
        (", basis: judgement", true, &dev, "developing", 50),
        (", basis: judgement", false, &strong, "strong", 100),
        // both: the lower of the two; no rating: at most developing
        (", basis: both", true, &dev, "developing", 50),
        (", basis: both", true, &[], "developing", 50),
        (", basis: both", false, &strong, "missing", 0),
        (", basis: both", true, &strong, "met", 100),
    ];
    for (basis, ev, ratings, want, score) in table {
        let v = status(&case(basis, *ev, ratings), "manager");
        let c = x(&v);
        assert_eq!(
            (c["status"].as_str(), c["score"].as_u64()),
            (Some(*want), Some(*score)),
            "{basis} {ev} {ratings:?}: {c}"
        );
    }
    // On an evidence basis, a disagreement is said under the row.
    let r = case("", true, &dev);
    let out = stdout(&run(r.path(), &["status", "--as-of", "2026-06-30"]));
    assert!(
        out.contains("judged: Dana a: developing; the evidence: met (they disagree)"),
        "{out}"
    );
    // Under judgement, what would meet it is a rating.
    let v = status(&case(", basis: judgement", true, &[]), "manager");
    assert_eq!(
        x(&v)["missing"][0],
        "a rating of met or strong in a promotion-conversation or one-on-one"
    );
}

#[test]
fn check_refuses_ratings_and_levels_it_cannot_use() {
    let rows = [
        ("ratings: {z: met}", "unknown competency `z`"),
        (
            "ratings: {x: meets}",
            "`meets` is not a rating: developing, met or strong",
        ),
        ("ratings: [x]", "`ratings` must be a mapping"),
    ];
    for (field, says) in rows {
        let r = case("", false, &[]);
        r.write(
            "feedback/2026/f.md",
            &format!("---\ndate: 2026-05-01\nfrom: Dana\nkind: one-on-one\n{field}\n---\nn\n"),
        );
        let o = run(r.path(), &["check", "--as-of", "2026-06-30"]);
        assert_eq!(o.status.code(), Some(1), "{field}");
        assert!(
            stdout(&o).contains(says) && stdout(&o).contains("f.md:5:"),
            "{field}: {}",
            stdout(&o)
        );
    }
    let r = case(", basis: judgement, judged_by: [one-on-once]", false, &[]);
    let o = run(r.path(), &["check"]);
    assert!(
        stdout(&o).contains("`one-on-once` is not a kind of feedback"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("did you mean `one-on-one`?"),
        "{}",
        stdout(&o)
    );
    let r = case(", basis: votes", false, &[]);
    assert!(stdout(&run(r.path(), &["check"])).contains("unknown variant `votes`"));
}

#[test]
fn timeline_rows_equal_status_for_a_judged_framework() {
    let r = case(", basis: both", true, &[]);
    r.commit("one", "2026-05-02");
    r.write(
        "feedback/2026/pc.md",
        "---\ndate: 2026-06-01\nfrom: Dana\nkind: promotion-conversation\nratings: {x: strong, y: met}\n---\nn\n",
    );
    r.commit("rated", "2026-06-02");
    let t: Value = common::json(r.path(), &["timeline", "--format", "json"], None);
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for (row, rev) in rows.iter().zip(["HEAD~1", "HEAD"]) {
        let s: Value = common::json(
            r.path(),
            &["status", "--rev", rev, "--format", "json"],
            None,
        );
        let statuses: Vec<&Value> = s["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["status"])
            .collect();
        let row_statuses: Vec<&Value> = row["statuses"].as_array().unwrap().iter().collect();
        assert_eq!(row_statuses, statuses, "{rev}");
        assert_eq!(row["score"], s["score"], "{rev}");
        assert_eq!(row["verdict"], s["verdict"], "{rev}");
    }
    assert_eq!(
        rows[1]["statuses"][0], "met",
        "x: evidence met, judged strong: the lower"
    );
    assert_eq!(rows[1]["basis"], "both");
    // diff and calibrate carry the basis and each judgement too.
    let d: Value = common::json(
        r.path(),
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        None,
    );
    assert_eq!(d["to"]["basis"], "both");
    let x = d["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "x")
        .unwrap()
        .clone();
    assert_eq!(x["judgement"]["rating"], "strong", "{x}");
    let c: Value = common::json(
        r.path(),
        &[
            "calibrate",
            ".",
            "--format",
            "json",
            "--as-of",
            "2026-06-30",
        ],
        None,
    );
    let summary = &c["cases"][0]["summary"];
    assert_eq!(summary["basis"], "both", "{c}");
    assert_eq!(summary["statuses"][0]["judgement"], "strong", "{c}");
}
