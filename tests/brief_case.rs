//! The brief makes the case: the three parts of the case show the strongest
//! entries first (docs/readiness.md, "Strongest evidence first"), the top 3
//! each then "and N more"; complex situations need a complex-situation
//! competency; the best example of a met competency is never supported or
//! directed work while other work exists.

mod common;

use common::{run, stderr, stdout, TestRepo};

/// One entry: file stem (also its title), date, competency, scope and any
/// extra front-matter lines.
fn entry(r: &TestRepo, stem: &str, date: &str, competency: &str, scope: &str, extra: &str) {
    r.write(
        &format!("evidence/{date}-{stem}.md"),
        &format!("---\ndate: {date}\ntitle: {stem}\ncompetencies: [{competency}]\nscope: {scope}\n{extra}---\nn\n"),
    );
}

fn case() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n",
    );
    let org = "org-leverage";
    // Each pair of neighbours differs by one step of the order.
    entry(&r, "a", "2026-01-05", org, "organisation", "role: led\n");
    entry(
        &r,
        "b",
        "2026-01-06",
        org,
        "organisation",
        "role: contributed\nautonomy: self-initiated\n",
    );
    entry(
        &r,
        "c",
        "2026-01-07",
        org,
        "organisation",
        "role: contributed\nautonomy: guided\nimpact: x\nwitnesses: [W]\n",
    );
    entry(
        &r,
        "e",
        "2026-01-09",
        org,
        "organisation",
        "role: contributed\nautonomy: guided\nimpact: x\n",
    );
    entry(
        &r,
        "d",
        "2026-01-08",
        org,
        "organisation",
        "role: contributed\nautonomy: guided\nimpact: x\n",
    );
    entry(
        &r,
        "g",
        "2026-01-10",
        org,
        "organisation",
        "role: contributed\nautonomy: guided\nwitnesses: [W]\n",
    );
    entry(
        &r,
        "f",
        "2026-01-11",
        org,
        "cross-team",
        "role: led\nautonomy: self-initiated\nimpact: x\nwitnesses: [W]\n",
    );
    r
}

fn brief(r: &TestRepo) -> serde_json::Value {
    let o = run(
        r.path(),
        &[
            "brief",
            "--format",
            "json",
            "--as-of",
            "2026-06-01",
            "--allow-errors",
        ],
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)))
}

fn titles(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn impact_beyond_the_team_is_the_strongest_three_then_a_count() {
    let r = case();
    // Scope, then role, then autonomy.
    let b = brief(&r);
    assert_eq!(titles(&b["case"]["beyond_team"]), ["a", "b", "c"]);
    assert_eq!(b["case"]["beyond_team_more"], 4);
    // Then measured impact, then witnesses, then newer; a narrower scope
    // is last even when led, self-initiated, measured and witnessed.
    for gone in ["a", "b", "c"] {
        r.remove(&format!(
            "evidence/2026-01-0{}-{gone}.md",
            5 + (gone.as_bytes()[0] - b'a')
        ));
    }
    let b = brief(&r);
    assert_eq!(titles(&b["case"]["beyond_team"]), ["e", "d", "g"]);
    assert_eq!(b["case"]["beyond_team_more"], 1);
    r.remove("evidence/2026-01-09-e.md");
    r.remove("evidence/2026-01-08-d.md");
    let b = brief(&r);
    assert_eq!(titles(&b["case"]["beyond_team"]), ["g", "f"]);
    assert_eq!(b["case"]["beyond_team_more"], 0);
    // Markdown says how many more, and where they are.
    let r = case();
    let o = run(
        r.path(),
        &["brief", "--as-of", "2026-06-01", "--allow-errors"],
    );
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("- and 4 more in [Evidence by competency](#evidence-by-competency)"),
        "{md}"
    );
}

#[test]
fn complex_situations_need_a_listed_competency_and_self_initiated_ranks_first() {
    let r = case();
    entry(
        &r,
        "guided",
        "2026-02-01",
        "handling-complexity",
        "team",
        "autonomy: guided\n",
    );
    entry(
        &r,
        "mine",
        "2026-02-02",
        "ambiguity-autonomy",
        "team",
        "autonomy: self-initiated\n",
    );
    let b = brief(&r);
    // `b` and `f` are self-initiated but tagged with no complex-situation
    // competency: not there.
    assert_eq!(titles(&b["case"]["complex_autonomous"]), ["mine", "guided"]);
    assert_eq!(b["case"]["complex_autonomous_more"], 0);
}

#[test]
fn a_met_competency_is_not_shown_by_supported_or_directed_work_when_other_work_exists() {
    let r = case();
    let mr = "manager-relationship";
    // Wider and led, but directed: stronger by the order, still not chosen.
    entry(
        &r,
        "directed",
        "2026-03-10",
        mr,
        "cross-team",
        "role: led\nautonomy: directed\n",
    );
    entry(&r, "own", "2026-04-10", mr, "team", "role: contributed\n");
    let b = brief(&r);
    let best = |b: &serde_json::Value| {
        b["case"]["operating_at_level"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["competency"] == mr)
            .map(|c| c["evidence"]["title"].as_str().unwrap().to_string())
    };
    assert_eq!(best(&b).as_deref(), Some("own"));
    // When it is all there is, it is shown.
    r.remove("evidence/2026-04-10-own.md");
    entry(
        &r,
        "also-directed",
        "2026-04-10",
        mr,
        "team",
        "autonomy: directed\n",
    );
    assert_eq!(best(&brief(&r)).as_deref(), Some("directed"));
}

#[test]
fn readiness_table_rows_say_what_matters_for_their_status() {
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\nwaive:\n  y: No such partner here\n",
    );
    r.write("fw.yaml", "id: t\nname: T\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: sem, name: SEM}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: team}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {evidence: 1, scope: team, months: 1}\n");
    entry(&r, "one", "2026-05-01", "x", "team", "");
    for format in ["md", "html"] {
        let o = run(
            r.path(),
            &["brief", "--format", format, "--as-of", "2026-06-01"],
        );
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        let row = |name: &str| {
            out.lines()
                .find(|l| {
                    l.contains(&format!("| {name} |")) || l.contains(&format!("<td>{name}</td>"))
                })
                .unwrap_or_else(|| panic!("{format}: no row {name}: {out}"))
                .to_string()
        };
        // Met: no failed `strong` rule (strong is the status itself); no
        // months asked: a dash, not 1/0.
        let x = row("X");
        assert!(!x.contains("strong"), "{format}: {x}");
        assert!(x.contains("✓ evidence"), "{format}: {x}");
        assert!(!x.contains("/0"), "{format}: {x}");
        // Waived: the reason, not failed rules.
        let y = row("Y");
        assert!(y.contains("waived: No such partner here"), "{format}: {y}");
        assert!(!y.contains('✗'), "{format}: {y}");
    }
}

#[test]
fn below_scope_evidence_is_named_in_every_format() {
    let r = case();
    entry(&r, "narrow", "2026-02-03", "strategic-thinking", "team", "");
    let b = brief(&r);
    let st = b["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "strategic-thinking")
        .unwrap()
        .clone();
    assert_eq!(st["below_scope"], 1);
    assert_eq!(st["below_scope_evidence"][0]["title"], "narrow");
    assert_eq!(st["below_scope_evidence"][0]["scope"], "team");
    let text = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--as-of", "2026-06-01", "--allow-errors"]);
        String::from_utf8_lossy(&run(r.path(), &all).stdout).to_string()
    };
    let md = text(&["brief"]);
    assert!(
        md.contains("Below the expected scope (not counted; counts from cross-team):\n- narrow (2026-02-03, team)"),
        "{md}"
    );
    let html = text(&["brief", "--format", "html"]);
    assert!(
        html.contains("<li>narrow (2026-02-03, team)</li>"),
        "{html}"
    );
    let o = run(r.path(), &["status", "--as-of", "2026-06-01"]);
    let status = String::from_utf8_lossy(&o.stdout);
    let section = status
        .split("below the expected scope (not counted)\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{status}"));
    assert!(
        section.contains("  Organisational leverage: evidence/2026-01-11-f.md\n  Strategic thinking: evidence/2026-02-03-narrow.md\n"),
        "{status}"
    );
}

#[test]
fn the_monthly_chart_counts_each_entry_once() {
    let r = case();
    // Two groups' competencies on one entry (leverage first), in a month
    // of its own.
    entry(
        &r,
        "both",
        "2026-03-04",
        "org-leverage, handling-complexity",
        "organisation",
        "",
    );
    let b = brief(&r);
    let months = b["activity"].as_array().unwrap();
    let count = |month: &str| -> Vec<(String, u64)> {
        let m = months.iter().find(|m| m["month"] == month).unwrap();
        m["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g[0].as_str().unwrap().to_string(), g[1].as_u64().unwrap()))
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    let leverage = "Organisational leverage and impact".to_string();
    assert_eq!(count("2026-03"), [(leverage.clone(), 1)]);
    // January's seven entries: seven, not more.
    assert_eq!(count("2026-01"), [(leverage, 7)]);
}

#[test]
fn the_candidate_current_scope_is_checked_and_shown_in_the_header() {
    let config =
        "candidate: C\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n";
    // (extra lines, header words or the error's words)
    let table: &[(&str, Result<&str, &str>)] = &[
        ("teams: 2\nreports: 11\n", Ok("leads 2 teams, 11 reports ·")),
        ("teams: 1\nmanagers_of_managers: 1\n", Ok("leads 1 team, 1 manager of managers ·")),
        ("reports: 0\n", Ok("leads 0 reports ·")),
        ("teams: two\n", Err("`teams` must be a whole number from 0 to 1000000, found a string")),
        ("reports: -1\n", Err("`reports` must be a whole number from 0 to 1000000, found a number outside that range")),
        ("reports: 1000001\n", Err("found a number outside that range")),
        ("teams: 1.5\n", Err("found a number outside that range")),
    ];
    for (extra, want) in table {
        let r = TestRepo::new();
        r.write("promocase.yaml", &format!("{config}{extra}"));
        match want {
            Ok(words) => {
                let o = run(r.path(), &["brief", "--as-of", "2026-06-01"]);
                let md = String::from_utf8_lossy(&o.stdout);
                let header = md.lines().nth(2).unwrap_or_default();
                assert!(header.contains(words), "{extra}: {header}");
            }
            Err(words) => {
                let o = run(r.path(), &["check"]);
                let out = String::from_utf8_lossy(&o.stdout);
                assert_eq!(o.status.code(), Some(1), "{extra}: {out}");
                assert!(out.contains(words), "{extra}: {out}");
                assert!(out.contains("promocase.yaml:5:"), "{extra}: {out}");
            }
        }
    }
    // Not stated: no words.
    let r = TestRepo::new();
    r.write("promocase.yaml", config);
    let md = String::from_utf8_lossy(&run(r.path(), &["brief", "--as-of", "2026-06-01"]).stdout)
        .to_string();
    assert!(!md.contains("leads"), "{md}");
}

#[test]
fn since_names_the_revision_as_written_and_never_scores_it_after_now() {
    let r = case();
    let first = r.commit("first", "2026-05-01");
    let tag = std::process::Command::new("git")
        .args(["tag", "last-conversation"])
        .current_dir(r.path())
        .status()
        .unwrap();
    assert!(tag.success());
    entry(
        &r,
        "later",
        "2026-05-10",
        "org-leverage",
        "organisation",
        "",
    );
    r.commit("second", "2026-05-11");
    let brief_since = |as_of: &str| {
        let o = run(
            r.path(),
            &[
                "brief",
                "--since",
                "last-conversation",
                "--as-of",
                as_of,
                "--allow-errors",
            ],
        );
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    // The tag as written, its short id beside it; scored at its commit date.
    let md = brief_since("2026-06-01");
    let short = &first[..10];
    assert!(
        md.contains(&format!(
            "Compared with last-conversation ({short}, as of 2026-05-01)"
        )),
        "{md}"
    );
    // A brief as of a day before the tag's commit scores it as of that day.
    let md = brief_since("2026-04-20");
    assert!(
        md.contains(&format!(
            "Compared with last-conversation ({short}, as of 2026-04-20)"
        )),
        "{md}"
    );
}

#[test]
fn questions_for_the_manager_and_prompts_are_in_your_own_brief_only() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera");
    let brief = |audience: &str| {
        let v: serde_json::Value = common::json(
            &example,
            &[
                "brief",
                "--format",
                "json",
                "--as-of",
                "2026-11-01",
                "--audience",
                audience,
            ],
            None,
        );
        v
    };
    let words = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["question"].as_str().unwrap().to_string())
            .collect()
    };
    let manager = brief("manager");
    // The questions are the candidate's, for the conversation: the
    // manager's version (read in calibration) leaves them out.
    assert!(words(&manager, "questions").is_empty());
    assert!(words(&brief("shareable"), "questions").is_empty());
    let q = words(&brief("self"), "questions");
    // The conversation: where I operate at the level, each unmet competency,
    // who in calibration should see the strongest work, when to revisit.
    assert!(
        q[0].starts_with(
            "Where do you already see me operating at the Senior Engineering Manager level"
        ),
        "{q:?}"
    );
    assert!(
        q.contains(
            &"What would you need to see from me in Strategic thinking to put me forward?"
                .to_string()
        ),
        "{q:?}"
    );
    assert!(
        q.contains(
            &"Who in calibration should see my work on Cross-team collaboration?".to_string()
        ),
        "{q:?}"
    );
    assert!(
        q.last().unwrap().contains("when should we revisit"),
        "{q:?}"
    );
    // The framework's self-reflection prompts are not questions for the
    // manager, and only the candidate's own brief has them.
    let prompt = "Can I say how each of my team's projects contributes to company goals?";
    assert!(!q.iter().any(|x| x == prompt), "{q:?}");
    assert!(words(&manager, "preparation").is_empty());
    assert!(words(&brief("shareable"), "preparation").is_empty());
    assert!(words(&brief("self"), "preparation")
        .iter()
        .any(|x| x == prompt));
}

#[test]
fn export_keeps_a_cv_to_achievements_and_can_name_roles_instead_of_people() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera");
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "--as-of", "2026-11-01", "--audience", "self"];
        args.extend_from_slice(extra);
        let o = run(&example, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let cv = export(&["--format", "cv"]);
    // About the promotion itself (the framework's `own_promotion`), and a
    // draft whose impact says no number: not CV lines.
    assert!(!cv.contains("Shared my Senior EM aspirations"), "{cv}");
    assert!(!cv.contains("Turned the promotion feedback"), "{cv}");
    assert!(!cv.contains("Not yet shared"), "{cv}");
    assert!(cv.contains("- Rolled out the structured hiring loop across engineering: Time to hire down from 41 to 29 days"), "{cv}");
    assert!(
        cv.contains("without a measured impact are not listed"),
        "{cv}"
    );
    // Anonymised: no colleague's name is left, each is their role.
    let star = export(&["--format", "star", "--anonymise"]);
    for name in [
        "Dana",
        "Okafor",
        "Priya",
        "Nair",
        "Sam Lee",
        "Jordan",
        "Ana Costa",
    ] {
        assert!(!star.contains(name), "{name} in: {star}");
    }
    assert!(
        star.contains("Started mentoring the EM (Risk), a new engineering manager"),
        "{star}"
    );
    assert!(star.contains("My manager agreed the plan"), "{star}");
    assert!(star.contains("colleagues named by their roles"), "{star}");
    // Without the flag, names stay.
    assert!(export(&["--format", "star"]).contains("Priya"));
}
