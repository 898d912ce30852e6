//! Rendering: report contexts to bytes (text, Markdown, HTML, JSON, SVG).
//!
//! Renderers are pure: the same context gives the same bytes, whatever the
//! clock, time zone, locale or folder.

pub mod calibration;
pub mod diagnostics;
pub mod export;
pub mod style;

pub use style::Style;
mod partials;
pub mod pdf;
pub mod svg;
pub mod templates;
pub mod text;

use crate::error::Result;
use crate::report::brief::Brief;
use crate::report::timeline::Timeline;
use std::collections::BTreeMap;

/// Formats of the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefFormat {
    Markdown,
    Html,
    Json,
}

/// Fill in the charts (HTML and JSON carry them; Markdown does not need them).
pub fn with_charts(mut brief: Brief) -> Brief {
    let spokes: Vec<svg::Spoke<'_>> = brief
        .competencies
        .iter()
        .filter(|c| c.waived.is_none())
        .filter_map(|c| {
            Some(svg::Spoke {
                label: &c.name,
                score: c.score?,
                met: c.met?,
            })
        })
        .collect();
    let radar = svg::scores(&spokes);
    let bars: Vec<svg::MonthBar<'_>> = brief
        .activity
        .iter()
        .map(|m| svg::MonthBar {
            month: &m.month,
            groups: &m.groups,
        })
        .collect();
    let timeline = svg::activity(&bars);
    brief.charts.radar = radar;
    brief.charts.timeline = timeline;
    brief
}

/// The templates a brief in one format is rendered with, compiled (none
/// for JSON): compiling them is a cost of its own, which a caller can pay
/// while the brief is still being built.
pub struct BriefTemplates(Option<handlebars::Handlebars<'static>>);

/// Compile the templates for `format`: the defaults, then `overrides`.
pub fn brief_templates(
    format: BriefFormat,
    overrides: &BTreeMap<String, String>,
) -> Result<BriefTemplates> {
    let flavor = match format {
        BriefFormat::Json => return Ok(BriefTemplates(None)),
        BriefFormat::Markdown => templates::Flavor::Markdown,
        BriefFormat::Html => templates::Flavor::Html,
    };
    Ok(BriefTemplates(Some(templates::registry(
        flavor, overrides,
    )?)))
}

/// Render a brief in `format` with templates compiled for it.
pub fn brief_with(brief: &Brief, format: BriefFormat, t: &BriefTemplates) -> Result<String> {
    match (format, &t.0) {
        (BriefFormat::Markdown, Some(hb)) => {
            let out = templates::render(hb, "brief.md.hbs", brief)?;
            // Templates leave runs of blank lines around optional sections.
            Ok(text::squeeze_blank_lines(&out))
        }
        (BriefFormat::Html, Some(hb)) => templates::render(hb, "brief.html.hbs", brief),
        _ => Ok(serde_json::to_string_pretty(brief).unwrap_or_default() + "\n"),
    }
}

/// The timeline as an SVG chart.
pub fn timeline_svg(t: &Timeline) -> String {
    let labels: Vec<String> = t.rows.iter().map(|r| r.as_of.to_string()).collect();
    let points: Vec<svg::ScorePoint<'_>> = t
        .rows
        .iter()
        .zip(&labels)
        .map(|(r, l)| svg::ScorePoint {
            label: l,
            score: r.score,
            evidence: r.evidence,
            ready: r.verdict == crate::readiness::Verdict::Ready,
        })
        .collect();
    svg::score_over_time(&points, "Readiness over time")
}
