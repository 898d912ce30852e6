//! Readiness: pure functions of evidence, framework and an as-of date.
//!
//! The rules here are the contract documented in `docs/readiness.md` (and
//! the README), in the same words. Nothing here reads files, Git or the
//! clock: give it a case, a date and an audience, and it always gives the
//! same answer, which is what makes `diff` and `timeline` meaningful.
//!
//! Two ways in, one set of rules: [`assess`] scans a case's evidence and
//! fills in every list; a [`Tally`] keeps counts per competency and day that
//! evidence can be added to and taken from, which is how `timeline` scores a
//! thousand commits without rescanning the case each time. Both share the
//! expectation terms, the status rule and the conclusion.

use crate::case::framework::{Competency, Expectation};
use crate::case::{Case, Config, Evidence, Feedback, Framework, Series, Visibility};
use crate::date::{self, Date};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;

/// Who an output is for; decides which entries it may show and count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The candidate: every entry.
    #[serde(rename = "self")]
    Myself,
    /// The candidate's manager: `manager` and `shareable` entries.
    #[default]
    Manager,
    /// Anyone: `shareable` entries only.
    Shareable,
}

impl Audience {
    pub fn sees(self, v: Visibility) -> bool {
        match self {
            Audience::Myself => true,
            Audience::Manager => v != Visibility::Private,
            Audience::Shareable => v == Visibility::Shareable,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Myself => "self",
            Audience::Manager => "manager",
            Audience::Shareable => "shareable",
        }
    }
}

/// A competency's status, weakest first (so `<` means "worse").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Waived,
    Missing,
    Emerging,
    Developing,
    Met,
    Strong,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waived => "waived",
            Status::Missing => "missing",
            Status::Emerging => "emerging",
            Status::Developing => "developing",
            Status::Met => "met",
            Status::Strong => "strong",
        }
    }

    pub fn is_met(self) -> bool {
        matches!(self, Status::Met | Status::Strong)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NotYet,
    Ready,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotYet => "not-yet",
        }
    }
}

/// The rules a competency's status is decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Enough pieces at the scope or wider, within the window.
    Evidence,
    /// Enough distinct calendar months.
    Months,
    /// Twice the pieces: strong.
    Strong,
}

/// One readiness rule, and whether a competency passes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleCheck {
    pub rule: RuleKind,
    pub passed: bool,
    /// The rule in words, with the numbers filled in.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetencyReadiness {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub group_name: Option<String>,
    pub weight: f64,
    pub status: Status,
    /// Whole percent.
    pub score: u32,
    /// Exact score from 0 to 1.
    pub score_exact: f64,
    pub counted: usize,
    pub required: usize,
    pub months: usize,
    pub required_months: usize,
    pub scope: String,
    pub within_months: u32,
    /// The window's first day (inclusive).
    pub window_from: Date,
    /// Paths of eligible evidence below the expected scope.
    pub below_scope: Vec<String>,
    /// Paths of counted evidence, newest first.
    pub evidence: Vec<String>,
    /// What would meet it, in plain words.
    pub missing: Vec<String>,
    /// The reason, when waived.
    pub waived: Option<String>,
    pub rules: Vec<RuleCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sustained {
    pub months: usize,
    pub required: usize,
    pub met: bool,
}

/// A counted piece about to leave its window, lowering a status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expiring {
    pub path: String,
    pub title: String,
    pub date: Date,
    pub competency: String,
    /// The first day it no longer counts.
    pub leaves_window: Date,
    pub days_left: i64,
    pub status_now: Status,
    pub status_after: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub competency: String,
    pub from: String,
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenAction {
    #[serde(rename = "do")]
    pub what: String,
    pub competency: Option<String>,
    pub due: Option<Date>,
    pub overdue: bool,
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct FeedbackSummary {
    /// The latest revisit date named in feedback.
    pub revisit: Option<Date>,
    pub gaps: Vec<Gap>,
    pub actions: Vec<OpenAction>,
}

/// Readiness for the target level at one date, for one audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub as_of: Date,
    pub target_level: String,
    pub verdict: Verdict,
    /// Whole percent.
    pub score: u32,
    pub sustained: Sustained,
    pub competencies: Vec<CompetencyReadiness>,
    pub expiring: Vec<Expiring>,
    pub feedback: FeedbackSummary,
    /// Competencies met or strong, and those assessed (not waived).
    pub met: usize,
    pub assessed: usize,
    /// Evidence and feedback entries this audience may not see.
    pub withheld: usize,
}

/// Round a fraction to a whole percentage, half up.
pub fn percent(x: f64) -> u32 {
    (x * 100.0 + 0.5 + 1e-9).floor() as u32
}

/// Days before T within which a counted piece that would lower a status when
/// it leaves its window is listed as expiring.
pub const EXPIRING_DAYS: i64 = 60;

/// Default window when neither case, framework nor expectation sets one.
pub const DEFAULT_WINDOW_MONTHS: u32 = 12;

/// One competency's evidence inside its window.
struct Counts {
    /// Indices of counted and below-scope (eligible, not counted) pieces.
    counted: Vec<usize>,
    below: Vec<usize>,
    /// Pieces counted per calendar month, by months back from the as-of
    /// month (the window spans at most `within_months + 1` of them).
    per_month: Vec<u32>,
    /// Months with at least one counted piece.
    months: usize,
    /// The as-of month, as a month number.
    to_month: i64,
}

fn month_number(d: Date) -> i64 {
    let (y, m) = date::month_key(d);
    y as i64 * 12 + m as i64
}

impl Counts {
    /// Counts, distinct months and eligible pieces, optionally as if the
    /// counted piece dated `without` were gone.
    fn numbers(&self, without: Option<Date>) -> (usize, usize, usize) {
        let c = self.counted.len();
        let (m, e) = (self.months, c + self.below.len());
        match without {
            None => (c, m, e),
            Some(d) => {
                let back = (self.to_month - month_number(d)) as usize;
                let alone = self.per_month.get(back) == Some(&1);
                (c - 1, m - usize::from(alone), e - 1)
            }
        }
    }
}

/// Count the evidence for one competency, in its window ending `to`.
/// `tagged` holds the indices (into `evidence`) of the entries tagged with
/// it, so each call costs what that competency's evidence costs, not the
/// whole case's.
fn count(evidence: &[&Evidence], tagged: &[usize], t: &Terms, to: Date) -> Counts {
    let to_month = month_number(to);
    let span = (to_month - month_number(t.from_excl) + 1).max(1) as usize;
    let mut per_month = vec![0u32; span];
    let mut counted = Vec::new();
    let mut below = Vec::new();
    for &i in tagged {
        let e = evidence[i];
        if e.date <= t.from_excl || e.date > to {
            continue;
        }
        if e.scope_rank >= t.min_rank {
            counted.push(i);
            let back = (to_month - month_number(e.date)) as usize;
            if let Some(n) = per_month.get_mut(back) {
                *n += 1;
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
    }
}

/// Status and score from (counted, distinct months, eligible) against an
/// expectation of `n` pieces over `m` months: rules 4 and 5.
fn status_of(
    (counted, months, eligible): (usize, usize, usize),
    n: usize,
    m: usize,
) -> (Status, f64) {
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            1.0
        } else {
            (a as f64 / b as f64).min(1.0)
        }
    };
    let score = if m == 0 {
        ratio(counted, n)
    } else {
        (ratio(counted, n) + ratio(months, m)) / 2.0
    };
    let status = if eligible == 0 {
        Status::Missing
    } else if counted >= 2 * n && months >= m {
        Status::Strong
    } else if counted >= n && months >= m {
        Status::Met
    } else if score >= 0.5 {
        Status::Developing
    } else {
        Status::Emerging
    };
    (status, score)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first day on which evidence dated `d` is outside a `w`-month window.
fn leaves_window(d: Date, w: u32) -> Date {
    // In the window while T - w months < d; find the first T where not.
    let mut t = date::months_after(d, w) - chrono::TimeDelta::days(4);
    while date::months_before(t, w) < d {
        t = t.succ_opt().unwrap_or(Date::MAX);
        if t == Date::MAX {
            break;
        }
    }
    t
}

/// What readiness is scored against besides the evidence.
pub struct Scoring<'a> {
    pub config: &'a Config,
    pub framework: &'a Framework,
    pub feedback: &'a [Feedback],
}

/// One competency's expectation at the target level, with its window
/// resolved for an as-of date: rules 1 to 3.
struct Terms {
    /// Pieces required.
    n: usize,
    /// Distinct months required.
    m: usize,
    /// Window in months.
    w: u32,
    /// The day before the window's first day.
    from_excl: Date,
    min_rank: usize,
}

fn terms(s: &Scoring<'_>, exp: &Expectation, as_of: Date) -> Terms {
    let default_window = s
        .config
        .window_months
        .or(s.framework.window)
        .map(NonZeroU32::get)
        .unwrap_or(DEFAULT_WINDOW_MONTHS);
    let w = exp.need.window.map_or(default_window, NonZeroU32::get);
    Terms {
        n: exp.need.pieces.get() as usize,
        m: exp.need.months as usize,
        w,
        from_excl: date::months_before(as_of, w),
        min_rank: s.framework.scope_rank(&exp.scope).unwrap_or(0),
    }
}

/// A competency's row with its numbers and status, lists left empty.
fn competency_row(
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
    }
}

/// Compute readiness for the case's target level at `as_of`, from the
/// evidence `audience` may see, with every list filled in. (A [`Tally`]
/// gives the same statuses, scores and verdict without the lists.)
pub fn assess(case: &Case, as_of: Date, audience: Audience) -> Readiness {
    let s = Scoring {
        config: &case.config,
        framework: &case.framework,
        feedback: &case.feedback,
    };
    let fw = &case.framework;
    let target = &case.config.target_level;
    let visible: Vec<&Evidence> = case
        .evidence
        .iter()
        .filter(|e| audience.sees(e.visibility))
        .map(|e| e.as_ref())
        .collect();
    // Competency (by position in the framework) -> indices of the visible
    // entries tagged with it.
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); fw.competencies.len()];
    for (i, e) in visible.iter().enumerate() {
        for &c in &e.competency_index {
            if let Some(list) = index.get_mut(c) {
                // An id listed twice in one entry still counts the entry once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }

    let mut competencies = Vec::new();
    let mut expiring = Vec::new();
    let mut sustained_months = BTreeSet::new();
    for (ci, c) in fw.competencies.iter().enumerate() {
        let Some(exp) = c.expectations.get(target) else {
            continue;
        };
        let t = terms(&s, exp, as_of);
        let (n, m, w) = (t.n, t.m, t.w);
        let counts = count(&visible, &index[ci], &t, as_of);
        let scored = status_of(counts.numbers(None), n, m);
        let (counted, months) = (counts.counted.len(), counts.months);
        let mut row = competency_row(&s, c, exp, &t, scored, (counted, months));
        let status = row.status;
        if row.waived.is_none() {
            // Months are numbered back from the as-of month, the same for
            // every competency.
            for (back, n) in counts.per_month.iter().enumerate() {
                if *n > 0 {
                    sustained_months.insert(back);
                }
            }
            if counted < n {
                row.missing.push(format!(
                    "{} at {} scope or wider",
                    plural(n - counted, "more piece", "more pieces"),
                    exp.scope
                ));
            }
            if months < m {
                row.missing.push(format!(
                    "evidence in {}",
                    plural(m - months, "more month", "more months")
                ));
            }
            // Expiring: a counted piece leaving soon whose leaving lowers
            // the status. Only pieces dated on or before the horizon can
            // leave within it; the rest need no date arithmetic.
            let horizon = date::months_before(as_of + chrono::TimeDelta::days(EXPIRING_DAYS), w);
            for &i in &counts.counted {
                let e = visible[i];
                if e.date > horizon {
                    continue;
                }
                let leaves = leaves_window(e.date, w);
                let days = date::days_between(as_of, leaves);
                if days > 0 && days <= EXPIRING_DAYS {
                    let (after, _) = status_of(counts.numbers(Some(e.date)), n, m);
                    if after < status {
                        expiring.push(Expiring {
                            path: e.path.clone(),
                            title: e.title.clone(),
                            date: e.date,
                            competency: c.id.clone(),
                            leaves_window: leaves,
                            days_left: days,
                            status_now: status,
                            status_after: after,
                        });
                    }
                }
            }
        }
        row.rules = vec![
            RuleCheck {
                rule: RuleKind::Evidence,
                passed: counted >= n,
                detail: format!(
                    "{counted} of {n} pieces at {} scope or wider within {w} months",
                    exp.scope
                ),
            },
            RuleCheck {
                rule: RuleKind::Months,
                passed: months >= m,
                detail: format!("{months} of {m} distinct months"),
            },
            RuleCheck {
                rule: RuleKind::Strong,
                passed: counted >= 2 * n && months >= m,
                detail: format!("{counted} of {} pieces for strong", 2 * n),
            },
        ];
        let mut evidence: Vec<&Evidence> = counts.counted.iter().map(|&i| visible[i]).collect();
        evidence.sort_by(|a, b| (b.date, &b.path).cmp(&(a.date, &a.path)));
        row.evidence = evidence.iter().map(|e| e.path.clone()).collect();
        row.below_scope = counts
            .below
            .iter()
            .map(|&i| visible[i].path.clone())
            .collect();
        competencies.push(row);
    }
    expiring.sort_by(|a, b| {
        (a.leaves_window, &a.path, &a.competency).cmp(&(b.leaves_window, &b.path, &b.competency))
    });
    let hidden = case.evidence.len() - visible.len();
    conclude(
        &s,
        as_of,
        audience,
        competencies,
        &sustained_months,
        expiring,
        hidden,
    )
}

/// Overall score, sustained months, verdict and feedback: rules 6 to 8,
/// the same for a full assessment and a tally's.
fn conclude(
    s: &Scoring<'_>,
    as_of: Date,
    audience: Audience,
    competencies: Vec<CompetencyReadiness>,
    sustained_months: &BTreeSet<usize>,
    expiring: Vec<Expiring>,
    hidden_evidence: usize,
) -> Readiness {
    let target = &s.config.target_level;
    let assessed: Vec<&CompetencyReadiness> = competencies
        .iter()
        .filter(|c| c.status != Status::Waived)
        .collect();
    let total_weight: f64 = assessed.iter().map(|c| c.weight).sum();
    let overall = if total_weight > 0.0 {
        assessed
            .iter()
            .map(|c| c.weight * c.score_exact)
            .sum::<f64>()
            / total_weight
    } else {
        0.0
    };
    let required = s
        .framework
        .level(target)
        .map_or(0, |l| l.sustained as usize);
    let sustained = Sustained {
        months: sustained_months.len(),
        required,
        met: sustained_months.len() >= required,
    };
    let met = assessed.iter().filter(|c| c.status.is_met()).count();
    let verdict = if met == assessed.len() && sustained.met {
        Verdict::Ready
    } else {
        Verdict::NotYet
    };
    let assessed = assessed.len();

    let visible_feedback: Vec<&Feedback> = s
        .feedback
        .iter()
        .filter(|f| audience.sees(f.visibility))
        .collect();
    let withheld = hidden_evidence + (s.feedback.len() - visible_feedback.len());
    let mut feedback = FeedbackSummary::default();
    for f in &visible_feedback {
        if let Some(r) = f.revisit {
            feedback.revisit = Some(feedback.revisit.map_or(r, |x: Date| x.max(r)));
        }
        for g in &f.gaps {
            feedback.gaps.push(Gap {
                competency: g.clone(),
                from: f.from.clone(),
                date: f.date,
            });
        }
        for a in &f.actions {
            if a.done.is_some_and(|d| d <= as_of) {
                continue;
            }
            feedback.actions.push(OpenAction {
                what: a.what.clone(),
                competency: a.competency.clone(),
                due: a.due,
                overdue: a.due.is_some_and(|d| d < as_of),
                from: f.from.clone(),
            });
        }
    }
    feedback
        .actions
        .sort_by(|a, b| (a.due.is_none(), a.due, &a.what).cmp(&(b.due.is_none(), b.due, &b.what)));

    Readiness {
        as_of,
        target_level: target.clone(),
        verdict,
        score: percent(overall),
        sustained,
        met,
        assessed,
        competencies,
        expiring,
        feedback,
        withheld,
    }
}

/// Pieces on one day for one competency, by visibility (private, manager,
/// shareable).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Day {
    eligible: [u32; 3],
    counted: [u32; 3],
}

fn visibility_slot(v: Visibility) -> usize {
    match v {
        Visibility::Private => 0,
        Visibility::Manager => 1,
        Visibility::Shareable => 2,
    }
}

/// Evidence counted by competency and day, for one framework and target
/// level, updated as entries come and go. `timeline` keeps one across
/// commits, so a commit costs what it changed, not the size of the case;
/// counts are kept per visibility, so one tally serves every audience.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Per competency position: the narrowest scope rank that counts, or
    /// `None` when the target level expects nothing of it.
    min_rank: Vec<Option<usize>>,
    /// Per competency position: pieces by date.
    days: Vec<BTreeMap<Date, Day>>,
    /// Entries by visibility.
    entries: [usize; 3],
}

impl Tally {
    pub fn new(fw: &Framework, target: &str) -> Tally {
        Tally {
            min_rank: fw
                .competencies
                .iter()
                .map(|c| {
                    let exp = c.expectations.get(target)?;
                    Some(fw.scope_rank(&exp.scope).unwrap_or(0))
                })
                .collect(),
            days: vec![BTreeMap::new(); fw.competencies.len()],
            entries: [0; 3],
        }
    }

    pub fn add(&mut self, e: &Evidence) {
        self.change(e, true);
    }

    pub fn remove(&mut self, e: &Evidence) {
        self.change(e, false);
    }

    fn change(&mut self, e: &Evidence, add: bool) {
        let v = visibility_slot(e.visibility);
        let step = |n: &mut u32| {
            *n = if add { *n + 1 } else { n.saturating_sub(1) };
        };
        let step_usize = |n: &mut usize| {
            *n = if add { *n + 1 } else { n.saturating_sub(1) };
        };
        step_usize(&mut self.entries[v]);
        for (k, &c) in e.competency_index.iter().enumerate() {
            // An id listed twice in one entry still counts the entry once.
            if e.competency_index[..k].contains(&c) {
                continue;
            }
            let (Some(Some(min)), Some(days)) = (self.min_rank.get(c), self.days.get_mut(c)) else {
                continue;
            };
            let day = days.entry(e.date).or_default();
            step(&mut day.eligible[v]);
            if e.scope_rank >= *min {
                step(&mut day.counted[v]);
            }
            if *day == Day::default() {
                days.remove(&e.date);
            }
        }
    }

    /// Entries `audience` sees.
    pub fn visible(&self, audience: Audience) -> usize {
        self.slots(audience).map(|v| self.entries[v]).sum()
    }

    fn slots(&self, audience: Audience) -> impl Iterator<Item = usize> {
        [
            Visibility::Private,
            Visibility::Manager,
            Visibility::Shareable,
        ]
        .into_iter()
        .filter(move |v| audience.sees(*v))
        .map(visibility_slot)
    }

    /// Readiness at `as_of` for `audience`: the same statuses, scores,
    /// sustained months and verdict as [`assess`] of the same evidence, with
    /// the lists (evidence, missing, rules, expiring) left empty.
    pub fn assess(&self, s: &Scoring<'_>, as_of: Date, audience: Audience) -> Readiness {
        let slots: Vec<usize> = self.slots(audience).collect();
        let to_month = month_number(as_of);
        let mut competencies = Vec::new();
        let mut sustained_months = BTreeSet::new();
        for (ci, c) in s.framework.competencies.iter().enumerate() {
            let Some(exp) = c.expectations.get(&s.config.target_level) else {
                continue;
            };
            let t = terms(s, exp, as_of);
            let waived = s.config.waive.contains_key(&c.id);
            let (mut eligible, mut counted, mut months) = (0usize, 0usize, 0usize);
            let mut last_month = None;
            let window = (
                std::ops::Bound::Excluded(t.from_excl),
                std::ops::Bound::Included(as_of),
            );
            let days = self.days.get(ci).into_iter().flat_map(|d| d.range(window));
            for (date, day) in days {
                let sum = |n: &[u32; 3]| slots.iter().map(|&v| n[v] as usize).sum::<usize>();
                eligible += sum(&day.eligible);
                let here = sum(&day.counted);
                if here == 0 {
                    continue;
                }
                counted += here;
                let month = month_number(*date);
                if last_month != Some(month) {
                    last_month = Some(month);
                    months += 1;
                    if !waived {
                        sustained_months.insert((to_month - month) as usize);
                    }
                }
            }
            let scored = status_of((counted, months, eligible), t.n, t.m);
            competencies.push(competency_row(s, c, exp, &t, scored, (counted, months)));
        }
        let total: usize = self.entries.iter().sum();
        conclude(
            s,
            as_of,
            audience,
            competencies,
            &sustained_months,
            Vec::new(),
            total - self.visible(audience),
        )
    }
}

/// A [`Tally`] that follows a [`Series`] from commit to commit (`timeline`):
/// updated from its log of entries that started or stopped counting, and
/// counted again whole when the framework or the target level changes.
#[derive(Default)]
pub struct RunningTally {
    /// The (framework, target level) counted for, and the counts.
    tally: Option<((String, String), Tally)>,
}

impl RunningTally {
    /// Bring the counts up to date with `series`; `None` while the case
    /// has no usable config and framework.
    pub fn update(&mut self, series: &mut Series) -> Option<&Tally> {
        let log = series.take_counted();
        let key = series
            .state()
            .map(|s| (s.framework_key.to_string(), s.config.target_level.clone()))?;
        match (&mut self.tally, log) {
            (Some((counted_for, t)), Some(log)) if *counted_for == key => {
                for (e, added) in log {
                    if added {
                        t.add(&e);
                    } else {
                        t.remove(&e);
                    }
                }
            }
            _ => {
                let all = series.counted();
                let state = series.state()?;
                let mut t = Tally::new(state.framework, &state.config.target_level);
                for e in &all {
                    t.add(e);
                }
                self.tally = Some((key, t));
            }
        }
        self.tally.as_ref().map(|(_, t)| t)
    }
}
