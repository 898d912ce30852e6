//! `promocase status`: the compact readiness view, and its stable JSON.

use super::Provenance;
use crate::case::Case;
use crate::date::Date;
use crate::readiness::{
    Audience, CompetencyReadiness, Expiring, FeedbackSummary, Readiness, Sustained, Verdict,
};
use crate::source::Snapshot;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FrameworkRef {
    pub(crate) id: String,
    pub(crate) version: String,
}

/// The `status --format json` document (a stable interface: docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub(crate) candidate: String,
    pub(crate) rev: Option<String>,
    pub(crate) commit: Option<String>,
    pub(crate) as_of: Date,
    pub(crate) framework: FrameworkRef,
    pub(crate) current_level: String,
    pub(crate) target_level: String,
    /// The levels' names in the framework.
    pub(crate) current_level_name: String,
    pub(crate) target_level_name: String,
    pub(crate) audience: Audience,
    pub(crate) verdict: Verdict,
    /// The level's verdict rule, and each of its parts in words.
    pub(crate) verdict_rule: crate::case::framework::VerdictRule,
    pub(crate) verdict_detail: Vec<String>,
    /// Where the statuses come from: `evidence`, `judgement` or `both`.
    pub(crate) basis: crate::case::framework::StatusBasis,
    /// With `also_current`: the current level's own verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) current_level_verdict: Option<crate::readiness::CurrentLevel>,
    pub score: u32,
    pub(crate) sustained: Sustained,
    pub(crate) competencies: Vec<CompetencyReadiness>,
    pub(crate) expiring: Vec<Expiring>,
    pub(crate) feedback: FeedbackSummary,
    pub(crate) withheld: usize,
    /// Sealed files no key here opens: not counted, not named.
    pub(crate) sealed: usize,
    /// Evidence files readiness left out because they have errors.
    pub(crate) left_out: usize,
    /// Entries older than the window, not counted.
    pub(crate) outside_window: usize,
    /// The revisit date has passed.
    pub(crate) revisit_past: bool,
}

fn level_name(case: &Case, id: &str) -> String {
    case.framework
        .level(id)
        .map_or_else(|| id.to_string(), |l| l.name.clone())
}

pub(crate) fn build(
    case: &Case,
    snapshot: &Snapshot,
    readiness: &Readiness,
    audience: Audience,
) -> StatusReport {
    let p = Provenance::of(&snapshot.origin);
    StatusReport {
        candidate: case.config.candidate.clone(),
        rev: p.rev,
        commit: p.commit,
        as_of: readiness.as_of,
        framework: FrameworkRef {
            id: case.framework.id.clone(),
            version: case.framework.version.clone(),
        },
        current_level: case.config.current_level.clone(),
        target_level: case.config.target_level.clone(),
        current_level_name: level_name(case, &case.config.current_level),
        target_level_name: level_name(case, &case.config.target_level),
        audience,
        verdict: readiness.verdict,
        verdict_rule: readiness.verdict_rule.clone(),
        verdict_detail: readiness.verdict_detail.clone(),
        basis: readiness.basis,
        current_level_verdict: readiness.current_level.clone(),
        score: readiness.score,
        sustained: readiness.sustained.clone(),
        competencies: readiness.competencies.clone(),
        expiring: readiness.expiring.clone(),
        feedback: readiness.feedback.clone(),
        withheld: readiness.withheld,
        sealed: readiness.sealed,
        left_out: readiness.left_out,
        outside_window: readiness.outside_window,
        revisit_past: readiness
            .feedback
            .revisit
            .is_some_and(|d| d < readiness.as_of),
    }
}
