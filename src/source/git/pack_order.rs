//! Where packed objects lie, to read them in the order they are stored.
//!
//! A clone or `git gc` leaves the history in a pack, most blobs as deltas
//! of nearby ones. Reading blobs in hash order jumps around the pack and
//! throws away libgit2's delta-base cache at every step; reading them in
//! pack offset order walks each delta chain while its base is still cached,
//! and lets each thread take one contiguous stretch of the pack. The
//! offsets come from the packs' `.idx` files (version 2, the only one Git
//! has written since 2008); anything unexpected there only loses the order,
//! never an object: libgit2 still reads every object.

use std::path::Path;

/// One pack's index: its sorted object ids and their offsets.
struct PackIndex {
    data: Vec<u8>,
    count: usize,
}

const MAGIC: &[u8; 4] = b"\xfftOc";

impl PackIndex {
    fn read(path: &Path) -> Option<PackIndex> {
        let data = std::fs::read(path).ok()?;
        if data.len() < 8 + 256 * 4 || &data[..4] != MAGIC || data[4..8] != [0, 0, 0, 2] {
            return None;
        }
        let count = u32::from_be_bytes(data[8 + 255 * 4..8 + 256 * 4].try_into().ok()?) as usize;
        // ids, crc32s and 32-bit offsets must all be there.
        if data.len() < 8 + 256 * 4 + count.checked_mul(28)? {
            return None;
        }
        Some(PackIndex { data, count })
    }

    fn fanout(&self, byte: u8) -> usize {
        let at = 8 + 4 * byte as usize;
        u32::from_be_bytes([
            self.data[at],
            self.data[at + 1],
            self.data[at + 2],
            self.data[at + 3],
        ]) as usize
    }

    /// The offset of `oid` in the pack, if this pack holds it.
    fn offset(&self, oid: &[u8]) -> Option<u64> {
        let ids = 8 + 256 * 4;
        let hi = self.fanout(oid[0]).min(self.count);
        let lo = if oid[0] == 0 {
            0
        } else {
            self.fanout(oid[0] - 1).min(hi)
        };
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let id = &self.data[ids + 20 * mid..ids + 20 * mid + 20];
            match id.cmp(oid) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = ids + 24 * self.count + 4 * mid;
                    let small = u32::from_be_bytes(self.data.get(at..at + 4)?.try_into().ok()?);
                    if small & 0x8000_0000 == 0 {
                        return Some(u64::from(small));
                    }
                    let large = ids + 28 * self.count + 8 * (small & 0x7fff_ffff) as usize;
                    return Some(u64::from_be_bytes(
                        self.data.get(large..large + 8)?.try_into().ok()?,
                    ));
                }
            }
        }
        None
    }
}

/// The packs of an object store, to sort object ids by where they lie.
pub(crate) struct PackOrder {
    packs: Vec<PackIndex>,
}

impl PackOrder {
    /// Every readable `.idx` in `objects/pack`, by file name (so the order
    /// is the same each run).
    pub(crate) fn new(objects: &Path) -> PackOrder {
        let mut idx: Vec<std::path::PathBuf> = std::fs::read_dir(objects.join("pack"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                    .collect()
            })
            .unwrap_or_default();
        idx.sort();
        PackOrder {
            packs: idx.iter().filter_map(|p| PackIndex::read(p)).collect(),
        }
    }

    /// Where `oid` lies: (pack, offset), or after every pack when no pack
    /// index names it.
    pub(crate) fn key(&self, oid: &[u8]) -> (usize, u64) {
        if oid.len() != 20 {
            return (usize::MAX, 0);
        }
        self.packs
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.offset(oid).map(|o| (i, o)))
            .unwrap_or((usize::MAX, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-2 index of `ids` (sorted) at `offsets`, one of them past
    /// 2 GiB (the 64-bit table).
    fn index(ids: &[[u8; 20]], offsets: &[u64]) -> Vec<u8> {
        let mut d = MAGIC.to_vec();
        d.extend_from_slice(&[0, 0, 0, 2]);
        for b in 0..=255u8 {
            let n = ids.iter().filter(|id| id[0] <= b).count() as u32;
            d.extend_from_slice(&n.to_be_bytes());
        }
        for id in ids {
            d.extend_from_slice(id);
        }
        d.extend(std::iter::repeat_n(0u8, 4 * ids.len()));
        let mut large = Vec::new();
        for &o in offsets {
            if o < 0x8000_0000 {
                d.extend_from_slice(&(o as u32).to_be_bytes());
            } else {
                d.extend_from_slice(&(0x8000_0000u32 | large.len() as u32).to_be_bytes());
                large.push(o);
            }
        }
        for o in large {
            d.extend_from_slice(&o.to_be_bytes());
        }
        d
    }

    #[test]
    fn offsets_are_found_and_strangers_sort_last() {
        let ids = [[0u8; 20], [0x10; 20], [0x10 | 1; 20], [0xff; 20]];
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pack")).unwrap();
        let offsets = [12, 5_000_000_000, 40, 7];
        std::fs::write(dir.path().join("pack/p.idx"), index(&ids, &offsets)).unwrap();
        // Not an index: ignored, not an error.
        std::fs::write(dir.path().join("pack/q.idx"), b"junk").unwrap();
        let order = PackOrder::new(dir.path());
        for (id, o) in ids.iter().zip(offsets) {
            assert_eq!(order.key(id), (0, o));
        }
        assert_eq!(order.key(&[0x20; 20]), (usize::MAX, 0));
        assert_eq!(order.key(&[1, 2]), (usize::MAX, 0));
        // Cut short: unreadable, so no order, and no panic.
        let full = index(&ids, &offsets);
        for cut in [0, 7, 100, full.len() - 30] {
            std::fs::write(dir.path().join("pack/p.idx"), &full[..cut]).unwrap();
            let order = PackOrder::new(dir.path());
            for id in &ids {
                let _ = order.key(id);
            }
        }
    }
}
