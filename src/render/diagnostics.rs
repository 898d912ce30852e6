//! `check`'s output: rustc-style text, JSON, or GitHub workflow commands.

use super::escape::gh_escape;
use super::escape::terminal as one_line;
use super::style::Style;
use super::text::plural;
use crate::diagnostic::{Diagnostics, Severity};
use serde::Serialize;

/// Notes summed up in one line each rather than shown, unless `verbose`:
/// a case with years of history has hundreds of entries older than the
/// window, and most impacts are outcomes in words. (code, what the line
/// says of N entries: one, many.) Other notes are few and each shown.
const SUMMED: &[(crate::diagnostic::Code, &str, &str)] = &[
    (
        crate::diagnostic::Code::OutsideWindow,
        "entry is older than the window and not counted",
        "entries are older than the window and not counted",
    ),
    (
        crate::diagnostic::Code::UnmeasuredImpact,
        "entry has an impact with no number",
        "entries have an impact with no number",
    ),
];

fn summed_up(d: &crate::diagnostic::Diagnostic, verbose: bool) -> bool {
    !verbose && SUMMED.iter().any(|(c, _, _)| *c == d.code)
}

/// Each summed-up kind present: (count, phrase for that count).
fn sums(diags: &Diagnostics) -> Vec<String> {
    let counted = SUMMED.iter().map(|(code, one, many)| {
        let n = diags.iter().filter(|d| d.code == *code).count();
        (n, format!("{n} {}", if n == 1 { one } else { many }))
    });
    counted.filter(|(n, _)| *n > 0).map(|(_, s)| s).collect()
}

/// Human output: one block per diagnostic, then a summary line.
pub(crate) fn human(
    diags: &Diagnostics,
    prefix: &str,
    files: usize,
    style: Style,
    verbose: bool,
) -> String {
    let mut out = String::new();
    for d in diags.iter().filter(|d| !summed_up(d, verbose)) {
        block(d, prefix, style, &mut out);
    }
    let (errors, warnings, notes) = (diags.errors(), diags.warnings(), diags.notes());
    for said in sums(diags).iter().filter(|_| !verbose) {
        let them = if said.starts_with("1 ") { "it" } else { "them" };
        let note = style.cyan("note");
        out.push_str(&format!("{note}: {said}; `-v` lists {them}\n\n"));
    }
    let mut summary = format!(
        "{} checked: {}, {}",
        plural(files, "file", "files"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if notes > 0 {
        summary.push_str(&format!(", {}", plural(notes, "note", "notes")));
    }
    let summary = if errors > 0 {
        style.red(&summary)
    } else if warnings > 0 {
        style.yellow(&summary)
    } else {
        style.green(&summary)
    };
    out.push_str(&summary);
    out.push('\n');
    out
}

/// Text in the colour of a severity.
fn in_colour(style: Style, severity: Severity, text: &str) -> String {
    match severity {
        Severity::Error => style.red(text),
        Severity::Warning => style.yellow(text),
        Severity::Note => style.cyan(text),
    }
}

/// One diagnostic as rustc writes one: the message, the place, the source
/// line with a caret under the value, the help.
fn block(d: &crate::diagnostic::Diagnostic, prefix: &str, style: Style, out: &mut String) {
    let sev = in_colour(
        style,
        d.severity,
        &format!("{}[{}]", d.severity.as_str(), d.code.as_str()),
    );
    let message = style.bold(&one_line(&d.message));
    out.push_str(&format!("{sev}{} {message}\n", style.bold(":")));
    let path = one_line(&format!("{prefix}{}", d.path)).into_owned();
    let loc = if d.line > 0 {
        format!("{path}:{}:{}", d.line, d.column)
    } else {
        path
    };
    let pad = " ".repeat(d.line.to_string().len().max(1));
    out.push_str(&format!("{pad}{} {loc}\n", style.blue("-->")));
    if let (Some(src), true) = (&d.source_line, d.line > 0) {
        let bar = style.blue("|");
        out.push_str(&format!("{pad} {bar}\n"));
        // Tabs would shift the caret; show them as spaces.
        let shown = src.replace('\t', " ");
        let shown: String = if shown.chars().count() > 200 {
            shown.chars().take(200).collect::<String>() + "…"
        } else {
            shown
        };
        let number = style.blue(&d.line.to_string());
        out.push_str(&format!("{number} {bar} {shown}\n"));
        let caret_pad = " ".repeat(d.column.saturating_sub(1).min(200));
        let room = 200usize.saturating_sub(d.column.saturating_sub(1)).max(1);
        let carets = in_colour(style, d.severity, &"^".repeat(d.len.clamp(1, room)));
        out.push_str(&format!("{pad} {bar} {caret_pad}{carets}\n"));
    }
    if let Some(h) = &d.help {
        let h = one_line(h);
        out.push_str(&format!(
            "{pad} {} {}: {h}\n",
            style.blue("="),
            style.bold("help")
        ));
    }
    out.push('\n');
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    severity: &'static str,
    code: &'static str,
    path: String,
    line: usize,
    column: usize,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiag<'a>>,
    errors: usize,
    warnings: usize,
    notes: usize,
    files: usize,
}

/// `{"diagnostics":[...],"errors":N,"warnings":N,"files":N}`.
pub(crate) fn json(diags: &Diagnostics, prefix: &str, files: usize) -> String {
    let (errors, warnings) = (diags.errors(), diags.warnings());
    let report = JsonReport {
        diagnostics: diags
            .iter()
            .map(|d| JsonDiag {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                path: format!("{prefix}{}", d.path),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        errors,
        warnings,
        notes: diags.notes(),
        files,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands: `::error file=..,line=..,col=..,title=CODE::message`.
pub(crate) fn github(diags: &Diagnostics, prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note if summed_up(d, false) => continue,
            Severity::Note => "notice",
        };
        let mut props = vec![format!(
            "file={}",
            gh_escape(&format!("{prefix}{}", d.path), true)
        )];
        if d.line > 0 {
            props.push(format!("line={}", d.line));
            props.push(format!("col={}", d.column));
        }
        props.push(format!("title={}", gh_escape(d.code.as_str(), true)));
        let msg = match &d.help {
            Some(h) => format!("{} (help: {h})", d.message),
            None => d.message.clone(),
        };
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            gh_escape(&msg, false)
        ));
    }
    // Entries older than the window would flood a pull request's files:
    // one line for all of them.
    for said in sums(diags) {
        out.push_str(&format!("::notice title=promocase::{said}\n"));
    }
    out
}
