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
pub(crate) enum AheadFrom {
    /// The latest `revisit` date in feedback.
    Revisit,
    /// `brief --forecast DATE`.
    Forecast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LookAhead {
    pub(crate) date: Date,
    pub(crate) from: AheadFrom,
    pub(crate) score_now: u32,
    pub(crate) score_then: u32,
    pub(crate) verdict_now: Verdict,
    pub(crate) verdict_then: Verdict,
    pub(crate) met_then: usize,
    pub(crate) assessed: usize,
    pub(crate) sustained_then: Sustained,
    /// Competencies whose counted evidence shrinks before the date: what
    /// ages out, and the status it leaves.
    pub(crate) ageing: Vec<AgeingOut>,
    /// The level is judged as a whole by people (`holistic`): the needs
    /// below are what falls short of each expectation, never "what would
    /// make it ready".
    pub(crate) holistic: bool,
    /// Per competency the rule needs met on the date, cheapest first: the
    /// least that would meet it by then.
    pub(crate) to_be_ready: Vec<Need>,
    /// With nothing needed: why, in words.
    pub(crate) still: Option<String>,
    /// Calendar months after the as-of month, up to the date's month: the
    /// months new evidence can still add.
    pub(crate) months_left: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AgeingOut {
    pub(crate) competency: String,
    pub(crate) name: String,
    pub(crate) status_now: Status,
    pub(crate) status_then: Status,
    /// The status falls.
    pub(crate) drops: bool,
    pub(crate) entries: Vec<AgedEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AgedEntry {
    #[serde(default)]
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) anchor: String,
    /// The title has been said twice above the appendix: a link by date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) short: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Need {
    pub(crate) competency: String,
    pub(crate) name: String,
    pub(crate) status_then: Status,
    /// More pieces at `scope` or wider, dated after the as-of date.
    pub(crate) pieces: usize,
    pub(crate) scope: String,
    /// More distinct calendar months with such evidence.
    pub(crate) months: usize,
    /// The months needed fit before the date.
    pub(crate) within_reach: bool,
    /// The rule in words at that date ("2 more pieces at ...").
    pub(crate) missing: Vec<String>,
}

/// The date to look ahead to: `--forecast`, else the latest revisit date
/// when it is still to come.
pub(crate) fn ahead_date(forecast: Option<Date>, r: &Readiness) -> Option<(Date, AheadFrom)> {
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
    let months_left = month_index(date).saturating_sub(month_index(now.as_of)) as usize;
    let ageing = ageing_out(&frozen, now, &then, anchors);
    let (to_be_ready, still) = needs(&then, months_left);
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
        holistic: then.verdict == Verdict::NoVerdict,
        to_be_ready,
        still,
        months_left,
    }
}

/// Per competency, the counted entries that leave the window before the
/// date, and the status that leaves.
fn ageing_out(
    frozen: &Case,
    now: &Readiness,
    then: &Readiness,
    anchors: &Anchors,
) -> Vec<AgeingOut> {
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
                path: e.path.clone(),
                title: e.title.clone(),
                date: e.date,
                anchor: anchors.anchor(e),
                short: false,
            })
            .collect();
        entries.sort_by(|a, b| (a.date, &a.title).cmp(&(b.date, &b.title)));
        if !entries.is_empty() {
            let (status_now, status_then) = (c.status, t.status);
            let drops = status_then < status_now;
            let (competency, name) = (c.id.clone(), c.name.clone());
            ageing.push(AgeingOut {
                competency,
                name,
                status_now,
                status_then,
                drops,
                entries,
            });
        }
    }
    ageing
}

/// What the verdict rule asks for on the date, if nothing is added: the
/// competencies whose meeting would make the case ready, the cheapest
/// first, and only as many as the rule needs (`at-least` needs K, not all);
/// those below a `floor` come first, as the rule needs every one of them.
/// Under a judged basis, what is missing is a rating, not evidence. With
/// nothing needed, why, in words.
fn needs(then: &Readiness, months_left: usize) -> (Vec<Need>, Option<String>) {
    use crate::case::framework::{RuleName, StatusBasis};
    let rule = &then.verdict_rule;
    let judged = then.basis == StatusBasis::Judgement;
    let floor = rule.floor.map(|f| match f {
        crate::case::framework::Floor::Emerging => Status::Emerging,
        crate::case::framework::Floor::Developing => Status::Developing,
        crate::case::framework::Floor::Met => Status::Met,
    });
    let mut unmet: Vec<Need> = then
        .competencies
        .iter()
        .filter(|t| !t.status.is_met() && t.status != Status::Waived)
        .map(|t| need(t, months_left, judged))
        .collect();
    let below_floor = |n: &Need| floor.is_some_and(|f| n.status_then < f);
    // Below the floor first, then the cheapest (fewest pieces and months).
    unmet.sort_by_key(|n| (!below_floor(n), n.pieces + n.months, !n.within_reach));
    let take = match rule.rule {
        RuleName::AtLeast if then.verdict != Verdict::NoVerdict => {
            let needed = rule.met.as_ref().map_or(0, |m| m.needed(then.assessed));
            let short = needed.saturating_sub(then.met);
            let floors = unmet.iter().filter(|n| below_floor(n)).count();
            short.max(floors)
        }
        _ => unmet.len(),
    };
    unmet.truncate(take);
    let still = match (unmet.is_empty(), then.verdict) {
        (false, _) => None,
        (true, Verdict::Ready) if then.met == then.assessed => {
            Some("Every assessed competency is still met on that date.".into())
        }
        (true, Verdict::Ready) => Some(format!(
            "Still ready by the level's rule on that date: {}.",
            then.verdict_detail.join("; ")
        )),
        (true, _) => Some(format!(
            "No competency is short, but the rule is not passed: {}.",
            then.verdict_detail.join("; ")
        )),
    };
    (unmet, still)
}

/// What one competency still needs on the date.
fn need(t: &readiness::CompetencyReadiness, months_left: usize, judged: bool) -> Need {
    // Under judgement, evidence is what a rating rests on: the need is
    // the rating.
    let (pieces, months) = match judged {
        true => (0, 0),
        false => (
            t.required.saturating_sub(t.counted),
            t.required_months.saturating_sub(t.months),
        ),
    };
    Need {
        competency: t.id.clone(),
        name: t.name.clone(),
        status_then: t.status,
        pieces,
        scope: t.scope.clone(),
        months,
        within_reach: months <= months_left,
        missing: t.missing.clone(),
    }
}

fn month_index(d: Date) -> i64 {
    let (y, m) = date::month_key(d);
    i64::from(y) * 12 + i64::from(m)
}
