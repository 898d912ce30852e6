//! Reports: the contexts that outputs are rendered from.
//!
//! A report is plain data built from a case and its readiness; it is what
//! the JSON formats print and what the templates receive. Every report is
//! built for one audience and holds only what that audience may see.

pub(crate) mod anonymise;
pub mod brief;
pub(crate) mod calibration;
pub(crate) mod diff;
pub(crate) mod export;
pub(crate) mod left_out;
pub(crate) mod list;
pub mod status;
pub(crate) mod strength;
pub mod timeline;

use crate::case::kinds::{Autonomy, Role};
use crate::case::Evidence;
use crate::date::Date;
use crate::source::Origin;
use serde::{Deserialize, Serialize};

/// Where a report's content came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Provenance {
    /// The revision as given, or null for the working tree.
    pub(crate) rev: Option<String>,
    /// Full commit id, or null for the working tree.
    pub(crate) commit: Option<String>,
    /// Short id, or "working tree".
    pub(crate) label: String,
}

impl Provenance {
    pub(crate) fn of(origin: &Origin) -> Provenance {
        match origin {
            Origin::WorkingTree => Provenance {
                rev: None,
                commit: None,
                label: origin.label(),
            },
            Origin::Commit { rev, id, .. } => Provenance {
                rev: Some(rev.clone()),
                commit: Some(id.clone()),
                label: origin.label(),
            },
        }
    }
}

/// A link, with `href` only when it is safe to make clickable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Link {
    pub(crate) text: String,
    pub(crate) href: Option<String>,
}

/// Only `http`, `https`, `mailto` and relative paths become links; anything
/// else (`javascript:`, `data:`, `file:`) is shown as text.
pub(crate) fn safe_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_sep = lower.find(['/', '?', '#']);
    let has_scheme = matches!((scheme_end, first_sep), (Some(c), Some(s)) if c < s)
        || (scheme_end.is_some() && first_sep.is_none());
    if has_scheme {
        let ok = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:");
        return ok.then(|| u.to_string());
    }
    // A relative link may not reach another host (`//host`, or `/\host` and
    // `\\host`, which browsers read as `//`) nor hide a scheme behind a
    // character reference (`&#106;avascript:` is `javascript:` once a
    // Markdown renderer decodes it).
    if u.is_empty()
        || u.starts_with("//")
        || u.chars()
            .any(|c| c.is_control() || matches!(c, ' ' | '\\' | '&'))
    {
        return None;
    }
    Some(u.to_string())
}

/// One piece of evidence as outputs show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub(crate) path: String,
    pub(crate) date: Date,
    /// For work that spans months: its last day, or `ongoing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) until: Option<crate::case::evidence::Until>,
    pub(crate) title: String,
    pub(crate) scope: String,
    pub(crate) role: Option<Role>,
    pub(crate) autonomy: Option<Autonomy>,
    pub(crate) impact: Option<String>,
    pub(crate) competencies: Vec<String>,
    pub(crate) stakeholders: Vec<String>,
    pub(crate) witnesses: Vec<String>,
    pub(crate) links: Vec<Link>,
    pub(crate) narrative: String,
    /// The id of the place where the brief prints this entry's narrative
    /// (empty outside the brief).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) anchor: String,
    /// In the brief's "Evidence by competency": the entry's line under the
    /// first competency it counts for (its title is said there); under
    /// later ones it is a link in "also counted here".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) narrated: bool,
    /// In the brief: the title has been said twice above the appendix
    /// already, so this mention is a link by date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) short: bool,
    /// In the brief: the impact has been stated above this entry's line
    /// (in the summary for calibration or the case), so the line leaves it
    /// out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) impact_said: bool,
    /// The narrative already says the impact word for word: the brief's
    /// write-up leaves out the impact line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) impact_in_narrative: bool,
}

/// Whether `narrative` says `impact` word for word (case, spacing and
/// punctuation aside): its words, in a row, from a word's start to a word's
/// end. Read in place, with no copy of the narrative: the brief asks this
/// of every entry once per competency it counts for.
fn says(narrative: &str, impact: &str) -> bool {
    fn split(s: &str) -> impl Iterator<Item = &str> + Clone {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    let impact: Vec<&str> = split(impact).collect();
    let Some(first) = impact.first() else {
        return false;
    };
    // Most narratives never contain the impact's first word, even inside
    // another: a scan of bytes says so without cutting the narrative into
    // words (the brief asks about every entry once per competency).
    if !contains_ignore_ascii_case(narrative.as_bytes(), first.as_bytes()) {
        return false;
    }
    let mut from = split(narrative);
    loop {
        let mut here = from.clone();
        if impact
            .iter()
            .all(|i| here.next().is_some_and(|w| w.eq_ignore_ascii_case(i)))
        {
            return true;
        }
        if from.next().is_none() {
            return false;
        }
    }
}

/// Whether `word` is somewhere in `text`, ASCII case aside (a word found
/// by [`says`] is, so its absence is a quick no).
fn contains_ignore_ascii_case(text: &[u8], word: &[u8]) -> bool {
    let Some(&lead) = word.first() else {
        return true;
    };
    let here = |i: usize| {
        text.get(i..i + word.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(word))
    };
    // memchr finds the lead byte, either case, many bytes at a time.
    let (lower, upper) = (lead.to_ascii_lowercase(), lead.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, text).any(here)
}

impl EvidenceView {
    pub(crate) fn of(e: &Evidence) -> EvidenceView {
        EvidenceView {
            path: e.path.clone(),
            date: e.date,
            until: e.until,
            title: e.title.clone(),
            scope: e.scope.clone(),
            role: e.role,
            autonomy: e.autonomy,
            impact: e.impact.clone(),
            competencies: e.competencies.clone(),
            stakeholders: e.stakeholders.clone(),
            witnesses: e.witnesses.clone(),
            links: e
                .links
                .iter()
                .map(|l| Link {
                    text: l.clone(),
                    href: safe_href(l),
                })
                .collect(),
            // Only the line that prints it carries it (see `narrated`).
            narrative: String::new(),
            anchor: String::new(),
            narrated: false,
            short: false,
            impact_said: false,
            impact_in_narrative: e.impact.as_deref().is_some_and(|i| says(&e.narrative, i)),
        }
    }
}

/// A person as entries write them, "Sam Lee (VP Engineering)": the name,
/// and the role in parentheses when there is one. The one reading of such
/// labels (who vouches, `export --anonymise`).
pub(crate) fn name_and_role(label: &str) -> (&str, Option<&str>) {
    let label = label.trim();
    match label.strip_suffix(')').and_then(|l| l.split_once(" (")) {
        Some((name, role)) if !name.trim().is_empty() => (name.trim(), Some(role.trim())),
        _ => (label, None),
    }
}

/// Everyone promocase.yaml names, under every label they go by: each of
/// `people:` by name and by each alias, then `manager:` (so the manager
/// field wins over a `people:` entry of the same name). (label, name,
/// relation). The one reading of who the case knows (who vouches,
/// `export --anonymise`).
pub(crate) fn known_people(
    config: &crate::case::Config,
) -> Vec<(String, String, crate::case::config::Relation)> {
    let mut out = Vec::new();
    for (name, p) in &config.people {
        for label in std::iter::once(name).chain(&p.aliases) {
            out.push((label.clone(), name.clone(), p.relation));
        }
    }
    if let Some(m) = &config.manager {
        let name = name_and_role(m).0.to_string();
        let manager = crate::case::config::Relation::Manager;
        out.push((name.clone(), name, manager));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_people_the_case_knows_go_by_names_and_aliases_and_the_manager_field_wins() {
        use crate::case::config::Relation;
        let yaml = "candidate: C\nframework: fw.yaml\ncurrent_level: em\ntarget_level: sem\n\
            manager: Dana Okafor (Director)\n\
            people:\n  Dana Okafor: peer\n  Jordan Park: {relation: peer, aliases: [Ledger EM]}\n";
        let mut diags = Vec::new();
        let config = crate::case::config::parse("promocase.yaml", yaml, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let known = known_people(&config);
        let jordan = (
            "Jordan Park".to_string(),
            "Jordan Park".to_string(),
            Relation::Peer,
        );
        let alias = (
            "Ledger EM".to_string(),
            "Jordan Park".to_string(),
            Relation::Peer,
        );
        assert!(
            known.contains(&jordan) && known.contains(&alias),
            "{known:?}"
        );
        // Dana is named twice: the manager field comes last, so it is what
        // a map built from this list keeps.
        let last = known
            .iter()
            .rev()
            .find(|(label, _, _)| label == "Dana Okafor");
        assert_eq!(last.map(|k| k.2), Some(Relation::Manager), "{known:?}");
    }

    #[test]
    fn a_role_in_parentheses_is_split_from_the_name() {
        let cases = [
            (
                "Sam Lee (VP Engineering)",
                ("Sam Lee", Some("VP Engineering")),
            ),
            (
                " Jordan Park (EM, Ledger) ",
                ("Jordan Park", Some("EM, Ledger")),
            ),
            ("Payments team", ("Payments team", None)),
            ("(just a role)", ("(just a role)", None)),
            ("Odd (", ("Odd (", None)),
        ];
        for (label, want) in cases {
            assert_eq!(name_and_role(label), want, "{label}");
        }
    }

    #[test]
    fn an_impact_the_narrative_repeats_is_found_whatever_the_punctuation() {
        let n = "## Result\nMedian time to mitigate: down 35%. Adopted by all 14 teams.";
        assert!(says(n, "Adopted by all 14 teams"));
        assert!(says(n, "median time to mitigate down 35%"));
        assert!(!says(n, "Adopted by all 15 teams"));
        assert!(!says(n, " ... "), "an impact of no words repeats nothing");
        // Word for word: not inside longer words at either end.
        assert!(!says("Often teams asked for it.", "ten teams"));
        assert!(!says("All 14 teamsters agreed.", "all 14 teams"));
        // The first word found at the very end, in another case, or only
        // inside a longer word before its real place.
        assert!(says("Costs fell by 10", "10%"));
        assert!(says("it was ADOPTED", "adopted"));
        assert!(says("Readopted, then adopted by all.", "adopted by all"));
        assert!(!says("Readopted by all.", "adopted by all"));
        assert!(!says("", "adopted"));
        // Digits are words like any other.
        assert!(!says("Adopted by all teams.", "Adopted by all 14 teams"));
        assert!(!says("Adopted by all 41 teams.", "Adopted by all 14 teams"));
        assert!(says("Adopted by ALL 14 teams.", "adopted by all 14 teams"));
    }

    proptest::proptest! {
        /// `says` (with its quick noes) is the plain reading: the impact's
        /// words, ASCII case aside, in a row among the narrative's words.
        #[test]
        fn says_is_the_impacts_words_in_a_row(
            narrative in "[aAbB1é ,.\n-]{0,30}",
            impact in "[aAbB1é %-]{0,8}",
        ) {
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_ascii_lowercase())
                    .collect()
            };
            let (n, i) = (words(&narrative), words(&impact));
            let plain = !i.is_empty() && n.windows(i.len()).any(|w| w == i.as_slice());
            proptest::prop_assert_eq!(says(&narrative, &impact), plain);
        }
    }

    #[test]
    fn the_quick_no_finds_a_word_in_either_case_anywhere() {
        let table: &[(&str, &str, bool)] = &[
            ("Measured at launch", "measured", true),
            ("it was mEaSuRed", "MEASURED", true),
            ("mostly, then measured", "measured", true),
            ("measure", "measured", false),
            ("a 35% cut", "35%", true),
            ("a 36% cut", "35%", false),
            ("", "x", false),
            ("anything", "", true),
            ("Ärger: é", "é", true),
        ];
        for (text, word, want) in table {
            let found = contains_ignore_ascii_case(text.as_bytes(), word.as_bytes());
            assert_eq!(found, *want, "{word:?} in {text:?}");
        }
    }

    #[test]
    fn link_safety() {
        let table = [
            ("https://example.com/x", true),
            ("http://example.com", true),
            ("mailto:dana@example.com", true),
            ("docs/plan.md", true),
            ("../evidence/a.md", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("data:text/html,<script>", false),
            ("file:///etc/passwd", false),
            ("vbscript:x", false),
            ("//evil.example.com", false),
            ("commit 0123abc", false),
        ];
        for (url, ok) in table {
            assert_eq!(safe_href(url).is_some(), ok, "{url}");
        }
    }
}
