//! Git, behind one facade: the only place in promocase that names `git2`.
//!
//! Three concerns, one file each: [`repo`] opens a repository, resolves
//! revisions and reads a case at a sequence of commits; [`objects`] reads
//! loose objects with a bound (libgit2 hangs on truncated ones); and
//! [`tree_cache`] keeps the listings of the trees the last commit used, so
//! that reading the next commit costs what it changed.

mod objects;
mod repo;
mod tree_cache;

pub use repo::{CaseAt, CaseLocation, History, Repo};

use crate::error::{Error, Result};
use crate::source::CommitInfo;
use std::path::Path;

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::Git {
            message: e.message().to_string(),
        }
    }
}

/// The blob id Git would give these bytes (computed, nothing written).
pub fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|o| o.to_string())
        .unwrap_or_default()
}

/// A commit's date, subject and id, for `promocase new --from-commit`.
pub fn describe_commit(repo_dir: &Path, rev: &str) -> Result<CommitInfo> {
    let (repo, _) = Repo::discover(repo_dir)?;
    repo.resolve(rev)
}

/// Is `dir` a bare repository (no working tree to read)?
pub(crate) fn is_bare_repository(dir: &Path) -> bool {
    git2::Repository::open(dir).is_ok_and(|r| r.is_bare())
}

/// The working tree root of the repository holding `dir` (or the nearest
/// existing folder above it), `None` outside any repository. A `.git` that
/// cannot be opened is an error saying why, so that nothing is created
/// inside a repository promocase does not understand.
pub fn repository_root(dir: &Path) -> Result<Option<std::path::PathBuf>> {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for a in abs.ancestors() {
        if !a.join(".git").exists() {
            continue;
        }
        return match git2::Repository::open(a) {
            Ok(r) => Ok(Some(r.workdir().unwrap_or(a).to_path_buf())),
            Err(e) => Err(Error::Git {
                message: format!(
                    "cannot open the repository at `{}`: {}\n  help: nothing was written; run promocase where git itself works (`git status`)",
                    a.display(),
                    e.message()
                ),
            }),
        };
    }
    Ok(None)
}

/// `git init` (used by `promocase init` only; never by a reading command).
pub fn init_repository(dir: &Path) -> Result<()> {
    git2::Repository::init(dir)?;
    Ok(())
}

/// Branch, remote-branch and tag names of the repository around `dir`
/// (for shell completion; empty outside a repository).
pub fn revision_names(dir: &Path) -> Vec<String> {
    let Ok(repo) = git2::Repository::discover(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = match repo.references() {
        Ok(refs) => refs
            .flatten()
            .filter_map(|r| r.shorthand().ok().map(str::to_string))
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names.dedup();
    names
}
