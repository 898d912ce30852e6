//! `export`'s Markdown: STAR stories, or one-line achievements for a CV.

use super::escape::md_escape;
use super::templates::md_block;
use super::text::plural;
use crate::report::export::Export;

/// One story per entry: its situation, task, action and result, each the
/// narrative's own words (empty parts left out).
pub(crate) fn star(x: &Export) -> String {
    let mut o = format!(
        "# STAR stories: {}\n\nStrongest first; as of {}, audience {}. Each part is the narrative's own words, under its heading{}.\n",
        md_escape(&x.candidate),
        x.as_of,
        x.audience.as_str(),
        if x.anonymised { ", colleagues named by their roles" } else { "" }
    );
    for s in &x.stories {
        o.push_str(&format!(
            "\n## {}\n\n{}{} · {}",
            md_escape(&s.title),
            s.date,
            s.until
                .map(|u| format!(" – {}", String::from(u)))
                .unwrap_or_default(),
            md_escape(&s.scope)
        ));
        if let Some(i) = &s.impact {
            o.push_str(&format!(" · Impact: {}", md_escape(i)));
        }
        o.push('\n');
        let parts = [
            ("Situation", &s.situation),
            ("Task", &s.task),
            ("Action", &s.action),
            ("Result", &s.result),
        ];
        for (name, text) in parts.into_iter().filter(|(_, t)| !t.is_empty()) {
            o.push_str(&format!("\n**{name}.** {}\n", md_block(text)));
        }
    }
    if x.stories.is_empty() {
        o.push_str("\nNo evidence for this audience yet.\n");
    }
    o
}

/// One line per entry with a measured impact: what was done, and what it
/// changed.
/// When the work was, by month: `2026-03`, or `2026-03 – 2026-08` and
/// `2026-03 – ongoing` for work that spans months.
fn months(s: &crate::report::export::Story) -> String {
    use crate::case::evidence::Until;
    let from = s.date.format("%Y-%m").to_string();
    match s.until {
        None => from,
        Some(Until::Ongoing) => format!("{from} – ongoing"),
        Some(Until::Date(d)) if d.format("%Y-%m").to_string() == from => from,
        Some(Until::Date(d)) => format!("{from} – {}", d.format("%Y-%m")),
    }
}

/// An impact that says how much: a number in it (as `check`'s
/// `unmeasured-impact` reads it).
fn measured(impact: &Option<String>) -> Option<&String> {
    impact
        .as_ref()
        .filter(|i| i.chars().any(|c| c.is_ascii_digit()))
}

pub(crate) fn cv(x: &Export) -> String {
    let mut o = format!(
        "# Achievements: {}\n\nOne line per entry with a measured impact, strongest first; as of {}, audience {}{}.\n\n",
        md_escape(&x.candidate),
        x.as_of,
        x.audience.as_str(),
        if x.anonymised { "; colleagues named by their roles" } else { "" }
    );
    let mut unmeasured = 0;
    // Entries about the promotion itself are no achievement for a CV.
    for s in x.stories.iter().filter(|s| !s.own_promotion) {
        match measured(&s.impact) {
            Some(i) => o.push_str(&format!(
                "- {}: {} ({})\n",
                md_escape(&s.title),
                md_escape(i),
                months(s)
            )),
            None => unmeasured += 1,
        }
    }
    if unmeasured > 0 {
        o.push_str(&format!(
            "\n{} without a measured impact {} not listed: an `impact` with a number says how much changed.\n",
            plural(unmeasured, "entry", "entries"),
            if unmeasured == 1 { "is" } else { "are" },
        ));
    }
    o
}
