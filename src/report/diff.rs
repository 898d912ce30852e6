//! `promocase diff`: readiness and evidence between two points in time.
//!
//! Each side is a case read through the same source path as `check --rev`
//! and scored at its own as-of date. A status that drops while every piece
//! of evidence it counted is still there, unchanged, dropped because of
//! time: it is reported as "aged out", never as deleted evidence.

use super::Provenance;
use crate::case::kinds::evidence as evidence_fields;
use crate::case::{Case, Evidence};
use crate::date::Date;
use crate::readiness::{Audience, Expiring, Readiness, Status, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One side of a diff, as the report stage receives it.
pub(crate) struct Side<'a> {
    pub(crate) provenance: Provenance,
    pub(crate) as_of: Date,
    /// `None` when the case is absent or its config or framework has errors.
    pub(crate) case: Option<&'a Case>,
    pub(crate) readiness: Option<Readiness>,
    pub(crate) errors: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SideSummary {
    pub(crate) rev: Option<String>,
    pub(crate) commit: Option<String>,
    pub(crate) label: String,
    pub(crate) as_of: Date,
    pub(crate) verdict: Option<Verdict>,
    /// The rule the verdict was decided by (`all`, `at-least`, `score`,
    /// `holistic`).
    pub(crate) verdict_rule: Option<crate::case::framework::RuleName>,
    /// The framework the side was scored against (absent with no case).
    #[serde(default)]
    pub(crate) framework: Option<super::status::FrameworkRef>,
    /// Where the side's statuses come from (absent with no case).
    #[serde(default)]
    pub(crate) basis: Option<crate::case::framework::StatusBasis>,
    pub(crate) score: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StatusScore {
    pub(crate) status: Status,
    pub(crate) score: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Change {
    Improved,
    Regressed,
    Unchanged,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CompetencyChange {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) from: Option<StatusScore>,
    pub(crate) to: Option<StatusScore>,
    pub(crate) change: Change,
    /// For a regression: why it regressed.
    pub(crate) cause: Option<Cause>,
    /// The rating that counts on the TO side, when there is one.
    #[serde(default)]
    pub(crate) judgement: Option<crate::readiness::judgement::Judgement>,
}

/// Why a competency regressed between two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Cause {
    /// Only time passed: every entry the earlier side counted is still
    /// there, unchanged, and dropped out of the window.
    AgedOut,
    /// Evidence was edited, removed or made private.
    EvidenceChanged,
    /// The framework itself changed between the sides (its expectations or
    /// rules, not the evidence).
    FrameworkChanged,
}

impl Cause {
    /// In words, for text outputs.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Cause::AgedOut => "aged out",
            Cause::EvidenceChanged => "evidence changed",
            Cause::FrameworkChanged => "framework changed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EvidenceRef {
    pub(crate) path: String,
    pub(crate) date: Date,
    pub(crate) title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Modified {
    pub(crate) path: String,
    pub(crate) fields: Vec<String>,
    pub(crate) narrative_changed: bool,
    /// Unified diff of front matter and narrative, with `--narrative`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) diff: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Renamed {
    pub(crate) from: String,
    pub(crate) to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub(crate) struct EvidenceChanges {
    pub(crate) added: Vec<EvidenceRef>,
    pub(crate) removed: Vec<EvidenceRef>,
    pub(crate) modified: Vec<Modified>,
    pub(crate) renamed: Vec<Renamed>,
    /// Entries this audience saw on the FROM side that are still in the
    /// case but that it may no longer see (made private, or now with an
    /// error): not removed, and named nowhere.
    #[serde(default)]
    pub(crate) withheld: usize,
}

/// A feedback file, named by who gave it, when and of what kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FeedbackRef {
    pub(crate) path: String,
    pub(crate) date: Date,
    pub(crate) from: String,
    pub(crate) kind: String,
}

/// The revisit date before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RevisitChange {
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
}

/// What changed in the feedback this audience sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub(crate) struct FeedbackChanges {
    pub(crate) added: Vec<FeedbackRef>,
    pub(crate) removed: Vec<FeedbackRef>,
    /// Open on the TO side, neither open nor done on the FROM side.
    pub(crate) actions_opened: Vec<crate::readiness::OpenAction>,
    /// Done on the TO side (by its date or by evidence that `closes` it),
    /// open on the FROM side.
    pub(crate) actions_done: Vec<crate::readiness::ActedOn>,
    /// Set when the latest revisit date moved.
    pub(crate) revisit: Option<RevisitChange>,
}

impl FeedbackChanges {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.actions_opened.is_empty()
            && self.actions_done.is_empty()
            && self.revisit.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Counts {
    pub(crate) from: usize,
    pub(crate) to: usize,
}

/// The `diff --format json` document (stable: docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffReport {
    pub(crate) from: SideSummary,
    pub(crate) to: SideSummary,
    pub(crate) audience: Audience,
    pub(crate) competencies: Vec<CompetencyChange>,
    pub(crate) evidence: EvidenceChanges,
    /// Feedback files, actions and the revisit date, as this audience sees them.
    #[serde(default)]
    pub(crate) feedback: FeedbackChanges,
    /// Error counts on each side.
    pub(crate) diagnostics: Counts,
    pub(crate) regressions: usize,
    pub(crate) verdict_regressed: bool,
    /// The framework differs between the sides (expectations, rules or
    /// version): a change in readiness may be the framework's, not the
    /// evidence's.
    #[serde(default)]
    pub(crate) framework_changed: bool,
    /// Expiring evidence on the TO side.
    pub(crate) expiring: Vec<Expiring>,
    pub(crate) withheld: Counts,
    /// Evidence files left out of readiness because they have errors.
    pub(crate) left_out: Counts,
}

impl Change {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Regressed => "regressed",
            Change::Unchanged => "unchanged",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

impl Modified {
    /// The changed front matter fields, then `narrative` if it changed.
    pub(crate) fn what_changed(&self) -> Vec<String> {
        let mut what = self.fields.clone();
        if self.narrative_changed {
            what.push("narrative".into());
        }
        what
    }
}

impl CompetencyChange {
    /// " (aged out)" or " (evidence changed)" for a regression, else "".
    pub(crate) fn cause_note(&self) -> String {
        self.cause
            .map(|c| format!(" ({})", c.words()))
            .unwrap_or_default()
    }
}

impl DiffReport {
    pub(crate) fn changed(&self) -> impl Iterator<Item = &CompetencyChange> {
        self.competencies
            .iter()
            .filter(|c| c.change != Change::Unchanged)
    }
}

fn summary(s: &Side<'_>) -> SideSummary {
    SideSummary {
        rev: s.provenance.rev.clone(),
        commit: s.provenance.commit.clone(),
        label: s.provenance.label.clone(),
        as_of: s.as_of,
        verdict: s.readiness.as_ref().map(|r| r.verdict),
        verdict_rule: s.readiness.as_ref().map(|r| r.verdict_rule.rule),
        basis: s.readiness.as_ref().map(|r| r.basis),
        framework: s.case.map(|c| super::status::FrameworkRef {
            id: c.framework.id.clone(),
            version: c.framework.version.clone(),
        }),
        score: s.readiness.as_ref().map(|r| r.score),
    }
}

/// The front matter fields that differ between two versions of an entry.
pub(crate) fn changed_fields(a: &Evidence, b: &Evidence) -> Vec<String> {
    evidence_fields::ALL
        .iter()
        .filter(|f| a.value(f) != b.value(f))
        .map(|f| f.name.to_string())
        .collect()
}

/// A stable text form of an entry, for `--narrative` diffs.
fn entry_text(e: &Evidence) -> String {
    let mut s = String::new();
    for f in evidence_fields::ALL {
        s.push_str(&format!("{}: {}\n", f.name, e.value(f)));
    }
    s.push_str(&format!("---\n{}\n", e.narrative));
    s
}

fn eref(e: &Evidence) -> EvidenceRef {
    EvidenceRef {
        path: e.path.clone(),
        date: e.date,
        title: e.title.clone(),
    }
}

/// Compare two sides. `renames` are (old path, new path) pairs from Git.
pub(crate) fn build(
    from: &Side<'_>,
    to: &Side<'_>,
    renames: &[(String, String)],
    audience: Audience,
    narrative: bool,
) -> DiffReport {
    let (old, new) = (visible(from, audience), visible(to, audience));
    let mut changes = evidence_changes(&old, &new, renames, narrative);
    withhold_the_unseen(&mut changes, to);
    // A FROM piece survives if it is on the TO side, unchanged, at its path
    // or under its new name.
    let survives = |path: &str| -> bool {
        let renamed = changes.renamed.iter().find(|r| r.from == path);
        let to_path = renamed.map_or(path, |r| r.to.as_str());
        match (old.get(path), new.get(to_path)) {
            // One series read both sides: an entry whose file did not
            // change is the same entry on both.
            (Some(o), Some(n)) => Arc::ptr_eq(o, n) || changed_fields(o, n).is_empty(),
            _ => false,
        }
    };
    // A framework that changed (what it expects, its rules, its version)
    // explains a drop that no evidence does.
    let framework_changed = from
        .case
        .zip(to.case)
        .is_some_and(|(a, b)| a.framework != b.framework);
    let (competencies, mut regressions) =
        competency_changes(from, to, &survives, framework_changed);
    let verdicts = (verdict(from), verdict(to));
    let verdict_regressed = matches!(verdicts, (Some(Verdict::Ready), Some(Verdict::NotYet)));
    regressions += usize::from(verdict_regressed);
    let count = |f: fn(&Readiness) -> usize| Counts {
        from: from.readiness.as_ref().map_or(0, f),
        to: to.readiness.as_ref().map_or(0, f),
    };
    DiffReport {
        from: summary(from),
        to: summary(to),
        audience,
        competencies,
        evidence: changes,
        feedback: feedback_changes(from, to, audience),
        diagnostics: Counts {
            from: from.errors,
            to: to.errors,
        },
        regressions,
        verdict_regressed,
        framework_changed,
        expiring: to
            .readiness
            .as_ref()
            .map(|r| r.expiring.clone())
            .unwrap_or_default(),
        withheld: count(|r| r.withheld),
        left_out: count(|r| r.left_out),
    }
}

/// The entries a side's audience sees, by path.
fn visible<'a>(s: &Side<'a>, audience: Audience) -> Visible<'a> {
    let seen = |c: &'a Case| {
        let (shown, _) = audience.split(&c.evidence);
        shown.into_iter().map(|e| (e.path.as_str(), e)).collect()
    };
    s.case.map(seen).unwrap_or_default()
}

fn verdict(s: &Side<'_>) -> Option<Verdict> {
    s.readiness.as_ref().map(|r| r.verdict)
}

/// An entry still in the case that this audience may no longer see is
/// withheld, not removed: its path and title are not shown, only counted.
fn withhold_the_unseen(changes: &mut EvidenceChanges, to: &Side<'_>) {
    let still_there: BTreeSet<&str> = to
        .case
        .map(|c| {
            let valid = c.evidence.iter().map(|e| e.path.as_str());
            valid
                .chain(c.left_out.iter().map(|l| l.path.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let before = changes.removed.len();
    changes
        .removed
        .retain(|e| !still_there.contains(e.path.as_str()));
    changes.withheld = before - changes.removed.len();
}

/// Feedback files added and removed, actions opened and done, and the
/// revisit date moved, between two sides, as `audience` sees them (a file
/// it may not see on a side is not there for it).
fn feedback_changes(from: &Side<'_>, to: &Side<'_>, audience: Audience) -> FeedbackChanges {
    let (old, new) = (feedback_files(from, audience), feedback_files(to, audience));
    // A file still there that this audience may no longer see is not
    // "removed": it is simply not named.
    let still_there = |p: &str| {
        to.case
            .is_some_and(|c| c.feedback.iter().any(|f| f.path == p))
    };
    let summary = |s: &Side<'_>| {
        s.readiness
            .as_ref()
            .map(|r| r.feedback.clone())
            .unwrap_or_default()
    };
    let (a, b) = (summary(from), summary(to));
    // An action is who asked for what.
    let was_open =
        |what: &str, who: &str| a.actions.iter().any(|x| x.what == what && x.from == who);
    let was_done =
        |what: &str, who: &str| a.acted_on.iter().any(|x| x.what == what && x.from == who);
    let only = |one: &BTreeMap<String, FeedbackRef>, other: &BTreeMap<String, FeedbackRef>| {
        let only_here = one.iter().filter(|(p, _)| !other.contains_key(*p));
        only_here.map(|(_, f)| f.clone()).collect::<Vec<_>>()
    };
    let mut removed = only(&old, &new);
    removed.retain(|f| !still_there(&f.path));
    let opened = b
        .actions
        .iter()
        .filter(|x| !was_open(&x.what, &x.from) && !was_done(&x.what, &x.from));
    let done = b.acted_on.iter().filter(|x| was_open(&x.what, &x.from));
    FeedbackChanges {
        added: only(&new, &old),
        removed,
        actions_opened: opened.cloned().collect(),
        actions_done: done.cloned().collect(),
        revisit: (a.revisit != b.revisit).then_some(RevisitChange {
            from: a.revisit,
            to: b.revisit,
        }),
    }
}

/// The feedback files a side's audience sees, by path.
fn feedback_files(s: &Side<'_>, audience: Audience) -> BTreeMap<String, FeedbackRef> {
    let all = s.case.map(|c| c.feedback.as_slice()).unwrap_or_default();
    let (seen, _) = audience.split(all);
    seen.into_iter()
        .map(|f| {
            let r = FeedbackRef {
                path: f.path.clone(),
                date: f.date,
                from: f.from.clone(),
                kind: crate::case::kinds::Word::as_str(f.kind).to_string(),
            };
            (f.path.clone(), r)
        })
        .collect()
}

/// The entries a side's audience sees, by path.
type Visible<'a> = BTreeMap<&'a str, &'a Arc<Evidence>>;

/// Entries added, removed, renamed and modified between two sides.
fn evidence_changes<'m, 'a>(
    old: &'m Visible<'a>,
    new: &'m Visible<'a>,
    renames: &[(String, String)],
    narrative: bool,
) -> EvidenceChanges {
    let mut changes = EvidenceChanges::default();
    let mut renamed_from = BTreeSet::new();
    let mut renamed_to = BTreeSet::new();
    for (a, b) in renames {
        // Only entries this audience sees on both sides may be named.
        let (a, b) = (a.as_str(), b.as_str());
        if old.contains_key(a) && new.contains_key(b) && !new.contains_key(a) {
            changes.renamed.push(Renamed {
                from: a.to_string(),
                to: b.to_string(),
            });
            renamed_from.insert(a);
            renamed_to.insert(b);
        }
    }
    let pairs = |m: &'m Visible<'a>| m.iter().map(|(p, e)| (*p, *e));
    for (p, o, e) in crate::sorted::side_by_side(pairs(old), pairs(new)) {
        match (o, e) {
            (None, Some(e)) if !renamed_to.contains(p) => changes.added.push(eref(e)),
            (Some(o), None) if !renamed_from.contains(p) => changes.removed.push(eref(o)),
            (Some(o), Some(e)) if o.blob != e.blob => {
                changes.modified.extend(modified(p, o, e, narrative))
            }
            _ => {}
        }
    }
    // Renamed entries may also have changed content.
    let renamed: Vec<Modified> = changes
        .renamed
        .iter()
        .filter_map(|r| modified(&r.to, old[r.from.as_str()], new[r.to.as_str()], false))
        .collect();
    changes.modified.extend(renamed);
    changes
}

/// How an entry at `path` changed, unless only formatting or comments did.
fn modified(path: &str, o: &Evidence, e: &Evidence, narrative: bool) -> Option<Modified> {
    let fields = changed_fields(o, e);
    let narrative_changed = o.narrative != e.narrative;
    if fields.is_empty() && !narrative_changed {
        return None;
    }
    let diff = narrative.then(|| {
        similar::TextDiff::from_lines(entry_text(o).as_str(), entry_text(e).as_str())
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string()
    });
    Some(Modified {
        path: path.to_string(),
        fields,
        narrative_changed,
        diff,
    })
}

/// Each competency's change between the sides, and how many regressed.
fn competency_changes(
    from: &Side<'_>,
    to: &Side<'_>,
    survives: &dyn Fn(&str) -> bool,
    framework_changed: bool,
) -> (Vec<CompetencyChange>, usize) {
    let empty = Vec::new();
    fn rows<'a>(s: &'a Side<'_>) -> Option<&'a Vec<crate::readiness::CompetencyReadiness>> {
        s.readiness.as_ref().map(|r| &r.competencies)
    }
    let (old_c, new_c) = (rows(from).unwrap_or(&empty), rows(to).unwrap_or(&empty));
    let mut ids: Vec<(String, String)> = Vec::new();
    for c in new_c.iter().chain(old_c.iter()) {
        if !ids.iter().any(|(i, _)| *i == c.id) {
            ids.push((c.id.clone(), c.name.clone()));
        }
    }
    let ss = |c: &crate::readiness::CompetencyReadiness| StatusScore {
        status: c.status,
        score: c.score,
    };
    let time_passed = from.as_of != to.as_of;
    let mut competencies = Vec::new();
    let mut regressions = 0;
    for (id, name) in ids {
        let a = old_c.iter().find(|c| c.id == id);
        let b = new_c.iter().find(|c| c.id == id);
        let kept = a.is_some_and(|a| a.evidence.iter().all(|p| survives(p)));
        let (change, cause) = classify(a.map(ss), b.map(ss), kept, time_passed, framework_changed);
        regressions += usize::from(
            matches!((a, b), (Some(a), Some(b)) if b.status < a.status && change == Change::Regressed),
        );
        let (from, to) = (a.map(ss), b.map(ss));
        let judgement = b.and_then(|b| b.judgement.clone());
        competencies.push(CompetencyChange {
            id,
            name,
            from,
            to,
            change,
            cause,
            judgement,
        });
    }
    (competencies, regressions)
}

/// How one competency changed between the sides, and for a regression,
/// why: the framework, when it changed and every piece the earlier side
/// counted is still there unchanged; time, when only time passed; else
/// the evidence.
fn classify(
    a: Option<StatusScore>,
    b: Option<StatusScore>,
    kept: bool,
    time_passed: bool,
    framework_changed: bool,
) -> (Change, Option<Cause>) {
    let (a, b) = match (a, b) {
        (None, Some(_)) => return (Change::Added, None),
        (Some(_), None) => return (Change::Removed, None),
        (Some(a), Some(b)) => (a, b),
        (None, None) => return (Change::Unchanged, None),
    };
    if a.status == Status::Waived || b.status == Status::Waived {
        let change = if a.status == b.status {
            Change::Unchanged
        } else {
            Change::Improved
        };
        return (change, None);
    }
    if b.status < a.status || (b.status == a.status && b.score < a.score) {
        let cause = if framework_changed && kept {
            Cause::FrameworkChanged
        } else if kept && time_passed {
            Cause::AgedOut
        } else {
            Cause::EvidenceChanged
        };
        return (Change::Regressed, Some(cause));
    }
    match b.status > a.status || b.score > a.score {
        true => (Change::Improved, None),
        false => (Change::Unchanged, None),
    }
}
