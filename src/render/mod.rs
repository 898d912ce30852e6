//! Rendering: report contexts to bytes (text, Markdown, HTML, JSON, SVG).
//!
//! Renderers are pure: the same context gives the same bytes, whatever the
//! clock, time zone, locale or folder.

pub(crate) mod calibration;
pub(crate) mod csv;
pub(crate) mod diagnostics;
pub(crate) mod escape;
pub(crate) mod export;
pub(crate) mod list;
pub(crate) mod marks;
pub(crate) mod style;

pub(crate) use style::Style;
mod partials;
pub mod pdf;
mod split;
pub(crate) mod svg;
pub(crate) mod table;
pub(crate) mod templates;
pub(crate) mod text;

use crate::error::Result;
use crate::report::brief::Brief;
use crate::report::timeline::Timeline;
use std::collections::BTreeMap;

/// Formats of the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BriefFormat {
    Markdown,
    Html,
    Json,
}

/// Fill in the charts (HTML and JSON carry them; Markdown does not need them).
pub(crate) fn with_charts(mut brief: Brief) -> Brief {
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
pub(crate) struct BriefTemplates(Option<handlebars::Handlebars<'static>>);

/// The templates' flavour for `format` (none for JSON).
fn flavor(format: BriefFormat) -> Option<templates::Flavor> {
    match format {
        BriefFormat::Json => None,
        BriefFormat::Markdown => Some(templates::Flavor::Markdown),
        BriefFormat::Html => Some(templates::Flavor::Html),
    }
}

/// Compile the default templates for `format`: they need nothing from the
/// case, so this can run while the case is read.
pub(crate) fn default_templates(format: BriefFormat) -> Result<BriefTemplates> {
    let hb = flavor(format).map(templates::defaults).transpose()?;
    Ok(BriefTemplates(hb))
}

/// The default templates `defaults` (of `format`) with `overrides` in
/// place of the templates of the same name.
pub(crate) fn brief_templates(
    defaults: BriefTemplates,
    format: BriefFormat,
    overrides: &BTreeMap<String, String>,
) -> Result<BriefTemplates> {
    let (Some(hb), Some(flavor)) = (defaults.0, flavor(format)) else {
        return Ok(BriefTemplates(None));
    };
    let hb = templates::with_overrides(hb, flavor, overrides)?;
    Ok(BriefTemplates(Some(hb)))
}

/// Render a brief in `format` with templates compiled for it: its text
/// (UTF-8), in pieces to be written one after the other. The brief is borrowed
/// mutably only to convert it for the templates on every core (see
/// [`brief_value`]); it is left as it was.
pub(crate) fn brief_with(
    brief: &mut Brief,
    format: BriefFormat,
    t: &BriefTemplates,
) -> Result<Vec<Vec<u8>>> {
    let (hb, name) = match (format, &t.0) {
        (BriefFormat::Markdown, Some(hb)) => (hb, "brief.md.hbs"),
        (BriefFormat::Html, Some(hb)) => (hb, "brief.html.hbs"),
        _ => {
            return Ok(vec![(serde_json::to_string_pretty(brief)
                .unwrap_or_default()
                + "\n")
                .into_bytes()])
        }
    };
    let value = brief_value(brief)?;
    let mut pieces = templates::render_value(hb, name, value, || brief_size(brief))?;
    // Templates leave runs of blank lines around optional sections.
    if format == BriefFormat::Markdown {
        text::squeeze_blank_lines_in(&mut pieces);
    }
    Ok(pieces)
}

/// The brief as the templates receive it: what `brief --format json`
/// prints. The competencies (every narrative, once per competency it counts
/// for) are converted on every core beside the rest.
pub fn brief_value(brief: &mut Brief) -> Result<serde_json::Value> {
    use rayon::prelude::*;
    let competencies = std::mem::take(&mut brief.competencies);
    let (rest, list) = rayon::join(
        || serde_json::to_value(&*brief),
        || {
            competencies
                .par_iter()
                .map(serde_json::to_value)
                .collect::<serde_json::Result<Vec<_>>>()
        },
    );
    brief.competencies = competencies;
    let unconvertible = |e: serde_json::Error| crate::error::Error::Template {
        name: "brief".into(),
        line: None,
        message: e.to_string(),
    };
    let mut value = rest.map_err(unconvertible)?;
    // The key is there already (an empty list): replacing its value keeps
    // the order of the fields.
    value["competencies"] = serde_json::Value::Array(list.map_err(unconvertible)?);
    Ok(value)
}

/// A guess at a rendered brief's length: its narratives and charts, and
/// room for the rest.
fn brief_size(brief: &Brief) -> usize {
    let narratives: usize = brief
        .competencies
        .iter()
        .flat_map(|c| &c.evidence)
        .filter(|e| e.narrated)
        .map(|e| e.narrative.len() + 256)
        .sum();
    narratives + brief.charts.radar.len() + brief.charts.timeline.len() + (64 << 10)
}

/// The timeline as an SVG chart.
pub(crate) fn timeline_svg(t: &Timeline) -> String {
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

/// Bytes known to be UTF-8 as text, without copying them (replacement
/// characters, never a panic, if they were not).
pub(crate) fn utf8(b: Vec<u8>) -> String {
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
