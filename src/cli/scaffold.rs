//! `promocase init` and `promocase new`: the commands that write a case.

use super::args::{CiKind, Cli, InitArgs, NewArgs};
use super::{say_created, Outcome};
use crate::error::Result;
use crate::{date, output, scaffold, source};

pub(crate) fn init(cli: &Cli, a: &InitArgs) -> Result<Outcome> {
    let dir = super::args::case_path(a.dir.as_ref());
    let files = scaffold::init(
        &dir,
        &a.candidate,
        date::today_utc(),
        matches!(a.ci, Some(CiKind::Github)),
    )?;
    say_created(
        cli,
        &files,
        "next: `promocase new \"What you did\" -c COMPETENCY` and `promocase check`\n",
    )?;
    Ok(Outcome::Success)
}

pub(crate) fn new(a: &NewArgs) -> Result<Outcome> {
    let path = scaffold::new_in_case(&scaffold::NewRequest {
        case: &a.case.path(),
        title: a.title.as_deref(),
        competencies: &a.competencies,
        scope: a.scope.as_deref(),
        date: a.date,
        from_commit: a.from_commit.as_deref(),
    })?;
    output::write_stdout(format!("{}\n", source::display_path(&path)).as_bytes())?;
    Ok(Outcome::Success)
}
