//! `promocase timeline`: readiness at every commit that changed the case.

use crate::date::Date;
use crate::readiness::{Audience, Readiness, Status, Verdict};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub commit: String,
    pub date: Date,
    pub as_of: Date,
    pub verdict: Verdict,
    pub score: u32,
    /// Evidence entries this audience sees.
    pub evidence: usize,
    pub errors: usize,
    /// Status per competency, in the order of `Timeline::competencies`.
    pub statuses: Vec<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub audience: Audience,
    pub monthly: bool,
    pub competencies: Vec<String>,
    pub rows: Vec<Row>,
}

impl Row {
    /// A row from one commit's readiness; statuses follow `ids`.
    pub fn of(
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
            score: r.score,
            evidence,
            errors,
            statuses: ids
                .iter()
                .map(|id| {
                    r.competencies
                        .iter()
                        .find(|c| &c.id == id)
                        .map(|c| c.status)
                        .unwrap_or(Status::Missing)
                })
                .collect(),
        }
    }
}
