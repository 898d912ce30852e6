//! `promocase diff` checks each Git side's evidence in the thread that read
//! it and keeps no bytes; `brief --since` goes through a series of its own
//! that reads whole (`diff_in`). Both must give the same report whatever
//! changes between the sides: evidence added, changed and removed, the
//! framework or the feedback actions changed (every entry is checked
//! again), a configuration broken on one side, the case absent on one
//! side, and the working tree as the later side (a table of cases).

mod common;

use common::TestRepo;
use promocase::case::Series;
use promocase::pipeline::{self, DiffArgs};
use promocase::readiness::Audience;

const CONFIG: &str = "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n";

fn framework(pieces: u32) -> String {
    format!("id: t\nname: T\nversion: \"1\"\nscopes: [team, org]\nlevels:\n  - {{id: em, name: EM}}\n  - {{id: sem, name: SEM}}\ncompetencies:\n  - id: x\n    name: X\n    description: d\n    expectations:\n      sem: {{evidence: {pieces}, scope: team}}\n  - id: y\n    name: Y\n    description: d\n    expectations:\n      sem: {{evidence: 1, scope: team}}\n")
}

fn entry(date: &str, title: &str, comp: &str) -> String {
    format!("---\ndate: {date}\ntitle: {title}\ncompetencies: [{comp}]\nscope: team\nimpact: x\n---\nWhat happened.\n")
}

/// A step: files to write (`None`: remove).
type Step = Vec<(&'static str, Option<String>)>;

fn base() -> Step {
    vec![
        ("promocase.yaml", Some(CONFIG.into())),
        ("fw.yaml", Some(framework(1))),
        ("evidence/a.md", Some(entry("2026-01-10", "A", "x"))),
        ("evidence/b.md", Some(entry("2026-02-10", "B", "y"))),
        ("evidence/c.md", Some(entry("2026-02-11", "C", "x"))),
        (
            "evidence/d.md",
            Some("---\ndate: 2026-13-01\ntitle: D\n---\n".into()),
        ),
    ]
}

fn cases() -> Vec<(&'static str, Step)> {
    vec![
        (
            "evidence added, changed and removed",
            vec![
                ("evidence/a.md", Some(entry("2026-01-10", "A again", "y"))),
                ("evidence/b.md", None),
                ("evidence/e.md", Some(entry("2026-03-01", "E", "x"))),
            ],
        ),
        (
            "the framework changed",
            vec![
                ("fw.yaml", Some(framework(2))),
                ("evidence/e.md", Some(entry("2026-03-01", "E", "x"))),
            ],
        ),
        (
            "feedback actions changed",
            vec![(
                "feedback/2026-03-01.md",
                Some("---\ndate: 2026-03-01\nfrom: M\nactions:\n  - id: grow\n    do: Lead the review\n---\nok\n".into()),
            )],
        ),
        (
            "the configuration broken",
            vec![("promocase.yaml", Some("candidate: [\n".into()))],
        ),
        (
            "the configuration mended",
            vec![
                ("promocase.yaml", Some(CONFIG.into())),
                ("evidence/f.md", Some(entry("2026-03-02", "F", "y"))),
            ],
        ),
    ]
}

fn apply(r: &TestRepo, step: &Step) {
    for (path, text) in step {
        match text {
            Some(t) => {
                r.write(path, t);
            }
            None => r.remove(path),
        }
    }
}

fn report(r: &TestRepo, from: &str, to: Option<&str>, whole: bool) -> serde_json::Value {
    let args = DiffArgs {
        case: r.path(),
        from: Some(from),
        to,
        as_of: Some(promocase::date::parse("2026-06-01").unwrap()),
        audience: Audience::Myself,
        narrative: true,
        from_no_later: false,
    };
    let report = match whole {
        true => pipeline::diff_in(&mut Series::default(), &args).unwrap(),
        false => pipeline::diff(&args).unwrap().report,
    };
    serde_json::to_value(report).unwrap()
}

#[test]
fn streamed_diff_reports_what_a_whole_read_reports() {
    let mut broken_first = vec![("promocase.yaml", Some("candidate: [\n".to_string()))];
    broken_first.extend(base().into_iter().filter(|(p, _)| *p != "promocase.yaml"));
    for (what, first) in [("base", base()), ("broken first", broken_first)] {
        for (change, step) in cases() {
            let r = TestRepo::new();
            apply(&r, &first);
            let a = r.commit("first", "2026-04-01");
            apply(&r, &step);
            let b = r.commit("second", "2026-04-02");
            let at = format!("{what}, then {change}");
            let streamed = report(&r, &a, Some(&b), false);
            assert_eq!(streamed, report(&r, &a, Some(&b), true), "{at}");
            // The later side as the working tree, with the change undone
            // there: every entry back as it was.
            apply(&r, &first);
            let worktree = report(&r, &b, None, false);
            assert_eq!(worktree, report(&r, &b, None, true), "{at}, working tree");
        }
    }
}

/// A case that did not exist at the earlier commit is all added.
#[test]
fn a_case_absent_on_the_earlier_side_is_all_added_either_way() {
    let r = TestRepo::new();
    r.write("README.md", "not a case yet\n");
    let a = r.commit("first", "2026-04-01");
    apply(&r, &base());
    let b = r.commit("second", "2026-04-02");
    let streamed = report(&r, &a, Some(&b), false);
    assert_eq!(streamed, report(&r, &a, Some(&b), true));
    let added = streamed["evidence"]["added"].as_array().unwrap().len();
    assert_eq!(added, 3, "{streamed:#}");
}
