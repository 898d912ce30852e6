//! The strength order of evidence (docs/readiness.md, "Strongest evidence
//! first"): one order for every list that has to choose, so the brief, the
//! people who can vouch and `export` never disagree about which entry leads.

use crate::case::kinds::{Autonomy, Role};
use crate::case::{Evidence, Framework};

/// Where an entry stands in the strength order: the greater key is the
/// stronger entry. Wider scope, then role, then autonomy, then a measured
/// impact, then witnesses, then newer; ties end on the path, so the order
/// is total and the output stable.
pub(crate) fn strength<'e>(fw: &Framework, e: &'e Evidence) -> impl Ord + 'e {
    let role = match e.role {
        Some(Role::Led) => 3,
        Some(Role::Contributed) => 2,
        Some(Role::Supported) => 1,
        None => 0,
    };
    let autonomy = match e.autonomy {
        Some(Autonomy::SelfInitiated) => 3,
        Some(Autonomy::Guided) => 2,
        Some(Autonomy::Directed) => 1,
        None => 0,
    };
    let measured = e.impact.as_deref().is_some_and(|i| !i.trim().is_empty());
    (
        fw.scope_rank(&e.scope).unwrap_or(0),
        role,
        autonomy,
        measured,
        !e.witnesses.is_empty(),
        e.date,
        std::cmp::Reverse(e.path.as_str()),
    )
}

/// `entries`, strongest first.
pub(crate) fn strongest_first(fw: &Framework, entries: &mut [&Evidence]) {
    entries.sort_by_cached_key(|e| std::cmp::Reverse(strength(fw, e)));
}

/// Work the candidate supported, or was directed to do: weak as the best
/// example of operating at the next level.
pub(crate) fn weak(e: &Evidence) -> bool {
    e.role == Some(Role::Supported) || e.autonomy == Some(Autonomy::Directed)
}
