//! Evidence: one Markdown file per piece of work, with YAML front matter.

use super::document::{self, Document, Opened};
use super::fields::Fields;
use super::framework::Framework;
use super::kinds::evidence as field;
pub use super::kinds::{Autonomy, Role, Visibility};
use crate::date::Date;
use crate::diagnostic::{catalogue, has_errors, ByteSpan, Code, Diagnostic, Spot};
use crate::yaml::Seg;
use serde::{Deserialize, Serialize};

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Relative to the case folder.
    pub path: String,
    #[serde(skip)]
    pub(crate) blob: String,
    pub date: Date,
    pub title: String,
    pub(crate) competencies: Vec<String>,
    /// Positions of `competencies` in the framework's list.
    #[serde(skip)]
    pub(crate) competency_index: Vec<usize>,
    pub(crate) scope: String,
    /// Position of `scope` in the framework's scopes (narrowest 0).
    #[serde(skip)]
    pub(crate) scope_rank: usize,
    pub(crate) impact: Option<String>,
    pub(crate) role: Option<Role>,
    pub(crate) autonomy: Option<Autonomy>,
    pub(crate) stakeholders: Vec<String>,
    pub(crate) witnesses: Vec<String>,
    pub(crate) links: Vec<String>,
    pub visibility: Visibility,
    /// For work that spans months: until when (`None`: one day, `date`).
    pub(crate) until: Option<Until>,
    /// Behaviour ids this work shows.
    pub(crate) shows: Vec<String>,
    /// Feedback action ids this work answers.
    pub(crate) closes: Vec<String>,
    /// The Markdown body.
    pub narrative: String,
    /// `example: true`: an example to copy from, which never counts.
    pub(crate) example: bool,
}

/// Until when work that spans months goes on; written (and serialised)
/// as the entry writes it: a date, or `ongoing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub(crate) enum Until {
    Date(Date),
    Ongoing,
}

impl From<Until> for String {
    fn from(u: Until) -> String {
        match u {
            Until::Date(d) => d.to_string(),
            Until::Ongoing => "ongoing".to_string(),
        }
    }
}

impl TryFrom<String> for Until {
    type Error = String;
    fn try_from(s: String) -> Result<Until, String> {
        match s.as_str() {
            "ongoing" => Ok(Until::Ongoing),
            _ => crate::date::parse(&s)
                .map(Until::Date)
                .map_err(|_| format!("not a date or `ongoing`: {s}")),
        }
    }
}

/// A field's value in an entry, as `diff` compares and prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldValue<'a> {
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
    pub(crate) fn value(&self, f: &super::kinds::Field) -> FieldValue<'_> {
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
            "closes" => FieldValue::List(&self.closes),
            "shows" => FieldValue::List(&self.shows),
            "example" => text(if self.example { "true" } else { "" }),
            "until" => match self.until {
                Some(u) => FieldValue::Text(Owned(u.into())),
                None => text(""),
            },
            _ => text(""),
        }
    }
}

/// Whether a narrative has any content beyond headings and blank lines.
fn has_content(body: &str) -> bool {
    body.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with("<!--")
    })
}

/// The `future-date` warning for an entry dated after the as-of date. It is
/// the one check that depends on the date, so it is made apart from [`read`],
/// whose result can then be cached across the commits `timeline` reads.
pub(crate) fn future_date(date: Date, at: &Spot, as_of: Date) -> Option<Diagnostic> {
    (date > as_of).then(|| {
        at.with_message(catalogue::future_date(
            &date.to_string(),
            &as_of.to_string(),
        ))
    })
}

/// The date field of a file and where it is, for [`future_date`].
pub(crate) type DatePlace = Option<(Date, Spot)>;

/// What reading an evidence file gave.
pub struct Read {
    /// The entry, when the file has no errors.
    pub(crate) evidence: Option<Evidence>,
    /// The date and its place, for [`future_date`].
    pub(crate) date: DatePlace,
    /// The title's place, for a later `duplicate-evidence` (valid entries).
    pub(crate) title_at: Option<Spot>,
    /// The `visibility` field, when it could be read (also on errors).
    pub(crate) visibility: Option<Visibility>,
}

impl Read {
    /// A file that is not an evidence document at all.
    fn unreadable() -> Read {
        Read {
            evidence: None,
            date: None,
            title_at: None,
            visibility: None,
        }
    }
}

/// Read one evidence file.
pub fn read(
    path: &str,
    blob: &str,
    doc: &Document,
    fw: &Framework,
    actions: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Read {
    let opened = match document::open(path, doc, "an evidence file") {
        Ok(o) => o,
        Err(d) => {
            diagnostics.push(*d);
            return Read::unreadable();
        }
    };
    let start = diagnostics.len();
    let mut f = Fields::of(&opened, diagnostics);
    let (date, visibility, evidence) = entry(&mut f, fw, actions, (path, blob, opened.body));
    warnings(&mut f, &opened, date);
    // An example counts nowhere: its placeholders are its point.
    if let Some(e) = evidence.as_ref().filter(|e| !e.example) {
        quality(&mut f, e, fw);
    }
    let shared: std::sync::Arc<str> = std::sync::Arc::from(opened.src.path);
    let place = |seg: &str, f: &Fields<'_>| {
        let span = f.span(&[Seg::Key(seg)]);
        Spot::at(&opened.src, shared.clone(), span)
    };
    let date_at = date.map(|d| (d, place("date", &f)));
    let title_at = place("title", &f);
    if has_errors(&f.diagnostics[start..]) {
        // An absent field is the default; an invalid one is unknown.
        let visibility = match opened.map.get("visibility") {
            None => Some(Visibility::default()),
            Some(_) => visibility,
        };
        let (evidence, title_at) = (None, None);
        return Read {
            evidence,
            date: date_at,
            title_at,
            visibility,
        };
    }
    Read {
        visibility: evidence.as_ref().map(|e| e.visibility),
        evidence,
        date: date_at,
        title_at: Some(title_at),
    }
}

/// Every field of an entry, each problem reported; the entry when every
/// field it needs is there. Also its date and visibility as read, which a
/// file with errors still needs.
fn entry(
    f: &mut Fields<'_>,
    fw: &Framework,
    actions: &[String],
    (path, blob, body): (&str, &str, &str),
) -> (Option<Date>, Option<Visibility>, Option<Evidence>) {
    f.unknown_fields(field::ALL);
    let date = f.date(&field::DATE);
    let title = f.string(&field::TITLE);
    if title.as_deref().is_some_and(|t| t.contains('\n')) {
        f.report(&[Seg::Key("title")], catalogue::one_line("title"));
    }
    let known = competencies(f, fw);
    let scope = scope(f, fw);
    let impact = f.string(&field::IMPACT);
    let role = f.word::<Role>(&field::ROLE, None);
    let autonomy = f.word::<Autonomy>(&field::AUTONOMY, None);
    let list = |f: &mut Fields<'_>, field| -> Vec<String> {
        f.list(field)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    };
    let (stakeholders, witnesses) = (list(f, &field::STAKEHOLDERS), list(f, &field::WITNESSES));
    let links = list(f, &field::LINKS);
    let visibility = f.word::<Visibility>(&field::VISIBILITY, None);
    let closes = closes(f, actions);
    let shows = shows(f, fw, &known);
    let until = until(f, date);
    let example = f.flag(&field::EXAMPLE).unwrap_or(false);
    let evidence = (|| {
        Some(Evidence {
            path: path.to_string(),
            blob: blob.to_string(),
            date: date?,
            title: title?.trim().to_string(),
            competency_index: fw.counted_for(&known),
            competencies: known,
            scope_rank: fw.scope_rank(scope.as_deref()?).unwrap_or(0),
            scope: scope?,
            impact,
            role,
            autonomy,
            stakeholders,
            witnesses,
            links,
            visibility: visibility.unwrap_or_default(),
            closes,
            shows,
            until,
            narrative: body.trim().to_string(),
            example,
        })
    })();
    (date, visibility, evidence)
}

/// The entry's competency ids that the framework defines (each unknown
/// one is reported).
fn competencies(f: &mut Fields<'_>, fw: &Framework) -> Vec<String> {
    let ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
    let mut known = Vec::new();
    let mut unknown = 0;
    for (i, id) in f.list(&field::COMPETENCIES).unwrap_or_default() {
        if fw.competency(&id).is_some() {
            known.push(id);
            continue;
        }
        unknown += 1;
        if unknown <= catalogue::MAX_SAME {
            let m = catalogue::unknown_competency(
                &id,
                &ids,
                Some("`promocase framework show` lists the competencies"),
            );
            f.report(&[Seg::Key("competencies"), Seg::Index(i)], m);
        }
    }
    if unknown > catalogue::MAX_SAME {
        let n = unknown - catalogue::MAX_SAME;
        let m = catalogue::and_more(Code::UnknownCompetency, n, "unknown competencies");
        f.report(&[Seg::Key("competencies")], m);
    }
    known
}

/// `until`: a date on or after `date`, or `ongoing`.
fn until(f: &mut Fields<'_>, date: Option<Date>) -> Option<Until> {
    let v = f.get("until")?;
    let text = crate::yaml::scalar_text(v).unwrap_or_default();
    if text.trim() == "ongoing" {
        return Some(Until::Ongoing);
    }
    match crate::date::parse(&text) {
        Ok(d) if date.is_none_or(|start| d >= start) => Some(Until::Date(d)),
        Ok(d) => {
            let start = date.map(|s| s.to_string()).unwrap_or_default();
            let m = catalogue::until_before_date(&d.to_string(), &start);
            f.report(&[Seg::Key("until")], m);
            None
        }
        Err(e) => {
            let hint = format!("{}; or `ongoing` for work that goes on", e.hint());
            f.report(&[Seg::Key("until")], catalogue::invalid_date(&text, &hint));
            None
        }
    }
}

impl Evidence {
    /// The last day the work counts at `as_of`: its own date, its `until`
    /// (no later than `as_of`), or `as_of` while ongoing.
    pub(crate) fn end(&self, as_of: Date) -> Date {
        match self.until {
            None => self.date,
            Some(Until::Date(d)) => d.min(as_of).max(self.date),
            Some(Until::Ongoing) => as_of.max(self.date),
        }
    }
}

/// The feedback action ids the entry answers (each unknown one reported).
fn closes(f: &mut Fields<'_>, actions: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, id) in f.list(&field::CLOSES).unwrap_or_default() {
        if actions.contains(&id) {
            out.push(id);
        } else {
            let known: Vec<&str> = actions.iter().map(String::as_str).collect();
            f.report(
                &[Seg::Key("closes"), Seg::Index(i)],
                catalogue::unknown_action(&id, &known),
            );
        }
    }
    out
}

/// The behaviours the entry shows: each must exist and belong to a
/// competency the entry counts for (tagged, or implied by a tag).
fn shows(f: &mut Fields<'_>, fw: &Framework, tagged: &[String]) -> Vec<String> {
    let counts_for = fw.counted_for(tagged);
    let mut out = Vec::new();
    for (i, id) in f.list(&field::SHOWS).unwrap_or_default() {
        let at = [Seg::Key("shows"), Seg::Index(i)];
        match fw.behaviour_owner(&id) {
            None => f.report(&at, catalogue::unknown_behaviour(&id, &fw.behaviour_ids())),
            Some((c, _)) => {
                let pos = fw.competencies.iter().position(|x| x.id == c.id);
                if pos.is_some_and(|p| counts_for.contains(&p)) {
                    out.push(id);
                } else {
                    f.report(&at, catalogue::behaviour_not_tagged(&id, &c.id));
                }
            }
        }
    }
    out
}

/// The entry's scope (an unknown one is reported).
fn scope(f: &mut Fields<'_>, fw: &Framework) -> Option<String> {
    let example = fw.scopes.first().map(String::as_str).unwrap_or("team");
    let scope = f.string_as(&field::SCOPE, example)?;
    if fw.scope_rank(&scope).is_none() {
        let scopes: Vec<&str> = fw.scopes.iter().map(String::as_str).collect();
        f.report(
            &[Seg::Key("scope")],
            catalogue::unknown_scope(&scope, &scopes),
        );
    }
    Some(scope)
}

/// What weakens an entry as evidence (docs/diagnostics.md): a field left
/// at `new`'s example, work beyond the home scope nobody can vouch for, an
/// impact with no number.
fn quality(f: &mut Fields<'_>, e: &Evidence, fw: &Framework) {
    let example = |name: &str| {
        let field = field::ALL.iter().find(|x| x.name == name)?;
        Some(
            field
                .example
                .trim_matches(['[', ']'])
                .trim_matches('"')
                .to_string(),
        )
    };
    let lists = [
        ("stakeholders", &e.stakeholders),
        ("witnesses", &e.witnesses),
        ("links", &e.links),
    ];
    let placeholders = [
        ("title", e.title.as_str()),
        ("impact", e.impact.as_deref().unwrap_or("")),
    ]
    .into_iter()
    .filter(|(name, v)| example(name).is_some_and(|x| x == *v))
    .map(|(name, _)| name)
    .chain(
        lists
            .into_iter()
            .filter(|(name, v)| example(name).is_some_and(|x| v.contains(&x)))
            .map(|(name, _)| name),
    );
    for name in placeholders.collect::<Vec<_>>() {
        f.report(&[Seg::Key(name)], catalogue::placeholder_text(name));
    }
    // A private entry is the candidate's own note: nobody is asked to vouch.
    let shared = e.visibility != Visibility::Private;
    if shared && e.scope_rank > fw.home_rank() && e.witnesses.is_empty() {
        f.report(&[Seg::Key("scope")], catalogue::no_witness(&e.scope));
    }
    let measured = |i: &str| i.chars().any(|c| c.is_ascii_digit());
    if e.impact
        .as_deref()
        .is_some_and(|i| !i.trim().is_empty() && !measured(i))
    {
        f.report(&[Seg::Key("impact")], catalogue::unmeasured_impact());
    }
}

/// The warnings: a file name that disagrees with the date, no impact, an
/// empty narrative.
fn warnings(f: &mut Fields<'_>, opened: &Opened<'_>, date: Option<Date>) {
    if let Some(d) = date {
        let path = f.src.path;
        let name = path.rsplit('/').next().unwrap_or(path);
        let named = name.get(..10).and_then(|p| crate::date::parse(p).ok());
        if let Some(named) = named.filter(|n| *n != d) {
            let m = catalogue::filename_date_mismatch(&named.to_string(), &d.to_string());
            f.report(&[Seg::Key("date")], m);
        }
    }
    if opened.map.get("impact").is_none() {
        f.report_at(ByteSpan::new(0, 3), catalogue::missing_impact());
    }
    if !has_content(opened.body) {
        f.report_at(opened.closing_fence, catalogue::empty_narrative());
    }
}
