//! Evidence: one Markdown file per piece of work, with YAML front matter.

use super::document::{self, Document};
use super::fields::Fields;
use super::framework::Framework;
use super::kinds::evidence as field;
pub use super::kinds::{Autonomy, Role, Visibility};
use crate::date::Date;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::yaml::Seg;
use serde::{Deserialize, Serialize};

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Relative to the case folder.
    pub path: String,
    #[serde(skip)]
    pub blob: String,
    pub date: Date,
    pub title: String,
    pub competencies: Vec<String>,
    /// Positions of `competencies` in the framework's list.
    #[serde(skip)]
    pub competency_index: Vec<usize>,
    pub scope: String,
    /// Position of `scope` in the framework's scopes (narrowest 0).
    #[serde(skip)]
    pub scope_rank: usize,
    pub impact: Option<String>,
    pub role: Option<Role>,
    pub autonomy: Option<Autonomy>,
    pub stakeholders: Vec<String>,
    pub witnesses: Vec<String>,
    pub links: Vec<String>,
    pub visibility: Visibility,
    /// The Markdown body.
    pub narrative: String,
}

/// A field's value in an entry, as `diff` compares and prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(std::borrow::Cow<'a, str>),
    List(&'a [String]),
}

impl std::fmt::Display for FieldValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Text(t) => f.write_str(t),
            FieldValue::List(l) => write!(f, "[{}]", l.join(", ")),
        }
    }
}

impl Evidence {
    /// The value of `field` (one of [`field::ALL`]); an absent optional
    /// field is empty text.
    pub fn value(&self, f: &super::kinds::Field) -> FieldValue<'_> {
        use std::borrow::Cow::{Borrowed, Owned};
        let text = |s: &'static str| FieldValue::Text(Borrowed(s));
        match f.name {
            "date" => FieldValue::Text(Owned(self.date.to_string())),
            "title" => FieldValue::Text(Borrowed(&self.title)),
            "competencies" => FieldValue::List(&self.competencies),
            "scope" => FieldValue::Text(Borrowed(&self.scope)),
            "impact" => FieldValue::Text(Borrowed(self.impact.as_deref().unwrap_or(""))),
            "role" => text(self.role.map_or("", Role::as_str)),
            "autonomy" => text(self.autonomy.map_or("", Autonomy::as_str)),
            "stakeholders" => FieldValue::List(&self.stakeholders),
            "witnesses" => FieldValue::List(&self.witnesses),
            "links" => FieldValue::List(&self.links),
            "visibility" => text(self.visibility.as_str()),
            _ => text(""),
        }
    }
}

/// Whether a narrative has any content beyond headings and blank lines.
pub fn has_content(body: &str) -> bool {
    body.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with("<!--")
    })
}

/// The `future-date` warning for an entry dated after the as-of date. It is
/// the one check that depends on the date, so it is made apart from [`read`],
/// whose result can then be cached across the commits `timeline` reads.
pub fn future_date(path: &str, date: Date, at: &Diagnostic, as_of: Date) -> Option<Diagnostic> {
    (date > as_of).then(|| Diagnostic {
        severity: Code::FutureDate.severity(),
        code: Code::FutureDate,
        path: path.to_string(),
        message: format!("dated {date}, after the as-of date {as_of}"),
        help: Some("it is not counted until then; check the date".into()),
        ..at.clone()
    })
}

/// The date field of a file and where it is, for [`future_date`].
pub type DatePlace = Option<(Date, Diagnostic)>;

/// Read one evidence file. Returns the entry only when it has no errors, and
/// the date with its place in the file.
pub fn read(
    path: &str,
    blob: &str,
    doc: &Document,
    fw: &Framework,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Evidence>, DatePlace) {
    let opened = match document::open(path, doc, "an evidence file") {
        Ok(o) => o,
        Err(d) => {
            diagnostics.push(*d);
            return (None, None);
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
    let title = f.string(&field::TITLE);
    if let Some(t) = &title {
        if t.contains('\n') {
            f.report(
                Code::WrongType,
                &[Seg::Key("title")],
                "`title` must be one line".into(),
                Some("move the details into the narrative".into()),
            );
        }
    }
    let competencies = f.list(&field::COMPETENCIES);
    let mut known = Vec::new();
    for (i, id) in competencies.unwrap_or_default() {
        if fw.competency(&id).is_some() {
            known.push(id);
        } else {
            let help = did_you_mean(&id, fw.competencies.iter().map(|c| c.id.as_str()))
                .unwrap_or_else(|| "`promocase framework show` lists the competencies".into());
            f.report(
                Code::UnknownCompetency,
                &[Seg::Key("competencies"), Seg::Index(i)],
                format!("unknown competency `{id}`"),
                Some(help),
            );
        }
    }
    let scope = f.string_as(
        &field::SCOPE,
        fw.scopes.first().map(String::as_str).unwrap_or("team"),
    );
    if let Some(s) = &scope {
        if fw.scope_rank(s).is_none() {
            let help = did_you_mean(s, fw.scopes.iter().map(String::as_str))
                .unwrap_or_else(|| format!("scopes, narrowest first: {}", fw.scopes.join(", ")));
            f.report(
                Code::UnknownScope,
                &[Seg::Key("scope")],
                format!("unknown scope `{s}`"),
                Some(help),
            );
        }
    }
    let impact = f.string(&field::IMPACT);
    let role = f.word::<Role>(&field::ROLE, None);
    let autonomy = f.word::<Autonomy>(&field::AUTONOMY, None);
    let stakeholders = f.list(&field::STAKEHOLDERS).unwrap_or_default();
    let witnesses = f.list(&field::WITNESSES).unwrap_or_default();
    let links = f.list(&field::LINKS).unwrap_or_default();
    let visibility = f.word::<Visibility>(&field::VISIBILITY, None);

    // Warnings.
    if let Some(d) = date {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(prefix) = name.get(..10) {
            if let Ok(named) = crate::date::parse(prefix) {
                if named != d {
                    f.report(
                        Code::FilenameDateMismatch,
                        &[Seg::Key("date")],
                        format!("the file name says {named}, the `date` field says {d}"),
                        Some(
                            "rename the file or fix the date; the `date` field is what counts"
                                .into(),
                        ),
                    );
                }
            }
        }
    }
    if opened.map.get("impact").is_none() {
        let span = crate::diagnostic::Span {
            line: opened.line_offset.max(1),
            column: 1,
            len: 3,
        };
        f.diagnostics.push(
            Diagnostic::at(
                Code::MissingImpact,
                path,
                opened.text,
                span,
                "no `impact`: what changed because of this work?",
            )
            .with_help(
                "add `impact: ...`, ideally measured (\"time to hire down from 41 to 29 days\")",
            ),
        );
    }
    if !has_content(opened.body) {
        let span = crate::diagnostic::Span {
            line: opened.body_line.saturating_sub(1).max(1),
            column: 1,
            len: 3,
        };
        f.diagnostics.push(
            Diagnostic::at(
                Code::EmptyNarrative,
                path,
                opened.text,
                span,
                "the narrative is empty",
            )
            .with_help("after the front matter, write the situation, what you did, and the result"),
        );
    }
    let place = date.map(|d| {
        let span = f.span(&[Seg::Key("date")]);
        (
            d,
            Diagnostic::at(Code::FutureDate, path, opened.text, span, ""),
        )
    });
    let has_errors = diagnostics[start..]
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    if has_errors {
        return (None, place);
    }
    let evidence = (|| {
        Some(Evidence {
            path: path.to_string(),
            blob: blob.to_string(),
            date: date?,
            title: title?.trim().to_string(),
            competency_index: known
                .iter()
                .filter_map(|id| fw.competencies.iter().position(|c| &c.id == id))
                .collect(),
            competencies: known,
            scope_rank: fw.scope_rank(scope.as_deref()?).unwrap_or(0),
            scope: scope?,
            impact,
            role,
            autonomy,
            stakeholders: stakeholders.into_iter().map(|(_, s)| s).collect(),
            witnesses: witnesses.into_iter().map(|(_, s)| s).collect(),
            links: links.into_iter().map(|(_, s)| s).collect(),
            visibility: visibility.unwrap_or_default(),
            narrative: opened.body.trim().to_string(),
        })
    })();
    (evidence, place)
}
