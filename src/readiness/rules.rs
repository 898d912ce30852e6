//! The rules of readiness for one competency, shared by a full assessment
//! and a tally: its terms (pieces, months, window, scope), its counts in
//! the window, and the status and score they give (rules 1 to 5).

use super::{percent, CompetencyReadiness, Scoring, Status};
use crate::case::framework::{Competency, Expectation};
use crate::case::Evidence;
use crate::date::{self, Date};

/// One competency's pieces inside its window, month by month: the one
/// place that decides what a piece adds to the numbers a status is decided
/// by. A full assessment admits its pieces one by one; a tally admits a
/// day's pieces at once. Both then read the same numbers.
pub(super) struct Window {
    /// Pieces counted per calendar month, by months back from the as-of
    /// month (the window spans at most `within_months + 1` of them).
    pub(super) per_month: Vec<u32>,
    /// The as-of month, as a month number.
    to_month: i64,
    /// Pieces counted, and pieces eligible (counted or below the scope).
    pub(super) counted: usize,
    pub(super) eligible: usize,
}

impl Window {
    pub(super) fn new(t: &Terms, to: Date) -> Window {
        let to_month = month_number(to);
        let span = (to_month - month_number(t.from_excl) + 1).max(1) as usize;
        Window {
            per_month: vec![0; span],
            to_month,
            counted: 0,
            eligible: 0,
        }
    }

    /// `n` pieces whose work falls from `first` to `last` inside the
    /// window (see [`Terms::span_in_window`]): eligible, and counted when
    /// at the expected scope or wider (each month they touch then counts).
    pub(super) fn admit(&mut self, (first, last): (Date, Date), counted: bool, n: u32) {
        self.eligible += n as usize;
        if !counted || n == 0 {
            return;
        }
        self.counted += n as usize;
        for month in month_number(first)..=month_number(last) {
            if let Some(slot) = self.per_month.get_mut((self.to_month - month) as usize) {
                *slot += n;
            }
        }
    }

    /// Months with at least one counted piece.
    pub(super) fn months(&self) -> usize {
        self.per_month.iter().filter(|n| **n > 0).count()
    }

    /// The months with counted pieces, as months back from the as-of month
    /// (the same numbering for every competency: sustained evidence).
    pub(super) fn filled_months_back(&self) -> impl Iterator<Item = usize> + '_ {
        let filled = self.per_month.iter().enumerate().filter(|(_, n)| **n > 0);
        filled.map(|(back, _)| back)
    }

    /// Counted, distinct months and eligible, optionally as if one counted
    /// piece spanning `without` (its first and last day in the window)
    /// were gone: months only it fills go with it.
    pub(super) fn numbers(&self, without: Option<(Date, Date)>) -> (usize, usize, usize) {
        let (c, m, e) = (self.counted, self.months(), self.eligible);
        let Some((first, last)) = without else {
            return (c, m, e);
        };
        let alone = (month_number(first)..=month_number(last))
            .filter(|&mo| self.per_month.get((self.to_month - mo) as usize) == Some(&1))
            .count();
        (c - 1, m - alone, e - 1)
    }
}

/// One competency's evidence inside its window.
pub(super) struct Counts {
    /// Indices of counted and below-scope (eligible, not counted) pieces.
    pub(super) counted: Vec<usize>,
    pub(super) below: Vec<usize>,
    /// What they add up to.
    pub(super) window: Window,
    /// The expectation's behaviours counted evidence shows.
    pub(super) shown: std::collections::BTreeSet<String>,
}

pub(super) fn month_number(d: Date) -> i64 {
    let (y, m) = date::month_key(d);
    y as i64 * 12 + m as i64
}

/// Count the evidence for one competency, in its window ending `to`.
/// `tagged` holds the indices (into `evidence`) of the entries tagged with
/// it, so each call costs what that competency's evidence costs, not the
/// whole case's.
pub(super) fn count(evidence: &[&Evidence], tagged: &[usize], t: &Terms, to: Date) -> Counts {
    let mut window = Window::new(t, to);
    let mut counted = Vec::new();
    let mut below = Vec::new();
    let mut shown = std::collections::BTreeSet::new();
    for &i in tagged {
        let e = evidence[i];
        let Some(span) = t.span_in_window(e, to) else {
            continue;
        };
        let counts = e.scope_rank >= t.min_rank;
        window.admit(span, counts, 1);
        if !counts {
            below.push(i);
            continue;
        }
        counted.push(i);
        let known = e
            .shows
            .iter()
            .filter(|b| t.behaviours.iter().any(|(id, _)| id == *b));
        shown.extend(known.cloned());
    }
    Counts {
        counted,
        below,
        window,
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

/// `n` followed by the right form of a noun: the one such helper, used
/// by every stage after this one too.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
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
/// `withheld`: pieces that would count that the audience does not see; a
/// competency it sees nothing for is then `withheld`, not `missing`.
pub(super) fn competency_row(
    s: &Scoring<'_>,
    c: &Competency,
    exp: &Expectation,
    t: &Terms,
    (status, score): (Status, f64),
    (counted, months, withheld): (usize, usize, usize),
) -> CompetencyReadiness {
    let waived = s.config.waive.get(&c.id).cloned();
    let status = match status {
        Status::Missing if withheld > 0 => Status::Withheld,
        s => s,
    };
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
        withheld,
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

#[cfg(test)]
mod tests {
    //! The edges of each decision: one step either side of every
    //! threshold the status, the window and the month count turn on.
    use super::*;
    use crate::readiness::Status::*;

    fn d(s: &str) -> Date {
        date::parse(s).unwrap()
    }

    fn terms(n: usize, m: usize, w: u32, as_of: &str) -> Terms {
        Terms {
            n,
            m,
            w,
            from_excl: date::months_before(d(as_of), w),
            min_rank: 1,
            b: 0,
            behaviours: Vec::new(),
        }
    }

    #[test]
    fn status_at_each_threshold() {
        // ((counted, months, eligible), shown, (n, m, b)) -> status
        let table = [
            ((0, 0, 0), 0, (2, 0, 0), Missing),
            ((0, 0, 1), 0, (2, 0, 0), Emerging),
            ((1, 1, 1), 0, (3, 0, 0), Emerging),
            ((1, 1, 1), 0, (2, 0, 0), Developing),
            ((2, 1, 2), 0, (2, 0, 0), Met),
            ((3, 1, 3), 0, (2, 0, 0), Met),
            ((4, 1, 4), 0, (2, 0, 0), Strong),
            ((4, 1, 4), 0, (2, 2, 0), Developing),
            ((4, 2, 4), 0, (2, 2, 0), Strong),
            ((2, 2, 2), 1, (2, 2, 2), Developing),
            ((2, 2, 2), 2, (2, 2, 2), Met),
            ((4, 2, 4), 1, (2, 2, 2), Developing),
            ((4, 2, 4), 2, (2, 2, 2), Strong),
        ];
        for (numbers, shown, need, want) in table {
            let (got, _) = status_of(numbers, shown, need);
            assert_eq!(got, want, "{numbers:?} shown {shown} of {need:?}");
        }
    }

    #[test]
    fn score_is_the_mean_of_the_terms_asked() {
        assert_eq!(status_of((1, 0, 1), 0, (2, 0, 0)).1, 0.5);
        assert_eq!(status_of((1, 1, 1), 0, (2, 2, 0)).1, 0.5);
        assert_eq!(status_of((2, 2, 2), 0, (2, 2, 2)).1, 2.0 / 3.0);
        // More than asked does not raise the score past 1.
        assert_eq!(status_of((9, 9, 9), 9, (2, 2, 2)).1, 1.0);
    }

    #[test]
    fn a_window_counts_months_a_piece_touches() {
        let t = terms(1, 0, 12, "2026-06-30");
        let mut w = Window::new(&t, d("2026-06-30"));
        w.admit((d("2026-01-10"), d("2026-03-05")), true, 1);
        w.admit((d("2026-06-01"), d("2026-06-01")), true, 2);
        w.admit((d("2026-05-01"), d("2026-05-01")), false, 1);
        assert_eq!(w.numbers(None), (3, 4, 4));
        assert_eq!(w.filled_months_back().collect::<Vec<_>>(), vec![0, 3, 4, 5]);
        // Without the spanning piece, the months only it fills go.
        assert_eq!(
            w.numbers(Some((d("2026-01-10"), d("2026-03-05")))),
            (2, 1, 3)
        );
        // Without one of June's two, June stays.
        assert_eq!(
            w.numbers(Some((d("2026-06-01"), d("2026-06-01")))),
            (2, 4, 3)
        );
    }

    #[test]
    fn the_window_edges() {
        let t = terms(1, 0, 12, "2026-06-30");
        let e = |date: &str| Evidence {
            path: "evidence/x.md".into(),
            blob: String::new(),
            date: d(date),
            title: "x".into(),
            competencies: Vec::new(),
            competency_index: Vec::new(),
            scope: "team".into(),
            scope_rank: 1,
            impact: None,
            role: None,
            autonomy: None,
            stakeholders: Vec::new(),
            witnesses: Vec::new(),
            links: Vec::new(),
            visibility: crate::case::Visibility::Shareable,
            until: None,
            shows: Vec::new(),
            closes: Vec::new(),
            narrative: String::new(),
            example: false,
        };
        // The window is (2025-06-30, 2026-06-30]: its first day is in.
        assert_eq!(t.span_in_window(&e("2025-06-30"), d("2026-06-30")), None);
        let first = t.span_in_window(&e("2025-07-01"), d("2026-06-30"));
        assert_eq!(first, Some((d("2025-07-01"), d("2025-07-01"))));
        // Dated after the as-of date: not yet.
        assert_eq!(t.span_in_window(&e("2026-07-01"), d("2026-06-30")), None);
        // Work that started before the window is in it while it runs, from
        // the window's first day.
        let mut long = e("2025-01-01");
        long.until = Some(crate::case::evidence::Until::Date(d("2025-08-15")));
        let span = t.span_in_window(&long, d("2026-06-30"));
        assert_eq!(span, Some((d("2025-07-01"), d("2025-08-15"))));
    }

    #[test]
    fn a_piece_leaves_the_day_the_window_no_longer_holds_it() {
        for (dated, w, leaves) in [
            ("2025-07-01", 12, "2026-07-01"),
            ("2025-01-31", 1, "2025-03-01"),
            ("2024-02-29", 12, "2025-03-01"),
        ] {
            let left = leaves_window(d(dated), w);
            assert_eq!(left, d(leaves), "{dated} in {w} months");
            assert!(date::months_before(left, w) >= d(dated));
            let before = date::days_after(left, -1);
            assert!(date::months_before(before, w) < d(dated));
        }
    }
}
