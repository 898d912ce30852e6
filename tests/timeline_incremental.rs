//! `timeline` keeps its counts up to date commit by commit instead of
//! loading every commit whole. These tests hold each of its rows to a full
//! load and assessment of the same commit: a history that exercises every
//! kind of change (added, edited, renamed, removed, duplicate titles, invalid
//! files, skipped entries, config, framework and feedback changes, a broken
//! config), for every audience, per commit and monthly.

mod common;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;
use common::{evidence, TestRepo, CONFIG};
use promocase::case::{self, ParseCache};
use promocase::pipeline;
use promocase::readiness::{self, Audience, Status, Verdict};
use promocase::report::timeline::Timeline;
use std::path::Path;

/// Verdict, score, evidence seen, errors and statuses of one row.
type RowFigures = (Verdict, u32, usize, usize, Vec<Option<Status>>);

/// What a row says, computed from scratch at `commit` as of `as_of`.
fn full_row(
    case: &Path,
    commit: &str,
    as_of: promocase::date::Date,
    audience: Audience,
    ids: &[String],
) -> Option<RowFigures> {
    let snap = promocase::source::read(case, Some(commit)).unwrap();
    let loaded = case::load(&snap, as_of, &mut ParseCache::default());
    let k = loaded.case.as_ref()?;
    let r = readiness::assess(k, as_of, audience);
    let visible = k
        .evidence
        .iter()
        .filter(|e| audience.sees(e.visibility))
        .count();
    let statuses = ids
        .iter()
        .map(|id| {
            r.competencies
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.status)
        })
        .collect();
    Some((r.verdict, r.score, visible, loaded.errors(), statuses))
}

fn timeline(case: &Path, monthly: bool, audience: Audience) -> Timeline {
    pipeline::timeline(
        &pipeline::TimelineArgs {
            case,
            range: None,
            monthly,
            audience,
        },
        &mut |_, _| {},
    )
    .unwrap()
    .0
}

/// Every row of every audience's timeline equals a full load of its
/// commit; returns how many rows were compared.
/// Rows compared per audience (self, manager, shareable): a manager's or
/// shareable timeline lists only commits that changed what it sees.
fn assert_rows_match_full_loads(case: &Path, monthly: bool) -> [usize; 3] {
    let mut compared = [0; 3];
    for (n, audience) in [Audience::Myself, Audience::Manager, Audience::Shareable]
        .into_iter()
        .enumerate()
    {
        let t = timeline(case, monthly, audience);
        for row in &t.rows {
            let full = full_row(case, &row.commit, row.as_of, audience, &t.competencies)
                .unwrap_or_else(|| panic!("row for {} but no case there", row.commit));
            let got = (
                row.verdict,
                row.score,
                row.evidence,
                row.errors,
                row.statuses.clone(),
            );
            assert_eq!(
                got, full,
                "{audience:?} at {} as of {}",
                row.commit, row.as_of
            );
            compared[n] += 1;
        }
    }
    compared
}

fn framework_yaml(senior_threshold: u32) -> String {
    let (_, text) = promocase::case::framework::BUILTIN[0];
    // The team-effectiveness expectation for senior-em, made stricter or looser.
    text.replacen(
        "senior-em: {evidence: 2, scope: team, months: 2,",
        &format!("senior-em: {{evidence: {senior_threshold}, scope: team, months: 2,"),
        1,
    )
}

#[test]
fn every_row_equals_a_full_load_of_its_commit() {
    let r = TestRepo::new();
    let ev = |p: &str, text: &str| {
        r.write(&format!("career/evidence/{p}"), text);
    };
    r.write("career/promocase.yaml", CONFIG);
    ev(
        "2025/2025-01-05-a.md",
        &evidence(
            "2025-01-05",
            "A",
            &["team-effectiveness", "org-leverage"],
            "organisation",
            "manager",
        ),
    );
    ev(
        "2025/2025-01-06-p.md",
        &evidence(
            "2025-01-06",
            "P",
            &["team-effectiveness"],
            "team",
            "private",
        ),
    );
    ev(
        "2025/2025-01-07-s.md",
        &evidence(
            "2025-01-07",
            "S",
            &["impact-beyond-team"],
            "company",
            "shareable",
        ),
    );
    r.commit("start", "2025-01-10");

    // The same competency twice in one entry counts once.
    ev(
        "2025/2025-02-03-twice.md",
        &evidence(
            "2025-02-03",
            "Twice",
            &["org-leverage", "org-leverage", "mentoring-managers"],
            "team",
            "manager",
        ),
    );
    r.commit("twice", "2025-02-10");

    // A copy of A that sorts before it: the copy counts, A is reported.
    ev(
        "2025/2025-01-05-0copy.md",
        &evidence(
            "2025-01-05",
            "a",
            &["strategic-thinking"],
            "company",
            "shareable",
        ),
    );
    r.commit("duplicate", "2025-03-10");
    // A third with the same title, then the first copy retitled.
    ev(
        "2025/2025-01-05-z.md",
        &evidence(
            "2025-01-05",
            "A",
            &["team-effectiveness"],
            "team",
            "private",
        ),
    );
    r.commit("triplicate", "2025-03-11");
    ev(
        "2025/2025-01-05-0copy.md",
        &evidence(
            "2025-01-05",
            "A copy no more",
            &["strategic-thinking"],
            "company",
            "shareable",
        ),
    );
    r.commit("retitle", "2025-03-12");

    // An invalid file, then fixed.
    ev(
        "2025/2025-04-01-bad.md",
        &evidence("2025-04-01", "Bad", &["no-such-thing"], "galaxy", "manager"),
    );
    r.commit("bad", "2025-04-02");
    ev(
        "2025/2025-04-01-bad.md",
        &evidence(
            "2025-04-01",
            "Fixed",
            &["handling-complexity"],
            "cross-team",
            "manager",
        ),
    );
    r.commit("fixed", "2025-04-03");

    // Renamed, removed, a folder removed whole.
    r.rename(
        "career/evidence/2025/2025-02-03-twice.md",
        "career/evidence/2025/2025-02-03-once.md",
    );
    r.commit("rename", "2025-05-01");
    ev(
        "old/2024-12-01-x.md",
        &evidence(
            "2024-12-01",
            "Old",
            &["ambiguity-autonomy"],
            "organisation",
            "manager",
        ),
    );
    ev(
        "old/2024-12-02-y.md",
        &evidence("2024-12-02", "Older", &["org-leverage"], "team", "manager"),
    );
    r.commit("old folder", "2025-05-02");
    r.remove("career/evidence/2025/2025-01-07-s.md");
    r.commit("remove", "2025-05-03");
    std::fs::remove_dir_all(r.path().join("career/evidence/old")).unwrap();
    r.commit("remove folder", "2025-05-04");

    // Dated after its commit: a warning, not counted until then.
    ev(
        "2025/2025-12-01-future.md",
        &evidence(
            "2025-12-01",
            "Future",
            &["leadership-visibility"],
            "company",
            "manager",
        ),
    );
    r.commit("future", "2025-06-01");

    // A skipped entry (a symbolic link), then gone.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            "2025-01-05-a.md",
            r.path().join("career/evidence/2025/link.md"),
        )
        .unwrap();
        r.commit("link", "2025-06-02");
        r.remove("career/evidence/2025/link.md");
        r.commit("unlink", "2025-06-03");
    }

    // Feedback, a waiver and a window, then a framework file and its edits.
    r.write(
        "career/feedback/2025/2025-07-01-dana.md",
        "---\ndate: 2025-07-01\nfrom: Dana\ngaps: [mentoring-managers]\nactions:\n  - do: \"Mentor a new manager\"\n    competency: mentoring-managers\n    due: 2025-09-01\n---\n\nNotes.\n",
    );
    r.commit("feedback", "2025-07-02");
    r.write(
        "career/promocase.yaml",
        &format!("{CONFIG}window_months: 6\nwaive:\n  manager-relationship: \"agreed\"\n"),
    );
    r.commit("waive", "2025-07-03");
    r.write("career/framework.yaml", &framework_yaml(1));
    r.write(
        "career/promocase.yaml",
        &CONFIG.replace("builtin:senior-em", "framework.yaml"),
    );
    r.commit("own framework", "2025-08-01");
    r.write("career/framework.yaml", &framework_yaml(3));
    r.commit("stricter", "2025-08-02");
    // A target level that is not above the current one: the config is
    // unusable there (no row), as with a broken one below.
    r.write(
        "career/promocase.yaml",
        &CONFIG
            .replace("builtin:senior-em", "framework.yaml")
            .replace("target_level: senior-em", "target_level: em"),
    );
    r.commit("target em", "2025-08-03");

    // A broken config: no case, no row; then repaired.
    r.write("career/promocase.yaml", "candidate: [unclosed\n");
    r.commit("broken", "2025-09-01");
    r.write("career/promocase.yaml", CONFIG);
    ev(
        "2025/2025-09-01-late.md",
        &evidence(
            "2025-09-01",
            "Late",
            &["cross-team-collaboration"],
            "cross-team",
            "manager",
        ),
    );
    r.commit("repaired", "2025-09-02");
    // An edit whose content is unchanged elsewhere, and a later month.
    ev(
        "2026/2026-01-15-n.md",
        &evidence(
            "2026-01-15",
            "New year",
            &["team-effectiveness", "org-leverage"],
            "company",
            "manager",
        ),
    );
    r.commit("new year", "2026-01-20");

    let case = r.path().join("career");
    let rows = assert_rows_match_full_loads(&case, false);
    // 22 commits changed the case, two of them have no usable config.
    let commits = if cfg!(unix) { 22 } else { 20 };
    assert_eq!(rows[0], commits - 2, "{rows:?}");
    assert!(
        rows[2] > 0 && rows[2] <= rows[1] && rows[1] <= rows[0],
        "{rows:?}"
    );
    let monthly = assert_rows_match_full_loads(&case, true);
    assert!(monthly.iter().all(|&m| m >= 12), "{monthly:?}");
    // The history above did reach the states it means to test.
    let t = timeline(&case, false, Audience::Myself);
    assert!(t.rows.iter().any(|r| r.errors > 0), "an invalid file");
    assert!(
        t.rows
            .iter()
            .any(|r| r.statuses.contains(&Some(Status::Waived))),
        "a waiver"
    );
}

#[test]
fn generated_history_rows_equal_full_loads() {
    // The generator's histories add, edit, rename and remove files; each
    // shape (one folder per year, many team folders per commit, bursts of
    // additions and edits) gives the same rows incrementally as loading
    // every commit whole.
    for shape in [
        synthetic::Shape::Steady,
        synthetic::Shape::Wide,
        synthetic::Shape::Bursty,
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        synthetic::generate(&synthetic::Spec {
            out: repo.clone(),
            files: 200,
            commits: 30,
            seed: 3,
            shape,
        })
        .unwrap();
        let rows = assert_rows_match_full_loads(&repo, false);
        assert_eq!(rows[0], 30, "{shape:?}: {rows:?}");
        assert!(
            rows[2] > 0 && rows[2] <= rows[1] && rows[1] <= rows[0],
            "{shape:?}: {rows:?}"
        );
    }
}
