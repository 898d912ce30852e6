//! The promotion brief: the context the brief templates receive.
//!
//! Its sections follow the guide's promotion conversation: come with
//! specific evidence of impact beyond the team, of complex situations
//! handled autonomously, and of already operating at the senior level; be
//! open about the gaps, with a plan and a date to revisit.

use super::diff::DiffReport;
use super::{visible_evidence, EvidenceView, Provenance};
use crate::case::framework::{RuleName, VerdictRule};
use crate::case::{Case, Evidence, Framework};
use crate::date::Date;
use crate::readiness::{
    Audience, CompetencyReadiness, Expiring, OpenAction, Readiness, RuleCheck, Status, Sustained,
    Verdict,
};
use crate::source::Snapshot;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub candidate: String,
    pub manager: Option<String>,
    pub current_level: LevelRef,
    pub target_level: LevelRef,
    pub as_of: Date,
    pub source: Provenance,
    pub audience: Audience,
    /// What the candidate leads today, in words ("2 teams, 14 reports"),
    /// when promocase.yaml states it.
    pub current_scope: Option<String>,
}

/// "2 teams, 14 reports, 1 manager of managers": the parts stated.
fn scope_words(s: &crate::case::config::CurrentScope) -> Option<String> {
    let part = |n: Option<u32>, one: &str, many: &str| {
        n.map(|n| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let parts: Vec<String> = [
        part(s.teams, "team", "teams"),
        part(s.reports, "report", "reports"),
        part(
            s.managers_of_managers,
            "manager of managers",
            "managers of managers",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub verdict: Verdict,
    /// The level's verdict rule, and each of its parts in words.
    pub verdict_rule: VerdictRule,
    pub verdict_detail: Vec<String>,
    pub verdict_text: String,
    pub score: u32,
    pub met: usize,
    pub assessed: usize,
    pub sustained: Sustained,
    pub in_role_since: Option<Date>,
    /// "3 years 8 months": shown, never scored.
    pub time_in_role: Option<String>,
    pub withheld: usize,
    /// Evidence files left out because they have errors (`--allow-errors`).
    pub left_out: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetencyView {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub description: String,
    pub status: Status,
    pub met: bool,
    pub score: u32,
    pub counted: usize,
    pub required: usize,
    pub months: usize,
    pub required_months: usize,
    pub scope: String,
    pub within_months: u32,
    pub missing: Vec<String>,
    pub below_scope: usize,
    /// The eligible entries below the expected scope (not counted), each
    /// with its own scope; `scope` is where counting starts.
    pub below_scope_evidence: Vec<BelowScope>,
    pub waived: Option<String>,
    pub rules: Vec<RuleCheck>,
    pub grow: Vec<String>,
    pub prompts: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    /// What the level looks like: each behaviour, with the titles of the
    /// counted evidence that shows it (empty: not shown yet).
    pub behaviours: Vec<BehaviourView>,
}

/// An entry that would count for a competency at a wider scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BelowScope {
    pub title: String,
    pub date: Date,
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BehaviourView {
    pub id: String,
    pub text: String,
    pub shown_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeniorExample {
    pub competency: String,
    pub name: String,
    pub status: Status,
    pub evidence: EvidenceView,
}

/// The three parts the guide asks the candidate to bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheCase {
    pub beyond_team: Vec<EvidenceView>,
    /// The candidate's own scope (the framework's `home_scope`), and the
    /// next wider one: "beyond my team" starts there.
    pub home_scope: String,
    pub wider_scope: Option<String>,
    /// Entries beyond `beyond_team` (the strongest 3) that qualify too.
    pub beyond_team_more: usize,
    pub complex_autonomous: Vec<EvidenceView>,
    pub complex_autonomous_more: usize,
    pub operating_at_level: Vec<SeniorExample>,
}

/// How many entries each part of the case shows before "and N more".
pub const CASE_PART_TOP: usize = 3;

/// Where an entry stands in the strength order (docs/readiness.md,
/// "Strongest evidence first"): the greater key is the stronger entry.
/// Ties end on the path, so the order is total and the output stable.
pub fn strength(fw: &Framework, e: &Evidence) -> impl Ord {
    use crate::case::kinds::{Autonomy, Role};
    let role = match e.role {
        Some(Role::Led) => 3,
        Some(Role::Contributed) => 2,
        Some(Role::Supported) => 1,
        None => 0,
    };
    let autonomy = match e.autonomy {
        Some(Autonomy::SelfInitiated) => 3,
        Some(Autonomy::Guided) => 2,
        Some(Autonomy::Directed) => 1,
        None => 0,
    };
    let measured = e.impact.as_deref().is_some_and(|i| !i.trim().is_empty());
    (
        fw.scope_rank(&e.scope).unwrap_or(0),
        role,
        autonomy,
        measured,
        !e.witnesses.is_empty(),
        e.date,
        std::cmp::Reverse(e.path.clone()),
    )
}

/// The strongest `CASE_PART_TOP` of `entries`, strongest first, and how
/// many more there are.
fn strongest(fw: &Framework, mut entries: Vec<&Evidence>) -> (Vec<EvidenceView>, usize) {
    entries.sort_by_cached_key(|e| std::cmp::Reverse(strength(fw, e)));
    let more = entries.len().saturating_sub(CASE_PART_TOP);
    let top = entries
        .iter()
        .take(CASE_PART_TOP)
        .map(|e| EvidenceView::of(e));
    (top.collect(), more)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackGap {
    pub competency: String,
    pub name: String,
    pub from: String,
    pub date: Date,
    /// The competency's status now; addressed once it is met.
    pub status_now: Option<Status>,
    pub addressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gaps {
    pub unmet: Vec<CompetencyView>,
    pub named_in_feedback: Vec<FeedbackGap>,
    pub actions: Vec<OpenAction>,
    /// Actions done since the feedback that asked for them.
    pub acted_on: Vec<crate::readiness::ActedOn>,
    pub revisit: Option<Date>,
    /// The revisit date is before the as-of date.
    pub revisit_past: bool,
    pub expiring: Vec<Expiring>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The competency the question is about; `None` for the case as a whole.
    pub competency: Option<String>,
    pub name: Option<String>,
    pub question: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub path: String,
    pub date: Date,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    pub evidence: Vec<IndexEntry>,
    pub framework: FrameworkInfo,
}

/// Charts, as inline SVG (filled in by the HTML renderer's caller).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Charts {
    pub radar: String,
    pub timeline: String,
}

/// Everything a brief template receives (`brief --format json` prints it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub header: Header,
    pub summary: Summary,
    pub competencies: Vec<CompetencyView>,
    pub case: TheCase,
    pub gaps: Gaps,
    pub since: Option<DiffReport>,
    pub questions: Vec<Question>,
    /// Self-reflection prompts, in the `self` brief only.
    pub preparation: Vec<Question>,
    pub appendix: Appendix,
    pub charts: Charts,
    /// Monthly evidence counts per group over the window, for charts.
    pub activity: Vec<MonthActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthActivity {
    /// `YYYY-MM`.
    pub month: String,
    /// (group name, count), in framework group order.
    pub groups: Vec<(String, usize)>,
}

/// "3 years 8 months" between two dates (whole months).
fn duration_words(from: Date, to: Date) -> Option<String> {
    if to < from {
        return None;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    let (y, m) = (months / 12, months % 12);
    let part = |n: i32, w: &str| match n {
        0 => None,
        1 => Some(format!("1 {w}")),
        n => Some(format!("{n} {w}s")),
    };
    let words: Vec<String> = [part(y, "year"), part(m, "month")]
        .into_iter()
        .flatten()
        .collect();
    Some(if words.is_empty() {
        "less than a month".into()
    } else {
        words.join(" ")
    })
}

fn view(
    case: &Case,
    by_path: &HashMap<&str, &Evidence>,
    c: &CompetencyReadiness,
) -> CompetencyView {
    let def = case.framework.competency(&c.id);
    // Readiness lists only evidence the audience sees.
    let evidence = c
        .evidence
        .iter()
        .filter_map(|p| by_path.get(p.as_str()))
        .map(|e| EvidenceView::of(e))
        .collect();
    CompetencyView {
        id: c.id.clone(),
        name: c.name.clone(),
        group: c.group_name.clone(),
        description: def.map(|d| d.description.clone()).unwrap_or_default(),
        status: c.status,
        met: c.status.is_met(),
        score: c.score,
        counted: c.counted,
        required: c.required,
        months: c.months,
        required_months: c.required_months,
        scope: c.scope.clone(),
        within_months: c.within_months,
        missing: c.missing.clone(),
        below_scope: c.below_scope.len(),
        below_scope_evidence: c
            .below_scope
            .iter()
            .filter_map(|p| by_path.get(p.as_str()))
            .map(|e| BelowScope {
                title: e.title.clone(),
                date: e.date,
                scope: e.scope.clone(),
            })
            .collect(),
        waived: c.waived.clone(),
        rules: c.rules.clone(),
        grow: def.map(|d| d.grow.clone()).unwrap_or_default(),
        prompts: def.map(|d| d.prompts.clone()).unwrap_or_default(),
        evidence,
        behaviours: c
            .behaviours
            .iter()
            .map(|b| BehaviourView {
                id: b.id.clone(),
                text: b.text.clone(),
                shown_by: b
                    .shown_by
                    .iter()
                    .filter_map(|p| by_path.get(p.as_str()))
                    .map(|e| e.title.clone())
                    .collect(),
            })
            .collect(),
    }
}

/// Build the brief. `since` is the diff against `--since REV`, if asked.
pub fn build(
    case: &Case,
    snapshot: &Snapshot,
    r: &Readiness,
    audience: Audience,
    since: Option<DiffReport>,
) -> Brief {
    let fw = &case.framework;
    let level = |id: &str| LevelRef {
        id: id.to_string(),
        name: fw
            .level(id)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| id.to_string()),
    };
    let visible = visible_evidence(case, audience);
    let by_path: HashMap<&str, &Evidence> = visible.iter().map(|e| (e.path.as_str(), *e)).collect();
    let competencies: Vec<CompetencyView> = r
        .competencies
        .iter()
        .map(|c| view(case, &by_path, c))
        .collect();
    let shown: Vec<&Evidence> = visible
        .iter()
        .copied()
        .filter(|e| e.date <= r.as_of)
        .collect();
    let unmet: Vec<CompetencyView> = competencies
        .iter()
        .filter(|c| !c.met && c.status != Status::Waived)
        .cloned()
        .collect();
    let the_case = the_case(fw, r, &shown, &by_path);
    Brief {
        header: Header {
            candidate: case.config.candidate.clone(),
            manager: case.config.manager.clone(),
            current_level: level(&case.config.current_level),
            target_level: level(&case.config.target_level),
            as_of: r.as_of,
            source: Provenance::of(&snapshot.origin),
            audience,
            current_scope: scope_words(&case.config.current_scope),
        },
        summary: summary(case, r),
        questions: super::questions::questions(
            &level(&case.config.target_level).name,
            &unmet,
            &the_case,
        ),
        preparation: super::questions::preparation(audience, &unmet),
        case: the_case,
        gaps: gaps(fw, r, unmet),
        competencies,
        since,
        appendix: appendix(fw, &shown),
        charts: Charts::default(),
        activity: activity(fw, r, &shown),
    }
}

fn summary(case: &Case, r: &Readiness) -> Summary {
    Summary {
        verdict: r.verdict,
        verdict_text: match (r.verdict, r.verdict_rule.rule) {
            (Verdict::Ready, RuleName::All) => {
                "Ready: every assessed competency is met and the evidence is sustained.".into()
            }
            (Verdict::Ready, _) => format!("Ready by this level's rule: {}.", r.verdict_detail.join("; ")),
            (Verdict::NotYet, _) => "Not yet: see the gaps and development plan below.".into(),
            (Verdict::NoVerdict, _) => "No verdict: this level is judged as a whole by people; the evidence and the gaps below are what they will weigh.".into(),
        },
        verdict_rule: r.verdict_rule.clone(),
        verdict_detail: r.verdict_detail.clone(),
        score: r.score,
        met: r.met,
        assessed: r.assessed,
        sustained: r.sustained.clone(),
        in_role_since: case.config.in_role_since,
        time_in_role: case
            .config
            .in_role_since
            .and_then(|d| duration_words(d, r.as_of)),
        withheld: r.withheld,
        left_out: r.left_out,
    }
}

/// The three parts of the case: impact beyond the team, complex situations
/// handled autonomously, already operating at the next level.
fn the_case(
    fw: &Framework,
    r: &Readiness,
    shown: &[&Evidence],
    by_path: &HashMap<&str, &Evidence>,
) -> TheCase {
    let in_window = |d: Date| r.competencies.iter().any(|c| d >= c.window_from) && d <= r.as_of;
    // "Beyond my team": any scope wider than the team's own (`home_scope`).
    let wide = fw.home_rank() + 1;
    let (beyond_team, beyond_team_more) = strongest(
        fw,
        shown
            .iter()
            .filter(|e| in_window(e.date) && fw.scope_rank(&e.scope).unwrap_or(0) >= wide)
            .copied()
            .collect(),
    );
    // Tagged with a complex-situation competency; self-initiated work
    // ranks higher there but does not qualify alone.
    let (complex_autonomous, complex_autonomous_more) = strongest(
        fw,
        shown
            .iter()
            .filter(|e| {
                in_window(e.date)
                    && e.competencies
                        .iter()
                        .any(|c| fw.complex_situations.contains(c))
            })
            .copied()
            .collect(),
    );
    let operating_at_level = r
        .competencies
        .iter()
        .filter(|c| c.status.is_met())
        .filter_map(|c| {
            let best = c
                .evidence
                .iter()
                .filter_map(|p| by_path.get(p.as_str()))
                // The strongest, never supported or directed work while
                // other work exists.
                .max_by_key(|e| (!weak(e), strength(fw, e)))?;
            Some(SeniorExample {
                competency: c.id.clone(),
                name: c.name.clone(),
                status: c.status,
                evidence: EvidenceView::of(best),
            })
        })
        .collect();
    TheCase {
        beyond_team,
        home_scope: fw.home_scope().to_string(),
        wider_scope: fw.scopes.get(wide).cloned(),
        beyond_team_more,
        complex_autonomous,
        complex_autonomous_more,
        operating_at_level,
    }
}

/// Work the candidate supported, or was directed to do: weak as the best
/// example of operating at the next level.
fn weak(e: &Evidence) -> bool {
    use crate::case::kinds::{Autonomy, Role};
    e.role == Some(Role::Supported) || e.autonomy == Some(Autonomy::Directed)
}

fn gaps(fw: &Framework, r: &Readiness, unmet: Vec<CompetencyView>) -> Gaps {
    let name_of = |id: &str| {
        fw.competency(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    Gaps {
        unmet,
        named_in_feedback: r
            .feedback
            .gaps
            .iter()
            .map(|g| FeedbackGap {
                competency: g.competency.clone(),
                name: name_of(&g.competency),
                from: g.from.clone(),
                date: g.date,
                status_now: g.status_now,
                addressed: g.addressed,
            })
            .collect(),
        actions: r.feedback.actions.clone(),
        acted_on: r.feedback.acted_on.clone(),
        revisit: r.feedback.revisit,
        revisit_past: r.feedback.revisit.is_some_and(|d| d < r.as_of),
        expiring: r.expiring.clone(),
    }
}

fn appendix(fw: &Framework, shown: &[&Evidence]) -> Appendix {
    let mut evidence: Vec<IndexEntry> = shown
        .iter()
        .map(|e| IndexEntry {
            path: e.path.clone(),
            date: e.date,
            title: e.title.clone(),
        })
        .collect();
    evidence.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    Appendix {
        evidence,
        framework: FrameworkInfo {
            id: fw.id.clone(),
            name: fw.name.clone(),
            version: fw.version.clone(),
            source: fw.source.clone(),
        },
    }
}

/// Activity per month over the longest window, by group.
fn activity(fw: &Framework, r: &Readiness, shown: &[&Evidence]) -> Vec<MonthActivity> {
    let from = r
        .competencies
        .iter()
        .map(|c| c.window_from)
        .min()
        .unwrap_or(r.as_of);
    let mut group_ids: Vec<(Option<&str>, String)> = fw
        .groups
        .iter()
        .map(|g| (Some(g.id.as_str()), g.name.clone()))
        .collect();
    // Each entry is counted once, in the group of its first competency that
    // has one, so a month's bar is its number of entries; entries with no
    // group at all go in a last column.
    let group_of = |e: &Evidence| {
        let g = e
            .competencies
            .iter()
            .find_map(|c| fw.competency(c).and_then(|d| d.group.as_deref()))?;
        group_ids.iter().position(|(id, _)| *id == Some(g))
    };
    let in_range: Vec<(&Evidence, Option<usize>)> = shown
        .iter()
        .filter(|e| e.date >= from)
        .map(|e| (*e, group_of(e)))
        .collect();
    let other = group_ids.len();
    if in_range.iter().any(|(_, g)| g.is_none()) || group_ids.is_empty() {
        let name = if fw.groups.is_empty() {
            "Evidence"
        } else {
            "Other"
        };
        group_ids.push((None, name.to_string()));
    }
    // Count in one pass over the evidence: (year, month) -> count per group.
    let mut counts: HashMap<(i32, u32), Vec<usize>> = HashMap::new();
    for (e, g) in in_range {
        let row = counts
            .entry(crate::date::month_key(e.date))
            .or_insert_with(|| vec![0; group_ids.len()]);
        row[g.unwrap_or(other)] += 1;
    }
    let mut activity = Vec::new();
    let mut month = Date::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while month <= r.as_of {
        let row = counts.get(&crate::date::month_key(month));
        let groups = group_ids
            .iter()
            .enumerate()
            .map(|(gi, (_, name))| (name.clone(), row.map_or(0, |r| r[gi])))
            .collect();
        activity.push(MonthActivity {
            month: month.format("%Y-%m").to_string(),
            groups,
        });
        month = crate::date::months_after(month, 1);
    }
    activity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let d = |s| crate::date::parse(s).unwrap();
        assert_eq!(
            duration_words(d("2023-03-01"), d("2026-11-01")).as_deref(),
            Some("3 years 8 months")
        );
        assert_eq!(
            duration_words(d("2026-10-15"), d("2026-11-14")).as_deref(),
            Some("less than a month")
        );
        assert_eq!(
            duration_words(d("2025-11-01"), d("2026-11-01")).as_deref(),
            Some("1 year")
        );
        assert_eq!(duration_words(d("2026-12-01"), d("2026-11-01")), None);
    }
}
