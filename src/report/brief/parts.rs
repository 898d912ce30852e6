//! The three parts of the case the guide asks the candidate to bring
//! (impact beyond the team, complex situations handled autonomously,
//! already operating at the next level), each chosen by the one strength
//! order; who has seen the work; and the anchors that let an entry's
//! narrative be printed once and linked to from everywhere else.

use super::super::strength::{strength, strongest_first, weak};
use super::super::EvidenceView;
use crate::case::{Evidence, Framework};
use crate::date::Date;
use crate::readiness::{Readiness, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SeniorExample {
    pub(crate) competency: String,
    pub(crate) name: String,
    /// `null` in the shareable brief, which shows no statuses.
    pub(crate) status: Option<Status>,
    pub(crate) evidence: EvidenceView,
}

/// The three parts the guide asks the candidate to bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TheCase {
    pub(crate) beyond_team: Vec<EvidenceView>,
    /// The candidate's own scope (the framework's `home_scope`), and the
    /// next wider one: "beyond my team" starts there.
    pub(crate) home_scope: String,
    pub(crate) wider_scope: Option<String>,
    /// Entries beyond `beyond_team` (the strongest 3) that qualify too.
    pub(crate) beyond_team_more: usize,
    pub(crate) complex_autonomous: Vec<EvidenceView>,
    pub(crate) complex_autonomous_more: usize,
    /// Whether the framework names competencies for complex situations.
    pub(crate) complex_named: bool,
    /// Entries that would qualify for each part that this version does
    /// not show: "none shown here" is then not "none yet".
    pub(crate) beyond_team_withheld: usize,
    pub(crate) complex_autonomous_withheld: usize,
    /// Competencies met by the evidence this version shows.
    pub(crate) operating_at_level: Vec<SeniorExample>,
    /// Competencies with evidence shown here that falls short of the
    /// expectation (the shareable version: it states no status).
    pub(crate) short_of_level: Vec<ShortOf>,
}

/// A competency whose shown evidence falls short of the expectation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ShortOf {
    pub(crate) name: String,
    pub(crate) counted: usize,
    pub(crate) required: usize,
}

/// How many entries each part of the case shows before "and N more".
pub(crate) const CASE_PART_TOP: usize = 3;

/// Where each counted entry's narrative is printed: an id per path, unique
/// and made only of `[a-z0-9-]`, so it is safe in Markdown and HTML alike.
pub(super) struct Anchors(HashMap<String, String>);

impl Anchors {
    /// Anchors for the entries whose narrative the brief prints: those
    /// counted for some competency. Others are named without a link.
    pub(super) fn new(r: &Readiness) -> Anchors {
        let mut paths: Vec<&str> = r
            .competencies
            .iter()
            .flat_map(|c| c.evidence.iter().map(String::as_str))
            .collect();
        paths.sort_unstable();
        paths.dedup();
        let mut taken = std::collections::HashSet::new();
        let mut map = HashMap::new();
        for p in paths {
            // The file's name says what it is; folders (by year) rarely do.
            let name = p.rsplit('/').next().unwrap_or(p);
            let stem = name.strip_suffix(".md").unwrap_or(name);
            let mut slug = String::from("ev-");
            for c in stem.chars() {
                match c.to_ascii_lowercase() {
                    c @ ('a'..='z' | '0'..='9') => slug.push(c),
                    _ if !slug.ends_with('-') => slug.push('-'),
                    _ => {}
                }
            }
            let mut id = slug.trim_end_matches('-').to_string();
            let mut n = 1;
            while !taken.insert(id.clone()) {
                n += 1;
                id = format!("{}-{n}", slug.trim_end_matches('-'));
            }
            map.insert(p.to_string(), id);
        }
        Anchors(map)
    }

    /// The anchor of an entry's narrative; empty when it has none.
    pub(super) fn anchor(&self, e: &Evidence) -> String {
        self.0.get(&e.path).cloned().unwrap_or_default()
    }

    /// The entry as the brief shows it, with its anchor.
    pub(super) fn view(&self, e: &Evidence) -> EvidenceView {
        let mut v = EvidenceView::of(e);
        v.anchor = self.0.get(&e.path).cloned().unwrap_or_default();
        v
    }
}

/// The strongest `CASE_PART_TOP` of `entries`, strongest first, and how
/// many more there are.
fn strongest(
    fw: &Framework,
    anchors: &Anchors,
    mut entries: Vec<&Evidence>,
) -> (Vec<EvidenceView>, usize) {
    strongest_first(fw, &mut entries);
    let more = entries.len().saturating_sub(CASE_PART_TOP);
    let top = entries.iter().take(CASE_PART_TOP).map(|e| anchors.view(e));
    (top.collect(), more)
}

/// What the parts of the case are chosen from.
pub(super) struct Chooser<'a> {
    pub(crate) fw: &'a Framework,
    pub(crate) r: &'a Readiness,
    pub(crate) shown: &'a [&'a Evidence],
    pub(crate) by_path: &'a HashMap<&'a str, &'a Evidence>,
    pub(crate) anchors: &'a Anchors,
    /// Statuses may be shown (not in the shareable brief).
    pub(crate) statuses: bool,
    /// The entries this version may not see: counted, never shown.
    pub(crate) withheld: &'a [&'a Evidence],
}

impl<'a> Chooser<'a> {
    /// The three parts of the case.
    pub(super) fn the_case(&self) -> TheCase {
        let (fw, r) = (self.fw, self.r);
        let in_window = |d: Date| r.competencies.iter().any(|c| d >= c.window_from) && d <= r.as_of;
        let pick = |from: &[&'a Evidence], keep: &dyn Fn(&Evidence) -> bool| -> Vec<&'a Evidence> {
            let it = from.iter().copied();
            it.filter(|e| in_window(e.date) && keep(e)).collect()
        };
        // "Beyond my team": any scope wider than the team's own (`home_scope`).
        let wide = fw.home_rank() + 1;
        let is_beyond = |e: &Evidence| fw.scope_rank(&e.scope).unwrap_or(0) >= wide;
        let beyond = pick(self.shown, &is_beyond);
        let (beyond_team, beyond_team_more) = strongest(fw, self.anchors, beyond);
        // Tagged with a complex-situation competency; self-initiated work
        // ranks higher there but does not qualify alone.
        let is_complex = |e: &Evidence| {
            let mut ids = e.competencies.iter();
            ids.any(|c| fw.complex_situations.contains(c))
        };
        let complex = pick(self.shown, &is_complex);
        let (complex_autonomous, complex_autonomous_more) = strongest(fw, self.anchors, complex);
        TheCase {
            beyond_team,
            home_scope: fw.home_scope().to_string(),
            wider_scope: fw.scopes.get(wide).cloned(),
            beyond_team_more,
            complex_autonomous,
            complex_autonomous_more,
            complex_named: !fw.complex_situations.is_empty(),
            beyond_team_withheld: pick(self.withheld, &is_beyond).len(),
            complex_autonomous_withheld: pick(self.withheld, &is_complex).len(),
            operating_at_level: self.operating_at_level(),
            short_of_level: self.short_of_level(),
        }
    }

    /// Competencies with evidence shown that does not meet the expectation,
    /// said where no status is (the shareable version).
    fn short_of_level(&self) -> Vec<ShortOf> {
        let short = self.r.competencies.iter().filter(|c| {
            !self.statuses && c.waived.is_none() && c.counted > 0 && !c.status.is_met()
        });
        let each = short.map(|c| ShortOf {
            name: c.name.clone(),
            counted: c.counted,
            required: c.required,
        });
        each.collect()
    }

    /// Each competency met by the evidence this version shows, with its
    /// best example (in the shareable brief, without its status).
    fn operating_at_level(&self) -> Vec<SeniorExample> {
        self.r
            .competencies
            .iter()
            .filter(|c| c.status.is_met())
            .filter_map(|c| {
                let best = c
                    .evidence
                    .iter()
                    .filter_map(|p| self.by_path.get(p.as_str()))
                    // The strongest, never supported or directed work while
                    // other work exists.
                    .max_by_key(|e| (!weak(e), strength(self.fw, e)))?;
                Some(SeniorExample {
                    competency: c.id.clone(),
                    name: c.name.clone(),
                    status: self.statuses.then_some(c.status),
                    evidence: self.anchors.view(best),
                })
            })
            .collect()
    }
}
