//! Frameworks as real companies write them: verdict rules per level
//! (`all`, `at-least`, `score`, `holistic`, with `required` and sustained
//! months) at their edges and as `check` validates them; levels that must
//! rise and tracks; a home scope that says where "beyond my team" starts.

mod common;

use common::{run, stderr, stdout, TestRepo};
use promocase::case::{self, ParseCache};
use promocase::date::parse;
use promocase::readiness::{assess, Audience, Verdict};
use promocase::source::{blob_id, Origin, Snapshot, SourceFile};
use std::sync::Arc;

/// Three competencies (x, y, z; weights 1, 1, 2) each needing one piece at
/// team scope, at level `sem` whose verdict line is `verdict`.
fn framework(verdict: &str) -> String {
    format!("id: t\nname: T\nversion: \"1\"\nscopes: [team, org]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM{verdict}}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: z\n    name: Z\n    weight: 2\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
}

fn files(verdict: &str, met: &[&str]) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "promocase.yaml".to_string(),
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n".to_string(),
        ),
        ("fw.yaml".to_string(), framework(verdict)),
    ];
    for (i, id) in met.iter().enumerate() {
        files.push((
            format!("evidence/2026-05-0{}-e{i}.md", i + 1),
            format!("---\ndate: 2026-05-0{}\ntitle: E{i}\ncompetencies: [{id}]\nscope: team\nimpact: x\n---\nn\n", i + 1),
        ));
    }
    files
}

/// The verdict and its words for a case where `met` competencies are met.
fn verdict(rule: &str, met: &[&str]) -> (Verdict, u32, Vec<String>) {
    let snap = Snapshot {
        origin: Origin::WorkingTree,
        case: Default::default(),
        files: files(rule, met)
            .iter()
            .map(|(p, t)| SourceFile {
                path: p.as_str().into(),
                bytes: Arc::new(t.clone().into_bytes()),
                blob: blob_id(t.as_bytes()).into(),
            })
            .collect(),
        problems: vec![],
    };
    let as_of = parse("2026-06-01").unwrap();
    let loaded = case::load(&snap, as_of, &mut ParseCache::default());
    assert_eq!(loaded.errors(), 0, "{rule}: {:#?}", loaded.diagnostics);
    let r = assess(loaded.case.as_ref().unwrap(), as_of, Audience::Manager);
    (r.verdict, r.score, r.verdict_detail)
}

#[test]
fn each_rule_at_its_edges() {
    use Verdict::*;
    let table: &[(&str, &[&str], Verdict)] = &[
        // all (the default, and written out)
        ("", &["x", "y", "z"], Ready),
        ("", &["x", "y"], NotYet),
        (", verdict: {rule: all}", &["x", "y"], NotYet),
        // at-least N: N-1 and N met
        (", verdict: {rule: at-least, met: 2}", &["x"], NotYet),
        (", verdict: {rule: at-least, met: 2}", &["x", "y"], Ready),
        // required fails alone, whatever else passes
        (
            ", verdict: {rule: at-least, met: 2, required: [z]}",
            &["x", "y"],
            NotYet,
        ),
        (
            ", verdict: {rule: at-least, met: 2, required: [z]}",
            &["x", "z"],
            Ready,
        ),
        // score: weights count (z weighs 2 of 4): exactly 50% passes 50
        (", verdict: {rule: score, score: 50}", &["z"], Ready),
        (", verdict: {rule: score, score: 51}", &["z"], NotYet),
        (", verdict: {rule: score, score: 50}", &["x"], NotYet),
        // holistic: no verdict at all
        (", verdict: {rule: holistic}", &["x", "y", "z"], NoVerdict),
        (", verdict: {rule: holistic}", &[], NoVerdict),
        // at-least a fraction of the assessed, rounded up: 2/3 of 3 is 2,
        // 1/2 of 3 is 2 (ceil), 1/3 of 3 is 1
        (", verdict: {rule: at-least, met: \"2/3\"}", &["x"], NotYet),
        (
            ", verdict: {rule: at-least, met: \"2/3\"}",
            &["x", "y"],
            Ready,
        ),
        (", verdict: {rule: at-least, met: \"1/2\"}", &["x"], NotYet),
        (
            ", verdict: {rule: at-least, met: \"1/2\"}",
            &["x", "z"],
            Ready,
        ),
        (", verdict: {rule: at-least, met: \"1/3\"}", &["y"], Ready),
        (
            ", verdict: {rule: at-least, met: \"3/3\"}",
            &["x", "y"],
            NotYet,
        ),
        // sustained months must be met for every rule but holistic
        (
            ", sustained_months: 2, verdict: {rule: at-least, met: 1}",
            &["x"],
            NotYet,
        ),
    ];
    for (rule, met, want) in table {
        let (got, score, words) = verdict(rule, met);
        assert_eq!(got, *want, "{rule} with {met:?} met ({score}%): {words:?}");
    }
    let (_, _, words) = verdict(
        ", verdict: {rule: at-least, met: 2, required: [z]}",
        &["x", "y"],
    );
    assert_eq!(
        words,
        ["2 of 3 met, needs 2: passes", "required Z: missing: fails"]
    );
}

#[test]
fn holistic_reads_as_no_verdict_in_every_output() {
    let r = TestRepo::new();
    for (p, t) in files(", verdict: {rule: holistic}", &["x"]) {
        r.write(&p, &t);
    }
    r.commit("case", "2026-05-10");
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(r.path(), args);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{args:?}: {}", stderr(&o)))
    };
    let st = json(&["status", "--format", "json", "--as-of", "2026-06-01"]);
    assert_eq!(
        (st["verdict"].as_str(), st["verdict_rule"]["rule"].as_str()),
        (Some("none"), Some("holistic"))
    );
    let b = json(&["brief", "--format", "json", "--as-of", "2026-06-01"]);
    assert_eq!(b["summary"]["verdict"], "none");
    let d = json(&["diff", "HEAD", "HEAD", "--format", "json"]);
    assert_eq!(
        (
            d["to"]["verdict"].as_str(),
            d["to"]["verdict_rule"].as_str()
        ),
        (Some("none"), Some("holistic"))
    );
    let t = json(&["timeline", "--format", "json"]);
    assert_eq!(
        (
            t["rows"][0]["verdict"].as_str(),
            t["rows"][0]["verdict_rule"].as_str()
        ),
        (Some("none"), Some("holistic"))
    );
    let human = stdout(&run(r.path(), &["status", "--as-of", "2026-06-01"]));
    assert!(
        human.contains("verdict none (judged as a whole)"),
        "{human}"
    );
    let md = stdout(&run(
        r.path(),
        &["brief", "--as-of", "2026-06-01", "--audience", "self"],
    ));
    assert!(
        md.contains("No verdict: this level is judged as a whole by people"),
        "{md}"
    );
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-01"]));
    assert!(
        md.contains("the level is judged as a whole, with no verdict by rule"),
        "the summary for calibration says it: {md}"
    );
    let html = stdout(&run(
        r.path(),
        &["brief", "--format", "html", "--as-of", "2026-06-01"],
    ));
    assert!(html.contains("judged as a whole"));
}

#[test]
fn check_validates_verdict_rules_with_a_place() {
    let rows = [
        (", verdict: {rule: at-least}", "`at-least` needs `met`"),
        (
            ", verdict: {rule: at-least, met: 4}",
            "`met` must be from 1 to the 3 competencies",
        ),
        (
            ", verdict: {rule: at-least, met: 0}",
            "`met` must be from 1",
        ),
        (
            ", verdict: {rule: score, score: 101}",
            "`score` must be a whole percentage from 1 to 100",
        ),
        (", verdict: {rule: score}", "`score` needs `score`"),
        (
            ", verdict: {rule: all, required: [q]}",
            "required competency `q` is not assessed at `sem`",
        ),
        (
            ", verdict: {rule: holistic, required: [x]}",
            "`required` says nothing",
        ),
        (", verdict: {rule: most}", "unknown variant"),
        // Fractions: malformed, zero, above one.
        (
            ", verdict: {rule: at-least, met: \"0/3\"}",
            "a fraction of the assessed competencies",
        ),
        (", verdict: {rule: at-least, met: \"4/3\"}", "found \"4/3\""),
        (", verdict: {rule: at-least, met: \"2/0\"}", "found \"2/0\""),
        (
            ", verdict: {rule: at-least, met: \"most\"}",
            "found \"most\"",
        ),
        (
            ", verdict: {rule: at-least, met: \"1/2/3\"}",
            "found \"1/2/3\"",
        ),
        (
            ", verdict: {rule: all, met: \"2/3\"}",
            "`met` belongs to the `at-least` rule",
        ),
        (", verdict: {rule: all, floor: good}", "unknown variant"),
        (
            ", verdict: {rule: holistic, floor: met}",
            "`floor` says nothing",
        ),
    ];
    for (rule, message) in rows {
        let r = TestRepo::new();
        for (p, t) in files(rule, &[]) {
            r.write(&p, &t);
        }
        let o = run(r.path(), &["check", "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{rule}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = &v["diagnostics"][0];
        assert_eq!(d["code"], "framework-invalid", "{rule}: {v}");
        assert!(
            d["message"].as_str().unwrap().contains(message),
            "{rule}: {}",
            d["message"]
        );
        assert_eq!(d["line"], 7, "{rule}: on the level's line");
    }
}

#[test]
fn levels_must_rise_and_a_track_switch_is_said() {
    let fw = "id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM, track: management}\n  - {id: sem, name: SEM, track: management}\n  - {id: staff, name: Staff, track: ic}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      em: {evidence: 1, scope: team}\n      sem: {evidence: 1, scope: team}\n      staff: {evidence: 1, scope: team}\n";
    let codes = |current: &str, target: &str, extra: &str| -> Vec<String> {
        let r = TestRepo::new();
        r.write("fw.yaml", fw);
        r.write(
            "promocase.yaml",
            &format!("candidate: C\nframework: fw.yaml\ncurrent_level: {current}\ntarget_level: {target}\n{extra}"),
        );
        let v: serde_json::Value = common::json(r.path(), &["check", "--format", "json"], None);
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(codes("em", "sem", "").is_empty());
    let down = codes("sem", "em", "");
    assert!(
        down[0].starts_with("config-invalid target level `em` is not above current level `sem`"),
        "{down:?}"
    );
    assert!(codes("em", "em", "")[0].contains("is not above"));
    let switch = codes("em", "staff", "");
    assert_eq!(
        switch,
        ["track-change `staff` is on the `ic` track, `em` on `management`"]
    );
    assert!(codes("em", "staff", "track_change: true\n").is_empty());
}

#[test]
fn impact_beyond_my_team_starts_above_the_home_scope() {
    let fw = |home: &str| {
        format!("id: x\nname: y\nversion: \"1\"\nscopes: [subsystem, team, org]\n{home}levels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: subsystem}}\n")
    };
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    for (i, scope) in ["subsystem", "team", "org"].iter().enumerate() {
        r.write(
            &format!("evidence/2026-05-0{}-e.md", i + 1),
            &format!("---\ndate: 2026-05-0{}\ntitle: At {scope}\ncompetencies: [a]\nscope: {scope}\nimpact: x\n---\nn\n", i + 1),
        );
    }
    let beyond = |home: &str| -> Vec<String> {
        r.write("fw.yaml", &fw(home));
        let v: serde_json::Value = common::json(
            r.path(),
            &["brief", "--format", "json", "--as-of", "2026-06-01"],
            None,
        );
        v["case"]["beyond_team"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["scope"].as_str().unwrap().to_string())
            .collect()
    };
    // Default: the narrowest scope is the team's own.
    let mut d = beyond("");
    d.sort();
    assert_eq!(d, ["org", "team"]);
    assert_eq!(beyond("home_scope: team\n"), ["org"]);
    // new defaults to the home scope.
    let o = run(r.path(), &["new", "Something", "-c", "a"]);
    let text = std::fs::read_to_string(r.path().join(stdout(&o).trim())).unwrap();
    assert!(text.contains("\nscope: team\n"), "{text}");
    // An unknown home scope is a framework error.
    r.write("fw.yaml", &fw("home_scope: squad\n"));
    let o = run(r.path(), &["check"]);
    assert!(
        stdout(&o).contains("`home_scope` `squad` is not one of the scopes"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn implied_competencies_count_transitively_and_cycles_are_refused() {
    let fw = |implies_of_follow: &str| {
        format!("id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: defines\n    name: Defines\n    description: d\n    implies: [adjusts]\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: adjusts\n    name: Adjusts\n    description: d\n    implies: [follows]\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: follows\n    name: Follows\n    description: d\n{implies_of_follow}    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: other\n    name: Other\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
    };
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    r.write("fw.yaml", &fw(""));
    r.write("evidence/2026-05-01-e.md", "---\ndate: 2026-05-01\ntitle: Set the direction\ncompetencies: [defines]\nscope: team\nimpact: x\n---\nn\n");
    let v: serde_json::Value = common::json(
        r.path(),
        &["status", "--format", "json", "--as-of", "2026-06-01"],
        None,
    );
    let status = |id: &str| {
        v["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(
        (status("defines"), status("adjusts"), status("follows")),
        ("met".into(), "met".into(), "met".into())
    );
    assert_eq!(status("other"), "missing");
    // A cycle, and an unknown id, are framework errors.
    for (extra, message) in [
        ("    implies: [defines]\n", "`follows` implies itself"),
        (
            "    implies: [adjust]\n",
            "`follows` implies `adjust`, which is not defined",
        ),
    ] {
        r.write("fw.yaml", &fw(extra));
        let o = run(r.path(), &["check", "--format", "json"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).contains(message), "{extra}: {}", stdout(&o));
    }
}

#[test]
fn evidence_that_closes_an_action_answers_it_by_its_date_for_those_who_see_it() {
    let r = TestRepo::new();
    for (p, t) in files("", &[]) {
        r.write(&p, &t);
    }
    r.write(
        "feedback/2026-03-01-one-on-one.md",
        "---\ndate: 2026-03-01\nfrom: Dana (manager)\nkind: one-on-one\ngaps: [x]\nactions:\n  - {do: Write the hiring plan, id: hiring-plan, due: 2026-06-30}\n  - {do: Something else, due: 2026-07-31}\n---\nNotes.\n",
    );
    r.write(
        "evidence/2026-05-10-plan.md",
        "---\ndate: 2026-05-10\ntitle: Wrote the hiring plan\ncompetencies: [x]\nscope: team\nimpact: x\ncloses: [hiring-plan]\nvisibility: private\n---\nn\n",
    );
    let feedback = |as_of: &str, audience: &str| -> serde_json::Value {
        let v: serde_json::Value = common::json(
            r.path(),
            &[
                "status",
                "--format",
                "json",
                "--as-of",
                as_of,
                "--audience",
                audience,
            ],
            None,
        );
        v["feedback"].clone()
    };
    // Before T: still open. On T and after: acted on, answered by the entry.
    let before = feedback("2026-05-09", "self");
    assert_eq!(before["actions"].as_array().unwrap().len(), 2);
    assert!(before["acted_on"].as_array().unwrap().is_empty());
    for as_of in ["2026-05-10", "2026-06-01"] {
        let f = feedback(as_of, "self");
        assert_eq!(f["actions"].as_array().unwrap().len(), 1, "{as_of}");
        assert_eq!(f["acted_on"][0]["done"], "2026-05-10", "{as_of}");
        assert_eq!(
            f["acted_on"][0]["answered_by"]["title"],
            "Wrote the hiring plan"
        );
        // The gap named in feedback, with the competency's status now.
        assert_eq!(
            (
                f["gaps"][0]["status_now"].as_str(),
                f["gaps"][0]["addressed"].as_bool()
            ),
            (Some("met"), Some(true))
        );
    }
    // Only evidence the audience sees can close an action.
    let manager = feedback("2026-06-01", "manager");
    assert_eq!(manager["actions"].as_array().unwrap().len(), 2);
    assert!(manager["acted_on"].as_array().unwrap().is_empty());
    // The brief says so.
    let md = stdout(&run(
        r.path(),
        &["brief", "--audience", "self", "--as-of", "2026-06-01"],
    ));
    assert!(
        md.contains("### Acted on feedback") && md.contains("answered by *Wrote the hiring plan*"),
        "{md}"
    );
    // An unknown id is an error with the ids there are.
    r.write(
        "evidence/2026-05-10-plan.md",
        "---\ndate: 2026-05-10\ntitle: Wrote the hiring plan\ncompetencies: [x]\nscope: team\nimpact: x\ncloses: [hiring-plans]\n---\nn\n",
    );
    let o = run(r.path(), &["check"]);
    assert!(
        stdout(&o).contains("error[unknown-action]")
            && stdout(&o).contains("did you mean `hiring-plan`?"),
        "{}",
        stdout(&o)
    );
}

/// A framework whose one competency at `sem` needs one piece and `b` of
/// three behaviours.
fn behaviour_framework(b: usize) -> String {
    format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: lead\n    name: Lead\n    description: d\n    expectations:\n      sem:\n        evidence: 1\n        scope: team\n        behaviours_required: {b}\n        behaviours:\n          - {{id: sets-direction, text: Sets direction across several teams}}\n          - {{id: grows-managers, text: Grows managers}}\n          - {{id: shapes-org, text: Shapes the organisation}}\n  - id: other\n    name: Other\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
}

fn behaviour_case(b: usize, shows: &[&[&str]]) -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    r.write("fw.yaml", &behaviour_framework(b));
    for (i, s) in shows.iter().enumerate() {
        r.write(
            &format!("evidence/2026-05-0{}-e{i}.md", i + 1),
            &format!("---\ndate: 2026-05-0{}\ntitle: Piece {i}\ncompetencies: [lead]\nscope: team\nimpact: x\nshows: [{}]\n---\nn\n", i + 1, s.join(", ")),
        );
    }
    r
}

#[test]
fn behaviours_required_at_zero_one_short_and_enough() {
    let lead = |b: usize, shows: &[&[&str]]| -> (String, u64, Vec<String>) {
        let r = behaviour_case(b, shows);
        let v: serde_json::Value = common::json(
            r.path(),
            &["status", "--format", "json", "--as-of", "2026-06-01"],
            None,
        );
        let c = v["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "lead")
            .unwrap()
            .clone();
        let missing = serde_json::from_value(c["missing"].clone()).unwrap();
        (
            c["status"].as_str().unwrap().to_string(),
            c["score"].as_u64().unwrap(),
            missing,
        )
    };
    // B = 0: behaviours are listed, none is needed.
    assert_eq!(lead(0, &[&[]]).0, "met");
    // B = 2 with 1 shown: one piece counted, so 1/1 and 1/2: 75%, developing.
    let (status, score, missing) = lead(2, &[&["sets-direction"]]);
    assert_eq!((status.as_str(), score), ("developing", 75));
    assert!(
        missing[0].starts_with(
            "1 more behaviour not shown yet (of: Grows managers; Shapes the organisation)"
        ),
        "{missing:?}"
    );
    // B = 2 with 2 distinct shown (across two pieces): met; the same one twice is one.
    assert_eq!(
        lead(2, &[&["sets-direction"], &["grows-managers"]]).0,
        "strong"
    );
    assert_eq!(
        lead(2, &[&["sets-direction"], &["sets-direction"]]).0,
        "developing"
    );
    assert_eq!(lead(2, &[&["sets-direction", "grows-managers"]]).0, "met");
}

#[test]
fn behaviours_are_checked_listed_in_the_brief_and_followed_by_timeline() {
    let r = behaviour_case(2, &[&["sets-direction"]]);
    // A behaviour of a competency the entry is not tagged with.
    r.write(
        "evidence/2026-05-09-other.md",
        "---\ndate: 2026-05-09\ntitle: Other work\ncompetencies: [other]\nscope: team\nimpact: x\nshows: [grows-managers]\n---\nn\n",
    );
    let o = run(r.path(), &["check"]);
    assert!(
        stdout(&o).contains(
            "`grows-managers` is a behaviour of `lead`, which this entry is not tagged with"
        ),
        "{}",
        stdout(&o)
    );
    r.remove("evidence/2026-05-09-other.md");
    // The brief lists each behaviour with what shows it (in the manager's
    // version the title has been said twice by then: a link by date).
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-01"]));
    assert!(
        md.contains("- ✓ Sets direction across several teams: shown by [entry of 2026-05-01](#ev-2026-05-01-e0)"),
        "{md}"
    );
    let md = stdout(&run(
        r.path(),
        &["brief", "--as-of", "2026-06-01", "--audience", "self"],
    ));
    assert!(
        md.contains(
            "- ✓ Sets direction across several teams: shown by [Piece 0](#ev-2026-05-01-e0)"
        ),
        "{md}"
    );
    assert!(md.contains("- ○ Grows managers: not shown yet"), "{md}");
    // status JSON carries the same behaviours, with the paths showing each;
    // a competency that lists none has no `behaviours` key.
    let s: serde_json::Value = common::json(
        r.path(),
        &["status", "--as-of", "2026-06-01", "--format", "json"],
        None,
    );
    let b = &s["competencies"][0]["behaviours"];
    assert_eq!(b[0]["id"], "sets-direction", "{s}");
    assert_eq!(b[0]["shown_by"].as_array().map(Vec::len), Some(1), "{s}");
    assert_eq!(b[1]["shown_by"].as_array().map(Vec::len), Some(0), "{s}");
    assert!(s["competencies"][1].get("behaviours").is_none(), "{s}");
    // A behaviour framework's timeline rows agree with status at each commit.
    r.commit("one", "2026-05-02");
    r.write(
        "evidence/2026-05-03-e9.md",
        "---\ndate: 2026-05-03\ntitle: More\ncompetencies: [lead]\nscope: team\nimpact: x\nshows: [grows-managers]\n---\nn\n",
    );
    r.commit("two", "2026-05-04");
    let rows = timeline_agreeing_with_status(&r);
    assert_eq!(rows[1]["statuses"][0], "strong");
}

/// The timeline's rows, each checked against `status` at its commit and
/// as-of date (score and first competency's status).
fn timeline_agreeing_with_status(r: &TestRepo) -> Vec<serde_json::Value> {
    let t: serde_json::Value = common::json(r.path(), &["timeline", "--format", "json"], None);
    let rows = t["rows"].as_array().unwrap().clone();
    for row in &rows {
        let rev = row["commit"].as_str().unwrap();
        let as_of = row["as_of"].as_str().unwrap();
        let s: serde_json::Value = common::json(
            r.path(),
            &["status", "--rev", rev, "--as-of", as_of, "--format", "json"],
            None,
        );
        assert_eq!(row["score"], s["score"], "{rev}");
        assert_eq!(row["statuses"][0], s["competencies"][0]["status"], "{rev}");
    }
    rows
}

/// Import a ladder, put it in a case as its framework, and check the case.
fn import_and_check(args: &[&str], file: &str, text: &str, target: &str) -> (String, String) {
    let r = TestRepo::new();
    r.write(file, text);
    let mut all = vec!["framework", "import"];
    all.extend_from_slice(args);
    all.push(file);
    all.extend_from_slice(&["-o", "fw.yaml"]);
    let o = run(r.path(), &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(r.path().join("fw.yaml")).unwrap();
    let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let first_level = v["levels"][0]["id"].as_str().unwrap().to_string();
    r.write(
        "promocase.yaml",
        &format!("candidate: C\nframework: fw.yaml\ncurrent_level: {first_level}\ntarget_level: {target}\n"),
    );
    let o = run(r.path(), &["check"]);
    (yaml, stdout(&o))
}

#[test]
fn a_spreadsheet_ladder_imports_to_a_framework_check_accepts() {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ladders/em-ladder.csv"
    ))
    .unwrap();
    let (yaml, check) = import_and_check(&["--from", "csv"], "ladder.csv", &csv, "senior-em");
    assert!(check.contains("0 errors"), "{check}\n{yaml}");
    // Stated numbers are kept; unstated ones carry a comment.
    assert!(
        yaml.contains("        evidence: 3\n        scope: cross-team\n        months: 3\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("      # evidence: not in the source: agree it with your manager\n      # behaviours_required: not in the source: agree it with your manager\n      senior-em:\n        evidence: 1\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "        - id: grows-leads\n          text: Grows engineers into leads, and leads into managers\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("        behaviours_required: 1\n"));
    // The example states its scopes' order and its levels' structure.
    assert!(
        yaml.contains("scopes:\n- team\n- cross-team\n- organisation\n"),
        "{yaml}"
    );
    assert!(!yaml.contains("promocase's default order"), "{yaml}");
    assert!(
        yaml.contains("    met: 1/2\n") && yaml.contains("  sustained_months: 6\n"),
        "{yaml}"
    );
    // A bad number names the line.
    let r = TestRepo::new();
    r.write("bad.csv", "competency,level,evidence\na,em,two\n");
    let o = run(
        r.path(),
        &["framework", "import", "--from", "csv", "bad.csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.csv:2: `evidence` must be a whole number, found `two`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_ft_job_family_imports_with_proficiency_counts() {
    // Our own fixture in the FT layout (levels; themes; statements).
    let ft = "name: Test Family\nlevels:\n  - {id: eng, name: Engineer}\n  - {id: senior, name: Senior Engineer}\nthemes:\n  - id: planning\n    name: Planning\n    summary: |\n      Plans the work.\n  - id: people\n    name: People\n    summary: Helps others grow.\ncompetencies:\n  - {id: s1, level: eng, theme: planning, summary: Plans own tasks., proficiency: Awareness}\n  - {id: s2, level: senior, theme: planning, summary: Plans across teams., proficiency: Practitioner}\n  - {id: s3, level: senior, theme: people, summary: Mentors two people., proficiency: Working knowledge}\n  - {id: s4, level: senior, theme: people, summary: Runs a guild., proficiency: Mystery}\n";
    let (yaml, check) = import_and_check(&["--from", "ft"], "family.yml", ft, "senior");
    assert!(check.contains("0 errors"), "{check}\n{yaml}");
    assert!(
        yaml.contains("      # evidence: from proficiency `Practitioner` (--proficiency)\n")
            && yaml.contains("      senior:\n        evidence: 2\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("# evidence: not in the source: no --proficiency number"),
        "{yaml}"
    );
    assert!(yaml.contains("text: Plans across teams.\n"), "{yaml}");
    let (yaml, _) = import_and_check(
        &["--from", "ft", "--proficiency", "practitioner=4"],
        "family.yml",
        ft,
        "senior",
    );
    assert!(
        yaml.contains("      senior:\n        evidence: 4\n"),
        "{yaml}"
    );
}

/// A case whose one competency needs one team piece over 3 distinct months
/// within 6, with one entry dated `date` that runs `until` (if any).
fn spanning_case(date: &str, until: Option<&str>) -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    r.write("fw.yaml", "id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: sem, name: SEM}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: team, months: 3, within_months: 6}\n");
    let until = until.map(|u| format!("until: {u}\n")).unwrap_or_default();
    r.write(
        &format!("evidence/{date}-run.md"),
        &format!("---\ndate: {date}\ntitle: Run the programme\ncompetencies: [x]\nscope: team\nimpact: x\n{until}---\nn\n"),
    );
    r
}

#[test]
fn work_that_spans_months_counts_each_month_it_runs() {
    // As of 2026-06-15 the 6-month window starts after 2025-12-15.
    // (date, until, pieces counted, distinct months, expiring, outside window)
    type Row<'a> = (&'a str, Option<&'a str>, u64, u64, usize, u64);
    let table: &[Row] = &[
        // One day: one month.
        ("2026-03-10", None, 1, 1, 0, 0),
        // March to May: three months, sustained.
        ("2026-03-10", Some("2026-05-20"), 1, 3, 0, 0),
        // Started before the window: only December to February count (and
        // it leaves the window on 2026-08-10, within 60 days).
        ("2025-10-01", Some("2026-02-10"), 1, 3, 1, 0),
        // Ended before the window: out, and said.
        ("2025-10-01", Some("2025-12-01"), 0, 0, 0, 1),
        // Ongoing: April to the as-of month, and it does not age out.
        ("2026-04-01", Some("ongoing"), 1, 3, 0, 0),
        // An end after the as-of date counts up to the as-of date.
        ("2026-04-01", Some("2026-09-01"), 1, 3, 0, 0),
        // Ends 2026-01-20: leaves the window on 2026-07-20, within 60 days.
        ("2025-06-01", Some("2026-01-20"), 1, 2, 1, 0),
    ];
    for &(date, until, counted, months, expiring, outside) in table {
        let r = spanning_case(date, until);
        let v: serde_json::Value = common::json(
            r.path(),
            &["status", "--format", "json", "--as-of", "2026-06-15"],
            None,
        );
        let c = &v["competencies"][0];
        let got = (
            c["counted"].as_u64().unwrap(),
            c["months"].as_u64().unwrap(),
            v["expiring"].as_array().unwrap().len(),
            v["outside_window"].as_u64().unwrap(),
        );
        assert_eq!(
            got,
            (counted, months, expiring, outside),
            "{date} until {until:?}"
        );
    }
}

#[test]
fn until_is_checked_and_timeline_follows_spanning_work() {
    // Before its own date, or not a date: invalid-date at the field.
    // Each says what is wrong: the order, or the date itself.
    for (bad, says) in [
        (
            "2026-03-01",
            "`until` 2026-03-01 is before `date` 2026-03-10",
        ),
        ("soon", "`soon` is not a valid date"),
    ] {
        let r = spanning_case("2026-03-10", Some(bad));
        let o = run(r.path(), &["check"]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(out.contains("invalid-date"), "{out}");
        assert!(out.contains(":7:"), "the `until` line: {out}");
        assert!(out.contains(says), "{out}");
    }
    // Timeline rows of a case with ongoing work agree with status; the
    // brief shows the span.
    let r = spanning_case("2026-03-10", Some("ongoing"));
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-15"]));
    assert!(
        md.contains("></a>2026-03-10 – ongoing · Run the programme"),
        "{md}"
    );
    r.commit("start", "2026-03-11");
    r.write(
        "evidence/2026-05-02-more.md",
        "---\ndate: 2026-05-02\ntitle: More\ncompetencies: [x]\nscope: team\nimpact: x\n---\nn\n",
    );
    r.commit("more", "2026-05-03");
    let rows = timeline_agreeing_with_status(&r);
    // By 2026-05-03 the ongoing work fills March to May: 3 months, strong
    // (a per-day tally would see 2 months).
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["statuses"][0], "strong");
}

/// A level with nothing assessed is never ready: waiving every competency
/// does not make the rule pass on no evidence, under any rule.
#[test]
fn a_level_with_every_competency_waived_is_never_ready() {
    for rule in [
        "",
        ", verdict: {rule: all}",
        ", verdict: {rule: at-least, met: 1}",
        ", verdict: {rule: score, score: 1}",
    ] {
        let r = TestRepo::new();
        r.write("fw.yaml", &framework(rule));
        r.write(
            "promocase.yaml",
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\nwaive: {x: a, y: b, z: c}\n",
        );
        let v: serde_json::Value = common::json(
            r.path(),
            &["status", "--format", "json", "--as-of", "2026-06-01"],
            None,
        );
        assert_eq!(v["verdict"], "not-yet", "{rule}: {v}");
        let o = run(
            r.path(),
            &["check", "--format", "json", "--as-of", "2026-06-01"],
        );
        assert!(stdout(&o).contains("never-ready"), "{rule}: {}", stdout(&o));
    }
    // Waivers that leave fewer assessed than `at-least` needs met.
    let r = TestRepo::new();
    r.write("fw.yaml", &framework(", verdict: {rule: at-least, met: 2}"));
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\nwaive: {x: a, y: b}\n",
    );
    let o = run(r.path(), &["check", "--as-of", "2026-06-01"]);
    assert!(
        stdout(&o).contains("the waivers leave 1 assessed competency at level `sem`, and its `at-least` rule needs 2 met"),
        "{}",
        stdout(&o)
    );
}

/// Importers build their output as values: text from the source (a
/// proficiency, a scope cell) stays a string, whatever it holds; what
/// `check` would refuse is refused with its diagnostics, nothing written;
/// Excel's exports (a byte-order mark, `;`) are read; `--proficiency`
/// merges over the defaults and refuses what it cannot use; a ladder too
/// large for any command is refused, in linear time.
#[test]
fn importers_write_only_frameworks_check_accepts() {
    let r = TestRepo::new();
    let import = |args: &[&str]| {
        let mut all = vec!["framework", "import"];
        all.extend_from_slice(args);
        run(r.path(), &all)
    };
    // Injection through a proficiency (FT) and a scope cell (CSV).
    let ft = "name: F\nlevels:\n  - {id: eng, name: Engineer}\nthemes:\n  - {id: t, name: T}\ncompetencies:\n  - {level: eng, theme: t, summary: S, proficiency: \"Practitioner\\nwithin_months: 1\"}\n";
    r.write("f.yml", ft);
    r.write(
        "s.csv",
        "competency,level,scope\nx,em,\"team\nwithin_months: 1\"\ny,em,\"Org: wide\"\n",
    );
    for (args, file) in [(["--from", "ft"], "f.yml"), (["--from", "csv"], "s.csv")] {
        let o = import(&[args[0], args[1], file]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_yaml::Value = serde_yaml::from_str(&stdout(&o)).unwrap();
        for c in v["competencies"].as_sequence().unwrap() {
            for (_, e) in c["expectations"].as_mapping().unwrap() {
                assert!(
                    e.get("within_months").is_none(),
                    "{file}: injected key in {}",
                    stdout(&o)
                );
            }
        }
        assert!(
            v.get("within_months").is_none() && v.get("Org").is_none(),
            "{}",
            stdout(&o)
        );
    }
    // What check refuses: refused, with the diagnostics, nothing written.
    r.write("d.csv", "competency,level,behaviour_id\nx,em,b\nx,em,b\n");
    let o = import(&["--from", "csv", "d.csv", "-o", "out.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("behaviour `b` is defined twice"),
        "{}",
        stderr(&o)
    );
    assert!(!r.path().join("out.yaml").exists());
    // Excel's "CSV UTF-8" and a `;`-separated export.
    r.write("e.csv", "\u{feff}Competency;Level;Evidence\r\nx;em;2\r\n");
    let o = import(&["--from", "csv", "e.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("      em:\n        evidence: 2\n"),
        "{}",
        stdout(&o)
    );
    // --proficiency: merged over the defaults, bad values refused.
    r.write(
        "p.yml",
        &ft.replace("Practitioner\\nwithin_months: 1", "Expert"),
    );
    let o = import(&["--from", "ft", "p.yml", "--proficiency", "practitioner=4"]);
    assert!(
        stdout(&o).contains("evidence: 3\n"),
        "expert keeps its default: {}",
        stdout(&o)
    );
    for bad in ["expert=0", "wizard=2", "expert=", "expert=99999"] {
        let o = import(&["--from", "ft", "p.yml", "--proficiency", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("--proficiency"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_ladder_too_large_for_any_command_is_refused() {
    let r = TestRepo::new();
    let mut csv = String::from("competency,level,evidence\n");
    for i in 0..100_000 {
        csv.push_str(&format!("c{i},em,1\n"));
    }
    r.write("big.csv", &csv);
    let o = run(
        r.path(),
        &[
            "framework",
            "import",
            "--from",
            "csv",
            "big.csv",
            "-o",
            "fw.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("every command refuses a framework over 1024 KiB"),
        "{}",
        stderr(&o)
    );
    assert!(!r.path().join("fw.yaml").exists());
}

/// A floor ("no significant weaknesses"): every assessed competency at or
/// above it, at each boundary; it fails alone, whatever the rule says.
#[test]
fn a_floor_holds_every_competency_at_or_above_it() {
    use Verdict::*;
    // a needs 1 piece, b 2, c 3: one piece each makes a met, b developing
    // (1/2 = 50%), c emerging (1/3).
    let fw = |verdict: &str| {
        format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM{verdict}}}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: b\n    name: B\n    description: d\n    expectations:\n      sem: {{evidence: 2, scope: team}}\n  - id: c\n    name: C\n    description: d\n    expectations:\n      sem: {{evidence: 3, scope: team}}\n")
    };
    let table = [
        (
            ", verdict: {rule: at-least, met: 1, floor: emerging}",
            Ready,
            "floor emerging: every competency at or above: passes",
        ),
        (
            ", verdict: {rule: at-least, met: 1, floor: developing}",
            NotYet,
            "floor developing: below it: C: fails",
        ),
        (
            ", verdict: {rule: at-least, met: 1, floor: met}",
            NotYet,
            "floor met: below it: B, C: fails",
        ),
        (
            ", verdict: {rule: at-least, met: 1}",
            Ready,
            "1 of 3 met, needs 1: passes",
        ),
    ];
    for (verdict, want, says) in table {
        let r = TestRepo::new();
        r.write("fw.yaml", &fw(verdict));
        r.write(
            "promocase.yaml",
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
        );
        for id in ["a", "b", "c"] {
            r.write(
                &format!("evidence/2026-05-01-{id}.md"),
                &format!("---\ndate: 2026-05-01\ntitle: On {id}\ncompetencies: [{id}]\nscope: team\nimpact: x\n---\nn\n"),
            );
        }
        let v: serde_json::Value = common::json(
            r.path(),
            &["status", "--format", "json", "--as-of", "2026-06-01"],
            None,
        );
        let statuses: Vec<&str> = v["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["met", "developing", "emerging"], "{v}");
        let got = if v["verdict"] == "ready" {
            Ready
        } else {
            NotYet
        };
        assert_eq!(got, want, "{verdict}: {}", v["verdict_detail"]);
        assert!(
            v["verdict_detail"].to_string().contains(says),
            "{verdict}: {}",
            v["verdict_detail"]
        );
    }
}

/// Levels that build on each other: a level that `inherits` takes the
/// inherited expectation with its own fields merged over it, one by one;
/// behaviours add up; chains resolve; a cycle or an unknown level is an
/// error at the `inherits` line; verdicts stay each level's own.
#[test]
fn inherited_expectations_merge_field_by_field() {
    let fw = |levels: &str, x: &str| {
        format!("id: t\nname: T\nversion: \"1\"\nscopes: [team, org]\nlevels:\n{levels}competencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n{x}  - id: y\n    name: Y\n    description: d\n    expectations:\n      em: {{evidence: 2, scope: team}}\n")
    };
    let levels = "  - {id: em, name: EM}\n  - {id: sem, name: SEM, inherits: em}\n  - {id: dir, name: Director, inherits: sem}\n";
    let x = "      em:\n        evidence: 1\n        scope: team\n        months: 2\n        behaviours: [{id: b1, text: One}]\n        behaviours_required: 1\n      sem:\n        scope: org\n        behaviours: [{id: b1, text: One}, {id: b2, text: Two}]\n      dir:\n        evidence: 3\n";
    let status = |target: &str, text: &str| -> serde_json::Value {
        let r = TestRepo::new();
        r.write("fw.yaml", text);
        r.write(
            "promocase.yaml",
            &format!(
                "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: {target}\n"
            ),
        );
        let o = run(
            r.path(),
            &["status", "--format", "json", "--as-of", "2026-06-01"],
        );
        serde_json::from_str(&stdout(&o))
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)))
    };
    let text = fw(levels, x);
    // sem: evidence 1 and months 2 from em, its own scope; b1 then b2.
    let v = status("sem", &text);
    let (cx, cy) = (&v["competencies"][0], &v["competencies"][1]);
    assert_eq!(
        (cx["required"].as_u64(), cx["required_months"].as_u64()),
        (Some(1), Some(2)),
        "{cx}"
    );
    assert!(cx["missing"].to_string().contains("org scope"), "{cx}");
    assert!(
        cx["missing"].to_string().contains("(of: One; Two)"),
        "b1 then b2, once each: {cx}"
    );
    // y is not mentioned at sem: em's expectation as it is.
    assert_eq!(cy["required"], 2, "{cy}");
    // dir: through sem (transitive), its own evidence.
    let v = status("dir", &text);
    let cx = &v["competencies"][0];
    assert_eq!(
        (cx["required"].as_u64(), cx["required_months"].as_u64()),
        (Some(3), Some(2)),
        "{cx}"
    );
    assert!(cx["missing"].to_string().contains("org scope"), "{cx}");
    // Broken forms, each at the line of the broken field.
    let rows = [
        ("  - {id: em, name: EM, inherits: dir}\n  - {id: dir, name: D, inherits: em}\n", "      em: {evidence: 1, scope: team}\n", "inherits itself through `inherits`"),
        ("  - {id: em, name: EM}\n  - {id: sem, name: SEM, inherits: senior}\n", "      em: {evidence: 1, scope: team}\n", "inherits `senior`, which is not a level"),
        ("  - {id: em, name: EM}\n  - {id: sem, name: SEM}\n", "      sem: {scope: team}\n", "`x` at `sem` has no `evidence`"),
        ("  - {id: em, name: EM}\n  - {id: sem, name: SEM, inherits: em}\n", "      sem: {scope: team}\n", "and `em` (which it inherits) states none"),
        ("  - {id: em, name: EM}\n  - {id: sem, name: SEM}\n", "      em: {evidence: 1, scope: team, behaviours: [{id: b, text: B}]}\n      sem: {evidence: 1, scope: team, behaviours: [{id: b, text: B}]}\n", "behaviour `b` is defined twice"),
    ];
    for (levels, x, says) in rows {
        let r = TestRepo::new();
        r.write("fw.yaml", &fw(levels, x));
        r.write(
            "promocase.yaml",
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: em\n",
        );
        let v: serde_json::Value = common::json(r.path(), &["check", "--format", "json"], None);
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(says));
        let d = d.unwrap_or_else(|| panic!("{says}: {v}"));
        assert_eq!(d["code"], "framework-invalid");
        assert!(d["line"].as_u64().unwrap() > 1, "{d}");
    }
}

/// `also_current`: ready also needs the current level to pass its own rule
/// with the same evidence and date; it fails alone; a current level that
/// assesses nothing passes; timeline agrees with status.
#[test]
fn also_current_holds_the_current_level_too() {
    let fw = |em: &str| {
        format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM, verdict: {{rule: at-least, met: 1, also_current: true}}}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n{em}      sem: {{evidence: 1, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
    };
    let with_em = "      em: {evidence: 1, scope: team}\n";
    for (em, pieces, want, says) in [
        (
            with_em,
            &["y"][..],
            "not-yet",
            "holds the current level (em): no: fails",
        ),
        (
            with_em,
            &["x"][..],
            "ready",
            "holds the current level (em): yes: passes",
        ),
        (
            "",
            &["y"][..],
            "ready",
            "holds the current level (em): yes: passes",
        ),
    ] {
        let r = TestRepo::new();
        r.write("fw.yaml", &fw(em));
        r.write(
            "promocase.yaml",
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
        );
        for id in pieces {
            r.write(
                &format!("evidence/2026-05-01-{id}.md"),
                &format!("---\ndate: 2026-05-01\ntitle: On {id}\ncompetencies: [{id}]\nscope: team\nimpact: x\n---\nn\n"),
            );
        }
        r.commit("one", "2026-05-02");
        let v: serde_json::Value = common::json(r.path(), &["status", "--format", "json"], None);
        assert_eq!(
            v["verdict"], want,
            "{em:?} {pieces:?}: {}",
            v["verdict_detail"]
        );
        assert!(
            v["verdict_detail"].to_string().contains(says),
            "{}",
            v["verdict_detail"]
        );
        assert_eq!(v["current_level_verdict"]["id"], "em");
        let human = stdout(&run(r.path(), &["status"]));
        assert!(human.contains(says), "{human}");
        let t: serde_json::Value =
            serde_json::from_str(&stdout(&run(r.path(), &["timeline", "--format", "json"])))
                .unwrap();
        assert_eq!(t["rows"][0]["verdict"], want, "timeline agrees");
    }
    // holistic takes no also_current.
    let r = TestRepo::new();
    r.write(
        "fw.yaml",
        &fw(with_em).replace(
            "{rule: at-least, met: 1, also_current: true}",
            "{rule: holistic, also_current: true}",
        ),
    );
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    assert!(stdout(&run(r.path(), &["check"])).contains("`also_current` says nothing"));
}

/// An expectation whose months no window can hold is refused where it is
/// written: in the framework (its window, or the default 12 months), or in
/// promocase.yaml when the case's window is the shorter one.
#[test]
fn months_a_window_cannot_hold_are_refused() {
    let fw = |exp: &str| {
        format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {exp}\n")
    };
    for (exp, config, says, file) in [
        (
            "{evidence: 1, scope: team, months: 13}",
            "",
            "`months` (13) cannot be reached in a window of 12 months",
            "fw.yaml",
        ),
        (
            "{evidence: 1, scope: team, months: 9}",
            "window_months: 6\n",
            "a window of 6 months leaves `x`",
            "promocase.yaml",
        ),
    ] {
        let r = TestRepo::new();
        r.write("fw.yaml", &fw(exp));
        r.write(
            "promocase.yaml",
            &format!(
                "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n{config}"
            ),
        );
        let o = run(r.path(), &["check", "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{exp}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = &v["diagnostics"][0];
        assert!(d["message"].as_str().unwrap().contains(says), "{v}");
        assert_eq!(d["path"], file, "{v}");
        assert!(d["line"].as_u64().unwrap() > 1, "{d}");
    }
    // A window of its own that holds the months is fine.
    let r = TestRepo::new();
    r.write(
        "fw.yaml",
        &fw("{evidence: 1, scope: team, months: 13, within_months: 18}"),
    );
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    assert_eq!(run(r.path(), &["check"]).status.code(), Some(0));
}

/// The brief's Rules column says every rule a status rests on: the
/// behaviours when the expectation asks for some (a row never reads
/// "✓ evidence, ✓ months" and is not met), and "—" for months when none
/// are asked.
#[test]
fn the_rules_column_names_behaviours_and_months_not_asked() {
    let r = behaviour_case(2, &[&["sets-direction"]]);
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-01"]));
    let row = md
        .lines()
        .find(|l| l.starts_with("| Lead |"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("✓ evidence, — months, ✗ behaviours"), "{row}");
    let other = md.lines().find(|l| l.starts_with("| Other |")).unwrap();
    assert!(other.contains("✗ evidence, — months |"), "{other}");
    let r = behaviour_case(2, &[&["sets-direction", "grows-managers"]]);
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-01"]));
    let row = md.lines().find(|l| l.starts_with("| Lead |")).unwrap();
    assert!(row.contains("✓ evidence, — months, ✓ behaviours"), "{row}");
}

/// The look-ahead follows the verdict rule: under `at-least` only as many
/// of the cheapest unmet competencies as the rule still needs; under a
/// floor, those below it first; under `holistic`, what is below each
/// expectation and never "what would make it ready"; under a judged basis,
/// a rating rather than evidence.
#[test]
fn the_look_ahead_asks_for_what_the_rule_needs() {
    // x needs 1 piece, y 2, z 3 (one piece each for none): at-least 1.
    let fw = |level: &str| {
        format!("id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM{level}}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 2, scope: team}}\n  - id: z\n    name: Z\n    description: d\n    expectations:\n      sem: {{evidence: 3, scope: team}}\n")
    };
    let brief = |level: &str, pieces: &[&str]| {
        let r = TestRepo::new();
        r.write("fw.yaml", &fw(level));
        r.write(
            "promocase.yaml",
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
        );
        for id in pieces {
            r.write(
                &format!("evidence/2026-05-01-{id}.md"),
                &format!("---\ndate: 2026-05-01\ntitle: On {id}\ncompetencies: [{id}]\nscope: team\nimpact: x\n---\nn\n"),
            );
        }
        let o = run(
            r.path(),
            // The candidate's own brief: it has the questions too.
            &[
                "brief",
                "--as-of",
                "2026-06-01",
                "--forecast",
                "2026-09-30",
                "--audience",
                "self",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let md = stdout(&o);
        md[md
            .find("## At the forecast date")
            .unwrap_or_else(|| panic!("{md}"))..]
            .to_string()
    };
    let part = brief(", verdict: {rule: at-least, met: 1}", &[]);
    assert!(
        part.contains("The least that would make it ready by then"),
        "{part}"
    );
    assert!(
        part.contains("- X: 1 more piece") && !part.contains("- Y:") && !part.contains("- Z:"),
        "only the cheapest: {part}"
    );
    let part = brief(", verdict: {rule: at-least, met: 1}", &["x"]);
    assert!(
        part.contains("Still ready by the level's rule on that date"),
        "{part}"
    );
    // A floor: with one piece each, y is developing and z emerging, below
    // `developing`. Z comes first, and meeting it also makes the count
    // (x and z met of the 2 needed): Y is not asked for.
    let part = brief(
        ", verdict: {rule: at-least, met: 2, floor: developing}",
        &["x", "y", "z"],
    );
    assert!(
        part.contains("- Z: 2 more pieces") && !part.contains("- Y:"),
        "below the floor first: {part}"
    );
    // With the count short by two, the cheapest other one follows Z.
    let part = brief(
        ", verdict: {rule: at-least, met: 3, floor: developing}",
        &["x", "y", "z"],
    );
    let (z, y) = (
        part.find("- Z:").unwrap_or(usize::MAX),
        part.find("- Y:").unwrap_or(usize::MAX),
    );
    assert!(z < y && y != usize::MAX, "{part}");
    let part = brief(", verdict: {rule: holistic}", &[]);
    assert!(
        part.contains("What is below each expectation then")
            && !part.contains("would make it ready by then ("),
        "{part}"
    );
    let part = brief(", basis: judgement", &["x"]);
    assert!(
        part.contains("- X: a rating of met or strong in a promotion-conversation or one-on-one"),
        "{part}"
    );
    assert!(
        part.contains("Would you rate me met in X? If not yet, what would you need to see?"),
        "{part}"
    );
}

/// An FT statement's own id is its behaviour's id: a statement added
/// upstream moves no other id, so evidence citing them keeps counting.
#[test]
fn ft_behaviour_ids_are_the_statements_own() {
    let family = |extra: &str| {
        format!("name: F\nlevels:\n  - {{id: eng, name: Engineer}}\nthemes:\n  - {{id: t, name: T}}\ncompetencies:\n{extra}  - {{id: 7f3a-uuid, level: eng, theme: t, summary: Plans, proficiency: Working}}\n")
    };
    let ids = |text: &str| -> Vec<String> {
        let r = TestRepo::new();
        r.write("f.yml", text);
        let o = run(r.path(), &["framework", "import", "--from", "ft", "f.yml"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_yaml::Value = serde_yaml::from_str(&stdout(&o)).unwrap();
        let b = &v["competencies"][0]["expectations"]["eng"]["behaviours"];
        b.as_sequence()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&family("")), ["7f3a-uuid"]);
    let added =
        "  - {id: 0001-new, level: eng, theme: t, summary: New first, proficiency: Working}\n";
    assert_eq!(
        ids(&family(added)),
        ["0001-new", "7f3a-uuid"],
        "the old id stays"
    );
}

/// A spreadsheet carries the ladder's structure: level names, tracks,
/// sustained months, the verdict rule (a count or a fraction) and required
/// competencies, weights; a display name becomes a slug id and stays the
/// name. The imported framework checks and scores.
#[test]
fn a_spreadsheet_carries_levels_rules_and_weights() {
    let csv = "competency,level,level_name,track,sustained_months,verdict_rule,verdict_met,weight,required,evidence,scope\n\
Technology Stack,em,Engineering Manager,management,,,,,,1,team\n\
Technology Stack,sem,Senior EM,management,6,at-least,2/3,2,yes,2,team\n\
People Growth,sem,Senior EM,management,6,at-least,2/3,,,1,team\n\
Delivery,sem,Senior EM,management,6,at-least,2/3,,,1,team\n";
    let (yaml, check) = import_and_check(&["--from", "csv"], "ladder.csv", csv, "sem");
    assert!(check.contains("0 errors"), "{check}\n{yaml}");
    let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let sem = &v["levels"][1];
    assert_eq!(sem["name"].as_str(), Some("Senior EM"), "{yaml}");
    assert_eq!(sem["track"].as_str(), Some("management"));
    assert_eq!(sem["sustained_months"].as_u64(), Some(6));
    assert_eq!(sem["verdict"]["rule"].as_str(), Some("at-least"));
    assert_eq!(sem["verdict"]["met"].as_str(), Some("2/3"));
    assert_eq!(
        sem["verdict"]["required"][0].as_str(),
        Some("technology-stack")
    );
    let c = &v["competencies"][0];
    assert_eq!(
        (c["id"].as_str(), c["name"].as_str()),
        (Some("technology-stack"), Some("Technology Stack"))
    );
    assert_eq!(c["weight"].as_f64(), Some(2.0));
    // A weight that is not a number names the line.
    let r = TestRepo::new();
    r.write("bad.csv", "competency,level,weight\na,em,heavy\n");
    let o = run(
        r.path(),
        &["framework", "import", "--from", "csv", "bad.csv"],
    );
    assert!(
        stderr(&o).contains("bad.csv:2: `weight` must be a number, found `heavy`"),
        "{}",
        stderr(&o)
    );
}

/// Cells that spell one name differently merge into one competency; two
/// different names whose slugs collide are an error naming both lines,
/// never a silent merge.
#[test]
fn csv_names_that_collide_as_ids_are_an_error_not_a_merge() {
    let table = [
        ("Technology Stack,em\ntechnology-stack,sem\n", None),
        ("Hiring,em\n HIRING ,sem\n", None),
        (
            "C,em\nC++,sem\n",
            Some("bad.csv:3: `C++` and `C` (line 2) both become the competency id `c`"),
        ),
        (
            "Org design,em\nOrg: design!,sem\n",
            Some("bad.csv:3: `Org: design!` and `Org design` (line 2)"),
        ),
    ];
    for (rows, want) in table {
        let r = TestRepo::new();
        r.write(
            "bad.csv",
            &format!("competency,level,evidence\n{rows}")
                .replace(",em", ",em,1")
                .replace(",sem", ",sem,1"),
        );
        let o = run(
            r.path(),
            &["framework", "import", "--from", "csv", "bad.csv"],
        );
        match want {
            None => assert_eq!(o.status.code(), Some(0), "{rows}: {}", stderr(&o)),
            Some(w) => {
                assert_eq!(o.status.code(), Some(2), "{rows}");
                assert!(stderr(&o).contains(w), "{rows}: {}", stderr(&o));
            }
        }
    }
}

/// `--judgement` imports a ladder that states no counts as levels decided
/// by ratings: no evidence number is invented, and the framework checks
/// and scores (a rating decides each status).
#[test]
fn a_judgement_import_invents_no_counts() {
    let ft = "name: F\nlevels:\n  - {id: eng, name: Engineer}\n  - {id: senior, name: Senior}\nthemes:\n  - {id: t, name: T}\ncompetencies:\n  - {id: s1, level: senior, theme: t, summary: Plans across teams, proficiency: Practitioner}\n";
    let (yaml, check) = import_and_check(&["--from", "ft", "--judgement"], "f.yml", ft, "senior");
    assert!(check.contains("0 errors"), "{check}\n{yaml}");
    assert!(
        !yaml.contains("evidence:") && !yaml.contains("behaviours_required"),
        "{yaml}"
    );
    assert!(yaml.contains("basis: judgement"), "{yaml}");
    let csv = "competency,level\nDelivery,em\nDelivery,sem\n";
    let (yaml, check) = import_and_check(&["--from", "csv", "--judgement"], "l.csv", csv, "sem");
    assert!(check.contains("0 errors"), "{check}\n{yaml}");
    assert!(
        !yaml.contains("evidence:") && !yaml.contains("# scope:"),
        "{yaml}"
    );
}

/// FT levels carry their track from their ids, each track's levels kept
/// together in the source's order.
#[test]
fn ft_levels_carry_their_tracks() {
    let ft = "name: F\nlevels:\n  - {id: eng-ic, name: Engineer}\n  - {id: lead-pm, name: Lead}\n  - {id: senior-ic, name: Senior}\nthemes:\n  - {id: t, name: T}\ncompetencies:\n  - {id: s1, level: senior-ic, theme: t, summary: Plans, proficiency: Working}\n";
    let r = TestRepo::new();
    r.write("f.yml", ft);
    let o = run(r.path(), &["framework", "import", "--from", "ft", "f.yml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_yaml::Value = serde_yaml::from_str(&stdout(&o)).unwrap();
    let levels: Vec<(&str, &str)> = v["levels"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| (l["id"].as_str().unwrap(), l["track"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [("eng-ic", "ic"), ("senior-ic", "ic"), ("lead-pm", "pm")]
    );
}

/// An open action knows what happened since it was asked: evidence in its
/// competency dated after the feedback (that this audience sees) is named
/// beside it, with the `closes:` that would answer it.
#[test]
fn open_actions_name_the_evidence_since() {
    let r = TestRepo::new();
    for (p, t) in files("", &[]) {
        r.write(&p, &t);
    }
    r.write(
        "feedback/2026-03-01-one-on-one.md",
        "---\ndate: 2026-03-01\nfrom: Dana\nkind: one-on-one\nactions:\n  - {do: Write the plan, id: plan, competency: x, due: 2026-09-30}\n---\nn\n",
    );
    let entry = |date: &str, title: &str, vis: &str| {
        r.write(
            &format!("evidence/{date}-{}.md", title.to_lowercase().replace(' ', "-")),
            &format!("---\ndate: {date}\ntitle: {title}\ncompetencies: [x]\nscope: team\nimpact: x\nvisibility: {vis}\n---\nn\n"),
        );
    };
    entry("2026-02-01", "Before", "manager");
    entry("2026-04-01", "Drafted the plan", "manager");
    entry("2026-05-01", "Private draft", "private");
    let v: serde_json::Value = common::json(
        r.path(),
        &["status", "--format", "json", "--as-of", "2026-06-01"],
        None,
    );
    let since: Vec<&str> = v["feedback"]["actions"][0]["evidence_since"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(since, ["Drafted the plan"], "{v}");
    let human = stdout(&run(r.path(), &["status", "--as-of", "2026-06-01"]));
    assert!(human.contains("evidence since: \"Drafted the plan\" (2026-04-01); if it answers this, add `closes: [plan]` to it"), "{human}");
    let v: serde_json::Value = common::json(
        r.path(),
        &[
            "status",
            "--format",
            "json",
            "--as-of",
            "2026-06-01",
            "--audience",
            "self",
        ],
        None,
    );
    assert_eq!(
        v["feedback"]["actions"][0]["evidence_since"][0]["title"], "Private draft",
        "newest first, for self: {v}"
    );
}

/// A gap named in two conversations is one line, with every date.
#[test]
fn a_gap_named_twice_is_one_line_with_every_date() {
    let r = TestRepo::new();
    for (p, t) in files("", &[]) {
        r.write(&p, &t);
    }
    for date in ["2026-03-01", "2026-05-01"] {
        r.write(
            &format!("feedback/{date}-one-on-one.md"),
            &format!("---\ndate: {date}\nfrom: Dana\nkind: one-on-one\ngaps: [x]\n---\nn\n"),
        );
    }
    let md = stdout(&run(r.path(), &["brief", "--as-of", "2026-06-01"]));
    assert_eq!(md.matches("- X: named by").count(), 1, "{md}");
    assert!(
        md.contains("- X: named by Dana on 2026-03-01 and 2026-05-01"),
        "{md}"
    );
}

/// Status, diff and the diff's Markdown say a piece ageing out in the same
/// words, each escaped for where it is printed.
#[test]
fn an_ageing_piece_reads_the_same_in_status_and_diff() {
    let r = spanning_case("2025-06-01", Some("2026-01-20"));
    r.remove("evidence/2025-06-01-run.md");
    r.commit("start", "2026-05-01");
    r.write(
        "evidence/2025-06-01-run.md",
        "---\ndate: 2025-06-01\ntitle: Run *the* programme\ncompetencies: [x]\nscope: team\nimpact: x\nuntil: 2026-01-20\n---\nn\n",
    );
    r.commit("one", "2026-06-01");
    let said = "leaves the x window on 2026-07-20";
    let status = stdout(&run(r.path(), &["status", "--as-of", "2026-06-15"]));
    let line = format!("2025-06-01 Run *the* programme {said} (35 days): developing → missing");
    assert!(status.contains(&line), "{status}");
    let before = "HEAD~1";
    let diff = stdout(&run(
        r.path(),
        &["diff", before, "HEAD", "--as-of", "2026-06-15"],
    ));
    assert!(
        diff.contains(&format!(
            "  Run *the* programme {said}: developing → missing"
        )),
        "{diff}"
    );
    let md = run(
        r.path(),
        &[
            "diff",
            before,
            "HEAD",
            "--as-of",
            "2026-06-15",
            "--format",
            "markdown",
        ],
    );
    let md = stdout(&md);
    assert!(
        md.contains(&format!(
            "- Run \\*the\\* programme {said}: developing → missing"
        )),
        "{md}"
    );
}
