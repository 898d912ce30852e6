//! `promocase calibrate`: many cases' status side by side.

use super::args::{CalibrateArgs, CalibrateAudience, CalibrateFormat, CalibrateSort};
use super::{json, Outcome};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline};

pub(crate) fn run(cli: &super::args::Cli, a: &CalibrateArgs, out: Style) -> Result<Outcome> {
    use crate::report::calibration::{RowState, SortKey};
    let (c, skipped) = pipeline::calibrate::calibrate(&pipeline::calibrate::CalibrateRequest {
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
    if cli.verbose {
        // Hidden folders, target/ and node_modules/ are never searched.
        for f in &skipped {
            eprintln!(
                "{}",
                render::style::human_safe(&format!(
                    "promocase: skipped {f}/ (not searched for cases)"
                ))
            );
        }
    }
    let text = match a.format {
        CalibrateFormat::Human => render::style::human_safe(&render::calibration::human(&c, out)),
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
