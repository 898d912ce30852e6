//! `export`: the case as material for an external move (the guide's last
//! advice) or any interview: STAR stories and one-line achievements,
//! strongest first.
//!
//! A story's parts come from the narrative's own headings (`## Situation`,
//! `## Task`, `## Action`, `## Result`, as `promocase new` writes them), so
//! nothing is invented: a part the narrative lacks is left empty, and the
//! result falls back on the entry's `impact` line.

use super::strength::strongest_first;
use crate::case::{Case, Evidence};
use crate::date::Date;
use crate::readiness::Audience;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Export {
    pub(crate) candidate: String,
    pub(crate) as_of: Date,
    pub(crate) audience: Audience,
    /// Colleagues' names replaced by their roles (`--anonymise`).
    #[serde(default)]
    pub(crate) anonymised: bool,
    /// Every entry the audience sees, dated up to `as_of`, strongest first.
    pub(crate) stories: Vec<Story>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Story {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    /// Work that spans months: its last day, or `ongoing`.
    #[serde(default)]
    pub(crate) until: Option<crate::case::evidence::Until>,
    pub(crate) scope: String,
    pub(crate) impact: Option<String>,
    pub(crate) situation: String,
    pub(crate) task: String,
    pub(crate) action: String,
    pub(crate) result: String,
    /// Tagged only with competencies about the candidate's own promotion
    /// (the framework's `own_promotion`): never a CV line.
    #[serde(default)]
    pub(crate) own_promotion: bool,
}

/// Which STAR part a narrative heading starts, by its first word.
fn part_of(heading: &str) -> Option<usize> {
    let word: String = heading
        .trim_start_matches('#')
        .trim()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match word.as_str() {
        "situation" | "context" | "background" => Some(0),
        "task" | "goal" | "problem" | "challenge" => Some(1),
        "action" | "actions" | "approach" => Some(2),
        "result" | "results" | "outcome" | "outcomes" | "impact" => Some(3),
        _ => None,
    }
}

/// The narrative split into situation, task, action and result. Text
/// before any heading is the situation; a section under another heading
/// belongs to the part before it.
fn star(narrative: &str) -> [String; 4] {
    let mut parts: [Vec<&str>; 4] = Default::default();
    let mut at = 0;
    for line in narrative.lines() {
        let t = line.trim();
        if t.starts_with('#') {
            match part_of(t) {
                Some(p) => at = p,
                // Another heading: a new paragraph of the same part.
                None => parts[at].push(""),
            }
            continue;
        }
        parts[at].push(t);
    }
    parts.map(|lines| paragraphs(&lines))
}

/// Lines joined into paragraphs (blank lines separate them).
fn paragraphs(lines: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    for l in lines.iter().chain(std::iter::once(&"")) {
        if l.is_empty() {
            if !para.is_empty() {
                out.push(para.join(" "));
                para.clear();
            }
        } else {
            para.push(l);
        }
    }
    out.join("\n\n")
}

fn story(fw: &crate::case::Framework, e: &Evidence) -> Story {
    let [situation, task, action, result] = star(&e.narrative);
    let own = |id: &String| fw.competency(id).is_some_and(|c| c.own_promotion);
    let impact = e.impact.clone().filter(|i| !i.trim().is_empty());
    Story {
        path: e.path.clone(),
        title: e.title.clone(),
        date: e.date,
        until: e.until,
        scope: e.scope.clone(),
        result: match (result.is_empty(), &impact) {
            (true, Some(i)) => i.clone(),
            _ => result,
        },
        impact,
        situation,
        task,
        action,
        own_promotion: !e.competencies.is_empty() && e.competencies.iter().all(own),
    }
}

/// The export of what `audience` sees up to `as_of`; with `anonymise`,
/// colleagues' names replaced by their roles ([`super::anonymise`]).
pub(crate) fn build(case: &Case, as_of: Date, audience: Audience, anonymise: bool) -> Export {
    let mut entries: Vec<&Evidence> = case
        .view(audience)
        .newest_first()
        .into_iter()
        .filter(|e| e.date <= as_of)
        .collect();
    strongest_first(&case.framework, &mut entries);
    let mut x = Export {
        candidate: case.config.candidate.clone(),
        as_of,
        audience,
        anonymised: anonymise,
        stories: entries
            .into_iter()
            .map(|e| story(&case.framework, e))
            .collect(),
    };
    if anonymise {
        let roles = super::anonymise::Roles::of(case);
        for s in &mut x.stories {
            for text in [
                &mut s.title,
                &mut s.situation,
                &mut s.task,
                &mut s.action,
                &mut s.result,
            ] {
                *text = roles.apply(text);
            }
            s.impact = s.impact.as_deref().map(|i| roles.apply(i));
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::star;

    #[test]
    fn star_parts_come_from_headings() {
        let [s, t, a, r] = star("Intro line.\n\n## Task\nDo it.\n## Action\nI did\nit well.\n\nAgain.\n### Notes\nmore\n## Outcome\nDone.");
        assert_eq!(s, "Intro line.");
        assert_eq!(t, "Do it.");
        assert_eq!(a, "I did it well.\n\nAgain.\n\nmore");
        assert_eq!(r, "Done.");
        let [s, t, a, r] = star("Just a paragraph.");
        assert_eq!(
            (s.as_str(), t.as_str(), a.as_str(), r.as_str()),
            ("Just a paragraph.", "", "", "")
        );
    }
}
