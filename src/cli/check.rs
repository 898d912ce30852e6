//! `promocase check`: validate the case and print every diagnostic.

use super::args::{CheckArgs, CheckFormat, Cli};
use super::Outcome;
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline, source};

pub(crate) fn run(cli: &Cli, a: &CheckArgs, out: Style) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let rev = a.read.rev.rev.as_deref();
    let pipeline::Read {
        snapshot: snap,
        as_of,
        loaded,
        cache,
    } = pipeline::load(
        pipeline::CaseAt {
            case: &a.read.case.path(),
            rev,
            as_of: a.read.rev.as_of,
        },
        pipeline::Strategy::Checking { lean: true },
    )?;
    if cli.verbose {
        eprintln!(
            "promocase: read and checked {} of {} ({}) as of {} in {} ms",
            render::text::plural(loaded.files, "file", "files"),
            render::escape::terminal(snap.case_label()),
            snap.origin.label(),
            as_of,
            started.elapsed().as_millis(),
        );
    }
    let prefix = snap.display_prefix();
    let text = match a.format {
        CheckFormat::Human => render::style::human_safe(&render::diagnostics::human(
            &loaded.diagnostics,
            &prefix,
            loaded.files,
            out,
            cli.verbose,
        )),
        CheckFormat::Json => render::diagnostics::json(&loaded.diagnostics, &prefix, loaded.files),
        CheckFormat::Github => {
            let prefix = source::repository_prefix(&snap);
            render::style::terminal_safe(&render::diagnostics::github(&loaded.diagnostics, &prefix))
        }
    };
    if !(cli.quiet && loaded.diagnostics.is_empty()) {
        output::write_stdout(text.as_bytes())?;
    }
    let failed = loaded.errors() > 0 || (a.deny_warnings && loaded.warnings() > 0);
    crate::parallel::drop_later((loaded, snap, cache));
    Ok(Outcome::failed_if(failed))
}
