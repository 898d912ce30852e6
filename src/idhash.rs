//! Hash maps keyed by Git object ids.
//!
//! An object id is already a cryptographic hash, so hashing it again with
//! SipHash (the standard library's default) is wasted work; `timeline` looks
//! ids up millions of times. [`IdHasher`] takes the first eight bytes of the
//! key and mixes their bits once. The mixing matters: a hex id's bytes are
//! sixteen ASCII characters, and the table picks a bucket by the hash's low
//! bits, which unmixed would take only 16 values per character (a case of
//! 100,000 files then spent most of its loading time in collisions). Only
//! use it for keys that are object ids (raw or hex).

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        // The finaliser of MurmurHash3: every output bit depends on every
        // input bit.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Mix in every write (a `str` is hashed as its bytes then a 0xff
        // marker), but only the first eight bytes of each matter.
        let mut buf = [0u8; 8];
        let n = bytes.len().min(8);
        buf[..n].copy_from_slice(&bytes[..n]);
        self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(buf);
    }
}

/// A `HashMap` keyed by object ids.
pub(crate) type IdMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_ids_spread() {
        let mut m: IdMap<String, usize> = IdMap::default();
        for i in 0..1000 {
            let id = crate::source::blob_id(format!("blob {i}").as_bytes());
            m.insert(id, i);
        }
        assert_eq!(m.len(), 1000);
        let id = crate::source::blob_id(b"blob 7");
        assert_eq!(m.get(&id), Some(&7));
    }

    /// Hex ids land in as many buckets as random numbers would: a table
    /// picks the bucket from the low bits and a tag from the high bits.
    #[test]
    fn hex_ids_spread_over_low_and_high_bits() {
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<IdHasher>::default();
        let hashes: Vec<u64> = (0..4096)
            .map(|i| build.hash_one(crate::source::blob_id(format!("{i}").as_bytes())))
            .collect();
        let distinct = |f: &dyn Fn(u64) -> u64| {
            hashes
                .iter()
                .map(|&h| f(h))
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        // 4096 ids in 4096 buckets: about 2,590 distinct if random.
        assert!(
            distinct(&|h| h & 0xfff) > 2400,
            "{}",
            distinct(&|h| h & 0xfff)
        );
        assert_eq!(distinct(&|h| h >> 57), 128);
    }
}
