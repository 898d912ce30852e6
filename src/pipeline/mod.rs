//! The stages wired together: what each command computes.
//!
//! Each function here reads through `source`, loads through `case`, scores
//! through `readiness` and builds a `report`; nothing more. The CLI calls
//! these and renders the result; tests call them in-process.
//!
//! Decisions about a case that are not about flags live here, not in the
//! CLI: which templates win, what `--since` compares, how a revision range
//! defaults, when `diff` counts as failed. The CLI parses, calls, writes.

mod brief;
pub mod calibrate;
mod diff;
mod timeline;

pub use brief::{render_brief, BriefOutput, BriefRequest, RenderedBrief};
pub use diff::{diff, diff_in, DiffArgs, Diffed, FailOn};
pub use timeline::{timeline, TimelineArgs};

use crate::case::{self, Loaded};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::readiness::{self, Audience, Readiness};
use crate::report::left_out::LeftOutNotice;
use crate::report::{self, brief::Brief, status::StatusReport};
use crate::source::{self, Snapshot};
use std::path::Path;

/// A case read and scored.
pub struct Scored {
    pub snapshot: Snapshot,
    pub loaded: Loaded,
    pub readiness: Readiness,
}

impl Scored {
    pub fn case(&self) -> &case::Case {
        self.loaded.case.as_ref().expect("scored cases have a case")
    }
}

/// A case read and loaded, with the as-of date it was loaded for.
pub struct Read {
    pub snapshot: Snapshot,
    pub as_of: Date,
    pub loaded: Loaded,
}

/// Read and load a case, each evidence file checked in the thread that
/// read it and its bytes dropped once checked: reading and checking
/// overlap on every core, and memory holds what was found, not the files.
/// `lean`: keep no narratives (a command that prints none, `check`).
pub fn read_and_load(
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    lean: bool,
) -> Result<Read> {
    read_and_load_with(
        &mut source::CaseReader::default(),
        case_arg,
        rev,
        as_of,
        lean,
    )
}

/// [`read_and_load`] through `reader` (which may keep a repository open
/// from the case it read before: `calibrate`).
pub fn read_and_load_with(
    reader: &mut source::CaseReader,
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    lean: bool,
) -> Result<Read> {
    let reading = reader.read_deferring(case_arg, rev, case::is_evidence)?;
    let as_of = as_of.unwrap_or_else(|| reading.snapshot.origin.default_as_of());
    let (snapshot, mut cache) = match case::EvidenceChecker::new(&reading.snapshot, lean) {
        Some(checker) => {
            let (snapshot, checked) = reader.finish(reading, |f| checker.check(f));
            (snapshot, case::ParseCache::prechecked(&checker, checked))
        }
        // Config or framework unusable: no evidence is checked, but every
        // file is still read, so that what cannot be is said.
        None => (
            reader.finish(reading, |_| ()).0,
            case::ParseCache::default(),
        ),
    };
    let loaded = case::load(&snapshot, as_of, &mut cache);
    crate::parallel::drop_later(cache);
    Ok(Read {
        snapshot,
        as_of,
        loaded,
    })
}

/// Read, load and score; an error when config or framework are unusable.
pub fn score(
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    audience: Audience,
) -> Result<Scored> {
    let read = read_and_load(case_arg, rev, as_of, false)?;
    scored(read.snapshot, read.loaded, read.as_of, audience)
}

/// Score what was read; an error when config or framework are unusable.
fn scored(snapshot: Snapshot, loaded: Loaded, as_of: Date, audience: Audience) -> Result<Scored> {
    let Some(c) = &loaded.case else {
        return Err(Error::CaseHasErrors {
            count: loaded.errors(),
        });
    };
    let readiness = readiness::assess(c, as_of, audience);
    Ok(Scored {
        snapshot,
        loaded,
        readiness,
    })
}

/// [`score`], loading through `series` from a whole read (every file's
/// bytes kept): a later [`diff_in`] on the same series (`brief --since`)
/// then checks only what differs.
pub fn score_in(
    series: &mut case::Series,
    case_arg: &Path,
    rev: Option<&str>,
    as_of: Option<Date>,
    audience: Audience,
) -> Result<Scored> {
    let snapshot = source::read(case_arg, rev)?;
    let as_of = as_of.unwrap_or_else(|| snapshot.origin.default_as_of());
    let loaded = series.load(&snapshot, as_of);
    scored(snapshot, loaded, as_of, audience)
}

impl Scored {
    /// The evidence readiness left out, as `audience` may be told of it.
    pub fn left_out(&self, audience: Audience) -> LeftOutNotice {
        report::left_out::notice(&self.case().left_out, &self.loaded.diagnostics, audience)
    }
}

pub fn status(s: &Scored, audience: Audience) -> StatusReport {
    report::status::build(s.case(), &s.snapshot, &s.readiness, audience)
}

pub fn brief(s: &Scored, opts: report::brief::BriefOptions) -> Brief {
    report::brief::build(s.case(), &s.snapshot, &s.readiness, opts)
}

/// Progress callback: (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// A revision range as written: `FROM..TO`, `FROM..`, `..TO` or a single
/// revision. An empty side is `None`; each command says what it defaults
/// to (`diff`: HEAD on both sides; `timeline`: the root and HEAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// Whether the text had `..` (a single revision otherwise).
    pub dotted: bool,
}

impl<'a> Range<'a> {
    /// Parse `FROM..TO`; the one place this syntax is read.
    pub fn parse(text: &'a str) -> Range<'a> {
        let side = |s: &'a str| (!s.is_empty()).then_some(s);
        match text.split_once("..") {
            Some((f, t)) => Range {
                from: side(f),
                to: side(t),
                dotted: true,
            },
            None => Range {
                from: side(text),
                to: None,
                dotted: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Range;

    #[test]
    fn ranges() {
        let table = [
            ("a..b", Some("a"), Some("b"), true),
            ("a..", Some("a"), None, true),
            ("..b", None, Some("b"), true),
            ("..", None, None, true),
            ("a", Some("a"), None, false),
            ("", None, None, false),
        ];
        for (text, from, to, dotted) in table {
            assert_eq!(Range::parse(text), Range { from, to, dotted }, "{text}");
        }
    }
}
