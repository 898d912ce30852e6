//! The stages wired together: what each command computes.
//!
//! Each function here reads through `source`, loads through `case`, scores
//! through `readiness` and builds a `report`; nothing more. The CLI calls
//! these and renders the result; tests call them in-process.

use crate::case::{self, Loaded};
use crate::date::{self, Date};
use crate::error::{Error, Result};
use crate::readiness::{self, Audience, Readiness};
use crate::report::{
    self, brief::Brief, diff::DiffReport, status::StatusReport, timeline::Timeline, Provenance,
};
use crate::source::{self, CommitInfo, Origin, Repo, Snapshot};
use std::path::Path;

/// A case read and scored.
pub struct Scored {
    pub snapshot: Snapshot,
    pub loaded: Loaded,
    pub readiness: Readiness,
}

impl Scored {
    pub fn case(&self) -> &case::Case {
        self.loaded.case.as_ref().expect("scored cases have a case")
    }
}

/// Read, load and score; an error when config or framework are unusable.
pub fn score(
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    audience: Audience,
) -> Result<Scored> {
    score_in(&mut case::Series::default(), case_arg, rev, as_of, audience)
}

/// [`score`], loading through `series`: a later [`diff_in`] on the same
/// series (`brief --since`) then checks only what differs.
pub fn score_in(
    series: &mut case::Series,
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    audience: Audience,
) -> Result<Scored> {
    let snapshot = source::read(case_arg, rev)?;
    let as_of = as_of.unwrap_or_else(|| snapshot.origin.default_as_of());
    let loaded = series.load(&snapshot, as_of);
    let Some(c) = &loaded.case else {
        return Err(Error::CaseHasErrors {
            count: loaded.errors(),
        });
    };
    let readiness = readiness::assess(c, as_of, audience);
    Ok(Scored {
        snapshot,
        loaded,
        readiness,
    })
}

pub fn status(s: &Scored, audience: Audience) -> StatusReport {
    report::status::build(s.case(), &s.snapshot, &s.readiness, audience)
}

pub fn brief(s: &Scored, audience: Audience, since: Option<DiffReport>) -> Brief {
    report::brief::build(s.case(), &s.snapshot, &s.readiness, audience, since)
}

/// What `diff` compares: `None` for the working tree.
pub struct DiffArgs<'a> {
    pub case: &'a Path,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// As-of date for the working-tree side (default today).
    pub as_of: Option<Date>,
    pub audience: Audience,
    pub narrative: bool,
}

struct SideData {
    snapshot: Option<Snapshot>,
    loaded: Option<Loaded>,
    as_of: Date,
    provenance: Provenance,
    commit: Option<source::CommitInfo>,
}

fn read_side(
    repo: &mut Repo,
    rel: &str,
    case: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    series: &mut case::Series,
) -> Result<SideData> {
    let (snapshot, commit) = match rev {
        Some(r) => {
            // The case may be absent on one side: all its evidence added or removed.
            let (c, snap) = repo.read_case_at(r, rel)?;
            (snap, Some(c))
        }
        None => {
            if repo.is_bare() {
                return Err(Error::BareRepository {
                    path: case.to_path_buf(),
                });
            }
            let snap = match source::find_case_dir(case) {
                Ok(dir) => Some(source::read_worktree(&dir)?),
                Err(Error::NoCase { .. }) => None,
                Err(e) => return Err(e),
            };
            (snap, None)
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
    let as_of = match &commit {
        Some(c) => c.date,
        None => as_of.unwrap_or_else(date::today_utc),
    };
    let loaded = snapshot.as_ref().map(|s| series.load(s, as_of));
    Ok(SideData {
        snapshot,
        loaded,
        as_of,
        provenance: Provenance::of(&origin),
        commit,
    })
}

/// Compare two revisions (or one and the working tree).
pub fn diff(a: &DiffArgs<'_>) -> Result<DiffReport> {
    diff_in(&mut case::Series::default(), a)
}

/// [`diff`], loading both sides through `series`: each side is loaded as
/// what changed since the case the series held before.
pub fn diff_in(series: &mut case::Series, a: &DiffArgs<'_>) -> Result<DiffReport> {
    let (mut repo, loc) = Repo::discover(a.case)?;
    let from_rev = a.from.unwrap_or("HEAD");
    let from = read_side(&mut repo, &loc.rel, a.case, Some(from_rev), None, series)?;
    let to = read_side(&mut repo, &loc.rel, a.case, a.to, a.as_of, series)?;
    if from.snapshot.is_none() && to.snapshot.is_none() {
        return Err(Error::CaseAbsent {
            case: if loc.rel.is_empty() {
                ".".into()
            } else {
                loc.rel.clone()
            },
            rev: format!("{from_rev} or {}", a.to.unwrap_or("the working tree")),
        });
    }
    let renames = match &from.commit {
        Some(fc) if from.snapshot.is_some() && to.snapshot.is_some() => {
            let rel = from
                .snapshot
                .as_ref()
                .map(|s| s.case_path.clone())
                .unwrap_or_default();
            repo.renames(fc, to.commit.as_ref(), &rel)?
        }
        _ => Vec::new(),
    };
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
    let (f, t) = (side(&from, a.audience), side(&to, a.audience));
    Ok(report::diff::build(
        &f,
        &t,
        &renames,
        a.audience,
        a.narrative,
    ))
}

/// `timeline` options.
pub struct TimelineArgs<'a> {
    pub case: &'a Path,
    /// `FROM..TO`, either side optional.
    pub range: Option<&'a str>,
    pub monthly: bool,
    pub audience: Audience,
}

/// Progress callback: (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// The rows a timeline has: (index into `changed`, as-of date). Every
/// changing commit at its own date, or with `monthly` the last changing
/// commit before each month's end, at that day.
fn points(
    changed: &[(CommitInfo, source::CaseAt)],
    tip: &CommitInfo,
    monthly: bool,
) -> Vec<(usize, Date)> {
    if !monthly {
        return changed
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (i, c.date))
            .collect();
    }
    let mut out = Vec::new();
    let (Some(first), Some(latest)) = (changed.first(), changed.last()) else {
        return out;
    };
    let mut month_end = date::end_of_month(first.0.date);
    let last = date::end_of_month(tip.date.max(latest.0.date));
    while month_end <= last {
        if let Some(i) = changed.iter().rposition(|(c, _)| c.date <= month_end) {
            out.push((i, month_end));
        }
        month_end = date::end_of_month(date::months_after(month_end, 1));
    }
    out
}

/// Readiness at every first-parent commit that changed the case. Returns
/// the timeline and how many documents were parsed (each distinct blob once).
pub fn timeline(a: &TimelineArgs<'_>, progress: Progress<'_>) -> Result<(Timeline, usize)> {
    let (mut repo, loc) = Repo::discover(a.case)?;
    let (from, to) = match a.range {
        Some(r) => match r.split_once("..") {
            Some((f, t)) => (
                (!f.is_empty()).then_some(f),
                if t.is_empty() { "HEAD" } else { t },
            ),
            None => (Some(r), "HEAD"),
        },
        None => (None, "HEAD"),
    };
    let tip = repo.resolve(to)?;
    let stop = match from {
        Some(f) => Some(repo.resolve(f)?),
        None => None,
    };
    let history = repo.first_parent_history(&tip, stop.as_ref())?;
    // Keep the commits whose case tree differs from the previous one's.
    let mut changed = Vec::new();
    let mut last: Option<source::CaseAt> = None;
    for c in &history {
        let found = repo.find_case(c, &loc.rel);
        if let Some(case) = &found {
            if last.as_ref() != Some(case) {
                changed.push((c.clone(), case.clone()));
            }
        }
        last = found;
    }
    let mut series = case::Series::default();
    let mut counts = readiness::RunningTally::default();
    let mut rows = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let points = points(&changed, &tip, a.monthly);
    let total = points.len();
    // Git is read on a thread of its own (the repository is not shared
    // between threads, it moves there), a few commits ahead of the
    // checking and scoring done here, so the two overlap.
    let (ahead, changes) = std::sync::mpsc::sync_channel::<Result<source::Changes>>(16);
    let reading = (&points, &changed);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            for (i, _) in reading.0 {
                // Only what changed since the previous point is read.
                let read = repo.read_changes(&reading.1[*i].1);
                let failed = read.is_err();
                // The receiver is gone when scoring stopped on an error.
                if ahead.send(read).is_err() || failed {
                    break;
                }
            }
        });
        for (n, (i, as_of)) in points.iter().enumerate() {
            let c = &changed[*i].0;
            progress(n, total);
            let read = changes.recv().map_err(|_| Error::Git {
                message: "reading the history stopped early".into(),
            })?;
            series.apply(read?);
            let Some(t) = counts.update(&mut series) else {
                continue;
            };
            let Some(state) = series.state() else {
                continue;
            };
            if ids.is_empty() {
                ids = state
                    .framework
                    .competencies
                    .iter()
                    .filter(|x| x.expectations.contains_key(&state.config.target_level))
                    .map(|x| x.id.clone())
                    .collect();
            }
            let scoring = readiness::Scoring {
                config: state.config,
                framework: state.framework,
                feedback: state.feedback,
            };
            let r = t.assess(&scoring, *as_of, a.audience);
            rows.push(report::timeline::Row::of(
                &c.id,
                c.date,
                &r,
                t.visible(a.audience),
                state.errors,
                &ids,
            ));
        }
        Ok(())
    })?;
    progress(total, total);
    Ok((
        Timeline {
            audience: a.audience,
            monthly: a.monthly,
            competencies: ids,
            rows,
        },
        series.parsed(),
    ))
}
