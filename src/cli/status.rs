//! `promocase status`: the verdict, the score and a row per competency.

use super::args::{Cli, StatusArgs, StatusFormat};
use super::{json, score_and_say, Outcome};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline};

pub(crate) fn run(cli: &Cli, a: &StatusArgs, out: Style) -> Result<Outcome> {
    let audience = a.audience.get();
    let scored = score_and_say(cli, &a.read, audience)?;
    let report = pipeline::status(&scored, audience);
    let text = match a.format {
        StatusFormat::Human => render::style::human_safe(&render::text::status(&report, out)),
        StatusFormat::Json => json(&report),
    };
    output::write_stdout(text.as_bytes())?;
    let failed = scored.loaded.errors() > 0;
    crate::parallel::drop_later(scored);
    Ok(Outcome::failed_if(failed))
}
