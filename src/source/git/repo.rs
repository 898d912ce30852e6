//! The repository facade: the one type that holds a `git2::Repository`.
//!
//! [`Repo`] resolves revisions (with errors that say what is wrong), finds
//! the case in a commit, walks history and reads blobs once each. Reading a
//! sequence of commits, each costing what it changed, is
//! [`super::History`]'s job: it keeps the listing of the case it read last.

use super::guard::Guard;
use super::objects::{self, LooseObject};
use super::Missed;
use crate::date;
use crate::error::{Error, Result};
use crate::source::{join, CommitInfo, CONFIG_FILE};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A blob's bytes and its hex id.
pub(super) type BlobEntry = (Arc<Vec<u8>>, Arc<str>);

/// How much of a pack is mapped in one window, and at most in all: a
/// choice, measured on a 100,000-file case (bench/NOTES.md): 4 MiB windows
/// were slower, 16 MiB as fast as one window for the whole pack; two of
/// them (one per reading thread, each reading its stretch of the pack in
/// order) as fast as four, and 20 MB less of the process's memory.
const PACK_WINDOW: usize = 16 << 20;
const PACK_MAPPED: usize = 32 << 20;

/// Every repository promocase opens, discovers or creates goes through
/// here, so that the process-wide libgit2 settings are in place first: they
/// must be set before any repository is opened (the `unsafe` block's
/// condition), and a test holds every other file to this one door.
pub(super) fn open<T>(
    with: impl FnOnce() -> std::result::Result<T, git2::Error>,
) -> std::result::Result<T, git2::Error> {
    // libgit2 hashes every object it reads to check its id; Git itself
    // does not on a read (`git cat-file`), and for a packed history that
    // check was a third of the cost of reading it. Corruption is still
    // caught: zlib checks every object's stream, loose objects are read by
    // promocase with its own bounds, and a tree that does not parse is
    // reported with its path.
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        // A pack is mapped in windows; by default one window holds a whole
        // pack and every page read stays mapped (and counted as the
        // process's memory) to the end. Reads go in pack order, so small
        // windows, few at a time, cost no speed and keep memory that of
        // the case rather than of its history's pack.
        // SAFETY: set once, before any repository is opened: this is the
        // only place that opens one.
        unsafe {
            let _ = git2::opts::set_mwindow_size(PACK_WINDOW);
            let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED);
        }
    });
    with()
}

/// A tree's entries: name, id, mode.
type TreeEntry<'a> = (&'a [u8], git2::Oid, i32);

/// A Git repository, opened for reading. Blobs are cached by id, so each
/// is read and inflated once however many commits hold it.
pub struct Repo {
    repo: git2::Repository,
    /// The working tree (the repository folder when bare), canonical.
    root: std::path::PathBuf,
    blobs: crate::idhash::IdMap<git2::Oid, BlobEntry>,
    /// Which loose-object folders exist, looked at once: `timeline` reads
    /// blobs a commit at a time, and listing `objects/` for each commit
    /// was a tenth of its time on a history of small commits.
    pub(super) loose: std::sync::OnceLock<super::blobs::LooseDirs>,
}

/// A case found in a commit: its folder relative to the repository root,
/// and that folder's tree (two commits with the same tree hold the same case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAt {
    pub(crate) rel: String,
    pub(super) tree: git2::Oid,
}

/// Where the case is, relative to a repository.
#[derive(Debug, Clone)]
pub struct CaseLocation {
    /// The case folder relative to the repository root, `/`-separated.
    pub(crate) rel: String,
}

impl Repo {
    /// Open the repository containing `path` (or the nearest existing
    /// parent of it), and say where `path` is relative to its root.
    pub(crate) fn discover(path: &Path) -> Result<(Repo, CaseLocation)> {
        let (existing, missing) = nearest_existing(path);
        if existing.is_file() {
            return Err(Error::CaseNotFolder {
                path: std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
            });
        }
        // GIT_DIR (and GIT_WORK_TREE) name the repository as they do for git.
        let opened = open(|| match std::env::var_os("GIT_DIR") {
            Some(_) => git2::Repository::open_from_env(),
            None => git2::Repository::open_ext(
                &existing,
                git2::RepositoryOpenFlags::empty(),
                std::iter::empty::<&std::ffi::OsStr>(),
            ),
        });
        let repo = opened.map_err(|e| open_error(path, &e))?;
        let root = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
        let root = root.canonicalize().unwrap_or(root);
        let canon_existing = existing.canonicalize().unwrap_or(existing);
        let rel = with_missing(
            components_under(&canon_existing, &root).unwrap_or_default(),
            missing,
        );
        let repo = Repo {
            repo,
            root,
            blobs: Default::default(),
            loose: Default::default(),
        };
        Ok((repo, CaseLocation { rel }))
    }

    /// Where `path` is in this repository, as [`Repo::discover`] would say
    /// without opening it again; `None` when `path` is outside it, or when
    /// another repository lies between them (a nested clone or a
    /// submodule is a repository of its own), or when `GIT_DIR` names the
    /// repository (discovery then ignores the path).
    pub(crate) fn locate(&self, path: &Path) -> Option<CaseLocation> {
        if std::env::var_os("GIT_DIR").is_some() || self.repo.is_bare() {
            return None;
        }
        let (existing, missing) = nearest_existing(path);
        if existing.is_file() {
            return None;
        }
        let existing = existing.canonicalize().ok()?;
        let nested = existing
            .ancestors()
            .take_while(|a| *a != self.root)
            .any(|a| a.join(".git").exists());
        if nested {
            return None;
        }
        let rel = with_missing(components_under(&existing, &self.root)?, missing);
        Some(CaseLocation { rel })
    }

    pub(crate) fn is_bare(&self) -> bool {
        self.repo.is_bare()
    }

    /// Resolve a revision to a commit, with a clear error for an empty
    /// repository, a shallow clone or an unknown name.
    pub(crate) fn resolve(&self, rev: &str) -> Result<CommitInfo> {
        // Every object libgit2 will read for `rev` is read with the bound
        // first: a truncated one is an error, not a hang.
        if let Err(e) = self.guard().revision(rev) {
            // A full commit id a shallow clone does not hold reads as a
            // missing object; it is the shallow case, with its help.
            if self.repo.is_shallow() && self.absent_object(rev) {
                return Err(Error::ShallowClone {
                    commit: rev.to_string(),
                });
            }
            return Err(e);
        }
        if let Ok(c) = self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
        {
            return Ok(info(&c));
        }
        if let Err(e) = self.repo.head() {
            if e.code() == git2::ErrorCode::UnbornBranch && rev.starts_with("HEAD") {
                let branch = self
                    .repo
                    .find_reference("HEAD")
                    .ok()
                    .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_string))
                    .unwrap_or_default();
                return Err(Error::UnbornBranch {
                    branch: branch.trim_start_matches("refs/heads/").to_string(),
                });
            }
        }
        let empty = self.repo.head().is_err() && self.repo.references()?.next().is_none();
        if empty {
            Err(Error::EmptyRepository {
                path: self.repo.path().to_path_buf(),
            })
        } else if self.repo.is_shallow() && self.looks_like_history(rev) {
            Err(Error::ShallowClone {
                commit: rev.to_string(),
            })
        } else {
            Err(Error::UnknownRevision {
                rev: rev.to_string(),
                suggestions: self.suggest(rev),
            })
        }
    }

    /// Whether `rev` is a full object id that this repository does not hold.
    fn absent_object(&self, rev: &str) -> bool {
        let Ok(oid) = git2::Oid::from_str(rev) else {
            return false;
        };
        rev.len() == 40 && self.repo.odb().is_ok_and(|db| !db.exists(oid))
    }

    /// Whether `rev` names something a deeper clone would have: an ancestor
    /// (`HEAD~3`, `main^`) or a full or abbreviated commit id.
    fn looks_like_history(&self, rev: &str) -> bool {
        rev.contains('~')
            || rev.contains('^')
            || (rev.len() >= 7 && rev.chars().all(|c| c.is_ascii_hexdigit()))
            || self.repo.revparse_single(rev).is_err()
    }

    fn suggest(&self, rev: &str) -> Vec<String> {
        let mut names = Vec::new();
        if let Ok(refs) = self.repo.references() {
            for r in refs.flatten() {
                if let Ok(n) = r.shorthand() {
                    names.push(n.to_string());
                }
            }
        }
        names.sort();
        crate::diagnostic::catalogue::did_you_mean(rev, names.iter().map(String::as_str))
            .map(str::to_string)
            .into_iter()
            .collect()
    }

    /// The case at `commit`: the nearest folder at or above `rel` whose
    /// tree holds `promocase.yaml`, as git finds its repository. One read of
    /// the commit's tree, whatever the depth.
    ///
    /// A tree that is missing from the object database (a treeless or
    /// partial clone, a damaged repository) is an error naming it, never
    /// "no case here".
    pub(crate) fn find_case(&self, commit: &CommitInfo, rel: &str) -> Result<Option<CaseAt>> {
        let guard = self.guard();
        let root = guard.commit(git2::Oid::from_str(&commit.id)?)?.tree;
        // The folders along `rel` that the commit has, from the root down;
        // then the nearest of them holding the configuration file.
        let mut trees = vec![(String::new(), root)];
        for name in rel.split('/').filter(|p| !p.is_empty()) {
            let (path, tree) = &trees[trees.len() - 1];
            match guard.entry_in(*tree, name)? {
                Some((id, 0o040000)) => trees.push((join(path, name), id)),
                _ => break,
            }
        }
        for (rel, tree) in trees.into_iter().rev() {
            if guard.entry_in(tree, CONFIG_FILE)?.is_some() {
                return Ok(Some(CaseAt { rel, tree }));
            }
        }
        Ok(None)
    }

    /// The case folder meant by `rel` at `commit`: `rel` itself when a case
    /// is there or above it; at the repository root with no case, the one
    /// case in the tree (an error naming them when there are several).
    pub(crate) fn case_folder(&self, commit: &CommitInfo, rel: &str) -> Result<String> {
        if !rel.is_empty() || self.find_case(commit, rel)?.is_some() {
            return Ok(rel.to_string());
        }
        let found = self.cases_in_tree(commit);
        match found.as_slice() {
            [only] => Ok(only.clone()),
            [] => Ok(rel.to_string()),
            _ => Err(Error::NoCase {
                path: ".".into(),
                found,
                command: "check",
            }),
        }
    }

    /// Folders of `commit`'s tree holding `promocase.yaml`, to three levels
    /// (as [`crate::source::cases_below`] looks in the working tree).
    fn cases_in_tree(&self, commit: &CommitInfo) -> Vec<String> {
        let guard = self.guard();
        let Some(root) = git2::Oid::from_str(&commit.id)
            .ok()
            .and_then(|o| guard.commit(o).ok())
            .map(|c| c.tree)
        else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut queue = std::collections::VecDeque::from([(root, String::new(), 0)]);
        let mut seen = 0;
        while let Some((tree, rel, depth)) = queue.pop_front() {
            seen += 1;
            if seen > 2_000 {
                break;
            }
            let Ok(entries) = guard.tree(tree) else {
                continue;
            };
            if !rel.is_empty() && entries.iter().any(|(n, _, _)| n == CONFIG_FILE.as_bytes()) {
                found.push(rel);
                continue;
            }
            if depth == 3 {
                continue;
            }
            for (name, id, mode) in entries {
                let Ok(name) = String::from_utf8(name) else {
                    continue;
                };
                if mode == 0o040000 && !name.starts_with('.') {
                    queue.push_back((id, join(&rel, &name), depth + 1));
                }
            }
        }
        found.sort();
        found
    }

    /// The first-parent history from `tip` back to (not including) `stop`,
    /// oldest first.
    pub(crate) fn first_parent_history(
        &self,
        tip: &CommitInfo,
        stop: Option<&CommitInfo>,
    ) -> Result<Vec<CommitInfo>> {
        // Walked here, each commit read with the bound (a revwalk would
        // read them through libgit2 first). `FROM..TO` stops at the first
        // commit of TO's first-parent chain that is on FROM's.
        let guard = self.guard();
        let stop: std::collections::HashSet<git2::Oid> = match stop {
            Some(s) => guard
                .first_parents(git2::Oid::from_str(&s.id)?, &Default::default())?
                .into_iter()
                .collect(),
            None => Default::default(),
        };
        let chain = guard.first_parents(git2::Oid::from_str(&tip.id)?, &stop)?;
        let mut out = Vec::with_capacity(chain.len());
        for oid in chain.into_iter().rev() {
            out.push(info(&self.repo.find_commit(oid)?));
        }
        Ok(out)
    }

    /// Renames between two sides of the case, by Git's rename detection.
    /// `to` is `None` for the working tree.
    pub(crate) fn renames(
        &self,
        from: &CommitInfo,
        to: Option<&CommitInfo>,
        rel: &str,
    ) -> Result<Vec<(String, String)>> {
        let old = self
            .repo
            .find_commit(git2::Oid::from_str(&from.id)?)?
            .tree()?;
        let mut opts = git2::DiffOptions::new();
        if !rel.is_empty() {
            opts.pathspec(format!("{rel}/"));
        }
        opts.include_untracked(true).recurse_untracked_dirs(true);
        let mut diff = match to {
            Some(c) => {
                let new = self.repo.find_commit(git2::Oid::from_str(&c.id)?)?.tree()?;
                self.repo
                    .diff_tree_to_tree(Some(&old), Some(&new), Some(&mut opts))?
            }
            None => self
                .repo
                .diff_tree_to_workdir(Some(&old), Some(&mut opts))?,
        };
        let mut find = git2::DiffFindOptions::new();
        find.renames(true).for_untracked(true);
        diff.find_similar(Some(&mut find))?;
        let strip = |p: Option<&Path>| -> Option<String> {
            let p = p?.to_str()?.to_string();
            Some(if rel.is_empty() {
                p
            } else {
                p.strip_prefix(&format!("{rel}/"))?.to_string()
            })
        };
        let mut out = Vec::new();
        for d in diff.deltas() {
            if d.status() == git2::Delta::Renamed {
                if let (Some(a), Some(b)) = (strip(d.old_file().path()), strip(d.new_file().path()))
                {
                    out.push((a, b));
                }
            }
        }
        Ok(out)
    }

    pub(super) fn objects_dir(&self) -> std::path::PathBuf {
        self.repo.path().join("objects")
    }

    /// The repository itself, for the other files of this module.
    pub(super) fn git(&self) -> &git2::Repository {
        &self.repo
    }

    fn guard(&self) -> Guard<'_> {
        Guard {
            repo: &self.repo,
            objects: self.objects_dir(),
        }
    }

    /// See [`objects::read_loose`].
    fn read_loose(
        &self,
        oid: git2::Oid,
        limit: u64,
    ) -> Option<std::result::Result<LooseObject, String>> {
        if !self.loose_dirs().may_hold(oid) {
            return None;
        }
        objects::read_loose(&self.objects_dir(), oid, limit)
    }

    /// Which loose-object folders exist, looked at on first use. An object
    /// made loose after the look is still found: what no folder here gives
    /// is read through libgit2.
    pub(super) fn loose_dirs(&self) -> &super::blobs::LooseDirs {
        self.loose
            .get_or_init(|| super::blobs::LooseDirs::scan(&self.objects_dir()))
    }

    /// The blobs of `oids`, each read once per repository (cached by id),
    /// many at once on every core ([`Repo::map_blobs`]).
    pub(super) fn read_blobs(&mut self, oids: &[git2::Oid]) -> Vec<Result<BlobEntry, Missed>> {
        let todo: Vec<git2::Oid> = oids
            .iter()
            .copied()
            .filter(|o| !self.blobs.contains_key(o))
            .collect();
        let read = self.map_blobs(&todo, |_, data| Arc::new(data));
        let mut missed = HashMap::new();
        for (oid, r) in todo.into_iter().zip(read) {
            match r {
                Ok(bytes) => {
                    self.blobs.insert(oid, (bytes, Arc::from(oid.to_string())));
                }
                Err(why) => {
                    missed.insert(oid, why);
                }
            }
        }
        oids.iter()
            .map(|o| match (self.blobs.get(o), missed.get(o)) {
                (Some(entry), _) => Ok(entry.clone()),
                (None, Some(why)) => Err(why.clone()),
                (None, None) => Err(Missed::Unreadable("not read".into())),
            })
            .collect()
    }

    /// The size of a blob, for a too-large diagnostic (0 when unknown).
    pub(super) fn blob_size(&self, oid: git2::Oid) -> u64 {
        self.repo
            .odb()
            .and_then(|o| o.read_header(oid))
            .map(|(s, _)| s as u64)
            .unwrap_or(0)
    }

    /// A tree's raw entries, parsed here from the object's bytes: a loose
    /// tree is read by promocase (libgit2 would hang on a truncated one), a
    /// packed one's bytes come from libgit2's object database (its own tree
    /// parse allocated every entry, and a wide history reads thousands of
    /// trees). Names are borrowed from `raw`. `Err` says why the tree is
    /// corrupt.
    pub(super) fn tree_entries<'a>(
        &self,
        oid: git2::Oid,
        raw: &'a mut Vec<u8>,
    ) -> std::result::Result<Vec<TreeEntry<'a>>, String> {
        let why = |e: git2::Error| e.message().to_string();
        match self.read_loose(oid, u64::MAX / 2) {
            Some(Ok(LooseObject {
                kind,
                data: Some(data),
            })) if kind == "tree" => *raw = data,
            Some(Ok(_)) => return Err("not a tree".into()),
            Some(Err(message)) => return Err(message),
            None => {
                let odb = self.repo.odb().map_err(why)?;
                let object = odb.read(oid).map_err(why)?;
                if object.kind() != git2::ObjectType::Tree {
                    return Err(format!("expected a tree, found a {}", object.kind().str()));
                }
                raw.clear();
                raw.extend_from_slice(object.data());
            }
        }
        objects::parse_tree(raw).ok_or_else(|| "malformed tree entries".to_string())
    }
}

/// The nearest folder at or above `path` that exists (absolute), and the
/// names below it that do not, nearest first: a case may not exist on disk
/// (deleted, or in a bare repository), and its repository is looked for
/// from the nearest folder that does.
fn nearest_existing(path: &Path) -> (std::path::PathBuf, Vec<String>) {
    let mut existing = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing: Vec<String> = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_string_lossy().into_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    (existing, missing)
}

/// The folder names of `existing` below `root` (both canonical); `None`
/// when it is not below it.
fn components_under(existing: &Path, root: &Path) -> Option<Vec<String>> {
    let rel = existing.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect(),
    )
}

/// `parts`, then the `missing` names of [`nearest_existing`], `/`-separated.
fn with_missing(mut parts: Vec<String>, missing: Vec<String>) -> String {
    parts.extend(missing.into_iter().rev());
    parts.join("/")
}

/// Why a repository could not be opened, in words: "not a repository"
/// only when there is none.
fn open_error(path: &Path, e: &git2::Error) -> Error {
    if e.code() == git2::ErrorCode::NotFound {
        return Error::NotARepository {
            path: path.to_path_buf(),
        };
    }
    let m = e.message();
    let lower = m.to_lowercase();
    let help = if lower.contains("owner")
        || lower.contains("owned")
        || lower.contains("safe.directory")
    {
        "the repository belongs to another user: if you trust it, `git config --global --add safe.directory <its path>`"
    } else if lower.contains("sha256")
        || lower.contains("objectformat")
        || lower.contains("object format")
    {
        "SHA-256 repositories are not supported by the Git library promocase uses"
    } else if lower.contains("extension") {
        "the repository uses a Git extension the Git library promocase uses does not support"
    } else {
        "check the repository with `git status` and `git fsck`"
    };
    Error::Git {
        message: format!(
            "cannot open the repository around `{}`: {m}\n  help: {help}",
            path.display()
        ),
    }
}

fn info(c: &git2::Commit<'_>) -> CommitInfo {
    CommitInfo {
        id: c.id().to_string(),
        date: date::from_unix_seconds(c.committer().when().seconds()),
        summary: c.summary().ok().flatten().unwrap_or("").to_string(),
    }
}
