//! Where a case's files come from: the working tree or a Git revision.
//!
//! This is the only stage that touches Git or the file system for reading.
//! Everything after it sees a [`Snapshot`] (a list of `(path, bytes, blob
//! id)` plus the entries that could not be read) or [`Changes`], so one code
//! path validates and scores a case whether it was read from disk or from
//! any commit (also in a bare repository, with no checkout).
//!
//! - `snapshot`: the plain data handed on;
//! - `worktree`: the case as it is on disk;
//! - `git`: the case at any revision, and at a sequence of revisions.
//!
//! Reading never writes: the object database is opened read-only in effect
//! (no index refresh, no lock files), and working-tree files are only read.

pub(crate) mod git;
mod reading;
pub(crate) mod snapshot;
mod worktree;

pub use git::blob_id;
pub(crate) use git::{
    commit_url, describe_commit, init_repository, repository_folder, repository_root,
    revision_names,
};
pub use git::{CaseAt, CaseLocation, History, Repo};
pub(crate) use reading::{finish_deferred, CaseReader};
pub use snapshot::{CaseFolder, Changes, CommitInfo, Origin, Problem, Snapshot, SourceFile};
pub(crate) use worktree::fingerprint as worktree_fingerprint;
pub use worktree::read_worktree;
pub(crate) use worktree::{cases_under, find_case_dir, read_templates};

use crate::error::{Error, Result};
use std::path::Path;

/// The case's configuration file name.
pub(crate) const CONFIG_FILE: &str = "promocase.yaml";

/// Files larger than this are reported (`file-too-large`) and never read.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Folders nested deeper than this inside a case are not read (a skipped
/// entry when evidence could be there): a case is a few levels deep, and a
/// tree thousands of folders deep must not exhaust the stack.
pub(crate) const MAX_DEPTH: usize = 64;

/// How deep a case-relative path's folder is (`evidence/2026` is 2).
pub(crate) fn depth(path: &str) -> usize {
    if path.is_empty() {
        0
    } else {
        path.matches('/').count() + 1
    }
}

/// The problem for a folder below [`MAX_DEPTH`].
pub(crate) fn too_deep(path: String) -> Problem {
    Problem::Skipped {
        path,
        what: format!("a folder nested more than {MAX_DEPTH} levels deep"),
    }
}

/// Whether promocase reads a file at this case-relative path.
pub(crate) fn wanted(path: &str) -> bool {
    let under = |dir: &str, ext: &str| path.starts_with(dir) && path.ends_with(ext);
    path == CONFIG_FILE
        || path == "pitch.md"
        || path == "pitch.md.age"
        || path == "pitch.shareable.md"
        || path.ends_with(".yaml")
        || path.ends_with(".yml")
        || under("evidence/", ".md")
        || under("feedback/", ".md")
        || under("evidence/", ".md.age")
        || under("feedback/", ".md.age")
        || under("templates/", ".hbs")
}

pub(crate) fn reportable(path: &str) -> bool {
    wanted(path)
        || ["evidence", "feedback", "templates"]
            .iter()
            .any(|d| path == *d || path.starts_with(&format!("{d}/")))
}

pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Read the case at or above `case_arg`: from the working tree, or from
/// revision `rev` of the repository that holds it.
pub fn read(case_arg: &Path, rev: Option<&str>) -> Result<Snapshot> {
    match rev {
        None => read_worktree(&case_dir(case_arg)?),
        Some(rev) => Ok(read_at(case_arg, rev, History::new)?.1),
    }
}

/// The case at or above `case_arg` at revision `rev`, read through the
/// reader `history` makes of its repository (which is handed back).
fn read_at(
    case_arg: &Path,
    rev: &str,
    history: impl FnOnce(Repo) -> History,
) -> Result<(History, Snapshot)> {
    let (repo, loc) = Repo::discover(case_arg)?;
    let commit = repo.resolve(rev)?;
    read_in(repo, &loc, rev, &commit, history)
}

/// [`read_at`] in a repository already open, at a revision resolved.
fn read_in(
    repo: Repo,
    loc: &CaseLocation,
    rev: &str,
    commit: &CommitInfo,
    history: impl FnOnce(Repo) -> History,
) -> Result<(History, Snapshot)> {
    let rel = repo.case_folder(commit, &loc.rel)?;
    let mut history = history(repo);
    let snap = history.read_case_in(rev, commit, &rel)?;
    let snap = snap.ok_or_else(|| Error::CaseAbsent {
        case: if rel.is_empty() { ".".into() } else { rel },
        rev: rev.to_string(),
    })?;
    Ok((history, snap))
}

/// The case folder at or above `case_arg` on disk.
fn case_dir(case_arg: &Path) -> Result<std::path::PathBuf> {
    match find_case_dir(case_arg) {
        // A bare repository has no working tree to read.
        Err(Error::NoCase { .. }) if git::is_bare_repository(case_arg) => {
            Err(Error::BareRepository {
                path: case_arg.to_path_buf(),
            })
        }
        found => found,
    }
}

/// What to put before a case path to name the file from the repository
/// root (`career/`), whatever the current folder: what CI annotations need
/// to attach to a pull request's files. Outside a repository, as messages
/// show it.
pub(crate) fn repository_prefix(snap: &Snapshot) -> String {
    let CaseFolder::WorkTree { dir, .. } = &snap.case else {
        return snap.display_prefix();
    };
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match repository_root(dir) {
        Ok(Some(root)) => match canon(dir).strip_prefix(canon(&root)) {
            Ok(rel) if rel.as_os_str().is_empty() => String::new(),
            Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
            Err(_) => snap.display_prefix(),
        },
        _ => snap.display_prefix(),
    }
}

/// A path for messages: relative to the current folder when under it.
pub(crate) fn display_path(p: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    let canon = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match cwd.as_deref().and_then(|c| canon.strip_prefix(c).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => String::new(),
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => canon.to_string_lossy().into_owned(),
    }
}
