//! Reading many blobs at once, at Git's speed.
//!
//! A case of thousands of files is read from a pack: on every core, each
//! thread with a repository of its own (libgit2's are not shared between
//! threads) reading one contiguous stretch of the pack in offset order, so
//! delta bases stay in its cache. Each blob is handed to the caller's
//! function in the thread that read it: a case's evidence is checked while
//! the rest is still being read, and its bytes are dropped once checked.
//!
//! Loose objects are read by promocase itself, bounded (see
//! [`objects::read_loose`]); a blob whose fan-out folder does not exist is
//! not looked for there (a freshly cloned repository has none, and a
//! failed `open` per blob was a measurable part of reading one).

use super::objects::{self, LooseObject};
use super::pack_order::PackOrder;
use super::repo::Repo;
use super::Missed;
use crate::source::MAX_FILE_BYTES;

/// Which of the 256 fan-out folders of `objects/` exist.
pub(super) struct LooseDirs([bool; 256]);

impl LooseDirs {
    pub(super) fn scan(objects: &std::path::Path) -> LooseDirs {
        let Ok(dir) = std::fs::read_dir(objects) else {
            // Unknown: look everywhere, as if every folder existed.
            return LooseDirs([true; 256]);
        };
        let mut found = [false; 256];
        for entry in dir.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.len() == 2 {
                if let Ok(byte) = u8::from_str_radix(&name, 16) {
                    found[byte as usize] = true;
                }
            }
        }
        LooseDirs(found)
    }

    pub(super) fn may_hold(&self, oid: git2::Oid) -> bool {
        self.0[oid.as_bytes()[0] as usize]
    }
}

/// A packed blob, unless it is too large (its size is in the pack entry's
/// header: nothing is inflated to learn it). `None`: not read here.
fn read_packed_blob(odb: &git2::Odb<'_>, o: git2::Oid) -> Option<Result<Vec<u8>, Missed>> {
    match odb.read_header(o) {
        Ok((size, git2::ObjectType::Blob)) if size as u64 > MAX_FILE_BYTES => {
            Some(Err(Missed::TooLarge))
        }
        Ok((_, git2::ObjectType::Blob)) => odb.read(o).ok().map(|obj| Ok(obj.data().to_vec())),
        _ => None,
    }
}

fn from_loose(read: Result<LooseObject, String>) -> Result<Vec<u8>, Missed> {
    match read {
        Ok(LooseObject {
            kind,
            data: Some(data),
        }) if kind == "blob" => Ok(data),
        Ok(LooseObject { data: None, .. }) => Err(Missed::TooLarge),
        Ok(LooseObject { kind, .. }) => Err(Missed::Unreadable(format!(
            "expected a blob, found a {kind}"
        ))),
        Err(message) => Err(Missed::Unreadable(message)),
    }
}

/// One result slot per blob asked for.
type Slots<T> = Vec<Option<Result<T, Missed>>>;

impl Repo {
    /// Read every blob of `oids` (on every core when they are many) and
    /// hand each to `f` with its index, in the thread that read it; the
    /// results in the order of `oids`.
    pub(super) fn map_blobs<T: Send>(
        &self,
        oids: &[git2::Oid],
        f: impl Fn(usize, Vec<u8>) -> T + Sync,
    ) -> Vec<Result<T, Missed>> {
        let objects = self.objects_dir();
        let dirs = self.loose_dirs();
        let mut out: Slots<T> = (0..oids.len()).map(|_| None).collect();
        let loose: Vec<usize> = (0..oids.len())
            .filter(|&i| dirs.may_hold(oids[i]))
            .collect();
        let read = crate::parallel::map(&loose, |&i| {
            let r = objects::read_loose(&objects, oids[i], MAX_FILE_BYTES)?;
            Some(from_loose(r).map(|d| f(i, d)))
        });
        for (&i, r) in loose.iter().zip(read) {
            out[i] = r;
        }
        let packed: Vec<usize> = (0..oids.len()).filter(|&i| out[i].is_none()).collect();
        for (i, r) in self.read_packed(packed, oids, &f) {
            out[i] = r;
        }
        // What the packs did not give is read again here, which says why.
        out.into_iter()
            .enumerate()
            .map(|(i, r)| r.unwrap_or_else(|| self.read_alone(oids[i]).map(|d| f(i, d))))
            .collect()
    }

    /// The packed blobs among `oids` at `todo`, each thread reading one
    /// contiguous stretch of the pack in offset order.
    fn read_packed<T: Send>(
        &self,
        mut todo: Vec<usize>,
        oids: &[git2::Oid],
        f: &(impl Fn(usize, Vec<u8>) -> T + Sync),
    ) -> Vec<(usize, Option<Result<T, Missed>>)> {
        let read = |odb: &git2::Odb<'_>, i: usize| {
            let r = read_packed_blob(odb, oids[i]);
            (i, r.map(|r| r.map(|d| f(i, d))))
        };
        // A few blobs (a commit of `timeline`): here, through this
        // repository; opening one per thread would cost more than reading.
        if todo.len() < crate::parallel::SMALL {
            return match self.git().odb() {
                Ok(odb) => todo.iter().map(|&i| read(&odb, i)).collect(),
                Err(_) => todo.into_iter().map(|i| (i, None)).collect(),
            };
        }
        let order = PackOrder::new(&self.objects_dir());
        todo.sort_by_cached_key(|&i| (order.key(oids[i].as_bytes()), oids[i]));
        let gitdir = self.git().path().to_path_buf();
        crate::parallel::stretches(&todo, |stretch| {
            let repo = super::repo::open(|| git2::Repository::open(&gitdir)).ok();
            let odb = repo.as_ref().and_then(|r| r.odb().ok());
            match odb {
                Some(odb) => stretch.iter().map(|&i| read(&odb, i)).collect(),
                None => stretch.iter().map(|&i| (i, None)).collect(),
            }
        })
    }

    /// One blob through this repository's object database, with Git's
    /// words for why it cannot be read.
    fn read_alone(&self, oid: git2::Oid) -> Result<Vec<u8>, Missed> {
        let why = |e: git2::Error| Missed::Unreadable(e.message().to_string());
        let odb = self.git().odb().map_err(why)?;
        let (size, _) = odb.read_header(oid).map_err(why)?;
        if size as u64 > MAX_FILE_BYTES {
            return Err(Missed::TooLarge);
        }
        let obj = odb.read(oid).map_err(why)?;
        if obj.kind() != git2::ObjectType::Blob {
            return Err(Missed::Unreadable(format!(
                "expected a blob, found a {}",
                obj.kind().str()
            )));
        }
        Ok(obj.data().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::LooseDirs;

    #[test]
    fn only_existing_fan_out_folders_are_looked_in() {
        let dir = std::env::temp_dir().join(format!("promocase-loose-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ab")).unwrap();
        std::fs::create_dir_all(dir.join("pack")).unwrap();
        std::fs::create_dir_all(dir.join("info")).unwrap();
        let dirs = LooseDirs::scan(&dir);
        let oid = |first: u8| {
            let mut b = [0u8; 20];
            b[0] = first;
            git2::Oid::from_bytes(&b).unwrap()
        };
        assert!(dirs.may_hold(oid(0xab)));
        assert!(!dirs.may_hold(oid(0xac)));
        assert_eq!(dirs.0.iter().filter(|b| **b).count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
        // A folder that cannot be listed is looked in everywhere.
        assert!(LooseDirs::scan(&dir).may_hold(oid(0xac)));
    }
}
