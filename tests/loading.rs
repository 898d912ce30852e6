//! One loader, several strategies (`pipeline::Strategy`): each reads a case
//! its own way for speed, and every one must give the same case on the same
//! input. This harness loads every revision of a changing case (and its
//! working tree) with every strategy, in the repository as the test made
//! it (loose objects), packed, and as a shallow clone, and compares the
//! files, problems, diagnostics and the case itself.

mod common;

use common::{evidence, TestRepo, CONFIG};
use promocase::date::{parse, Date};
use promocase::pipeline::{self, CaseAt, Read, Strategy};
use std::path::Path;
use std::process::Command;

/// A framework of the case's own, for the commit that switches to it
/// (every entry is then checked again).
const FRAMEWORK: &str = "id: own\nname: Own\nversion: \"1\"\nscopes: [team, organisation]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n  - id: org-leverage\n    name: Org\n    description: d\n    expectations:\n      senior-em:\n        evidence: 1\n        scope: team\n        behaviours:\n          - {id: sets-direction, text: Sets direction}\n";

/// A case that changes in every way a loader must follow: entries added,
/// changed, made invalid, duplicated, removed; feedback; the framework
/// replaced; a pitch. Returns the repository.
fn history() -> TestRepo {
    let r = TestRepo::new();
    let ok = |d: &str, t: &str, v: &str| evidence(d, t, &["org-leverage"], "team", v);
    r.write("promocase.yaml", CONFIG);
    r.write("evidence/2026/a.md", &ok("2026-01-10", "First", "manager"));
    r.commit("start", "2026-01-11");
    r.write("evidence/2026/b.md", &ok("2026-02-10", "Second", "private"));
    r.write(
        "feedback/2026-02-12-1on1.md",
        "---\ndate: 2026-02-12\nfrom: Dana\nvisibility: manager\n---\nGood.\n",
    );
    r.commit("more", "2026-02-12");
    r.write(
        "evidence/2026/a.md",
        "---\ndate: 2026-13-01\ntitle: Broken\n---\n",
    );
    r.write(
        "evidence/2026/c.md",
        &ok("2026-02-10", "second", "shareable"),
    );
    r.commit("a broken entry and a duplicate title", "2026-03-01");
    r.write("fw.yaml", FRAMEWORK);
    r.write(
        "promocase.yaml",
        &CONFIG.replace("builtin:senior-em", "fw.yaml"),
    );
    r.write(
        "evidence/2026/a.md",
        &ok("2026-03-05", "First again", "manager"),
    );
    r.commit("own framework", "2026-03-06");
    r.remove("evidence/2026/b.md");
    r.write("pitch.md", "My pitch.\n");
    r.write(
        "evidence/2026/d.md",
        &ok("2026-04-01", "Fourth", "manager")
            .replace("impact:", "shows: [sets-direction]\nimpact:"),
    );
    r.commit("a pitch; one gone", "2026-04-02");
    // The working tree differs from HEAD.
    r.write(
        "evidence/2026/e.md",
        &ok("2026-04-10", "Uncommitted", "manager"),
    );
    r
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(ok.success(), "git {args:?}");
}

/// What must be equal whatever the strategy: the files (path and blob),
/// problems, file count, diagnostics and the case.
fn key(r: &Read) -> String {
    let files: Vec<(String, String)> = r
        .snapshot
        .files
        .iter()
        .map(|f| (f.path.to_string(), f.blob.to_string()))
        .collect();
    let mut problems = r.snapshot.problems.clone();
    problems.sort_by_key(|p| format!("{p:?}"));
    format!(
        "{files:?}\n{problems:?}\n{}\n{:?}\n{:#?}\n{}",
        r.loaded.files, r.loaded.diagnostics, r.loaded.case, r.as_of
    )
}

/// Every strategy that can load `rev` (`None`: the working tree), with
/// what it is called; `earlier` revisions for [`Strategy::After`].
fn strategies<'a>(rev: Option<&str>, earlier: &'a [String]) -> Vec<(String, Strategy<'a>)> {
    let mut all = vec![
        ("checking".to_string(), Strategy::Checking { lean: false }),
        ("whole".to_string(), Strategy::Whole),
    ];
    for e in earlier {
        all.push((format!("after {e}"), Strategy::After { earlier: e }));
    }
    if rev.is_some() {
        all.push(("along history".to_string(), Strategy::AlongHistory));
    }
    all
}

/// Load every revision (and the working tree) with every strategy; all
/// must agree. Returns how many loads were compared.
fn agree(dir: &Path, revs: &[&str], as_of: Option<Date>) -> usize {
    let mut compared = 0;
    let sides: Vec<Option<&str>> = revs.iter().map(|r| Some(*r)).chain([None]).collect();
    for rev in sides {
        let earlier: Vec<String> = revs.iter().map(|r| r.to_string()).collect();
        let at = CaseAt {
            case: dir,
            rev,
            as_of,
        };
        let want = key(&pipeline::load(at, Strategy::Whole).unwrap());
        for (name, s) in strategies(rev, &earlier) {
            let got = pipeline::load(at, s).unwrap_or_else(|e| panic!("{name} at {rev:?}: {e}"));
            assert_eq!(key(&got), want, "{name} at {rev:?} in {}", dir.display());
            compared += 1;
        }
    }
    compared
}

const REVS: &[&str] = &["HEAD~4", "HEAD~3", "HEAD~2", "HEAD~1", "HEAD"];

#[test]
fn every_strategy_gives_the_same_case_loose_and_packed() {
    let r = history();
    for as_of in [None, Some(parse("2026-06-01").unwrap())] {
        assert_eq!(agree(r.path(), REVS, as_of), 5 * 8 + 7);
    }
    git(r.path(), &["repack", "-adq", "--depth=50"]);
    git(r.path(), &["prune-packed"]);
    assert_eq!(agree(r.path(), REVS, None), 5 * 8 + 7);
}

#[test]
fn every_strategy_gives_the_same_case_in_a_shallow_clone() {
    let r = history();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let into = clone.path().join("c");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "3", &url, into.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    // Three commits are in the clone: the history starts at its boundary.
    assert_eq!(agree(&into, &["HEAD~2", "HEAD~1", "HEAD"], None), 3 * 6 + 5);
}

/// A lean load is the same case without its narratives.
#[test]
fn a_lean_load_is_the_same_case_without_narratives() {
    let r = history();
    for rev in [Some("HEAD"), None] {
        let at = CaseAt {
            case: r.path(),
            rev,
            as_of: None,
        };
        let lean = pipeline::load(at, Strategy::Checking { lean: true }).unwrap();
        let mut whole = pipeline::load(at, Strategy::Whole).unwrap();
        let case = whole.loaded.case.as_mut().unwrap();
        assert!(case.evidence.iter().any(|e| !e.narrative.is_empty()));
        for e in &mut case.evidence {
            std::sync::Arc::make_mut(e).narrative.clear();
        }
        assert_eq!(key(&lean), key(&whole), "{rev:?}");
    }
}

/// A history ends at a commit: asked for the working tree, it says so.
#[test]
fn along_history_needs_a_revision() {
    let r = history();
    let at = CaseAt {
        case: r.path(),
        rev: None,
        as_of: None,
    };
    let Err(e) = pipeline::load(at, Strategy::AlongHistory) else {
        panic!("a history of the working tree loaded");
    };
    let e = e.to_string();
    assert!(e.contains("not the working tree"), "{e}");
}
