//! Readiness: pure functions of evidence, framework and an as-of date.
//!
//! The rules here are the contract documented in `docs/readiness.md` (and
//! the README), in the same words. Nothing here reads files, Git or the
//! clock: give it a case, a date and an audience, and it always gives the
//! same answer, which is what makes `diff` and `timeline` meaningful.
//!
//! Two ways in, one set of rules: [`assess`] scans a case's evidence and
//! fills in every list; a [`Tally`] keeps counts per competency and day that
//! evidence can be added to and taken from, which is how `timeline` scores a
//! thousand commits without rescanning the case each time. They differ in
//! how evidence is kept, never in a rule: both admit pieces through one
//! `rules::Window` (what a piece adds to a competency's window, months
//! included), and share the expectation terms, the status rule and the
//! conclusion. Only `also_current` (another level assessed too) needs a
//! full assessment; `timeline` asks for one then.

mod assess;
pub(crate) mod judgement;
mod rules;
mod tally;

pub use assess::assess;
pub(crate) use rules::plural;
pub use tally::{RunningTally, Tally};

use crate::case::{Config, Feedback, Framework};
use crate::date::Date;
use serde::{Deserialize, Serialize};

pub use crate::case::Audience;

/// A competency's status, weakest first (so `<` means "worse").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Waived,
    Missing,
    /// For an audience that sees fewer entries: evidence that counts
    /// exists, but none this audience may see (it sees no eligible piece).
    /// Ranked with `missing` for every rule: what is not seen does not count.
    Withheld,
    Emerging,
    Developing,
    Met,
    Strong,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Waived => "waived",
            Status::Missing => "missing",
            Status::Withheld => "withheld",
            Status::Emerging => "emerging",
            Status::Developing => "developing",
            Status::Met => "met",
            Status::Strong => "strong",
        }
    }

    pub(crate) fn is_met(self) -> bool {
        matches!(self, Status::Met | Status::Strong)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The level's rule is `holistic`: people judge the ladder as a whole.
    #[serde(rename = "none")]
    NoVerdict,
    NotYet,
    Ready,
}

impl Verdict {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotYet => "not-yet",
            Verdict::NoVerdict => "none",
        }
    }
}

/// The rules a competency's status is decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RuleKind {
    /// Enough pieces at the scope or wider, within the window.
    Evidence,
    /// Enough distinct calendar months.
    Months,
    /// Twice the pieces: strong.
    Strong,
    /// Enough of the expectation's behaviours shown by counted evidence
    /// (listed only when the expectation asks for some).
    Behaviours,
}

/// One readiness rule, and whether a competency passes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleCheck {
    pub(crate) rule: RuleKind,
    pub(crate) passed: bool,
    /// Whether the expectation asks for it at all: `months` with no months
    /// asked is `false` (shown as "—", passed vacuously).
    #[serde(default = "asked")]
    pub(crate) asked: bool,
    /// The rule in words, with the numbers filled in.
    pub detail: String,
}

fn asked() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BehaviourShown {
    pub(crate) id: String,
    pub(crate) text: String,
    /// Paths of the counted evidence that shows it.
    pub(crate) shown_by: Vec<String>,
}

/// One competency's readiness: the one row every report reads (`status`
/// serialises it as it is; the brief, diff and calibration show parts of
/// it). Serialised in the order `status --format json` documents; the
/// fields marked `skip` are for the reports built from it, not that output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetencyReadiness {
    pub id: String,
    pub(crate) name: String,
    pub(crate) group: Option<String>,
    #[serde(skip)]
    pub(crate) group_name: Option<String>,
    pub(crate) weight: f64,
    pub status: Status,
    /// Whole percent.
    pub score: u32,
    /// Exact score from 0 to 1.
    #[serde(skip)]
    pub(crate) score_exact: f64,
    pub counted: usize,
    /// Pieces that would count that this audience does not see (their
    /// visibility is narrower): the version says "N more not shown here".
    #[serde(default)]
    pub(crate) withheld: usize,
    pub(crate) required: usize,
    pub months: usize,
    pub(crate) required_months: usize,
    #[serde(skip)]
    pub(crate) scope: String,
    #[serde(skip)]
    pub(crate) within_months: u32,
    /// The window's first day (inclusive).
    #[serde(skip)]
    pub window_from: Date,
    /// Paths of eligible evidence below the expected scope.
    pub(crate) below_scope: Vec<String>,
    /// What would meet it, in plain words.
    pub missing: Vec<String>,
    /// Paths of counted evidence, newest first.
    pub evidence: Vec<String>,
    /// The reason, when waived.
    pub(crate) waived: Option<String>,
    /// The rating that counts at this level (latest in the window, of a
    /// `judged_by` kind, in feedback the audience sees), whatever the basis.
    #[serde(default)]
    pub(crate) judgement: Option<judgement::Judgement>,
    /// Ratings of kinds the level does not count (peers, skip-levels):
    /// shown, never counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) others: Vec<judgement::Judgement>,
    /// The expectation's behaviours, each with the evidence that shows it
    /// (empty when the expectation lists none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) behaviours: Vec<BehaviourShown>,
    #[serde(skip)]
    pub rules: Vec<RuleCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sustained {
    pub months: usize,
    pub required: usize,
    pub met: bool,
}

/// How sustained evidence reads in a sentence: "3 of 6 months" while
/// short, "11 months, 6 asked" once past what was asked, so no reader
/// sees "11 of 6".
pub fn sustained_phrase(months: usize, required: usize) -> String {
    let unit = if months == 1 { "month" } else { "months" };
    match required {
        0 => format!("{months} {unit}, none asked"),
        r if months < r => format!("{months} of {r} months"),
        r => format!("{months} {unit}, {r} asked"),
    }
}

/// A counted piece about to leave its window, lowering a status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expiring {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) competency: String,
    /// The first day it no longer counts.
    pub leaves_window: Date,
    pub days_left: i64,
    pub status_now: Status,
    pub status_after: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Gap {
    pub(crate) competency: String,
    pub(crate) from: String,
    pub(crate) date: Date,
    /// The competency's status now (`null` when the target level does not
    /// assess it); addressed once it is met.
    #[serde(default)]
    pub(crate) status_now: Option<Status>,
    #[serde(default)]
    pub(crate) addressed: bool,
}

/// An action done since the feedback that asked for it: by its own `done`
/// date, or answered by evidence that `closes` it (the earlier of the two).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ActedOn {
    #[serde(rename = "do")]
    pub(crate) what: String,
    pub(crate) competency: Option<String>,
    pub(crate) from: String,
    pub(crate) done: Date,
    /// The evidence that answered it, when one did.
    pub(crate) answered_by: Option<EvidenceRef>,
}

/// An entry named by its title, date and path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EvidenceRef {
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenAction {
    #[serde(rename = "do")]
    pub(crate) what: String,
    pub(crate) competency: Option<String>,
    pub(crate) due: Option<Date>,
    pub(crate) overdue: bool,
    pub(crate) from: String,
    /// The date of the feedback that asked for it.
    pub(crate) asked: Date,
    /// The action's `id`, which evidence can `close`.
    #[serde(default)]
    pub(crate) id: Option<String>,
    /// Evidence in its competency dated after it was asked (newest first):
    /// work that may answer it, though nothing `closes` it yet.
    #[serde(default)]
    pub(crate) evidence_since: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub(crate) struct FeedbackSummary {
    /// The latest revisit date named in feedback.
    pub(crate) revisit: Option<Date>,
    pub(crate) gaps: Vec<Gap>,
    pub(crate) actions: Vec<OpenAction>,
    /// Actions done by the as-of date, newest first.
    #[serde(default)]
    pub(crate) acted_on: Vec<ActedOn>,
}

/// Readiness for the target level at one date, for one audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    pub(crate) as_of: Date,
    pub(crate) target_level: String,
    pub verdict: Verdict,
    /// The rule the verdict was decided by (the level's, else `all`).
    pub(crate) verdict_rule: crate::case::framework::VerdictRule,
    /// Where competency statuses come from at the target level.
    #[serde(default)]
    pub(crate) basis: crate::case::framework::StatusBasis,
    /// With `also_current`: the current level's own verdict, assessed with
    /// the same evidence and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) current_level: Option<CurrentLevel>,
    /// Each part of the rule, with whether it passes, in words.
    pub verdict_detail: Vec<String>,
    /// Whole percent.
    pub score: u32,
    pub sustained: Sustained,
    pub competencies: Vec<CompetencyReadiness>,
    pub expiring: Vec<Expiring>,
    pub(crate) feedback: FeedbackSummary,
    /// Competencies met or strong, and those assessed (not waived).
    pub met: usize,
    pub assessed: usize,
    /// Evidence and feedback entries this audience may not see.
    pub withheld: usize,
    /// Sealed files no key this reader holds opens (README, "Privacy").
    #[serde(default)]
    pub(crate) sealed: usize,
    /// Evidence files left out because they have errors (or duplicate
    /// another entry): a count only, so no audience learns of a file it
    /// may not see.
    #[serde(default)]
    pub(crate) left_out: usize,
    /// Entries this audience sees that are older than the window of every
    /// assessed competency they are tagged with: not counted.
    #[serde(default)]
    pub(crate) outside_window: usize,
}

/// The current level, held or not (`also_current`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CurrentLevel {
    pub(crate) id: String,
    pub(crate) verdict: Verdict,
}

/// Round a fraction to a whole percentage, half up.
pub fn percent(x: f64) -> u32 {
    (x * 100.0 + 0.5 + 1e-9).floor() as u32
}

/// Days before T within which a counted piece that would lower a status when
/// it leaves its window is listed as expiring.
pub(crate) const EXPIRING_DAYS: i64 = 60;

/// What readiness is scored against besides the evidence.
pub struct Scoring<'a> {
    pub config: &'a Config,
    pub framework: &'a Framework,
    pub feedback: &'a [Feedback],
}
