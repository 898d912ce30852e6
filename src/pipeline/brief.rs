//! `brief`: score the case, add `--since`, pick the templates, render.

use super::{diff_in, score_with, CaseAt, DiffArgs, Loader, Scored, Strategy};
use crate::case;
use crate::date::Date;
use crate::error::Result;
use crate::readiness::Audience;
use crate::render::{self, BriefFormat};
use crate::report::brief::Brief;
use crate::report::left_out::LeftOutNotice;
use std::path::Path;

/// The brief's output formats (PDF is the HTML brief printed by Chromium).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BriefOutput {
    Markdown,
    Html,
    Json,
    Pdf,
}

impl BriefOutput {
    /// The format its templates are written in.
    fn format(self) -> BriefFormat {
        match self {
            BriefOutput::Markdown => BriefFormat::Markdown,
            BriefOutput::Html | BriefOutput::Pdf => BriefFormat::Html,
            BriefOutput::Json => BriefFormat::Json,
        }
    }
}

/// What `brief` was asked for.
pub(crate) struct BriefRequest<'a> {
    pub(crate) case: &'a Path,
    pub(crate) rev: Option<&'a str>,
    pub(crate) as_of: Option<Date>,
    pub(crate) audience: Audience,
    /// Add "since our last conversation": changes since this revision.
    pub(crate) since: Option<&'a str>,
    /// `--forecast DATE`: look ahead to it instead of the revisit date.
    pub(crate) forecast: Option<Date>,
    /// `--templates DIR`: overrides the case's own `templates/`.
    pub(crate) templates: Option<&'a Path>,
    pub(crate) output: BriefOutput,
    /// Render even when the case has errors (the brief then says how many
    /// entries were left out).
    pub(crate) allow_errors: bool,
}

/// A rendered brief, with what it was made from (for `-v`), or the reason
/// it was not rendered.
pub(crate) struct RenderedBrief {
    pub(crate) scored: Scored,
    /// The brief and its bytes, in pieces written one after the other (a
    /// large brief is rendered in pieces on every core). `None` when the
    /// case has errors and they were not allowed: a brief that silently
    /// leaves evidence out must not be sent.
    pub(crate) rendered: Option<(Brief, Vec<Vec<u8>>)>,
    pub(crate) left_out: LeftOutNotice,
}

/// Score and render a brief. The default templates need nothing from the
/// case: they are compiled on a thread of their own while it is read (the
/// reading leaves a core idle while it lists the tree and puts the case
/// together).
pub(crate) fn render_brief(req: &BriefRequest<'_>) -> Result<RenderedBrief> {
    let format = req.output.format();
    std::thread::scope(|s| {
        let compiling = std::thread::Builder::new()
            .name("promocase-templates".into())
            .spawn_scoped(s, move || render::default_templates(format));
        // Without a thread to be had, they are compiled when needed.
        let defaults = move || match compiling {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => render::default_templates(format),
        };
        score_and_render(req, defaults)
    })
}

/// [`render_brief`], the default templates compiled by `defaults`.
fn score_and_render(
    req: &BriefRequest<'_>,
    defaults: impl FnOnce() -> Result<render::BriefTemplates>,
) -> Result<RenderedBrief> {
    // With `--since`, one series for the brief and the comparison (the
    // earlier revision is checked only where it differs), read whole: the
    // series may need every file's bytes again. Without, the evidence is
    // checked as it is read and its bytes are not kept.
    let mut loader = Loader::default();
    let strategy = match req.since {
        Some(_) => Strategy::Whole,
        None => Strategy::Checking { lean: false },
    };
    let at = CaseAt {
        case: req.case,
        rev: req.rev,
        as_of: req.as_of,
    };
    let scored = score_with(&mut loader, at, strategy, req.audience)?;
    let left_out = scored.left_out(req.audience);
    if let Some(d) = req.forecast.filter(|d| *d <= scored.readiness.as_of) {
        return Err(crate::error::Error::Usage {
            message: format!(
                "--forecast {d} is not after the brief's as-of date, {}\n  help: name a later date, or leave --forecast out to look ahead to the revisit date",
                scored.readiness.as_of
            ),
        });
    }
    if scored.loaded.errors() > 0 && !req.allow_errors {
        let rendered = None;
        return Ok(RenderedBrief {
            scored,
            rendered,
            left_out,
        });
    }
    let since = match req.since {
        Some(rev) => Some(since(loader.series(), req, rev)?),
        None => None,
    };
    let opts = crate::report::brief::BriefOptions {
        audience: req.audience,
        since,
        forecast: req.forecast,
        quality: scored.loaded.diagnostics.as_slice(),
    };
    let rendered = Some(render(req, &scored, opts, defaults()?)?);
    Ok(RenderedBrief {
        scored,
        rendered,
        left_out,
    })
}

/// `--since REV`: the diff from REV to the brief's revision, read through
/// the brief's own series.
fn since(
    series: &mut case::Series,
    req: &BriefRequest<'_>,
    rev: &str,
) -> Result<crate::report::diff::DiffReport> {
    let args = DiffArgs {
        case: req.case,
        from: Some(rev),
        to: req.rev,
        as_of: req.as_of,
        audience: req.audience,
        narrative: false,
        from_no_later: true,
    };
    diff_in(series, &args)
}

/// The brief in its format: the case's `templates/`, then `--templates`,
/// over the compiled `defaults`, compiled on one core while the brief is
/// built on the other; PDF printed from the HTML.
fn render(
    req: &BriefRequest<'_>,
    scored: &Scored,
    opts: crate::report::brief::BriefOptions<'_>,
    defaults: render::BriefTemplates,
) -> Result<(Brief, Vec<Vec<u8>>)> {
    let mut overrides = scored.case().templates.clone();
    if let Some(dir) = req.templates {
        overrides.extend(crate::source::read_templates(dir)?);
    }
    let format = req.output.format();
    let (brief, templates) = rayon::join(
        || super::brief(scored, opts),
        || render::brief_templates(defaults, format, &overrides),
    );
    let mut brief = match format {
        BriefFormat::Markdown => brief,
        _ => render::with_charts(brief),
    };
    let pieces = render::brief_with(&mut brief, format, &templates?)?;
    let pieces = match req.output {
        BriefOutput::Pdf => vec![render::pdf::html_to_pdf(&render::utf8(pieces.concat()))?],
        _ => pieces,
    };
    Ok((brief, pieces))
}
