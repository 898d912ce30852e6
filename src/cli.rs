//! The command line: flags in, library calls, exit code out.
//!
//! Exit codes (the same for every command): 0 success, 1 the case has
//! problems (or, for `diff`, what `--fail-on` names happened), 2 promocase
//! could not run. Nothing here decides anything about a case; it parses
//! flags, calls the library and writes what it returns.

use crate::case::{self, framework, ParseCache};
use crate::date::{self, Date};
use crate::error::{Error, Result};
use crate::readiness::Audience;
use crate::render::style::{self, ColorChoice};
use crate::render::{self, Style};
use crate::{output, scaffold, source};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "promocase", version, about = "Keep your promotion case in Git: check evidence, score readiness, diff it, render the brief.", long_about = None)]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,
    /// Print errors only.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the case: config, framework, every evidence and feedback file.
    #[command(after_help = "Examples:\n  promocase check\n  promocase check career --rev HEAD~1 --format github")]
    Check(CheckArgs),
    /// Scaffold a new case (and `git init` when outside a repository).
    #[command(after_help = "Examples:\n  promocase init career\n  promocase init --candidate \"Alex Rivera\" --ci github")]
    Init(InitArgs),
    /// Write a new evidence file from a template and print its path.
    #[command(after_help = "Examples:\n  promocase new \"Redesigned the hiring loop\" -c org-leverage -c impact-beyond-team --scope organisation\n  promocase new --from-commit HEAD -c cross-team-collaboration")]
    New(NewArgs),
    /// The built-in frameworks: list, show, export.
    #[command(subcommand, after_help = "Examples:\n  promocase framework list\n  promocase framework show senior-em > framework.yaml")]
    Framework(FrameworkCmd),
}

#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// The case folder (default: the current folder or the nearest parent holding promocase.yaml).
    pub case: Option<PathBuf>,
    /// Read the case from this Git revision instead of the working tree.
    #[arg(long)]
    pub rev: Option<String>,
    /// Score as of this date (YYYY-MM-DD); default: the commit's date with --rev, else today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder for the case (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The candidate's name.
    #[arg(long, default_value = "Your Name")]
    pub candidate: String,
    /// Also write a CI workflow.
    #[arg(long, value_enum)]
    pub ci: Option<CiKind>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CiKind {
    Github,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The title (default with --from-commit: the commit's subject).
    pub title: Option<String>,
    /// Competency ids (repeat, or separate with commas).
    #[arg(short = 'c', long = "competency", value_delimiter = ',')]
    pub competencies: Vec<String>,
    /// The scope of the work.
    #[arg(long, default_value = "team")]
    pub scope: String,
    /// The date (default: today, or the commit's date with --from-commit).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Take date, title and a link from this commit of the repository you are in.
    #[arg(long)]
    pub from_commit: Option<String>,
    /// The case folder (default: found from the current folder).
    #[arg(long = "case")]
    pub case: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum FrameworkCmd {
    /// List the built-in frameworks.
    List,
    /// Print a built-in framework as YAML.
    Show {
        #[arg(default_value = "senior-em")]
        id: String,
    },
    /// Write a built-in framework to a file in DIR (default: the current folder).
    Export {
        id: String,
        dir: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> std::result::Result<Date, String> {
    date::parse(s).map_err(|e| e.hint().to_string())
}

/// What a command ended with.
pub enum Outcome {
    Success,
    Problems,
}

/// Run the command line; the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let env = |k: &str| std::env::var(k).ok();
    let choice = match cli.color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    };
    let out_style = style::decide(choice, std::io::stdout().is_terminal(), env);
    let err_style = style::decide(choice, std::io::stderr().is_terminal(), env);
    match run(&cli, out_style, err_style) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{}: {e}", err_style.red("error"));
            ExitCode::from(2)
        }
    }
}

fn case_arg(p: &Option<PathBuf>) -> PathBuf {
    p.clone().unwrap_or_else(|| PathBuf::from("."))
}

fn prefix_for(snap: &source::Snapshot) -> String {
    if snap.case_path.is_empty() {
        String::new()
    } else {
        format!("{}/", snap.case_path)
    }
}

fn as_of(read: &ReadArgs, snap: &source::Snapshot) -> Date {
    read.as_of.unwrap_or_else(|| snap.origin.default_as_of())
}

/// Run one parsed command line.
pub fn run(cli: &Cli, out: Style, err: Style) -> Result<Outcome> {
    match &cli.command {
        Command::Check(a) => {
            let snap = source::read(&case_arg(&a.read.case), a.read.rev.as_deref())?;
            let loaded = case::load(&snap, as_of(&a.read, &snap), &mut ParseCache::default());
            let prefix = prefix_for(&snap);
            let text = match a.format {
                CheckFormat::Human => render::diagnostics::human(&loaded.diagnostics, &prefix, loaded.files, out),
                CheckFormat::Json => render::diagnostics::json(&loaded.diagnostics, &prefix, loaded.files),
                CheckFormat::Github => render::diagnostics::github(&loaded.diagnostics, &prefix),
            };
            if !(cli.quiet && loaded.diagnostics.is_empty()) {
                output::write_stdout(text.as_bytes())?;
            }
            let _ = err;
            let fail = loaded.errors() > 0 || (a.deny_warnings && loaded.warnings() > 0);
            Ok(if fail { Outcome::Problems } else { Outcome::Success })
        }
        Command::Init(a) => {
            let dir = case_arg(&a.dir);
            let files = scaffold::init(&dir, &a.candidate, date::today_utc(), matches!(a.ci, Some(CiKind::Github)))?;
            if !cli.quiet {
                let mut s = String::new();
                for f in files {
                    s.push_str(&format!("created {}\n", f.display()));
                }
                s.push_str("next: `promocase new \"What you did\" -c COMPETENCY` and `promocase check`\n");
                output::write_stdout(s.as_bytes())?;
            }
            Ok(Outcome::Success)
        }
        Command::New(a) => {
            let case_dir = source::find_case_dir(&case_arg(&a.case))?;
            let snap = source::read_worktree(&case_dir)?;
            let loaded = case::load(&snap, date::today_utc(), &mut ParseCache::default());
            let Some(c) = loaded.case else {
                return Err(Error::CaseHasErrors { count: loaded.errors() });
            };
            let commit = match &a.from_commit {
                Some(rev) => Some(source::describe_commit(Path::new("."), rev)?),
                None => None,
            };
            let title = match (&a.title, &commit) {
                (Some(t), _) => t.clone(),
                (None, Some(c)) => c.summary.clone(),
                (None, None) => return Err(Error::Usage { message: "give a TITLE (or --from-commit REV)".into() }),
            };
            scaffold::check_new(&c.framework, &a.competencies, &a.scope)?;
            let n = scaffold::NewEvidence {
                title: &title,
                competencies: &a.competencies,
                scope: &a.scope,
                date: a.date.or(commit.as_ref().map(|c| c.date)).unwrap_or_else(date::today_utc),
                links: commit.iter().map(|c| format!("commit {}", c.id)).collect(),
            };
            let path = scaffold::new_evidence(&case_dir, &n)?;
            output::write_stdout(format!("{}\n", source::display_path(&path)).as_bytes())?;
            Ok(Outcome::Success)
        }
        Command::Framework(f) => {
            let find = |id: &str| {
                framework::BUILTIN.iter().find(|(i, _)| *i == id).map(|(_, t)| *t).ok_or_else(|| Error::Usage {
                    message: format!(
                        "no built-in framework `{id}`\n  help: built-in frameworks: {}",
                        framework::BUILTIN.iter().map(|(i, _)| *i).collect::<Vec<_>>().join(", ")
                    ),
                })
            };
            match f {
                FrameworkCmd::List => {
                    let mut s = String::new();
                    for (id, _) in framework::BUILTIN {
                        if let Some(fw) = case::Framework::builtin(id) {
                            let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
                            s.push_str(&format!("builtin:{id}\t{} (levels: {}; {} competencies)\n", fw.name, levels.join(", "), fw.competencies.len()));
                        }
                    }
                    output::write_stdout(s.as_bytes())?;
                }
                FrameworkCmd::Show { id } => output::write_stdout(find(id)?.as_bytes())?,
                FrameworkCmd::Export { id, dir } => {
                    let text = find(id)?;
                    let path = case_arg(dir).join(format!("{id}.yaml"));
                    output::create_new(&path, text.as_bytes())?;
                    if !cli.quiet {
                        output::write_stdout(format!("{}\n", path.display()).as_bytes())?;
                    }
                }
            }
            Ok(Outcome::Success)
        }
    }
}

#[allow(dead_code)]
fn audience_default() -> Audience {
    Audience::Manager
}
