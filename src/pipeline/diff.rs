//! `diff` (and `brief --since`): two sides of a case read through one
//! series (`load::two_sides`), so the later side costs what changed since
//! the earlier one; scored and compared here.

use super::load::{self, Side};
use super::Range;
use crate::case;
use crate::date::Date;
use crate::error::Result;
use crate::readiness::{self, Audience};
use crate::report::left_out::LeftOutNotice;
use crate::report::{self, diff::DiffReport};
use std::path::Path;

/// What `diff` compares: `None` for the working tree.
pub struct DiffArgs<'a> {
    pub case: &'a Path,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// As-of date for the TO side (default: its commit's date, or today
    /// for the working tree).
    pub as_of: Option<Date>,
    pub audience: Audience,
    pub narrative: bool,
    /// Score FROM no later than TO's as-of date (a brief's `--since`: the
    /// earlier conversation cannot be judged by a later day than now).
    pub from_no_later: bool,
}

/// When `diff` counts as failed (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// The verdict went from ready to not yet, or a competency's status dropped.
    Regression,
    /// The later side has errors.
    Errors,
    Never,
}

impl FailOn {
    pub(crate) fn fails(self, report: &DiffReport) -> bool {
        match self {
            FailOn::Regression => report.regressions > 0,
            FailOn::Errors => report.diagnostics.to > 0,
            FailOn::Never => false,
        }
    }
}

impl<'a> DiffArgs<'a> {
    /// The sides `diff` compares from its positional arguments: `FROM..TO`
    /// in one argument (an empty side is HEAD), or FROM and TO (default:
    /// HEAD against the working tree).
    pub(crate) fn sides(
        first: Option<&'a str>,
        second: Option<&'a str>,
    ) -> (Option<&'a str>, Option<&'a str>) {
        match (first.map(Range::parse), second) {
            (Some(r), None) if r.dotted => {
                (Some(r.from.unwrap_or("HEAD")), Some(r.to.unwrap_or("HEAD")))
            }
            _ => (first, second),
        }
    }
}

/// A diff, and what the later side's readiness left out.
pub struct Diffed {
    pub report: DiffReport,
    pub(crate) left_out: LeftOutNotice,
    /// What to put before a case path to show it.
    pub(crate) prefix: String,
    /// The case folder from the repository root (`career/`, or empty): what
    /// GitHub names the pull request's files by.
    pub(crate) repository_prefix: String,
}

/// Compare two revisions (or one and the working tree).
pub fn diff(a: &DiffArgs<'_>) -> Result<Diffed> {
    let mut series = case::Series::default();
    let diffed = diff_sides(&mut series, a, !a.from_no_later);
    crate::parallel::drop_later(series);
    diffed
}

/// [`diff`], loading both sides through `series`: each side is loaded as
/// what changed since the case the series held before.
pub fn diff_in(series: &mut case::Series, a: &DiffArgs<'_>) -> Result<DiffReport> {
    diff_sides(series, a, false).map(|d| d.report)
}

/// A side as the report stage receives it: its case scored at its date.
fn side(d: &Side, audience: Audience) -> report::diff::Side<'_> {
    let case = d.loaded.as_ref().and_then(|l| l.case.as_ref());
    report::diff::Side {
        provenance: d.provenance.clone(),
        as_of: d.as_of,
        case,
        readiness: case.map(|c| readiness::assess(c, d.as_of, audience)),
        errors: d.loaded.as_ref().map(|l| l.errors()).unwrap_or(0),
    }
}

/// The report of two loaded sides, with what the later one left out and
/// how paths are shown (from the current folder; from the repository
/// root for `rel`, the case folder).
fn diffed(
    from: &Side,
    to: &Side,
    renames: &[(String, String)],
    a: &DiffArgs<'_>,
    rel: &str,
) -> Diffed {
    let (f, t) = (side(from, a.audience), side(to, a.audience));
    let left_out = match (&to.loaded, t.case) {
        (Some(l), Some(c)) => report::left_out::notice(&c.left_out, &l.diagnostics, a.audience),
        _ => LeftOutNotice::default(),
    };
    Diffed {
        report: report::diff::build(&f, &t, renames, a.audience, a.narrative),
        left_out,
        prefix: to
            .snapshot
            .as_ref()
            .map(|s| s.display_prefix())
            .unwrap_or_default(),
        repository_prefix: match rel {
            "" => String::new(),
            rel => format!("{rel}/"),
        },
    }
}

/// The report of two sides read through `series`.
fn diff_sides(series: &mut case::Series, a: &DiffArgs<'_>, stream: bool) -> Result<Diffed> {
    let asked = load::Sides {
        case: a.case,
        from: a.from,
        to: a.to,
        as_of: a.as_of,
        from_no_later: a.from_no_later,
    };
    let sides = load::two_sides(series, &asked, stream)?;
    let diffed = diffed(&sides.from, &sides.to, &sides.renames, a, &sides.rel);
    // Two cases' worth of files and entries: freed off the critical path.
    crate::parallel::drop_later(sides);
    Ok(diffed)
}
