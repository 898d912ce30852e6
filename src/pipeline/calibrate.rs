//! `calibrate`: find the cases under the paths given, score each once (on
//! every core), and hand the rows to the report.

use super::{score_with, CaseAt, Loader, Scored, Strategy};
use crate::date::Date;
use crate::error::Error;
use crate::readiness::Audience;
use crate::report::calibration::{self, CaseRow, RowState, RowSummary, SortKey};
use crate::source::{self, CONFIG_FILE};
use std::path::{Path, PathBuf};

/// How deep below a path cases are looked for, and in how many folders:
/// the folder count is the real bound (a case nested deep in a monorepo is
/// still found); reaching either is a row saying so, never a silent miss.
const CASE_DEPTH: usize = 32;
const CASE_FOLDERS: usize = 200_000;

/// What `calibrate` was asked for.
pub(crate) struct CalibrateRequest<'a> {
    /// Case folders, folders holding cases, or repositories; each may end
    /// in `@REV`. Empty: the current folder.
    pub(crate) paths: &'a [String],
    pub(crate) rev: Option<&'a str>,
    pub(crate) as_of: Option<Date>,
    pub(crate) audience: Audience,
    pub(crate) sort: SortKey,
}

/// One case to read: its folder, how it is shown, and at which revision.
struct Found {
    dir: PathBuf,
    shown: String,
    rev: Option<String>,
}

/// `PATH@REV` split, when PATH is not itself a folder.
fn split_rev(p: &str) -> (PathBuf, Option<String>) {
    if !Path::new(p).exists() {
        if let Some((path, rev)) = p.rsplit_once('@') {
            if !rev.is_empty() && Path::new(path).exists() {
                return (PathBuf::from(path), Some(rev.to_string()));
            }
        }
    }
    (PathBuf::from(p), None)
}

/// The cases under each path, the rows saying what could not be read, and
/// the folders skipped by name (for `-v`).
fn find(req: &CalibrateRequest<'_>) -> (Vec<Found>, Vec<CaseRow>, Vec<String>) {
    let dot = [".".to_string()];
    let paths = if req.paths.is_empty() {
        &dot[..]
    } else {
        req.paths
    };
    let here = source::repository_folder(Path::new("."));
    let (mut found, mut rows, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    // A case is one row per revision: `jordan` and `jordan@v2` are two.
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        let (dir, at) = split_rev(p);
        let dirs = case_dirs(p, &dir, at.as_deref(), &mut rows, &mut skipped);
        for d in dirs {
            // --rev names a revision of the repository we are in; a case
            // elsewhere is read at its own HEAD, unless PATH@REV says.
            let rev = at.clone().or_else(|| {
                let rev = req.rev?;
                let root = source::repository_folder(&d);
                Some(match root.is_some() && root == here {
                    true => rev.to_string(),
                    false => "HEAD".to_string(),
                })
            });
            let key = (d.canonicalize().unwrap_or_else(|_| d.clone()), rev.clone());
            if !seen.insert(key) {
                continue;
            }
            found.push(Found {
                shown: source::display_path(&d),
                dir: d,
                rev,
            });
        }
    }
    (found, rows, skipped)
}

/// The case folders `p` names (itself, or those below it); a row for each
/// folder below it that could not be searched, and for a search cut short.
fn case_dirs(
    p: &str,
    dir: &Path,
    at: Option<&str>,
    rows: &mut Vec<CaseRow>,
    skipped: &mut Vec<String>,
) -> Vec<PathBuf> {
    if dir.join(CONFIG_FILE).is_file() {
        return vec![dir.to_path_buf()];
    }
    if !dir.is_dir() {
        rows.push(unreadable(
            p,
            at.map(str::to_string),
            "no such folder".into(),
        ));
        return Vec::new();
    }
    let search = source::cases_under(dir, CASE_DEPTH, CASE_FOLDERS);
    let shown = |rel: &str| source::display_path(&dir.join(rel));
    for (rel, why) in &search.unreadable {
        rows.push(unreadable(
            &shown(rel),
            at.map(str::to_string),
            format!("not searched: {why}"),
        ));
    }
    if let Some(why) = &search.stopped {
        let reason = format!("{why}: name a smaller folder, or the case folders themselves");
        rows.push(unreadable(p, at.map(str::to_string), reason));
    }
    skipped.extend(search.skipped.iter().map(|rel| shown(rel)));
    if search.found.is_empty() && search.unreadable.is_empty() && search.stopped.is_none() {
        let reason = "no promocase.yaml in this folder or below it".to_string();
        rows.push(unreadable(p, at.map(str::to_string), reason));
    }
    search.found.iter().map(|rel| dir.join(rel)).collect()
}

fn unreadable(path: &str, rev: Option<String>, reason: String) -> CaseRow {
    CaseRow {
        path: path.to_string(),
        rev,
        state: RowState::Unreadable,
        errors: 0,
        reason: Some(reason),
        summary: None,
    }
}

/// The row of one case.
fn row(loader: &mut Loader, f: &Found, as_of: Option<Date>, audience: Audience) -> CaseRow {
    let at = CaseAt {
        case: &f.dir,
        rev: f.rev.as_deref(),
        as_of,
    };
    let strategy = Strategy::Checking { lean: false };
    match score_with(loader, at, strategy, audience) {
        Ok(s) => scored_row(f, &s, audience),
        Err(Error::CaseHasErrors { count }) => CaseRow {
            path: f.shown.clone(),
            rev: f.rev.clone(),
            state: RowState::Errors,
            errors: count,
            reason: Some("the configuration or framework has errors: run promocase check".into()),
            summary: None,
        },
        Err(e) => unreadable(&f.shown, f.rev.clone(), first_line(&e.to_string())),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

fn scored_row(f: &Found, s: &Scored, audience: Audience) -> CaseRow {
    let status = super::status(s, audience);
    let view = s.case().view(audience);
    let dated = view.evidence.iter().filter(|e| e.date <= s.readiness.as_of);
    let latest = dated.map(|e| e.date).max();
    let errors = s.loaded.errors();
    CaseRow {
        path: f.shown.clone(),
        rev: f.rev.clone(),
        state: if errors > 0 {
            RowState::Errors
        } else {
            RowState::Ok
        },
        errors,
        reason: (errors > 0).then(|| {
            "some evidence files have errors and are left out: run promocase check".to_string()
        }),
        summary: Some(RowSummary::of(&status, latest)),
    }
}

/// Find, score and compare.
/// Also returns the folders skipped by name, for `-v`.
pub(crate) fn calibrate(req: &CalibrateRequest<'_>) -> (calibration::Calibration, Vec<String>) {
    let (found, mut rows, skipped) = find(req);
    // A reader per run of cases: the cases of a repository (found next to
    // each other) share its opening and its resolved revisions.
    rows.extend(crate::parallel::map_init(
        &found,
        Loader::for_many,
        |loader, f| row(loader, f, req.as_of, req.audience),
    ));
    let c = calibration::build(
        rows,
        req.audience,
        req.rev.map(str::to_string),
        req.as_of,
        req.sort,
    );
    (c, skipped)
}
