//! The commands about promocase itself rather than a case: templates,
//! completions, the man page, JSON Schemas, the built-in frameworks.

use super::args::{Cli, FrameworkCmd, ImportFrom, TemplatesCmd};
use super::{json, say_created, Outcome};
use crate::case::framework;
use crate::error::{Error, Result};
use crate::{output, render};

pub(crate) fn templates(cli: &Cli, t: &TemplatesCmd) -> Result<Outcome> {
    let TemplatesCmd::Export { dir } = t;
    // All or nothing: no default is written over an existing file.
    let defaults = render::templates::DEFAULTS;
    if let Some((name, _)) = defaults.iter().find(|(name, _)| dir.join(name).exists()) {
        return Err(Error::Exists {
            path: dir.join(name),
        });
    }
    let mut files = Vec::new();
    for (name, text) in defaults {
        let p = dir.join(name);
        output::create_new(&p, text.as_bytes())?;
        files.push(p);
    }
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

pub(crate) fn man(dir: Option<&std::path::Path>) -> Result<Outcome> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let Some(dir) = dir else {
        let page = clap_mangen::Man::new(cmd);
        output::write_stdout(&man_page(page, "<stdout>")?)?;
        return Ok(Outcome::Success);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        source: e,
    })?;
    // The pages the main page refers to (promocase-check(1), ...).
    let mut pages = vec![("promocase".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        pages.push((format!("promocase-{}", sub.get_name()), sub.clone()));
    }
    for (name, page) in pages {
        let file = format!("{name}.1");
        let page = clap_mangen::Man::new(page).title(name);
        output::emit(Some(&dir.join(&file)), &man_page(page, &file)?)?;
    }
    Ok(Outcome::Success)
}

fn man_page(page: clap_mangen::Man, what: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    page.render(&mut buf).map_err(|e| Error::Write {
        path: what.into(),
        source: e,
    })?;
    Ok(buf)
}

pub(crate) fn schema(kind: &str) -> Result<Outcome> {
    let v = crate::schema::for_current_case(kind)?;
    output::write_stdout(json(&v).as_bytes())?;
    Ok(Outcome::Success)
}

/// An import whose result `check` would refuse: the checker's diagnostics
/// on standard error, nothing written, exit 1.
fn refuse_import(
    cli: &Cli,
    source: &str,
    diags: Vec<crate::diagnostic::Diagnostic>,
) -> Result<Outcome> {
    let diags = crate::diagnostic::Diagnostics::new(diags);
    let style = super::err_style(cli);
    let text = crate::render::diagnostics::human(&diags, "", 1, style, true);
    eprint!("{}", crate::render::style::human_safe(&text));
    eprintln!(
        "{}",
        crate::render::style::human_safe(&format!(
            "error: the framework imported from {source} would be refused by `promocase check`; nothing written\n  help: fix the source (the places above are in the imported framework's text)"
        ))
    );
    Ok(Outcome::Problems)
}

/// `framework show --short`: the built-in framework `id` as a table, at
/// `level` (default: its highest).
fn framework_table(id: &str, level: Option<&str>, out: crate::render::Style) -> Result<String> {
    framework::builtin_text(id)?;
    let bare = id.strip_prefix(framework::BUILTIN_PREFIX).unwrap_or(id);
    let fw = framework::Framework::builtin(bare).ok_or_else(|| Error::Usage {
        message: format!("the built-in framework `{id}` does not parse"),
    })?;
    let level = match level {
        Some(l) if fw.level(l).is_some() => l.to_string(),
        Some(l) => {
            let ids = fw.levels.iter().map(|x| x.id.as_str());
            let near = crate::diagnostic::catalogue::did_you_mean(l, ids);
            let hint = near.map_or_else(
                || "its levels are in `framework show --yaml`".to_string(),
                |n| format!("did you mean `{n}`?"),
            );
            return Err(Error::Usage {
                message: format!("no level `{l}` in {id}\n  help: {hint}"),
            });
        }
        None => fw.levels.last().map(|l| l.id.clone()).unwrap_or_default(),
    };
    Ok(crate::render::style::human_safe(
        &crate::render::list::framework_table(&fw, &level, out),
    ))
}

pub(crate) fn framework(cli: &Cli, f: &FrameworkCmd, out: crate::render::Style) -> Result<Outcome> {
    match f {
        FrameworkCmd::List => output::write_stdout(framework::builtin_list().as_bytes())?,
        FrameworkCmd::Show {
            id,
            short,
            yaml,
            level,
        } => {
            use std::io::IsTerminal;
            let table = *short || (!*yaml && std::io::stdout().is_terminal());
            let text = match table {
                true => framework_table(id, level.as_deref(), out)?,
                false => framework::builtin_text(id)?.to_string(),
            };
            output::write_stdout(text.as_bytes())?
        }
        FrameworkCmd::Import {
            from,
            file,
            proficiency,
            judgement,
            output: out,
        } => {
            let text = std::fs::read_to_string(file).map_err(|e| Error::Read {
                path: file.clone(),
                source: e,
            })?;
            let source = file.display().to_string();
            let imported = match from {
                ImportFrom::Csv => {
                    let stem = file
                        .file_stem()
                        .map_or("ladder".into(), |s| s.to_string_lossy());
                    framework::import::from_csv(&text, &source, &stem, *judgement)?
                }
                ImportFrom::Ft => {
                    let given = proficiency.as_deref().unwrap_or("");
                    framework::import::from_ft(&text, &source, given, *judgement)?
                }
            };
            if crate::diagnostic::has_errors(&imported.diagnostics) {
                return refuse_import(cli, &source, imported.diagnostics);
            }
            output::emit(out.output.as_deref(), imported.yaml.as_bytes())?;
        }
        FrameworkCmd::Export { id, dir } => {
            let text = framework::builtin_text(id)?;
            let id = id.strip_prefix(framework::BUILTIN_PREFIX).unwrap_or(id);
            let path = super::args::case_path(dir.as_ref()).join(format!("{id}.yaml"));
            output::create_new(&path, text.as_bytes())?;
            say_created(cli, &[path], "")?;
        }
    }
    Ok(Outcome::Success)
}
