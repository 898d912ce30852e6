//! Diagnostics: problems found in a case, each with a stable code.
//!
//! Diagnostics are plain data. The `case` stage produces them, and
//! `render::diagnostics` turns them into rustc-style text, JSON or GitHub
//! workflow commands. The codes are a public interface (CI scripts match on
//! them), so they are an enum whose kebab-case names never change.
//!
//! Readers say what is wrong with a constructor of `catalogue` and where
//! with a `ByteSpan`; `SourceText` turns the span into line, column and
//! caret from a line index built once per file.

use serde::Serialize;

pub(crate) mod catalogue;
mod span;

pub(crate) use catalogue::Message;
#[cfg(test)]
pub(crate) use span::LineIndex;
use span::Place;
pub(crate) use span::{ByteSpan, SourceText};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a failure (`--deny-warnings` ignores notes).
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
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
    /// `shows` names a behaviour the framework does not define, or one of a
    /// competency the entry is not tagged with.
    UnknownBehaviour = "unknown-behaviour", Error;
    /// `closes` names a feedback action id no feedback file defines.
    UnknownAction = "unknown-action", Error;
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
    /// The target level is on another track than the current one.
    TrackChange = "track-change", Warning;
    /// Tagged only with competencies the target level does not assess.
    NotAssessed = "not-assessed", Warning;
    /// The waivers leave the target level unable to become `ready`: every
    /// competency waived, or fewer assessed than `at-least` needs met.
    NeverReady = "never-ready", Warning;
    /// Dated before the evidence window: not counted.
    OutsideWindow = "outside-window", Note;
    /// `example: true`: an example entry, which never counts.
    ExampleEntry = "example-entry", Note;
    /// A field still holds the example `new` wrote for it.
    PlaceholderText = "placeholder-text", Warning;
    /// Work beyond the home scope that names no witness.
    NoWitness = "no-witness", Warning;
    /// An impact with no number in it: nothing says how much changed.
    UnmeasuredImpact = "unmeasured-impact", Note;
    /// `until: ongoing` on work older than the window.
    OngoingTooLong = "ongoing-too-long", Warning;
    /// The pitch names an entry its readers may not see.
    PitchNamesHidden = "pitch-names-hidden", Warning;
    /// An open feedback action with no `id`: evidence cannot `closes:` it.
    ActionWithoutId = "action-without-id", Note;
    /// A private or manager-only file in plain text in a case that seals.
    Unsealed = "unsealed", Error;
    /// A sealed file no key this reader holds opens: not counted.
    Sealed = "sealed", Note;
    /// Two entries tell the same story word for word.
    SameNarrative = "same-narrative", Warning;
    /// A waived competency that evidence in the window counts for.
    WaivedWithEvidence = "waived-with-evidence", Note;
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
    pub(crate) message: String,
    pub help: Option<String>,
    /// The source line the caret points into (not serialised).
    #[serde(skip)]
    pub(crate) source_line: Option<String>,
    /// Characters the caret underlines (not serialised).
    #[serde(skip)]
    pub(crate) len: usize,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub(crate) fn file(path: &str, m: Message) -> Self {
        Diagnostic {
            severity: m.code.severity(),
            code: m.code,
            path: path.to_string(),
            line: 0,
            column: 0,
            message: m.message,
            help: m.help,
            source_line: None,
            len: 0,
        }
    }

    /// A diagnostic at `span` of `src`.
    pub(crate) fn at(src: &SourceText<'_>, span: ByteSpan, m: Message) -> Self {
        Diagnostic::placed(src.path, src.place(span), m)
    }

    /// A diagnostic at `place` of the file at `path`.
    fn placed(path: &str, place: Place, m: Message) -> Self {
        Diagnostic {
            line: place.line,
            column: place.column,
            len: place.len,
            source_line: Some(place.source_line),
            ..Diagnostic::file(path, m)
        }
    }

    /// The same place, another problem (a place found early, reported later).
    pub(crate) fn with_message(&self, m: Message) -> Self {
        Diagnostic {
            severity: m.code.severity(),
            code: m.code,
            message: m.message,
            help: m.help,
            ..self.clone()
        }
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A place found while a file was read, for a diagnostic reported later,
/// if at all (it depends on the as-of date, or on other files): the path
/// and the place, without a message, which is written only when the
/// diagnostic is. Every evidence entry keeps two; as placeholder
/// diagnostics they were half a kilobyte each (60 MB of a 100,000-entry
/// case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spot {
    path: std::sync::Arc<str>,
    place: Place,
}

impl Spot {
    /// The place of `span` in `src`; `path` is `src`'s, shared between the
    /// spots of one file.
    pub(crate) fn at(src: &SourceText<'_>, path: std::sync::Arc<str>, span: ByteSpan) -> Spot {
        let place = src.place(span);
        Spot { path, place }
    }

    /// The diagnostic `m` at this place.
    pub(crate) fn with_message(&self, m: Message) -> Diagnostic {
        Diagnostic::placed(&self.path, self.place.clone(), m)
    }
}

/// Whether any of `diagnostics` is an error.
pub(crate) fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The diagnostics of a load: sorted as every output lists them (by path,
/// line, column, code), each once, with their counts. The one place
/// diagnostics are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    errors: usize,
}

impl Diagnostics {
    pub(crate) fn new(mut list: Vec<Diagnostic>) -> Diagnostics {
        list.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
        });
        list.dedup();
        let errors = list.iter().filter(|d| d.is_error()).count();
        Diagnostics { list, errors }
    }

    /// Errors among `list` once sorted and deduplicated, without keeping
    /// them (most files have none: then nothing is copied).
    pub(crate) fn count_errors(list: &[Diagnostic]) -> usize {
        if has_errors(list) {
            Diagnostics::new(list.to_vec()).errors
        } else {
            0
        }
    }

    pub(crate) fn errors(&self) -> usize {
        self.errors
    }

    pub(crate) fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub(crate) fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}
