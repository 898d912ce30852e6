//! A tally: evidence counts per competency, day and visibility that
//! entries can be added to and taken from, scored with the same rules as a
//! full assessment (how `timeline` scores a thousand commits).

use super::assess::{conclude, Found};
use super::rules::{competency_row, month_number, status_of, terms};
use super::{Audience, Readiness, Scoring};
use crate::case::{Evidence, Framework, Series, Visibility};
use crate::date::Date;
use std::collections::{BTreeMap, BTreeSet};

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
            // A tally does not follow behaviours: a framework that requires
            // them is scored by full assessments (see pipeline::timeline).
            let scored = status_of((counted, months, eligible), 0, (t.n, t.m, 0));
            competencies.push(competency_row(s, c, exp, &t, scored, (counted, months)));
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
