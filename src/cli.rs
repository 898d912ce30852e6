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
use crate::{output, pipeline, scaffold, source};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "promocase",
    version = env!("PROMOCASE_VERSION"),
    about = "Keep your promotion case in Git: check evidence, score readiness, diff it, render the brief.",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 problems found, 2 could not run.\nDocumentation: README.md and docs/ in the source repository."
)]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what is read and how long it took, on standard error.
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
    #[command(
        after_help = "Examples:\n  promocase check\n  promocase check career --rev HEAD~1 --format github"
    )]
    Check(CheckArgs),
    /// Scaffold a new case (and `git init` when outside a repository).
    #[command(
        after_help = "Examples:\n  promocase init career\n  promocase init --candidate \"Alex Rivera\" --ci github"
    )]
    Init(InitArgs),
    /// Write a new evidence file from a template and print its path.
    #[command(
        after_help = "Examples:\n  promocase new \"Redesigned the hiring loop\" -c org-leverage -c impact-beyond-team --scope organisation\n  promocase new --from-commit HEAD -c cross-team-collaboration"
    )]
    New(NewArgs),
    /// Readiness for the target level: verdict, score, a row per competency.
    #[command(
        after_help = "Examples:\n  promocase status\n  promocase status --rev v1 --audience shareable --format json"
    )]
    Status(StatusArgs),
    /// Render the promotion brief (Markdown, self-contained HTML, or JSON).
    #[command(
        after_help = "Examples:\n  promocase brief examples/alex-rivera\n  promocase brief --format html -o brief.html --since last-conversation"
    )]
    Brief(BriefArgs),
    /// Readiness and evidence between two revisions, like `git diff`.
    #[command(
        after_help = "Examples:\n  promocase diff                      # HEAD against the working tree\n  promocase diff main..feature --format markdown\n  promocase diff origin/main HEAD --format github --fail-on regression"
    )]
    Diff(DiffCliArgs),
    /// Readiness at every commit that changed the case.
    #[command(
        after_help = "Examples:\n  promocase timeline\n  promocase timeline --monthly --format svg -o readiness.svg"
    )]
    Timeline(TimelineCliArgs),
    /// The brief's templates: export the defaults to customise.
    #[command(
        subcommand,
        after_help = "Examples:\n  promocase templates export templates"
    )]
    Templates(TemplatesCmd),
    /// Print a shell completion script (static; for dynamic completion of
    /// competency ids and revisions see the README).
    #[command(
        after_help = "Examples:\n  promocase completions bash > ~/.local/share/bash-completion/completions/promocase\n  promocase completions zsh > ~/.zfunc/_promocase"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(
        after_help = "Examples:\n  promocase man > ~/.local/share/man/man1/promocase.1 && man promocase"
    )]
    Man,
    /// Print the JSON Schema of a file kind, for editors.
    #[command(
        after_help = "Examples:\n  promocase schema evidence > .promocase/schema/evidence.json\n  promocase schema config"
    )]
    Schema {
        /// evidence, feedback, framework or config.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KINDS))]
        kind: String,
    },
    /// The built-in frameworks: list, show, export.
    #[command(
        subcommand,
        after_help = "Examples:\n  promocase framework list\n  promocase framework show senior-em > framework.yaml"
    )]
    Framework(FrameworkCmd),
}

#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// The case folder (default: the current folder or the nearest parent holding promocase.yaml).
    pub case: Option<PathBuf>,
    /// Read the case from this Git revision instead of the working tree.
    #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub rev: Option<String>,
    /// Score as of this date (YYYY-MM-DD); default: the commit's date with --rev, else today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum AudienceArg {
    #[value(name = "self")]
    Myself,
    #[default]
    Manager,
    Shareable,
}

impl AudienceArg {
    fn get(self) -> Audience {
        match self {
            AudienceArg::Myself => Audience::Myself,
            AudienceArg::Manager => Audience::Manager,
            AudienceArg::Shareable => Audience::Shareable,
        }
    }
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Who the output is for: self sees everything, manager sees manager and shareable entries, shareable only shareable.
    #[arg(long, value_enum, default_value_t = AudienceArg::Manager)]
    pub audience: AudienceArg,
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StatusFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct BriefArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    #[arg(long, value_enum, default_value_t = AudienceArg::Manager)]
    pub audience: AudienceArg,
    #[arg(long, value_enum, default_value_t = BriefFormatArg::Md)]
    pub format: BriefFormatArg,
    /// Add "since our last conversation": changes since this revision.
    #[arg(long)]
    pub since: Option<String>,
    /// A folder of templates overriding the defaults by file name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum BriefFormatArg {
    Md,
    Html,
    Json,
    /// The HTML brief printed to PDF by a local Chromium.
    Pdf,
}

#[derive(Args, Debug)]
pub struct DiffCliArgs {
    /// FROM (default HEAD), or FROM..TO.
    pub from: Option<String>,
    /// TO (default: the working tree).
    pub to: Option<String>,
    /// The case folder (default: found from the current folder).
    #[arg(long = "case")]
    pub case: Option<PathBuf>,
    /// As-of date for the working-tree side (default today, UTC).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    #[arg(long, value_enum, default_value_t = AudienceArg::Manager)]
    pub audience: AudienceArg,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// When to exit 1.
    #[arg(long, value_enum, default_value_t = FailOn::Regression)]
    pub fail_on: FailOn,
    /// Show a unified diff of each modified entry.
    #[arg(long)]
    pub narrative: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Regression,
    Errors,
    Never,
}

#[derive(Args, Debug)]
pub struct TimelineCliArgs {
    pub case: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = AudienceArg::Manager)]
    pub audience: AudienceArg,
    /// FROM..TO (either side may be empty; default: all history up to HEAD).
    #[arg(long)]
    pub range: Option<String>,
    /// Readiness at the end of each calendar month.
    #[arg(long)]
    pub monthly: bool,
    #[arg(long, value_enum, default_value_t = TimelineFormat::Human)]
    pub format: TimelineFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TimelineFormat {
    Human,
    Csv,
    Json,
    Svg,
}

#[derive(Subcommand, Debug)]
pub enum TemplatesCmd {
    /// Write the default templates into DIR (never overwriting).
    Export { dir: PathBuf },
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
    #[arg(short = 'c', long = "competency", value_delimiter = ',', add = clap_complete::engine::ArgValueCandidates::new(competency_candidates))]
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
    Export { id: String, dir: Option<PathBuf> },
}

/// Competency ids of the case around the current folder, for completion.
fn competency_candidates() -> Vec<clap_complete::CompletionCandidate> {
    let Ok(dir) = source::find_case_dir(Path::new(".")) else {
        return Vec::new();
    };
    let Ok(snap) = source::read_worktree(&dir) else {
        return Vec::new();
    };
    let loaded = case::load(&snap, date::today_utc(), &mut ParseCache::default());
    loaded
        .case
        .map(|c| {
            c.framework
                .competencies
                .iter()
                .map(|k| {
                    clap_complete::CompletionCandidate::new(&k.id).help(Some(k.name.clone().into()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Branch and tag names of the repository around the current folder.
fn revision_candidates() -> Vec<clap_complete::CompletionCandidate> {
    source::revision_names(Path::new("."))
        .into_iter()
        .map(clap_complete::CompletionCandidate::new)
        .collect()
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
    // `COMPLETE=bash promocase` prints a dynamic completion script; when the
    // shell calls back for candidates this answers and exits.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
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
    match run(&cli, out_style) {
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

/// The case folder for messages: `.` at the repository root.
fn case_label(snap: &source::Snapshot) -> &str {
    if snap.case_path.is_empty() {
        "."
    } else {
        &snap.case_path
    }
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
pub fn run(cli: &Cli, out: Style) -> Result<Outcome> {
    match &cli.command {
        Command::Check(a) => {
            let started = std::time::Instant::now();
            let snap = source::read(&case_arg(&a.read.case), a.read.rev.as_deref())?;
            let loaded = case::load(&snap, as_of(&a.read, &snap), &mut ParseCache::default());
            if cli.verbose {
                eprintln!(
                    "promocase: checked {} files of {} ({}) as of {} in {} ms",
                    loaded.files,
                    case_label(&snap),
                    snap.origin.label(),
                    as_of(&a.read, &snap),
                    started.elapsed().as_millis()
                );
            }
            let prefix = prefix_for(&snap);
            let text = match a.format {
                CheckFormat::Human => {
                    render::diagnostics::human(&loaded.diagnostics, &prefix, loaded.files, out)
                }
                CheckFormat::Json => {
                    render::diagnostics::json(&loaded.diagnostics, &prefix, loaded.files)
                }
                CheckFormat::Github => render::diagnostics::github(&loaded.diagnostics, &prefix),
            };
            if !(cli.quiet && loaded.diagnostics.is_empty()) {
                output::write_stdout(text.as_bytes())?;
            }
            let fail = loaded.errors() > 0 || (a.deny_warnings && loaded.warnings() > 0);
            Ok(if fail {
                Outcome::Problems
            } else {
                Outcome::Success
            })
        }
        Command::Init(a) => {
            let dir = case_arg(&a.dir);
            let files = scaffold::init(
                &dir,
                &a.candidate,
                date::today_utc(),
                matches!(a.ci, Some(CiKind::Github)),
            )?;
            if !cli.quiet {
                let mut s = String::new();
                for f in files {
                    s.push_str(&format!("created {}\n", f.display()));
                }
                s.push_str(
                    "next: `promocase new \"What you did\" -c COMPETENCY` and `promocase check`\n",
                );
                output::write_stdout(s.as_bytes())?;
            }
            Ok(Outcome::Success)
        }
        Command::New(a) => {
            let case_dir = source::find_case_dir(&case_arg(&a.case))?;
            let snap = source::read_worktree(&case_dir)?;
            let loaded = case::load(&snap, date::today_utc(), &mut ParseCache::default());
            let Some(c) = loaded.case else {
                return Err(Error::CaseHasErrors {
                    count: loaded.errors(),
                });
            };
            let commit = match &a.from_commit {
                Some(rev) => Some(source::describe_commit(Path::new("."), rev)?),
                None => None,
            };
            let title = match (&a.title, &commit) {
                (Some(t), _) => t.clone(),
                (None, Some(c)) => c.summary.clone(),
                (None, None) => {
                    return Err(Error::Usage {
                        message: "give a TITLE (or --from-commit REV)".into(),
                    })
                }
            };
            scaffold::check_new(&c.framework, &a.competencies, &a.scope)?;
            let n = scaffold::NewEvidence {
                schema: scaffold::evidence_schema_ref(&case_dir),
                title: &title,
                competencies: &a.competencies,
                scope: &a.scope,
                date: a
                    .date
                    .or(commit.as_ref().map(|c| c.date))
                    .unwrap_or_else(date::today_utc),
                links: commit.iter().map(|c| format!("commit {}", c.id)).collect(),
            };
            let path = scaffold::new_evidence(&case_dir, &n)?;
            output::write_stdout(format!("{}\n", source::display_path(&path)).as_bytes())?;
            Ok(Outcome::Success)
        }
        Command::Status(a) => {
            let audience = a.audience.get();
            let started = std::time::Instant::now();
            let scored = pipeline::score(
                &case_arg(&a.read.case),
                a.read.rev.as_deref(),
                a.read.as_of,
                audience,
            )?;
            say_scored(cli, &scored, started);
            let report = pipeline::status(&scored, audience);
            let text = match a.format {
                StatusFormat::Human => render::text::status(&report, out),
                StatusFormat::Json => json(&report),
            };
            output::write_stdout(text.as_bytes())?;
            Ok(if scored.loaded.errors() > 0 {
                Outcome::Problems
            } else {
                Outcome::Success
            })
        }
        Command::Brief(a) => {
            let audience = a.audience.get();
            let case_path = case_arg(&a.read.case);
            let started = std::time::Instant::now();
            // One series for the brief and its `--since` comparison: the
            // earlier revision is checked only where it differs.
            let mut series = case::Series::default();
            let scored = pipeline::score_in(
                &mut series,
                &case_path,
                a.read.rev.as_deref(),
                a.read.as_of,
                audience,
            )?;
            say_scored(cli, &scored, started);
            let since = match &a.since {
                Some(rev) => Some(pipeline::diff_in(
                    &mut series,
                    &pipeline::DiffArgs {
                        case: &case_path,
                        from: Some(rev),
                        to: a.read.rev.as_deref(),
                        as_of: a.read.as_of,
                        audience,
                        narrative: false,
                    },
                )?),
                None => None,
            };
            let brief = pipeline::brief(&scored, audience, since);
            // Templates: the defaults, then the case's templates/, then --templates.
            let mut overrides = scored.case().templates.clone();
            if let Some(dir) = &a.templates {
                overrides.extend(render::templates::read_dir(dir)?);
            }
            let format = match a.format {
                BriefFormatArg::Md => render::BriefFormat::Markdown,
                BriefFormatArg::Html | BriefFormatArg::Pdf => render::BriefFormat::Html,
                BriefFormatArg::Json => render::BriefFormat::Json,
            };
            let brief = if format == render::BriefFormat::Markdown {
                brief
            } else {
                render::with_charts(brief)
            };
            let text = render::brief(&brief, format, &overrides)?;
            let bytes = match a.format {
                BriefFormatArg::Pdf => render::pdf::html_to_pdf(&text)?,
                _ => text.into_bytes(),
            };
            output::emit(a.output.as_deref(), &bytes)?;
            // The process ends next: freeing a large case and brief piece by
            // piece would only delay the exit (by ~5% on 10,000 entries).
            std::mem::forget((scored, brief, bytes));
            Ok(Outcome::Success)
        }
        Command::Diff(a) => {
            let (from, to) = match (&a.from, &a.to) {
                (Some(f), None) if f.contains("..") => {
                    let (x, y) = f.split_once("..").unwrap_or((f, ""));
                    (
                        Some(if x.is_empty() { "HEAD" } else { x }),
                        Some(if y.is_empty() { "HEAD" } else { y }),
                    )
                }
                (f, t) => (f.as_deref(), t.as_deref()),
            };
            let case_path = case_arg(&a.case);
            let report = pipeline::diff(&pipeline::DiffArgs {
                case: &case_path,
                from,
                to,
                as_of: a.as_of,
                audience: a.audience.get(),
                narrative: a.narrative,
            })?;
            let text = match a.format {
                DiffFormat::Human => render::text::diff_human(&report, out),
                DiffFormat::Markdown => render::text::diff_markdown(&report),
                DiffFormat::Json => json(&report),
                DiffFormat::Github => render::text::diff_github(&report),
            };
            output::write_stdout(text.as_bytes())?;
            let fail = match a.fail_on {
                FailOn::Regression => report.regressions > 0,
                FailOn::Errors => report.diagnostics.to > 0,
                FailOn::Never => false,
            };
            Ok(if fail {
                Outcome::Problems
            } else {
                Outcome::Success
            })
        }
        Command::Timeline(a) => {
            let case_path = case_arg(&a.case);
            let show = std::io::stderr().is_terminal() && !cli.quiet;
            let started = std::time::Instant::now();
            let mut progress = |done: usize, total: usize| {
                // Only for long walks on a terminal, and never on stdout.
                if show && total > 0 && started.elapsed().as_millis() > 300 {
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
            };
            let (t, _) = pipeline::timeline(
                &pipeline::TimelineArgs {
                    case: &case_path,
                    range: a.range.as_deref(),
                    monthly: a.monthly,
                    audience: a.audience.get(),
                },
                &mut progress,
            )?;
            let text = match a.format {
                TimelineFormat::Human => render::text::timeline_human(&t, out),
                TimelineFormat::Csv => render::text::timeline_csv(&t),
                TimelineFormat::Json => json(&t),
                TimelineFormat::Svg => render::timeline_svg(&t),
            };
            output::emit(a.output.as_deref(), text.as_bytes())?;
            Ok(Outcome::Success)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "promocase", &mut buf);
            output::write_stdout(&buf)?;
            Ok(Outcome::Success)
        }
        Command::Man => {
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
        Command::Schema { kind } => {
            // Inside a case, list its framework's ids so editors can complete them.
            let fw = source::find_case_dir(Path::new("."))
                .ok()
                .and_then(|d| source::read_worktree(&d).ok())
                .and_then(|snap| {
                    case::load(&snap, date::today_utc(), &mut ParseCache::default()).case
                })
                .map(|c| c.framework);
            let v = crate::schema::schema(kind, fw.as_ref()).ok_or_else(|| Error::Usage {
                message: format!("no schema `{kind}`"),
            })?;
            output::write_stdout(json(&v).as_bytes())?;
            Ok(Outcome::Success)
        }
        Command::Templates(TemplatesCmd::Export { dir }) => {
            let files = render::templates::export(dir)?;
            if !cli.quiet {
                let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
                output::write_stdout(list.as_bytes())?;
            }
            Ok(Outcome::Success)
        }
        Command::Framework(f) => {
            let find = |id: &str| {
                framework::BUILTIN
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, t)| *t)
                    .ok_or_else(|| Error::Usage {
                        message: format!(
                            "no built-in framework `{id}`\n  help: built-in frameworks: {}",
                            framework::BUILTIN
                                .iter()
                                .map(|(i, _)| *i)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
            };
            match f {
                FrameworkCmd::List => {
                    let mut s = String::new();
                    for (id, _) in framework::BUILTIN {
                        if let Some(fw) = case::Framework::builtin(id) {
                            let levels: Vec<&str> =
                                fw.levels.iter().map(|l| l.id.as_str()).collect();
                            s.push_str(&format!(
                                "builtin:{id}\t{} (levels: {}; {} competencies)\n",
                                fw.name,
                                levels.join(", "),
                                fw.competencies.len()
                            ));
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

/// `-v`: what was read, from where, as of when, and how long it took.
fn say_scored(cli: &Cli, s: &pipeline::Scored, started: std::time::Instant) {
    if cli.verbose {
        eprintln!(
            "promocase: read {} files from {} ({}), scored as of {} in {} ms ({} entries withheld)",
            s.loaded.files,
            case_label(&s.snapshot),
            s.snapshot.origin.label(),
            s.readiness.as_of,
            started.elapsed().as_millis(),
            s.readiness.withheld
        );
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
