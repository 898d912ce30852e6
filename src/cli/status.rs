//! `promocase status`: the verdict, the score and a row per competency;
//! and `promocase export`, the same case read as stories for interviews.

use super::args::{Cli, ExportArgs, ExportFormat, StatusArgs, StatusFormat};
use super::{json, say_left_out, say_scored, Outcome};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline};

pub(crate) fn run(cli: &Cli, a: &StatusArgs, out: Style) -> Result<Outcome> {
    let audience = a.audience.get();
    let started = std::time::Instant::now();
    let scored = pipeline::score(
        &a.read.case.path(),
        a.read.rev.rev.as_deref(),
        a.read.rev.as_of,
        audience,
    )?;
    say_scored(cli, &scored, started);
    say_left_out(
        cli,
        &scored.left_out(audience),
        &scored.snapshot.display_prefix(),
    );
    let report = pipeline::status(&scored, audience);
    let text = match a.format {
        StatusFormat::Human => render::style::terminal_safe(&render::text::status(&report, out)),
        StatusFormat::Json => json(&report),
    };
    output::write_stdout(text.as_bytes())?;
    Ok(Outcome::failed_if(scored.loaded.errors() > 0))
}

pub(crate) fn export(cli: &Cli, a: &ExportArgs) -> Result<Outcome> {
    let audience = a.audience.get();
    let started = std::time::Instant::now();
    let read = &a.read;
    let scored = pipeline::score(
        &read.case.path(),
        read.rev.rev.as_deref(),
        read.rev.as_of,
        audience,
    )?;
    say_scored(cli, &scored, started);
    say_left_out(
        cli,
        &scored.left_out(audience),
        &scored.snapshot.display_prefix(),
    );
    let x = crate::report::export::build(scored.case(), scored.readiness.as_of, audience);
    let text = match a.format {
        ExportFormat::Star => render::export::star(&x),
        ExportFormat::Cv => render::export::cv(&x),
    };
    output::emit(a.output.output.as_deref(), text.as_bytes())?;
    Ok(Outcome::failed_if(scored.loaded.errors() > 0))
}
