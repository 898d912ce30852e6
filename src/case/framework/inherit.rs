//! Levels that build on each other: `inherits: em` on a level.
//!
//! Real ladders say "every level includes the previous ones". A level that
//! inherits gets, for every competency, the inherited level's (resolved)
//! expectation with its own stated fields merged over it one by one; a
//! competency it does not mention takes the inherited expectation as it
//! is. Behaviours add up: the inherited list, then the level's own, unique
//! by id. The level's verdict, basis and sustained months are its own.
//!
//! Validation has checked that every `inherits` names a level and that no
//! chain loops, so resolving follows each chain to its end.

use super::{Expectation, Framework, UNSTATED};
use std::collections::HashMap;

/// Fill in every inheriting level's expectations.
pub(super) fn resolve(fw: &mut Framework) {
    let parent: HashMap<String, String> = fw
        .levels
        .iter()
        .filter_map(|l| Some((l.id.clone(), l.inherits.clone()?)))
        .collect();
    if parent.is_empty() {
        return;
    }
    // Ancestors first: a level is resolved after the one it inherits.
    let mut order: Vec<&String> = parent.keys().collect();
    order.sort_by_key(|l| (depth(l, &parent), l.as_str()));
    let order: Vec<(String, String)> = order
        .into_iter()
        .map(|l| (l.clone(), parent[l].clone()))
        .collect();
    for c in &mut fw.competencies {
        for (level, from) in &order {
            let Some(inherited) = c.expectations.get(from).cloned() else {
                continue;
            };
            let merged = match c.expectations.remove(level) {
                Some(own) => merge(inherited, own),
                None => inherited,
            };
            c.expectations.insert(level.clone(), merged);
        }
    }
}

/// How many levels `level` inherits through (0 for one that inherits none).
fn depth(level: &str, parent: &HashMap<String, String>) -> usize {
    let mut n = 0;
    let mut at = level;
    while let Some(p) = parent.get(at) {
        n += 1;
        at = p;
        if n > parent.len() {
            break; // validation refuses cycles; never loop whatever happens
        }
    }
    n
}

/// `own` merged over `inherited`, field by field.
fn merge(inherited: Expectation, own: Expectation) -> Expectation {
    let mut behaviours = inherited.behaviours;
    for b in own.behaviours {
        if !behaviours.iter().any(|x| x.id == b.id) {
            behaviours.push(b);
        }
    }
    Expectation {
        evidence: if own.evidence == UNSTATED {
            inherited.evidence
        } else {
            own.evidence
        },
        scope: if own.scope.is_empty() {
            inherited.scope
        } else {
            own.scope
        },
        months: own.months.or(inherited.months),
        within_months: own.within_months.or(inherited.within_months),
        summary: own.summary.or(inherited.summary),
        behaviours,
        behaviours_required: own.behaviours_required.or(inherited.behaviours_required),
        need: own.need,
    }
}
