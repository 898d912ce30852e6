//! `seal`: which files of the case must be sealed, to whom, under what
//! name. The plan is computed here from the working tree; the CLI writes
//! it (the only stage that writes files).

use crate::case::{Case, Visibility};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::source::{self, Snapshot};
use std::path::Path;

/// One file to seal: its path now, its path after (both relative to the
/// case folder; the same for a file sealed again) and the bytes to write.
pub(crate) struct SealStep {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) visibility: Visibility,
    pub(crate) kind: SealKind,
}

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SealKind {
    /// A plaintext file sealed, under a name that says nothing of it.
    Seal,
    /// A sealed file sealed again to the keys its visibility names now.
    Reseal,
    /// A sealed file made `shareable`: written in plain text.
    Unseal,
}

/// The plan: its steps, and the sealed files no key here opens (left as
/// they are).
pub(crate) struct SealPlan {
    pub(crate) steps: Vec<SealStep>,
    pub(crate) unopened: usize,
}

/// The files of the working tree's case at `dir` to seal: every plaintext
/// `private` or `manager` evidence, feedback and pitch file, sealed to the
/// keys `seal:` names for its visibility; with `reseal`, every sealed file
/// this key opens too, to the keys its visibility names now. An error when
/// the case has no `seal:` or cannot be read. `only`: plan that one file
/// (`new` seals the file it wrote), leaving the others unencrypted.
pub(crate) fn seal_plan(
    dir: &Path,
    reseal: bool,
    only: Option<&str>,
) -> Result<(Snapshot, SealPlan)> {
    // A whole read keeps every file's bytes: what is sealed is read once.
    let (snapshot, case) = whole_case(dir)?;
    let Some(keys) = case.config.seal.clone() else {
        return Err(Error::Usage {
            message: "this case names no keys to seal to\n  help: add `seal:` with your public key to promocase.yaml (README, \"Privacy\")".into(),
        });
    };
    let mut taken: std::collections::BTreeSet<String> =
        snapshot.files.iter().map(|f| f.path.to_string()).collect();
    // Each file looked up once by path (a scan per file was quadratic in a
    // case of thousands of private entries).
    let files: std::collections::HashMap<&str, &[u8]> = snapshot
        .files
        .iter()
        .map(|f| (&*f.path, &f.bytes[..]))
        .collect();
    let mut steps = Vec::new();
    let planned = to_seal(&case).into_iter();
    for (path, date, v) in planned.filter(|(p, _, _)| only.is_none_or(|o| o == p)) {
        let Some(recipients) = keys.recipients(v) else {
            continue;
        };
        let Some(bytes) = files.get(path.as_str()) else {
            continue;
        };
        let bytes = crate::seal::seal(bytes, &recipients).map_err(|why| Error::Usage {
            message: format!("cannot seal {path}: {why}"),
        })?;
        let to = sealed_name(&path, date, &bytes, &taken);
        taken.insert(to.clone());
        steps.push(SealStep {
            from: path,
            to,
            bytes,
            visibility: v,
            kind: SealKind::Seal,
        });
    }
    if reseal {
        steps.extend(resealed(&case, &files, &keys)?);
    }
    let unopened = case.sealed;
    Ok((snapshot, SealPlan { steps, unopened }))
}

/// The working tree's case at `dir`, read whole (sealing needs every
/// file's bytes); an error when it has errors.
fn whole_case(dir: &Path) -> Result<(Snapshot, Case)> {
    let at = super::CaseAt {
        case: dir,
        rev: None,
        as_of: None,
    };
    let read = super::load::load(at, super::Strategy::Whole)?;
    match read.loaded.case {
        Some(case) => Ok((read.snapshot, case)),
        None => Err(Error::CaseHasErrors {
            count: read.loaded.errors(),
        }),
    }
}

/// Every sealed file this key opened, sealed again to the keys its
/// visibility names now; a shareable one as plain text beside it. Each is
/// opened again here: the loader opened it to check it and kept only the
/// sealed bytes.
fn resealed(
    case: &Case,
    files: &std::collections::HashMap<&str, &[u8]>,
    keys: &crate::case::config::Seal,
) -> Result<Vec<SealStep>> {
    let mut steps = Vec::new();
    for (path, _, v) in files_of(case).filter(|(p, _, _)| crate::seal::is_sealed(p)) {
        let Some(sealed) = files.get(path.as_str()) else {
            continue;
        };
        let Some(plain) = crate::seal::open(sealed) else {
            continue;
        };
        let (to, bytes, kind) = match keys.recipients(v) {
            Some(r) => {
                let bytes = crate::seal::seal(&plain, &r).map_err(|why| Error::Usage {
                    message: format!("cannot seal {path} again: {why}"),
                })?;
                (path.clone(), bytes, SealKind::Reseal)
            }
            None => (
                path.trim_end_matches(crate::seal::SEALED).to_string(),
                plain,
                SealKind::Unseal,
            ),
        };
        steps.push(SealStep {
            from: path,
            to,
            bytes,
            visibility: v,
            kind,
        });
    }
    Ok(steps)
}

/// Plaintext files of the case that are not shareable: (path, date, visibility).
fn to_seal(case: &Case) -> Vec<(String, Option<Date>, Visibility)> {
    let plain = |p: &str| !crate::seal::is_sealed(p);
    files_of(case)
        .filter(|(p, _, v)| plain(p) && *v != Visibility::Shareable)
        .collect()
}

/// Every file of the case with a visibility: (path, date, visibility).
fn files_of(case: &Case) -> impl Iterator<Item = (String, Option<Date>, Visibility)> + '_ {
    let evidence = case
        .evidence
        .iter()
        .map(|e| (e.path.clone(), Some(e.date), e.visibility));
    let left_out = case
        .left_out
        .iter()
        .filter_map(|l| Some((l.path.clone(), None, l.visibility?)));
    let feedback = case
        .feedback
        .iter()
        .map(|f| (f.path.clone(), Some(f.date), f.visibility));
    let pitch = case
        .pitch
        .iter()
        .map(|p| (p.path.clone(), None, p.visibility));
    evidence.chain(left_out).chain(feedback).chain(pitch)
}

/// A sealed file's name says nothing of its content: `<date>-sealed-<8
/// hex>.md.age` in the same folder (the date stays, so files still sort
/// by it), `pitch.md.age` for the pitch.
fn sealed_name(
    path: &str,
    date: Option<Date>,
    bytes: &[u8],
    taken: &std::collections::BTreeSet<String>,
) -> String {
    if path == crate::case::pitch::PITCH_FILE {
        return format!("{path}{}", crate::seal::SEALED);
    }
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let id = source::blob_id(bytes);
    let date = date.map(|d| format!("{d}-")).unwrap_or_default();
    // The sealed bytes are random, so is their id: take more of it in the
    // unlikely case the first 8 characters are taken.
    (8..=id.len())
        .map(|n| format!("{dir}/{date}sealed-{}.md{}", &id[..n], crate::seal::SEALED))
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| format!("{dir}/{date}sealed-{id}.md{}", crate::seal::SEALED))
}
