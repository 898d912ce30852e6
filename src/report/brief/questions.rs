//! The brief's questions: for the conversation with the manager (the
//! guide's "promotion conversation"), and the framework's self-reflection
//! prompts, which are the candidate's own preparation and so appear only in
//! the `self` brief.

use super::{CompetencyView, Question, TheCase};
use crate::readiness::{Audience, Status};

/// Questions for the conversation with the manager, following the guide's
/// "promotion conversation": where they see the candidate operating at the
/// level, what each unmet competency needs to be put forward, who in
/// calibration should see the strongest work, and when to revisit.
/// Under a judged basis (`judged`), a rating decides a status: the
/// question for an unmet competency asks for one.
pub(super) fn questions(
    target: &str,
    unmet: &[CompetencyView],
    case: &TheCase,
    judged: bool,
) -> Vec<Question> {
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
    // The strongest met competency: strong before met, framework order.
    let best = case
        .operating_at_level
        .iter()
        .find(|e| e.status == Some(Status::Strong))
        .or(case.operating_at_level.first());
    if let Some(b) = best {
        let q = format!("Who in calibration should see my work on {}?", b.name);
        out.push(about(&b.competency, &b.name, q));
    }
    out.push(whole(match unmet.is_empty() {
        false => "Which gap would you want closed first, and when should we revisit this conversation?",
        true => "What would you need to see to put my case forward now?",
    }.to_string()));
    out
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
