//! `calibrate`: many cases side by side, for the director who compares
//! them against one ladder.
//!
//! Each row is built from the same [`StatusReport`] that `status --format
//! json` prints for that case, so the two can never disagree; a case that
//! could not be scored is still a row, saying why. Cases are compared
//! competency by competency only within a group that shares a framework
//! (id and version) and a target level: statuses from two versions of a
//! ladder do not mean the same thing.

use super::status::{FrameworkRef, StatusReport};
use crate::date::Date;
use crate::readiness::{Audience, Status, Verdict};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Everything `calibrate` prints (`--format json`: docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Calibration {
    pub(crate) audience: Audience,
    /// `--rev`, as written; null for working trees.
    pub(crate) rev: Option<String>,
    /// `--as-of`, when given (each case otherwise at its own date).
    pub(crate) as_of: Option<Date>,
    pub(crate) cases: Vec<CaseRow>,
    /// Cases comparable competency by competency.
    pub(crate) groups: Vec<Group>,
}

/// How far a case could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RowState {
    Ok,
    /// Scored, but some files have errors (left out of readiness); or the
    /// configuration or framework has errors and nothing could be scored.
    Errors,
    /// Not read at all (not a case, an unknown revision, ...).
    Unreadable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CaseRow {
    /// The case folder, as found from the paths given.
    pub(crate) path: String,
    /// The revision read (`PATH@REV` or `--rev`); null for the working tree.
    pub(crate) rev: Option<String>,
    pub(crate) state: RowState,
    pub(crate) errors: usize,
    /// Why the case was not read, or not scored.
    pub(crate) reason: Option<String>,
    pub(crate) summary: Option<RowSummary>,
}

/// One case's readiness, as its `status` says it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RowSummary {
    pub(crate) candidate: String,
    pub(crate) current_level: String,
    pub(crate) current_level_name: String,
    pub(crate) target_level: String,
    pub(crate) target_level_name: String,
    pub(crate) framework: FrameworkRef,
    pub(crate) as_of: Date,
    /// `null` for a committee (`--audience shareable`): like the shareable
    /// brief, a calibration for readers of shared evidence only makes no
    /// verdict or score claim.
    pub(crate) verdict: Option<Verdict>,
    pub(crate) score: Option<u32>,
    pub(crate) met: usize,
    pub(crate) assessed: usize,
    pub(crate) sustained_months: usize,
    pub(crate) sustained_required: usize,
    /// Distinct entries counted for any competency.
    pub(crate) evidence_counted: usize,
    /// The newest entry this audience sees, up to the as-of date.
    pub(crate) latest_evidence: Option<Date>,
    pub(crate) revisit: Option<Date>,
    pub(crate) open_actions: usize,
    pub(crate) overdue_actions: usize,
    pub(crate) withheld: usize,
    /// Each assessed competency's status, in framework order.
    pub(crate) statuses: Vec<CompetencyCell>,
    /// Where the case's statuses come from at its target level.
    #[serde(default)]
    pub(crate) basis: crate::case::framework::StatusBasis,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CompetencyCell {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) status: Status,
    /// The rating that counts at the level, when there is one (`null` for
    /// a committee, which sees no status claims but the evidence's).
    #[serde(default)]
    pub(crate) judgement: Option<crate::case::kinds::Rating>,
}

impl RowSummary {
    /// The row of a scored case, from its status report.
    pub(crate) fn of(s: &StatusReport, latest_evidence: Option<Date>) -> RowSummary {
        let mut counted: Vec<&str> = s
            .competencies
            .iter()
            .flat_map(|c| c.evidence.iter().map(String::as_str))
            .collect();
        counted.sort_unstable();
        counted.dedup();
        let assessed = s.competencies.iter().filter(|c| c.waived.is_none());
        let claims = s.audience != Audience::Shareable;
        RowSummary {
            candidate: s.candidate.clone(),
            current_level: s.current_level.clone(),
            current_level_name: s.current_level_name.clone(),
            target_level: s.target_level.clone(),
            target_level_name: s.target_level_name.clone(),
            framework: s.framework.clone(),
            as_of: s.as_of,
            verdict: claims.then_some(s.verdict),
            score: claims.then_some(s.score),
            met: assessed.clone().filter(|c| c.status.is_met()).count(),
            assessed: assessed.count(),
            sustained_months: s.sustained.months,
            sustained_required: s.sustained.required,
            evidence_counted: counted.len(),
            latest_evidence,
            revisit: s.feedback.revisit,
            open_actions: s.feedback.actions.len(),
            overdue_actions: s.feedback.actions.iter().filter(|a| a.overdue).count(),
            withheld: s.withheld,
            basis: s.basis,
            statuses: s
                .competencies
                .iter()
                .map(|c| CompetencyCell {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    status: c.status,
                    judgement: c.judgement.as_ref().map(|j| j.rating).filter(|_| claims),
                })
                .collect(),
        }
    }
}

/// Cases that share a framework (id and version) and a target level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Group {
    pub(crate) framework: FrameworkRef,
    pub(crate) target_level: String,
    pub(crate) target_level_name: String,
    /// The competencies of the matrix (every one any case assesses), in
    /// the order the cases list them.
    pub(crate) competencies: Vec<(String, String)>,
    /// Indices into `cases`, in their order.
    pub(crate) cases: Vec<usize>,
    /// Set when another group uses another version of the same framework.
    pub(crate) caution: Option<String>,
}

/// What `--sort` puts first; the rest of the default order follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum SortKey {
    /// Target level, verdict, score (highest first), candidate.
    #[default]
    Level,
    Verdict,
    Score,
    Name,
    Path,
}

fn verdict_rank(r: &CaseRow) -> u8 {
    match r.summary.as_ref().and_then(|s| s.verdict) {
        Some(Verdict::Ready) => 0,
        Some(Verdict::NotYet) => 1,
        Some(Verdict::NoVerdict) => 2,
        None => 3,
    }
}

fn compare(a: &CaseRow, b: &CaseRow, key: SortKey) -> Ordering {
    let level = |r: &CaseRow| r.summary.as_ref().map(|s| s.target_level_name.clone());
    let score = |r: &CaseRow| std::cmp::Reverse(r.summary.as_ref().and_then(|s| s.score));
    let name = |r: &CaseRow| r.summary.as_ref().map(|s| s.candidate.to_lowercase());
    // Unscored rows last in every order.
    let scored = |r: &CaseRow| r.summary.is_none();
    let chain = scored(a)
        .cmp(&scored(b))
        .then_with(|| level(a).cmp(&level(b)))
        .then_with(|| verdict_rank(a).cmp(&verdict_rank(b)))
        .then_with(|| score(a).cmp(&score(b)))
        .then_with(|| name(a).cmp(&name(b)))
        .then_with(|| a.path.cmp(&b.path));
    let first = match key {
        SortKey::Level => Ordering::Equal,
        SortKey::Verdict => verdict_rank(a).cmp(&verdict_rank(b)),
        SortKey::Score => scored(a).cmp(&scored(b)).then(score(a).cmp(&score(b))),
        SortKey::Name => scored(a).cmp(&scored(b)).then(name(a).cmp(&name(b))),
        SortKey::Path => a.path.cmp(&b.path),
    };
    first.then(chain)
}

/// Sort the rows and group the comparable ones.
pub(crate) fn build(
    mut cases: Vec<CaseRow>,
    audience: Audience,
    rev: Option<String>,
    as_of: Option<Date>,
    sort: SortKey,
) -> Calibration {
    cases.sort_by(|a, b| compare(a, b, sort));
    let mut groups: Vec<Group> = Vec::new();
    for (i, row) in cases.iter().enumerate() {
        let Some(s) = &row.summary else { continue };
        let at = groups
            .iter()
            .position(|g| g.framework == s.framework && g.target_level == s.target_level);
        let g = match at {
            Some(at) => &mut groups[at],
            None => {
                groups.push(Group {
                    framework: s.framework.clone(),
                    target_level: s.target_level.clone(),
                    target_level_name: s.target_level_name.clone(),
                    competencies: Vec::new(),
                    cases: Vec::new(),
                    caution: None,
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.cases.push(i);
        for c in &s.statuses {
            if !g.competencies.iter().any(|(id, _)| *id == c.id) {
                g.competencies.push((c.id.clone(), c.name.clone()));
            }
        }
    }
    caution(&mut groups);
    Calibration {
        audience,
        rev,
        as_of,
        cases,
        groups,
    }
}

/// Versions of one framework side by side: say so on each of their groups.
fn caution(groups: &mut [Group]) {
    for i in 0..groups.len() {
        let others: Vec<String> = groups
            .iter()
            .filter(|o| {
                o.framework.id == groups[i].framework.id
                    && o.framework.version != groups[i].framework.version
            })
            .map(|o| o.framework.version.clone())
            .collect();
        if !others.is_empty() {
            let g = &groups[i];
            groups[i].caution = Some(format!(
                "framework {} {} vs {}: compare with care",
                g.framework.id,
                g.framework.version,
                others.join(", ")
            ));
        }
    }
}

impl Group {
    /// A case's status for each of the group's competencies (`None`: that
    /// case does not assess it).
    pub(crate) fn row<'a>(
        &self,
        c: &'a Calibration,
        case: usize,
    ) -> Vec<Option<&'a CompetencyCell>> {
        let statuses = c.cases[case]
            .summary
            .as_ref()
            .map(|s| s.statuses.as_slice())
            .unwrap_or_default();
        self.competencies
            .iter()
            .map(|(id, _)| statuses.iter().find(|s| s.id == *id))
            .collect()
    }
}
