//! `promocase timeline`: readiness at every commit that changed the case.

use crate::date::Date;
use crate::readiness::{Audience, Readiness, Status, Verdict};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub commit: String,
    pub(crate) date: Date,
    pub as_of: Date,
    pub verdict: Verdict,
    /// The rule the verdict was decided by.
    pub(crate) verdict_rule: crate::case::framework::RuleName,
    /// Where the statuses come from at that commit's target level.
    #[serde(default)]
    pub(crate) basis: crate::case::framework::StatusBasis,
    pub score: u32,
    /// Evidence entries this audience sees.
    pub evidence: usize,
    pub errors: usize,
    /// Evidence files left out of readiness because they have errors.
    pub(crate) left_out: usize,
    /// Status per competency, in the order of `Timeline::competencies`;
    /// `null` where the competency was not assessed at that commit.
    pub statuses: Vec<Option<Status>>,
    /// The rating that counts per competency at that commit, in the same
    /// order (`null` where there is none).
    #[serde(default)]
    pub(crate) judgements: Vec<Option<crate::case::kinds::Rating>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub(crate) audience: Audience,
    pub(crate) monthly: bool,
    pub competencies: Vec<String>,
    pub rows: Vec<Row>,
    /// What the last row left out (said on standard error, not printed).
    #[serde(skip)]
    pub(crate) left_out: crate::report::left_out::LeftOutNotice,
    /// What to put before a case path to show it.
    #[serde(skip)]
    pub(crate) prefix: String,
}

impl Row {
    /// A row from one commit's readiness; statuses follow `ids`.
    pub(crate) fn of(
        commit: &str,
        date: Date,
        r: &Readiness,
        evidence: usize,
        errors: usize,
        ids: &[String],
    ) -> Row {
        Row {
            commit: commit.to_string(),
            date,
            as_of: r.as_of,
            verdict: r.verdict,
            verdict_rule: r.verdict_rule.rule,
            basis: r.basis,
            score: r.score,
            evidence,
            left_out: r.left_out,
            errors,
            statuses: ids
                .iter()
                .map(|id| {
                    r.competencies
                        .iter()
                        .find(|c| &c.id == id)
                        .map(|c| c.status)
                })
                .collect(),
            judgements: ids
                .iter()
                .map(|id| {
                    let c = r.competencies.iter().find(|c| &c.id == id);
                    c.and_then(|c| c.judgement.as_ref().map(|j| j.rating))
                })
                .collect(),
        }
    }
}

impl Timeline {
    /// Give every row a status for every column (`None` where the
    /// competency was not assessed at that commit: before it was added,
    /// after it was renamed).
    pub(crate) fn square(&mut self) {
        let n = self.competencies.len();
        for r in &mut self.rows {
            r.statuses.resize(n, None);
            r.judgements.resize(n, None);
        }
    }
}
