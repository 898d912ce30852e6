//! The brief's questions: for the conversation with the manager (the
//! guide's "promotion conversation"), and the framework's self-reflection
//! prompts, which are the candidate's own preparation and so appear only in
//! the `self` brief.

use super::{CompetencyView, Question, TheCase};
use crate::readiness::{Audience, Readiness, Status};

/// Questions for the conversation with the manager, following the guide's
/// "promotion conversation": where they see the candidate operating at the
/// level, what each unmet competency needs to be put forward, who in
/// calibration should see the strongest work, and when to revisit.
/// Under a judged basis (`judged`), a rating decides a status: the
/// question for an unmet competency asks for one. `others` holds how the
/// other versions score the case (the candidate's own brief has them):
/// calibration can only be shown work the manager can see.
pub(super) fn questions(
    target: &str,
    unmet: &[CompetencyView],
    case: &TheCase,
    judged: bool,
    others: &[(Audience, Readiness)],
) -> Vec<Question> {
    let manager = others
        .iter()
        .find(|(a, _)| *a == Audience::Manager)
        .map(|(_, m)| m);
    let whole = |q: String| Question {
        competency: None,
        name: None,
        question: q,
    };
    let about = |c: &str, name: &str, q: String| Question {
        competency: Some(c.to_string()),
        name: Some(name.to_string()),
        question: q,
    };
    let mut out = vec![whole(format!(
        "Where do you already see me operating at the {target} level, and where not yet?"
    ))];
    for c in unmet {
        let q = match judged {
            true => format!(
                "Would you rate me met in {}? If not yet, what would you need to see?",
                c.name
            ),
            false => format!(
                "What would you need to see from me in {} to put me forward?",
                c.name
            ),
        };
        out.push(about(&c.id, &c.name, q));
    }
    out.extend(who_in_calibration(case, manager));
    out.push(whole(match unmet.is_empty() {
        false => "Which gap would you want closed first, and when should we revisit this conversation?",
        true => "What would you need to see to put my case forward now?",
    }.to_string()));
    out
}

/// "Who in calibration should see my work on X?" for the strongest met
/// competency: strong before met, framework order; as the manager sees
/// it, when that is known.
fn who_in_calibration(case: &TheCase, manager: Option<&Readiness>) -> Option<Question> {
    let status = |id: &str, own: Option<Status>| match manager {
        Some(m) => m.competencies.iter().find(|c| c.id == id).map(|c| c.status),
        None => own,
    };
    let met: Vec<_> = case
        .operating_at_level
        .iter()
        .filter(|e| status(&e.competency, e.status).is_some_and(Status::is_met))
        .collect();
    let best = met
        .iter()
        .find(|e| status(&e.competency, e.status) == Some(Status::Strong))
        .or(met.first())?;
    Some(Question {
        competency: Some(best.competency.clone()),
        name: Some(best.name.clone()),
        question: format!("Who in calibration should see my work on {}?", best.name),
    })
}

/// The framework's self-reflection prompts for unmet competencies: for the
/// candidate's own preparation, so only in the `self` brief.
pub(super) fn preparation(audience: Audience, unmet: &[CompetencyView]) -> Vec<Question> {
    if audience != Audience::Myself {
        return Vec::new();
    }
    unmet
        .iter()
        .flat_map(|c| {
            c.prompts.iter().map(move |q| Question {
                competency: Some(c.id.clone()),
                name: Some(c.name.clone()),
                question: q.clone(),
            })
        })
        .collect()
}
