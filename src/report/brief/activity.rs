//! Monthly activity for the brief's chart: each entry counted once.

use super::MonthActivity;
use crate::case::{Evidence, Framework};
use crate::date::Date;
use crate::readiness::Readiness;
use chrono::Datelike;
use std::collections::HashMap;

/// Activity per month over the longest window, by group.
pub(super) fn activity(fw: &Framework, r: &Readiness, shown: &[&Evidence]) -> Vec<MonthActivity> {
    let from = r
        .competencies
        .iter()
        .map(|c| c.window_from)
        .min()
        .unwrap_or(r.as_of);
    let mut group_ids: Vec<(Option<&str>, String)> = fw
        .groups
        .iter()
        .map(|g| (Some(g.id.as_str()), g.name.clone()))
        .collect();
    // Each entry is counted once, in the group of its first competency that
    // has one, so a month's bar is its number of entries; entries with no
    // group at all go in a last column.
    let group_of = |e: &Evidence| {
        let g = e
            .competencies
            .iter()
            .find_map(|c| fw.competency(c).and_then(|d| d.group.as_deref()))?;
        group_ids.iter().position(|(id, _)| *id == Some(g))
    };
    let in_range: Vec<(&Evidence, Option<usize>)> = shown
        .iter()
        .filter(|e| e.date >= from)
        .map(|e| (*e, group_of(e)))
        .collect();
    let other = group_ids.len();
    if in_range.iter().any(|(_, g)| g.is_none()) || group_ids.is_empty() {
        let name = if fw.groups.is_empty() {
            "Evidence"
        } else {
            "Other"
        };
        group_ids.push((None, name.to_string()));
    }
    // Count in one pass over the evidence: (year, month) -> count per group.
    let mut counts: HashMap<(i32, u32), Vec<usize>> = HashMap::new();
    for (e, g) in in_range {
        let row = counts
            .entry(crate::date::month_key(e.date))
            .or_insert_with(|| vec![0; group_ids.len()]);
        row[g.unwrap_or(other)] += 1;
    }
    let names: Vec<String> = group_ids.into_iter().map(|(_, name)| name).collect();
    months(from, r.as_of, &names, &counts)
}

/// A row per calendar month from `from` to `to`, each group's count in it.
fn months(
    from: Date,
    to: Date,
    names: &[String],
    counts: &HashMap<(i32, u32), Vec<usize>>,
) -> Vec<MonthActivity> {
    let mut activity = Vec::new();
    let mut month = Date::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while month <= to {
        let row = counts.get(&crate::date::month_key(month));
        let groups = names
            .iter()
            .enumerate()
            .map(|(gi, name)| (name.clone(), row.map_or(0, |r| r[gi])))
            .collect();
        let month_name = month.format("%Y-%m").to_string();
        activity.push(MonthActivity {
            month: month_name,
            groups,
        });
        month = crate::date::months_after(month, 1);
    }
    activity
}
