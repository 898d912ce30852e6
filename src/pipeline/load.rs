//! The one way to a loaded case: where it is (a folder, a revision), and
//! how it is read ([`Strategy`]).
//!
//! Each command needs the same case, but reads it its own way for speed:
//! `check` checks evidence in the thread that read it and drops the bytes;
//! `brief --since` keeps every file so the earlier side costs only what
//! differs; `diff` streams two sides through one series; `timeline` applies
//! the history commit by commit. Those ways live here, side by side, and
//! `tests/loading.rs` proves that each gives the same case on the same
//! input (working tree, packed, loose and shallow repositories). A change
//! to what a case is belongs in `case`, and then holds for every strategy.

use crate::case::{self, Loaded};
use crate::date::{self, Date};
use crate::error::{Error, Result};
use crate::report::Provenance;
use crate::source::{self, CommitInfo, History, Origin, Repo, Snapshot};
use std::path::Path;

/// Which case, at which revision (`None`: the working tree), as of when
/// (`None`: the revision's commit date, or today for the working tree).
#[derive(Debug, Clone, Copy)]
pub struct CaseAt<'a> {
    pub case: &'a Path,
    pub rev: Option<&'a str>,
    pub as_of: Option<Date>,
}

/// How a case is read and loaded. Every strategy gives the same
/// [`Loaded`] on the same input (`Checking { lean: true }` without the
/// narratives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy<'a> {
    /// Each evidence file checked in the thread that read it and its bytes
    /// dropped: reading and checking overlap on every core, and memory
    /// holds what was found, not the files. `lean`: keep no narratives (a
    /// command that prints none, `check`). `status`, `brief`, `export`,
    /// `calibrate` and `check` read this way.
    Checking { lean: bool },
    /// Every file's bytes kept in the loader's series, so a later load
    /// through it (`brief --since`) checks only what differs.
    Whole,
    /// Loaded after the case at `earlier` through one series, both sides
    /// streamed, the later costing what changed: how `diff` reads.
    After { earlier: &'a str },
    /// The first-parent history applied commit by commit up to the
    /// revision, each commit costing what it changed: how `timeline` reads.
    AlongHistory,
}

/// Loads cases, keeping what makes the next load cheaper: an open
/// repository (`calibrate` reads many cases in one) and a series of the
/// case last loaded whole (`brief --since`).
#[derive(Default)]
pub struct Loader {
    reader: source::CaseReader,
    series: case::Series,
}

/// Load the case `at` with `strategy`.
pub fn load(at: CaseAt<'_>, strategy: Strategy<'_>) -> Result<Read> {
    Loader::default().load(at, strategy)
}

impl Loader {
    /// A loader for many cases (`calibrate`).
    pub fn for_many() -> Loader {
        Loader {
            reader: source::CaseReader::for_many(),
            series: case::Series::default(),
        }
    }

    /// The series whole loads went through, for a diff against it.
    pub(crate) fn series(&mut self) -> &mut case::Series {
        &mut self.series
    }

    pub fn load(&mut self, at: CaseAt<'_>, strategy: Strategy<'_>) -> Result<Read> {
        match strategy {
            Strategy::Checking { lean } => checking(&mut self.reader, at, lean),
            Strategy::Whole => {
                let snapshot = source::read(at.case, at.rev)?;
                let as_of = at.as_of.unwrap_or_else(|| snapshot.origin.default_as_of());
                let loaded = self.series.load(&snapshot, as_of);
                Ok(Read {
                    snapshot,
                    as_of,
                    loaded,
                    cache: case::ParseCache::default(),
                })
            }
            Strategy::After { earlier } => after(&mut self.series, at, earlier),
            Strategy::AlongHistory => along(at),
        }
    }
}

/// A case read and loaded, with the as-of date it was loaded for.
pub struct Read {
    pub snapshot: Snapshot,
    pub as_of: Date,
    pub loaded: Loaded,
    /// What the evidence was checked through, of no use after the load but
    /// a case's worth of small allocations: handed on to be freed with the
    /// rest of what was read. Freed on a thread of its own as the load
    /// ended, it took a core from the brief being built (bench/NOTES.md,
    /// ninth round). Empty for the strategies that check through a series.
    pub cache: case::ParseCache,
}

/// [`Strategy::Checking`], through `reader` (which may keep a repository
/// open from the case it read before: `calibrate`).
fn checking(reader: &mut source::CaseReader, at: CaseAt<'_>, lean: bool) -> Result<Read> {
    let reading = reader.read_deferring(at.case, at.rev, case::is_evidence)?;
    let as_of = at
        .as_of
        .unwrap_or_else(|| reading.snapshot.origin.default_as_of());
    let (snapshot, mut cache) = match case::EvidenceChecker::new(&reading.snapshot, lean) {
        Some(checker) => {
            let (snapshot, checked) = reader.finish(reading, |f| checker.check(f));
            (snapshot, case::ParseCache::prechecked(&checker, checked))
        }
        // Config or framework unusable: no evidence is checked, but every
        // file is still read, so that what cannot be is said.
        None => (
            reader.finish(reading, |_| ()).0,
            case::ParseCache::default(),
        ),
    };
    let loaded = case::load(&snapshot, as_of, &mut cache);
    Ok(Read {
        snapshot,
        as_of,
        loaded,
        cache,
    })
}

/// One side of a two-sided read, loaded.
pub(super) struct Side {
    pub(super) snapshot: Option<Snapshot>,
    pub(super) loaded: Option<Loaded>,
    pub(super) as_of: Date,
    pub(super) provenance: Provenance,
    pub(super) commit: Option<source::CommitInfo>,
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
    fn load(self, series: &mut case::Series) -> Side {
        if let Some((checker, files)) = self.checked {
            series.precheck(&checker, files);
        }
        let loaded = self.snapshot.as_ref().map(|s| series.load(s, self.as_of));
        Side {
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

/// Which two sides to read: FROM (default HEAD) and TO (`None`: the
/// working tree), TO scored as of `as_of`.
pub(super) struct Sides<'a> {
    pub(super) case: &'a Path,
    pub(super) from: Option<&'a str>,
    pub(super) to: Option<&'a str>,
    pub(super) as_of: Option<Date>,
    /// Score FROM no later than TO's as-of date.
    pub(super) from_no_later: bool,
}

/// Two sides of a case read through one series (`diff`, `brief --since`),
/// and the renames between them.
pub(super) struct TwoSides {
    pub(super) from: Side,
    pub(super) to: Side,
    pub(super) renames: Vec<(String, String)>,
    /// The case folder from the repository root.
    pub(super) rel: String,
    /// The history both were read from (dropped off the critical path).
    pub(super) history: History,
}

/// Read and load two sides through `series`, the later one as what
/// changed since the earlier. `stream`: check each Git side's evidence as
/// it is read (a series of the caller's may hold files whose bytes a later
/// load needs: not then).
pub(super) fn two_sides(
    series: &mut case::Series,
    a: &Sides<'_>,
    stream: bool,
) -> Result<TwoSides> {
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
    let (to, mut from) = (to?, from);
    if to.snapshot.is_none() && from.snapshot.is_none() {
        let case = if loc.rel.is_empty() { "." } else { &loc.rel };
        let rev = format!("{from_rev} or {}", a.to.unwrap_or("the working tree"));
        return Err(Error::CaseAbsent {
            case: case.to_string(),
            rev,
        });
    }
    let (to, renames, history) = later_with_renames(series, &from, to, repo);
    if a.from_no_later && from.as_of > to.as_of {
        from.as_of = to.as_of;
        from.loaded = from.snapshot.as_ref().map(|s| series.load(s, to.as_of));
    }
    Ok(TwoSides {
        from,
        to,
        renames: renames?,
        rel: loc.rel,
        history,
    })
}

/// Load the later side while Git looks for renames from the earlier.
fn later_with_renames(
    series: &mut case::Series,
    from: &Side,
    to: SideRead,
    history: History,
) -> (Side, Result<Vec<(String, String)>>, History) {
    let look = worth_looking_for_renames(&from.snapshot, &to.snapshot);
    let shown = from.snapshot.as_ref().map(|s| s.case.shown().to_string());
    let to_commit = to.commit.clone();
    let from_commit = from.commit.as_ref();
    let (to, (renames, history)) = rayon::join(
        || to.load(series),
        move || {
            let renames = match from_commit {
                Some(fc) if look => {
                    let rel = shown.unwrap_or_default();
                    history.repo().renames(fc, to_commit.as_ref(), &rel)
                }
                _ => Ok(Vec::new()),
            };
            (renames, history)
        },
    );
    (to, renames, history)
}

/// [`Strategy::After`]: the later side of a `diff` from `earlier`.
fn after(series: &mut case::Series, at: CaseAt<'_>, earlier: &str) -> Result<Read> {
    let args = Sides {
        case: at.case,
        from: Some(earlier),
        to: at.rev,
        as_of: at.as_of,
        from_no_later: false,
    };
    let sides = two_sides(series, &args, true)?;
    let to = sides.to;
    crate::parallel::drop_later((sides.from, sides.history));
    match (to.snapshot, to.loaded) {
        (Some(snapshot), Some(loaded)) => Ok(Read {
            snapshot,
            as_of: to.as_of,
            loaded,
            cache: case::ParseCache::default(),
        }),
        _ => Err(Error::CaseAbsent {
            case: at.case.display().to_string(),
            rev: at.rev.unwrap_or("the working tree").to_string(),
        }),
    }
}
/// Commits that changed the case, each with the case's tree there.
type Changed = Vec<(CommitInfo, source::CaseAt)>;

/// The tip, the case's place and the first-parent commits in `range` that
/// changed the case.
fn commits_that_changed(
    repo: &Repo,
    range: Option<&str>,
    rel: &str,
) -> Result<(CommitInfo, source::CaseLocation, Changed)> {
    let range = range.map(super::Range::parse);
    let from = range.and_then(|r| r.from);
    let to = range.and_then(|r| r.to).unwrap_or("HEAD");
    let tip = repo.resolve(to)?;
    let rel = repo.case_folder(&tip, rel)?;
    let stop = match from {
        Some(f) => Some(repo.resolve(f)?),
        None => None,
    };
    let commits = repo.first_parent_history(&tip, stop.as_ref())?;
    // With a range, the first commit in it is a row only if it changed the
    // case since the commit before it (none: a root commit, or not in a
    // shallow clone).
    let before = match (&stop, commits.first()) {
        (Some(_), Some(first)) => repo.resolve(&format!("{}^", first.id)).ok(),
        _ => None,
    };
    let changed = changing(repo, &commits, &rel, before.as_ref())?;
    Ok((tip, source::CaseLocation { rel }, changed))
}

/// The commits whose case tree differs from the previous one's (the first
/// compared with `before`'s, when there is one).
fn changing(
    repo: &Repo,
    commits: &[CommitInfo],
    rel: &str,
    before: Option<&CommitInfo>,
) -> Result<Vec<(CommitInfo, source::CaseAt)>> {
    let mut changed = Vec::new();
    let mut last: Option<source::CaseAt> = match before {
        Some(b) => repo.find_case(b, rel)?,
        None => None,
    };
    for c in commits {
        let found = repo.find_case(c, rel)?;
        if let Some(case) = &found {
            if last.as_ref() != Some(case) {
                changed.push((c.clone(), case.clone()));
            }
        }
        last = found;
    }
    Ok(changed)
}

/// A case's first-parent history (`timeline`, [`Strategy::AlongHistory`]):
/// the tip, the case's place, and the commits that changed the case.
pub(super) struct CaseHistory {
    pub(super) tip: CommitInfo,
    /// The case folder from the repository root.
    pub(super) rel: String,
    pub(super) changed: Changed,
    repo: Repo,
}

/// The history of the case at `case` in `range` (`FROM..TO`, either side
/// optional; the root and HEAD by default).
pub(super) fn case_history(case: &Path, range: Option<&str>) -> Result<CaseHistory> {
    let (repo, loc) = Repo::discover(case)?;
    let (tip, loc, changed) = commits_that_changed(&repo, range, &loc.rel)?;
    Ok(CaseHistory {
        tip,
        rel: loc.rel,
        changed,
        repo,
    })
}

impl CaseHistory {
    /// What changed at each of `at` (indices into `changed`, in order)
    /// since the one before, handed to `each` with its point's number and
    /// commit. Git is read on a thread of its own (the repository is not
    /// shared between threads, it moves there), a few commits ahead of
    /// what `each` does, so the two overlap.
    pub(super) fn follow(
        self,
        at: &[usize],
        mut each: impl FnMut(usize, &CommitInfo, source::Changes),
    ) -> Result<()> {
        let CaseHistory { changed, repo, .. } = self;
        let mut history = History::new(repo);
        let (ahead, reads) = std::sync::mpsc::sync_channel::<Result<source::Changes>>(16);
        let changed = &changed;
        std::thread::scope(|scope| -> Result<()> {
            let reader = std::thread::Builder::new().name("promocase-history".into());
            let started = reader.spawn_scoped(scope, move || {
                for i in at {
                    // Only what changed since the previous point is read.
                    let read = history.read_changes(&changed[*i].1);
                    let failed = read.is_err();
                    // The receiver is gone when `each`'s side stopped on an error.
                    if ahead.send(read).is_err() || failed {
                        break;
                    }
                }
            });
            started.map_err(|e| Error::Git {
                message: format!("could not start a thread to read the history: {e}"),
            })?;
            for (n, i) in at.iter().enumerate() {
                let read = reads.recv().map_err(|_| Error::Git {
                    message: "reading the history stopped early".into(),
                })?;
                each(n, &changed[*i].0, read?);
            }
            Ok(())
        })
    }
}

/// [`Strategy::AlongHistory`]: every commit that changed the case up to
/// `at.rev`, applied in turn.
fn along(at: CaseAt<'_>) -> Result<Read> {
    let Some(rev) = at.rev else {
        return Err(Error::Git {
            message: "a case's history ends at a commit, not the working tree".into(),
        });
    };
    let h = case_history(at.case, Some(&format!("..{rev}")))?;
    let absent = || Error::CaseAbsent {
        case: at.case.display().to_string(),
        rev: rev.to_string(),
    };
    if h.repo.find_case(&h.tip, &h.rel)?.is_none() {
        return Err(absent());
    }
    let (tip, rel) = (h.tip.clone(), h.rel.clone());
    let mut series = case::Series::default();
    let all: Vec<usize> = (0..h.changed.len()).collect();
    h.follow(&all, |_, _, changes| series.apply(changes))?;
    let as_of = at.as_of.unwrap_or(tip.date);
    let origin = Origin::Commit {
        rev: rev.to_string(),
        id: tip.id.clone(),
        date: tip.date,
    };
    let snapshot = series.snapshot(origin, source::CaseFolder::InRepository(rel));
    let loaded = series.current(as_of);
    Ok(Read {
        snapshot,
        as_of,
        loaded,
        cache: case::ParseCache::default(),
    })
}
