//! The competency framework: what the next level expects.
//!
//! A framework has ordered scopes (how wide a piece of work reached), ordered
//! levels, optional groups, and competencies whose `expectations` say, per
//! level, how much evidence at what scope over how many months meets it.
//! The format holds real ladders (M3..M7, several tracks): a competency may
//! have expectations at some levels only.
//!
//! The built-in `senior-em` framework is embedded in the binary, written from
//! the Senior EM promotion guide; every competency names the passage it comes
//! from in `source`.

pub(crate) mod import;
mod inherit;
mod validate;

use super::document::yaml_error;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::num::NonZeroU32;

/// A built-in framework: id, and its YAML text.
pub const BUILTIN: &[(&str, &str)] = &[(
    "senior-em",
    include_str!("../../../frameworks/senior-em.yaml"),
)];

/// The most pieces of evidence an expectation may ask for, and the largest
/// weight a competency may have. Both are promocase's choices, far above
/// any real ladder, so that no number in a framework makes scoring
/// meaningless (a weight of 1e308 overflows the weighted mean).
pub(crate) const MAX_PIECES: i64 = 10_000;
pub(crate) const MAX_WEIGHT: f64 = 1_000.0;

/// The evidence window when neither the case, the framework nor the
/// expectation sets one. The guide speaks of evidence "over the last year";
/// twelve months is promocase's reading of it.
pub(crate) const DEFAULT_WINDOW_MONTHS: u32 = 12;

/// The window of an expectation in months: its own, else the case's, else
/// the framework's, else [`DEFAULT_WINDOW_MONTHS`].
pub(crate) fn window_months(config: &super::Config, fw: &Framework, exp: &Expectation) -> u32 {
    exp.need
        .window
        .or(config.window_months)
        .or(fw.window)
        .map_or(DEFAULT_WINDOW_MONTHS, NonZeroU32::get)
}

/// The `framework:` value that selects a built-in framework.
pub(crate) const BUILTIN_PREFIX: &str = "builtin:";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(deserialize_with = "scalar")]
    #[schemars(with = "String")]
    pub(crate) version: String,
    /// Where the framework comes from (a document, a URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    /// Default evidence window in months (12 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) window_months: Option<i64>,
    /// `window_months`, validated.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) window: Option<NonZeroU32>,
    /// Narrowest first.
    pub(crate) scopes: Vec<String>,
    /// The scope of the candidate's own team (default: the narrowest):
    /// "impact beyond my team" is evidence at a wider scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) home_scope: Option<String>,
    /// Lowest first.
    pub(crate) levels: Vec<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) groups: Vec<Group>,
    pub(crate) competencies: Vec<Competency>,
    /// Competencies whose evidence the brief shows under "complex situations
    /// handled autonomously".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) complex_situations: Vec<String>,
    /// Which numbers the source states and which are the framework's own
    /// choices, so that no reader of a brief mistakes one for the other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) numbers: Vec<NumberNote>,
    /// Each competency's position by id, built on first use.
    #[serde(skip)]
    #[schemars(skip)]
    index: IdIndex,
}

/// Competency positions by id. A framework may hold thousands of
/// competencies (an imported ladder, an `implies` chain), and ids are looked
/// up per tag of every entry and per link of every chain: a scan each time
/// made chains cubic. Derived data, so it takes no part in equality.
#[derive(Default)]
struct IdIndex(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl Clone for IdIndex {
    fn clone(&self) -> Self {
        IdIndex::default()
    }
}

impl PartialEq for IdIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdIndex")
    }
}

/// One number of the framework (a threshold, window or weight) and where
/// it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NumberNote {
    /// What the number is ("sustained months at senior-em").
    pub(crate) what: String,
    #[serde(deserialize_with = "scalar")]
    #[schemars(with = "ScalarSchema")]
    pub(crate) value: String,
    pub(crate) basis: Basis,
    /// Why this value: the source's words, or the reason for the choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) why: Option<String>,
}

/// A value written as a number or as words (`6`, `"12 months"`), for the
/// JSON Schema only: both are read as text.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ScalarSchema {
    Number(f64),
    Text(String),
}

/// Where a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Basis {
    /// The framework's source states it.
    Source,
    /// The framework's own choice.
    Choice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Level {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
    /// Months of consistent evidence the level expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sustained_months: Option<i64>,
    /// `sustained_months`, validated (0 when absent).
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) sustained: u32,
    /// How `ready` is decided at this level (default: `all`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verdict: Option<VerdictRule>,
    /// Where a competency's status comes from at this level (default:
    /// `evidence`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) basis: Option<StatusBasis>,
    /// The feedback kinds whose ratings count at this level (default:
    /// `promotion-conversation` and `one-on-one`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) judged_by: Option<Vec<String>>,
    /// A level this one builds on: its expectations are the inherited
    /// level's, with this level's own merged over them field by field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) inherits: Option<String>,
}

/// `evidence` not written in the file: an expectation at a level that
/// `inherits` may leave it to the inherited level.
pub(crate) const UNSTATED: i64 = i64::MIN;

fn unstated() -> i64 {
    UNSTATED
}

/// The feedback kinds whose ratings count when a level does not say.
pub(crate) const DEFAULT_JUDGED_BY: &[&str] = &["promotion-conversation", "one-on-one"];

impl Level {
    pub(crate) fn basis(&self) -> StatusBasis {
        self.basis.unwrap_or_default()
    }

    /// Whether ratings in feedback of `kind` count at this level.
    pub(crate) fn judged_by(&self, kind: &str) -> bool {
        match &self.judged_by {
            Some(kinds) => kinds.iter().any(|k| k == kind),
            None => DEFAULT_JUDGED_BY.contains(&kind),
        }
    }
}

/// Where a competency's status comes from: the evidence counted against
/// its expectation, the judgement of the people whose ratings count, or
/// the lower of the two.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StatusBasis {
    #[default]
    Evidence,
    Judgement,
    Both,
}

/// How a level's verdict is decided. Real ladders say "not a checklist":
/// most of the competencies, a score, or people judging the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerdictRule {
    pub(crate) rule: RuleName,
    /// `at-least`: how many assessed competencies must be met or strong: a
    /// whole number, or a fraction of the assessed ones (`"2/3"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) met: Option<Met>,
    /// Every assessed competency must also be at least this status: "no
    /// significant weaknesses".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) floor: Option<Floor>,
    /// Ready also needs the current level to pass its own rule with the
    /// same evidence: "achievement in the current role plus the beginnings
    /// of the next".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) also_current: bool,
    /// `score`: the overall score (a whole percentage) needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) score: Option<i64>,
    /// Competency ids that must be met or strong whatever the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) required: Vec<String>,
}

/// `at-least`'s `met`: a count, or a fraction of the assessed competencies
/// ("most of them"), kept as written until validation reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum Met {
    Count(i64),
    Fraction(String),
}

impl Met {
    /// The fraction `a/b` a `met` text states, when it is one (both whole,
    /// `1 <= a <= b`).
    pub(crate) fn fraction(text: &str) -> Option<(u64, u64)> {
        let (a, b) = text.split_once('/')?;
        let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (a >= 1 && a <= b).then_some((a, b))
    }

    /// How many of `assessed` competencies must be met: the count, or the
    /// fraction rounded up (`2/3` of 7 is 5). Validation has checked it.
    pub(crate) fn needed(&self, assessed: usize) -> usize {
        match self {
            Met::Count(n) => (*n).max(0) as usize,
            Met::Fraction(t) => Met::fraction(t).map_or(assessed, |(a, b)| {
                (a * assessed as u64).div_ceil(b) as usize
            }),
        }
    }
}

/// The status every assessed competency must reach under a `floor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Floor {
    Emerging,
    Developing,
    Met,
}

/// The kinds of verdict rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RuleName {
    /// Every assessed competency met or strong (the default).
    All,
    /// At least `met` of them.
    AtLeast,
    /// The overall score at least `score`.
    Score,
    /// No verdict: the ladder is judged as a whole by people.
    Holistic,
}

impl RuleName {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RuleName::All => "all",
            RuleName::AtLeast => "at-least",
            RuleName::Score => "score",
            RuleName::Holistic => "holistic",
        }
    }
}

impl Default for VerdictRule {
    fn default() -> Self {
        VerdictRule {
            rule: RuleName::All,
            met: None,
            floor: None,
            also_current: false,
            score: None,
            required: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// A parent group, for nested ladders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Competency {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) weight: Option<f64>,
    pub(crate) description: String,
    /// Where in the framework's source this competency comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    /// Questions to ask yourself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) prompts: Vec<String>,
    /// Actions that build the competency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) grow: Vec<String>,
    /// Level id -> what meets the competency at that level.
    #[serde(default)]
    pub(crate) expectations: BTreeMap<String, Expectation>,
    /// Competencies this one implies: evidence tagged with it counts as
    /// tagged with each of them too (transitively), for graded ladders
    /// ("defines" includes "adjusts").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) implies: Vec<String>,
    /// Evidence about the candidate's own promotion (conversations with
    /// their manager about it): it counts here, and `export --format cv`
    /// leaves an entry tagged only with such competencies out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) own_promotion: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expectation {
    /// Pieces of evidence needed ([`UNSTATED`] when the file leaves it to
    /// an inherited level).
    #[serde(default = "unstated")]
    pub(crate) evidence: i64,
    /// The narrowest scope that counts (empty when left to an inherited
    /// level).
    #[serde(default)]
    pub(crate) scope: String,
    /// Distinct calendar months the evidence must span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) months: Option<i64>,
    /// The window, overriding the case's and the framework's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) within_months: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
    /// What the level looks like: behaviours evidence cites with `shows:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) behaviours: Vec<Behaviour>,
    /// How many of them counted evidence must show (0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) behaviours_required: Option<i64>,
    /// The numbers above, once validation has checked them.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) need: Need,
}

/// A behaviour of a level: what it looks like, which evidence cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Behaviour {
    /// Unique across the framework.
    pub(crate) id: String,
    pub(crate) text: String,
    /// Examples and links that show what the behaviour looks like (an
    /// imported ladder's, kept for the reader; never scored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) notes: Vec<String>,
}

/// What an expectation needs, in numbers that validation has checked: the
/// types carry their validity, so scoring never clamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Need {
    pub(crate) pieces: NonZeroU32,
    /// Distinct calendar months (0: none required).
    pub(crate) months: u32,
    /// The expectation's own window, overriding the case's and framework's.
    pub(crate) window: Option<NonZeroU32>,
    /// Distinct behaviours counted evidence must show (0: none).
    pub(crate) behaviours: u32,
}

impl Default for Need {
    /// What a framework that was not validated would need: never used,
    /// since [`parse`] is the only way to a [`Framework`] promocase scores.
    fn default() -> Need {
        Need {
            pieces: NonZeroU32::MIN,
            months: 0,
            window: None,
            behaviours: 0,
        }
    }
}

/// A number validation has bounded, as the type scoring uses.
fn bounded(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    let v = yaml::Value::deserialize(d)?;
    yaml::scalar_text(&v).ok_or_else(|| D::Error::custom("expected a version string"))
}

impl Framework {
    pub(crate) fn weight(&self, c: &Competency) -> f64 {
        c.weight.unwrap_or(1.0)
    }

    /// Positions of the competencies evidence tagged `ids` counts for: the
    /// tagged ones and every one they imply, transitively, each once, in
    /// the framework's order.
    pub(crate) fn counted_for(&self, ids: &[String]) -> Vec<usize> {
        let mut seen = vec![false; self.competencies.len()];
        let mut todo: Vec<usize> = ids.iter().filter_map(|id| self.position(id)).collect();
        while let Some(i) = todo.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            todo.extend(
                self.competencies[i]
                    .implies
                    .iter()
                    .filter_map(|x| self.position(x)),
            );
        }
        (0..seen.len()).filter(|&i| seen[i]).collect()
    }

    /// A competency's position in the framework's order (the first, if an
    /// invalid framework repeats an id).
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        let index = self.index.0.get_or_init(|| {
            let mut m = std::collections::HashMap::with_capacity(self.competencies.len());
            for (i, c) in self.competencies.iter().enumerate() {
                m.entry(c.id.clone()).or_insert(i);
            }
            m
        });
        index.get(id).copied()
    }

    /// The competency a behaviour belongs to, and the level it describes.
    pub(crate) fn behaviour_owner(&self, id: &str) -> Option<(&Competency, &str)> {
        self.competencies.iter().find_map(|c| {
            c.expectations
                .iter()
                .find(|(_, e)| e.behaviours.iter().any(|b| b.id == id))
                .map(|(level, _)| (c, level.as_str()))
        })
    }

    /// Every behaviour id, for suggestions.
    pub(crate) fn behaviour_ids(&self) -> Vec<&str> {
        self.competencies
            .iter()
            .flat_map(|c| c.expectations.values())
            .flat_map(|e| e.behaviours.iter().map(|b| b.id.as_str()))
            .collect()
    }

    /// The scope of the candidate's own team.
    pub(crate) fn home_scope(&self) -> &str {
        self.home_scope
            .as_deref()
            .or(self.scopes.first().map(String::as_str))
            .unwrap_or("")
    }

    /// The rank of [`Framework::home_scope`] (narrowest 0).
    pub(crate) fn home_rank(&self) -> usize {
        self.scope_rank(self.home_scope()).unwrap_or(0)
    }

    /// Position of a scope, narrowest 0.
    pub(crate) fn scope_rank(&self, scope: &str) -> Option<usize> {
        self.scopes.iter().position(|s| s == scope)
    }

    pub(crate) fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    pub(crate) fn competency(&self, id: &str) -> Option<&Competency> {
        self.position(id).map(|i| &self.competencies[i])
    }

    pub(crate) fn group_name(&self, id: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.name.as_str())
    }

    /// The built-in framework `id`, parsed (once per process).
    pub fn builtin(id: &str) -> Option<Framework> {
        static PARSED: std::sync::OnceLock<Vec<(&'static str, Option<Framework>)>> =
            std::sync::OnceLock::new();
        let all = PARSED.get_or_init(|| BUILTIN.iter().map(|(i, t)| (*i, parse(i, t).0)).collect());
        all.iter()
            .find(|(i, _)| *i == id)
            .and_then(|(_, f)| f.clone())
    }
}

/// The built-in framework `id`'s text, or a usage error listing them.
pub(crate) fn builtin_text(id: &str) -> crate::Result<&'static str> {
    // `framework list` prints `builtin:ID`, as `promocase.yaml` names it.
    let id = id.strip_prefix(BUILTIN_PREFIX).unwrap_or(id);
    BUILTIN
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, t)| *t)
        .ok_or_else(|| crate::Error::Usage {
            message: format!(
                "no built-in framework `{id}`\n  help: built-in frameworks: {}",
                BUILTIN
                    .iter()
                    .map(|(i, _)| *i)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// `framework list`: a line per built-in framework.
pub(crate) fn builtin_list() -> String {
    let mut s = String::new();
    for (id, _) in BUILTIN {
        if let Some(fw) = Framework::builtin(id) {
            let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
            s.push_str(&format!(
                "builtin:{id}\t{} (levels: {}; {} competencies)\n",
                fw.name,
                levels.join(", "),
                fw.competencies.len()
            ));
        }
    }
    s
}

/// Parse and validate a framework file. On errors, `None` and diagnostics.
pub(crate) fn parse(path: &str, text: &str) -> (Option<Framework>, Vec<Diagnostic>) {
    // Editors may save a byte-order mark; lines and columns count without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diags = Vec::new();
    let mut fw: Framework = match yaml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let help = "see docs/framework.md for the framework format; `promocase framework show senior-em` prints an example";
            let src = SourceText::new(path, text);
            diags.push(yaml_error(&e, &src, 0, Code::FrameworkInvalid, help));
            return (None, diags);
        }
    };
    validate::validate(&fw, &SourceText::new(path, text), &mut diags);
    if diags.is_empty() {
        inherit::resolve(&mut fw);
        settle(&mut fw);
        (Some(fw), diags)
    } else {
        (None, diags)
    }
}

/// Fill in the validated numbers ([`Need`], windows, sustained months).
fn settle(fw: &mut Framework) {
    fw.window = fw.window_months.and_then(|w| NonZeroU32::new(bounded(w)));
    for l in &mut fw.levels {
        l.sustained = l.sustained_months.map_or(0, bounded);
    }
    let narrowest = fw.scopes.first().cloned().unwrap_or_default();
    for c in &mut fw.competencies {
        for e in c.expectations.values_mut() {
            // Left out under a judgement basis: evidence is listed from the
            // narrowest scope, as what the rating rests on.
            if e.scope.is_empty() {
                e.scope = narrowest.clone();
            }
            e.need = Need {
                pieces: NonZeroU32::new(bounded(e.evidence)).unwrap_or(NonZeroU32::MIN),
                months: e.months.map_or(0, bounded),
                window: e.within_months.and_then(|w| NonZeroU32::new(bounded(w))),
                behaviours: e.behaviours_required.map_or(0, bounded),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_validates() {
        for (id, text) in BUILTIN {
            let (fw, diags) = parse(&format!("builtin:{id}"), text);
            assert!(diags.is_empty(), "{diags:#?}");
            let fw = fw.unwrap();
            assert_eq!(&fw.id, id);
            assert!(fw.competencies.len() >= 10);
            // Every competency has an expectation at every level but the first.
            for c in &fw.competencies {
                assert!(c.expectations.contains_key("senior-em"), "{}", c.id);
                assert!(
                    c.source.is_some() && !c.prompts.is_empty() && !c.grow.is_empty(),
                    "{}",
                    c.id
                );
            }
        }
    }
}
