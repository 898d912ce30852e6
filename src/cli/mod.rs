//! The command line: flags in, library calls, exit code out.
//!
//! Like ripgrep's `flags`, parsing is separate from running: `args` holds
//! the clap structs (each shared flag declared once), and each command (or
//! family of commands) has a module whose `run` reads like its `--help`:
//! resolve the request, call the library, write what it returns.
//!
//! Exit codes (the same for every command): 0 success, 1 the case has
//! problems (or, for `diff`, what `--fail-on` names happened), 2 promocase
//! could not run. Nothing here decides anything about a case.

mod admin;
pub(crate) mod args;
mod brief;
mod calibrate;
mod check;
mod diff;
mod export;
mod scaffold;
mod serve;
mod status;
mod timeline;

pub(crate) use args::Cli;

use crate::error::Result;
use crate::pipeline;
use crate::render::{style, Style};
use args::Command;
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

/// What a command ended with.
pub(crate) enum Outcome {
    Success,
    Problems,
}

impl Outcome {
    /// `Problems` when `failed`.
    pub(crate) fn failed_if(failed: bool) -> Outcome {
        if failed {
            Outcome::Problems
        } else {
            Outcome::Success
        }
    }
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
    // The keys that open sealed files: loaded once, here at the edge.
    crate::seal::install(crate::seal::Keyring::from_environment());
    let choice = cli.color.choice();
    let out = std::io::stdout();
    let out_style = stream_style(choice, out.is_terminal(), columns(out));
    let err_style = err_style(&cli);
    match run(&cli, out_style) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            let e = e.in_command(command_name(&cli.command));
            let message = format!("{}: {e}", err_style.red("error"));
            eprintln!("{}", style::human_safe(&message));
            ExitCode::from(2)
        }
    }
}

/// The subcommand's name, for hints that say what to run instead.
fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Check(_) => "check",
        Command::Init(_) => "init",
        Command::New(_) => "new",
        Command::Status(_) => "status",
        Command::Brief(_) => "brief",
        Command::Diff(_) => "diff",
        Command::Export(_) => "export",
        Command::Calibrate(_) => "calibrate",
        Command::Timeline(_) => "timeline",
        Command::Seal(_) => "seal",
        Command::Serve(_) => "serve",
        Command::Edit { .. } => "edit",
        Command::List(_) => "list",
        Command::Show(_) => "show",
        Command::Templates(_) => "templates",
        Command::Completions { .. } => "completions",
        Command::Man { .. } => "man",
        Command::Schema { .. } => "schema",
        Command::Framework(_) => "framework",
    }
}

/// Run one parsed command line.
pub(crate) fn run(cli: &Cli, out: Style) -> Result<Outcome> {
    match &cli.command {
        Command::Check(a) => check::run(cli, a, out),
        Command::Init(a) => scaffold::init(cli, a),
        Command::New(a) => scaffold::new(a),
        Command::Status(a) => status::run(cli, a, out),
        Command::Brief(a) => brief::run(cli, a),
        Command::Diff(a) => diff::run(cli, a, out),
        Command::Export(a) => export::run(cli, a),
        Command::Calibrate(a) => calibrate::run(cli, a, out),
        Command::Timeline(a) => timeline::run(cli, a, out),
        Command::Seal(a) => scaffold::seal(a),
        Command::Serve(a) => serve::run(cli, a),
        Command::Edit { path } => scaffold::edit(path),
        Command::List(a) => status::list(cli, a, out),
        Command::Show(a) => status::show(cli, a, out),
        Command::Templates(t) => admin::templates(cli, t),
        Command::Completions { shell } => admin::completions(*shell),
        Command::Man { dir } => admin::man(dir.as_deref()),
        Command::Schema { kind } => admin::schema(kind),
        Command::Framework(f) => admin::framework(cli, f, out),
    }
}

/// `-v`: what was read, from where, as of when, and how long it took.
/// Read and score the case `read` names for `audience`, saying on stderr
/// what `-v` asks for and which evidence was left out: what `status` and
/// `export` begin with.
fn score_and_say(
    cli: &Cli,
    read: &args::ReadArgs,
    audience: crate::readiness::Audience,
) -> crate::error::Result<pipeline::Scored> {
    let started = std::time::Instant::now();
    let rev = read.rev.rev.as_deref();
    let at = pipeline::CaseAt {
        case: &read.case.path(),
        rev,
        as_of: read.rev.as_of,
    };
    let scored = pipeline::score(at, audience)?;
    say_scored(cli, &scored, started);
    let prefix = scored.snapshot.display_prefix();
    say_left_out(cli, &scored.left_out(audience), &prefix);
    Ok(scored)
}

fn say_scored(cli: &Cli, s: &pipeline::Scored, started: std::time::Instant) {
    if cli.verbose {
        eprintln!(
            "promocase: read {} from {} ({}), scored as of {} in {} ms ({} withheld)",
            crate::render::text::plural(s.loaded.files, "file", "files"),
            crate::render::escape::terminal(s.snapshot.case_label()),
            s.snapshot.origin.label(),
            s.readiness.as_of,
            started.elapsed().as_millis(),
            crate::render::text::plural(s.readiness.withheld, "entry", "entries")
        );
    }
}

/// The width of the terminal a stream goes to, if it goes to one.
fn columns(stream: impl std::os::fd::AsFd) -> Option<usize> {
    terminal_size::terminal_size_of(stream).map(|(w, _)| w.0 as usize)
}

/// Colour and width for one output stream.
fn stream_style(choice: style::ColorChoice, is_terminal: bool, columns: Option<usize>) -> Style {
    let env = |k: &str| std::env::var(k).ok();
    let mut st = style::decide(choice, is_terminal, env);
    st.width = style::width(&env, columns);
    st
}

/// Colour and width for standard error, decided as for standard output.
fn err_style(cli: &Cli) -> Style {
    let err = std::io::stderr();
    stream_style(cli.color.choice(), err.is_terminal(), columns(err))
}

/// Say on standard error which evidence readiness left out, and why.
fn say_left_out(cli: &Cli, notice: &crate::report::left_out::LeftOutNotice, prefix: &str) {
    if cli.quiet || notice.is_empty() {
        return;
    }
    let text = crate::render::text::left_out_notice(notice, prefix, err_style(cli));
    eprint!("{}", style::human_safe(&text));
}

/// Pretty JSON with a final newline: every JSON output is printed this way.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// Write a list of created paths, one a line (unless `--quiet`).
fn say_created(cli: &Cli, paths: &[std::path::PathBuf], then: &str) -> Result<()> {
    if cli.quiet {
        return Ok(());
    }
    let mut s: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    s.push_str(then);
    crate::output::write_stdout(style::human_safe(&s).as_bytes())
}
