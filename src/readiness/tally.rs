//! A tally: evidence counts per competency, day and visibility that
//! entries can be added to and taken from, scored through the same window
//! and status rules as a full assessment (how `timeline` scores a thousand
//! commits).
//!
//! The tally only keeps evidence differently: a day's pieces as counts
//! (work that spans months, piece by piece). What a piece adds to a
//! competency, and the status that gives, is decided in `rules` for both.

use super::assess::{conclude, Found};
use super::rules::{competency_row, status_of, terms, Terms, Window};
use super::{Audience, Readiness, Scoring};
use crate::case::{Evidence, Framework, Series, Visibility};
use crate::date::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Per visibility (private, manager, shareable).
type BySlot = [u32; 3];

/// Pieces on one day for one competency, by visibility.
#[derive(Debug, Clone, Default, PartialEq)]
struct Day {
    eligible: BySlot,
    counted: BySlot,
    /// Behaviours the counted pieces show, by id.
    shows: BTreeMap<String, BySlot>,
}

fn visibility_slot(v: Visibility) -> usize {
    match v {
        Visibility::Private => 0,
        Visibility::Manager => 1,
        Visibility::Shareable => 2,
    }
}

/// The slots of the visibilities `seen` takes.
fn slots_of(seen: impl Fn(Visibility) -> bool) -> impl Iterator<Item = usize> {
    let all = [
        Visibility::Private,
        Visibility::Manager,
        Visibility::Shareable,
    ];
    all.into_iter()
        .filter(move |v| seen(*v))
        .map(visibility_slot)
}

fn step(n: &mut u32, add: bool) {
    *n = if add { *n + 1 } else { n.saturating_sub(1) };
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
    /// Per competency position: one-day pieces by date.
    days: Vec<BTreeMap<Date, Day>>,
    /// Per competency position: work that spans months (`until`), by path.
    spanning: Vec<BTreeMap<String, Arc<Evidence>>>,
    /// Entries by visibility.
    entries: [usize; 3],
}

impl Tally {
    pub fn new(fw: &Framework, target: &str) -> Tally {
        let n = fw.competencies.len();
        Tally {
            min_rank: fw
                .competencies
                .iter()
                .map(|c| {
                    let exp = c.expectations.get(target)?;
                    Some(fw.scope_rank(&exp.scope).unwrap_or(0))
                })
                .collect(),
            days: vec![BTreeMap::new(); n],
            spanning: vec![BTreeMap::new(); n],
            entries: [0; 3],
        }
    }

    pub fn add(&mut self, e: &Arc<Evidence>) {
        self.change(e, true);
    }

    pub fn remove(&mut self, e: &Arc<Evidence>) {
        self.change(e, false);
    }

    fn change(&mut self, e: &Arc<Evidence>, add: bool) {
        let v = visibility_slot(e.visibility);
        self.entries[v] = if add {
            self.entries[v] + 1
        } else {
            self.entries[v].saturating_sub(1)
        };
        for (k, &c) in e.competency_index.iter().enumerate() {
            // An id listed twice in one entry still counts the entry once.
            if e.competency_index[..k].contains(&c) {
                continue;
            }
            let Some(Some(min)) = self.min_rank.get(c).copied() else {
                continue;
            };
            if e.until.is_some() {
                let spans = &mut self.spanning[c];
                match add {
                    true => spans.insert(e.path.clone(), e.clone()),
                    false => spans.remove(&e.path),
                };
                continue;
            }
            let days = &mut self.days[c];
            let day = days.entry(e.date).or_default();
            step(&mut day.eligible[v], add);
            if e.scope_rank >= min {
                step(&mut day.counted[v], add);
                for b in &e.shows {
                    step(&mut day.shows.entry(b.clone()).or_default()[v], add);
                }
                day.shows.retain(|_, n| *n != BySlot::default());
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
        slots_of(move |v| audience.sees(v))
    }

    /// Competency `ci`'s pieces in its window whose visibility `seen`
    /// takes, admitted through the same [`Window`] a full assessment uses;
    /// and how many of the expectation's behaviours they show.
    fn scan(
        &self,
        ci: usize,
        t: &Terms,
        as_of: Date,
        seen: &dyn Fn(Visibility) -> bool,
    ) -> (Window, usize) {
        let slots: Vec<usize> = slots_of(seen).collect();
        let sum = |n: &BySlot| slots.iter().map(|&v| n[v]).sum::<u32>();
        let mut window = Window::new(t, as_of);
        let mut shown = BTreeSet::new();
        let asked = |id: &String| t.behaviours.iter().any(|(b, _)| b == id);
        let range = (
            std::ops::Bound::Excluded(t.from_excl),
            std::ops::Bound::Included(as_of),
        );
        for (date, day) in self.days.get(ci).into_iter().flat_map(|d| d.range(range)) {
            let counted = sum(&day.counted);
            window.admit((*date, *date), true, counted);
            window.admit((*date, *date), false, sum(&day.eligible) - counted);
            let seen = day.shows.iter().filter(|(id, n)| sum(n) > 0 && asked(id));
            shown.extend(seen.map(|(id, _)| id));
        }
        let spans = self.spanning.get(ci).into_iter().flat_map(|s| s.values());
        for e in spans.filter(|e| seen(e.visibility)) {
            let Some(span) = t.span_in_window(e, as_of) else {
                continue;
            };
            let counts = e.scope_rank >= t.min_rank;
            window.admit(span, counts, 1);
            if counts {
                shown.extend(e.shows.iter().filter(|id| asked(id)));
            }
        }
        (window, shown.len())
    }

    /// Pieces of competency `ci` that would count that `audience` does not
    /// see.
    fn withheld(&self, ci: usize, t: &Terms, as_of: Date, audience: Audience) -> usize {
        self.scan(ci, t, as_of, &|v| !audience.sees(v)).0.counted
    }

    /// Readiness at `as_of` for `audience`: the same statuses, scores,
    /// sustained months and verdict as [`super::assess`] of the same
    /// evidence, with the lists (evidence, missing, rules, expiring) left
    /// empty.
    pub fn assess(&self, s: &Scoring<'_>, as_of: Date, audience: Audience) -> Readiness {
        let mut competencies = Vec::new();
        let mut sustained_months = BTreeSet::new();
        for (ci, c) in s.framework.competencies.iter().enumerate() {
            let Some(exp) = c.expectations.get(&s.config.target_level) else {
                continue;
            };
            let t = terms(s, exp, as_of);
            let (window, shown) = self.scan(ci, &t, as_of, &|v| audience.sees(v));
            let withheld = self.withheld(ci, &t, as_of, audience);
            if !s.config.waive.contains_key(&c.id) {
                sustained_months.extend(window.filled_months_back());
            }
            let scored = status_of(window.numbers(None), shown, (t.n, t.m, t.b));
            let numbers = (window.counted, window.months(), withheld);
            competencies.push(competency_row(s, c, exp, &t, scored, numbers));
        }
        let total: usize = self.entries.iter().sum();
        let found = Found {
            competencies,
            sustained_months: &sustained_months,
            expiring: Vec::new(),
            hidden_evidence: total - self.visible(audience),
            // Timeline rows show no actions: which evidence closes one is
            // left to full assessments.
            closed: Default::default(),
        };
        conclude(s, as_of, audience, found)
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
