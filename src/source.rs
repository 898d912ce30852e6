//! Where a case's files come from: the working tree or a Git revision.
//!
//! This is the only module that talks to Git. Everything after it sees a
//! [`Snapshot`]: a list of `(path, bytes, blob id)` plus the entries that
//! could not be read, so that one code path validates and scores a case
//! whether it was read from disk or from any commit (also in a bare
//! repository, with no checkout).
//!
//! Reading never writes: the object database is opened read-only in effect
//! (no index refresh, no lock files), and working-tree files are only read.

use crate::date::{self, Date};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The case's configuration file name.
pub const CONFIG_FILE: &str = "promocase.yaml";

/// Files larger than this are reported (`file-too-large`) and never read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::Git {
            message: e.message().to_string(),
        }
    }
}

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
    /// Over [`MAX_FILE_BYTES`].
    TooLarge { path: String, size: u64 },
    /// Permission denied, a corrupt object, a name that is not UTF-8.
    Unreadable { path: String, message: String },
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
    pub fn label(&self) -> String {
        match self {
            Origin::WorkingTree => "working tree".to_string(),
            Origin::Commit { id, .. } => id.chars().take(10).collect(),
        }
    }

    /// The as-of date this origin implies: the commit date, else today (UTC).
    pub fn default_as_of(&self) -> Date {
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
    /// The case folder relative to the repository root (`""` at the root);
    /// for display.
    pub case_path: String,
    /// Sorted by path (byte order).
    pub files: Vec<SourceFile>,
    pub problems: Vec<Problem>,
}

/// What changed in a case between two reads of it ([`Repo::read_changes`]):
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

/// Whether promocase reads a file at this case-relative path.
pub fn wanted(path: &str) -> bool {
    let under = |dir: &str, ext: &str| path.starts_with(dir) && path.ends_with(ext);
    path == CONFIG_FILE
        || path.ends_with(".yaml")
        || path.ends_with(".yml")
        || under("evidence/", ".md")
        || under("feedback/", ".md")
        || under("templates/", ".hbs")
}

fn reportable(path: &str) -> bool {
    wanted(path)
        || ["evidence", "feedback", "templates"]
            .iter()
            .any(|d| path == *d || path.starts_with(&format!("{d}/")))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The blob id Git would give these bytes (computed, nothing written).
pub fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|o| o.to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- working tree

/// The nearest folder at or above `start` holding `promocase.yaml`.
pub fn find_case_dir(start: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(start).map_err(|_| Error::NoCase {
        path: start.to_path_buf(),
    })?;
    if !meta.is_dir() {
        return Err(Error::CaseNotFolder {
            path: start.to_path_buf(),
        });
    }
    let abs = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = Some(abs.as_path());
    while let Some(d) = dir {
        if d.join(CONFIG_FILE).is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(Error::NoCase {
        path: start.to_path_buf(),
    })
}

/// Read a case from the working tree (uncommitted files included).
pub fn read_worktree(case_dir: &Path) -> Result<Snapshot> {
    let mut snap = Snapshot {
        origin: Origin::WorkingTree,
        case_path: case_dir.display().to_string(),
        files: Vec::new(),
        problems: Vec::new(),
    };
    let mut to_read = Vec::new();
    walk_dir(case_dir, "", &mut snap, &mut to_read)?;
    read_files(to_read, &mut snap);
    snap.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(snap)
}

fn walk_dir(
    dir: &Path,
    rel: &str,
    snap: &mut Snapshot,
    to_read: &mut Vec<(String, PathBuf)>,
) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if rel.is_empty() => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                source: e,
            })
        }
        Err(e) => {
            snap.problems.push(Problem::Unreadable {
                path: rel.to_string(),
                message: e.to_string(),
            });
            return Ok(());
        }
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let lossy = join(rel, &entry.file_name().to_string_lossy());
            if reportable(&lossy) {
                snap.problems.push(Problem::Unreadable {
                    path: lossy,
                    message: "the file name is not valid UTF-8".into(),
                });
            }
            continue;
        };
        if rel.is_empty() && (name == ".git" || name == "target") {
            continue;
        }
        let path = join(rel, &name);
        let meta = match std::fs::symlink_metadata(entry.path()) {
            Ok(m) => m,
            Err(e) => {
                if reportable(&path) {
                    snap.problems.push(Problem::Unreadable {
                        path,
                        message: e.to_string(),
                    });
                }
                continue;
            }
        };
        let ft = meta.file_type();
        if ft.is_dir() {
            if entry.path().join(".git").exists() {
                if reportable(&path) {
                    snap.problems.push(Problem::Skipped {
                        path,
                        what: "a nested Git repository (submodule)".into(),
                    });
                }
                continue;
            }
            walk_dir(&entry.path(), &path, snap, to_read)?;
        } else if ft.is_symlink() {
            if reportable(&path) {
                snap.problems.push(Problem::Skipped {
                    path,
                    what: "a symbolic link (never followed)".into(),
                });
            }
        } else if !ft.is_file() {
            if reportable(&path) {
                snap.problems.push(Problem::Skipped {
                    path,
                    what: "not a regular file".into(),
                });
            }
        } else if wanted(&path) {
            if meta.len() > MAX_FILE_BYTES {
                snap.problems.push(Problem::TooLarge {
                    path,
                    size: meta.len(),
                });
                continue;
            }
            // Read later, all files at once on every core.
            to_read.push((path, entry.path()));
        }
    }
    Ok(())
}

/// Read and hash the wanted files found by the walk, in parallel.
fn read_files(to_read: Vec<(String, PathBuf)>, snap: &mut Snapshot) {
    // (bytes, blob id) or why the file could not be read.
    type Read = std::io::Result<(Vec<u8>, String)>;
    let read: Vec<Read> = crate::parallel::map(&to_read, |(_, full)| {
        read_bounded(full).map(|b| {
            let id = blob_id(&b);
            (b, id)
        })
    });
    for ((path, _), r) in to_read.into_iter().zip(read) {
        match r {
            Ok((bytes, _)) if bytes.len() as u64 > MAX_FILE_BYTES => {
                snap.problems.push(Problem::TooLarge {
                    path,
                    size: bytes.len() as u64,
                })
            }
            Ok((bytes, id)) => snap.files.push(SourceFile {
                blob: id.into(),
                path: path.into(),
                bytes: Arc::new(bytes),
            }),
            Err(e) => snap.problems.push(Problem::Unreadable {
                path,
                message: e.to_string(),
            }),
        }
    }
}

/// Read at most `MAX_FILE_BYTES + 1` bytes: a file that grew after its
/// metadata was read is still never read whole.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

// ---------------------------------------------------------------- Git

/// A commit, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub date: Date,
    pub summary: String,
}

/// A Git repository, opened for reading, with caches that make reading many
/// commits cost what the distinct trees and blobs cost.
pub struct Repo {
    repo: git2::Repository,
    /// Listings by (tree id, path of the tree in the case): an unchanged
    /// subtree is neither walked nor flattened again. Only the trees of the
    /// last commit read are kept, so memory stays that of one commit.
    trees: HashMap<(git2::Oid, String), Arc<Listing>>,
    /// Trees used by the read in progress.
    used: std::collections::HashSet<(git2::Oid, String)>,
    /// Blob contents and hex ids by id: each blob is read once.
    blobs: crate::idhash::IdMap<git2::Oid, BlobEntry>,
    /// Files in the last snapshot, to size the next one.
    last_files: usize,
    /// The listing read last at each path: a changed tree reuses the
    /// entries of its unchanged files from it.
    last_at: HashMap<String, Arc<Listing>>,
    /// The case's tree as read last, for [`Repo::read_changes`].
    last_case: Option<Arc<Listing>>,
}

/// One tree of the case, as read: its wanted files with their bytes, its
/// subtrees, and the entries it could not read, in Git's order (which is
/// path order once flattened). Built once per (tree id, path): a later
/// commit that shares the tree shares this, bytes and path strings included.
#[derive(Default)]
struct Listing {
    entries: Vec<Listed>,
    /// Problems in this tree and below: most trees have none, and their
    /// problems need not be looked for.
    problems: usize,
}

enum Listed {
    File(SourceFile, git2::Oid),
    /// A subtree and its path in the case.
    Tree(Arc<str>, Arc<Listing>),
    Problem(Problem),
}

/// Finds a tree's unchanged files in its last listing, walking it once
/// alongside the new entries.
struct Reuse<'a> {
    files: Vec<(&'a str, &'a Listed)>,
    next: usize,
}

impl<'a> Reuse<'a> {
    fn new(previous: Option<&'a Listing>, rel: &str) -> Self {
        let skip = if rel.is_empty() { 0 } else { rel.len() + 1 };
        let files = previous
            .map(|l| {
                l.entries
                    .iter()
                    .filter_map(|e| match e {
                        Listed::File(f, _) => f.path.get(skip..).map(|name| (name, e)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Reuse { files, next: 0 }
    }

    fn find(&mut self, id: git2::Oid, name: &str) -> Option<Listed> {
        while let Some((n, e)) = self.files.get(self.next) {
            match (*n).cmp(name) {
                std::cmp::Ordering::Less => self.next += 1,
                std::cmp::Ordering::Equal => {
                    self.next += 1;
                    return match e {
                        Listed::File(f, old) if *old == id => Some(Listed::File(f.clone(), id)),
                        _ => None,
                    };
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

/// How two listings' entries order: Git's, where a tree sorts as if its
/// name ended with `/`. Problems take no part (see [`Listing::problems`]).
fn git_key(e: &Listed) -> Option<(&str, bool)> {
    match e {
        Listed::File(f, _) => Some((&f.path, false)),
        Listed::Tree(path, _) => Some((path, true)),
        Listed::Problem(_) => None,
    }
}

fn git_order((a, a_tree): (&str, bool), (b, b_tree): (&str, bool)) -> std::cmp::Ordering {
    // Most entries are files, for which it is plain byte order.
    if !a_tree && !b_tree {
        return a.cmp(b);
    }
    let slash = |tree: bool| if tree { Some(b'/') } else { None };
    a.bytes()
        .chain(slash(a_tree))
        .cmp(b.bytes().chain(slash(b_tree)))
}

impl Listed {
    /// The file, or every file below the tree, as added (`added`) or removed.
    fn all_files(&self, added: bool, out: &mut Changes) {
        match self {
            Listed::File(f, _) if added => out.upserted.push(f.clone()),
            Listed::File(f, _) => out.removed.push(f.path.clone()),
            Listed::Tree(_, t) => t.all_files(added, out),
            Listed::Problem(_) => {}
        }
    }
}

impl Listing {
    /// Every file below this tree as added (`added`) or removed.
    fn all_files(&self, added: bool, out: &mut Changes) {
        for e in &self.entries {
            e.all_files(added, out);
        }
    }

    /// The files that differ between `old` and this listing of the same
    /// folder. A subtree both share (the same listing: the same tree id at
    /// the same path) is skipped without a look inside.
    fn changes_since(&self, old: &Listing, out: &mut Changes) {
        if std::ptr::eq(self, old) {
            return;
        }
        let mut news = self.entries.iter().filter_map(|e| Some((git_key(e)?, e)));
        let mut olds = old.entries.iter().filter_map(|e| Some((git_key(e)?, e)));
        let (mut n, mut o) = (news.next(), olds.next());
        loop {
            let order = match (&n, &o) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((nk, _)), Some((ok, _))) => git_order(*nk, *ok),
            };
            match order {
                std::cmp::Ordering::Less => {
                    if let Some((_, e)) = n {
                        e.all_files(true, out);
                    }
                    n = news.next();
                }
                std::cmp::Ordering::Greater => {
                    if let Some((_, e)) = o {
                        e.all_files(false, out);
                    }
                    o = olds.next();
                }
                std::cmp::Ordering::Equal => {
                    match (n.map(|x| x.1), o.map(|x| x.1)) {
                        (Some(Listed::File(f, new)), Some(Listed::File(_, old))) if new != old => {
                            out.upserted.push(f.clone())
                        }
                        (Some(Listed::Tree(_, new)), Some(Listed::Tree(_, old))) => {
                            new.changes_since(old, out)
                        }
                        _ => {}
                    }
                    n = news.next();
                    o = olds.next();
                }
            }
        }
    }

    /// Every problem below this tree, in path order.
    fn all_problems(&self, out: &mut Vec<Problem>) {
        if self.problems == 0 {
            return;
        }
        for e in &self.entries {
            match e {
                Listed::Tree(_, t) => t.all_problems(out),
                Listed::Problem(p) => out.push(p.clone()),
                Listed::File(..) => {}
            }
        }
    }

    /// Append every file and problem below this tree, in path order.
    fn flatten(&self, files: &mut Vec<SourceFile>, problems: &mut Vec<Problem>) {
        for e in &self.entries {
            match e {
                Listed::File(f, _) => files.push(f.clone()),
                Listed::Tree(_, t) => t.flatten(files, problems),
                Listed::Problem(p) => problems.push(p.clone()),
            }
        }
    }
}

/// Read a loose object ourselves, bounded: libgit2 (1.9) loops forever
/// inflating a truncated loose object, and a reader must never hang.
/// `None` when the object is not loose (packed, or in an alternate
/// object store): libgit2 reads those.
fn read_loose(
    objects: &Path,
    oid: git2::Oid,
    limit: u64,
) -> Option<std::result::Result<LooseObject, String>> {
    use std::io::Read;
    let hex = oid.to_string();
    let file = std::fs::File::open(objects.join(&hex[..2]).join(&hex[2..])).ok()?;
    let mut z = flate2::read::ZlibDecoder::new(file).take(limit.saturating_add(64));
    let mut header = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match z.read(&mut byte) {
            Ok(1) if byte[0] == 0 => break,
            Ok(1) if header.len() < 64 => header.push(byte[0]),
            Ok(_) => return Some(Err("the object header is cut short or malformed".into())),
            Err(e) => return Some(Err(format!("cannot inflate the object: {e}"))),
        }
    }
    let header = String::from_utf8_lossy(&header).into_owned();
    let Some((kind, size)) = header
        .split_once(' ')
        .and_then(|(k, s)| Some((k.to_string(), s.parse::<u64>().ok()?)))
    else {
        return Some(Err(format!("malformed object header `{header}`")));
    };
    if size > limit {
        return Some(Ok(LooseObject { kind, data: None }));
    }
    let mut data = Vec::with_capacity(size.min(MAX_FILE_BYTES) as usize);
    if let Err(e) = z.read_to_end(&mut data) {
        return Some(Err(format!("the object is truncated or corrupt ({e})")));
    }
    if data.len() as u64 != size {
        return Some(Err(format!(
            "the object is truncated: {} of {size} bytes",
            data.len()
        )));
    }
    Some(Ok(LooseObject {
        kind,
        data: Some(data),
    }))
}

/// Parse a tree object: entries of `<octal mode> <name>\0<20-byte id>`.
fn parse_tree(mut data: &[u8]) -> Option<Vec<(&[u8], git2::Oid, i32)>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let space = data.iter().position(|&b| b == b' ')?;
        let mode = i32::from_str_radix(std::str::from_utf8(&data[..space]).ok()?, 8).ok()?;
        let rest = &data[space + 1..];
        let nul = rest.iter().position(|&b| b == 0)?;
        let name = &rest[..nul];
        let id = git2::Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
        out.push((name, id, mode));
        data = &rest[nul + 21..];
    }
    Some(out)
}

fn corrupt_tree(rel: &str, oid: git2::Oid, why: &str) -> Listing {
    Listing {
        entries: vec![Listed::Problem(Problem::Unreadable {
            path: rel.to_string(),
            message: format!("corrupt Git tree {oid}: {why}"),
        })],
        problems: 1,
    }
}

/// A blob's bytes and its hex id.
type BlobEntry = (Arc<Vec<u8>>, Arc<str>);

struct LooseObject {
    kind: String,
    /// `None` when over the size limit (not inflated).
    data: Option<Vec<u8>>,
}

/// A case found in a commit: its folder relative to the repository root,
/// and that folder's tree (two commits with the same tree hold the same case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAt {
    pub rel: String,
    tree: git2::Oid,
}

/// Where the case is, relative to a repository.
#[derive(Debug, Clone)]
pub struct CaseLocation {
    /// The case folder relative to the repository root, `/`-separated.
    pub rel: String,
}

impl Repo {
    /// Open the repository containing `path` (or the nearest existing
    /// parent of it), and say where `path` is relative to its root.
    pub fn discover(path: &Path) -> Result<(Repo, CaseLocation)> {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // The case may not exist on disk (deleted, or a bare repository):
        // look for the repository from the nearest folder that does.
        let mut existing = abs.clone();
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
        if existing.is_file() {
            return Err(Error::CaseNotFolder { path: abs });
        }
        let repo = git2::Repository::open_ext(
            &existing,
            git2::RepositoryOpenFlags::empty(),
            std::iter::empty::<&std::ffi::OsStr>(),
        )
        .map_err(|_| Error::NotARepository {
            path: path.to_path_buf(),
        })?;
        let root = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let canon_existing = existing.canonicalize().unwrap_or(existing);
        let mut parts: Vec<String> = match canon_existing.strip_prefix(&canon_root) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        parts.extend(missing.into_iter().rev());
        let rel = parts.join("/");
        Ok((
            Repo {
                repo,
                trees: HashMap::new(),
                used: Default::default(),
                blobs: Default::default(),
                last_files: 0,
                last_case: None,
                last_at: HashMap::new(),
            },
            CaseLocation { rel },
        ))
    }

    pub fn is_bare(&self) -> bool {
        self.repo.is_bare()
    }

    /// Resolve a revision to a commit, with a clear error for an empty
    /// repository, a shallow clone or an unknown name.
    pub fn resolve(&self, rev: &str) -> Result<CommitInfo> {
        if let Ok(c) = self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
        {
            return Ok(info(&c));
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
        crate::diagnostic::did_you_mean(rev, names.iter().map(String::as_str))
            .and_then(|s| s.split('`').nth(1).map(str::to_string))
            .into_iter()
            .collect()
    }

    /// The listing of a case's tree; it becomes the last one read.
    fn read_case_tree(&mut self, case: &CaseAt) -> Result<Arc<Listing>> {
        self.used.clear();
        let listing = self.list_tree(case.tree, "")?;
        // Keep only this commit's trees: the next commit shares most of them.
        let used = std::mem::take(&mut self.used);
        self.trees.retain(|k, _| used.contains(k));
        self.last_at = self
            .trees
            .iter()
            .map(|((_, p), l)| (p.clone(), l.clone()))
            .collect();
        self.last_case = Some(listing.clone());
        Ok(listing)
    }

    /// What changed in the case found by [`Repo::find_case`] at a commit
    /// since the case read last (by this or [`Repo::read_commit`]; the
    /// first read is all added). Trees the two share are not looked into,
    /// so the cost is that of the change.
    pub fn read_changes(&mut self, case: &CaseAt) -> Result<Changes> {
        let old = self.last_case.take();
        let new = self.read_case_tree(case)?;
        let mut out = Changes::default();
        match old {
            Some(old) => new.changes_since(&old, &mut out),
            None => new.all_files(true, &mut out),
        }
        new.all_problems(&mut out.problems);
        Ok(out)
    }

    /// Read the case found by [`Repo::find_case`] at `commit`.
    pub fn read_commit(
        &mut self,
        rev: &str,
        commit: &CommitInfo,
        case: &CaseAt,
    ) -> Result<Snapshot> {
        let rel = case.rel.as_str();
        let listing = self.read_case_tree(case)?;
        let mut snap = Snapshot {
            origin: Origin::Commit {
                rev: rev.to_string(),
                id: commit.id.clone(),
                date: commit.date,
            },
            case_path: rel.to_string(),
            files: Vec::with_capacity(self.last_files),
            problems: Vec::new(),
        };
        listing.flatten(&mut snap.files, &mut snap.problems);
        self.last_files = snap.files.len();
        Ok(snap)
    }

    /// The case at `commit`: the nearest folder at or above `rel` whose
    /// tree holds `promocase.yaml`, as git finds its repository. One read of
    /// the commit's tree, whatever the depth.
    pub fn find_case(&self, commit: &CommitInfo, rel: &str) -> Option<CaseAt> {
        let oid = git2::Oid::from_str(&commit.id).ok()?;
        let root = self.repo.find_commit(oid).ok()?.tree().ok()?;
        let mut cur = rel.to_string();
        loop {
            if root.get_path(Path::new(&join(&cur, CONFIG_FILE))).is_ok() {
                let tree = if cur.is_empty() {
                    root.id()
                } else {
                    root.get_path(Path::new(&cur)).ok()?.id()
                };
                return Some(CaseAt { rel: cur, tree });
            }
            if cur.is_empty() {
                return None;
            }
            cur = match cur.rfind('/') {
                Some(i) => cur[..i].to_string(),
                None => String::new(),
            };
        }
    }

    /// Resolve `rev` and read the case at or above `rel` there; `None` for
    /// the snapshot when the commit has no case (a case absent on one side
    /// of a diff is all added or all removed).
    pub fn read_case_at(&mut self, rev: &str, rel: &str) -> Result<(CommitInfo, Option<Snapshot>)> {
        let commit = self.resolve(rev)?;
        let snap = match self.find_case(&commit, rel) {
            Some(case) => Some(self.read_commit(rev, &commit, &case)?),
            None => None,
        };
        Ok((commit, snap))
    }

    /// See [`read_loose`].
    fn read_loose(
        &self,
        oid: git2::Oid,
        limit: u64,
    ) -> Option<std::result::Result<LooseObject, String>> {
        read_loose(&self.repo.path().join("objects"), oid, limit)
    }

    /// Read the loose blobs among `oids` that are not cached yet, on every
    /// core (inflating is most of reading a commit), and cache them. Returns
    /// the ones that are corrupt, with why, and the ones too large to read.
    fn prefetch(
        &mut self,
        oids: &[git2::Oid],
    ) -> (
        HashMap<git2::Oid, String>,
        std::collections::HashSet<git2::Oid>,
    ) {
        let objects = self.repo.path().join("objects");
        let todo: Vec<git2::Oid> = oids
            .iter()
            .copied()
            .filter(|o| !self.blobs.contains_key(o))
            .collect();
        let read = crate::parallel::map(&todo, |&o| (o, read_loose(&objects, o, MAX_FILE_BYTES)));
        let mut corrupt = HashMap::new();
        let mut large = std::collections::HashSet::new();
        for (oid, r) in read {
            match r {
                Some(Ok(LooseObject {
                    kind,
                    data: Some(data),
                })) if kind == "blob" => {
                    self.blobs
                        .insert(oid, (Arc::new(data), Arc::from(oid.to_string())));
                }
                Some(Ok(LooseObject { data: None, .. })) => {
                    large.insert(oid);
                }
                Some(Ok(LooseObject { kind, .. })) => {
                    corrupt.insert(oid, format!("expected a blob, found a {kind}"));
                }
                Some(Err(message)) => {
                    corrupt.insert(oid, message);
                }
                None => {}
            }
        }
        (corrupt, large)
    }

    fn read_blob(&mut self, oid: git2::Oid) -> std::result::Result<Option<BlobEntry>, git2::Error> {
        if let Some(b) = self.blobs.get(&oid) {
            return Ok(Some(b.clone()));
        }
        match self.read_loose(oid, MAX_FILE_BYTES) {
            Some(Ok(LooseObject { data: None, .. })) => return Ok(None),
            Some(Ok(LooseObject {
                data: Some(data),
                kind,
            })) if kind == "blob" => {
                let entry = (Arc::new(data), Arc::from(oid.to_string()));
                self.blobs.insert(oid, entry.clone());
                return Ok(Some(entry));
            }
            Some(Ok(LooseObject { kind, .. })) => {
                return Err(git2::Error::from_str(&format!(
                    "expected a blob, found a {kind}"
                )))
            }
            Some(Err(message)) => return Err(git2::Error::from_str(&message)),
            None => {}
        }
        let odb = self.repo.odb()?;
        let (size, _) = odb.read_header(oid)?;
        if size as u64 > MAX_FILE_BYTES {
            return Ok(None);
        }
        let obj = odb.read(oid)?;
        let entry = (Arc::new(obj.data().to_vec()), Arc::from(oid.to_string()));
        self.blobs.insert(oid, entry.clone());
        Ok(Some(entry))
    }

    /// The listing of tree `oid` standing at `prefix` in the case.
    fn list_tree(&mut self, oid: git2::Oid, prefix: &str) -> Result<Arc<Listing>> {
        let key = (oid, prefix.to_string());
        self.used.insert(key.clone());
        if let Some(l) = self.trees.get(&key) {
            return Ok(l.clone());
        }
        let listing = Arc::new(self.walk_tree(oid, prefix)?);
        self.trees.insert(key, listing.clone());
        Ok(listing)
    }

    fn walk_tree(&mut self, oid: git2::Oid, rel: &str) -> Result<Listing> {
        // A loose tree is read and parsed here (libgit2 would hang on a
        // truncated one, see read_loose); a packed one through libgit2.
        // Names are borrowed from the tree's bytes: a tree holds thousands.
        let raw: Vec<u8>;
        let packed: Vec<(Vec<u8>, git2::Oid, i32)>;
        let entries: Vec<(&[u8], git2::Oid, i32)> = match self.read_loose(oid, u64::MAX / 2) {
            Some(Ok(LooseObject {
                kind,
                data: Some(data),
            })) if kind == "tree" => {
                raw = data;
                match parse_tree(&raw) {
                    Some(e) => e,
                    None => return Ok(corrupt_tree(rel, oid, "malformed tree entries")),
                }
            }
            Some(Ok(_)) => return Ok(corrupt_tree(rel, oid, "not a tree")),
            Some(Err(message)) => return Ok(corrupt_tree(rel, oid, &message)),
            None => match self.repo.find_tree(oid) {
                Ok(t) => {
                    packed = t
                        .iter()
                        .map(|e| (e.name_bytes().to_vec(), e.id(), e.filemode()))
                        .collect();
                    packed
                        .iter()
                        .map(|(n, i, m)| (n.as_slice(), *i, *m))
                        .collect()
                }
                Err(e) => return Ok(corrupt_tree(rel, oid, e.message())),
            },
        };
        let previous = self.last_at.get(rel).cloned();
        let mut reuse = Reuse::new(previous.as_deref(), rel);
        let mut out = Listing::default();
        // Wanted blobs are read together (on every core) after the walk.
        let mut blobs: Vec<(usize, Arc<str>, git2::Oid)> = Vec::new();
        for (name, id, mode) in entries {
            let Ok(name) = std::str::from_utf8(name) else {
                let path = join(rel, &String::from_utf8_lossy(name));
                if reportable(&path) {
                    out.entries.push(Listed::Problem(Problem::Unreadable {
                        path,
                        message: "the file name is not valid UTF-8".into(),
                    }));
                }
                continue;
            };
            // An unchanged file of the same tree's last listing is reused
            // whole: path string, bytes and all. Both lists are in Git's
            // order, and files among themselves sort by name.
            if mode == 0o100644 || mode == 0o100755 {
                if let Some(f) = reuse.find(id, name) {
                    out.entries.push(f);
                    continue;
                }
            }
            let path = join(rel, name);
            let skipped = |what: &str| {
                Listed::Problem(Problem::Skipped {
                    path: path.clone(),
                    what: what.into(),
                })
            };
            match mode {
                // Subtrees are cached too: a commit that changed one file
                // re-walks only the folders on its path.
                0o040000 => {
                    let sub = self.list_tree(id, &path)?;
                    out.entries.push(Listed::Tree(Arc::from(path), sub));
                }
                0o100644 | 0o100755 if wanted(&path) => {
                    blobs.push((out.entries.len(), Arc::from(path), id));
                    out.entries.push(Listed::Problem(Problem::Unreadable {
                        path: String::new(),
                        message: String::new(),
                    }));
                }
                0o100644 | 0o100755 => {}
                _ if !reportable(&path) => {}
                0o120000 => out
                    .entries
                    .push(skipped("a symbolic link (never followed)")),
                0o160000 => out.entries.push(skipped("a submodule")),
                _ => out.entries.push(skipped("not a regular file")),
            }
        }
        let oids: Vec<git2::Oid> = blobs.iter().map(|(_, _, o)| *o).collect();
        let (corrupt, large) = self.prefetch(&oids);
        for (slot, path, blob) in blobs {
            let read = match (corrupt.get(&blob), large.contains(&blob)) {
                (Some(message), _) => Err(git2::Error::from_str(message)),
                (None, true) => Ok(None),
                (None, false) => self.read_blob(blob),
            };
            out.entries[slot] = match read {
                Ok(Some((bytes, hex))) => Listed::File(
                    SourceFile {
                        path,
                        bytes,
                        blob: hex,
                    },
                    blob,
                ),
                Ok(None) => {
                    let size = self
                        .repo
                        .odb()
                        .and_then(|o| o.read_header(blob))
                        .map(|(s, _)| s as u64)
                        .unwrap_or(0);
                    Listed::Problem(Problem::TooLarge {
                        path: path.to_string(),
                        size,
                    })
                }
                Err(e) => Listed::Problem(Problem::Unreadable {
                    path: path.to_string(),
                    message: format!("corrupt or missing Git object {blob}: {}", e.message()),
                }),
            };
        }
        out.problems = out
            .entries
            .iter()
            .map(|e| match e {
                Listed::Problem(_) => 1,
                Listed::Tree(_, t) => t.problems,
                Listed::File(..) => 0,
            })
            .sum();
        Ok(out)
    }

    /// The first-parent history from `tip` back to (not including) `stop`,
    /// oldest first.
    pub fn first_parent_history(
        &self,
        tip: &CommitInfo,
        stop: Option<&CommitInfo>,
    ) -> Result<Vec<CommitInfo>> {
        let mut walk = self.repo.revwalk()?;
        walk.simplify_first_parent()?;
        walk.push(git2::Oid::from_str(&tip.id)?)?;
        if let Some(s) = stop {
            walk.hide(git2::Oid::from_str(&s.id)?)?;
        }
        let mut out = Vec::new();
        for oid in walk {
            let oid = oid?;
            let c = self.repo.find_commit(oid)?;
            out.push(info(&c));
        }
        out.reverse();
        Ok(out)
    }

    /// Renames between two sides of the case, by Git's rename detection.
    /// `to` is `None` for the working tree.
    pub fn renames(
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
}

fn info(c: &git2::Commit<'_>) -> CommitInfo {
    CommitInfo {
        id: c.id().to_string(),
        date: date::from_unix_seconds(c.committer().when().seconds()),
        summary: c.summary().ok().flatten().unwrap_or("").to_string(),
    }
}

/// A commit's date, subject and id, for `promocase new --from-commit`.
pub fn describe_commit(repo_dir: &Path, rev: &str) -> Result<CommitInfo> {
    let (repo, _) = Repo::discover(repo_dir)?;
    repo.resolve(rev)
}

/// Is `dir` inside a Git repository?
pub fn in_repository(dir: &Path) -> bool {
    git2::Repository::discover(dir).is_ok()
}

/// `git init` (used by `promocase init` only; never by a reading command).
pub fn init_repository(dir: &Path) -> Result<()> {
    git2::Repository::init(dir)?;
    Ok(())
}

/// Read the case at or above `case_arg`: from the working tree, or from
/// revision `rev` of the repository that holds it.
pub fn read(case_arg: &Path, rev: Option<&str>) -> Result<Snapshot> {
    match rev {
        None => {
            let dir = match find_case_dir(case_arg) {
                Ok(d) => d,
                Err(e @ Error::NoCase { .. }) => {
                    // A bare repository has no working tree to read.
                    if let Ok(r) = git2::Repository::open(case_arg) {
                        if r.is_bare() {
                            return Err(Error::BareRepository {
                                path: case_arg.to_path_buf(),
                            });
                        }
                    }
                    return Err(e);
                }
                Err(e) => return Err(e),
            };
            let mut snap = read_worktree(&dir)?;
            snap.case_path = display_path(&dir);
            Ok(snap)
        }
        Some(rev) => {
            let (mut repo, loc) = Repo::discover(case_arg)?;
            let (_, snap) = repo.read_case_at(rev, &loc.rel)?;
            snap.ok_or_else(|| Error::CaseAbsent {
                case: if loc.rel.is_empty() {
                    ".".into()
                } else {
                    loc.rel.clone()
                },
                rev: rev.to_string(),
            })
        }
    }
}

/// A path for messages: relative to the current folder when under it.
pub fn display_path(p: &Path) -> String {
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
