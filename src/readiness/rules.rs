//! The rules of readiness for one competency, shared by a full assessment
//! and a tally: its terms (pieces, months, window, scope), its counts in
//! the window, and the status and score they give (rules 1 to 5).

use super::{percent, CompetencyReadiness, Scoring, Status};
use crate::case::framework::{Competency, Expectation};
use crate::case::Evidence;
use crate::date::{self, Date};

/// One competency's evidence inside its window.
pub(super) struct Counts {
    /// Indices of counted and below-scope (eligible, not counted) pieces.
    pub(super) counted: Vec<usize>,
    pub(super) below: Vec<usize>,
    /// Pieces counted per calendar month, by months back from the as-of
    /// month (the window spans at most `within_months + 1` of them).
    pub(super) per_month: Vec<u32>,
    /// Months with at least one counted piece.
    pub(super) months: usize,
    /// The as-of month, as a month number.
    to_month: i64,
    /// The expectation's behaviours counted evidence shows.
    pub(super) shown: std::collections::BTreeSet<String>,
}

pub(super) fn month_number(d: Date) -> i64 {
    let (y, m) = date::month_key(d);
    y as i64 * 12 + m as i64
}

impl Counts {
    /// Counts, distinct months and eligible pieces, optionally as if the
    /// counted piece dated `without` were gone.
    /// `without` is the counted piece's first and last day in the window.
    pub(super) fn numbers(&self, without: Option<(Date, Date)>) -> (usize, usize, usize) {
        let c = self.counted.len();
        let (m, e) = (self.months, c + self.below.len());
        match without {
            None => (c, m, e),
            Some((first, last)) => {
                // Months only this piece fills go with it.
                let alone = (month_number(first)..=month_number(last))
                    .filter(|&mo| self.per_month.get((self.to_month - mo) as usize) == Some(&1))
                    .count();
                (c - 1, m - alone, e - 1)
            }
        }
    }
}

/// Count the evidence for one competency, in its window ending `to`.
/// `tagged` holds the indices (into `evidence`) of the entries tagged with
/// it, so each call costs what that competency's evidence costs, not the
/// whole case's.
pub(super) fn count(evidence: &[&Evidence], tagged: &[usize], t: &Terms, to: Date) -> Counts {
    let to_month = month_number(to);
    let span = (to_month - month_number(t.from_excl) + 1).max(1) as usize;
    let mut per_month = vec![0u32; span];
    let mut counted = Vec::new();
    let mut below = Vec::new();
    let mut shown = std::collections::BTreeSet::new();
    for &i in tagged {
        let e = evidence[i];
        let Some((first, end)) = t.span_in_window(e, to) else {
            continue;
        };
        if e.scope_rank >= t.min_rank {
            counted.push(i);
            for b in e
                .shows
                .iter()
                .filter(|b| t.behaviours.iter().any(|(id, _)| id == *b))
            {
                shown.insert(b.clone());
            }
            for month in month_number(first)..=month_number(end) {
                if let Some(n) = per_month.get_mut((to_month - month) as usize) {
                    *n += 1;
                }
            }
        } else {
            below.push(i);
        }
    }
    let months = per_month.iter().filter(|n| **n > 0).count();
    Counts {
        counted,
        below,
        per_month,
        months,
        to_month,
        shown,
    }
}

/// Status and score from (counted, distinct months, eligible) and the
/// behaviours shown, against an expectation of `n` pieces over `m` months
/// showing `b` behaviours: rules 4 and 5. The score is the mean of the
/// terms present (pieces; months when `m` > 0; behaviours when `b` > 0).
pub(super) fn status_of(
    (counted, months, eligible): (usize, usize, usize),
    shown: usize,
    (n, m, b): (usize, usize, usize),
) -> (Status, f64) {
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            1.0
        } else {
            (a as f64 / b as f64).min(1.0)
        }
    };
    let mut terms = vec![ratio(counted, n)];
    if m > 0 {
        terms.push(ratio(months, m));
    }
    if b > 0 {
        terms.push(ratio(shown, b));
    }
    let score = terms.iter().sum::<f64>() / terms.len() as f64;
    let shows_enough = shown >= b;
    let status = if eligible == 0 {
        Status::Missing
    } else if counted >= 2 * n && months >= m && shows_enough {
        Status::Strong
    } else if counted >= n && months >= m && shows_enough {
        Status::Met
    } else if score >= 0.5 {
        Status::Developing
    } else {
        Status::Emerging
    };
    (status, score)
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first day on which evidence dated `d` is outside a `w`-month window.
pub(super) fn leaves_window(d: Date, w: u32) -> Date {
    // In the window while T - w months < d; find the first T where not.
    let mut t = date::days_after(date::months_after(d, w), -4);
    while date::months_before(t, w) < d {
        t = t.succ_opt().unwrap_or(Date::MAX);
        if t == Date::MAX {
            break;
        }
    }
    t
}

/// One competency's expectation at the target level, with its window
/// resolved for an as-of date: rules 1 to 3.
pub(super) struct Terms {
    /// Pieces required.
    pub(super) n: usize,
    /// Distinct months required.
    pub(super) m: usize,
    /// Window in months.
    pub(super) w: u32,
    /// The day before the window's first day.
    pub(super) from_excl: Date,
    pub(super) min_rank: usize,
    /// Behaviours required, and the expectation's behaviours (id, text).
    pub(super) b: usize,
    pub(super) behaviours: Vec<(String, String)>,
}

impl Terms {
    /// The first and last day of `e`'s work inside the window that ends
    /// at `to`, or `None` when it is outside. Work that spans months is in
    /// the window while its span overlaps it.
    pub(super) fn span_in_window(&self, e: &Evidence, to: Date) -> Option<(Date, Date)> {
        let end = e.end(to);
        if end <= self.from_excl || e.date > to {
            return None;
        }
        let first = e
            .date
            .max(self.from_excl.succ_opt().unwrap_or(self.from_excl));
        Some((first, end))
    }
}

pub(super) fn terms(s: &Scoring<'_>, exp: &Expectation, as_of: Date) -> Terms {
    let w = crate::case::framework::window_months(s.config, s.framework, exp);
    Terms {
        n: exp.need.pieces.get() as usize,
        m: exp.need.months as usize,
        w,
        from_excl: date::months_before(as_of, w),
        min_rank: s.framework.scope_rank(&exp.scope).unwrap_or(0),
        b: exp.need.behaviours as usize,
        behaviours: exp
            .behaviours
            .iter()
            .map(|b| (b.id.clone(), b.text.clone()))
            .collect(),
    }
}

/// A competency's row with its numbers and status, lists left empty.
pub(super) fn competency_row(
    s: &Scoring<'_>,
    c: &Competency,
    exp: &Expectation,
    t: &Terms,
    (status, score): (Status, f64),
    (counted, months): (usize, usize),
) -> CompetencyReadiness {
    let waived = s.config.waive.get(&c.id).cloned();
    CompetencyReadiness {
        id: c.id.clone(),
        name: c.name.clone(),
        group: c.group.clone(),
        group_name: c
            .group
            .as_deref()
            .and_then(|g| s.framework.group_name(g))
            .map(str::to_string),
        weight: s.framework.weight(c),
        status: if waived.is_some() {
            Status::Waived
        } else {
            status
        },
        score: percent(score),
        score_exact: score,
        counted,
        required: t.n,
        months,
        required_months: t.m,
        scope: exp.scope.clone(),
        within_months: t.w,
        window_from: t.from_excl.succ_opt().unwrap_or(t.from_excl),
        below_scope: Vec::new(),
        evidence: Vec::new(),
        missing: Vec::new(),
        waived,
        rules: Vec::new(),
        behaviours: Vec::new(),
        judgement: None,
        others: Vec::new(),
    }
}
