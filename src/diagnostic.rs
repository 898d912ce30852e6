//! Diagnostics: problems found in a case, each with a stable code.
//!
//! Diagnostics are plain data. The `case` stage produces them, and
//! `render::diagnostics` turns them into rustc-style text, JSON or GitHub
//! workflow commands. The codes are a public interface (CI scripts match on
//! them), so they are an enum whose kebab-case names never change.

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident;)*) => {
        /// A diagnostic's stable code. See `docs/diagnostics.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity this code always has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
        }
    };
}

codes! {
    /// The file does not start with a `---` line.
    FrontMatterMissing = "front-matter-missing", Error;
    /// No closing `---` line after the opening one.
    FrontMatterUnterminated = "front-matter-unterminated", Error;
    /// The YAML does not parse.
    YamlSyntax = "yaml-syntax", Error;
    /// A key appears twice in one mapping.
    DuplicateKey = "duplicate-key", Error;
    /// A required field is absent.
    MissingField = "missing-field", Error;
    /// A field promocase does not know.
    UnknownField = "unknown-field", Error;
    /// A value of the wrong kind (a number where a list is expected).
    WrongType = "wrong-type", Error;
    /// Not a real `YYYY-MM-DD` calendar date.
    InvalidDate = "invalid-date", Error;
    /// A competency id the framework does not define.
    UnknownCompetency = "unknown-competency", Error;
    /// A scope the framework does not define.
    UnknownScope = "unknown-scope", Error;
    /// A level id the framework does not define.
    UnknownLevel = "unknown-level", Error;
    /// The same date and title twice.
    DuplicateEvidence = "duplicate-evidence", Error;
    /// The file is not valid UTF-8.
    NotUtf8 = "not-utf8", Error;
    /// The file is over 1 MiB and was not read.
    FileTooLarge = "file-too-large", Error;
    /// The file could not be read (permissions, a corrupt Git object).
    Unreadable = "unreadable", Error;
    /// The framework is not valid.
    FrameworkInvalid = "framework-invalid", Error;
    /// `promocase.yaml` is not valid.
    ConfigInvalid = "config-invalid", Error;
    /// Dated after the as-of date.
    FutureDate = "future-date", Warning;
    /// The date in the file name differs from the `date` field.
    FilenameDateMismatch = "filename-date-mismatch", Warning;
    /// No narrative after the front matter.
    EmptyNarrative = "empty-narrative", Warning;
    /// No `impact` field.
    MissingImpact = "missing-impact", Warning;
    /// A symbolic link, submodule or other non-regular entry was skipped.
    SkippedEntry = "skipped-entry", Warning;
}

/// A place in a file: 1-based line and column (in characters), and how many
/// characters the caret underlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Path relative to the case folder, `/`-separated.
    pub path: String,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem is about the whole file.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// The source line the caret points into (not serialised).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Characters the caret underlines (not serialised).
    #[serde(skip)]
    pub len: usize,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn file(code: Code, path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            path: path.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            len: 0,
        }
    }

    /// A diagnostic at a place in `text` (the whole file's text). The place
    /// is kept inside the text: parsers sometimes report a column past the
    /// end of a line (at a `\r`, or at the end of the input), and a caret
    /// must never point outside the file.
    pub fn at(code: Code, path: &str, text: &str, span: Span, message: impl Into<String>) -> Self {
        let lines: Vec<&str> = text.split('\n').collect();
        let line = span.line.clamp(1, lines.len());
        let source = lines[line - 1].trim_end_matches('\r');
        let width = source.chars().count();
        let column = span.column.clamp(1, width + 1);
        Diagnostic {
            line,
            column,
            len: span.len.min(width + 1 - column).max(1),
            source_line: Some(source.to_string()),
            ..Diagnostic::file(code, path, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Counts of a set of diagnostics.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// "did you mean `x`?" for the closest candidate, if any is close enough.
pub fn did_you_mean<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = value.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            2.0 // differs only in case: always the best suggestion
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}
