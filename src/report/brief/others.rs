//! "What your manager and the committee will see": the candidate's own
//! version, set beside the versions others read.
//!
//! The self brief counts private entries; the manager's and the shareable
//! versions do not. A candidate who prepares from their own version alone
//! walks into the conversation expecting statuses their manager cannot
//! see. This part computes the other versions' readiness from the same
//! case and names the differences: statuses that differ, the private
//! entries that make them differ, and competencies the committee sees no
//! evidence for.

use crate::case::{Case, Evidence, Visibility};
use crate::readiness::{Readiness, Status, Verdict};
use serde::{Deserialize, Serialize};

/// The other versions, as the candidate should know them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OthersSee {
    /// The manager's version: its verdict and coverage.
    pub(crate) manager_verdict: Verdict,
    pub(crate) manager_score: u32,
    /// Competencies whose status differs between the candidate's version
    /// and the manager's.
    pub(crate) differences: Vec<SeenDifferently>,
    /// Competencies with counted evidence that the shareable version shows
    /// none of (ids as names).
    pub(crate) nothing_shared: Vec<String>,
    /// Titles of entries whose own impact line says they are not shared
    /// yet ("Not yet shared"): drafts the candidate's version counts.
    #[serde(default)]
    pub(crate) not_yet_shared: Vec<String>,
}

/// Entries whose impact line says, in so many words, that the work is not
/// shared yet: a draft, which the candidate's version counts as evidence.
fn not_yet_shared(case: &Case) -> Vec<String> {
    let says = |i: &str| {
        let i = i.to_lowercase();
        ["not yet shared", "not shared yet", "not shared"]
            .iter()
            .any(|p| i.contains(p))
    };
    let drafts = case
        .evidence
        .iter()
        .filter(|e| e.impact.as_deref().is_some_and(says));
    drafts.map(|e| e.title.clone()).collect()
}

/// One competency as each reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SeenDifferently {
    pub(crate) name: String,
    pub(crate) own: Status,
    pub(crate) manager: Status,
    /// Titles of the private entries counted here (what only the
    /// candidate's version sees).
    pub(crate) private: Vec<String>,
}

/// [`others_see`] when `others` holds the manager's and the shareable
/// readiness (the self brief), else nothing.
pub(super) fn beside(
    case: &Case,
    own: &Readiness,
    others: &[(crate::readiness::Audience, Readiness)],
) -> Option<OthersSee> {
    match others {
        [(_, manager), (_, shared)] => Some(others_see(case, own, manager, shared)),
        _ => None,
    }
}

/// Compare the candidate's readiness `own` with the manager's and the
/// shareable version's.
fn others_see(case: &Case, own: &Readiness, manager: &Readiness, shared: &Readiness) -> OthersSee {
    let mut differences = Vec::new();
    let mut nothing_shared = Vec::new();
    for c in own.competencies.iter().filter(|c| c.waived.is_none()) {
        let find = |r: &Readiness| r.competencies.iter().find(|x| x.id == c.id).cloned();
        let (Some(m), Some(s)) = (find(manager), find(shared)) else {
            continue;
        };
        if c.counted > 0 && s.counted == 0 {
            nothing_shared.push(c.name.clone());
        }
        if m.status == c.status {
            continue;
        }
        differences.push(SeenDifferently {
            name: c.name.clone(),
            own: c.status,
            manager: m.status,
            private: private_titles(case, &c.evidence),
        });
    }
    OthersSee {
        manager_verdict: manager.verdict,
        manager_score: manager.score,
        not_yet_shared: not_yet_shared(case),
        differences,
        nothing_shared,
    }
}

/// The titles of the private entries among `paths`, in their order.
fn private_titles(case: &Case, paths: &[String]) -> Vec<String> {
    let by_path = by_path(case);
    let found = paths.iter().filter_map(|p| by_path.get(p.as_str()));
    let private = found.filter(|e| e.visibility == Visibility::Private);
    private.map(|e| e.title.clone()).collect()
}

/// The case's entries by path: each lookup once, not a scan per path.
fn by_path(case: &Case) -> std::collections::HashMap<&str, &Evidence> {
    case.evidence
        .iter()
        .map(|e| (e.path.as_str(), e.as_ref()))
        .collect()
}

/// What `check` says weakens entries as evidence, for the candidate to fix
/// before the brief goes to anyone: each warning with its entry, and how
/// many impacts have no number (a note, counted: most are outcomes in words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BeforeSharing {
    pub(crate) fix: Vec<QualityNote>,
    pub(crate) unmeasured: usize,
}

/// One entry's weakness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct QualityNote {
    pub(crate) title: String,
    pub(crate) path: String,
    pub(crate) message: String,
}

pub(super) fn before_sharing(
    case: &Case,
    diags: &[crate::diagnostic::Diagnostic],
) -> BeforeSharing {
    use crate::diagnostic::Code;
    let weak = [
        Code::PlaceholderText,
        Code::NoWitness,
        Code::OngoingTooLong,
        Code::SameNarrative,
    ];
    let by_path = by_path(case);
    let title = |p: &str| by_path.get(p).map(|e| e.title.clone());
    let fix = diags
        .iter()
        .filter(|d| weak.contains(&d.code))
        .filter_map(|d| {
            Some(QualityNote {
                title: title(&d.path)?,
                path: d.path.clone(),
                message: d.message.clone(),
            })
        });
    BeforeSharing {
        fix: fix.collect(),
        unmeasured: diags
            .iter()
            .filter(|d| d.code == Code::UnmeasuredImpact)
            .count(),
    }
}
