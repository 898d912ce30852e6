//! `list`: the case's entries, one line each, and for each competency an
//! entry names whether it counts and, if not, why: what a user otherwise
//! opens files to find out.
//!
//! Every reason is read off readiness (the counted and below-scope lists
//! of each competency's row), so `list` and `status` can never disagree.

use crate::case::{Case, Evidence};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::readiness::{Audience, Readiness};
use serde::{Deserialize, Serialize};

/// Why an entry counts, or does not, for one competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Reason {
    Counted,
    /// Narrower than the expectation's scope.
    BelowScope,
    /// Older than the competency's window.
    BeforeWindow,
    /// Dated after the as-of date.
    AfterAsOf,
    /// The target level expects nothing of this competency.
    NotAssessed,
    Waived,
}

impl Reason {
    pub(crate) fn words(self) -> &'static str {
        match self {
            Reason::Counted => "counted",
            Reason::BelowScope => "below scope",
            Reason::BeforeWindow => "before the window",
            Reason::AfterAsOf => "after the as-of date",
            Reason::NotAssessed => "not assessed",
            Reason::Waived => "waived",
        }
    }
}

/// Which entries to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Only {
    #[default]
    All,
    /// Counted for the competency asked (any competency when none is).
    Counted,
    NotCounted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Counting {
    pub(crate) competency: String,
    pub(crate) reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Listed {
    pub(crate) path: String,
    pub(crate) date: Date,
    pub(crate) title: String,
    pub(crate) scope: String,
    pub(crate) visibility: crate::case::Visibility,
    /// Per competency the entry names (only the one asked, with
    /// `--competency`).
    pub(crate) counts: Vec<Counting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EntryList {
    pub(crate) audience: Audience,
    pub(crate) as_of: Date,
    /// The competency asked for (`--competency`), when one was.
    pub(crate) competency: Option<String>,
    /// Newest first.
    pub(crate) entries: Vec<Listed>,
    /// Entries this audience may not see, and sealed files no key here
    /// opens: counted, never listed.
    pub(crate) withheld: usize,
    pub(crate) sealed: usize,
}

/// Why `e` counts or not for competency `id`, from `r`.
fn reason(r: &Readiness, e: &Evidence, id: &str) -> Reason {
    let Some(row) = r.competencies.iter().find(|c| c.id == id) else {
        return Reason::NotAssessed;
    };
    if row.waived.is_some() {
        Reason::Waived
    } else if row.evidence.contains(&e.path) {
        Reason::Counted
    } else if row.below_scope.contains(&e.path) {
        Reason::BelowScope
    } else if e.date > r.as_of {
        Reason::AfterAsOf
    } else {
        Reason::BeforeWindow
    }
}

/// The entries `audience` sees, newest first, with why each counts or
/// not; `competency` (an id of the framework) narrows them to the entries
/// that name it.
pub(crate) fn build(
    case: &Case,
    r: &Readiness,
    audience: Audience,
    competency: Option<&str>,
    only: Only,
) -> Result<EntryList> {
    if let Some(id) = competency {
        known(case, id)?;
    }
    let view = case.view(audience);
    let entries = view.newest_first().into_iter().filter_map(|e| {
        let ids = e
            .competencies
            .iter()
            .filter(|c| competency.is_none_or(|x| x == c.as_str()));
        let counts: Vec<Counting> = ids
            .map(|c| Counting {
                competency: c.clone(),
                reason: reason(r, e, c),
            })
            .collect();
        let counted = counts.iter().any(|c| c.reason == Reason::Counted);
        let keep = !counts.is_empty()
            && match only {
                Only::All => true,
                Only::Counted => counted,
                Only::NotCounted => !counted,
            };
        keep.then(|| Listed {
            path: e.path.clone(),
            date: e.date,
            title: e.title.clone(),
            scope: e.scope.clone(),
            visibility: e.visibility,
            counts,
        })
    });
    Ok(EntryList {
        audience,
        as_of: r.as_of,
        competency: competency.map(str::to_string),
        entries: entries.collect(),
        withheld: view.hidden.evidence,
        sealed: case.sealed,
    })
}

/// An error naming the closest competency id when `id` is not one.
fn known(case: &Case, id: &str) -> Result<()> {
    let ids = case.framework.competencies.iter().map(|c| c.id.as_str());
    if case.framework.competency(id).is_some() {
        return Ok(());
    }
    let hint = match crate::diagnostic::catalogue::did_you_mean(id, ids) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "`promocase framework show` lists the ids".to_string(),
    };
    Err(Error::Usage {
        message: format!("no competency `{id}` in the framework\n  help: {hint}"),
    })
}

/// One entry in full, as `show` prints it: its fields, and per competency
/// it names whether it counts and what its status would be without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EntryShown {
    pub(crate) as_of: Date,
    pub(crate) entry: Evidence,
    pub(crate) counts: Vec<Effect>,
    /// The verdict now, and without this entry.
    pub(crate) verdict: crate::readiness::Verdict,
    pub(crate) verdict_without: crate::readiness::Verdict,
}

/// What an entry does for one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Effect {
    pub(crate) competency: String,
    pub(crate) name: String,
    pub(crate) reason: Reason,
    /// The status now and without the entry (`None`: not assessed).
    pub(crate) status: Option<crate::readiness::Status>,
    pub(crate) status_without: Option<crate::readiness::Status>,
}

/// The entry `wanted` names (a path, or a file name with or without
/// `.md`) among those `audience` sees; an error naming the candidates when
/// none or several match.
pub(crate) fn find<'a>(case: &'a Case, audience: Audience, wanted: &str) -> Result<&'a Evidence> {
    let wanted = wanted.trim_end_matches('/');
    let view = case.view(audience);
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let matches: Vec<&Evidence> = view
        .evidence
        .iter()
        .copied()
        .filter(|e| {
            e.path == wanted
                || wanted.ends_with(&format!("/{}", e.path))
                || name(&e.path) == wanted
                || name(&e.path).strip_suffix(".md") == Some(wanted)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::Usage {
            message: format!("no entry `{wanted}` that this audience sees\n  help: `promocase list` shows the entries and their paths"),
        }),
        many => {
            let paths: Vec<&str> = many.iter().map(|e| e.path.as_str()).collect();
            Err(Error::Usage {
                message: format!("`{wanted}` names {} entries: {}\n  help: give the path", many.len(), paths.join(", ")),
            })
        }
    }
}

/// `e` as `show` prints it: readiness `r` of `case` set beside readiness
/// without the entry.
pub(crate) fn show(case: &Case, r: &Readiness, audience: Audience, e: &Evidence) -> EntryShown {
    let mut without = case.clone();
    without.evidence.retain(|x| x.path != e.path);
    let w = crate::readiness::assess(&without, r.as_of, audience);
    let status =
        |r: &Readiness, id: &str| r.competencies.iter().find(|c| c.id == id).map(|c| c.status);
    let name = |id: &str| {
        case.framework
            .competency(id)
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let counts = e.competencies.iter().map(|id| Effect {
        competency: id.clone(),
        name: name(id),
        reason: reason(r, e, id),
        status: status(r, id),
        status_without: status(&w, id),
    });
    EntryShown {
        as_of: r.as_of,
        entry: e.clone(),
        counts: counts.collect(),
        verdict: r.verdict,
        verdict_without: w.verdict,
    }
}
