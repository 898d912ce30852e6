//! `promocase timeline`: readiness at every commit that changed the case.

use super::args::{Cli, TimelineArgs, TimelineFormat};
use super::{json, say_left_out, Outcome};
use crate::error::Result;
use crate::render::{self, Style};
use crate::{output, pipeline};
use std::io::IsTerminal;

pub(crate) fn run(cli: &Cli, a: &TimelineArgs, out: Style) -> Result<Outcome> {
    let show = std::io::stderr().is_terminal() && !cli.quiet;
    let started = std::time::Instant::now();
    let mut progress = |done: usize, total: usize| {
        // Only for long walks on a terminal, and never on stdout.
        if show && total > 0 && started.elapsed().as_millis() > 300 {
            progress_bar(done, total);
        }
    };
    let case = a.case.path();
    let (t, _) = pipeline::timeline(
        &pipeline::TimelineArgs {
            case: &case,
            range: a.range.as_deref(),
            monthly: a.monthly,
            audience: a.audience.get(),
        },
        &mut progress,
    )?;
    say_left_out(cli, &t.left_out, &t.prefix);
    let text = match a.format {
        TimelineFormat::Human => render::style::human_safe(&render::text::timeline_human(&t, out)),
        TimelineFormat::Csv => render::text::timeline_csv(&t),
        TimelineFormat::Json => json(&t),
        TimelineFormat::Svg => render::timeline_svg(&t),
    };
    output::emit(a.output.output.as_deref(), text.as_bytes())?;
    Ok(Outcome::Success)
}

fn progress_bar(done: usize, total: usize) {
    let width = 30;
    let filled = done * width / total;
    eprint!(
        "\r[{}{}] {done}/{total} commits",
        "#".repeat(filled),
        " ".repeat(width - filled)
    );
    if done == total {
        eprintln!();
    }
}
