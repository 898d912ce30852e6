//! The look ahead: the case as it will stand on the revisit date (or
//! `--forecast DATE`) if nothing is added, and the least evidence that
//! would make it ready by then. Readiness is a pure function of the
//! evidence and a date, so "if nothing is added" is the same evidence
//! scored at the later date.

use super::parts::Anchors;
use crate::case::{Case, Evidence};
use crate::date::{self, Date};
use crate::readiness::{self, Audience, Readiness, Status, Sustained, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Where the look-ahead date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AheadFrom {
    /// The latest `revisit` date in feedback.
    Revisit,
    /// `brief --forecast DATE`.
    Forecast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookAhead {
    pub date: Date,
    pub from: AheadFrom,
    pub score_now: u32,
    pub score_then: u32,
    pub verdict_now: Verdict,
    pub verdict_then: Verdict,
    pub met_then: usize,
    pub assessed: usize,
    pub sustained_then: Sustained,
    /// Competencies whose counted evidence shrinks before the date: what
    /// ages out, and the status it leaves.
    pub ageing: Vec<AgeingOut>,
    /// Per competency unmet on the date: the least evidence that would meet
    /// it by then.
    pub to_be_ready: Vec<Need>,
    /// Calendar months after the as-of month, up to the date's month: the
    /// months new evidence can still add.
    pub months_left: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeingOut {
    pub competency: String,
    pub name: String,
    pub status_now: Status,
    pub status_then: Status,
    /// The status falls.
    pub drops: bool,
    pub entries: Vec<AgedEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgedEntry {
    pub title: String,
    pub date: Date,
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub competency: String,
    pub name: String,
    pub status_then: Status,
    /// More pieces at `scope` or wider, dated after the as-of date.
    pub pieces: usize,
    pub scope: String,
    /// More distinct calendar months with such evidence.
    pub months: usize,
    /// The months needed fit before the date.
    pub within_reach: bool,
    /// The rule in words at that date ("2 more pieces at ...").
    pub missing: Vec<String>,
}

/// The date to look ahead to: `--forecast`, else the latest revisit date
/// when it is still to come.
pub fn ahead_date(forecast: Option<Date>, r: &Readiness) -> Option<(Date, AheadFrom)> {
    match forecast {
        Some(d) => Some((d, AheadFrom::Forecast)),
        None => r
            .feedback
            .revisit
            .filter(|d| *d > r.as_of)
            .map(|d| (d, AheadFrom::Revisit)),
    }
}

/// The look ahead to `date` for the evidence `audience` sees.
pub(super) fn look_ahead(
    case: &Case,
    now: &Readiness,
    audience: Audience,
    (date, from): (Date, AheadFrom),
    anchors: &Anchors,
) -> LookAhead {
    // Nothing added: the evidence dated up to the as-of date, scored later.
    let mut frozen = case.clone();
    frozen.evidence.retain(|e| e.date <= now.as_of);
    let then = readiness::assess(&frozen, date, audience);
    let by_path: HashMap<&str, &Evidence> = frozen
        .evidence
        .iter()
        .map(|e| (e.path.as_str(), e.as_ref()))
        .collect();
    let then_of: HashMap<&str, &readiness::CompetencyReadiness> = then
        .competencies
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let months_left = month_index(date).saturating_sub(month_index(now.as_of)) as usize;
    let mut ageing = Vec::new();
    for c in &now.competencies {
        let Some(t) = then_of.get(c.id.as_str()) else {
            continue;
        };
        let still: HashSet<&str> = t.evidence.iter().map(String::as_str).collect();
        let mut entries: Vec<AgedEntry> = c
            .evidence
            .iter()
            .filter(|p| !still.contains(p.as_str()))
            .filter_map(|p| by_path.get(p.as_str()))
            .map(|e| AgedEntry {
                title: e.title.clone(),
                date: e.date,
                anchor: anchors.anchor(e),
            })
            .collect();
        entries.sort_by(|a, b| (a.date, &a.title).cmp(&(b.date, &b.title)));
        if !entries.is_empty() {
            ageing.push(AgeingOut {
                competency: c.id.clone(),
                name: c.name.clone(),
                status_now: c.status,
                status_then: t.status,
                drops: t.status < c.status,
                entries,
            });
        }
    }
    let to_be_ready = then
        .competencies
        .iter()
        .filter(|t| !t.status.is_met() && t.status != Status::Waived)
        .map(|t| {
            let months = t.required_months.saturating_sub(t.months);
            Need {
                competency: t.id.clone(),
                name: t.name.clone(),
                status_then: t.status,
                pieces: t.required.saturating_sub(t.counted),
                scope: t.scope.clone(),
                months,
                within_reach: months <= months_left,
                missing: t.missing.clone(),
            }
        })
        .collect();
    LookAhead {
        date,
        from,
        score_now: now.score,
        score_then: then.score,
        verdict_now: now.verdict,
        verdict_then: then.verdict,
        met_then: then.met,
        assessed: then.assessed,
        sustained_then: then.sustained.clone(),
        ageing,
        to_be_ready,
        months_left,
    }
}

fn month_index(d: Date) -> i64 {
    let (y, m) = date::month_key(d);
    i64::from(y) * 12 + i64::from(m)
}
