//! `promocase export`: the case read as STAR stories or CV lines, for
//! interviews and an external move.

use super::args::{Cli, ExportArgs, ExportFormat};
use super::{say_left_out, say_scored, Outcome};
use crate::error::Result;
use crate::render;
use crate::{output, pipeline};

pub(crate) fn run(cli: &Cli, a: &ExportArgs) -> Result<Outcome> {
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
