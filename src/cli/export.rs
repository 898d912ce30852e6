//! `promocase export`: the case read as STAR stories or CV lines, for
//! interviews and an external move.

use super::args::{Cli, ExportArgs, ExportFormat};
use super::{score_and_say, Outcome};
use crate::error::Result;
use crate::output;
use crate::render;

pub(crate) fn run(cli: &Cli, a: &ExportArgs) -> Result<Outcome> {
    let audience = a.audience.get();
    let scored = score_and_say(cli, &a.read, audience)?;
    let x =
        crate::report::export::build(scored.case(), scored.readiness.as_of, audience, a.anonymise);
    let text = match a.format {
        ExportFormat::Star => render::export::star(&x),
        ExportFormat::Cv => render::export::cv(&x),
    };
    output::emit(a.output.output.as_deref(), text.as_bytes())?;
    let failed = scored.loaded.errors() > 0;
    crate::parallel::drop_later(scored);
    Ok(Outcome::failed_if(failed))
}
