//! `promocase check`: validate the case and print every diagnostic.

use super::args::{CheckArgs, CheckFormat, Cli};
use super::Outcome;
use crate::case::{self, ParseCache};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, source};

pub(crate) fn run(cli: &Cli, a: &CheckArgs, out: Style) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let snap = source::read(&a.read.case.path(), a.read.rev.rev.as_deref())?;
    let as_of = a
        .read
        .rev
        .as_of
        .unwrap_or_else(|| snap.origin.default_as_of());
    let read_ms = started.elapsed().as_millis();
    let loaded = case::load(&snap, as_of, &mut ParseCache::lean());
    if cli.verbose {
        eprintln!(
            "promocase: checked {} files of {} ({}) as of {} in {} ms (read {} ms)",
            loaded.files,
            snap.case_label(),
            snap.origin.label(),
            as_of,
            started.elapsed().as_millis(),
            read_ms
        );
    }
    let prefix = snap.display_prefix();
    let text = match a.format {
        CheckFormat::Human => render::style::terminal_safe(&render::diagnostics::human(
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
    Ok(Outcome::failed_if(
        loaded.errors() > 0 || (a.deny_warnings && loaded.warnings() > 0),
    ))
}
