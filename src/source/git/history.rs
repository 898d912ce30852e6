//! Reading a case at a sequence of commits, each costing what changed
//! since the one before. A [`History`] keeps the listing of the case it
//! read last, which makes it so: what "last" means belongs to the reader,
//! not to the repository.

use super::listing::{corrupt_tree, unchanged, Listed, Listing, Reuse};
use super::repo::{CaseAt, Repo};
use super::Missed;
use crate::error::Result;
use crate::source::snapshot::CaseFolder;
use crate::source::{
    join, reportable, wanted, Changes, CommitInfo, Origin, Problem, Snapshot, SourceFile,
};
use std::sync::Arc;

/// Reads a case at a sequence of commits, each costing what changed since
/// the one before: each tree is listed beside the same folder's listing in
/// the case read last (see `listing`). `diff` reads two commits through one; `timeline` moves one to a
/// thread of its own and reads every commit that changed the case.
pub struct History {
    repo: Repo,
    /// The case's tree as read last: the next read reuses what it shares
    /// with it, and [`History::read_changes`] compares them.
    last_case: Option<Arc<Listing>>,
    /// Files in the last snapshot, to size the next one.
    last_files: usize,
    /// Which wanted files are listed without being read, for
    /// [`History::read_deferred`] to read.
    defer: Option<fn(&str) -> bool>,
    /// The files listed but not read yet, with their blobs.
    deferred: Vec<(Arc<str>, git2::Oid)>,
}

impl History {
    pub(crate) fn new(repo: Repo) -> History {
        History {
            repo,
            last_case: None,
            last_files: 0,
            defer: None,
            deferred: Vec::new(),
        }
    }

    /// A reader that lists the files `defer` chooses without reading them
    /// (their snapshot entries have no bytes): [`History::read_deferred`]
    /// reads them, handing each over as it is read. In a sequence of reads
    /// (`diff`), a file unchanged since the read before is listed as it was
    /// then, without bytes: its reader must have kept what it needed.
    pub(crate) fn deferring(repo: Repo, defer: fn(&str) -> bool) -> History {
        History {
            defer: Some(defer),
            ..History::new(repo)
        }
    }

    /// Read the files the last read deferred, on every core, handing each
    /// to `f` in the thread that read it (its bytes are dropped after); for
    /// each path, what `f` gave or why the file could not be read.
    pub(crate) fn read_deferred<T: Send>(
        &mut self,
        f: impl Fn(&SourceFile) -> T + Sync,
    ) -> Vec<(Arc<str>, Result<T, Problem>)> {
        let deferred = std::mem::take(&mut self.deferred);
        let oids: Vec<git2::Oid> = deferred.iter().map(|(_, o)| *o).collect();
        let read = self.repo.map_blobs(&oids, |i, bytes| {
            let (path, oid) = &deferred[i];
            f(&SourceFile {
                path: path.clone(),
                bytes: Arc::new(bytes),
                blob: Arc::from(oid.to_string()),
            })
        });
        deferred
            .into_iter()
            .zip(read)
            .map(|((path, oid), r)| {
                let r = r.map_err(|why| self.missed(path.to_string(), oid, why));
                (path, r)
            })
            .collect()
    }

    pub(crate) fn repo(&self) -> &Repo {
        &self.repo
    }

    /// The repository back, for a reader of another case in it.
    pub(crate) fn into_repo(self) -> Repo {
        self.repo
    }

    /// The listing of a case's tree; it becomes the last one read.
    fn read_case_tree(&mut self, case: &CaseAt) -> Result<Arc<Listing>> {
        // What an earlier read deferred and no one read is not this one's.
        self.deferred.clear();
        let last = self.last_case.take();
        let listing = match last {
            Some(l) if l.id == case.tree => l,
            _ => Arc::new(self.walk_tree(case.tree, "", last.as_deref())?),
        };
        self.last_case = Some(listing.clone());
        Ok(listing)
    }

    /// What changed in the case found by [`Repo::find_case`] at a commit
    /// since the case read last (by this or [`History::read_commit`]; the
    /// first read is all added). Trees the two share are not looked into,
    /// so the cost is that of the change.
    pub(crate) fn read_changes(&mut self, case: &CaseAt) -> Result<Changes> {
        let old = self.last_case.clone();
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
    fn read_commit(&mut self, rev: &str, commit: &CommitInfo, case: &CaseAt) -> Result<Snapshot> {
        let listing = self.read_case_tree(case)?;
        let mut snap = Snapshot {
            origin: Origin::Commit {
                rev: rev.to_string(),
                id: commit.id.clone(),
                date: commit.date,
            },
            case: CaseFolder::InRepository(case.rel.clone()),
            files: Vec::with_capacity(self.last_files),
            problems: Vec::new(),
        };
        listing.flatten(&mut snap.files, &mut snap.problems);
        self.last_files = snap.files.len();
        Ok(snap)
    }

    /// Resolve `rev` and read the case at or above `rel` there; `None` for
    /// the snapshot when the commit has no case (a case absent on one side
    /// of a diff is all added or all removed).
    pub(crate) fn read_case_at(
        &mut self,
        rev: &str,
        rel: &str,
    ) -> Result<(CommitInfo, Option<Snapshot>)> {
        let commit = self.repo.resolve(rev)?;
        let snap = self.read_case_in(rev, &commit, rel)?;
        Ok((commit, snap))
    }

    /// [`History::read_case_at`] for a revision already resolved.
    pub(crate) fn read_case_in(
        &mut self,
        rev: &str,
        commit: &CommitInfo,
        rel: &str,
    ) -> Result<Option<Snapshot>> {
        match self.repo.find_case(commit, rel)? {
            Some(case) => Ok(Some(self.read_commit(rev, commit, &case)?)),
            None => Ok(None),
        }
    }

    /// The listing of tree `oid` standing at `rel` in the case, beside
    /// `previous`, the listing at `rel` in the case read last: what it
    /// shares with that (files and subtrees with the same id) is taken from
    /// it, not read.
    fn walk_tree(
        &mut self,
        oid: git2::Oid,
        rel: &str,
        previous: Option<&Listing>,
    ) -> Result<Listing> {
        let mut raw = Vec::new();
        let entries = match self.repo.tree_entries(oid, &mut raw) {
            Ok(e) => e,
            Err(why) => return Ok(corrupt_tree(rel, oid, &why)),
        };
        let mut reuse = Reuse::new(previous, rel);
        let mut out = Listing {
            id: oid,
            entries: Vec::with_capacity(entries.len()),
            problems: 0,
        };
        // Wanted blobs are read together (on every core) after the walk.
        let mut blobs: Vec<(usize, Arc<str>, git2::Oid)> = Vec::new();
        for (name, id, mode) in entries {
            // An unchanged file or folder of the same tree's last listing is
            // reused whole: path string, bytes, listing and all.
            let before = reuse.find(name, mode == 0o040000);
            if let Some(same) = unchanged(before, id, mode) {
                out.entries.push(same);
                continue;
            }
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
            let before = match before {
                Some(Listed::Tree(_, sub)) => Some(sub.as_ref()),
                _ => None,
            };
            let path = join(rel, name);
            self.list_entry(&mut out, &mut blobs, path, (id, mode), before)?;
        }
        self.read_blobs(&mut out, blobs);
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

    /// One entry of a tree walked afresh into `out`: a subtree listed (or
    /// too deep), a wanted file deferred or queued for `read_blobs` (a
    /// placeholder holds its place), anything else skipped and said.
    fn list_entry(
        &mut self,
        out: &mut Listing,
        blobs: &mut Vec<(usize, Arc<str>, git2::Oid)>,
        path: String,
        (id, mode): (git2::Oid, i32),
        before: Option<&Listing>,
    ) -> Result<()> {
        match mode {
            // A commit that changed one file re-walks only the folders on
            // its path: the others were reused by `walk_tree`.
            0o040000 if crate::source::depth(&path) > crate::source::MAX_DEPTH => {
                if reportable(&path) {
                    out.entries
                        .push(Listed::Problem(crate::source::too_deep(path)));
                }
            }
            0o040000 => {
                let sub = Arc::new(self.walk_tree(id, &path, before)?);
                out.entries.push(Listed::Tree(Arc::from(path), sub));
            }
            0o100644 | 0o100755 if self.defer.is_some_and(|d| wanted(&path) && d(&path)) => {
                let path: Arc<str> = Arc::from(path);
                self.deferred.push((path.clone(), id));
                let blob = Arc::from(id.to_string());
                let bytes = Arc::default();
                out.entries
                    .push(Listed::File(Arc::new(SourceFile { path, bytes, blob }), id));
            }
            0o100644 | 0o100755 if wanted(&path) => {
                blobs.push((out.entries.len(), Arc::from(path), id));
                // A placeholder, filled in by `read_blobs`.
                let (path, message) = (String::new(), String::new());
                out.entries
                    .push(Listed::Problem(Problem::Unreadable { path, message }));
            }
            0o100644 | 0o100755 => {}
            _ if !reportable(&path) => {}
            _ => out.entries.push(skipped(path, mode)),
        }
        Ok(())
    }

    /// Fill the placeholders `walk_tree` left for wanted blobs.
    fn read_blobs(&mut self, out: &mut Listing, blobs: Vec<(usize, Arc<str>, git2::Oid)>) {
        let oids: Vec<git2::Oid> = blobs.iter().map(|(_, _, o)| *o).collect();
        let read = self.repo.read_blobs(&oids);
        for ((slot, path, blob), r) in blobs.into_iter().zip(read) {
            out.entries[slot] = match r {
                Ok((bytes, hex)) => {
                    let file = SourceFile {
                        path,
                        bytes,
                        blob: hex,
                    };
                    Listed::File(Arc::new(file), blob)
                }
                Err(why) => Listed::Problem(self.missed(path.to_string(), blob, why)),
            };
        }
    }

    /// The problem for a blob that was not read.
    fn missed(&self, path: String, blob: git2::Oid, why: Missed) -> Problem {
        match why {
            Missed::TooLarge => Problem::TooLarge {
                size: self.repo.blob_size(blob),
                path,
            },
            Missed::Unreadable(message) => Problem::Unreadable {
                path,
                message: format!("corrupt or missing Git object {blob}: {message}"),
            },
        }
    }
}

/// The problem for an entry that is not a regular file or a folder.
fn skipped(path: String, mode: i32) -> Listed {
    let what = match mode {
        0o120000 => "a symbolic link (never followed)",
        0o160000 => "a submodule",
        _ => "not a regular file",
    };
    Listed::Problem(Problem::Skipped {
        path,
        what: what.into(),
    })
}
