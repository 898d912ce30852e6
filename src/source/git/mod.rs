//! Git, behind one facade: the only place in promocase that names `git2`.
//!
//! One concern per file: [`repo`] opens a repository, resolves revisions
//! and finds the case in a commit; [`history`] reads a case at a sequence of
//! commits, each tree listed beside its [`listing`] in the commit read
//! before, so that reading the next commit costs what it changed;
//! [`objects`] reads loose objects with a bound (libgit2 hangs on truncated
//! ones); [`blobs`] reads many blobs on every core.

mod blobs;
mod guard;
mod history;
mod listing;
mod objects;
mod pack_order;
mod repo;

/// Why a blob was not handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Missed {
    /// Over [`crate::source::MAX_FILE_BYTES`] (not inflated).
    TooLarge,
    /// Missing, corrupt or not a blob, with Git's words.
    Unreadable(String),
}

pub use history::History;
pub use repo::{CaseAt, CaseLocation, Repo};

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
pub(crate) fn describe_commit(repo_dir: &Path, rev: &str) -> Result<CommitInfo> {
    let (repo, _) = Repo::discover(repo_dir)?;
    repo.resolve(rev)
}

/// A web link to commit `id` when the repository around `repo_dir` has an
/// `origin` on a forge whose commit pages are known (GitHub, GitLab,
/// Bitbucket, Codeberg); `None` otherwise.
pub(crate) fn commit_url(repo_dir: &Path, id: &str) -> Option<String> {
    let repo = repo::open(|| git2::Repository::discover(repo_dir)).ok()?;
    let remote = repo.find_remote("origin").ok()?;
    forge_commit_url(remote.url().ok()?, id)
}

/// The commit page of `id` for a remote URL (`git@host:owner/repo.git` or
/// `https://host/owner/repo`).
pub(crate) fn forge_commit_url(remote: &str, id: &str) -> Option<String> {
    let rest = remote
        .strip_prefix("https://")
        .or_else(|| remote.strip_prefix("http://"))
        .or_else(|| remote.strip_prefix("ssh://git@"))
        .or_else(|| remote.strip_prefix("git@"))?;
    let (host, path) = rest.split_once([':', '/'])?;
    let host = host.rsplit('@').next()?;
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    let commit = match host {
        "github.com" | "codeberg.org" => "commit",
        "gitlab.com" => "-/commit",
        "bitbucket.org" => "commits",
        _ => return None,
    };
    let safe = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    };
    (safe(path) && id.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("https://{host}/{path}/{commit}/{id}"))
}

/// The files below `case_dir` that a sparse checkout leaves out of the
/// working tree (skip-worktree entries of the index), with the content the
/// index has for them; empty for an ordinary checkout.
pub(crate) fn sparse_files(case_dir: &Path) -> Vec<crate::source::SourceFile> {
    let Ok(repo) = repo::open(|| git2::Repository::discover(case_dir)) else {
        return Vec::new();
    };
    // Only a sparse checkout has such entries: no index read otherwise.
    let sparse = repo
        .config()
        .and_then(|c| c.get_bool("core.sparseCheckout"))
        .unwrap_or(false);
    if !sparse {
        return Vec::new();
    }
    let (Some(root), Ok(index)) = (repo.workdir(), repo.index()) else {
        return Vec::new();
    };
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let Ok(rel) = canon(case_dir)
        .strip_prefix(canon(root))
        .map(|r| r.to_path_buf())
    else {
        return Vec::new();
    };
    let prefix = match rel.to_string_lossy().replace('\\', "/") {
        p if p.is_empty() => String::new(),
        p => format!("{p}/"),
    };
    const SKIP_WORKTREE: u16 = 1 << 14;
    let mut out = Vec::new();
    for e in index.iter() {
        if e.flags_extended & SKIP_WORKTREE == 0 || e.mode != 0o100644 {
            continue;
        }
        let Some(path) = std::str::from_utf8(&e.path)
            .ok()
            .and_then(|p| p.strip_prefix(&prefix))
        else {
            continue;
        };
        let limit = crate::source::MAX_FILE_BYTES;
        let bytes = match objects::read_loose(&repo.path().join("objects"), e.id, limit) {
            Some(Ok(objects::LooseObject {
                kind,
                data: Some(d),
            })) if kind == "blob" => d,
            Some(_) => continue,
            None => match repo.find_blob(e.id) {
                Ok(b) if b.size() as u64 <= limit => b.content().to_vec(),
                _ => continue,
            },
        };
        out.push(crate::source::SourceFile {
            path: path.into(),
            bytes: std::sync::Arc::new(bytes),
            blob: e.id.to_string().into(),
        });
    }
    out
}

/// Is `dir` a bare repository (no working tree to read)?
pub(crate) fn is_bare_repository(dir: &Path) -> bool {
    repo::open(|| git2::Repository::open(dir)).is_ok_and(|r| r.is_bare())
}

/// The folder of the repository around `dir` as the file system shows it
/// (the nearest folder with a `.git`, canonical), without opening it: for
/// telling, case by case, whether cases share a repository.
pub(crate) fn repository_folder(dir: &Path) -> Option<std::path::PathBuf> {
    let abs = dir.canonicalize().ok()?;
    abs.ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The working tree root of the repository holding `dir` (or the nearest
/// existing folder above it), `None` outside any repository. A `.git` that
/// cannot be opened is an error saying why, so that nothing is created
/// inside a repository promocase does not understand.
pub(crate) fn repository_root(dir: &Path) -> Result<Option<std::path::PathBuf>> {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for a in abs.ancestors() {
        if !a.join(".git").exists() {
            continue;
        }
        return match repo::open(|| git2::Repository::open(a)) {
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
pub(crate) fn init_repository(dir: &Path) -> Result<()> {
    repo::open(|| git2::Repository::init(dir))?;
    Ok(())
}

/// Branch, remote-branch and tag names of the repository around `dir`
/// (for shell completion; empty outside a repository).
pub(crate) fn revision_names(dir: &Path) -> Vec<String> {
    let Ok(repo) = repo::open(|| git2::Repository::discover(dir)) else {
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

#[cfg(test)]
mod tests {
    use super::forge_commit_url;

    #[test]
    fn commit_links_for_known_forges() {
        let id = "032ba60aa";
        let table = [
            (
                "git@github.com:acme/work.git",
                Some("https://github.com/acme/work/commit/032ba60aa"),
            ),
            (
                "https://github.com/acme/work",
                Some("https://github.com/acme/work/commit/032ba60aa"),
            ),
            (
                "https://gitlab.com/g/sub/work.git",
                Some("https://gitlab.com/g/sub/work/-/commit/032ba60aa"),
            ),
            (
                "ssh://git@bitbucket.org/acme/work.git",
                Some("https://bitbucket.org/acme/work/commits/032ba60aa"),
            ),
            (
                "https://user@codeberg.org/acme/work.git",
                Some("https://codeberg.org/acme/work/commit/032ba60aa"),
            ),
            ("https://git.internal.example/acme/work.git", None),
            ("/srv/git/work.git", None),
            ("https://github.com/acme/<x>", None),
        ];
        for (remote, want) in table {
            assert_eq!(forge_commit_url(remote, id).as_deref(), want, "{remote}");
        }
    }
}
