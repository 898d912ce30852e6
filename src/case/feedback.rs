//! Feedback: dated notes of what the candidate's manager (or a peer) said.

use super::document::{self, Document};
use super::fields::Fields;
use super::framework::Framework;
use super::kinds::{action as action_field, feedback as field, FeedbackKind, Visibility};
use crate::date::Date;
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Severity};
use crate::yaml::{Seg, Value};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub path: String,
    pub date: Date,
    pub from: String,
    pub kind: FeedbackKind,
    /// Competency ids the giver named as gaps.
    pub gaps: Vec<String>,
    pub actions: Vec<Action>,
    /// When to revisit the promotion conversation.
    pub revisit: Option<Date>,
    pub visibility: Visibility,
    pub notes: String,
}

/// Something agreed to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    #[serde(rename = "do")]
    pub what: String,
    pub competency: Option<String>,
    pub due: Option<Date>,
    /// When it was done; an action without it is open.
    pub done: Option<Date>,
}

fn check_competency(f: &mut Fields<'_>, fw: &Framework, id: &str, at: &[Seg<'_>]) -> bool {
    if fw.competency(id).is_some() {
        return true;
    }
    let help = did_you_mean(id, fw.competencies.iter().map(|c| c.id.as_str()));
    f.report(
        Code::UnknownCompetency,
        at,
        format!("unknown competency `{id}`"),
        help,
    );
    false
}

/// Read one feedback file. Returns it only when it has no errors.
pub fn read(
    path: &str,
    doc: &Document,
    fw: &Framework,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Feedback> {
    let opened = match document::open(path, doc, "a feedback file") {
        Ok(o) => o,
        Err(d) => {
            diagnostics.push(*d);
            return None;
        }
    };
    let start = diagnostics.len();
    let mut f = Fields {
        path,
        text: opened.text,
        yaml: opened.yaml,
        line_offset: opened.line_offset,
        map: opened.map,
        at: Vec::new(),
        diagnostics,
    };
    f.unknown_fields(field::ALL);
    let date = f.date(&field::DATE);
    let from = f.string(&field::FROM);
    let kind = f.word::<FeedbackKind>(&field::KIND, Some("a kind of feedback"));
    let mut gaps = Vec::new();
    for (i, id) in f.list(&field::GAPS).unwrap_or_default() {
        if check_competency(&mut f, fw, &id, &[Seg::Key("gaps"), Seg::Index(i)]) {
            gaps.push(id);
        }
    }
    let revisit = f.date(&field::REVISIT);
    let visibility = f.word::<Visibility>(&field::VISIBILITY, None);
    let mut actions = Vec::new();
    match f.get("actions") {
        None => {}
        Some(Value::Sequence(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Value::Mapping(m) = item else {
                    f.report(
                        Code::WrongType,
                        &[Seg::Key("actions"), Seg::Index(i)],
                        "an action must be a mapping: `{do: ..., competency: ..., due: ...}`"
                            .into(),
                        None,
                    );
                    continue;
                };
                let mut sub = Fields {
                    path,
                    text: opened.text,
                    yaml: opened.yaml,
                    line_offset: opened.line_offset,
                    map: m,
                    at: vec![Seg::Key("actions"), Seg::Index(i)],
                    diagnostics: &mut *f.diagnostics,
                };
                sub.unknown_fields(action_field::ALL);
                let what = sub.string(&action_field::DO);
                let due = sub.date(&action_field::DUE);
                let done = sub.date(&action_field::DONE);
                let competency = sub.string(&action_field::COMPETENCY);
                let ok = match &competency {
                    Some(c) => check_competency(&mut sub, fw, c, &[Seg::Key("competency")]),
                    None => true,
                };
                if let (Some(what), true) = (what, ok) {
                    actions.push(Action {
                        what,
                        competency,
                        due,
                        done,
                    });
                }
            }
        }
        Some(other) => {
            let kind = crate::yaml::kind(other);
            f.report(
                Code::WrongType,
                &[Seg::Key("actions")],
                format!("`actions` must be a list, found {kind}"),
                None,
            );
        }
    }
    if diagnostics[start..]
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return None;
    }
    Some(Feedback {
        path: path.to_string(),
        date: date?,
        from: from?,
        kind: kind?,
        gaps,
        actions,
        revisit,
        visibility: visibility.unwrap_or_default(),
        notes: opened.body.trim().to_string(),
    })
}
