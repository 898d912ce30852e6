//! The brief's versions and its newer sections: each narrative printed once
//! and linked elsewhere; `withheld` rather than `missing`; a shareable
//! version with no verdict, score, statuses or self-preparation; the look
//! ahead against a hand-computed case; who has seen the work; the pitch;
//! open actions ranked; and `export`.

mod common;

use common::{example, run, stderr, stdout, TestRepo};
use serde_json::Value;

/// Two competencies, hand-computable: x needs 2 pieces at team scope, y one
/// at org scope; equal weights; a 6-month window; nothing sustained.
const FRAMEWORK: &str = "id: t\nname: T\nversion: \"1\"\nwindow_months: 6\nscopes: [team, org]\nlevels:\n  - {id: em, name: EM}\n  - {id: sem, name: SEM}\ncompetencies:\n  - id: x\n    name: Xcomp\n    description: d\n    expectations:\n      sem: {evidence: 2, scope: team}\n  - id: y\n    name: Ycomp\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: org}\n";

fn entry(r: &TestRepo, stem: &str, date: &str, comps: &str, scope: &str, extra: &str) {
    r.write(
        &format!("evidence/{date}-{stem}.md"),
        &format!("---\ndate: {date}\ntitle: {stem}\ncompetencies: [{comps}]\nscope: {scope}\n{extra}---\n## Situation\nNarrative of {stem}.\n\n## Action\nDid {stem}.\n"),
    );
}

/// x1 (2026-01-10) and x2 (2026-04-10) meet x; y1 (2026-03-05) meets y;
/// feedback asks to revisit on 2026-08-15.
fn small_case() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    r.write("fw.yaml", FRAMEWORK);
    entry(&r, "x1", "2026-01-10", "x", "team", "impact: one\n");
    entry(&r, "x2", "2026-04-10", "x", "team", "impact: two\n");
    entry(&r, "y1", "2026-03-05", "y", "org", "impact: three\n");
    r.write(
        "feedback/2026-05-01-talk.md",
        "---\ndate: 2026-05-01\nfrom: M\nkind: one-on-one\nrevisit: 2026-08-15\n---\nok\n",
    );
    r
}

fn json(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["brief", "--format", "json"];
    if !extra.contains(&"--as-of") {
        args.extend_from_slice(&["--as-of", "2026-06-01"]);
    }
    args.extend_from_slice(extra);
    common::json(r.path(), &args, None)
}

fn text(r: &TestRepo, args: &[&str]) -> String {
    let o = run(r.path(), args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn the_look_ahead_matches_a_hand_computed_case() {
    let r = small_case();
    let v = json(&r, &[]);
    let la = &v["look_ahead"];
    // On 2026-08-15 the window starts 2026-02-15: x1 ages out, x falls to
    // 1 of 2 (score 1/2), y stays met: (0.5 + 1) / 2 = 75%.
    assert_eq!(la["date"], "2026-08-15");
    assert_eq!(la["from"], "revisit");
    assert_eq!(la["score_now"], 100);
    assert_eq!(la["score_then"], 75);
    assert_eq!(la["verdict_now"], "ready");
    assert_eq!(la["verdict_then"], "not-yet");
    assert_eq!(la["met_then"], 1);
    let ageing = la["ageing"].as_array().unwrap();
    assert_eq!(ageing.len(), 1, "{ageing:?}");
    assert_eq!(ageing[0]["competency"], "x");
    assert_eq!(ageing[0]["drops"], true);
    assert_eq!(ageing[0]["entries"][0]["title"], "x1");
    let need = la["to_be_ready"].as_array().unwrap();
    assert_eq!(need.len(), 1);
    assert_eq!(need[0]["competency"], "x");
    assert_eq!(need[0]["pieces"], 1);
    assert_eq!(need[0]["scope"], "team");
    // June is the as-of month: July and August are left.
    assert_eq!(la["months_left"], 2);
    // --forecast overrides the revisit date; a later date ages out more.
    let v = json(&r, &["--forecast", "2026-09-06"]);
    assert_eq!(v["look_ahead"]["from"], "forecast");
    // From 2026-03-06: y1 (2026-03-05) is out too: (0.5 + 0) / 2 = 25%.
    assert_eq!(v["look_ahead"]["score_then"], 25);
    // Evidence after the as-of date is not "nothing added".
    entry(&r, "x3", "2026-07-01", "x", "team", "");
    assert_eq!(json(&r, &[])["look_ahead"]["score_then"], 75);
    // The words, in Markdown.
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(md.contains("## At the revisit date, 2026-08-15"), "{md}");
    assert!(
        md.contains("coverage goes from 100% today to 75% on 2026-08-15"),
        "{md}"
    );
    assert!(
        md.contains("- Xcomp: 1 more piece at team scope or wider"),
        "{md}"
    );
    // A forecast date that is not after the as-of date is refused.
    let o = run(
        r.path(),
        &["brief", "--as-of", "2026-06-01", "--forecast", "2026-06-01"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--forecast 2026-06-01 is not after"),
        "{}",
        stderr(&o)
    );
    // No date ahead (revisit passed, no --forecast): no section.
    let v = json(&r, &["--as-of", "2026-09-01"]);
    assert!(v["look_ahead"].is_null());
}

#[test]
fn each_narrative_is_printed_once_and_linked_from_everywhere_else() {
    let r = small_case();
    // One entry counting for both competencies, at org scope (beyond the
    // team), witnessed: it appears in the case, the vouchers and twice in
    // "Evidence by competency".
    entry(
        &r,
        "both",
        "2026-05-05",
        "x, y",
        "org",
        "witnesses: [Wendy]\nimpact: big\n",
    );
    // Under a competency, the strongest first: led work before newer work.
    entry(&r, "old-led", "2026-02-01", "x", "team", "role: led\n");
    let v = json(&r, &[]);
    let x: Vec<&str> = v["competencies"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(x, ["both", "old-led", "x2", "x1"]);
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert_eq!(md.matches("Narrative of both.").count(), 1, "{md}");
    assert_eq!(
        md.matches("<a id=\"ev-2026-05-05-both\"></a>").count(),
        1,
        "{md}"
    );
    assert!(
        md.contains("- Also counted here: [2026-05-05](#ev-2026-05-05-both)"),
        "{md}"
    );
    assert!(md.matches("](#ev-2026-05-05-both)").count() >= 3, "{md}");
    let html = text(&r, &["brief", "--as-of", "2026-06-01", "--format", "html"]);
    assert_eq!(html.matches("Narrative of both.").count(), 1);
    assert_eq!(html.matches("id=\"ev-2026-05-05-both\"").count(), 1);
    // Every in-page link of either format lands on an anchor that exists.
    for (doc, id_attr) in [(&md, "<a id=\""), (&html, " id=\"")] {
        let ids: Vec<&str> = doc
            .split(id_attr)
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        let targets = doc.split("#ev-").skip(1).map(|s| {
            let end = s.find([')', '"']).unwrap();
            format!("ev-{}", &s[..end])
        });
        for t in targets {
            assert!(ids.contains(&t.as_str()), "no anchor {t}");
        }
    }
}

#[test]
fn the_example_brief_links_only_to_anchors_it_has() {
    for name in [
        "brief.md",
        "brief.html",
        "brief-self.md",
        "brief-shareable.html",
    ] {
        let doc = std::fs::read_to_string(example().join("out").join(name)).unwrap();
        let targets: Vec<String> = doc
            .split("#ev-")
            .skip(1)
            .map(|s| format!("ev-{}", &s[..s.find([')', '"']).unwrap()]))
            .collect();
        assert!(!targets.is_empty(), "{name}");
        for t in targets {
            assert!(
                doc.contains(&format!("id=\"{t}\"")),
                "{name}: no anchor {t}"
            );
        }
    }
}

#[test]
fn withheld_is_said_instead_of_missing_and_each_version_keeps_to_its_reader() {
    let r = small_case();
    // y's only evidence becomes private: the manager sees none of it.
    r.remove("evidence/2026-03-05-y1.md");
    entry(&r, "y1", "2026-03-05", "y", "org", "visibility: private\n");
    r.write(
        "feedback/2026-05-20-private.md",
        "---\ndate: 2026-05-20\nfrom: Peer\nkind: peer\nvisibility: private\n---\nx\n",
    );
    let competency = |v: &Value, id: &str| {
        v["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let manager = json(&r, &[]);
    assert_eq!(competency(&manager, "y")["status"], "withheld");
    assert_eq!(competency(&manager, "y")["evidence_withheld"], true);
    assert_eq!(competency(&manager, "x")["status"], "met");
    assert_eq!(manager["withheld"]["evidence"], 1);
    assert_eq!(manager["withheld"]["feedback"], 1);
    let me = json(&r, &["--audience", "self"]);
    assert_eq!(competency(&me, "y")["status"], "met");
    // With no eligible evidence anywhere, it is missing.
    r.remove("evidence/2026-03-05-y1.md");
    assert_eq!(competency(&json(&r, &[]), "y")["status"], "missing");
    entry(&r, "y1", "2026-03-05", "y", "org", "visibility: private\n");
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(
        md.contains("| Ycomp | ◌ withheld | 0/1 at org+; 1 more not shown here |"),
        "{md}"
    );
    assert!(
        md.contains("*1 more piece counts here that this version does not show.*"),
        "{md}"
    );
    assert!(md.contains("No counted evidence shown here."), "{md}");
    assert!(!md.contains("No counted evidence in the window."), "{md}");
    // One word everywhere: `status` (human and JSON) says what the brief says.
    let status = text(&r, &["status", "--format", "json", "--as-of", "2026-06-01"]);
    let status: Value = serde_json::from_str(&status).unwrap();
    assert_eq!(competency(&status, "y")["status"], "withheld");
    assert_eq!(competency(&status, "y")["withheld"], 1);
    let human = text(&r, &["status", "--as-of", "2026-06-01", "--color", "never"]);
    assert!(human.contains("withheld"), "{human}");
    assert!(
        human.contains("1 more piece counts that this audience does not see"),
        "{human}"
    );
    assert!(
        md.contains("Withheld from this audience: 1 evidence entry and 1 feedback entry."),
        "{md}"
    );

    // Shareable: no verdict, score or statuses, no self-preparation.
    let share = json(&r, &["--audience", "shareable"]);
    for key in ["summary", "gaps", "look_ahead", "not_yet"] {
        assert!(share[key].is_null(), "{key}: {}", share[key]);
    }
    assert!(share["questions"].as_array().unwrap().is_empty());
    assert!(share["preparation"].as_array().unwrap().is_empty());
    for c in share["competencies"].as_array().unwrap() {
        assert!(
            c["status"].is_null() && c["score"].is_null() && c["met"].is_null(),
            "{c}"
        );
    }
    let md = text(
        &r,
        &["brief", "--as-of", "2026-06-01", "--audience", "shareable"],
    );
    for absent in [
        "## Summary",
        "Overall readiness",
        "Verdict",
        "## Readiness by competency",
        "## Gaps and development plan",
        "## At the revisit date",
        "## Questions to ask my manager",
        "## Preparing for the conversation",
        "not yet",
        "%",
    ] {
        assert!(!md.contains(absent), "shareable shows {absent:?}:\n{md}");
    }
    assert!(md.contains("## What the level expects"), "{md}");
    assert!(
        md.contains("Not shown here: 3 evidence entries and 2 feedback entries."),
        "{md}"
    );
    let html = text(
        &r,
        &[
            "brief",
            "--as-of",
            "2026-06-01",
            "--audience",
            "shareable",
            "--format",
            "html",
        ],
    );
    assert!(
        !html.contains("aria-label=\"Readiness by competency\""),
        "no score chart"
    );
    assert!(!html.contains("overall readiness"));

    // Self: the "not yet" section, with the revisit date and the guide's
    // advice when the level does not exist.
    let md = text(
        &r,
        &["brief", "--as-of", "2026-06-01", "--audience", "self"],
    );
    assert!(md.contains("## If the answer is \"not yet\""), "{md}");
    assert!(md.contains("(2026-08-15 in your feedback)"), "{md}");
    assert!(md.contains("If the organisation has no SEM level"), "{md}");
    let manager_md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(!manager_md.contains("not yet\" (only"), "{manager_md}");
}

/// The names in each group of "who has seen this work", as JSON gives them.
fn vouch_groups(v: &Value) -> Vec<(String, Vec<String>)> {
    let groups = v["who_has_seen"]["groups"].as_array().unwrap();
    let names = |g: &Value| -> Vec<String> {
        let people = g["people"].as_array().unwrap().iter();
        people
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    groups
        .iter()
        .map(|g| (g["heading"].as_str().unwrap().to_string(), names(g)))
        .collect()
}

#[test]
fn who_has_seen_the_work_groups_named_people_by_relation() {
    let r = small_case();
    r.write(
        "promocase.yaml",
        concat!(
            "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
            "manager: Mia Moss (Director)\n",
            "people:\n  Vic Vale: {relation: above-manager, aliases: [\"The VP\"]}\n  Ann: peer\n",
        ),
    );
    entry(
        &r,
        "small",
        "2026-05-02",
        "x",
        "team",
        "witnesses: [Ann]\nstakeholders: [Ops, The VP]\n",
    );
    // Bob is named with his role; "Platform lead" elsewhere is Bob.
    entry(
        &r,
        "wide",
        "2026-05-03",
        "y",
        "org",
        "witnesses: [Ann, Bob (Platform lead)]\nrole: led\n",
    );
    entry(
        &r,
        "talk",
        "2026-05-05",
        "x",
        "team",
        "stakeholders: [Platform lead, Mia Moss]\n",
    );
    entry(
        &r,
        "secret",
        "2026-05-04",
        "y",
        "org",
        "witnesses: [Zed]\nvisibility: private\n",
    );
    let v = json(&r, &[]);
    let g =
        |h: &str, names: &[&str]| (h.to_string(), names.iter().map(|n| n.to_string()).collect());
    assert_eq!(
        vouch_groups(&v),
        vec![
            g("My manager", &["Mia Moss"]),
            g("Above my manager", &["Vic Vale"]),
            g("Peers", &["Ann"]),
            g("Others who saw the work", &["Bob"]),
        ],
        "the manager from promocase.yaml, aliases and roles resolved; Zed witnessed only private work"
    );
    let wv = &v["who_has_seen"];
    assert_eq!(
        wv["also_affected"],
        serde_json::json!(["Ops"]),
        "a label no rule resolves is a group"
    );
    assert_eq!(wv["only_manager"], false);
    let bob = &wv["groups"][3]["people"][0];
    assert_eq!(bob["role"], "Platform lead");
    let titles: Vec<&str> = bob["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["wide", "talk"],
        "strongest first, one line per entry"
    );
    assert_eq!(bob["entries"][1]["seen_as"], "stakeholder");
    assert_eq!(
        wv["groups"][2]["people"][0]["competencies"],
        serde_json::json!(["Xcomp", "Ycomp"])
    );
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(
        md.contains("**Above my manager**\n\n- **Vic Vale**"),
        "{md}"
    );
    assert!(md.contains("- **Bob** (Platform lead), on "), "{md}");
    assert!(md.contains("Also affected: Ops."), "{md}");
    assert!(
        !md.contains("Zed"),
        "private work's witnesses never show: {md}"
    );
}

#[test]
fn a_case_only_the_manager_witnessed_says_so() {
    let r = small_case();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\nmanager: Mia Moss\n",
    );
    entry(
        &r,
        "small",
        "2026-05-02",
        "x",
        "team",
        "witnesses: [Mia Moss]\nstakeholders: [Ops]\n",
    );
    let v = json(&r, &[]);
    assert_eq!(v["who_has_seen"]["only_manager"], true);
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(
        md.contains("No one but my manager is named as a witness"),
        "{md}"
    );
    entry(&r, "wide", "2026-05-03", "y", "org", "witnesses: [Ann]\n");
    let v = json(&r, &[]);
    assert_eq!(
        v["who_has_seen"]["only_manager"], false,
        "a second witness ends the note"
    );
}

#[test]
fn a_wrong_people_entry_is_an_error_at_its_place() {
    let r = small_case();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\npeople:\n  Ann: friend\n  Cy: peer\n  Bob: {relation: peer, aliases: [cy]}\n",
    );
    let o = run(r.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stdout(&o);
    assert!(err.contains("`friend` is not a relation"), "{err}");
    assert!(err.contains("promocase.yaml:6:"), "at Ann's line: {err}");
    assert!(err.contains("`cy` names both Cy and Bob"), "{err}");
    assert!(err.contains("promocase.yaml:8:"), "at Bob's line: {err}");
}

#[test]
fn the_committee_reads_its_own_pitch_or_none() {
    let r = small_case();
    entry(
        &r,
        "hidden-plan",
        "2026-05-02",
        "x",
        "team",
        "visibility: manager\n",
    );
    r.write("pitch.md", "For Mia: the gaps I know of.\n");
    let pitch = |audience: &str| -> Option<String> {
        let v = json(&r, &["--audience", audience]);
        v["pitch"].as_str().map(str::to_string)
    };
    // Without a committee pitch the shareable version has none.
    assert_eq!(pitch("shareable"), None);
    r.write(
        "pitch.shareable.md",
        "I set the standard every team follows; see hidden-plan-of-record.\n",
    );
    assert_eq!(
        pitch("manager").as_deref(),
        Some("For Mia: the gaps I know of.")
    );
    assert_eq!(
        pitch("self").as_deref(),
        Some("For Mia: the gaps I know of.")
    );
    let shared = pitch("shareable").unwrap();
    assert!(shared.starts_with("I set the standard"), "{shared}");
    // A private pitch.md: the manager reads the committee's.
    r.write("pitch.md", "---\nvisibility: private\n---\nJust for me.\n");
    assert!(pitch("manager").unwrap().starts_with("I set the standard"));
    // The committee pitch is shareable by its name: it may not say otherwise,
    // and check warns when it names an entry the committee cannot see.
    r.write(
        "pitch.shareable.md",
        "I set the standard; the Hidden plan of record shows it.\n",
    );
    r.write(
        "evidence/2026-05-04-plan.md",
        "---\ndate: 2026-05-04\ntitle: Hidden plan of record\ncompetencies: [x]\nscope: team\nvisibility: manager\n---\n## Situation\nA plan.\n",
    );
    let o = run(r.path(), &["check"]);
    let out = stdout(&o);
    assert!(out.contains("warning[pitch-names-hidden]"), "{out}");
    assert!(out.contains("pitch.shareable.md"), "{out}");
    r.write(
        "pitch.shareable.md",
        "---\nvisibility: manager\n---\nWords.\n",
    );
    let o = run(r.path(), &["check"]);
    let out = stdout(&o);
    assert!(
        out.contains("error[unknown-field]") && out.contains("pitch.shareable.md:2:1"),
        "{out}"
    );
}

#[test]
fn the_pitch_opens_the_brief_and_its_prompts_never_show() {
    let r = small_case();
    r.write(
        "pitch.md",
        "<!-- prompt: never shown -->\n## Impact beyond my team\n\nI changed <b>how</b> we hire.\n",
    );
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s}: {md}"));
    assert!(at("## Summary") < at("## In my own words"));
    assert!(at("## In my own words") < at("## Readiness by competency"));
    assert!(
        md.contains("I changed &lt;b&gt;how&lt;/b&gt; we hire."),
        "escaped: {md}"
    );
    assert!(!md.contains("prompt: never shown"));
    let html = text(&r, &["brief", "--as-of", "2026-06-01", "--format", "html"]);
    assert!(
        html.contains("I changed &lt;b&gt;how&lt;/b&gt; we hire."),
        "{html}"
    );
    // Only prompts and headings: no section.
    r.write(
        "pitch.md",
        "<!-- a -->\n## Impact beyond my team\n<!-- b -->\n",
    );
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(!md.contains("## In my own words"), "{md}");
    // `init` writes the guide's three prompts as comments.
    let d = TestRepo::new();
    let o = run(d.path(), &["init", "career", "--candidate", "Sam"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pitch = std::fs::read_to_string(d.path().join("career/pitch.md")).unwrap();
    for heading in [
        "## Impact beyond my team",
        "## Complex situations I handled on my own",
        "## How I already operate at the next level",
    ] {
        assert!(pitch.contains(heading), "{pitch}");
    }
    let o = run(&d.path().join("career"), &["brief"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("## In my own words"),
        "an unwritten pitch shows nothing"
    );
}

#[test]
fn open_actions_come_weakest_competency_first() {
    let r = small_case();
    // x is developing (one piece), y met.
    r.remove("evidence/2026-01-10-x1.md");
    r.write(
        "feedback/2026-05-10-actions.md",
        "---\ndate: 2026-05-10\nfrom: M\nkind: one-on-one\nactions:\n  - do: Keep y going\n    competency: y\n    due: 2026-06-10\n  - do: General\n    due: 2026-06-05\n  - do: Grow x\n    competency: x\n    due: 2026-07-01\n---\nok\n",
    );
    let v = json(&r, &[]);
    let actions: Vec<(&str, &str)> = v["gaps"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["do"].as_str().unwrap(),
                a["raises"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("Grow x", "developing"),
            ("Keep y going", "met"),
            ("General", "-")
        ]
    );
}

#[test]
fn export_writes_star_stories_and_cv_lines_strongest_first() {
    let r = small_case();
    entry(
        &r,
        "secret",
        "2026-05-04",
        "y",
        "org",
        "visibility: private\nimpact: hidden 3 times\n",
    );
    r.write(
        "evidence/2026-05-20-star.md",
        "---\ndate: 2026-05-20\ntitle: Star\ncompetencies: [y]\nscope: org\nrole: led\nimpact: \"Cut costs 20%\"\n---\nIntro.\n\n## Task\nThe task.\n\n## Action\nThe action.\n\n## Result\nThe result.\n",
    );
    let star = text(&r, &["export", "--as-of", "2026-06-01"]);
    // Org scope and led first; then org (y1); then team entries, newer first.
    let order: Vec<usize> = ["## Star", "## y1", "## x2", "## x1"]
        .iter()
        .map(|t| star.find(t).unwrap_or_else(|| panic!("{t}: {star}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{star}");
    for part in [
        "**Situation.** Intro.",
        "**Task.** The task.",
        "**Action.** The action.",
        "**Result.** The result.",
    ] {
        assert!(star.contains(part), "{part}: {star}");
    }
    // No Result heading: the impact line is the result.
    assert!(star.contains("**Result.** two"), "{star}");
    assert!(!star.contains("secret"), "manager by default: {star}");
    let cv = text(
        &r,
        &[
            "export",
            "--format",
            "cv",
            "--as-of",
            "2026-06-01",
            "--audience",
            "self",
        ],
    );
    assert!(cv.starts_with("# Achievements: C\n"), "{cv}");
    assert!(cv.contains("- Star: Cut costs 20% (2026-05)\n"), "{cv}");
    assert!(cv.contains("- secret: hidden 3 times (2026-05)\n"), "{cv}");
    assert!(cv.find("- Star:").unwrap() < cv.find("- secret:").unwrap());
    // "one", "two", "three" say no number: not measured, not listed.
    assert!(!cv.contains("- x1:"), "{cv}");
    assert!(
        cv.contains("3 entries without a measured impact are not listed"),
        "{cv}"
    );
    // Written to a file with -o, never half-written.
    let out = r.path().join("cv.md");
    let o = run(
        r.path(),
        &[
            "export",
            "--format",
            "cv",
            "--as-of",
            "2026-06-01",
            "-o",
            "cv.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .contains("- Star: Cut costs 20%"));
}

/// Each version claims only what it shows: "none yet" only when there is
/// none at all, "none shown here" when some is withheld, and no sentence
/// about complex situations the framework does not name; "already
/// operating" lists a competency only when the evidence shown meets it.
#[test]
fn each_version_claims_only_what_it_shows() {
    let r = small_case();
    // No complex-situation competencies in this framework.
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(
        md.contains("- This framework names no competency for complex situations."),
        "{md}"
    );
    assert!(!md.contains("No evidence of complex situations"), "{md}");
    // Name y as complex; its only entry is manager-only (the default).
    let fw = FRAMEWORK.replace(
        "competencies:\n",
        "complex_situations: [y]\ncompetencies:\n",
    );
    r.write("fw.yaml", &fw);
    entry(
        &r,
        "x3",
        "2026-05-10",
        "x",
        "team",
        "visibility: shareable\n",
    );
    let share = text(
        &r,
        &["brief", "--as-of", "2026-06-01", "--audience", "shareable"],
    );
    assert!(
        share.contains("- None shown here (1 entry not shown in this version)."),
        "{share}"
    );
    // x: one of two pieces shown; y: none shown. Neither is "operating".
    assert!(
        share.contains("- No competency's expectation is met by the evidence shown here."),
        "{share}"
    );
    assert!(
        share.contains("short of the expectation: Xcomp (1 of 2 pieces)."),
        "{share}"
    );
    assert!(share.contains("| 1; 2 more not shown here |"), "{share}");
    let manager = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(manager.contains("- **Ycomp** (met)"), "{manager}");
    assert!(!manager.contains("None shown here"), "{manager}");
}

/// The candidate's own version says how the manager's and the committee's
/// differ from it: statuses that differ with the private entries behind
/// them, and competencies the committee sees no evidence for.
#[test]
fn the_self_version_shows_what_others_will_see() {
    let r = small_case();
    // y rests on a private entry alone: met for the candidate only.
    r.remove("evidence/2026-03-05-y1.md");
    entry(&r, "y1", "2026-03-05", "y", "org", "visibility: private\n");
    // A draft, by its own impact line.
    entry(
        &r,
        "draft",
        "2026-05-06",
        "x",
        "team",
        "visibility: private\nimpact: Not yet shared\n",
    );
    let md = text(
        &r,
        &["brief", "--as-of", "2026-06-01", "--audience", "self"],
    );
    let part = md
        .split("## What your manager and the committee will see")
        .nth(1)
        .expect("the section")
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        part.contains("verdict **Not yet**, coverage 50% (yours: 100%)"),
        "{part}"
    );
    assert!(
        part.contains("| Ycomp | ● met | ◌ withheld | y1 |"),
        "{part}"
    );
    assert!(!part.contains("| Xcomp |"), "{part}");
    // Nothing is shareable: the committee sees evidence for neither.
    assert!(
        part.contains("shows no evidence for Xcomp, Ycomp: make an entry `shareable`?"),
        "{part}"
    );
    assert!(
        part.contains(
            "Not shared yet, by their own impact line, and counted here as evidence: draft."
        ),
        "{part}"
    );
    // Only the candidate's version has it.
    let manager = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(!manager.contains("will see"), "{manager}");
    assert_eq!(json(&r, &[])["others_see"], Value::Null);
}

/// What weakens an entry as evidence is the candidate's to fix before the
/// brief goes anywhere: listed in their own brief, never in another's.
#[test]
fn the_self_brief_lists_what_to_fix_before_sharing() {
    let r = small_case();
    entry(
        &r,
        "y2",
        "2026-04-20",
        "y",
        "org",
        "impact: \"time to hire down from 41 to 29 days\"\n",
    );
    let md = text(
        &r,
        &["brief", "--as-of", "2026-06-01", "--audience", "self"],
    );
    let part = md
        .split("## Before you share this")
        .nth(1)
        .expect("the section");
    let part = part.split("\n## ").next().unwrap();
    // The diagnostic's words, escaped as any text the case gave.
    assert!(
        part.contains("- y2: \\`impact\\` still holds the example \\`promocase new\\` wrote"),
        "{part}"
    );
    assert!(
        part.contains("- y2: \\`org\\` work with no \\`witnesses\\`"),
        "{part}"
    );
    // impact: one, two, three in the small case: no digit.
    assert!(
        part.contains("3 entries have an impact with no number"),
        "{part}"
    );
    let manager = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(!manager.contains("Before you share this"), "{manager}");
}

/// Work that spans months reads as a span in `export`: CV lines by month
/// ("2026-02 – ongoing"), STAR stories by day.
#[test]
fn export_spans_work_that_goes_on() {
    let r = small_case();
    entry(
        &r,
        "run",
        "2026-02-03",
        "x",
        "team",
        "impact: \"3 teams on it\"\nuntil: ongoing\n",
    );
    entry(
        &r,
        "span",
        "2026-01-20",
        "x",
        "team",
        "impact: \"2 teams\"\nuntil: 2026-04-30\n",
    );
    let cv = text(&r, &["export", "--format", "cv", "--as-of", "2026-06-01"]);
    assert!(
        cv.contains("- run: 3 teams on it (2026-02 – ongoing)"),
        "{cv}"
    );
    assert!(cv.contains("- span: 2 teams (2026-01 – 2026-04)"), "{cv}");
    let star = text(&r, &["export", "--as-of", "2026-06-01"]);
    assert!(star.contains("2026-02-03 – ongoing · team"), "{star}");
    assert!(star.contains("2026-01-20 – 2026-04-30 · team"), "{star}");
}

/// The summary for calibration says when it has no result to name, rather
/// than a heading over nothing.
#[test]
fn a_summary_with_no_results_says_so() {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n",
    );
    r.write("fw.yaml", FRAMEWORK);
    r.write(
        "evidence/2026-05-01-plain.md",
        "---\ndate: 2026-05-01\ntitle: plain\ncompetencies: [x]\nscope: team\n---\nA narrative.\n",
    );
    let md = text(&r, &["brief", "--as-of", "2026-06-01"]);
    assert!(
        md.contains("Strongest results:\n- No entry shown here states an impact yet.\n"),
        "{md}"
    );
    let html = text(&r, &["brief", "--as-of", "2026-06-01", "--format", "html"]);
    assert!(
        html.contains("<li>No entry shown here states an impact yet.</li>"),
        "{html}"
    );
}
