//! "Summary for calibration": the paragraph a manager reads out when they
//! advocate for the candidate. Third person, at most [`MAX_WORDS`] words,
//! at the top of the manager version only.
//!
//! Why it is built from the finished brief: every figure and title in it
//! must be one this version shows (the same readiness, the same shown
//! evidence, the same gaps and actions), so it can never claim more than
//! the page below it. The one thing it computes anew is the six-month
//! risk: the shown evidence scored six months on, as the look ahead does.

use super::ahead::{look_ahead, AheadFrom};
use super::parts::Anchors;
use super::Brief;
use crate::case::{Case, Evidence};
use crate::readiness::{Audience, Readiness, Status, Verdict};
use crate::report::strength::strongest_first;
use serde::{Deserialize, Serialize};

/// The most words the summary may take. A choice of promocase's: what a
/// director reads out in about two minutes.
pub(crate) const MAX_WORDS: usize = 250;
/// Months ahead a risk looks (the "within six months").
const RISK_MONTHS: u32 = 6;
/// Words of an impact quoted as a result's measure, and of an action
/// quoted as a gap's plan.
const MEASURE_WORDS: usize = 12;
const PLAN_WORDS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ForCalibration {
    /// Who asks for what, and what they lead today.
    pub(crate) ask: String,
    /// Where the case stands against the level's rule.
    pub(crate) standing: String,
    /// The three strongest results with a measure, and who vouches.
    pub(crate) results: Vec<Point>,
    /// Two complex situations handled autonomously.
    pub(crate) autonomous: Vec<Point>,
    /// Each gap with its plan and date.
    pub(crate) gaps: Vec<String>,
    /// What could weaken the case: evidence leaving the window, overdue
    /// actions, a competency resting on one piece.
    pub(crate) risks: Vec<String>,
}

/// One entry as the summary states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Point {
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) measure: Option<String>,
    pub(crate) vouched_by: Vec<String>,
    /// The title has been said twice above the appendix: a link by date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) short: bool,
    pub(crate) date: crate::date::Date,
}

/// The case scored [`RISK_MONTHS`] on with nothing added, for the risks
/// (computed beside the brief: it is a whole assessment).
pub(super) fn risk_ahead(case: &Case, r: &Readiness, anchors: &Anchors) -> super::ahead::LookAhead {
    let then = crate::date::months_after(r.as_of, RISK_MONTHS);
    let from = (then, AheadFrom::Forecast);
    look_ahead(case, r, Audience::Manager, from, anchors)
}

/// The summary for the manager version of `b`; `ahead` from [`risk_ahead`].
pub(super) fn for_calibration(
    b: &Brief,
    case: &Case,
    ahead: &super::ahead::LookAhead,
    anchors: &Anchors,
) -> ForCalibration {
    let shown = shown_counted(b, case);
    let mut results: Vec<&Evidence> = shown
        .iter()
        .copied()
        .filter(|e| e.impact.is_some())
        .collect();
    strongest_first(&case.framework, &mut results);
    // Situations the results above do not already name, while there are.
    let named: Vec<&str> = results.iter().take(3).map(|e| e.path.as_str()).collect();
    let situations = b.case.complex_autonomous.iter();
    let (fresh, said): (Vec<_>, Vec<_>) =
        situations.partition(|v| !named.contains(&v.path.as_str()));
    let autonomous = fresh.into_iter().chain(said).take(2);
    let autonomous = autonomous.filter_map(|v| shown.iter().find(|e| e.path == v.path));
    let mut s = ForCalibration {
        ask: ask(b),
        standing: standing(b),
        results: results.iter().take(3).map(|e| point(e, anchors)).collect(),
        autonomous: autonomous.map(|e| point(e, anchors)).collect(),
        gaps: gaps(b),
        risks: risks(b, ahead),
    };
    s.fit();
    s
}

/// Words the rendered summary adds around its parts: its four labels.
const LABEL_WORDS: usize = 8;

impl ForCalibration {
    /// Words it takes, as rendered (labels counted as [`LABEL_WORDS`]).
    pub(crate) fn words(&self) -> usize {
        // A word has a letter or a digit ("→" and "-" are not words).
        let n = |s: &str| {
            let words = s.split_whitespace();
            words
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        let point = |p: &Point| {
            // "vouched for by" and the names.
            let vouch = match p.vouched_by.len() {
                0 => 0,
                _ => 3 + p.vouched_by.iter().map(|v| n(v)).sum::<usize>(),
            };
            n(&p.title) + p.measure.as_deref().map_or(0, n) + vouch
        };
        let points = self
            .results
            .iter()
            .chain(&self.autonomous)
            .map(point)
            .sum::<usize>();
        let lines = self
            .gaps
            .iter()
            .chain(&self.risks)
            .map(|l| n(l))
            .sum::<usize>();
        n(&self.ask) + n(&self.standing) + points + lines + LABEL_WORDS
    }

    /// Within [`MAX_WORDS`]: the least important lines go first (risks and
    /// gaps beyond three, the third result, the second situation), then the
    /// measures are left out.
    fn fit(&mut self) {
        while self.words() > MAX_WORDS {
            if self.risks.len() > 3 {
                self.risks.pop();
            } else if self.gaps.len() > 3 {
                self.gaps.pop();
            } else if self.results.len() > 2 {
                self.results.pop();
            } else if self.autonomous.len() > 1 {
                self.autonomous.pop();
            } else if let Some(p) = self
                .results
                .iter_mut()
                .chain(&mut self.autonomous)
                .find(|p| p.measure.is_some())
            {
                p.measure = None;
            } else if self.risks.pop().is_none() && self.gaps.pop().is_none() {
                break;
            }
        }
    }
}

/// The counted entries this version shows.
fn shown_counted<'c>(b: &Brief, case: &'c Case) -> Vec<&'c Evidence> {
    let paths: std::collections::HashSet<&str> =
        b.appendix.in_full.iter().map(|v| v.path.as_str()).collect();
    let shown = case
        .evidence
        .iter()
        .filter(|e| paths.contains(e.path.as_str()));
    shown.map(|e| e.as_ref()).collect()
}

fn point(e: &Evidence, anchors: &Anchors) -> Point {
    let measure = e.impact.as_deref().map(|i| first_words(i, MEASURE_WORDS));
    let names = e
        .witnesses
        .iter()
        .map(|w| crate::report::name_and_role(w).0.to_string());
    Point {
        title: e.title.clone(),
        anchor: anchors.anchor(e),
        measure,
        vouched_by: names.take(2).collect(),
        short: false,
        date: e.date,
    }
}

/// At most `n` words of `s`, with `…` when cut.
fn first_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.len() > n {
        true => format!(
            "{}…",
            words[..n].join(" ").trim_end_matches([',', ';', '.'])
        ),
        false => words.join(" "),
    }
}

fn ask(b: &Brief) -> String {
    let h = &b.header;
    let mut s = format!(
        "{} asks to move from {} to {}",
        h.candidate, h.current_level.name, h.target_level.name
    );
    if let Some(scope) = &h.current_scope {
        s.push_str(&format!("; leads {scope} today"));
    }
    if let Some(t) = b.summary.as_ref().and_then(|s| s.time_in_role.clone()) {
        s.push_str(&format!(", after {t} at the current level"));
    }
    s + "."
}

fn standing(b: &Brief) -> String {
    let Some(s) = &b.summary else {
        return String::new();
    };
    let met = format!(
        "{} of {} competencies are met on the evidence shown",
        s.met, s.assessed
    );
    let verdict = match s.verdict {
        Verdict::NoVerdict => {
            return format!("{met}; the level is judged as a whole, with no verdict by rule.")
        }
        Verdict::Ready => "ready",
        Verdict::NotYet => "not yet",
    };
    // This summary stands in for the summary table: the rule's parts and
    // the coverage figure, with what it is.
    format!(
        "{met}; verdict by the level's rule: {verdict} ({}). Coverage {}%: weighted, not the rule.",
        s.verdict_detail.join("; "),
        s.score
    )
}

/// Each unmet competency with its plan: the first open action for it,
/// with its date, else what would meet it.
fn gaps(b: &Brief) -> Vec<String> {
    let Some(g) = &b.gaps else {
        return Vec::new();
    };
    let line = |c: &super::CompetencyView| {
        let status = c.status.map_or("", Status::as_str);
        let mut plan = g.actions.iter().map(|a| &a.action);
        let plan = plan.find(|a| a.competency.as_deref() == Some(c.id.as_str()));
        let plan = match plan {
            Some(a) => {
                let due = a
                    .due
                    .map(|d| format!(", due {d}{}", if a.overdue { " (overdue)" } else { "" }));
                format!(
                    "{}{}",
                    first_words(&a.what, PLAN_WORDS),
                    due.unwrap_or_default()
                )
            }
            None => format!("needs {}", c.missing.join("; ")),
        };
        format!("{} ({status}): {plan}", c.name)
    };
    g.unmet.iter().map(line).collect()
}

/// What could weaken the case within [`RISK_MONTHS`]: the two biggest
/// status drops as shown evidence leaves the window, the overdue actions,
/// and each competency resting on one shown piece.
fn risks(b: &Brief, ahead: &super::ahead::LookAhead) -> Vec<String> {
    let then = ahead.date;
    let mut drops: Vec<_> = ahead.ageing.iter().filter(|a| a.drops).collect();
    // The biggest fall first; a stable sort keeps framework order within.
    drops.sort_by_key(|a| std::cmp::Reverse(a.status_now as i32 - a.status_then as i32));
    let mut out: Vec<String> = drops
        .iter()
        .take(2)
        .map(|a| {
            let dates: Vec<String> = a.entries.iter().map(|e| e.date.to_string()).collect();
            let age = if dates.len() == 1 { "ages" } else { "age" };
            format!(
                "{}: {} → {} by {then}, as {} {age} out",
                a.name,
                a.status_now.as_str(),
                a.status_then.as_str(),
                and_list(&dates)
            )
        })
        .collect();
    let overdue = b
        .gaps
        .iter()
        .flat_map(|g| &g.actions)
        .filter(|a| a.action.overdue)
        .count();
    if overdue > 0 {
        out.push(format!(
            "{} overdue",
            crate::readiness::plural(overdue, "action is", "actions are")
        ));
    }
    let single = b
        .competencies
        .iter()
        .filter(|c| c.waived.is_none() && c.evidence.len() == 1);
    out.extend(single.map(|c| format!("{} rests on one piece of evidence", c.name)));
    out
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_quotes_read_as_sentences() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&[])), "");
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(first_words("one two three", 3), "one two three");
        assert_eq!(first_words("one two, three four", 2), "one two…");
    }

    fn point(words: usize) -> Point {
        Point {
            title: "A title".into(),
            anchor: "ev-a".into(),
            measure: Some(vec!["word"; words].join(" ")),
            vouched_by: vec!["Ann Lee".into()],
            short: false,
            date: crate::date::parse("2026-01-01").unwrap(),
        }
    }

    #[test]
    fn a_long_summary_drops_the_least_important_lines_first() {
        let line = |n: usize| vec!["word"; n].join(" ");
        let mut s = ForCalibration {
            ask: line(20),
            standing: line(20),
            results: vec![point(12), point(12), point(12)],
            autonomous: vec![point(12), point(12)],
            gaps: (0..5).map(|_| line(15)).collect(),
            risks: (0..5).map(|_| line(15)).collect(),
        };
        assert!(s.words() > MAX_WORDS);
        s.fit();
        assert!(s.words() <= MAX_WORDS, "{}", s.words());
        // Risks beyond three go first, then gaps, before any result or
        // situation (20 + 20 + 5 x 19 + 3 x 15 + 4 x 15 + 8 labels = 248).
        assert_eq!((s.risks.len(), s.gaps.len()), (3, 4));
        assert_eq!((s.results.len(), s.autonomous.len()), (3, 2));
        // Arrows and dashes are not words.
        s.risks = vec!["X: met → developing".into()];
        let before = s.words();
        s.risks = vec!["X: met developing".into()];
        assert_eq!(s.words(), before);
    }
}
