//! Writing results: to standard output, or atomically to a file.
//!
//! A file is written to a temporary file in the same folder and renamed over
//! the target, so a reader (or a crash midway) never sees half a brief.
//! A closed pipe (`promocase brief | head -1`) is not an error.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path`, or to stdout (no path, or `-`). A regular file
/// (or a new one) is replaced atomically; a symbolic link is written
/// through, to its target; a FIFO, a terminal or another device is written
/// into as a shell redirection would, never replaced by a regular file.
pub(crate) fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    emit_pieces(path, &[bytes])
}

/// [`emit`] for bytes in pieces, written one after the other (a large
/// brief is rendered in pieces on every core; joining them first would
/// copy megabytes).
pub(crate) fn emit_pieces<B: AsRef<[u8]>>(path: Option<&Path>, bytes: &[B]) -> Result<()> {
    let Some(p) = path.filter(|p| p.as_os_str() != "-") else {
        return write_stdout_pieces(bytes);
    };
    let target = match std::fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(p).map_err(|e| Error::Write {
                path: p.to_path_buf(),
                source: e,
            })?
        }
        _ => p.to_path_buf(),
    };
    match std::fs::metadata(&target) {
        Ok(m) if !m.is_file() && !m.is_dir() => write_into(&target, bytes),
        _ => write_atomic_pieces(&target, bytes),
    }
}

/// Every piece, in order.
fn write_pieces<B: AsRef<[u8]>>(w: &mut impl Write, pieces: &[B]) -> std::io::Result<()> {
    pieces.iter().try_for_each(|p| w.write_all(p.as_ref()))
}

/// Write into an existing special file (FIFO, device) in place.
fn write_into<B: AsRef<[u8]>>(path: &Path, bytes: &[B]) -> Result<()> {
    let werr = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: e,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(werr)?;
    match write_pieces(&mut f, bytes).and_then(|_| f.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(werr(e)),
        _ => Ok(()),
    }
}

/// Write to standard output; a closed pipe ends quietly.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<()> {
    write_stdout_pieces(&[bytes])
}

fn write_stdout_pieces<B: AsRef<[u8]>>(bytes: &[B]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match write_pieces(&mut out, bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Write {
            path: "<stdout>".into(),
            source: e,
        }),
    }
}

/// Temporary files are created private (0600); the result should have the
/// permissions the file had, or the usual 0644 for a new one.
fn set_mode(
    tmp: &tempfile::NamedTempFile,
    existing: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = existing.unwrap_or_else(|| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(perms)?;
    }
    #[cfg(not(unix))]
    let _ = (tmp, existing);
    Ok(())
}

/// `bytes` written and synced to a temporary file beside `path` (same
/// folder, so the final rename or link cannot cross file systems), with the
/// permissions `mode` or the usual 0644.
fn write_aside<B: AsRef<[u8]>>(
    path: &Path,
    bytes: &[B],
    mode: Option<std::fs::Permissions>,
) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let werr = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: e,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".promocase-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(werr)?;
    write_pieces(&mut tmp, bytes).map_err(werr)?;
    set_mode(&tmp, mode).map_err(werr)?;
    tmp.as_file().sync_all().map_err(werr)?;
    Ok(tmp)
}

/// Replace `path` with `bytes` in one rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_pieces(path, &[bytes])
}

fn write_atomic_pieces<B: AsRef<[u8]>>(path: &Path, bytes: &[B]) -> Result<()> {
    let tmp = write_aside(
        path,
        bytes,
        std::fs::metadata(path).ok().map(|m| m.permissions()),
    )?;
    tmp.persist(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// Create `path` with `bytes`, failing if it exists. The content appears
/// whole or not at all (written aside, then linked into place without
/// replacing anything), so two writers racing for one name cannot leave a
/// mixed or half-written file.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.symlink_metadata().is_ok() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write {
            path: dir.to_path_buf(),
            source: e,
        })?;
    }
    let tmp = write_aside(path, &[bytes], None)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(Error::Write {
            path: path.to_path_buf(),
            source: e.error,
        }),
    }
}
