//! The promotion brief: the context the brief templates receive.
//!
//! Its sections follow the guide's promotion conversation: come with
//! specific evidence of impact beyond the team, of complex situations
//! handled autonomously, and of already operating at the senior level; be
//! open about the gaps, with a plan and a date to revisit.

mod activity;
mod ahead;
mod for_calibration;
mod others;
mod parts;
mod questions;
mod titles;
mod vouch;

pub(crate) use ahead::{ahead_date, LookAhead};
pub(crate) use for_calibration::ForCalibration;
pub(crate) use parts::TheCase;
pub(crate) use vouch::WhoVouches;

use super::diff::DiffReport;
use super::{EvidenceView, Provenance};
use crate::case::framework::{RuleName, VerdictRule};
use crate::case::{Case, Evidence, Framework};
use crate::date::Date;
use crate::readiness::{
    Audience, CompetencyReadiness, Expiring, OpenAction, Readiness, RuleCheck, Status, Sustained,
    Verdict,
};
use crate::source::Snapshot;
use activity::activity;
use chrono::Datelike;
use parts::{Anchors, Chooser};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LevelRef {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub candidate: String,
    pub(crate) manager: Option<String>,
    pub(crate) current_level: LevelRef,
    pub(crate) target_level: LevelRef,
    pub(crate) as_of: Date,
    pub(crate) source: Provenance,
    pub(crate) audience: Audience,
    /// What the candidate leads today, in words ("2 teams, 14 reports"),
    /// when promocase.yaml states it.
    pub(crate) current_scope: Option<String>,
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
    pub(crate) verdict: Verdict,
    /// The level's verdict rule, and each of its parts in words.
    pub(crate) verdict_rule: VerdictRule,
    /// Where the statuses come from: `evidence`, `judgement` or `both`.
    pub(crate) basis: crate::case::framework::StatusBasis,
    pub(crate) verdict_detail: Vec<String>,
    pub(crate) verdict_text: String,
    pub score: u32,
    pub(crate) met: usize,
    pub assessed: usize,
    pub(crate) sustained: Sustained,
    pub(crate) in_role_since: Option<Date>,
    /// "3 years 8 months": shown, never scored.
    pub(crate) time_in_role: Option<String>,
    /// Evidence and feedback entries this audience may not see.
    pub(crate) withheld: usize,
    /// Evidence files left out because they have errors (`--allow-errors`).
    pub(crate) left_out: usize,
}

/// What this version of the brief does not show, counted (never named).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Withheld {
    pub(crate) evidence: usize,
    pub(crate) feedback: usize,
    /// Sealed files no key here opens (README, "Privacy").
    #[serde(default)]
    pub(crate) sealed: usize,
}

impl Withheld {
    /// What `view`'s audience does not see of `case`, and what no key here
    /// opens.
    fn of(case: &Case, view: &crate::case::View<'_>) -> Withheld {
        Withheld {
            evidence: view.hidden.evidence,
            feedback: view.hidden.feedback,
            sealed: case.sealed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CompetencyView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) group: Option<String>,
    pub(crate) description: String,
    /// `withheld` when the audience sees no eligible evidence but some
    /// exists; `null` in the shareable brief (as are `met` and `score`).
    pub(crate) status: Option<Status>,
    pub(crate) met: Option<bool>,
    pub(crate) score: Option<u32>,
    /// Evidence that counts exists, and this version shows none of it.
    pub(crate) evidence_withheld: bool,
    pub(crate) counted: usize,
    /// Pieces that count that this version does not show.
    pub(crate) withheld: usize,
    pub(crate) required: usize,
    pub(crate) months: usize,
    pub(crate) required_months: usize,
    pub(crate) scope: String,
    pub(crate) within_months: u32,
    pub(crate) missing: Vec<String>,
    pub(crate) below_scope: usize,
    /// The eligible entries below the expected scope (not counted), each
    /// with its own scope; `scope` is where counting starts.
    pub(crate) below_scope_evidence: Vec<BelowScope>,
    pub(crate) waived: Option<String>,
    pub(crate) rules: Vec<RuleCheck>,
    pub(crate) grow: Vec<String>,
    pub(crate) prompts: Vec<String>,
    pub(crate) evidence: Vec<EvidenceView>,
    /// The counted entries whose line is under an earlier competency: one
    /// "also counted here" link each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) also: Vec<titles::AlsoCounted>,
    /// What the level looks like: each behaviour, with the titles of the
    /// counted evidence that shows it (empty: not shown yet).
    pub(crate) behaviours: Vec<BehaviourView>,
    /// The rating that counts at the level, beside the status (`null` in
    /// the shareable brief, which makes no status claims).
    pub(crate) judgement: Option<crate::readiness::judgement::Judgement>,
    /// Ratings of kinds the level does not count: shown, never counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) others: Vec<crate::readiness::judgement::Judgement>,
}

/// An entry that would count for a competency at a wider scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BelowScope {
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) scope: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BehaviourView {
    pub(crate) id: String,
    pub(crate) text: String,
    /// The titles of the entries that show it.
    pub(crate) shown_by: Vec<String>,
    /// The same entries as the brief names them (a link by date once the
    /// title has been said twice).
    #[serde(default)]
    pub(crate) shown_in: Vec<titles::Mention>,
}

/// A competency named as a gap in feedback: one per competency, with
/// everyone who named it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FeedbackGap {
    pub(crate) competency: String,
    pub(crate) name: String,
    pub(crate) named: Vec<NamedBy>,
    /// The competency's status now; addressed once it is met.
    pub(crate) status_now: Option<Status>,
    pub(crate) addressed: bool,
}

/// Who named a gap, and every date they did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NamedBy {
    pub(crate) from: String,
    pub(crate) dates: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Gaps {
    pub(crate) unmet: Vec<CompetencyView>,
    pub(crate) named_in_feedback: Vec<FeedbackGap>,
    /// Open actions, the one for the weakest competency first.
    pub(crate) actions: Vec<RankedAction>,
    /// Actions done since the feedback that asked for them.
    pub(crate) acted_on: Vec<crate::readiness::ActedOn>,
    pub(crate) revisit: Option<Date>,
    /// The revisit date is before the as-of date.
    pub(crate) revisit_past: bool,
    pub(crate) expiring: Vec<Expiring>,
}

/// An open action, with the status of the competency it would raise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RankedAction {
    #[serde(flatten)]
    pub(crate) action: OpenAction,
    /// The competency's status now (`null`: no competency, or not assessed).
    pub(crate) raises: Option<Status>,
}

/// For a "not yet" answer (the `self` brief): the guide's last advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NotYet {
    pub(crate) revisit: Option<Date>,
    /// The competencies to work on first, weakest first.
    pub(crate) first: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Question {
    /// The competency the question is about; `None` for the case as a whole.
    pub(crate) competency: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) question: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub(crate) path: String,
    pub(crate) date: Date,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FrameworkInfo {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    /// Every counted entry this version shows, written out in full, in the
    /// order "Evidence by competency" first lists them.
    #[serde(default)]
    pub in_full: Vec<EvidenceView>,
    pub evidence: Vec<IndexEntry>,
    pub(crate) framework: FrameworkInfo,
    /// Which of the framework's numbers its source states and which are
    /// its own choices (empty: the framework does not say).
    pub(crate) numbers: Vec<crate::case::framework::NumberNote>,
}

/// Charts, as inline SVG (filled in by the HTML renderer's caller).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Charts {
    pub radar: String,
    pub(crate) timeline: String,
}

/// Everything a brief template receives (`brief --format json` prints it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub header: Header,
    /// `null` in the shareable brief: no verdict, no score.
    pub summary: Option<Summary>,
    pub(crate) withheld: Withheld,
    /// The candidate's own words (`pitch.md`), shown after the summary.
    pub(crate) pitch: Option<String>,
    pub(crate) competencies: Vec<CompetencyView>,
    pub(crate) case: TheCase,
    /// Witnesses and stakeholders, with what each can speak to.
    pub(crate) who_has_seen: WhoVouches,
    /// `null` in the shareable brief.
    pub(crate) gaps: Option<Gaps>,
    /// The case on the revisit (or `--forecast`) date; `null` in the
    /// shareable brief and when there is no date ahead.
    pub(crate) look_ahead: Option<LookAhead>,
    /// In the `self` brief only.
    pub(crate) not_yet: Option<NotYet>,
    /// In the `self` brief only: what the manager's and the shareable
    /// versions show.
    pub(crate) others_see: Option<others::OthersSee>,
    /// In the `self` brief only: what weakens entries as evidence.
    pub(crate) before_sharing: Option<others::BeforeSharing>,
    pub(crate) since: Option<DiffReport>,
    pub(crate) questions: Vec<Question>,
    /// Self-reflection prompts, in the `self` brief only.
    pub(crate) preparation: Vec<Question>,
    /// "Summary for calibration": the manager version only (`null` in
    /// the others).
    pub(crate) for_calibration: Option<ForCalibration>,
    pub appendix: Appendix,
    pub charts: Charts,
    /// Monthly evidence counts per group over the window, for charts.
    pub(crate) activity: Vec<MonthActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MonthActivity {
    /// `YYYY-MM`.
    pub(crate) month: String,
    /// (group name, count), in framework group order.
    pub(crate) groups: Vec<(String, usize)>,
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

/// What a competency's view is built from.
struct ViewCtx<'a> {
    case: &'a Case,
    by_path: &'a HashMap<&'a str, &'a Evidence>,
    anchors: &'a Anchors,
    statuses: bool,
}

impl ViewCtx<'_> {
    /// Every competency's view. Each narrative is printed under the
    /// first competency it counts for; knowing which that is up front, the
    /// views are built on every core.
    fn views(&self, r: &Readiness) -> Vec<CompetencyView> {
        let mut first = HashMap::new();
        for (i, c) in r.competencies.iter().enumerate() {
            for p in c
                .evidence
                .iter()
                .filter(|p| self.by_path.contains_key(p.as_str()))
            {
                first.entry(p.as_str()).or_insert(i);
            }
        }
        let views = r.competencies.par_iter().enumerate();
        views.map(|(i, c)| self.view(i, c, &first)).collect()
    }

    /// The view of competency number `index`; `first` maps each counted
    /// entry to the first competency it counts for.
    fn view(
        &self,
        index: usize,
        c: &CompetencyReadiness,
        first: &HashMap<&str, usize>,
    ) -> CompetencyView {
        let def = self.case.framework.competency(&c.id);
        let withheld = if c.waived.is_none() { c.withheld } else { 0 };
        let evidence_withheld = c.counted == 0 && withheld > 0;
        CompetencyView {
            id: c.id.clone(),
            name: c.name.clone(),
            group: c.group_name.clone(),
            description: def.map(|d| d.description.clone()).unwrap_or_default(),
            status: self.statuses.then_some(c.status),
            met: self.statuses.then_some(c.status.is_met()),
            score: self.statuses.then_some(c.score),
            evidence_withheld,
            counted: c.counted,
            withheld,
            required: c.required,
            months: c.months,
            required_months: c.required_months,
            scope: c.scope.clone(),
            within_months: c.within_months,
            missing: self.said(&c.missing),
            below_scope: c.below_scope.len(),
            below_scope_evidence: self.below_scope(c),
            waived: c.waived.clone(),
            rules: self.said(&c.rules),
            grow: def.map(|d| d.grow.clone()).unwrap_or_default(),
            prompts: def.map(|d| d.prompts.clone()).unwrap_or_default(),
            evidence: self.evidence_views(index, c, first),
            also: Vec::new(),
            behaviours: self.behaviours(c),
            judgement: c.judgement.clone().filter(|_| self.statuses),
            others: self.said(&c.others),
        }
    }

    /// What only a version with statuses says.
    fn said<T: Clone>(&self, v: &[T]) -> Vec<T> {
        if self.statuses {
            v.to_vec()
        } else {
            Vec::new()
        }
    }

    /// The entries at `paths` this audience sees.
    fn entries(&self, paths: &[String]) -> Vec<&Evidence> {
        let found = paths.iter().filter_map(|p| self.by_path.get(p.as_str()));
        found.copied().collect()
    }

    /// A competency's counted evidence, strongest first, each marked when
    /// its narrative is printed here (under the first competency it counts
    /// for).
    fn evidence_views(
        &self,
        index: usize,
        c: &CompetencyReadiness,
        first: &HashMap<&str, usize>,
    ) -> Vec<EvidenceView> {
        let mut counted = self.entries(&c.evidence);
        crate::report::strength::strongest_first(&self.case.framework, &mut counted);
        let view = |e: &Evidence| {
            let mut v = self.anchors.view(e);
            v.narrated = first.get(e.path.as_str()) == Some(&index);
            // The narrative goes with the line that prints it, once, and
            // from there to the appendix (`titles::lay_out`).
            if v.narrated {
                v.narrative = e.narrative.clone();
            }
            v
        };
        counted.into_iter().map(view).collect()
    }

    fn below_scope(&self, c: &CompetencyReadiness) -> Vec<BelowScope> {
        let below = self.entries(&c.below_scope).into_iter();
        below
            .map(|e| BelowScope {
                title: e.title.clone(),
                date: e.date,
                scope: e.scope.clone(),
            })
            .collect()
    }

    fn behaviours(&self, c: &CompetencyReadiness) -> Vec<BehaviourView> {
        let view = |b: &crate::readiness::BehaviourShown| {
            let entries = self.entries(&b.shown_by);
            BehaviourView {
                id: b.id.clone(),
                text: b.text.clone(),
                shown_by: entries.iter().map(|e| e.title.clone()).collect(),
                shown_in: entries
                    .iter()
                    .map(|e| titles::Mention::of(e, self.anchors))
                    .collect(),
            }
        };
        c.behaviours.iter().map(view).collect()
    }
}

/// What the brief is asked for besides the case and its readiness.
pub(crate) struct BriefOptions<'a> {
    pub(crate) audience: Audience,
    /// The diff against `--since REV`, if asked.
    pub(crate) since: Option<DiffReport>,
    /// `--forecast DATE`: look ahead to it instead of the revisit date.
    pub(crate) forecast: Option<Date>,
    /// The case's diagnostics: the self brief lists what weakens an entry
    /// as evidence under "Before you share this" (borrowed: a large case
    /// has thousands, and copying them was a millisecond or two).
    pub(crate) quality: &'a [crate::diagnostic::Diagnostic],
}

/// Build the brief.
/// The case scored again: from every entry, when some are withheld (that
/// is what tells "withheld" from "missing"), and at the look-ahead date.
/// On a large case, each on a core.
fn rescored(
    case: &Case,
    r: &Readiness,
    opts: &BriefOptions<'_>,
    anchors: &Anchors,
) -> (Vec<(Audience, Readiness)>, Option<LookAhead>) {
    let audience = opts.audience;
    // The candidate's own version shows what the others will see.
    let others = match audience {
        Audience::Myself => vec![Audience::Manager, Audience::Shareable],
        _ => Vec::new(),
    };
    rayon::join(
        || {
            let each = others.into_iter();
            each.map(|a| (a, crate::readiness::assess(case, r.as_of, a)))
                .collect()
        },
        || {
            ahead_date(opts.forecast, r)
                .filter(|_| audience != Audience::Shareable)
                .map(|d| ahead::look_ahead(case, r, audience, d, anchors))
        },
    )
}

/// The competencies not met (and not waived), as this version shows them.
fn unmet(competencies: &[CompetencyView]) -> Vec<CompetencyView> {
    let unmet = competencies
        .iter()
        .filter(|c| c.met == Some(false) && c.status != Some(Status::Waived));
    let mut unmet: Vec<CompetencyView> = unmet.cloned().collect();
    // The narratives stay with "Evidence by competency" (and from there go
    // to the appendix), not a second time under the gaps.
    for v in unmet.iter_mut().flat_map(|c| &mut c.evidence) {
        v.narrative = String::new();
    }
    unmet
}

/// Gaps named in feedback, one line per competency in the order first
/// named, each person with every date they named it.
fn named_in_feedback(r: &Readiness, name_of: &dyn Fn(&str) -> String) -> Vec<FeedbackGap> {
    let mut out: Vec<FeedbackGap> = Vec::new();
    for g in &r.feedback.gaps {
        let i = match out.iter().position(|x| x.competency == g.competency) {
            Some(i) => i,
            None => {
                out.push(FeedbackGap {
                    competency: g.competency.clone(),
                    name: name_of(&g.competency),
                    named: Vec::new(),
                    status_now: g.status_now,
                    addressed: g.addressed,
                });
                out.len() - 1
            }
        };
        let named = &mut out[i].named;
        match named.iter_mut().find(|n| n.from == g.from) {
            Some(n) if !n.dates.contains(&g.date) => n.dates.push(g.date),
            Some(_) => {}
            None => named.push(NamedBy {
                from: g.from.clone(),
                dates: vec![g.date],
            }),
        }
    }
    for g in &mut out {
        for n in &mut g.named {
            n.dates.sort();
        }
    }
    out
}

/// Whether a rating decides statuses at the target level.
fn judged(r: &Readiness) -> bool {
    r.basis != crate::case::framework::StatusBasis::Evidence
}

pub(crate) fn build(
    case: &Case,
    snapshot: &Snapshot,
    r: &Readiness,
    opts: BriefOptions<'_>,
) -> Brief {
    let manager = opts.audience == Audience::Manager;
    // One anchor per narrated entry, for every part that links to one.
    let anchors = Anchors::new(r);
    // The summary's risks need the case scored six months on: a whole
    // assessment, done beside the brief's.
    let (mut brief, ahead) = rayon::join(
        || assemble(case, snapshot, r, opts, &anchors),
        || manager.then(|| for_calibration::risk_ahead(case, r, &anchors)),
    );
    titles::lay_out(&mut brief);
    if let Some(ahead) = ahead {
        let summary = for_calibration::for_calibration(&brief, case, &ahead, &anchors);
        brief.for_calibration = Some(summary);
    }
    titles::spend(&mut brief);
    brief
}

/// The competencies' views (on every core) beside the parts that do not
/// read them: the case for promotion, and who vouches (which goes through
/// every shown entry).
fn views_beside(
    ctx: &ViewCtx<'_>,
    r: &Readiness,
    shown: &[&Evidence],
    withheld: &[&Evidence],
) -> (Vec<CompetencyView>, TheCase, WhoVouches) {
    let fw = &ctx.case.framework;
    let chooser = Chooser {
        fw,
        r,
        shown,
        by_path: ctx.by_path,
        anchors: ctx.anchors,
        statuses: ctx.statuses,
        withheld,
    };
    let (views, (the_case, who)) = rayon::join(
        || ctx.views(r),
        || {
            let who = vouch::who_vouches(fw, r, &ctx.case.config, shown, ctx.anchors);
            (chooser.the_case(), who)
        },
    );
    (views, the_case, who)
}

fn assemble(
    case: &Case,
    snapshot: &Snapshot,
    r: &Readiness,
    opts: BriefOptions<'_>,
    anchors: &Anchors,
) -> Brief {
    let audience = opts.audience;
    let fw = &case.framework;
    let statuses = audience != Audience::Shareable;
    let myself = audience == Audience::Myself;
    let view = case.view(audience);
    let visible = view.newest_first();
    let by_path: HashMap<&str, &Evidence> = visible.iter().map(|e| (e.path.as_str(), *e)).collect();
    let dated = visible.iter().copied().filter(|e| e.date <= r.as_of);
    let shown: Vec<&Evidence> = dated.collect();
    let (others, look_ahead) = rescored(case, r, &opts, anchors);
    let ctx = ViewCtx {
        case,
        by_path: &by_path,
        anchors,
        statuses,
    };
    let (competencies, the_case, who_has_seen) =
        views_beside(&ctx, r, &shown, &view.withheld_evidence);
    let unmet = unmet(&competencies);
    let target = level_ref(fw, &case.config.target_level);
    Brief {
        header: header(case, snapshot, r, audience),
        summary: statuses.then(|| summary(case, r)),
        withheld: Withheld::of(case, &view),
        pitch: view.pitch.map(str::to_string),
        // The candidate's questions for the conversation: their own brief.
        questions: match myself {
            true => questions::questions(&target.name, &unmet, &the_case, judged(r), &others),
            false => Vec::new(),
        },
        preparation: questions::preparation(audience, &unmet),
        not_yet: myself.then(|| NotYet {
            revisit: r.feedback.revisit,
            first: unmet.iter().map(|c| c.name.clone()).collect(),
        }),
        who_has_seen,
        others_see: others::beside(case, r, &others),
        before_sharing: myself.then(|| others::before_sharing(case, opts.quality)),
        case: the_case,
        gaps: statuses.then(|| gaps(fw, r, unmet)),
        look_ahead,
        competencies,
        since: opts.since,
        for_calibration: None,
        appendix: appendix(fw, &shown),
        charts: Charts::default(),
        activity: activity(fw, r, &shown),
    }
}

fn level_ref(fw: &Framework, id: &str) -> LevelRef {
    LevelRef {
        id: id.to_string(),
        name: fw
            .level(id)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| id.to_string()),
    }
}

fn header(case: &Case, snapshot: &Snapshot, r: &Readiness, audience: Audience) -> Header {
    let fw = &case.framework;
    Header {
        candidate: case.config.candidate.clone(),
        manager: case.config.manager.clone(),
        current_level: level_ref(fw, &case.config.current_level),
        target_level: level_ref(fw, &case.config.target_level),
        as_of: r.as_of,
        source: Provenance::of(&snapshot.origin),
        audience,
        current_scope: scope_words(&case.config.current_scope),
    }
}

fn summary(case: &Case, r: &Readiness) -> Summary {
    Summary {
        verdict: r.verdict,
        verdict_text: match (r.verdict, r.verdict_rule.rule) {
            (Verdict::Ready, RuleName::All)
                if r.verdict_rule.floor.is_none() && !r.verdict_rule.also_current =>
            {
                "Ready: every assessed competency is met and the evidence is sustained.".into()
            }
            (Verdict::Ready, _) => format!("Ready by this level's rule: {}.", r.verdict_detail.join("; ")),
            (Verdict::NotYet, _) => "Not yet: see the gaps and development plan below.".into(),
            (Verdict::NoVerdict, _) => "No verdict: this level is judged as a whole by people; the evidence and the gaps below are what they will weigh.".into(),
        },
        verdict_rule: r.verdict_rule.clone(),
        basis: r.basis,
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

fn gaps(fw: &Framework, r: &Readiness, unmet: Vec<CompetencyView>) -> Gaps {
    let name_of = |id: &str| {
        fw.competency(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    Gaps {
        unmet,
        named_in_feedback: named_in_feedback(r, &name_of),
        actions: ranked_actions(r),
        acted_on: r.feedback.acted_on.clone(),
        revisit: r.feedback.revisit,
        revisit_past: r.feedback.revisit.is_some_and(|d| d < r.as_of),
        expiring: r.expiring.clone(),
    }
}

/// Open actions, the one that would raise the weakest competency first
/// (then by due date); actions for no assessed competency come last.
fn ranked_actions(r: &Readiness) -> Vec<RankedAction> {
    let status_of = |id: &Option<String>| {
        let id = id.as_deref()?;
        r.competencies
            .iter()
            .find(|c| c.id == id && c.waived.is_none())
            .map(|c| c.status)
    };
    let mut ranked: Vec<RankedAction> = r
        .feedback
        .actions
        .iter()
        .map(|a| RankedAction {
            raises: status_of(&a.competency),
            action: a.clone(),
        })
        .collect();
    // Stable: equal statuses and dates keep the feedback's order.
    ranked.sort_by_key(|a| {
        (
            a.raises.is_none(),
            a.raises,
            a.action.due.is_none(),
            a.action.due,
        )
    });
    ranked
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
        in_full: Vec::new(),
        evidence,
        framework: FrameworkInfo {
            id: fw.id.clone(),
            name: fw.name.clone(),
            version: fw.version.clone(),
            source: fw.source.clone(),
        },
        numbers: fw.numbers.clone(),
    }
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
