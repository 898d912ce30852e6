//! The plain data the source stage hands on: a case's files at one point
//! in time, or what changed between two points. Nothing here knows Git or
//! the file system; `case` and the tests build these directly.

use crate::date::{self, Date};
use std::path::PathBuf;
use std::sync::Arc;

/// One file of the case.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the case folder, `/`-separated.
    pub path: Arc<str>,
    pub bytes: Arc<Vec<u8>>,
    /// The Git blob id of the bytes (hex), also for working-tree files.
    pub blob: Arc<str>,
}

/// An entry that was found but not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A symbolic link, submodule or other non-regular entry.
    Skipped { path: String, what: String },
    /// Over `MAX_FILE_BYTES`.
    TooLarge { path: String, size: u64 },
    /// Permission denied, a corrupt object, a name that is not UTF-8.
    Unreadable { path: String, message: String },
}

impl Problem {
    /// The path the problem is at.
    pub(crate) fn path(&self) -> &str {
        match self {
            Problem::Skipped { path, .. }
            | Problem::TooLarge { path, .. }
            | Problem::Unreadable { path, .. } => path,
        }
    }
}

/// Which content a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    WorkingTree,
    Commit {
        /// The revision as the user wrote it.
        rev: String,
        /// Full commit id.
        id: String,
        /// Committer date, UTC.
        date: Date,
    },
}

impl Origin {
    /// Short label: the abbreviated commit id, or "working tree".
    pub(crate) fn label(&self) -> String {
        match self {
            Origin::WorkingTree => "working tree".to_string(),
            Origin::Commit { id, .. } => id.chars().take(10).collect(),
        }
    }

    /// The as-of date this origin implies: the commit date, else today (UTC).
    pub(crate) fn default_as_of(&self) -> Date {
        match self {
            Origin::WorkingTree => date::today_utc(),
            Origin::Commit { date, .. } => *date,
        }
    }
}

/// The files of a case at one point in time.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub origin: Origin,
    /// Where the case folder is.
    pub case: CaseFolder,
    /// Sorted by path (byte order).
    pub files: Vec<SourceFile>,
    pub problems: Vec<Problem>,
}

/// What changed in a case between two reads of it
/// (`super::git::History::read_changes`):
/// what `timeline` works from, so a commit costs what it changed.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Files added or whose content changed, in path order.
    pub upserted: Vec<SourceFile>,
    /// Paths of files no longer there.
    pub removed: Vec<Arc<str>>,
    /// Every entry of the new state that could not be read (few; the whole
    /// list, not a change).
    pub problems: Vec<Problem>,
}

/// Where a snapshot's case folder is: its meaning depends on where the
/// snapshot was read, so the two kinds are told apart by type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseFolder {
    /// A folder on disk; `shown` is how messages name it (relative to the
    /// current folder when under it, `""` when it is the current folder).
    WorkTree { dir: PathBuf, shown: String },
    /// A folder of a Git tree, relative to the repository root, `/`-separated
    /// (`""` at the root).
    InRepository(String),
}

impl Default for CaseFolder {
    fn default() -> Self {
        CaseFolder::InRepository(String::new())
    }
}

impl CaseFolder {
    /// The folder as messages show it (`""` for the current folder or the
    /// repository root).
    pub(crate) fn shown(&self) -> &str {
        match self {
            CaseFolder::WorkTree { shown, .. } => shown,
            CaseFolder::InRepository(rel) => rel,
        }
    }
}

impl Snapshot {
    /// The case folder for messages: `.` for the current folder or root.
    pub(crate) fn case_label(&self) -> &str {
        match self.case.shown() {
            "" => ".",
            s => s,
        }
    }

    /// What to put before a case-relative path to show it (`career/`).
    pub(crate) fn display_prefix(&self) -> String {
        match self.case.shown() {
            "" => String::new(),
            s => format!("{s}/"),
        }
    }
}

/// A commit, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub(crate) id: String,
    pub(crate) date: Date,
    pub(crate) summary: String,
}
