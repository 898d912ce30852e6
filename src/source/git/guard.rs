//! Commits and trees read with a bound before libgit2 touches them.
//!
//! libgit2 (1.9) loops forever inflating a truncated loose object, and it
//! reads commits and trees behind most of its calls (`revparse`, `revwalk`,
//! `tree.get_path`). So promocase reads every commit and tree on its way
//! itself: a loose one through the bounded reader of [`super::objects`], a
//! packed one through libgit2 (packs are not affected). A corrupt object is
//! an error naming it; by the time libgit2 reads an object, it is known to
//! be whole.

use super::objects::{self, LooseObject};
use crate::error::{Error, Result};
use git2::Oid;
use std::path::PathBuf;

/// What promocase needs of a commit.
pub(super) struct CommitObj {
    pub(super) tree: Oid,
    pub(super) parents: Vec<Oid>,
}

pub(super) struct Guard<'a> {
    pub(super) repo: &'a git2::Repository,
    pub(super) objects: PathBuf,
}

/// The error for an object that cannot be read.
pub(super) fn corrupt(oid: Oid, why: &str) -> Error {
    Error::Git {
        message: format!(
            "corrupt or missing Git object {oid}: {why}\n  help: `git fsck` names what is damaged; in a partial or treeless clone, fetch the full history"
        ),
    }
}

/// The hex id after `key ` on a line of an object's header.
fn header_ids<'a>(data: &'a [u8], key: &'a str) -> impl Iterator<Item = Oid> + 'a {
    let head = data.split(|b| *b == b'\n').take_while(|l| !l.is_empty());
    head.filter_map(move |l| {
        let rest = l.strip_prefix(key.as_bytes())?.strip_prefix(b" ")?;
        Oid::from_str(std::str::from_utf8(rest).ok()?).ok()
    })
}

/// A tree as read: a loose one's bytes (read with the bound), or a packed
/// one as libgit2 parsed it.
enum TreeRead<'r> {
    Loose(Vec<u8>),
    Packed(git2::Tree<'r>),
}

/// A loose tree's entries, or the error naming it.
fn parsed(oid: Oid, data: &[u8]) -> Result<Vec<(&[u8], Oid, i32)>> {
    objects::parse_tree(data).ok_or_else(|| corrupt(oid, "malformed tree entries"))
}

impl Guard<'_> {
    /// The object, inflated with the bound, when it is loose.
    fn loose(&self, oid: Oid) -> Result<Option<LooseObject>> {
        match objects::read_loose(&self.objects, oid, u64::MAX / 2) {
            Some(Ok(o)) => Ok(Some(o)),
            Some(Err(why)) => Err(corrupt(oid, &why)),
            None => Ok(None),
        }
    }

    /// The commit `oid` names, through annotated tags.
    pub(super) fn commit(&self, mut oid: Oid) -> Result<CommitObj> {
        for _ in 0..16 {
            let Some(o) = self.loose(oid)? else {
                let obj = self
                    .repo
                    .find_object(oid, None)
                    .map_err(|e| corrupt(oid, e.message()))?;
                let c = obj
                    .peel_to_commit()
                    .map_err(|e| corrupt(oid, e.message()))?;
                return Ok(CommitObj {
                    tree: c.tree_id(),
                    parents: c.parent_ids().collect(),
                });
            };
            let data = o.data.unwrap_or_default();
            match o.kind.as_str() {
                "commit" => {
                    let tree = header_ids(&data, "tree")
                        .next()
                        .ok_or_else(|| corrupt(oid, "a commit without a tree"))?;
                    let parents = header_ids(&data, "parent").collect();
                    return Ok(CommitObj { tree, parents });
                }
                "tag" => {
                    oid = header_ids(&data, "object")
                        .next()
                        .ok_or_else(|| corrupt(oid, "a tag without an object"))?;
                }
                kind => return Err(corrupt(oid, &format!("expected a commit, found a {kind}"))),
            }
        }
        Err(corrupt(oid, "tags pointing at tags, too many"))
    }

    /// Make sure every object `rev` leads libgit2 through is whole: its
    /// base (a name or an id) and each `~N` / `^N` step. What cannot be
    /// read here is left to libgit2's own error.
    pub(super) fn revision(&self, rev: &str) -> Result<()> {
        let cut = rev.find(['~', '^', '@', ':']).unwrap_or(rev.len());
        let (base, mut suffix) = rev.split_at(cut);
        let Some(mut oid) = self.base(base) else {
            return Ok(());
        };
        let mut c = self.commit(oid)?;
        while let Some(op) = suffix.chars().next().filter(|c| matches!(c, '~' | '^')) {
            let digits: String = suffix[1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            suffix = &suffix[1 + digits.len()..];
            let n: usize = digits.parse().unwrap_or(1);
            let steps = if op == '~' { n } else { 1 };
            let which = if op == '^' { n } else { 1 };
            if op == '^' && n == 0 {
                continue;
            }
            for _ in 0..steps {
                let Some(p) = c.parents.get(which - 1) else {
                    return Ok(());
                };
                oid = *p;
                c = self.commit(oid)?;
            }
        }
        Ok(())
    }

    /// The object a revision's base names, without reading any object.
    fn base(&self, base: &str) -> Option<Oid> {
        if base.is_empty() {
            return None;
        }
        if base.len() == 40 {
            return Oid::from_str(base).ok();
        }
        if let Ok(r) = self.repo.resolve_reference_from_short_name(base) {
            return r.resolve().ok()?.target();
        }
        if base.len() >= 4 && base.chars().all(|c| c.is_ascii_hexdigit()) {
            let short = Oid::from_str(base).ok()?;
            return self.repo.odb().ok()?.exists_prefix(short, base.len()).ok();
        }
        None
    }

    /// The first-parent chain from `tip`, newest first, each commit read
    /// with the bound; it ends at the root or at a commit in `stop`.
    pub(super) fn first_parents(
        &self,
        tip: Oid,
        stop: &std::collections::HashSet<Oid>,
    ) -> Result<Vec<Oid>> {
        let mut out = Vec::new();
        let mut next = Some(tip);
        while let Some(oid) = next {
            if stop.contains(&oid) {
                break;
            }
            out.push(oid);
            next = self.commit(oid)?.parents.first().copied();
        }
        Ok(out)
    }

    /// The entry `name` of tree `tree`: its id and mode. Its entries are
    /// not copied (a folder of 500 cases is looked into once per case).
    pub(super) fn entry_in(&self, tree: Oid, name: &str) -> Result<Option<(Oid, i32)>> {
        Ok(match self.read_tree(tree)? {
            TreeRead::Loose(data) => parsed(tree, &data)?
                .into_iter()
                .find(|(n, _, _)| *n == name.as_bytes())
                .map(|(_, id, mode)| (id, mode)),
            TreeRead::Packed(t) => t.get_name(name).map(|e| (e.id(), e.filemode())),
        })
    }

    /// A tree's entries (name, id, mode).
    pub(super) fn tree(&self, oid: Oid) -> Result<Vec<(Vec<u8>, Oid, i32)>> {
        Ok(match self.read_tree(oid)? {
            TreeRead::Loose(data) => parsed(oid, &data)?
                .into_iter()
                .map(|(n, i, m)| (n.to_vec(), i, m))
                .collect(),
            TreeRead::Packed(t) => t
                .iter()
                .map(|e| (e.name_bytes().to_vec(), e.id(), e.filemode()))
                .collect(),
        })
    }

    /// Tree `oid`, read with the bound when loose.
    fn read_tree(&self, oid: Oid) -> Result<TreeRead<'_>> {
        match self.loose(oid)? {
            Some(LooseObject {
                kind,
                data: Some(data),
            }) if kind == "tree" => Ok(TreeRead::Loose(data)),
            Some(LooseObject { kind, .. }) => {
                Err(corrupt(oid, &format!("expected a tree, found a {kind}")))
            }
            None => self
                .repo
                .find_tree(oid)
                .map(TreeRead::Packed)
                .map_err(|e| corrupt(oid, e.message())),
        }
    }
}
