//! `diff` (and `brief --since`): two sides of a case read through one
//! series, so the later side costs what changed since the earlier one.

use super::Range;
use crate::case::{self, Loaded};
use crate::date::{self, Date};
use crate::error::{Error, Result};
use crate::readiness::{self, Audience};
use crate::report::left_out::LeftOutNotice;
use crate::report::{self, diff::DiffReport, Provenance};
use crate::source::{self, History, Origin, Repo, Snapshot};
use std::path::Path;

/// What `diff` compares: `None` for the working tree.
pub struct DiffArgs<'a> {
    pub case: &'a Path,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// As-of date for the TO side (default: its commit's date, or today
    /// for the working tree).
    pub as_of: Option<Date>,
    pub audience: Audience,
    pub narrative: bool,
    /// Score FROM no later than TO's as-of date (a brief's `--since`: the
    /// earlier conversation cannot be judged by a later day than now).
    pub from_no_later: bool,
}

struct SideData {
    snapshot: Option<Snapshot>,
    loaded: Option<Loaded>,
    as_of: Date,
    provenance: Provenance,
    commit: Option<source::CommitInfo>,
}

/// `diff`'s Git sides read with their evidence checked in the thread that
/// read it, bytes not kept (as `check` reads a case). The series must then
/// never need to check again a file it holds without bytes: that would
/// happen if the later side were checked against another framework (or
/// other feedback actions) than the earlier, so that side is read whole.
#[derive(Default)]
struct Streaming {
    /// What the series checks against, once a side was read (`None`
    /// inside: that side's configuration or framework is unusable).
    key: Option<Option<String>>,
}

/// What a streamed read checked, for the series once the side is loaded.
type Checked = Option<(case::EvidenceChecker, Vec<case::CheckedFile>)>;

impl Streaming {
    /// Check the evidence `h` deferred; `None` when the side must be read
    /// whole instead.
    fn side(&mut self, h: &mut History, mut snap: Snapshot) -> Option<(Snapshot, Checked)> {
        let checker = case::EvidenceChecker::new(&snap, false);
        let key = checker.as_ref().map(|c| c.key().to_string());
        if self.key.as_ref().is_some_and(|k| *k != key) {
            return None;
        }
        self.key = Some(key);
        let checked =
            source::finish_deferred(h, &mut snap, |f| checker.as_ref().map(|c| c.check(f)));
        let checked = checked.into_iter().flatten().collect();
        Some((snap, checker.map(|c| (c, checked))))
    }
}

/// Read revision `r` of the case, streamed when `stream` is given.
fn read_rev(
    repo: &mut History,
    rel: &str,
    case: &Path,
    r: &str,
    stream: Option<&mut Streaming>,
) -> Result<(source::CommitInfo, Option<Snapshot>, Checked)> {
    let (c, snap) = repo.read_case_at(r, rel)?;
    let (stream, snap) = match (stream, snap) {
        (Some(stream), Some(snap)) => (stream, snap),
        (_, snap) => return Ok((c, snap, None)),
    };
    match stream.side(repo, snap) {
        Some((s, checked)) => Ok((c, Some(s), checked)),
        None => {
            let (c, snap) = History::new(Repo::discover(case)?.0).read_case_at(r, rel)?;
            Ok((c, snap, None))
        }
    }
}

/// A side read but not loaded yet.
struct SideRead {
    snapshot: Option<Snapshot>,
    checked: Checked,
    as_of: Date,
    provenance: Provenance,
    commit: Option<source::CommitInfo>,
}

impl SideRead {
    fn load(self, series: &mut case::Series) -> SideData {
        if let Some((checker, files)) = self.checked {
            series.precheck(&checker, files);
        }
        let loaded = self.snapshot.as_ref().map(|s| series.load(s, self.as_of));
        SideData {
            snapshot: self.snapshot,
            loaded,
            as_of: self.as_of,
            provenance: self.provenance,
            commit: self.commit,
        }
    }
}

fn read_side(
    repo: &mut History,
    rel: &str,
    case: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    stream: Option<&mut Streaming>,
) -> Result<SideRead> {
    let (snapshot, commit, checked) = match rev {
        Some(r) => {
            // The case may be absent on one side: all its evidence added or removed.
            let (c, snap, checked) = read_rev(repo, rel, case, r, stream)?;
            (snap, Some(c), checked)
        }
        None => {
            if repo.repo().is_bare() {
                return Err(Error::BareRepository {
                    path: case.to_path_buf(),
                });
            }
            let snap = match source::find_case_dir(case) {
                Ok(dir) => Some(source::read_worktree(&dir)?),
                Err(Error::NoCase { .. }) => None,
                Err(e) => return Err(e),
            };
            (snap, None, None)
        }
    };
    let origin = match (&commit, rev) {
        (Some(c), Some(r)) => Origin::Commit {
            rev: r.to_string(),
            id: c.id.clone(),
            date: c.date,
        },
        _ => Origin::WorkingTree,
    };
    // `--as-of` scores the TO side (FROM is always its commit's date).
    let as_of = match (&commit, as_of) {
        (_, Some(d)) => d,
        (Some(c), None) => c.date,
        (None, None) => date::today_utc(),
    };
    Ok(SideRead {
        snapshot,
        checked,
        as_of,
        provenance: Provenance::of(&origin),
        commit,
    })
}

/// Whether to ask Git for renames between two sides: both exist, neither
/// has a truncated object (Git's rename detection reads every object below
/// the case through libgit2, which hangs on one), and a file went.
fn worth_looking_for_renames(from: &Option<Snapshot>, to: &Option<Snapshot>) -> bool {
    let damaged = |s: &Snapshot| {
        s.problems
            .iter()
            .any(|p| matches!(p, source::Problem::Unreadable { .. }))
    };
    match (from, to) {
        (Some(f), Some(t)) => !damaged(f) && !damaged(t) && removes(f, t),
        _ => false,
    }
}

/// Whether a file of `from` is gone from `to`. A rename the report can
/// name is of an entry of the earlier side whose path the later side no
/// longer has (Git finds none for a path both trees hold); when every path
/// stays, Git's rename detection (a walk of both trees, most of the time
/// `diff` spends after reading) has nothing to find.
fn removes(from: &Snapshot, to: &Snapshot) -> bool {
    let kept: std::collections::HashSet<&str> = to.files.iter().map(|f| &*f.path).collect();
    from.files.iter().any(|f| !kept.contains(&*f.path))
}

/// When `diff` counts as failed (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// The verdict went from ready to not yet, or a competency's status dropped.
    Regression,
    /// The later side has errors.
    Errors,
    Never,
}

impl FailOn {
    pub fn fails(self, report: &DiffReport) -> bool {
        match self {
            FailOn::Regression => report.regressions > 0,
            FailOn::Errors => report.diagnostics.to > 0,
            FailOn::Never => false,
        }
    }
}

impl<'a> DiffArgs<'a> {
    /// The sides `diff` compares from its positional arguments: `FROM..TO`
    /// in one argument (an empty side is HEAD), or FROM and TO (default:
    /// HEAD against the working tree).
    pub fn sides(
        first: Option<&'a str>,
        second: Option<&'a str>,
    ) -> (Option<&'a str>, Option<&'a str>) {
        match (first.map(Range::parse), second) {
            (Some(r), None) if r.dotted => {
                (Some(r.from.unwrap_or("HEAD")), Some(r.to.unwrap_or("HEAD")))
            }
            _ => (first, second),
        }
    }
}

/// A diff, and what the later side's readiness left out.
pub struct Diffed {
    pub report: DiffReport,
    pub left_out: LeftOutNotice,
    /// What to put before a case path to show it.
    pub prefix: String,
    /// The case folder from the repository root (`career/`, or empty): what
    /// GitHub names the pull request's files by.
    pub repository_prefix: String,
}

/// Compare two revisions (or one and the working tree).
pub fn diff(a: &DiffArgs<'_>) -> Result<Diffed> {
    let mut series = case::Series::default();
    let diffed = diff_sides(&mut series, a, !a.from_no_later);
    crate::parallel::drop_later(series);
    diffed
}

/// [`diff`], loading both sides through `series`: each side is loaded as
/// what changed since the case the series held before.
pub fn diff_in(series: &mut case::Series, a: &DiffArgs<'_>) -> Result<DiffReport> {
    diff_sides(series, a, false).map(|d| d.report)
}

/// `stream`: check each Git side's evidence as it is read (a series of
/// the caller's may hold files whose bytes a later load needs: not then).
/// A side as the report stage receives it: its case scored at its date.
fn side<'a>(d: &'a SideData, audience: Audience) -> report::diff::Side<'a> {
    let case = d.loaded.as_ref().and_then(|l| l.case.as_ref());
    report::diff::Side {
        provenance: d.provenance.clone(),
        as_of: d.as_of,
        case,
        readiness: case.map(|c| readiness::assess(c, d.as_of, audience)),
        errors: d.loaded.as_ref().map(|l| l.errors()).unwrap_or(0),
    }
}

/// The report of two loaded sides, with what the later one left out and
/// how paths are shown (from the current folder; from the repository
/// root for `rel`, the case folder).
fn diffed(
    from: &SideData,
    to: &SideData,
    renames: &[(String, String)],
    a: &DiffArgs<'_>,
    rel: &str,
) -> Diffed {
    let (f, t) = (side(from, a.audience), side(to, a.audience));
    let left_out = match (&to.loaded, t.case) {
        (Some(l), Some(c)) => report::left_out::notice(&c.left_out, &l.diagnostics, a.audience),
        _ => LeftOutNotice::default(),
    };
    Diffed {
        report: report::diff::build(&f, &t, renames, a.audience, a.narrative),
        left_out,
        prefix: to
            .snapshot
            .as_ref()
            .map(|s| s.display_prefix())
            .unwrap_or_default(),
        repository_prefix: match rel {
            "" => String::new(),
            rel => format!("{rel}/"),
        },
    }
}

/// The history to read both sides from: with `stream`, evidence is handed
/// over as it is read (checked there, bytes dropped).
fn history(repo: Repo, stream: bool) -> (History, Option<Streaming>) {
    match stream {
        true => (
            History::deferring(repo, case::is_evidence),
            Some(Streaming::default()),
        ),
        false => (History::new(repo), None),
    }
}

fn diff_sides(series: &mut case::Series, a: &DiffArgs<'_>, stream: bool) -> Result<Diffed> {
    let (repo, mut loc) = Repo::discover(a.case)?;
    let from_rev = a.from.unwrap_or("HEAD");
    loc.rel = repo.case_folder(&repo.resolve(a.to.unwrap_or(from_rev))?, &loc.rel)?;
    let (mut repo, mut streaming) = history(repo, stream);
    let rel = &loc.rel;
    let from = read_side(
        &mut repo,
        rel,
        a.case,
        Some(from_rev),
        None,
        streaming.as_mut(),
    )?;
    // The earlier side is loaded while the later one is read.
    let (from, to) = rayon::join(
        || from.load(series),
        || read_side(&mut repo, rel, a.case, a.to, a.as_of, streaming.as_mut()),
    );
    let to = to?;
    let mut from = from;
    if to.snapshot.is_none() && from.snapshot.is_none() {
        let case = if loc.rel.is_empty() { "." } else { &loc.rel };
        let rev = format!("{from_rev} or {}", a.to.unwrap_or("the working tree"));
        return Err(Error::CaseAbsent {
            case: case.to_string(),
            rev,
        });
    }
    let look = worth_looking_for_renames(&from.snapshot, &to.snapshot);
    let shown = from.snapshot.as_ref().map(|s| s.case.shown().to_string());
    let to_commit = to.commit.clone();
    let from_commit = from.commit.as_ref();
    // Renames are found while the later side is loaded.
    let (to, renames) = rayon::join(
        || to.load(series),
        move || {
            let renames = match from_commit {
                Some(fc) if look => {
                    let rel = shown.unwrap_or_default();
                    repo.repo().renames(fc, to_commit.as_ref(), &rel)
                }
                _ => Ok(Vec::new()),
            };
            (renames, repo)
        },
    );
    let (renames, repo) = (renames.0?, renames.1);
    if a.from_no_later && from.as_of > to.as_of {
        from.as_of = to.as_of;
        from.loaded = from.snapshot.as_ref().map(|s| series.load(s, to.as_of));
    }
    let diffed = diffed(&from, &to, &renames, a, &loc.rel);
    // Two cases' worth of files and entries: freed off the critical path.
    crate::parallel::drop_later((from, to, repo));
    Ok(diffed)
}
