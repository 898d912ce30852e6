//! `promocase brief`: render the promotion brief.

use super::args::{BriefArgs, BriefFormatArg, Cli};
use super::{err_style, say_left_out, say_scored, Outcome};
use crate::error::Result;
use crate::output;
use crate::pipeline::{self, BriefOutput, BriefRequest};

pub(crate) fn run(cli: &Cli, a: &BriefArgs) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let case = a.read.case.path();
    let rendered = pipeline::render_brief(&BriefRequest {
        case: &case,
        rev: a.read.rev.rev.as_deref(),
        as_of: a.read.rev.as_of,
        audience: a.audience.get(),
        since: a.since.as_deref(),
        forecast: a.forecast,
        templates: a.templates.as_deref(),
        output: match a.format {
            BriefFormatArg::Md => BriefOutput::Markdown,
            BriefFormatArg::Html => BriefOutput::Html,
            BriefFormatArg::Json => BriefOutput::Json,
            BriefFormatArg::Pdf => BriefOutput::Pdf,
        },
        allow_errors: a.allow_errors,
    })?;
    say_scored(cli, &rendered.scored, started);
    say_left_out(
        cli,
        &rendered.left_out,
        &rendered.scored.snapshot.display_prefix(),
    );
    let Some((_, pieces)) = &rendered.rendered else {
        let n = rendered.scored.loaded.errors();
        eprintln!(
            "{}: no brief written: the case has {}; fix {} or pass `--allow-errors`",
            err_style(cli).red("error"),
            crate::render::text::plural(n, "error", "errors"),
            if n == 1 { "it" } else { "them" }
        );
        return Ok(Outcome::Problems);
    };
    output::emit_pieces(a.output.output.as_deref(), pieces)?;
    // Freeing a large case and brief piece by piece would only delay the
    // exit (by ~5% on 10,000 entries).
    crate::parallel::drop_later(rendered);
    Ok(Outcome::Success)
}
