//! The readiness rules, one table row per rule and boundary.

use promocase::case::{self, Case, ParseCache};
use promocase::date::{parse, Date};
use promocase::readiness::{assess, percent, Audience, Status, Verdict};
use promocase::source::{blob_id, Origin, Snapshot, SourceFile};
use std::sync::Arc;

const FRAMEWORK: &str = "id: t\nname: Test\nversion: \"1\"\nscopes: [low, mid, high]\nlevels:\n  - {id: a, name: A}\n  - {id: b, name: B, sustained_months: 3}\ncompetencies:\n  - id: c\n    name: C\n    description: d\n    expectations:\n      b: {evidence: 2, scope: mid, months: 2, within_months: 12}\n  - id: d\n    name: D\n    weight: 3\n    description: d\n    expectations:\n      b: {evidence: 1, scope: low}\n";

fn d(s: &str) -> Date {
    parse(s).unwrap()
}

/// A case with evidence `(date, competency, scope)` and optional config lines.
fn case_with(entries: &[(&str, &str, &str)], extra_config: &str) -> Case {
    let config = format!(
        "candidate: X\nframework: fw.yaml\ncurrent_level: a\ntarget_level: b\n{extra_config}"
    );
    let mut files: Vec<(String, String)> = vec![
        ("promocase.yaml".into(), config),
        ("fw.yaml".into(), FRAMEWORK.into()),
    ];
    for (i, (date, comp, scope)) in entries.iter().enumerate() {
        files.push((
            format!("evidence/{date}-e{i}.md"),
            format!("---\ndate: {date}\ntitle: E{i}\ncompetencies: [{comp}]\nscope: {scope}\nimpact: x\n---\nn\n"),
        ));
    }
    let snap = Snapshot {
        origin: Origin::WorkingTree,
        case: Default::default(),
        files: files
            .iter()
            .map(|(p, t)| SourceFile {
                path: p.as_str().into(),
                bytes: Arc::new(t.clone().into_bytes()),
                blob: blob_id(t.as_bytes()).into(),
            })
            .collect(),
        problems: vec![],
    };
    let loaded = case::load(&snap, d("2100-01-01"), &mut ParseCache::default());
    assert_eq!(loaded.errors(), 0, "{:#?}", loaded.diagnostics);
    loaded.case.unwrap()
}

#[test]
fn status_boundaries() {
    let t = "2026-06-15";
    // (entries for competency c, expected status, counted, months, score%)
    type Entries<'a> = &'a [(&'a str, &'a str, &'a str)];
    let rows: &[(Entries, Status, usize, usize, u32)] = &[
        (&[], Status::Missing, 0, 0, 0),
        // Eligible but below scope: not missing, counts nothing.
        (&[("2026-05-01", "c", "low")], Status::Emerging, 0, 0, 0),
        // N-1 counted in one month: (1/2 + 1/2) / 2 = 50%: developing.
        (&[("2026-05-01", "c", "mid")], Status::Developing, 1, 1, 50),
        // N counted in one month: the months rule fails: 75%.
        (
            &[("2026-05-01", "c", "mid"), ("2026-05-20", "c", "high")],
            Status::Developing,
            2,
            1,
            75,
        ),
        // N in two months: met.
        (
            &[("2026-04-01", "c", "mid"), ("2026-05-20", "c", "mid")],
            Status::Met,
            2,
            2,
            100,
        ),
        // 2N-1: still met.
        (
            &[
                ("2026-03-01", "c", "mid"),
                ("2026-04-01", "c", "mid"),
                ("2026-05-20", "c", "mid"),
            ],
            Status::Met,
            3,
            3,
            100,
        ),
        // 2N: strong.
        (
            &[
                ("2026-02-01", "c", "mid"),
                ("2026-03-01", "c", "mid"),
                ("2026-04-01", "c", "mid"),
                ("2026-05-20", "c", "mid"),
            ],
            Status::Strong,
            4,
            4,
            100,
        ),
    ];
    for (entries, status, counted, months, score) in rows {
        let r = assess(&case_with(entries, ""), d(t), Audience::Myself);
        let c = &r.competencies[0];
        assert_eq!(
            (c.status, c.counted, c.months, c.score),
            (*status, *counted, *months, *score),
            "{entries:?}"
        );
    }
}

#[test]
fn window_edges() {
    // T = 2026-06-15, W = 12: the window is 2025-06-15 < d <= 2026-06-15.
    let t = d("2026-06-15");
    let rows = [
        ("2025-06-15", false), // exactly W months back: out
        ("2025-06-16", true),  // the day after: in
        ("2026-06-15", true),  // T itself: in
        ("2026-06-16", false), // after T: not counted
    ];
    for (date, counted) in rows {
        let r = assess(&case_with(&[(date, "c", "mid")], ""), t, Audience::Myself);
        assert_eq!(r.competencies[0].counted == 1, counted, "{date}");
    }
    // Month-end clamping: T = 2026-03-31, W = 1 via window... use the case window.
    let c = case_with(
        &[("2026-02-28", "d", "low"), ("2026-03-01", "d", "low")],
        "window_months: 1\n",
    );
    let r = assess(&c, d("2026-03-31"), Audience::Myself);
    let dd = r.competencies.iter().find(|x| x.id == "d").unwrap();
    // 2026-03-31 minus 1 month is 2026-02-28 (clamped), which is excluded.
    assert_eq!(dd.counted, 1);
    assert_eq!(dd.window_from, d("2026-03-01"));
}

#[test]
fn overall_weights_waivers_sustained_and_verdict() {
    let t = d("2026-06-15");
    // c met (100%), d missing (0%), weight 1 and 3: 25%.
    let r = assess(
        &case_with(
            &[("2026-04-01", "c", "mid"), ("2026-05-20", "c", "mid")],
            "",
        ),
        t,
        Audience::Myself,
    );
    assert_eq!(r.score, 25);
    assert_eq!(r.verdict, Verdict::NotYet);
    assert_eq!((r.met, r.assessed), (1, 2));
    // Waive d: left out of score and verdict; sustained needs 3 months.
    let r = assess(
        &case_with(
            &[("2026-04-01", "c", "mid"), ("2026-05-20", "c", "mid")],
            "waive:\n  d: \"not this role\"\n",
        ),
        t,
        Audience::Myself,
    );
    assert_eq!(r.competencies[1].status, Status::Waived);
    assert_eq!(r.score, 100);
    assert_eq!(
        (r.sustained.months, r.sustained.required, r.sustained.met),
        (2, 3, false)
    );
    assert_eq!(r.verdict, Verdict::NotYet);
    // A third month makes it ready.
    let r = assess(
        &case_with(
            &[
                ("2026-03-01", "c", "mid"),
                ("2026-04-01", "c", "mid"),
                ("2026-05-20", "c", "mid"),
            ],
            "waive:\n  d: \"not this role\"\n",
        ),
        t,
        Audience::Myself,
    );
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn missing_in_plain_words() {
    let r = assess(
        &case_with(&[("2026-05-01", "c", "mid")], ""),
        d("2026-06-15"),
        Audience::Myself,
    );
    assert_eq!(
        r.competencies[0].missing,
        vec![
            "1 more piece at mid scope or wider",
            "evidence in 1 more month"
        ]
    );
    let r = assess(&case_with(&[], ""), d("2026-06-15"), Audience::Myself);
    assert_eq!(
        r.competencies[0].missing,
        vec![
            "2 more pieces at mid scope or wider",
            "evidence in 2 more months"
        ]
    );
}

#[test]
fn expiring_only_when_leaving_lowers_the_status() {
    // Met with exactly two pieces; the older leaves on 2026-07-01 (17 days).
    let c = case_with(
        &[("2025-07-01", "c", "mid"), ("2026-05-20", "c", "mid")],
        "",
    );
    let r = assess(&c, d("2026-06-14"), Audience::Myself);
    assert_eq!(r.expiring.len(), 1, "{:#?}", r.expiring);
    assert_eq!(r.expiring[0].leaves_window, d("2026-07-01"));
    assert_eq!(r.expiring[0].days_left, 17);
    assert_eq!(
        (r.expiring[0].status_now, r.expiring[0].status_after),
        (Status::Met, Status::Developing)
    );
    // With a spare piece, its leaving lowers nothing: not listed.
    let c = case_with(
        &[
            ("2025-07-01", "c", "mid"),
            ("2026-04-20", "c", "mid"),
            ("2026-05-20", "c", "mid"),
        ],
        "",
    );
    assert!(assess(&c, d("2026-06-14"), Audience::Myself)
        .expiring
        .is_empty());
    // Leaving more than 60 days out: not listed.
    let c = case_with(
        &[("2025-09-01", "c", "mid"), ("2026-05-20", "c", "mid")],
        "",
    );
    assert!(assess(&c, d("2026-06-14"), Audience::Myself)
        .expiring
        .is_empty());
}

#[test]
fn rounding_is_half_up() {
    assert_eq!(percent(0.125), 13);
    assert_eq!(percent(0.124), 12);
    assert_eq!(percent(0.845), 85);
    assert_eq!(percent(1.0), 100);
    assert_eq!(percent(0.0), 0);
}

#[test]
fn a_tally_gives_the_same_statuses_scores_and_verdict() {
    let snap = promocase::source::read_worktree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera"),
    )
    .unwrap();
    let c = case::load(&snap, d("2026-11-01"), &mut ParseCache::default())
        .case
        .unwrap();
    for audience in [Audience::Myself, Audience::Manager, Audience::Shareable] {
        for t in ["2026-03-01", "2026-11-01", "2027-06-01"] {
            let full = assess(&c, d(t), audience);
            let mut tally = promocase::readiness::Tally::new(&c.framework, &c.config.target_level);
            for e in &c.evidence {
                tally.add(e);
            }
            let scoring = promocase::readiness::Scoring {
                config: &c.config,
                framework: &c.framework,
                feedback: &c.feedback,
            };
            let sum = tally.assess(&scoring, d(t), audience);
            assert_eq!(
                (
                    full.verdict,
                    full.score,
                    &full.sustained,
                    full.met,
                    full.withheld
                ),
                (
                    sum.verdict,
                    sum.score,
                    &sum.sustained,
                    sum.met,
                    sum.withheld
                )
            );
            let f: Vec<_> = full
                .competencies
                .iter()
                .map(|c| (&c.id, c.status, c.score, c.counted, c.months))
                .collect();
            let s: Vec<_> = sum
                .competencies
                .iter()
                .map(|c| (&c.id, c.status, c.score, c.counted, c.months))
                .collect();
            assert_eq!(f, s);
            assert!(sum
                .competencies
                .iter()
                .all(|c| c.evidence.is_empty() && c.missing.is_empty()));
        }
    }
}

#[test]
fn a_tally_after_adds_and_removes_equals_one_built_from_scratch() {
    use promocase::readiness::{Scoring, Tally};
    let c = case_with(
        &[
            ("2025-01-10", "c", "mid"),
            ("2025-01-10", "c", "low"),
            ("2025-03-05", "c, d", "high"),
            ("2025-03-06", "d, d", "low"),
            ("2025-07-01", "c", "mid"),
            ("2026-02-01", "d", "mid"),
        ],
        "",
    );
    let fw = &c.framework;
    let scoring = Scoring {
        config: &c.config,
        framework: fw,
        feedback: &c.feedback,
    };
    // Add everything, take every other entry away, add one back.
    let mut kept = Tally::new(fw, "b");
    for e in &c.evidence {
        kept.add(e);
    }
    for e in c.evidence.iter().step_by(2) {
        kept.remove(e);
    }
    kept.add(&c.evidence[0]);
    let mut fresh = Tally::new(fw, "b");
    let rest: Vec<_> = c
        .evidence
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1 || *i == 0)
        .map(|(_, e)| e.clone())
        .collect();
    for e in &rest {
        fresh.add(e);
    }
    assert_eq!(kept, fresh, "removing a piece undoes adding it");
    let smaller = Case {
        evidence: rest,
        ..c.clone()
    };
    for t in ["2025-01-31", "2025-06-01", "2026-01-10", "2026-03-01"] {
        let full = assess(&smaller, d(t), Audience::Myself);
        let tallied = kept.assess(&scoring, d(t), Audience::Myself);
        let key = |r: &promocase::readiness::Readiness| {
            let per: Vec<_> = r
                .competencies
                .iter()
                .map(|c| (c.status, c.score, c.counted, c.months))
                .collect();
            (r.verdict, r.score, r.sustained.clone(), per)
        };
        assert_eq!(key(&tallied), key(&full), "as of {t}");
        assert_eq!(kept.visible(Audience::Myself), smaller.evidence.len());
    }
}

/// Sustained evidence never reads "11 of 6 months": short of what is
/// asked it is "N of M", past it the months come first and the ask after.
#[test]
fn sustained_phrase_reads_true_at_every_boundary() {
    use promocase::readiness::sustained_phrase;
    let table = [
        (0, 0, "0 months, none asked"),
        (1, 0, "1 month, none asked"),
        (0, 6, "0 of 6 months"),
        (5, 6, "5 of 6 months"),
        (6, 6, "6 months, 6 asked"),
        (11, 6, "11 months, 6 asked"),
        (1, 1, "1 month, 1 asked"),
    ];
    for (months, required, want) in table {
        assert_eq!(
            sustained_phrase(months, required),
            want,
            "{months}/{required}"
        );
    }
}

/// Who sees what is decided by one function: each audience's view holds
/// exactly the items its rule allows, counts the rest as hidden, and the
/// narrower an audience, the fewer it sees.
#[test]
fn a_view_splits_every_kind_by_one_rule() {
    use promocase::case::Visibility;
    let snap = promocase::source::read_worktree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera"),
    )
    .unwrap();
    let mut c = case::load(&snap, d("2026-11-01"), &mut ParseCache::default())
        .case
        .unwrap();
    c.pitch.as_mut().unwrap().visibility = Visibility::Manager;
    c.left_out.push(case::LeftOut {
        path: "evidence/2026/unreadable.md".into(),
        visibility: None,
    });
    let mut before = usize::MAX;
    for audience in [Audience::Myself, Audience::Manager, Audience::Shareable] {
        let v = c.view(audience);
        assert!(v.evidence.iter().all(|e| audience.sees(e.visibility)));
        assert!(v.feedback.iter().all(|f| audience.sees(f.visibility)));
        assert_eq!(v.evidence.len() + v.hidden.evidence, c.evidence.len());
        assert_eq!(v.feedback.len() + v.hidden.feedback, c.feedback.len());
        assert_eq!(v.left_out.len() + v.hidden.left_out, c.left_out.len());
        // A file whose visibility could not be read is the candidate's only.
        let unreadable = v.left_out.iter().any(|l| l.path.ends_with("unreadable.md"));
        assert_eq!(unreadable, audience == Audience::Myself);
        assert_eq!(v.pitch.is_some(), audience != Audience::Shareable);
        let seen = v.evidence.len() + v.feedback.len();
        assert!(
            seen < before || audience == Audience::Myself,
            "{audience:?}"
        );
        before = seen;
        let newest = v.newest_first();
        assert!(newest
            .windows(2)
            .all(|w| (w[0].date, &w[0].path) >= (w[1].date, &w[1].path)));
    }
    assert_eq!(c.view(Audience::Myself).hidden, Default::default());
}
