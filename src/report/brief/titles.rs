//! Where each entry is written out, and how often its title is said.
//!
//! A director reads the brief above its appendix: every counted entry is a
//! line there ("Evidence by competency", under the first competency it
//! counts for), and its write-up is in "Appendix: the evidence in full".
//! An entry that carries several competencies used to be named in every
//! part that picked it (the example's incident standard eleven times);
//! here its title is said at most [`SAID`] times above the appendix, at
//! its weightiest mentions (see [`spend`]). Other mentions are links by
//! date, and under later competencies it is an "also counted here" link.

use super::Brief;
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many times an entry's title is said above the appendix: the
/// issue's (and a reader's) limit.
const SAID: u8 = 2;

/// An entry named in passing (by a behaviour it shows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Mention {
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) anchor: String,
    /// The title has been said twice above the appendix: a link by date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) short: bool,
}

impl Mention {
    pub(super) fn of(e: &crate::case::Evidence, anchors: &super::parts::Anchors) -> Mention {
        Mention {
            title: e.title.clone(),
            date: e.date,
            anchor: anchors.anchor(e),
            short: false,
        }
    }
}

/// An entry counted for a competency whose line is under an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AlsoCounted {
    pub(crate) date: Date,
    pub(crate) title: String,
    pub(crate) anchor: String,
}

/// Fill in the appendix's write-ups (each narrative moved there from the
/// competencies' lines) and each competency's "also counted here" links.
pub(super) fn lay_out(b: &mut Brief) {
    for c in &mut b.competencies {
        for v in &mut c.evidence {
            // A narrative is written once, in the appendix: the lines above
            // it carry none (it was serialised, and handed to the templates,
            // once per competency the entry counts for).
            let narrative = std::mem::take(&mut v.narrative);
            if v.narrated {
                let mut full = v.clone();
                full.narrative = narrative;
                b.appendix.in_full.push(full);
            } else {
                c.also.push(AlsoCounted {
                    date: v.date,
                    title: v.title.clone(),
                    anchor: v.anchor.clone(),
                });
            }
        }
    }
}

/// Which mentions of an entry are links by date: each title is said at
/// its first [`SAID`] mentions, taken in order of weight rather than of
/// the page: the summary for calibration, the parts of the case, the
/// entry's line in "Evidence by competency", then the behaviours it shows,
/// who has seen it and what ages out.
pub(super) fn spend(b: &mut Brief) {
    let mut said: HashMap<String, u8> = HashMap::new();
    // Keyed by anchor: an entry with none has no write-up to link to, and
    // keeps its title.
    let mut spend = |anchor: &str| -> bool {
        let n = said.entry(anchor.to_string()).or_default();
        *n += 1;
        !anchor.is_empty() && *n > SAID
    };
    if let Some(s) = &mut b.for_calibration {
        for p in s.results.iter_mut().chain(&mut s.autonomous) {
            p.short = spend(&p.anchor);
        }
    }
    let case = &mut b.case;
    let parts = case
        .beyond_team
        .iter_mut()
        .chain(&mut case.complex_autonomous);
    let at_level = case.operating_at_level.iter_mut().map(|s| &mut s.evidence);
    for v in parts.chain(at_level) {
        v.short = spend(&v.anchor);
    }
    let lines = b.competencies.iter_mut().flat_map(|c| &mut c.evidence);
    for v in lines.filter(|v| v.narrated) {
        v.short = spend(&v.anchor);
    }
    let behaviours = b.competencies.iter_mut().flat_map(|c| &mut c.behaviours);
    for m in behaviours.flat_map(|b| &mut b.shown_in) {
        m.short = spend(&m.anchor);
    }
    for g in &mut b.who_has_seen.groups {
        for e in g.people.iter_mut().flat_map(|p| &mut p.entries) {
            e.short = spend(&e.anchor);
        }
    }
    let ageing = b.look_ahead.iter_mut().flat_map(|l| &mut l.ageing);
    for e in ageing.flat_map(|a| &mut a.entries) {
        e.short = spend(&e.anchor);
    }
    impacts_said(b);
    ageing_once(b);
}

/// Outside the candidate's own brief, an entry the look ahead already
/// lists as ageing out is not listed again under the gaps (the same fact
/// twice, a few lines apart).
fn ageing_once(b: &mut Brief) {
    if b.header.audience == crate::readiness::Audience::Myself {
        return;
    }
    let (Some(gaps), Some(ahead)) = (&mut b.gaps, &b.look_ahead) else {
        return;
    };
    let listed: std::collections::HashSet<(&str, &str)> = ahead
        .ageing
        .iter()
        .flat_map(|a| {
            a.entries
                .iter()
                .map(move |e| (e.path.as_str(), a.competency.as_str()))
        })
        .collect();
    gaps.expiring
        .retain(|x| !listed.contains(&(x.path.as_str(), x.competency.as_str())));
}

/// Each entry's line in "Evidence by competency" leaves out an impact
/// the summary for calibration or the case has already stated.
fn impacts_said(b: &mut Brief) {
    let mut said: std::collections::HashSet<String> = std::collections::HashSet::new();
    if let Some(s) = &b.for_calibration {
        let points = s.results.iter().chain(&s.autonomous);
        // Only a measure quoted whole states the impact.
        let whole = points.filter(|p| p.measure.as_ref().is_some_and(|m| !m.ends_with('…')));
        said.extend(whole.map(|p| p.anchor.clone()));
    }
    let case = &b.case;
    let parts = case.beyond_team.iter().chain(&case.complex_autonomous);
    said.extend(
        parts
            .filter(|v| v.impact.is_some())
            .map(|v| v.anchor.clone()),
    );
    for v in b.competencies.iter_mut().flat_map(|c| &mut c.evidence) {
        v.impact_said = !v.anchor.is_empty() && said.contains(&v.anchor);
    }
}
