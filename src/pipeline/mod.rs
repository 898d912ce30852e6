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
pub(crate) mod calibrate;
mod diff;
pub mod load;
mod seal;
mod timeline;

pub(crate) use brief::{render_brief, BriefOutput, BriefRequest, RenderedBrief};
pub use diff::{diff, diff_in, DiffArgs, Diffed, FailOn};
pub use load::{load, CaseAt, Loader, Read, Strategy};
pub(crate) use seal::{seal_plan, SealKind, SealStep};
pub use timeline::{timeline, TimelineArgs};

use crate::case::{self, Loaded};
use crate::error::{Error, Result};
use crate::readiness::{self, Audience, Readiness};
use crate::report::left_out::LeftOutNotice;
use crate::report::{self, brief::Brief, status::StatusReport};
use crate::source::Snapshot;

/// A case read and scored.
pub(crate) struct Scored {
    pub(crate) snapshot: Snapshot,
    pub(crate) loaded: Loaded,
    pub(crate) readiness: Readiness,
    /// [`Read::cache`], held only to be freed with the rest.
    _cache: case::ParseCache,
}

impl Scored {
    pub(crate) fn case(&self) -> &case::Case {
        self.loaded.case.as_ref().expect("scored cases have a case")
    }
}

/// Read, load and score; an error when config or framework are unusable.
pub(crate) fn score(at: CaseAt<'_>, audience: Audience) -> Result<Scored> {
    score_with(
        &mut Loader::default(),
        at,
        Strategy::Checking { lean: false },
        audience,
    )
}

/// [`score`] through `loader`, with `strategy`.
pub(crate) fn score_with(
    loader: &mut Loader,
    at: CaseAt<'_>,
    strategy: Strategy<'_>,
    audience: Audience,
) -> Result<Scored> {
    scored(loader.load(at, strategy)?, audience)
}

/// Score what was read; an error when config or framework are unusable.
fn scored(read: Read, audience: Audience) -> Result<Scored> {
    let Some(c) = &read.loaded.case else {
        return Err(Error::CaseHasErrors {
            count: read.loaded.errors(),
        });
    };
    let readiness = readiness::assess(c, read.as_of, audience);
    Ok(Scored {
        snapshot: read.snapshot,
        loaded: read.loaded,
        readiness,
        _cache: read.cache,
    })
}

impl Scored {
    /// The evidence readiness left out, as `audience` may be told of it.
    pub(crate) fn left_out(&self, audience: Audience) -> LeftOutNotice {
        report::left_out::notice(&self.case().left_out, &self.loaded.diagnostics, audience)
    }
}

pub(crate) fn status(s: &Scored, audience: Audience) -> StatusReport {
    report::status::build(s.case(), &s.snapshot, &s.readiness, audience)
}

pub(crate) fn brief(s: &Scored, opts: report::brief::BriefOptions<'_>) -> Brief {
    report::brief::build(s.case(), &s.snapshot, &s.readiness, opts)
}

/// Progress callback: (done, total).
pub(crate) type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// A revision range as written: `FROM..TO`, `FROM..`, `..TO` or a single
/// revision. An empty side is `None`; each command says what it defaults
/// to (`diff`: HEAD on both sides; `timeline`: the root and HEAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range<'a> {
    pub(crate) from: Option<&'a str>,
    pub(crate) to: Option<&'a str>,
    /// Whether the text had `..` (a single revision otherwise).
    pub(crate) dotted: bool,
}

impl<'a> Range<'a> {
    /// Parse `FROM..TO`; the one place this syntax is read.
    pub(crate) fn parse(text: &'a str) -> Range<'a> {
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
