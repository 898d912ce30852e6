//! Terminal colour and width, decided once at the edge and passed down.
//!
//! Colour is on only for a terminal, unless `--color always` or
//! `CLICOLOR_FORCE` says otherwise; `NO_COLOR` and `--color never` turn it
//! off. Human output wraps to `COLUMNS`, else the terminal's width, else
//! [`DEFAULT_WIDTH`]. Renderers take a [`Style`] and never look at the
//! environment.

/// Columns of human output when neither `COLUMNS` nor a terminal says.
pub(crate) const DEFAULT_WIDTH: usize = 100;
/// The narrowest width wrapped to: below it, lines would be a word each.
const MIN_WIDTH: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style {
    pub(crate) color: bool,
    /// Columns human output wraps to.
    pub(crate) width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style::PLAIN
    }
}

impl Style {
    pub(crate) const PLAIN: Style = Style {
        color: false,
        width: DEFAULT_WIDTH,
    };

    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(crate) fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }
    pub(crate) fn red(self, s: &str) -> String {
        self.paint("1;31", s)
    }
    pub(crate) fn yellow(self, s: &str) -> String {
        self.paint("1;33", s)
    }
    pub(crate) fn green(self, s: &str) -> String {
        self.paint("1;32", s)
    }
    pub(crate) fn blue(self, s: &str) -> String {
        self.paint("1;34", s)
    }
    pub(crate) fn cyan(self, s: &str) -> String {
        self.paint("36", s)
    }
    pub(crate) fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// The colour sequences [`Style`] writes, and nothing else, may reach a
/// terminal.
const OURS: &[&str] = &[
    "\x1b[0m",
    "\x1b[1m",
    "\x1b[1;31m",
    "\x1b[1;33m",
    "\x1b[1;32m",
    "\x1b[1;34m",
    "\x1b[36m",
    "\x1b[2m",
];

/// Text for a terminal: every control character that did not come from
/// [`Style`] (an escape sequence in a title or a file name could clear the
/// screen, set the window title or plant a link) is shown as `\u{fffd}`.
/// Line feeds and tabs stay.
pub(crate) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            if let Some(seq) = OURS.iter().find(|s| rest.starts_with(**s)) {
                out.push_str(seq);
                rest = &rest[seq.len()..];
                continue;
            }
        }
        let unsafe_char = c.is_control() && c != '\n' && c != '\t';
        out.push(if unsafe_char { '\u{fffd}' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Human text for a terminal or a CI log: [`terminal_safe`], and no line
/// that a GitHub runner would obey. The runner reads stdout and stderr and
/// runs a line that starts with `::` (after leading spaces) or holds `##[`
/// as a workflow command; in human output such a line can only come from
/// user text (a long name wrapped, a title at the start of a line), so it is
/// shown with a backslash: `\::error`, `##\[`. `--format github` outputs are
/// the only ones that write commands, and do not go through this.
pub(crate) fn human_safe(text: &str) -> String {
    let text = terminal_safe(text);
    if !text.contains("::") && !text.contains("##[") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let (lead, rest) = line.split_at(indent);
        out.push_str(lead);
        if rest.starts_with("::") {
            out.push('\\');
        }
        out.push_str(&rest.replace("##[", "##\\["));
    }
    out
}

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Columns to wrap to: `COLUMNS` when it is a number, else the width of
/// the terminal the output goes to (`terminal`), else [`DEFAULT_WIDTH`].
pub(crate) fn width(env: &impl Fn(&str) -> Option<String>, terminal: Option<usize>) -> usize {
    let columns = env("COLUMNS").and_then(|c| c.trim().parse::<usize>().ok());
    columns.or(terminal).unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH)
}

/// Decide colour from the flag, the environment and whether the output is a
/// terminal, and the width to wrap to. `env` is passed in so the decision is
/// testable.
pub(crate) fn decide(
    choice: ColorChoice,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> Style {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR") {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                is_terminal && env("TERM").as_deref() != Some("dumb")
            }
        }
    };
    Style {
        color,
        width: DEFAULT_WIDTH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_decision_table() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        type Row = (
            ColorChoice,
            bool,
            &'static [(&'static str, &'static str)],
            bool,
        );
        let table: &[Row] = &[
            (ColorChoice::Auto, true, &[], true),
            (ColorChoice::Auto, false, &[], false),
            (ColorChoice::Auto, true, &[("NO_COLOR", "1")], false),
            (ColorChoice::Auto, false, &[("CLICOLOR_FORCE", "1")], true),
            (
                ColorChoice::Auto,
                true,
                &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
                false,
            ),
            (ColorChoice::Auto, true, &[("TERM", "dumb")], false),
            (ColorChoice::Always, false, &[("NO_COLOR", "1")], true),
            (ColorChoice::Never, true, &[("CLICOLOR_FORCE", "1")], false),
        ];
        for (choice, tty, vars, want) in table {
            assert_eq!(
                decide(*choice, *tty, env(vars)).color,
                *want,
                "{choice:?} {tty} {vars:?}"
            );
        }
    }
}
