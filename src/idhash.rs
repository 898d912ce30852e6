//! Hash maps keyed by Git object ids.
//!
//! An object id is already a cryptographic hash, so hashing it again with
//! SipHash (the standard library's default) is wasted work; `timeline` looks
//! ids up millions of times. [`IdHasher`] takes the first eight bytes of the
//! key as its hash. Only use it for keys that are object ids (raw or hex):
//! on other keys it would collide badly.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
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
pub type IdMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<IdHasher>>;

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
}
