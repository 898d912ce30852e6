//! `promocase status`: the verdict, the score and a row per competency;
//! `promocase export`, the same case read as stories for interviews; and
//! `promocase calibrate`, many cases' status side by side.

use super::args::{
    CalibrateArgs, CalibrateAudience, CalibrateFormat, CalibrateSort, Cli, ExportArgs,
    ExportFormat, StatusArgs, StatusFormat,
};
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

pub(crate) fn calibrate(a: &CalibrateArgs, out: Style) -> Result<Outcome> {
    use crate::report::calibration::{RowState, SortKey};
    let c = pipeline::calibrate::calibrate(&pipeline::calibrate::CalibrateRequest {
        paths: &a.paths,
        rev: a.rev.as_deref(),
        as_of: a.as_of,
        audience: match a.audience {
            CalibrateAudience::Manager => crate::readiness::Audience::Manager,
            CalibrateAudience::Shareable => crate::readiness::Audience::Shareable,
        },
        sort: match a.sort {
            CalibrateSort::Level => SortKey::Level,
            CalibrateSort::Verdict => SortKey::Verdict,
            CalibrateSort::Score => SortKey::Score,
            CalibrateSort::Name => SortKey::Name,
            CalibrateSort::Path => SortKey::Path,
        },
    });
    let text = match a.format {
        CalibrateFormat::Human => {
            render::style::terminal_safe(&render::calibration::human(&c, out))
        }
        CalibrateFormat::Md => render::calibration::markdown(&c),
        CalibrateFormat::Html => render::calibration::html(&c),
        CalibrateFormat::Json => json(&c),
        CalibrateFormat::Csv => render::calibration::csv(&c),
    };
    output::emit(a.output.output.as_deref(), text.as_bytes())?;
    // Like `status`: exit 1 when a case has errors or could not be read.
    Ok(Outcome::failed_if(
        c.cases.iter().any(|r| r.state != RowState::Ok),
    ))
}
