//! Judgement recorded as data: the ratings people give in feedback, and
//! where a level lets them decide a competency's status (its `basis`).
//!
//! Real ladders are decided by people judging evidence, not by counts
//! alone. A rating is what a manager said in a conversation on record; it
//! counts only when the level says so (`basis: judgement | both`), only
//! from the kinds of feedback the level names (`judged_by`), only inside
//! the competency's window, and only for a reader who may see the feedback
//! it was given in. Other ratings are shown as others' view, never counted.
//!
//! This runs on the rows a full assessment and a tally both build, before
//! the verdict is decided: one place for every command.

use super::{percent, CompetencyReadiness, Scoring, Status};
use crate::case::framework::{Level, StatusBasis};
use crate::case::kinds::Rating;
use crate::case::Feedback;
use crate::date::Date;
use serde::{Deserialize, Serialize};

/// A rating of one competency, and who gave it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Judgement {
    pub(crate) rating: Rating,
    pub(crate) from: String,
    pub(crate) date: Date,
    pub(crate) kind: String,
}

/// A rating on the status scale.
fn status_of(r: Rating) -> Status {
    match r {
        Rating::Developing => Status::Developing,
        Rating::Met => Status::Met,
        Rating::Strong => Status::Strong,
    }
}

/// The score a judged status gives (a choice, documented): strong and met
/// 100%, developing 50%, emerging 25%, missing 0.
pub(crate) fn judged_score(s: Status) -> f64 {
    match s {
        Status::Strong | Status::Met => 1.0,
        Status::Developing => 0.5,
        Status::Emerging => 0.25,
        _ => 0.0,
    }
}

/// Apply the target level's basis to `rows`: each assessed competency's
/// judgement (and others' view) is set, and its status and score follow
/// the basis.
pub(super) fn judge(
    s: &Scoring<'_>,
    as_of: Date,
    seen: &[&Feedback],
    rows: &mut [CompetencyReadiness],
) {
    let Some(level) = s.framework.level(&s.config.target_level) else {
        return;
    };
    for row in rows.iter_mut().filter(|r| r.waived.is_none()) {
        let (counted, others) = judgements(level, as_of, seen, row);
        row.judgement = counted;
        row.others = others;
        apply(level, row);
    }
}

/// The latest rating of `row`'s competency in feedback this audience sees,
/// dated inside its window, of a kind the level counts (on the same date,
/// the later file path); and the ratings of other kinds, oldest first.
fn judgements(
    level: &Level,
    as_of: Date,
    seen: &[&Feedback],
    row: &CompetencyReadiness,
) -> (Option<Judgement>, Vec<Judgement>) {
    let mut counted: Option<(Date, &str, Judgement)> = None;
    let mut others = Vec::new();
    let dated = seen
        .iter()
        .filter(|f| f.date >= row.window_from && f.date <= as_of);
    for f in dated {
        let Some(&rating) = f.ratings.get(&row.id) else {
            continue;
        };
        let kind = f.kind.as_str();
        let j = Judgement {
            rating,
            from: f.from.clone(),
            date: f.date,
            kind: kind.to_string(),
        };
        if !level.judged_by(kind) {
            others.push(j);
        } else if counted
            .as_ref()
            .is_none_or(|(d, p, _)| (f.date, f.path.as_str()) > (*d, *p))
        {
            counted = Some((f.date, &f.path, j));
        }
    }
    others.sort_by(|a, b| (a.date, &a.from).cmp(&(b.date, &b.from)));
    (counted.map(|(_, _, j)| j), others)
}

/// The row's status and score under the level's basis.
fn apply(level: &Level, row: &mut CompetencyReadiness) {
    let judged = row.judgement.as_ref().map(|j| status_of(j.rating));
    let (status, score) = match level.basis() {
        StatusBasis::Evidence => return,
        // No rating: nobody has judged it yet.
        StatusBasis::Judgement => {
            let st = judged.unwrap_or(Status::Missing);
            (st, judged_score(st))
        }
        // The lower of the two; without a rating, at most developing.
        StatusBasis::Both => {
            let j = judged.unwrap_or(Status::Developing);
            (row.status.min(j), row.score_exact.min(judged_score(j)))
        }
    };
    row.status = status;
    row.score_exact = score;
    row.score = percent(score);
    if level.basis() == StatusBasis::Judgement {
        // The evidence is what the rating rests on, not what decides it.
        row.missing.clear();
    }
    if !status.is_met() && judged.is_none_or(|j| !j.is_met()) {
        let kinds = match &level.judged_by {
            Some(k) => k.join(" or "),
            None => crate::case::framework::DEFAULT_JUDGED_BY.join(" or "),
        };
        row.missing
            .push(format!("a rating of met or strong in a {kinds}"));
    }
}
