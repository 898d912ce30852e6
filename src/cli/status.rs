//! `promocase status`: the verdict, the score and a row per competency;
//! and `promocase list`: the entries behind them.

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

/// `promocase list`: the entries the audience sees, and why each counts.
pub(crate) fn list(cli: &Cli, a: &super::args::ListArgs, out: Style) -> Result<Outcome> {
    use crate::report::list::{self, Only};
    let audience = a.audience.get();
    let scored = score_and_say(cli, &a.read, audience)?;
    let only = match (a.counted, a.not_counted) {
        (true, _) => Only::Counted,
        (_, true) => Only::NotCounted,
        _ => Only::All,
    };
    let l = list::build(
        scored.case(),
        &scored.readiness,
        audience,
        a.competency.as_deref(),
        only,
    )?;
    let text = match a.format {
        StatusFormat::Human => render::style::human_safe(&render::list::human(&l, out)),
        StatusFormat::Json => json(&l),
    };
    output::write_stdout(text.as_bytes())?;
    let failed = scored.loaded.errors() > 0;
    crate::parallel::drop_later(scored);
    Ok(Outcome::failed_if(failed))
}

/// `promocase show ENTRY`: one entry and what it does for readiness.
pub(crate) fn show(cli: &Cli, a: &super::args::ShowArgs, out: Style) -> Result<Outcome> {
    let audience = a.audience.get();
    let read = super::args::ReadArgs {
        case: super::args::CaseArg {
            case: a.case.case.clone(),
            case_flag: None,
        },
        rev: a.rev.clone(),
    };
    let scored = score_and_say(cli, &read, audience)?;
    let entry = crate::report::list::find(scored.case(), audience, &a.entry)?;
    let s = crate::report::list::show(scored.case(), &scored.readiness, audience, entry);
    let text = match a.format {
        StatusFormat::Human => render::style::human_safe(&render::list::shown(&s, out)),
        StatusFormat::Json => json(&s),
    };
    output::write_stdout(text.as_bytes())?;
    crate::parallel::drop_later(scored);
    Ok(Outcome::Success)
}
