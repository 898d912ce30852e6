//! The command line as clap sees it: every flag, declared once.
//!
//! Flags that several commands share (the case location, `--rev`,
//! `--as-of`, `--audience`, `-o`) are small structs flattened into each
//! command, so their spelling and help text cannot drift between commands.
//! Nothing here decides anything; [`super`] turns these into library calls.

use crate::date::{self, Date};
use crate::pipeline::FailOn;
use crate::readiness::Audience;
use crate::render::style::ColorChoice;
use crate::{case, source};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "promocase",
    version = env!("PROMOCASE_VERSION"),
    about = "Keep your promotion case in Git: check evidence, score readiness, diff it, render the brief.",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 problems found, 2 could not run.\nDocumentation: README.md and docs/ in the source repository."
)]
pub(crate) struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub(crate) color: ColorArg,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Say what is read and how long it took, on standard error.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    pub(crate) fn choice(self) -> ColorChoice {
        match self {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
    /// Render the promotion brief (Markdown, self-contained HTML, JSON or PDF).
    #[command(
        after_help = "Examples:\n  promocase brief examples/alex-rivera\n  promocase brief --format html -o brief.html --since last-conversation\n  promocase brief --format pdf -o brief.pdf          # needs a local Chromium"
    )]
    Brief(BriefArgs),
    /// Readiness and evidence between two revisions, like `git diff`.
    #[command(
        after_help = "Examples:\n  promocase diff                      # HEAD against the working tree\n  promocase diff main..feature --format markdown\n  promocase diff origin/main HEAD --format github --fail-on regression"
    )]
    Diff(DiffArgs),
    /// The evidence as STAR stories or CV lines, strongest first (for an
    /// external move, or any interview).
    #[command(
        after_help = "Examples:\n  promocase export --format star\n  promocase export --format cv --audience shareable -o achievements.md\n  promocase export --format star --anonymise"
    )]
    Export(ExportArgs),
    /// Many cases side by side: a row per case, a status matrix per framework.
    #[command(
        after_help = "Examples:\n  promocase calibrate cases/\n  promocase calibrate cases/alex cases/priya@v2 --format html -o calibration.html\n  promocase calibrate --rev main --format csv -o calibration.csv"
    )]
    Calibrate(CalibrateArgs),
    /// The entries, one a line, and whether each counts (and why not).
    #[command(
        after_help = "Examples:\n  promocase list\n  promocase list --competency strategic-thinking --not-counted\n  promocase list --audience shareable --format json"
    )]
    List(ListArgs),
    /// One entry: its fields, whether it counts for each competency it
    /// names, and what its statuses would be without it.
    #[command(
        after_help = "Examples:\n  promocase show 2026-04-28-incident-standard\n  promocase show evidence/2026/2026-04-28-incident-standard.md --format json"
    )]
    Show(ShowArgs),
    /// Open a case file in $VISUAL or $EDITOR (a sealed one decrypted to a
    /// private temporary folder and sealed again), then check it.
    #[command(
        after_help = "Examples:\n  promocase edit evidence/2026/2026-04-28-incident-standard.md\n  promocase edit evidence/2026/2026-05-14-sealed-0f886d7d.md.age"
    )]
    Edit {
        /// The file to edit.
        path: PathBuf,
    },
    /// A live preview of the brief on 127.0.0.1 that reloads itself when
    /// a file of the case changes.
    #[command(
        after_help = "Examples:\n  promocase serve\n  promocase serve career --port 8411 --audience self\n\nThen open http://127.0.0.1:8411/ (also /status and /timeline.svg). Ctrl-C stops it."
    )]
    Serve(ServeArgs),
    /// Seal every private and manager-only file to the keys in `seal:`
    /// (README, "Privacy").
    #[command(
        after_help = "Examples:\n  promocase seal\n  promocase seal career\n  promocase seal --reseal   # after a key or a visibility changed"
    )]
    Seal(SealArgs),
    /// Readiness at every commit that changed the case.
    #[command(
        after_help = "Examples:\n  promocase timeline\n  promocase timeline --monthly --format svg -o readiness.svg"
    )]
    Timeline(TimelineArgs),
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
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  promocase man > ~/.local/share/man/man1/promocase.1 && man promocase\n  promocase man --dir ~/.local/share/man/man1   # promocase.1, promocase-check.1, ..."
    )]
    Man {
        /// Write promocase.1 and a promocase-COMMAND.1 page per command into DIR.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
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

// ------------------------------------------------------------ shared flags

/// Where the case is: a positional folder, or `--case` (both spellings are
/// accepted by the commands whose positional slot is free).
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct CaseArg {
    /// The case folder (default: the current folder or the nearest parent holding promocase.yaml).
    #[arg(value_name = "CASE")]
    pub(crate) case: Option<PathBuf>,
    /// The case folder, as a flag (the same as the positional CASE).
    #[arg(long = "case", value_name = "CASE", conflicts_with = "case")]
    pub(crate) case_flag: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) case: CaseArg,
    /// The port on 127.0.0.1 (0: any free one; the first line printed says which).
    #[arg(long, default_value_t = 8411)]
    pub(crate) port: u16,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    /// Score as of this date (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
}

#[derive(Args, Debug)]
pub(crate) struct SealArgs {
    #[command(flatten)]
    pub(crate) case: CaseArg,
    /// Also seal again every sealed file this key opens, to the keys its
    /// visibility names now (after adding or rotating a key in `seal:`, or
    /// changing a sealed file's visibility; a file made `shareable` is
    /// written in plain text).
    #[arg(long)]
    pub(crate) reseal: bool,
}

/// `--case` alone, for commands whose positional arguments mean something else.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct CaseFlag {
    /// The case folder (default: the current folder or the nearest parent holding promocase.yaml).
    #[arg(long = "case", value_name = "CASE")]
    pub(crate) case: Option<PathBuf>,
}

/// The one way a command's case location becomes a path.
pub(crate) fn case_path(given: Option<&PathBuf>) -> PathBuf {
    given.cloned().unwrap_or_else(|| PathBuf::from("."))
}

impl CaseArg {
    pub(crate) fn path(&self) -> PathBuf {
        case_path(self.case.as_ref().or(self.case_flag.as_ref()))
    }
}

impl CaseFlag {
    pub(crate) fn path(&self) -> PathBuf {
        case_path(self.case.as_ref())
    }
}

/// `--rev` and `--as-of`: which version of the case, scored when.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct RevArgs {
    /// Read the case from this Git revision instead of the working tree.
    #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub(crate) rev: Option<String>,
    /// Score as of this date (YYYY-MM-DD); default: the commit's date with --rev, else today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
}

/// The case and the revision to read it at.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct ReadArgs {
    #[command(flatten)]
    pub(crate) case: CaseArg,
    #[command(flatten)]
    pub(crate) rev: RevArgs,
}

/// `--audience`.
#[derive(Args, Debug, Clone, Copy, Default)]
pub(crate) struct AudienceFlag {
    /// Who the output is for: self sees everything, manager sees manager and shareable entries, shareable only shareable.
    #[arg(long, value_enum, default_value_t = AudienceArg::Manager)]
    pub(crate) audience: AudienceArg,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub(crate) enum AudienceArg {
    #[value(name = "self")]
    Myself,
    #[default]
    Manager,
    Shareable,
}

impl AudienceFlag {
    pub(crate) fn get(self) -> Audience {
        match self.audience {
            AudienceArg::Myself => Audience::Myself,
            AudienceArg::Manager => Audience::Manager,
            AudienceArg::Shareable => Audience::Shareable,
        }
    }
}

/// `-o FILE`.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct OutputFlag {
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
}

// ---------------------------------------------------------------- commands

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(crate) format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Github,
}

#[derive(Args, Debug)]
pub(crate) struct StatusArgs {
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub(crate) format: StatusFormat,
}

#[derive(Args, Debug)]
pub(crate) struct CalibrateArgs {
    /// Case folders, folders holding cases, or repositories (default: every
    /// case under the current folder); PATH@REV reads that case at REV.
    pub(crate) paths: Vec<String>,
    /// Read the current repository's cases at this revision (cases in other
    /// repositories at their own HEAD).
    #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub(crate) rev: Option<String>,
    /// Score every case as of this date (default: each case's own).
    #[arg(long, value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
    /// Who the output is for; never `self`: a calibration is not the
    /// candidate's own view.
    #[arg(long, value_enum, default_value_t = CalibrateAudience::Manager)]
    pub(crate) audience: CalibrateAudience,
    #[arg(long, value_enum, default_value_t = CalibrateFormat::Human)]
    pub(crate) format: CalibrateFormat,
    /// What to order by first (then target level, verdict, score, name).
    #[arg(long, value_enum, default_value_t = CalibrateSort::Level)]
    pub(crate) sort: CalibrateSort,
    #[command(flatten)]
    pub(crate) output: OutputFlag,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CalibrateAudience {
    Manager,
    Shareable,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CalibrateFormat {
    Human,
    Md,
    Html,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CalibrateSort {
    Level,
    Verdict,
    Score,
    Name,
    Path,
}

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    #[arg(long, value_enum, default_value_t = ExportFormat::Star)]
    pub(crate) format: ExportFormat,
    /// Replace colleagues' names by their roles ("my manager", "the VP
    /// Engineering"), from `manager:`, `people:` and "Name (Role)" labels.
    #[arg(long, alias = "anonymize")]
    pub(crate) anonymise: bool,
    #[command(flatten)]
    pub(crate) output: OutputFlag,
}

#[derive(Args, Debug)]
pub(crate) struct ShowArgs {
    /// The entry: its path, or its file name (with or without `.md`).
    #[arg(value_name = "ENTRY")]
    pub(crate) entry: String,
    #[command(flatten)]
    pub(crate) case: CaseFlag,
    #[command(flatten)]
    pub(crate) rev: RevArgs,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub(crate) format: StatusFormat,
}

#[derive(Args, Debug)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    /// Only entries naming this competency, each with why it counts or not.
    #[arg(long, value_name = "ID")]
    pub(crate) competency: Option<String>,
    /// Only entries that count (for --competency, or for any competency).
    #[arg(long, conflicts_with = "not_counted")]
    pub(crate) counted: bool,
    /// Only entries that do not count.
    #[arg(long)]
    pub(crate) not_counted: bool,
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub(crate) format: StatusFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    /// A story per entry: situation, task, action, result.
    Star,
    /// One line per entry: what was done, and its measured impact.
    Cv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum StatusFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub(crate) struct BriefArgs {
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) audience: AudienceFlag,
    /// Markdown, self-contained HTML, JSON (what the templates receive), or
    /// PDF (the HTML printed by a local Chromium).
    #[arg(long, value_enum, default_value_t = BriefFormatArg::Md)]
    pub(crate) format: BriefFormatArg,
    /// Add "since our last conversation": changes since this revision.
    #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub(crate) since: Option<String>,
    /// Look ahead to this date (default: the latest revisit date in feedback).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) forecast: Option<Date>,
    /// A folder of templates overriding the defaults by file name.
    #[arg(long)]
    pub(crate) templates: Option<PathBuf>,
    /// Write the brief even when the case has errors (it then says how many
    /// evidence files were left out).
    #[arg(long)]
    pub(crate) allow_errors: bool,
    #[command(flatten)]
    pub(crate) output: OutputFlag,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum BriefFormatArg {
    /// GitHub-flavoured Markdown.
    Md,
    /// One self-contained HTML file with charts.
    Html,
    /// Exactly the context the templates receive (docs/json.md).
    Json,
    /// The HTML brief printed to PDF by a local Chromium.
    Pdf,
}

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// FROM (default HEAD), or FROM..TO.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub from: Option<String>,
    /// TO (default: the working tree).
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(revision_candidates))]
    pub to: Option<String>,
    #[command(flatten)]
    pub case: CaseFlag,
    /// Score the TO side as of this date (default: its commit's date, or today for the working tree).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    #[command(flatten)]
    pub audience: AudienceFlag,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub(crate) format: DiffFormat,
    /// When to exit 1.
    #[arg(long, value_enum, default_value_t = FailOnArg::Regression)]
    pub(crate) fail_on: FailOnArg,
    /// Show a unified diff of each modified entry.
    #[arg(long)]
    pub narrative: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DiffFormat {
    Human,
    Markdown,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum FailOnArg {
    Regression,
    Errors,
    Never,
}

impl FailOnArg {
    pub(crate) fn get(self) -> FailOn {
        match self {
            FailOnArg::Regression => FailOn::Regression,
            FailOnArg::Errors => FailOn::Errors,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Args, Debug)]
pub(crate) struct TimelineArgs {
    #[command(flatten)]
    pub case: CaseArg,
    #[command(flatten)]
    pub audience: AudienceFlag,
    /// FROM..TO (either side may be empty; default: all history up to HEAD).
    #[arg(long)]
    pub range: Option<String>,
    /// Readiness at the end of each calendar month.
    #[arg(long)]
    pub monthly: bool,
    #[arg(long, value_enum, default_value_t = TimelineFormat::Human)]
    pub(crate) format: TimelineFormat,
    #[command(flatten)]
    pub(crate) output: OutputFlag,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum TimelineFormat {
    Human,
    Csv,
    Json,
    Svg,
}

#[derive(Subcommand, Debug)]
pub(crate) enum TemplatesCmd {
    /// Write the default templates into DIR (never overwriting).
    Export {
        /// The folder to write the templates into (a case's `templates/` overrides the defaults).
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// Folder for the case (default: the current folder).
    pub(crate) dir: Option<PathBuf>,
    /// The candidate's name.
    #[arg(long, default_value = "Your Name")]
    pub(crate) candidate: String,
    /// Also write a CI workflow.
    #[arg(long, value_enum)]
    pub(crate) ci: Option<CiKind>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CiKind {
    Github,
}

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// The title (default with --from-commit: the commit's subject).
    pub(crate) title: Option<String>,
    /// Competency ids (repeat, or separate with commas).
    #[arg(short = 'c', long = "competency", value_delimiter = ',', add = clap_complete::engine::ArgValueCandidates::new(competency_candidates))]
    pub(crate) competencies: Vec<String>,
    /// The scope of the work (default: the framework's home scope, your own team's).
    #[arg(long)]
    pub(crate) scope: Option<String>,
    /// The date (default: today, or the commit's date with --from-commit).
    #[arg(long, value_parser = parse_date)]
    pub(crate) date: Option<Date>,
    /// Take date, title and a link from this commit of the repository you are in.
    #[arg(long, conflicts_with = "feedback")]
    pub(crate) from_commit: Option<String>,
    /// Open the new file in $VISUAL or $EDITOR, then print check's
    /// diagnostics for it.
    #[arg(long)]
    pub(crate) edit: bool,
    /// Write a feedback file instead (with --from and --kind).
    #[arg(long, requires_all = ["from", "kind"], conflicts_with_all = ["title", "competencies", "scope"])]
    pub(crate) feedback: bool,
    /// Who gave the feedback (with --feedback).
    #[arg(long, requires = "feedback")]
    pub(crate) from: Option<String>,
    /// The conversation it came from (with --feedback).
    #[arg(long, requires = "feedback", value_parser = clap::builder::PossibleValuesParser::new(<crate::case::kinds::FeedbackKind as crate::case::kinds::Word>::NAMES))]
    pub(crate) kind: Option<String>,
    #[command(flatten)]
    pub(crate) case: CaseFlag,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ImportFrom {
    /// Columns competency, name, group, level, evidence, scope, months, behaviour_id, behaviour_text.
    Csv,
    /// The Financial Times' job-families/*.yml layout.
    Ft,
}

#[derive(Subcommand, Debug)]
pub(crate) enum FrameworkCmd {
    /// List the built-in frameworks.
    List,
    /// A built-in framework: a table of its competencies in a terminal,
    /// the YAML file otherwise (or with --yaml).
    #[command(
        after_help = "Examples:\n  promocase framework show senior-em\n  promocase framework show senior-em --yaml > framework.yaml"
    )]
    Show {
        /// The framework's id (`senior-em` or `builtin:senior-em`).
        #[arg(default_value = "senior-em")]
        id: String,
        /// A table: each competency's id, name, group, what the level expects and its behaviours.
        #[arg(long, conflicts_with = "yaml")]
        short: bool,
        /// The whole YAML file (what `> framework.yaml` gets without it too).
        #[arg(long)]
        yaml: bool,
        /// The level whose expectations the table shows (default: the highest).
        #[arg(long, value_name = "ID")]
        level: Option<String>,
    },
    /// Write a framework from a ladder kept elsewhere: a spreadsheet export (CSV) or an FT job-family YAML.
    Import {
        /// The source's layout.
        #[arg(long = "from", value_enum)]
        from: ImportFrom,
        /// The file to read.
        file: PathBuf,
        /// Evidence pieces per FT proficiency word (`--from ft`), merged over
        /// the defaults (awareness=1,foundational=1,working=2,practitioner=2,expert=3).
        #[arg(long, value_name = "WORD=N,...")]
        proficiency: Option<String>,
        /// Levels decided by people's ratings (`basis: judgement`), with no
        /// evidence count the source does not state.
        #[arg(long)]
        judgement: bool,
        #[command(flatten)]
        output: OutputFlag,
    },
    /// Write a built-in framework to a file in DIR (default: the current folder).
    Export {
        /// The framework's id (`senior-em` or `builtin:senior-em`).
        id: String,
        /// The folder to write ID.yaml into (default: the current folder).
        dir: Option<PathBuf>,
    },
}

// ----------------------------------------------------- completion and parse

/// Competency ids of the case around the current folder, for completion.
fn competency_candidates() -> Vec<clap_complete::CompletionCandidate> {
    let Ok(dir) = source::find_case_dir(Path::new(".")) else {
        return Vec::new();
    };
    let Ok(snap) = source::read_worktree(&dir) else {
        return Vec::new();
    };
    let loaded = case::load(&snap, date::today_utc(), &mut case::ParseCache::default());
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
