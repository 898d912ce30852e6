//! Reading a case in two steps, so that its evidence is checked while it
//! is read.
//!
//! Checking an evidence file needs the case's configuration and framework;
//! reading thousands of them is most of the time a command takes, and
//! holding all their bytes at once is most of its memory. So a
//! [`Reading`] first reads everything but the files the caller defers
//! (evidence), and [`CaseReader::finish`] then reads those on every core,
//! handing each file to the caller's function in the thread that read it
//! and dropping its bytes right after. The source stage still knows
//! nothing of what the function does: it yields path, bytes and blob id.

use super::git::{History, Repo};
use super::worktree::{list_worktree, read_deferred};
use super::{case_dir, CommitInfo, Problem, Snapshot, SourceFile};
use crate::error::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A case read but for its deferred files.
pub(crate) struct Reading {
    /// Every file but the deferred ones (which a Git snapshot already
    /// lists, with no bytes), and every problem found so far.
    pub(crate) snapshot: Snapshot,
    rest: Rest,
}

enum Rest {
    Git(Box<History>),
    WorkTree(Vec<(String, PathBuf)>),
}

impl Reading {
    /// Read the deferred files, handing each to `f` in the thread that read
    /// it. The snapshot then lists them with no bytes (`f` had them), the
    /// ones that could not be read among its problems instead; what `f`
    /// gave, one per file read; and the Git reader it used.
    fn finish_keeping<T: Send>(
        self,
        f: impl Fn(&SourceFile) -> T + Sync,
    ) -> (Snapshot, Vec<T>, Option<Box<History>>) {
        let Reading { mut snapshot, rest } = self;
        match rest {
            Rest::Git(mut history) => {
                let out = finish_deferred(&mut history, &mut snapshot, f);
                (snapshot, out, Some(history))
            }
            Rest::WorkTree(later) => {
                let with_blob = |file: &SourceFile| (file.blob.clone(), f(file));
                let read = read_deferred(&later, with_blob);
                let out = take_deferred(&mut snapshot, read, false);
                snapshot.files.sort_by(|a, b| a.path.cmp(&b.path));
                (snapshot, out, None)
            }
        }
    }
}

/// Reads a case but for the files a caller defers ([`Reading`]), from the
/// working tree or a revision. One made with [`CaseReader::for_many`]
/// reads many cases one after another (`calibrate`) and keeps the
/// repository it opened last, with the revisions it resolved there, for the next case
/// in the same repository: 500 cases of one repository then cost one open
/// and one resolve each per reader instead of 500 (a third of the time
/// beyond reading their files). Each case is still read fresh, by a
/// `History` of its own: only the repository is shared, whose objects are
/// the same whatever case names them.
#[derive(Default)]
pub(crate) struct CaseReader {
    /// Whether to keep the repository for the next case at all: a one-off
    /// read frees it (and its mapped pack windows) as soon as it is read.
    keep: bool,
    repo: Option<Repo>,
    /// Revisions resolved in `repo` (cleared when another is opened).
    commits: HashMap<String, CommitInfo>,
}

impl CaseReader {
    /// A reader for many cases, each kept repository reused.
    pub(crate) fn for_many() -> CaseReader {
        CaseReader {
            keep: true,
            ..CaseReader::default()
        }
    }

    /// Read the case at or above `case_arg` (from the working tree, or from
    /// revision `rev`) but for the files `defer` chooses; through the
    /// repository kept from the last case when `case_arg` is in it.
    pub(crate) fn read_deferring(
        &mut self,
        case_arg: &Path,
        rev: Option<&str>,
        defer: fn(&str) -> bool,
    ) -> Result<Reading> {
        let Some(rev) = rev else {
            let (snapshot, later) = list_worktree(&case_dir(case_arg)?, defer)?;
            return Ok(Reading {
                snapshot,
                rest: Rest::WorkTree(later),
            });
        };
        let kept = self
            .repo
            .take()
            .and_then(|repo| Some((repo.locate(case_arg)?, repo)));
        let (loc, repo) = match kept {
            Some(kept) => kept,
            None => {
                self.commits.clear();
                let (repo, loc) = Repo::discover(case_arg)?;
                (loc, repo)
            }
        };
        let commit = match self.commits.get(rev) {
            Some(c) => c.clone(),
            None => {
                let c = repo.resolve(rev)?;
                self.commits.insert(rev.to_string(), c.clone());
                c
            }
        };
        let (history, snapshot) =
            super::read_in(repo, &loc, rev, &commit, |r| History::deferring(r, defer))?;
        Ok(Reading {
            snapshot,
            rest: Rest::Git(Box::new(history)),
        })
    }

    /// Read the files `reading` deferred (see [`Reading`]), keeping the repository read for the next case.
    pub(crate) fn finish<T: Send>(
        &mut self,
        reading: Reading,
        f: impl Fn(&SourceFile) -> T + Sync,
    ) -> (Snapshot, Vec<T>) {
        let (snapshot, out, history) = reading.finish_keeping(f);
        self.repo = history.filter(|_| self.keep).map(|h| h.into_repo());
        (snapshot, out)
    }
}

/// [`CaseReader::finish`] for a reader that reads a sequence of commits
/// ([`History::deferring`], as `diff` does): the files its last read
/// deferred, into the snapshot that read gave.
pub(crate) fn finish_deferred<T: Send>(
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
