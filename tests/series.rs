//! `case::Series` updates a case by what changed; a fresh load starts from
//! nothing. For random sequences of changes (files appearing, changing and
//! going, duplicate titles, invalid entries, config changes), the two must
//! agree at every step: the same diagnostics, evidence and error count, and
//! a tally that follows the series' log must score like a full assessment.

use promocase::case::{self, ParseCache, Series};
use promocase::date::{parse, Date};
use promocase::readiness::{assess, Audience, Readiness, RunningTally, Scoring};
use promocase::source::{blob_id, Changes, Origin, Snapshot, SourceFile};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

const PATHS: &[&str] = &[
    "evidence/2025/a.md",
    "evidence/2025/b.md",
    "evidence/2025/c.md",
    "evidence/2026/d.md",
    "evidence/2026/e.md",
];

/// An evidence file: a few titles and dates so that duplicates happen, a
/// few competencies, scopes and visibilities, and an invalid variant.
fn evidence(v: u8) -> String {
    if v % 7 == 6 {
        return "---\ndate: 2025-13-01\ntitle: Broken\n---\nno\n".into();
    }
    let date = ["2025-03-10", "2025-09-01", "2026-02-15"][(v % 3) as usize];
    let title = ["Same", "Other", "same"][(v / 3 % 3) as usize];
    let comps = [
        "[org-leverage]",
        "[org-leverage, mentoring-managers]",
        "[team-effectiveness, team-effectiveness]",
    ][(v / 2 % 3) as usize];
    let scope = ["team", "organisation"][(v % 2) as usize];
    let vis = ["private", "manager", "shareable"][(v / 5 % 3) as usize];
    // Work that spans months, and behaviours shown: a tally follows both.
    let until = ["", "", "until: 2025-11-30\n", "until: ongoing\n"][(v / 4 % 4) as usize];
    // (Unknown to the built-in framework: such an entry is left out there.)
    let shows = [
        "",
        "",
        "",
        "shows: [sets-direction]\n",
        "shows: [grows-managers, grows-teams]\n",
    ][(v / 6 % 5) as usize];
    format!("---\ndate: {date}\ntitle: {title}\ncompetencies: {comps}\nscope: {scope}\nimpact: x\nvisibility: {vis}\n{until}{shows}---\nWhat happened.\n")
}

fn config(v: u8) -> String {
    let base = "candidate: X\nframework: builtin:senior-em\ncurrent_level: em\n";
    match v % 5 {
        0 => format!("{base}target_level: senior-em\n"),
        1 => format!("{base}target_level: em\n"),
        2 => format!("{base}target_level: senior-em\nwaive:\n  org-leverage: agreed\n"),
        3 => base.replace("builtin:senior-em", "fw.yaml") + "target_level: senior-em\n",
        _ => "candidate: [broken\n".into(),
    }
}

/// A framework whose target level asks for behaviours (config variant 3).
const BEHAVIOURS: &str = "id: b\nname: B\nversion: \"1\"\nscopes: [team, organisation]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM, sustained_months: 2}\ncompetencies:\n  - id: org-leverage\n    name: Org\n    description: d\n    expectations:\n      senior-em:\n        evidence: 1\n        months: 2\n        scope: organisation\n        behaviours_required: 2\n        behaviours:\n          - {id: sets-direction, text: Sets direction}\n          - {id: grows-managers, text: Grows managers}\n  - id: mentoring-managers\n    name: Mentoring\n    description: d\n    expectations:\n      senior-em: {evidence: 2, scope: team}\n  - id: team-effectiveness\n    name: Team\n    description: d\n    expectations:\n      senior-em:\n        evidence: 1\n        scope: team\n        behaviours_required: 1\n        behaviours:\n          - {id: grows-teams, text: Grows teams}\n";

/// A step: the config variant, and for each path nothing or a variant.
type Step = (u8, Vec<Option<u8>>);

fn snapshot((cfg, files): &Step) -> Snapshot {
    let mut all: Vec<(String, String)> = vec![
        ("promocase.yaml".into(), config(*cfg)),
        ("fw.yaml".into(), BEHAVIOURS.into()),
    ];
    for (p, v) in PATHS.iter().zip(files) {
        if let Some(v) = v {
            all.push((p.to_string(), evidence(*v)));
        }
    }
    snapshot_of(all)
}

/// The working tree holding `files` (path, text).
fn snapshot_of(mut files: Vec<(String, String)>) -> Snapshot {
    files.sort();
    Snapshot {
        origin: Origin::WorkingTree,
        case: Default::default(),
        files: files
            .into_iter()
            .map(|(p, t)| SourceFile {
                path: p.into(),
                blob: blob_id(t.as_bytes()).into(),
                bytes: Arc::new(t.into_bytes()),
            })
            .collect(),
        problems: vec![],
    }
}

/// What changed from `old` to `new`, as `source` would say it.
fn changes(old: &Snapshot, new: &Snapshot) -> Changes {
    let before: BTreeMap<&str, &str> = old.files.iter().map(|f| (&*f.path, &*f.blob)).collect();
    let after: BTreeMap<&str, &str> = new.files.iter().map(|f| (&*f.path, &*f.blob)).collect();
    Changes {
        upserted: new
            .files
            .iter()
            .filter(|f| before.get(&*f.path) != Some(&&*f.blob))
            .cloned()
            .collect(),
        removed: old
            .files
            .iter()
            .filter(|f| !after.contains_key(&*f.path))
            .map(|f| f.path.clone())
            .collect(),
        problems: vec![],
    }
}

fn key(r: &Readiness) -> impl PartialEq + std::fmt::Debug {
    let per: Vec<_> = r
        .competencies
        .iter()
        .map(|c| (c.id.clone(), c.status, c.score, c.counted, c.months))
        .collect();
    (r.verdict, r.score, r.sustained.clone(), r.withheld, per)
}

fn step() -> impl Strategy<Value = Step> {
    (
        0u8..5,
        proptest::collection::vec(proptest::option::weighted(0.7, 0u8..48), PATHS.len()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn a_series_agrees_with_fresh_loads(steps in proptest::collection::vec(step(), 1..8)) {
        let as_of: Date = parse("2026-03-01").unwrap();
        // One series fed whole snapshots, one fed changes with a tally
        // following its log, as `diff` and `timeline` use them.
        let mut by_snapshot = Series::default();
        let mut by_changes = Series::default();
        let mut running = RunningTally::default();
        let mut previous = Snapshot { files: vec![], ..snapshot(&(0, vec![])) };
        for s in &steps {
            let snap = snapshot(s);
            let fresh = case::load(&snap, as_of, &mut ParseCache::default());
            let loaded = by_snapshot.load(&snap, as_of);
            prop_assert_eq!(&loaded.diagnostics, &fresh.diagnostics);
            let paths = |l: &case::Loaded| {
                l.case.as_ref().map(|k| k.evidence.iter().map(|e| e.path.clone()).collect::<Vec<_>>())
            };
            prop_assert_eq!(paths(&loaded), paths(&fresh));

            by_changes.apply(changes(&previous, &snap));
            previous = snap;
            let t = running.update(&mut by_changes);
            let errors = by_changes.state().map(|s| s.errors);
            prop_assert_eq!(errors.is_some(), fresh.case.is_some());
            prop_assert_eq!(t.is_some(), fresh.case.is_some());
            let (Some(t), Some(errors)) = (t, errors) else { continue };
            prop_assert_eq!(errors, fresh.errors());
            let c = fresh.case.as_ref().unwrap();
            let scoring = Scoring { config: &c.config, framework: &c.framework, feedback: &c.feedback };
            for audience in [Audience::Myself, Audience::Manager, Audience::Shareable] {
                prop_assert_eq!(key(&t.assess(&scoring, as_of, audience)), key(&assess(c, as_of, audience)));
                let visible = c.evidence.iter().filter(|e| audience.sees(e.visibility)).count();
                prop_assert_eq!(t.visible(audience), visible);
            }
        }
    }
}

/// The behaviours variant must load, or the property above would skip it.
#[test]
fn the_behaviours_framework_loads_and_asks_for_behaviours() {
    let snap = snapshot(&(3, vec![Some(1), Some(18), None, None, None]));
    let loaded = case::load(
        &snap,
        parse("2026-03-01").unwrap(),
        &mut ParseCache::default(),
    );
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    let c = loaded.case.expect("a case");
    let r = assess(&c, parse("2026-03-01").unwrap(), Audience::Myself);
    let org = r
        .competencies
        .iter()
        .find(|x| x.id == "org-leverage")
        .unwrap();
    assert_eq!(
        org.rules.last().map(|x| x.detail.as_str()),
        Some("0 of 2 behaviours shown")
    );
}

/// A case large enough to be assembled on every core (one stretch of
/// entries per thread) gives what one thread gives: the same diagnostics
/// in the same order, the same evidence and the same files left out, with
/// copied stories and titles whose first telling is in another stretch.
#[test]
fn a_large_case_assembles_on_many_cores_as_on_one() {
    let stories = [
        "We rebuilt the on-call rota with the ledger team and halved the pages per engineer.",
        "We moved four teams onto one release train and cut the lead time from weeks to days.",
    ];
    let mut files = vec![("promocase.yaml".to_string(), config(0))];
    for i in 0..300u32 {
        let date = ["2023-01-10", "2025-09-01", "2026-02-15", "2026-09-01"][(i % 4) as usize];
        // Every 37th entry has one title and date (e000 is invalid, so e037
        // counts and the later ones are duplicates); every tenth tells one
        // of two stories; every 41st is invalid.
        let title = if i % 37 == 0 {
            "Repeated".to_string()
        } else {
            format!("Work {i}")
        };
        let date = if i % 37 == 0 { "2025-09-01" } else { date };
        let body = if i % 10 == 0 {
            stories[(i / 10 % 2) as usize]
        } else {
            "Short."
        };
        let scope = if i % 41 == 0 { "nowhere" } else { "team" };
        files.push((
            format!("evidence/e{i:03}.md"),
            format!("---\ndate: {date}\ntitle: {title}\ncompetencies: [org-leverage]\nscope: {scope}\nimpact: 2 teams\n---\n{body}\n"),
        ));
    }
    let snap = snapshot_of(files);
    let as_of = parse("2026-03-01").unwrap();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| case::load(&snap, as_of, &mut ParseCache::default()))
    };
    let (one, many) = (on(1), on(4));
    assert_eq!(many.diagnostics, one.diagnostics);
    let seen = |l: &case::Loaded| {
        let c = l.case.as_ref().expect("a case");
        let paths: Vec<String> = c.evidence.iter().map(|e| e.path.clone()).collect();
        (paths, c.left_out.clone())
    };
    assert_eq!(seen(&many), seen(&one));
    // The copies in the last stretch name the first telling, in the first.
    let said = |code: &str, path: &str| -> Vec<String> {
        let of = many.diagnostics.iter();
        let of = of.filter(|d| d.code.as_str() == code && d.path == path);
        of.map(|d| serde_json::to_string(d).unwrap()).collect()
    };
    let copy = said("same-narrative", "evidence/e290.md");
    assert!(
        copy.len() == 1 && copy[0].contains("evidence/e010.md"),
        "{copy:?}"
    );
    let repeated = said("duplicate-evidence", "evidence/e296.md");
    assert!(
        repeated.len() == 1 && repeated[0].contains("evidence/e037.md"),
        "{repeated:?}"
    );
}
