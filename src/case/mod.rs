//! The case: configuration, framework, evidence and feedback, parsed and
//! validated from a [`Snapshot`], with every problem as a diagnostic.
//!
//! This stage never touches Git or the file system: it sees the bytes the
//! `source` stage read, so a case read from the working tree and one read
//! from any commit go through exactly the same code.
//!
//! Every load goes through a [`Series`], which holds a case's files and
//! applies changes to them: a single load is a series of one, and
//! `timeline` applies each commit's `Changes` in turn, so that a commit
//! costs what it changed rather than what the case holds.

mod base;
pub(crate) mod config;
pub(crate) mod document;
pub mod evidence;
mod evidence_set;
pub(crate) mod feedback;
mod fields;
pub mod framework;
pub mod frontmatter;
pub(crate) mod kinds;
pub(crate) mod pitch;
mod series;
mod view;

pub use series::{CheckedFile, EvidenceChecker, ParseCache, Series, State};
pub use view::{Audience, Hidden, Restricted, View};

pub use config::Config;
pub use document::Document;
pub use evidence::{Evidence, Visibility};
pub use feedback::{Action, Feedback};
pub use framework::Framework;

use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::source::Snapshot;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A case that could be read well enough to be scored.
#[derive(Debug, Clone)]
pub struct Case {
    pub config: Config,
    pub framework: Framework,
    /// Valid evidence, in path order. Entries with errors are left out (and
    /// listed in `left_out`). Shared: `timeline` reuses an entry
    /// across every commit that holds the same file.
    pub evidence: Vec<Arc<Evidence>>,
    pub feedback: Vec<Feedback>,
    /// The candidate's own words (`pitch.md`), comments removed.
    pub pitch: Option<pitch::Pitch>,
    /// `pitch.shareable.md`, comments removed: the shareable version's
    /// pitch (README, "The brief").
    pub committee_pitch: Option<pitch::Pitch>,
    /// Handlebars templates found in the case's `templates/` folder, by file
    /// name.
    pub templates: BTreeMap<String, String>,
    /// Evidence files left out of readiness (errors, or a duplicate of
    /// another entry), in path order.
    pub left_out: Vec<LeftOut>,
    /// Sealed evidence and feedback files no key this reader holds opens:
    /// not counted, not named, only counted here.
    pub sealed: usize,
}

/// An evidence file readiness does not count because it has an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Relative to the case folder.
    pub path: String,
    /// Who may see it, when its `visibility` could be read; `None` is
    /// treated as private, so no audience learns of a file it may not see.
    pub visibility: Option<Visibility>,
}

/// The result of loading: the case when config and framework are usable,
/// and every diagnostic.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub case: Option<Case>,
    pub diagnostics: Diagnostics,
    /// Files read.
    pub files: usize,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.errors()
    }
    pub(crate) fn warnings(&self) -> usize {
        self.diagnostics.warnings()
    }
}

/// Load the case in `snapshot`, as of `as_of` (for `future-date`): a
/// [`Series`] of one, sharing `cache` with other loads.
pub fn load(snapshot: &Snapshot, as_of: Date, cache: &mut ParseCache) -> Loaded {
    let mut series = Series::with_cache(std::mem::take(cache));
    let loaded = series.load(snapshot, as_of);
    *cache = series.into_cache();
    loaded
}

/// Whether a case-relative path is an evidence file.
pub(crate) fn is_evidence(path: &str) -> bool {
    path.starts_with("evidence/") && (path.ends_with(".md") || crate::seal::is_sealed(path))
}
