//! What readiness left out, for the scoring commands to say on standard
//! error: the evidence files with errors, each with its problems in short
//! form. Entries the audience may not see are counted, never named.

use crate::case::LeftOut;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::readiness::Audience;

/// The left-out entries an audience may be told about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LeftOutNotice {
    /// Each entry the audience sees, with its problems.
    pub(crate) shown: Vec<(String, Vec<Diagnostic>)>,
    /// Entries left out that the audience may not see (or whose
    /// visibility could not be read).
    pub(crate) hidden: usize,
}

impl LeftOutNotice {
    pub(crate) fn is_empty(&self) -> bool {
        self.shown.is_empty() && self.hidden == 0
    }
}

/// The notice for `left_out`, with the problems of each entry `audience`
/// sees taken from `diagnostics`.
pub(crate) fn notice(
    left_out: &[LeftOut],
    diagnostics: &Diagnostics,
    audience: Audience,
) -> LeftOutNotice {
    let (seen, hidden) = audience.split(left_out);
    let hidden = hidden.len();
    let mut n = LeftOutNotice {
        hidden,
        ..Default::default()
    };
    for e in seen {
        let problems = diagnostics
            .iter()
            .filter(|d| d.path == e.path && d.is_error())
            .cloned()
            .collect();
        n.shown.push((e.path.clone(), problems));
    }
    n
}
