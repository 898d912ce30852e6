//! The commands about promocase itself rather than a case: templates,
//! completions, the man page, JSON Schemas, the built-in frameworks.

use super::args::{Cli, FrameworkCmd, TemplatesCmd};
use super::{json, say_created, Outcome};
use crate::case::framework;
use crate::error::{Error, Result};
use crate::{output, render};

pub(crate) fn templates(cli: &Cli, t: &TemplatesCmd) -> Result<Outcome> {
    let TemplatesCmd::Export { dir } = t;
    let files = render::templates::export(dir)?;
    say_created(cli, &files, "")?;
    Ok(Outcome::Success)
}

pub(crate) fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "promocase", &mut buf);
    output::write_stdout(&buf)?;
    Ok(Outcome::Success)
}

pub(crate) fn man() -> Result<Outcome> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Error::Write {
            path: "<stdout>".into(),
            source: e,
        })?;
    output::write_stdout(&buf)?;
    Ok(Outcome::Success)
}

pub(crate) fn schema(kind: &str) -> Result<Outcome> {
    let v = crate::schema::for_current_case(kind)?;
    output::write_stdout(json(&v).as_bytes())?;
    Ok(Outcome::Success)
}

pub(crate) fn framework(cli: &Cli, f: &FrameworkCmd) -> Result<Outcome> {
    match f {
        FrameworkCmd::List => output::write_stdout(framework::builtin_list().as_bytes())?,
        FrameworkCmd::Show { id } => output::write_stdout(framework::builtin_text(id)?.as_bytes())?,
        FrameworkCmd::Export { id, dir } => {
            let path = framework::export_builtin(id, &super::args::case_path(dir.as_ref()))?;
            say_created(cli, &[path], "")?;
        }
    }
    Ok(Outcome::Success)
}
