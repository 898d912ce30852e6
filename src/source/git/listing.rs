//! The listings of a case's trees, kept from one commit to the next.
//!
//! `timeline` reads hundreds of commits that share most of their trees.
//! Each new tree is listed beside the listing of the same folder in the
//! commit read before ([`Reuse`]): a subtree with the same id is that
//! listing, shared without a look inside, and an unchanged file keeps its
//! entry (path, bytes and all), so a commit costs the folders it changed,
//! as Git's own tree diff does. Two listings are then compared without
//! looking inside the subtrees they share ([`Listing::changes_since`]).
//! The last listing belongs to whoever reads a sequence of commits
//! ([`super::History`]), not to the repository: what "last read" means is
//! that reader's business.

use crate::source::{Changes, Problem, SourceFile};
use std::sync::Arc;

/// One tree of the case, as read: its wanted files with their bytes, its
/// subtrees, and the entries it could not read, in Git's order (which is
/// path order once flattened). Built once per (tree id, path): a later
/// commit that shares the tree shares this, bytes and path strings included.
pub(crate) struct Listing {
    /// The tree's id: a later commit with the same tree at the same path
    /// shares this listing.
    pub(crate) id: git2::Oid,
    pub(crate) entries: Vec<Listed>,
    /// Problems in this tree and below: most trees have none, and their
    /// problems need not be looked for.
    pub(crate) problems: usize,
}

pub(crate) enum Listed {
    /// A file behind one pointer: a big folder's listing is copied, entry
    /// by entry, each time one of its files changes.
    File(Arc<SourceFile>, git2::Oid),
    /// A subtree and its path in the case.
    Tree(Arc<str>, Arc<Listing>),
    Problem(Problem),
}

/// Finds a tree's entries in its last listing (the same folder in the
/// commit read before), walking it once alongside the new entries: both
/// are in Git's order.
pub(crate) struct Reuse<'a> {
    /// Name within the tree, whether a tree, the entry.
    entries: Vec<(&'a [u8], bool, &'a Listed)>,
    next: usize,
}

impl<'a> Reuse<'a> {
    pub(crate) fn new(previous: Option<&'a Listing>, rel: &str) -> Self {
        let skip = if rel.is_empty() { 0 } else { rel.len() + 1 };
        let name = |path: &'a str| path.as_bytes().get(skip..);
        let entries = previous
            .map(|l| {
                l.entries
                    .iter()
                    .filter_map(|e| match e {
                        Listed::File(f, _) => Some((name(&f.path)?, false, e)),
                        Listed::Tree(path, _) => Some((name(path)?, true, e)),
                        Listed::Problem(_) => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Reuse { entries, next: 0 }
    }

    /// The last listing's entry named `name` (a tree when `tree`), if any.
    /// Names are bytes as the tree holds them: most are found here before
    /// anyone checks they are UTF-8.
    pub(crate) fn find(&mut self, name: &[u8], tree: bool) -> Option<&'a Listed> {
        while let Some(&(n, t, e)) = self.entries.get(self.next) {
            match git_order((n, t), (name, tree)) {
                std::cmp::Ordering::Less => self.next += 1,
                std::cmp::Ordering::Equal => {
                    self.next += 1;
                    return Some(e);
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

/// `before` again when it is the entry a tree now has (the same file or
/// folder, with the same id): reused whole, path string, bytes, listing
/// and all.
pub(crate) fn unchanged(before: Option<&Listed>, id: git2::Oid, mode: i32) -> Option<Listed> {
    match (before?, mode) {
        (Listed::File(f, old), 0o100644 | 0o100755) if *old == id => {
            Some(Listed::File(f.clone(), id))
        }
        (Listed::Tree(path, sub), 0o040000) if sub.id == id => {
            Some(Listed::Tree(path.clone(), sub.clone()))
        }
        _ => None,
    }
}

/// How two listings' entries order: Git's, where a tree sorts as if its
/// name ended with `/`. Problems take no part (see [`Listing::problems`]).
fn git_key(e: &Listed) -> Option<(&[u8], bool)> {
    match e {
        Listed::File(f, _) => Some((f.path.as_bytes(), false)),
        Listed::Tree(path, _) => Some((path.as_bytes(), true)),
        Listed::Problem(_) => None,
    }
}

fn git_order((a, a_tree): (&[u8], bool), (b, b_tree): (&[u8], bool)) -> std::cmp::Ordering {
    // Most entries are files, for which it is plain byte order.
    if !a_tree && !b_tree {
        return a.cmp(b);
    }
    let slash = |tree: bool| if tree { Some(b'/') } else { None };
    a.iter()
        .copied()
        .chain(slash(a_tree))
        .cmp(b.iter().copied().chain(slash(b_tree)))
}

impl Listed {
    /// The file, or every file below the tree, as added (`added`) or removed.
    fn all_files(&self, added: bool, out: &mut Changes) {
        match self {
            Listed::File(f, _) if added => out.upserted.push(SourceFile::clone(f)),
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
                            out.upserted.push(SourceFile::clone(f))
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
                Listed::File(f, _) => files.push(SourceFile::clone(f)),
                Listed::Tree(_, t) => t.flatten(files, problems),
                Listed::Problem(p) => problems.push(p.clone()),
            }
        }
    }
}

pub(crate) fn corrupt_tree(rel: &str, oid: git2::Oid, why: &str) -> Listing {
    Listing {
        id: oid,
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
            Arc::new(SourceFile {
                path: Arc::from(path),
                bytes: Arc::new(vec![n]),
                blob: Arc::from(oid(n).to_string()),
            }),
            oid(n),
        )
    }

    fn listing(entries: Vec<Listed>) -> Listing {
        Listing {
            id: git2::Oid::ZERO_SHA1,
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
    fn entries_are_found_in_the_previous_listing_in_git_order() {
        let sub = Arc::new(listing(vec![file("e/a/x.md", 3)]));
        let prev = listing(vec![
            file("e/a.md", 1),
            Listed::Tree(Arc::from("e/a"), sub),
            file("e/b.md", 2),
        ]);
        let mut reuse = Reuse::new(Some(&prev), "e");
        // Git sorts the folder `a` as `a/`: after the file `a.md`.
        assert!(matches!(reuse.find(b"a.md", false), Some(Listed::File(_, id)) if *id == oid(1)));
        assert!(matches!(reuse.find(b"a", true), Some(Listed::Tree(p, _)) if &**p == "e/a"));
        assert!(reuse.find(b"az.md", false).is_none(), "a new name");
        assert!(matches!(reuse.find(b"b.md", false), Some(Listed::File(_, id)) if *id == oid(2)));
        assert!(reuse.find(b"c.md", false).is_none(), "past the end");
    }

    #[test]
    fn a_file_is_not_found_as_a_folder_of_the_same_name() {
        let sub = Arc::new(listing(vec![]));
        let prev = listing(vec![Listed::Tree(Arc::from("notes"), sub)]);
        assert!(Reuse::new(Some(&prev), "").find(b"notes", false).is_none());
    }
}
