//! The listings of a case's trees, kept between commits.
//!
//! `timeline` reads hundreds of commits that share most of their trees. A
//! [`TreeCache`] keeps the listing of every tree the last commit used, by
//! (tree id, path in the case), so an unchanged folder is neither walked nor
//! flattened again, and a changed folder reuses its unchanged files from its
//! previous listing. Two listings are compared without looking inside the
//! subtrees they share ([`Listing::changes_since`]). The cache belongs to
//! whoever reads a sequence of commits ([`super::History`]), not to the
//! repository: what "last read" means is that reader's business.

use crate::source::{Changes, Problem, SourceFile};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The listings the last commit read used, and those of the commit being
/// read.
#[derive(Default)]
pub(crate) struct TreeCache {
    /// Listings by (tree id, path of the tree in the case). Only the trees
    /// of the last commit read are kept, so memory stays that of one commit.
    pub(crate) trees: HashMap<(git2::Oid, String), Arc<Listing>>,
    /// Trees used by the read in progress.
    pub(crate) used: HashSet<(git2::Oid, String)>,
    /// The listing read last at each path: a changed tree reuses the
    /// entries of its unchanged files from it.
    pub(crate) last_at: HashMap<String, Arc<Listing>>,
}

impl TreeCache {
    /// Start reading a commit.
    pub(crate) fn begin(&mut self) {
        self.used.clear();
    }

    /// The cached listing of `key`, marked as used by this read.
    pub(crate) fn get(&mut self, key: &(git2::Oid, String)) -> Option<Arc<Listing>> {
        self.used.insert(key.clone());
        self.trees.get(key).cloned()
    }

    pub(crate) fn insert(&mut self, key: (git2::Oid, String), listing: Arc<Listing>) {
        self.used.insert(key.clone());
        self.trees.insert(key, listing);
    }

    /// Finish reading a commit: keep only its trees (the next commit
    /// shares most of them), and remember them by path.
    pub(crate) fn end(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.trees.retain(|k, _| used.contains(k));
        self.last_at = self
            .trees
            .iter()
            .map(|((_, p), l)| (p.clone(), l.clone()))
            .collect();
    }

    /// The listing last read at `rel`.
    pub(crate) fn previous(&self, rel: &str) -> Option<Arc<Listing>> {
        self.last_at.get(rel).cloned()
    }
}

/// One tree of the case, as read: its wanted files with their bytes, its
/// subtrees, and the entries it could not read, in Git's order (which is
/// path order once flattened). Built once per (tree id, path): a later
/// commit that shares the tree shares this, bytes and path strings included.
#[derive(Default)]
pub(crate) struct Listing {
    pub(crate) entries: Vec<Listed>,
    /// Problems in this tree and below: most trees have none, and their
    /// problems need not be looked for.
    pub(crate) problems: usize,
}

pub(crate) enum Listed {
    File(SourceFile, git2::Oid),
    /// A subtree and its path in the case.
    Tree(Arc<str>, Arc<Listing>),
    Problem(Problem),
}

/// Finds a tree's unchanged files in its last listing, walking it once
/// alongside the new entries.
pub(crate) struct Reuse<'a> {
    files: Vec<(&'a str, &'a Listed)>,
    next: usize,
}

impl<'a> Reuse<'a> {
    pub(crate) fn new(previous: Option<&'a Listing>, rel: &str) -> Self {
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

    pub(crate) fn find(&mut self, id: git2::Oid, name: &str) -> Option<Listed> {
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
    pub(crate) fn all_files(&self, added: bool, out: &mut Changes) {
        for e in &self.entries {
            e.all_files(added, out);
        }
    }

    /// The files that differ between `old` and this listing of the same
    /// folder. A subtree both share (the same listing: the same tree id at
    /// the same path) is skipped without a look inside.
    pub(crate) fn changes_since(&self, old: &Listing, out: &mut Changes) {
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
    pub(crate) fn all_problems(&self, out: &mut Vec<Problem>) {
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
    pub(crate) fn flatten(&self, files: &mut Vec<SourceFile>, problems: &mut Vec<Problem>) {
        for e in &self.entries {
            match e {
                Listed::File(f, _) => files.push(f.clone()),
                Listed::Tree(_, t) => t.flatten(files, problems),
                Listed::Problem(p) => problems.push(p.clone()),
            }
        }
    }
}

pub(crate) fn corrupt_tree(rel: &str, oid: git2::Oid, why: &str) -> Listing {
    Listing {
        entries: vec![Listed::Problem(Problem::Unreadable {
            path: rel.to_string(),
            message: format!("corrupt Git tree {oid}: {why}"),
        })],
        problems: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> git2::Oid {
        git2::Oid::from_bytes(&[n; 20]).unwrap()
    }

    fn file(path: &str, n: u8) -> Listed {
        Listed::File(
            SourceFile {
                path: Arc::from(path),
                bytes: Arc::new(vec![n]),
                blob: Arc::from(oid(n).to_string()),
            },
            oid(n),
        )
    }

    fn listing(entries: Vec<Listed>) -> Listing {
        Listing {
            entries,
            problems: 0,
        }
    }

    fn changes(new: &Listing, old: &Listing) -> (Vec<String>, Vec<String>) {
        let mut out = Changes::default();
        new.changes_since(old, &mut out);
        (
            out.upserted.iter().map(|f| f.path.to_string()).collect(),
            out.removed.iter().map(|p| p.to_string()).collect(),
        )
    }

    #[test]
    fn changes_are_added_modified_and_removed_files() {
        let sub = Arc::new(listing(vec![file("e/x.md", 1)]));
        let old = listing(vec![
            file("a.md", 1),
            file("b.md", 2),
            Listed::Tree(Arc::from("e"), sub.clone()),
        ]);
        let new = listing(vec![
            file("b.md", 3),
            file("c.md", 4),
            Listed::Tree(Arc::from("e"), sub),
        ]);
        let (up, rm) = changes(&new, &old);
        assert_eq!(up, ["b.md", "c.md"]);
        assert_eq!(rm, ["a.md"]);
    }

    #[test]
    fn a_folder_gone_removes_every_file_below_it() {
        let sub = Arc::new(listing(vec![file("e/x.md", 1), file("e/y.md", 2)]));
        let old = listing(vec![Listed::Tree(Arc::from("e"), sub)]);
        let (up, rm) = changes(&listing(vec![]), &old);
        assert!(up.is_empty());
        assert_eq!(rm, ["e/x.md", "e/y.md"]);
    }

    #[test]
    fn a_file_and_a_folder_of_the_same_name_are_told_apart() {
        // Git sorts the folder `e` as `e/`, after the file `e.md`.
        let sub = Arc::new(listing(vec![file("e/x.md", 1)]));
        let old = listing(vec![file("e.md", 2), Listed::Tree(Arc::from("e"), sub)]);
        let new = listing(vec![file("e.md", 2)]);
        assert_eq!(changes(&new, &old), (vec![], vec!["e/x.md".to_string()]));
    }

    #[test]
    fn the_cache_keeps_only_the_trees_the_last_commit_used() {
        let mut cache = TreeCache::default();
        let a = Arc::new(listing(vec![file("a.md", 1)]));
        let b = Arc::new(listing(vec![file("b.md", 2)]));
        cache.begin();
        cache.insert((oid(1), String::new()), a.clone());
        cache.insert((oid(2), "sub".into()), b);
        cache.end();
        assert!(Arc::ptr_eq(&cache.previous("").unwrap(), &a));
        // The next commit uses the root only: `sub` is dropped at its end.
        cache.begin();
        assert!(cache.get(&(oid(1), String::new())).is_some());
        cache.end();
        assert!(cache.previous("sub").is_none());
        assert!(cache.get(&(oid(2), "sub".into())).is_none());
    }

    #[test]
    fn unchanged_files_are_reused_from_the_previous_listing() {
        let prev = listing(vec![file("e/a.md", 1), file("e/b.md", 2)]);
        let mut reuse = Reuse::new(Some(&prev), "e");
        assert!(reuse.find(oid(1), "a.md").is_some(), "same name, same blob");
        assert!(reuse.find(oid(9), "b.md").is_none(), "same name, new blob");
        assert!(reuse.find(oid(1), "c.md").is_none(), "new name");
    }
}
