//! Feedback: dated notes of what the candidate's manager (or a peer) said.

use super::document::{self, Document};
use super::fields::Fields;
use super::framework::Framework;
use super::kinds::{
    action as action_field, feedback as field, FeedbackKind, Rating, Visibility, Word,
};
use crate::date::Date;
use crate::diagnostic::{catalogue, has_errors, Code, Diagnostic};
use crate::yaml::{Seg, Value};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub(crate) path: String,
    pub(crate) date: Date,
    pub(crate) from: String,
    pub(crate) kind: FeedbackKind,
    /// Competency ids the giver named as gaps.
    pub(crate) gaps: Vec<String>,
    /// The giver's rating of competencies, by id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub(crate) ratings: std::collections::BTreeMap<String, Rating>,
    pub(crate) actions: Vec<Action>,
    /// When to revisit the promotion conversation.
    pub(crate) revisit: Option<Date>,
    pub visibility: Visibility,
    pub(crate) notes: String,
}

/// Something agreed to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    #[serde(rename = "do")]
    pub(crate) what: String,
    pub(crate) competency: Option<String>,
    pub(crate) due: Option<Date>,
    /// When it was done; an action without it is open.
    pub(crate) done: Option<Date>,
    /// What evidence cites in `closes:` to answer it.
    #[serde(default)]
    pub(crate) id: Option<String>,
}

fn check_competency(f: &mut Fields<'_>, fw: &Framework, id: &str, at: &[Seg<'_>]) -> bool {
    if fw.competency(id).is_some() {
        return true;
    }
    let ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
    f.report(at, catalogue::unknown_competency(id, &ids, None));
    false
}

/// `gaps`: competency ids of the framework; after the first few unknown
/// ones, the rest summed up.
fn gaps(f: &mut Fields<'_>, fw: &Framework) -> Vec<String> {
    let mut gaps = Vec::new();
    let mut unknown = 0;
    for (i, id) in f.list(&field::GAPS).unwrap_or_default() {
        if fw.competency(&id).is_some() {
            gaps.push(id);
            continue;
        }
        unknown += 1;
        if unknown <= catalogue::MAX_SAME {
            check_competency(f, fw, &id, &[Seg::Key("gaps"), Seg::Index(i)]);
        }
    }
    if unknown > catalogue::MAX_SAME {
        let n = unknown - catalogue::MAX_SAME;
        let m = catalogue::and_more(Code::UnknownCompetency, n, "unknown competencies");
        f.report(&[Seg::Key("gaps")], m);
    }
    gaps
}

/// `ratings`: competency id -> a [`Rating`] word, each key a competency of
/// the framework and each value a word of the scale (reported at its key,
/// with "did you mean").
fn ratings(f: &mut Fields<'_>, fw: &Framework) -> std::collections::BTreeMap<String, Rating> {
    let mut out = std::collections::BTreeMap::new();
    let map = match f.get("ratings") {
        None => return out,
        Some(Value::Mapping(m)) => m,
        Some(v) => {
            let kind = crate::yaml::kind(v);
            let m = catalogue::wrong_type(
                "ratings",
                "a mapping of competency id to developing, met or strong",
                kind,
            );
            f.report(&[Seg::Key("ratings")], m);
            return out;
        }
    };
    for (k, v) in map {
        let id = crate::yaml::scalar_text(k).unwrap_or_default();
        let at = [Seg::Key("ratings"), Seg::Key(&id)];
        if fw.competency(&id).is_none() {
            let ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
            let span = f.key_span(&at, &id);
            f.report_at(span, catalogue::unknown_competency(&id, &ids, None));
            continue;
        }
        let word = crate::yaml::scalar_text(v).unwrap_or_default();
        match Rating::parse(&word) {
            Some(r) => {
                out.insert(id, r);
            }
            None => {
                let what = Some("a rating: developing, met or strong");
                f.report(
                    &at,
                    catalogue::not_a_word("ratings", &word, Rating::NAMES, what),
                );
            }
        }
    }
    out
}

/// Read one feedback file. Returns it only when it has no errors.
pub(crate) fn read(
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
    let mut f = Fields::of(&opened, diagnostics);
    f.unknown_fields(field::ALL);
    let date = f.date(&field::DATE);
    let from = f.string(&field::FROM);
    let kind = f.word::<FeedbackKind>(&field::KIND, Some("a kind of feedback"));
    let gaps = gaps(&mut f, fw);
    let ratings = ratings(&mut f, fw);
    let revisit = f.date(&field::REVISIT);
    let visibility = f.word::<Visibility>(&field::VISIBILITY, None);
    let actions = actions(&mut f, fw);
    // An example is checked like any feedback, then set aside with a note.
    if f.flag(&field::EXAMPLE) == Some(true) {
        f.report(&[Seg::Key("example")], catalogue::example_entry());
        return None;
    }
    if has_errors(&diagnostics[start..]) {
        return None;
    }
    Some(Feedback {
        path: path.to_string(),
        date: date?,
        from: from?,
        kind: kind?,
        gaps,
        ratings,
        actions,
        revisit,
        visibility: visibility.unwrap_or_default(),
        notes: opened.body.trim().to_string(),
    })
}

/// The `actions` list: the valid ones (each problem reported).
fn actions(f: &mut Fields<'_>, fw: &Framework) -> Vec<Action> {
    let mut actions = Vec::new();
    let items = match f.get("actions") {
        None => return actions,
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            let m = catalogue::wrong_type("actions", "a list", crate::yaml::kind(other));
            f.report(&[Seg::Key("actions")], m);
            return actions;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let Value::Mapping(m) = item else {
            f.report(
                &[Seg::Key("actions"), Seg::Index(i)],
                catalogue::not_an_action(),
            );
            continue;
        };
        let mut sub = Fields {
            src: f.src,
            yaml: f.yaml,
            yaml_start: f.yaml_start,
            map: m,
            at: vec![Seg::Key("actions"), Seg::Index(i)],
            diagnostics: &mut *f.diagnostics,
            lines: Default::default(),
        };
        sub.unknown_fields(action_field::ALL);
        let what = sub.string(&action_field::DO);
        let due = sub.date(&action_field::DUE);
        let done = sub.date(&action_field::DONE);
        let competency = sub.string(&action_field::COMPETENCY);
        let id = sub.string(&action_field::ID);
        let ok = match &competency {
            Some(c) => check_competency(&mut sub, fw, c, &[Seg::Key("competency")]),
            None => true,
        };
        // Open and without an id: no evidence can ever say it answers it.
        if id.is_none() && done.is_none() && what.is_some() {
            sub.report(&[Seg::Key("do")], catalogue::action_without_id());
        }
        if let (Some(what), true) = (what, ok) {
            actions.push(Action {
                what,
                competency,
                due,
                done,
                id,
            });
        }
    }
    actions
}
