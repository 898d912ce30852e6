//! `timeline`: readiness at every commit that changed the case, each
//! commit costing what it changed (Git read on a thread of its own).

use super::{load, Progress};
use crate::case;
use crate::date::{self, Date};
use crate::error::Result;
use crate::readiness::{self, Audience};
use crate::report::left_out::LeftOutNotice;
use crate::report::{self, timeline::Timeline};
use crate::source::{self, CommitInfo};
use std::path::Path;

/// `timeline` options.
pub struct TimelineArgs<'a> {
    pub case: &'a Path,
    /// `FROM..TO`, either side optional.
    pub range: Option<&'a str>,
    pub monthly: bool,
    pub audience: Audience,
}

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
    let today = date::today_utc();
    let mut month_end = date::end_of_month(first.0.date);
    // A row per month that has ended, and one for the current month as of
    // today (its end has not happened: evidence may still age out before
    // it); none after today (a commit dated in the future).
    let last = date::end_of_month(tip.date.max(latest.0.date)).min(date::end_of_month(today));
    while month_end <= last {
        let as_of = month_end.min(today);
        if let Some(i) = changed.iter().rposition(|(c, _)| c.date <= as_of) {
            out.push((i, as_of));
        }
        month_end = date::end_of_month(date::months_after(month_end, 1));
    }
    out
}

/// Whether a row must be scored whole: the verdict asks for the current
/// level to hold too (`also_current`: another level's assessment, which a
/// tally counted for the target level cannot give).
fn needs_whole(s: &readiness::Scoring<'_>) -> bool {
    let target = &s.config.target_level;
    s.framework
        .level(target)
        .and_then(|l| l.verdict.as_ref())
        .is_some_and(|v| v.also_current)
}

/// What the series' current state leaves out, to say so.
fn left_out_at(series: &mut case::Series, as_of: Date, audience: Audience) -> LeftOutNotice {
    let loaded = series.current(as_of);
    match &loaded.case {
        Some(c) => report::left_out::notice(&c.left_out, &loaded.diagnostics, audience),
        None => LeftOutNotice::default(),
    }
}

/// The rows of a timeline as its points arrive, each scored from what
/// changed since the point before.
struct Rows {
    series: case::Series,
    counts: readiness::RunningTally,
    rows: Vec<report::timeline::Row>,
    /// Columns: every competency any row assesses, in the order they first
    /// appear (a renamed one is a column of its own).
    ids: Vec<String>,
    audience: Audience,
    monthly: bool,
}

impl Rows {
    /// Apply what changed at a point; whether it is a row for this
    /// audience. A commit that changed only what the audience may not see
    /// is not: its date alone would say that private work was written then
    /// (its effect shows in the next row they see). Monthly rows are dates,
    /// not commits.
    fn apply(&mut self, read: source::Changes) -> bool {
        let paths: Vec<std::sync::Arc<str>> = read
            .upserted
            .iter()
            .map(|f| f.path.clone())
            .chain(read.removed.iter().cloned())
            .collect();
        let audience = self.audience;
        // Seen by this audience before the change (a file removed or made
        // private), or after it.
        let sees = |series: &mut case::Series| {
            paths
                .iter()
                .any(|p| series.visibility_of(p).is_some_and(|v| audience.sees(v)))
        };
        let everything = self.monthly || audience == Audience::Myself || self.rows.is_empty();
        let was_seen = !everything && sees(&mut self.series);
        self.series.apply(read);
        everything || was_seen || sees(&mut self.series)
    }

    /// The row of commit `c` as of `as_of`, when the case there can be scored.
    fn score(&mut self, c: &CommitInfo, as_of: Date, shown: bool) {
        let audience = self.audience;
        let Some(t) = self.counts.update(&mut self.series) else {
            return;
        };
        let Some(state) = self.series.state().filter(|_| shown) else {
            return;
        };
        for x in &state.framework.competencies {
            if x.expectations.contains_key(&state.config.target_level) && !self.ids.contains(&x.id)
            {
                self.ids.push(x.id.clone());
            }
        }
        let (errors, left_out) = (state.errors, state.left_out);
        let scoring = readiness::Scoring {
            config: state.config,
            framework: state.framework,
            feedback: state.feedback,
        };
        let mut r = match needs_whole(&scoring) {
            // Score this row whole.
            true => match self.series.current(as_of).case {
                Some(case) => readiness::assess(&case, as_of, audience),
                None => return,
            },
            false => t.assess(&scoring, as_of, audience),
        };
        r.left_out = left_out;
        let visible = t.visible(audience);
        let row = report::timeline::Row::of(&c.id, c.date, &r, visible, errors, &self.ids);
        self.rows.push(row);
    }

    fn finish(mut self, rel: &str) -> (Timeline, usize) {
        // Assembling the case again costs a pass over it: only when there
        // is something to say.
        let left_out = match self.rows.last() {
            Some(last) if last.left_out > 0 => {
                left_out_at(&mut self.series, last.as_of, self.audience)
            }
            _ => Default::default(),
        };
        let prefix = match rel {
            "" => String::new(),
            rel => format!("{rel}/"),
        };
        let mut t = Timeline {
            audience: self.audience,
            monthly: self.monthly,
            competencies: self.ids,
            rows: self.rows,
            left_out,
            prefix,
        };
        t.square();
        (t, self.series.parsed())
    }
}

/// Readiness at every first-parent commit that changed the case. Returns
/// the timeline and how many documents were parsed (each distinct blob once).
pub fn timeline(a: &TimelineArgs<'_>, progress: Progress<'_>) -> Result<(Timeline, usize)> {
    let history = load::case_history(a.case, a.range)?;
    let mut rows = Rows {
        series: case::Series::default(),
        counts: readiness::RunningTally::default(),
        rows: Vec::new(),
        ids: Vec::new(),
        audience: a.audience,
        monthly: a.monthly,
    };
    let points = points(&history.changed, &history.tip, a.monthly);
    let total = points.len();
    let rel = history.rel.clone();
    let at: Vec<usize> = points.iter().map(|(i, _)| *i).collect();
    history.follow(&at, |n, commit, changes| {
        progress(n, total);
        let shown = rows.apply(changes);
        rows.score(commit, points[n].1, shown);
    })?;
    progress(total, total);
    Ok(rows.finish(&rel))
}
