//! Reading a case in two steps, so that its evidence is checked while it
//! is read.
//!
//! Checking an evidence file needs the case's configuration and framework;
//! reading thousands of them is most of the time a command takes, and
//! holding all their bytes at once is most of its memory. So a
//! [`Reading`] first reads everything but the files the caller defers
//! (evidence), and [`Reading::finish`] then reads those on every core,
//! handing each file to the caller's function in the thread that read it
//! and dropping its bytes right after. The source stage still knows
//! nothing of what the function does: it yields path, bytes and blob id.

use super::git::History;
use super::worktree::{list_worktree, read_deferred};
use super::{case_dir, Problem, Snapshot, SourceFile};
use crate::error::Result;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A case read but for its deferred files.
pub struct Reading {
    /// Every file but the deferred ones (which a Git snapshot already
    /// lists, with no bytes), and every problem found so far.
    pub snapshot: Snapshot,
    rest: Rest,
}

enum Rest {
    Git(Box<History>),
    WorkTree(Vec<(String, PathBuf)>),
}

/// Read the case at or above `case_arg` (from the working tree, or from
/// revision `rev`) but for the files `defer` chooses.
pub fn read_deferring(
    case_arg: &Path,
    rev: Option<&str>,
    defer: fn(&str) -> bool,
) -> Result<Reading> {
    match rev {
        None => {
            let (snapshot, later) = list_worktree(&case_dir(case_arg)?, defer)?;
            Ok(Reading {
                snapshot,
                rest: Rest::WorkTree(later),
            })
        }
        Some(rev) => {
            let (history, snapshot) =
                super::read_at(case_arg, rev, |repo| History::deferring(repo, defer))?;
            Ok(Reading {
                snapshot,
                rest: Rest::Git(Box::new(history)),
            })
        }
    }
}

impl Reading {
    /// Read the deferred files, handing each to `f` in the thread that read
    /// it. The snapshot then lists them with no bytes (`f` had them), the
    /// ones that could not be read among its problems instead; what `f`
    /// gave, one per file read.
    pub fn finish<T: Send>(self, f: impl Fn(&SourceFile) -> T + Sync) -> (Snapshot, Vec<T>) {
        let Reading { mut snapshot, rest } = self;
        let out = match rest {
            Rest::Git(mut history) => finish_deferred(&mut history, &mut snapshot, f),
            Rest::WorkTree(later) => {
                let with_blob = |file: &SourceFile| (file.blob.clone(), f(file));
                let read = read_deferred(&later, with_blob);
                let out = take_deferred(&mut snapshot, read, false);
                snapshot.files.sort_by(|a, b| a.path.cmp(&b.path));
                out
            }
        };
        (snapshot, out)
    }
}

/// [`Reading::finish`] for a reader that reads a sequence of commits
/// ([`History::deferring`], as `diff` does): the files its last read
/// deferred, into the snapshot that read gave.
pub fn finish_deferred<T: Send>(
    history: &mut History,
    snapshot: &mut Snapshot,
    f: impl Fn(&SourceFile) -> T + Sync,
) -> Vec<T> {
    let read = history.read_deferred(|file| (file.blob.clone(), f(file)));
    take_deferred(snapshot, read, true)
}

/// A deferred file as read: its path, and its blob id with what the
/// caller's function gave, or why it could not be read.
type Deferred<T> = (Arc<str>, Result<(Arc<str>, T), Problem>);

/// What reading deferred files gave, put into `snapshot`: files read are
/// listed with no bytes (`listed`: they already are), the others become
/// problems; what the caller's function gave, one per file read.
fn take_deferred<T>(snapshot: &mut Snapshot, read: Vec<Deferred<T>>, listed: bool) -> Vec<T> {
    let mut out = Vec::with_capacity(read.len());
    let mut unread = std::collections::HashSet::new();
    for (path, r) in read {
        match r {
            Ok((blob, t)) => {
                if !listed {
                    let bytes = Arc::default();
                    snapshot.files.push(SourceFile { path, bytes, blob });
                }
                out.push(t);
            }
            Err(problem) => {
                unread.insert(path);
                snapshot.problems.push(problem);
            }
        }
    }
    if !unread.is_empty() {
        snapshot.files.retain(|f| !unread.contains(&f.path));
    }
    out
}
