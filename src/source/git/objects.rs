//! Reading Git objects ourselves, bounded.
//!
//! libgit2 (1.9) loops forever inflating a truncated loose object, and a
//! reader must never hang, so loose objects are inflated here with a size
//! limit; packed objects are left to libgit2. Trees are parsed here too
//! (the format is four fields), so a corrupt tree is a problem reported
//! with its path, never a hang or a panic.

use crate::source::MAX_FILE_BYTES;
use std::path::Path;

pub(crate) struct LooseObject {
    pub(crate) kind: String,
    /// `None` when over the size limit (not inflated).
    pub(crate) data: Option<Vec<u8>>,
}

/// Read a loose object ourselves, bounded: libgit2 (1.9) loops forever
/// inflating a truncated loose object, and a reader must never hang.
/// `None` when the object is not loose (packed, or in an alternate
/// object store): libgit2 reads those.
pub(crate) fn read_loose(
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
pub(crate) fn parse_tree(mut data: &[u8]) -> Option<Vec<(&[u8], git2::Oid, i32)>> {
    // An entry is at least 28 bytes (mode, space, a short name, NUL, id).
    let mut out = Vec::with_capacity(data.len() / 40);
    while !data.is_empty() {
        let space = data.iter().position(|&b| b == b' ')?;
        // Octal digits, at most seven (Git writes six or five).
        let digits = data
            .get(..space)
            .filter(|d| !d.is_empty() && d.len() <= 7)?;
        let mode = digits.iter().try_fold(0i32, |m, &b| {
            (b'0'..=b'7')
                .contains(&b)
                .then(|| m * 8 + i32::from(b - b'0'))
        })?;
        let rest = &data[space + 1..];
        let nul = rest.iter().position(|&b| b == 0)?;
        let name = &rest[..nul];
        let id = git2::Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
        out.push((name, id, mode));
        data = &rest[nul + 21..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Write a loose object of `kind` with `body` (as Git would) and return
    /// the objects folder and its id.
    fn loose(dir: &Path, kind: &str, body: &[u8], cut: usize) -> git2::Oid {
        let mut raw = format!("{kind} {}\0", body.len()).into_bytes();
        raw.extend_from_slice(body);
        let oid = git2::Oid::hash_object(git2::ObjectType::Blob, body).unwrap();
        let hex = oid.to_string();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&raw).unwrap();
        let mut bytes = z.finish().unwrap();
        bytes.truncate(bytes.len() - cut);
        std::fs::create_dir_all(dir.join(&hex[..2])).unwrap();
        std::fs::write(dir.join(&hex[..2]).join(&hex[2..]), bytes).unwrap();
        oid
    }

    #[test]
    fn reads_a_whole_object() {
        let d = tempfile::tempdir().unwrap();
        let oid = loose(d.path(), "blob", b"hello", 0);
        let o = read_loose(d.path(), oid, 100).unwrap().unwrap();
        assert_eq!(o.kind, "blob");
        assert_eq!(o.data.as_deref(), Some(&b"hello"[..]));
    }

    #[test]
    fn a_truncated_object_is_an_error_not_a_hang() {
        let d = tempfile::tempdir().unwrap();
        let body = vec![b'x'; 10_000];
        for cut in [1, 4, 20] {
            let oid = loose(d.path(), "blob", &body, cut);
            let r = read_loose(d.path(), oid, MAX_FILE_BYTES).unwrap();
            assert!(r.is_err(), "cut {cut}: {:?}", r.map(|o| o.kind));
        }
    }

    #[test]
    fn an_oversized_object_is_not_inflated() {
        let d = tempfile::tempdir().unwrap();
        let oid = loose(d.path(), "blob", &[b'y'; 1000], 0);
        let o = read_loose(d.path(), oid, 999).unwrap().unwrap();
        assert_eq!((o.kind.as_str(), o.data), ("blob", None));
    }

    #[test]
    fn the_kind_is_reported_and_bad_headers_refused() {
        let d = tempfile::tempdir().unwrap();
        let oid = loose(d.path(), "commit", b"tree 0000", 0);
        let o = read_loose(d.path(), oid, 100).unwrap().unwrap();
        assert_eq!(
            o.kind, "commit",
            "callers refuse a kind they did not ask for"
        );
        let bad = loose(d.path(), "blob-without-size", b"", 0);
        // The header `blob-without-size 0` has a size; one with no space has none.
        assert!(read_loose(d.path(), bad, 100).unwrap().is_ok());
        let hex = "ab".repeat(20);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"nonsense\0").unwrap();
        std::fs::create_dir_all(d.path().join("ab")).unwrap();
        std::fs::write(d.path().join("ab").join(&hex[2..]), z.finish().unwrap()).unwrap();
        let r = read_loose(d.path(), git2::Oid::from_str(&hex).unwrap(), 100).unwrap();
        assert!(r.is_err());
    }

    #[test]
    fn objects_that_are_not_loose_are_left_to_libgit2() {
        let d = tempfile::tempdir().unwrap();
        assert!(read_loose(d.path(), git2::Oid::from_bytes(&[0; 20]).unwrap(), 100).is_none());
    }

    #[test]
    fn trees_parse_or_are_refused() {
        let id = [7u8; 20];
        let mut t = b"100644 a.md\0".to_vec();
        t.extend_from_slice(&id);
        t.extend_from_slice(b"40000 sub\0");
        t.extend_from_slice(&id);
        let e = parse_tree(&t).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].0, e[0].2), (&b"a.md"[..], 0o100644));
        assert_eq!((e[1].0, e[1].2), (&b"sub"[..], 0o40000));
        let bad_modes: [&[u8]; 4] = [b"+100644 a\0", b"18 a\0", b" a\0", b"77777777777 a\0"];
        for mode in bad_modes {
            let mut t = mode.to_vec();
            t.extend_from_slice(&id);
            assert!(parse_tree(&t).is_none(), "{mode:?}");
        }
        for bad in [&t[..t.len() - 1], b"100644 a.md", b"9x9 a\0", b"100644"] {
            assert!(parse_tree(bad).is_none(), "{bad:?}");
        }
    }
}
