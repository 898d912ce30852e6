//! Reading a case from the working tree: what is on disk now, committed
//! or not. Files are read on every core; nothing is ever written.

use super::snapshot::CaseFolder;
use super::{blob_id, join, reportable, wanted, Origin, Problem, Snapshot, SourceFile};
use super::{CONFIG_FILE, MAX_DEPTH, MAX_FILE_BYTES};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The nearest folder at or above `start` holding `promocase.yaml`.
pub(crate) fn find_case_dir(start: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(start).map_err(|_| no_case(start, Vec::new()))?;
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
    let below = cases_below(start);
    // At a repository's root (a work repository with the case in `career/`,
    // CI's checkout), the one case in it is the one meant.
    if let [only] = below.as_slice() {
        if abs.join(".git").exists() {
            return Ok(abs.join(only));
        }
    }
    Err(no_case(start, below))
}

fn no_case(path: &Path, found: Vec<String>) -> Error {
    Error::NoCase {
        path: path.to_path_buf(),
        found,
        command: "check",
    }
}

/// How deep and how wide [`cases_below`] looks: enough for `career/` or
/// `cases/alex/` in a work repository, bounded so that a home folder is
/// not walked whole.
const BELOW_DEPTH: usize = 3;
const BELOW_FOLDERS: usize = 2_000;

/// Case folders below `start` (relative to it, sorted), for the hint of a
/// "no case here" error. Hidden folders and build outputs are skipped.
pub(crate) fn cases_below(start: &Path) -> Vec<String> {
    cases_under(start, BELOW_DEPTH, BELOW_FOLDERS).found
}

/// Folders a search for cases never looks into: hidden ones (`.git`,
/// `.cache`, ...) and build outputs, which hold no case of anyone's.
pub(crate) const SKIPPED_FOLDERS: &[&str] = &["target", "node_modules"];

/// What a search for cases found, and what it could not look into.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CaseSearch {
    /// Case folders, relative to the start, sorted.
    pub(crate) found: Vec<String>,
    /// Folders that could not be looked into, with why (relative to the
    /// start; a name that is not UTF-8 shown with replacement characters).
    pub(crate) unreadable: Vec<(String, String)>,
    /// Folders skipped by name ([`SKIPPED_FOLDERS`], hidden ones).
    pub(crate) skipped: Vec<String>,
    /// Set when the folder or depth limit stopped the search early.
    pub(crate) stopped: Option<String>,
}

/// Case folders below `start`, at most `depth` levels down, looking into
/// at most `limit` folders. A case folder is not looked into: cases do not
/// nest. Nothing is passed over in silence: a folder that cannot be read
/// or named, one skipped by name, and a limit reached are all reported.
pub(crate) fn cases_under(start: &Path, depth_limit: usize, limit: usize) -> CaseSearch {
    let mut out = CaseSearch::default();
    let mut queue = std::collections::VecDeque::from([(start.to_path_buf(), String::new(), 0)]);
    let mut seen = 0;
    while let Some((dir, rel, depth)) = queue.pop_front() {
        seen += 1;
        if seen > limit {
            out.stopped = Some(format!("the search stopped after {limit} folders"));
            break;
        }
        if !rel.is_empty() && dir.join(CONFIG_FILE).is_file() {
            out.found.push(rel);
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                out.unreadable.push((rel, e.to_string()));
                continue;
            }
        };
        let mut subs = Vec::new();
        for e in entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        {
            let name = e.file_name();
            let Some(name) = name.to_str() else {
                let shown = join(&rel, &name.to_string_lossy());
                out.unreadable
                    .push((shown, "the folder's name is not UTF-8".into()));
                continue;
            };
            if name.starts_with('.') || SKIPPED_FOLDERS.contains(&name) {
                out.skipped.push(join(&rel, name));
                continue;
            }
            subs.push((e.path(), name.to_string()));
        }
        if depth == depth_limit && !subs.is_empty() {
            let m = format!("folders more than {depth_limit} levels down were not searched");
            out.stopped = Some(m);
            continue;
        }
        subs.sort();
        for (p, name) in subs {
            queue.push_back((p, join(&rel, &name), depth + 1));
        }
    }
    out.found.sort();
    out.unreadable.sort();
    out.skipped.sort();
    out
}

/// A fingerprint of the case's files on disk: their paths, sizes and
/// modification times, no file read (what `serve` polls every second).
/// Changes when a file of the case is added, removed or written.
pub(crate) fn fingerprint(case_dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match list_worktree(case_dir, |_| true) {
        Ok((snap, files)) => {
            snap.problems.len().hash(&mut h);
            for (path, file) in files {
                path.hash(&mut h);
                let meta = std::fs::metadata(&file).ok();
                meta.as_ref().map(|m| m.len()).hash(&mut h);
                meta.and_then(|m| m.modified().ok()).hash(&mut h);
            }
        }
        Err(e) => e.to_string().hash(&mut h),
    }
    format!("{:016x}", h.finish())
}

/// Read a case from the working tree (uncommitted files included).
pub fn read_worktree(case_dir: &Path) -> Result<Snapshot> {
    Ok(list_worktree(case_dir, |_| false)?.0)
}

/// The case on disk, but for the files `defer` chooses: those are listed
/// (path and file) for [`read_deferred`] to read.
pub(crate) fn list_worktree(
    case_dir: &Path,
    defer: fn(&str) -> bool,
) -> Result<(Snapshot, Vec<(String, PathBuf)>)> {
    let mut snap = Snapshot {
        origin: Origin::WorkingTree,
        case: CaseFolder::WorkTree {
            dir: case_dir.to_path_buf(),
            shown: super::display_path(case_dir),
        },
        files: Vec::new(),
        problems: Vec::new(),
    };
    let mut to_read = Vec::new();
    walk_dir(case_dir, "", &mut snap, &mut to_read)?;
    let (later, now): (Vec<_>, Vec<_>) = to_read.into_iter().partition(|(p, _)| defer(p));
    for r in read_each(&now, SourceFile::clone) {
        match r {
            Ok(f) => snap.files.push(f),
            Err(p) => snap.problems.push(p),
        }
    }
    // In a sparse checkout, files outside the sparse set are not on disk
    // but still in the case: take them as the index has them.
    let on_disk: std::collections::HashSet<&str> = snap
        .files
        .iter()
        .map(|f| &*f.path)
        .chain(later.iter().map(|(p, _)| p.as_str()))
        .collect();
    let sparse: Vec<SourceFile> = super::git::sparse_files(case_dir)
        .into_iter()
        .filter(|f| wanted(&f.path) && !on_disk.contains(&*f.path))
        .collect();
    snap.files.extend(sparse);
    snap.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((snap, later))
}

/// Read the files [`list_worktree`] deferred, on every core, handing each
/// to `f` in the thread that read it; for each path, what `f` gave or why
/// the file could not be read.
pub(crate) fn read_deferred<T: Send>(
    later: &[(String, PathBuf)],
    f: impl Fn(&SourceFile) -> T + Sync,
) -> Vec<(Arc<str>, Result<T, Problem>)> {
    let read = read_each(later, f);
    later
        .iter()
        .zip(read)
        .map(|((path, _), r)| (Arc::from(path.as_str()), r))
        .collect()
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
            let (path, message) = (rel.to_string(), e.to_string());
            snap.problems.push(Problem::Unreadable { path, message });
            return Ok(());
        }
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let path = join(rel, &entry.file_name().to_string_lossy());
            report(snap, unreadable(path, "the file name is not valid UTF-8"));
            continue;
        };
        if rel.is_empty() && (name == ".git" || name == "target") {
            continue;
        }
        let path = join(rel, &name);
        let meta = match std::fs::symlink_metadata(entry.path()) {
            Ok(m) => m,
            Err(e) => {
                report(snap, unreadable(path, &e.to_string()));
                continue;
            }
        };
        if meta.file_type().is_dir() {
            if entry.path().join(".git").exists() {
                let what = "a nested Git repository (submodule)".into();
                report(snap, Problem::Skipped { path, what });
            } else if super::depth(&path) > MAX_DEPTH {
                report(snap, super::too_deep(path));
            } else {
                walk_dir(&entry.path(), &path, snap, to_read)?;
            }
            continue;
        }
        file(&entry, path, &meta, snap, to_read);
    }
    Ok(())
}

fn unreadable(path: String, why: &str) -> Problem {
    Problem::Unreadable {
        path,
        message: why.to_string(),
    }
}

/// A problem at a path the case would read (not one it ignores anyway).
fn report(snap: &mut Snapshot, p: Problem) {
    if reportable(p.path()) {
        snap.problems.push(p);
    }
}

/// One entry that is not a folder: a wanted regular file to read later
/// (all at once, on every core), or why it is not read.
fn file(
    entry: &std::fs::DirEntry,
    path: String,
    meta: &std::fs::Metadata,
    snap: &mut Snapshot,
    to_read: &mut Vec<(String, PathBuf)>,
) {
    let ft = meta.file_type();
    if ft.is_symlink() {
        let what = "a symbolic link (never followed)".into();
        report(snap, Problem::Skipped { path, what });
    } else if !ft.is_file() {
        report(
            snap,
            Problem::Skipped {
                path,
                what: "not a regular file".into(),
            },
        );
    } else if wanted(&path) {
        if meta.len() > MAX_FILE_BYTES {
            snap.problems.push(Problem::TooLarge {
                path,
                size: meta.len(),
            });
            return;
        }
        to_read.push((path, entry.path()));
    }
}

/// Read and hash files on every core, handing each to `f` in the thread
/// that read it.
fn read_each<T: Send>(
    to_read: &[(String, PathBuf)],
    f: impl Fn(&SourceFile) -> T + Sync,
) -> Vec<std::result::Result<T, Problem>> {
    crate::parallel::map(to_read, |(path, full)| match read_bounded(full) {
        Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => Err(Problem::TooLarge {
            path: path.clone(),
            size: bytes.len() as u64,
        }),
        Ok(bytes) => Ok(f(&SourceFile {
            blob: blob_id(&bytes).into(),
            path: path.as_str().into(),
            bytes: Arc::new(bytes),
        })),
        Err(e) => Err(Problem::Unreadable {
            path: path.clone(),
            message: e.to_string(),
        }),
    })
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

/// Read every `*.hbs` file of a folder (`--templates DIR`), by file name:
/// the rule of a case's own `templates/` (regular files only, links not
/// followed, the size limit). Reading files is the source stage's.
pub(crate) fn read_templates(
    dir: &std::path::Path,
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut out = std::collections::BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Read {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".hbs") {
            continue;
        }
        // The rule of a case's own templates/: links are never followed,
        // only regular files up to the size limit are read.
        let meta = entry.path().symlink_metadata().map_err(|e| Error::Read {
            path: entry.path(),
            source: e,
        })?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(Error::Usage {
                message: format!(
                    "template `{}` is not a regular file of at most 1 MiB; links are not followed\n  help: copy the template itself into the folder",
                    entry.path().display()
                ),
            });
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::Read {
            path: entry.path(),
            source: e,
        })?;
        out.insert(name, text);
    }
    Ok(out)
}
