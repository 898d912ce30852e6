//! One-shot commands read a case with its evidence checked in the thread
//! that read it, and its bytes dropped once checked
//! (`pipeline::Strategy::Checking`). That must give exactly what reading the
//! whole case and loading it gives: the same files, problems, diagnostics,
//! evidence and left-out entries, from the working tree and from a
//! revision, whatever is wrong with the files (a table of cases).

mod common;

use common::{evidence, TestRepo, CONFIG};
use promocase::case::{self, ParseCache};
use promocase::date::parse;
use promocase::pipeline;
use promocase::source;

/// The case at `dir` read while checking, through `loader`.
fn load_with(
    loader: &mut pipeline::Loader,
    dir: &std::path::Path,
    rev: Option<&str>,
    as_of: Option<promocase::date::Date>,
    lean: bool,
) -> pipeline::Read {
    let at = pipeline::CaseAt {
        case: dir,
        rev,
        as_of,
    };
    loader
        .load(at, pipeline::Strategy::Checking { lean })
        .unwrap()
}

fn load(
    dir: &std::path::Path,
    rev: Option<&str>,
    as_of: Option<promocase::date::Date>,
    lean: bool,
) -> pipeline::Read {
    load_with(&mut pipeline::Loader::default(), dir, rev, as_of, lean)
}

/// (what the case has, files to write: path and bytes)
type Case = (&'static str, Vec<(&'static str, Vec<u8>)>);

fn cases() -> Vec<Case> {
    let ok = |title: &str| evidence("2026-03-01", title, &["org-leverage"], "team", "manager");
    let private = evidence(
        "2026-04-01",
        "Private one",
        &["org-leverage"],
        "team",
        "private",
    );
    vec![
        (
            "valid entries and feedback",
            vec![
                ("promocase.yaml", CONFIG.into()),
                ("evidence/2026/a.md", ok("First").into()),
                ("evidence/2026/b.md", private.into()),
                (
                    "feedback/2026-05-01-1on1.md",
                    "---\ndate: 2026-05-01\nfrom: Dana\n---\nKeep going.\n".into(),
                ),
            ],
        ),
        (
            "a duplicate, an invalid entry, identical files",
            vec![
                ("promocase.yaml", CONFIG.into()),
                ("evidence/a.md", ok("Same").into()),
                ("evidence/b.md", ok("same").into()),
                ("evidence/c.md", ok("Same").into()),
                (
                    "evidence/d.md",
                    "---\ndate: 2026-13-01\ntitle: Broken\n---\nno\n".into(),
                ),
                ("evidence/e.md", "no front matter\n".into()),
                (
                    "evidence/f.md",
                    "---\ndate: 2026-02-01\ntitle: x: y\n---\n".into(),
                ),
            ],
        ),
        (
            "a file too large and one that is not UTF-8",
            vec![
                ("promocase.yaml", CONFIG.into()),
                ("evidence/a.md", ok("Fine").into()),
                (
                    "evidence/big.md",
                    format!("---\ntitle: big\n---\n{}", "x".repeat(1024 * 1024 + 10)).into(),
                ),
                // Bytes no text editor would write.
                ("evidence/bad.md", b"---\ntitle: caf\xe9\n---\n".to_vec()),
            ],
        ),
        (
            "a configuration that cannot be used",
            vec![
                ("promocase.yaml", "candidate: [\n".into()),
                ("evidence/a.md", ok("Waits").into()),
                ("evidence/big.md", "y".repeat(1024 * 1024 + 10).into()),
            ],
        ),
    ]
}

#[test]
fn reading_while_checking_gives_what_a_whole_read_gives() {
    let as_of = parse("2026-06-01").unwrap();
    for (what, files) in cases() {
        let r = TestRepo::new();
        for (path, bytes) in &files {
            let full = r.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
        r.commit("case", "2026-05-02");
        for rev in [None, Some("HEAD")] {
            for lean in [false, true] {
                let whole = source::read(r.path(), rev).unwrap();
                let mut cache = if lean {
                    ParseCache::lean()
                } else {
                    ParseCache::default()
                };
                let expected = case::load(&whole, as_of, &mut cache);
                let got = load(r.path(), rev, Some(as_of), lean);
                let at = format!("{what}, rev {rev:?}, lean {lean}");
                let paths = |s: &source::Snapshot| -> Vec<String> {
                    s.files.iter().map(|f| f.path.to_string()).collect()
                };
                assert_eq!(paths(&got.snapshot), paths(&whole), "{at}");
                let mut problems = got.snapshot.problems.clone();
                let mut want = whole.problems.clone();
                problems.sort_by_key(|p| format!("{p:?}"));
                want.sort_by_key(|p| format!("{p:?}"));
                assert_eq!(problems, want, "{at}");
                assert_eq!(got.loaded.diagnostics, expected.diagnostics, "{at}");
                assert_eq!(got.loaded.files, expected.files, "{at}");
                let case_of = |l: &case::Loaded| {
                    l.case
                        .as_ref()
                        .map(|c| (c.evidence.clone(), c.left_out.clone(), c.feedback.len()))
                };
                assert_eq!(case_of(&got.loaded), case_of(&expected), "{at}");
            }
        }
    }
}

/// The evidence bytes are not kept: the snapshot a one-shot read hands on
/// lists evidence files by path and blob only.
#[test]
fn evidence_bytes_are_dropped_once_checked() {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/a.md",
        &evidence("2026-03-01", "One", &["org-leverage"], "team", "manager"),
    );
    r.commit("case", "2026-05-02");
    for rev in [None, Some("HEAD")] {
        let got = load(r.path(), rev, None, false);
        let a = got
            .snapshot
            .files
            .iter()
            .find(|f| &*f.path == "evidence/a.md")
            .unwrap();
        assert!(a.bytes.is_empty(), "{rev:?}");
        assert_eq!(
            &*a.blob,
            source::blob_id(
                std::fs::read(r.path().join("evidence/a.md"))
                    .unwrap()
                    .as_slice()
            )
        );
        let config = got
            .snapshot
            .files
            .iter()
            .find(|f| &*f.path == "promocase.yaml")
            .unwrap();
        assert_eq!(config.bytes.as_slice(), CONFIG.as_bytes(), "{rev:?}");
        // The narrative was read before the bytes went.
        let case = got.loaded.case.unwrap();
        assert!(
            case.evidence[0].narrative.contains("What happened"),
            "{rev:?}"
        );
    }
}

/// `calibrate` reads many cases through one reader, which keeps the
/// repository of the case before: each case must still read as it does
/// alone, whether the next is in the same repository, in a repository
/// nested inside it (its own, however its path looks), or elsewhere; with
/// files identical to the case before (one blob, two cases); and at two
/// revisions in turn.
#[test]
fn one_reader_for_many_cases_reads_each_as_alone() {
    let as_of = parse("2026-06-01").unwrap();
    let outer = TestRepo::new();
    let table = cases();
    for (i, (_, files)) in table.iter().enumerate() {
        for (path, bytes) in files {
            let full = outer.path().join(format!("cases/c{i}/{path}"));
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
    }
    // The same files as case 0, in a case of their own.
    common::copy_dir(
        &outer.path().join("cases/c0"),
        &outer.path().join("cases/twin"),
    );
    outer.commit("cases", "2026-05-01");
    outer.write(
        "cases/c0/evidence/2026/late.md",
        &evidence("2026-05-10", "Late", &["org-leverage"], "team", "manager"),
    );
    outer.commit("one more", "2026-05-11");
    // A repository of its own inside the outer one's folder (untracked
    // there), and another one elsewhere.
    let (inner, other) = (TestRepo::new(), TestRepo::new());
    for r in [&inner, &other] {
        r.write("promocase.yaml", CONFIG);
        r.write(
            "evidence/x.md",
            &evidence(
                "2026-04-01",
                "Elsewhere",
                &["org-leverage"],
                "organisation",
                "manager",
            ),
        );
        r.commit("case", "2026-05-02");
    }
    // A repository of its own inside the outer one's folder (untracked
    // there), with its `.git`; and `other`, elsewhere.
    let nested = outer.path().join("cases/nested");
    common::copy_dir(inner.path(), &nested);
    let dirs = [
        outer.path().join("cases/c0"),
        outer.path().join("cases/twin"),
        nested.clone(),
        outer.path().join("cases/c1"),
        other.path().to_path_buf(),
        outer.path().join("cases/c2"),
        outer.path().join("cases/c3"),
        outer.path().join("cases/c0"),
    ];
    for rev in ["HEAD", "HEAD~1", "HEAD"] {
        let mut reader = pipeline::Loader::for_many();
        for dir in &dirs {
            if rev == "HEAD~1" && (dir == &nested || dir == other.path()) {
                continue; // one commit there
            }
            let at = format!("{} at {rev}", dir.display());
            let got = load_with(&mut reader, dir, Some(rev), Some(as_of), false);
            let alone = load(dir, Some(rev), Some(as_of), false);
            assert_eq!(got.snapshot.origin, alone.snapshot.origin, "{at}");
            assert_eq!(got.snapshot.case, alone.snapshot.case, "{at}");
            let listed = |s: &source::Snapshot| -> Vec<(String, String)> {
                s.files
                    .iter()
                    .map(|f| (f.path.to_string(), f.blob.to_string()))
                    .collect()
            };
            assert_eq!(listed(&got.snapshot), listed(&alone.snapshot), "{at}");
            assert_eq!(got.snapshot.problems, alone.snapshot.problems, "{at}");
            assert_eq!(got.loaded.diagnostics, alone.loaded.diagnostics, "{at}");
            let case_of = |l: &case::Loaded| {
                l.case
                    .as_ref()
                    .map(|c| (c.evidence.clone(), c.left_out.clone(), c.feedback.len()))
            };
            assert_eq!(case_of(&got.loaded), case_of(&alone.loaded), "{at}");
        }
    }
    // The nested case is the nested repository's, not the outer one's
    // (which has no commit with it).
    let mut reader = pipeline::Loader::for_many();
    let _ = load_with(&mut reader, &dirs[0], Some("HEAD"), None, false);
    let n = load_with(&mut reader, &nested, Some("HEAD"), None, false);
    let titles: Vec<String> = n
        .loaded
        .case
        .unwrap()
        .evidence
        .iter()
        .map(|e| e.title.clone())
        .collect();
    assert_eq!(titles, ["Elsewhere"]);
}
