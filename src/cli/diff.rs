//! `promocase diff`: readiness and evidence between two revisions.

use super::args::{Cli, DiffArgs, DiffFormat};
use super::{json, say_left_out, Outcome};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline};

pub(crate) fn run(cli: &Cli, a: &DiffArgs, out: Style) -> Result<Outcome> {
    let (from, to) = pipeline::DiffArgs::sides(a.from.as_deref(), a.to.as_deref());
    let case = a.case.path();
    let diffed = pipeline::diff(&pipeline::DiffArgs {
        case: &case,
        from,
        to,
        as_of: a.as_of,
        audience: a.audience.get(),
        narrative: a.narrative,
        from_no_later: false,
    })?;
    say_left_out(cli, &diffed.left_out, &diffed.prefix);
    let report = &diffed.report;
    let text = match a.format {
        DiffFormat::Human => render::style::human_safe(&render::text::diff_human(report, out)),
        DiffFormat::Markdown => render::text::diff_markdown(report, &diffed.repository_prefix),
        DiffFormat::Json => json(report),
        DiffFormat::Github => render::text::diff_github(report),
    };
    output::write_stdout(text.as_bytes())?;
    Ok(Outcome::failed_if(a.fail_on.get().fails(report)))
}
