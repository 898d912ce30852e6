//! Who vouches for the work: the people the shown evidence names, grouped
//! by how they relate to the candidate (my manager, above my manager,
//! peers, partners outside my chain), each with the competencies they can
//! speak to and their strongest entries; teams and functions named as
//! stakeholders on one line.
//!
//! Why grouped and resolved: a calibration committee weighs a witness by
//! where they sit. Entries name the same person several ways ("Sam Lee (VP
//! Engineering)", "VP Engineering"); `people:` in promocase.yaml gives each
//! person a relation and the labels they go by, and a stakeholder label
//! equal to a witness's role in parentheses is that witness. What no rule
//! resolves to a person is a group, never guessed to be one.

use super::super::strength::strongest_first;
use super::parts::Anchors;
use crate::case::config::{Config, Relation};
use crate::case::{Evidence, Framework};
use crate::date::Date;
use crate::readiness::Readiness;
use crate::report::name_and_role as split_role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How many entries each person shows before "and N more", and how many
/// competencies: a line per person, a choice of promocase's.
const PER_PERSON: usize = 2;
const PER_PERSON_COMPETENCIES: usize = 3;

/// The "Who has seen this work" section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct WhoVouches {
    /// People, by relation in a fixed order (manager first).
    pub(crate) groups: Vec<VouchGroup>,
    /// Stakeholder labels that name no person (teams, functions), in the
    /// order of the strongest entry naming them.
    pub(crate) also_affected: Vec<String>,
    /// No one but the manager is named as a witness of the shown work.
    pub(crate) only_manager: bool,
}

/// The people of one relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct VouchGroup {
    pub(crate) relation: Relation,
    /// "My manager", "Peers", ...: the brief's words for the relation.
    pub(crate) heading: String,
    pub(crate) people: Vec<Voucher>,
}

/// One person who has seen the work, and what they can speak to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Voucher {
    pub(crate) name: String,
    /// Their role, as an entry or promocase.yaml writes it in parentheses.
    pub(crate) role: Option<String>,
    /// The competencies their entries count for, in framework order: the
    /// first [`PER_PERSON_COMPETENCIES`], and how many more.
    pub(crate) competencies: Vec<String>,
    #[serde(default)]
    pub(crate) competencies_more: usize,
    /// Their strongest entries, strongest first.
    pub(crate) entries: Vec<VouchEntry>,
    /// How many more entries they can speak to.
    pub(crate) more: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct VouchEntry {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) date: Date,
    pub(crate) scope: String,
    pub(crate) anchor: String,
    /// Named as a witness, or as a stakeholder.
    pub(crate) seen_as: Vouch,
    /// The title has been said twice above the appendix: a link by date.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) short: bool,
}

/// How someone saw an entry's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Vouch {
    Witness,
    Stakeholder,
}

fn heading(r: Relation) -> &'static str {
    match r {
        Relation::Manager => "My manager",
        Relation::AboveManager => "Above my manager",
        Relation::Peer => "Peers",
        Relation::Partner => "Partners outside my chain",
        Relation::Report => "People who report to me",
        Relation::Unknown => "Others who saw the work",
    }
}

/// Who a label names.
#[derive(Debug, Clone, PartialEq)]
enum Named {
    Person {
        name: String,
        role: Option<String>,
        relation: Relation,
    },
    Group(String),
}

/// The names and labels of everyone the case knows, lower-cased.
struct Directory {
    /// A name or alias -> (name, relation).
    people: HashMap<String, (String, Relation)>,
    /// A role a witness is written with -> that witness's name.
    roles: HashMap<String, String>,
    /// Name -> role, from promocase.yaml's `manager` and the witnesses.
    role_of: HashMap<String, String>,
}

impl Directory {
    fn new(config: &Config, shown: &[&Evidence]) -> Directory {
        let mut d = Directory {
            people: HashMap::new(),
            roles: HashMap::new(),
            role_of: HashMap::new(),
        };
        for (label, name, relation) in crate::report::known_people(config) {
            d.people.insert(label.to_lowercase(), (name, relation));
        }
        if let Some((name, Some(role))) = config.manager.as_deref().map(split_role) {
            d.role_of.insert(name.to_lowercase(), role.to_string());
        }
        let labels = shown
            .iter()
            .flat_map(|e| e.witnesses.iter().chain(&e.stakeholders));
        for label in labels {
            if let (name, Some(role)) = split_role(label) {
                d.roles.insert(role.to_lowercase(), name.to_string());
                d.role_of
                    .entry(name.to_lowercase())
                    .or_insert_with(|| role.to_string());
            }
        }
        d
    }

    /// Who `label` names; a witness is always a person.
    fn resolve(&self, label: &str, how: Vouch) -> Named {
        let (name, _) = split_role(label);
        let known = |key: &str| self.people.get(&key.to_lowercase()).cloned();
        let found = known(label).or_else(|| known(name)).or_else(|| {
            let witness = self.roles.get(&label.trim().to_lowercase())?;
            Some(known(witness).unwrap_or((witness.clone(), Relation::Unknown)))
        });
        let (name, relation) = match (found, how) {
            (Some(found), _) => found,
            (None, Vouch::Witness) => (name.to_string(), Relation::Unknown),
            (None, Vouch::Stakeholder) => return Named::Group(label.trim().to_string()),
        };
        let role = self.role_of.get(&name.to_lowercase()).cloned();
        Named::Person {
            name,
            role,
            relation,
        }
    }
}

/// A person being gathered: relation, role, rank of their strongest
/// entry, their entries.
struct Gathered<'e> {
    relation: Relation,
    role: Option<String>,
    rank: usize,
    entries: Vec<(&'e Evidence, Vouch)>,
}

/// Who vouches for the `shown` evidence.
pub(super) fn who_vouches(
    fw: &Framework,
    r: &Readiness,
    config: &Config,
    shown: &[&Evidence],
    anchors: &Anchors,
) -> WhoVouches {
    let mut entries: Vec<&Evidence> = shown.to_vec();
    strongest_first(fw, &mut entries);
    let (people, groups) = gather(&Directory::new(config, &entries), &entries);
    let only_manager = !people.values().any(|p| {
        p.relation != Relation::Manager && p.entries.iter().any(|(_, h)| *h == Vouch::Witness)
    });
    WhoVouches {
        groups: grouped(fw, &assessed(r), anchors, people),
        also_affected: groups,
        only_manager,
    }
}

/// Everyone the entries name, each with the entries they saw (strongest
/// first), and the groups named. Labels repeat across thousands of entries:
/// each is resolved once.
fn gather<'e>(
    dir: &Directory,
    entries: &[&'e Evidence],
) -> (BTreeMap<String, Gathered<'e>>, Vec<String>) {
    let mut people: BTreeMap<String, Gathered<'_>> = BTreeMap::new();
    let mut groups: Vec<String> = Vec::new();
    let mut resolved: HashMap<(&str, Vouch), Named> = HashMap::new();
    for (rank, e) in entries.iter().enumerate() {
        // Witnesses first: someone who is both is named a witness.
        let named = e.witnesses.iter().map(|n| (n, Vouch::Witness));
        let named = named.chain(e.stakeholders.iter().map(|n| (n, Vouch::Stakeholder)));
        for (label, how) in named.filter(|(n, _)| !n.trim().is_empty()) {
            let who = resolved
                .entry((label.as_str(), how))
                .or_insert_with(|| dir.resolve(label, how));
            let (name, role, relation) = match who {
                Named::Group(g) if !groups.contains(g) => {
                    groups.push(g.clone());
                    continue;
                }
                Named::Group(_) => continue,
                Named::Person {
                    name,
                    role,
                    relation,
                } => (name, role, *relation),
            };
            // Looked up by the name borrowed: a `String` is made only for
            // someone not met before.
            match people.get_mut(name.as_str()) {
                // One line per entry, whichever way it names them.
                Some(p) if p.entries.last().is_some_and(|(l, _)| l.path == e.path) => {}
                Some(p) => p.entries.push((e, how)),
                None => {
                    let p = Gathered {
                        relation,
                        role: role.clone(),
                        rank,
                        entries: vec![(e, how)],
                    };
                    people.insert(name.clone(), p);
                }
            }
        }
    }
    (people, groups)
}

/// The competencies readiness weighs: assessed at the level, not waived.
fn assessed(r: &Readiness) -> Vec<&str> {
    let weighed = r.competencies.iter().filter(|c| c.waived.is_none());
    weighed.map(|c| c.id.as_str()).collect()
}

/// People into groups by relation; in each, by their strongest entry,
/// then by name.
fn grouped(
    fw: &Framework,
    assessed: &[&str],
    anchors: &Anchors,
    people: BTreeMap<String, Gathered<'_>>,
) -> Vec<VouchGroup> {
    let mut by_relation: BTreeMap<Relation, Vec<(usize, Voucher)>> = BTreeMap::new();
    for (name, p) in people {
        // Assessed and not waived: what the committee will weigh.
        let spoken = |c: &&crate::case::framework::Competency| {
            let mut entries = p.entries.iter();
            assessed.contains(&c.id.as_str())
                && entries.any(|(e, _)| e.competencies.contains(&c.id))
        };
        let mut competencies: Vec<String> = fw
            .competencies
            .iter()
            .filter(spoken)
            .map(|c| c.name.clone())
            .collect();
        let competencies_more = competencies.len().saturating_sub(PER_PERSON_COMPETENCIES);
        competencies.truncate(PER_PERSON_COMPETENCIES);
        let more = p.entries.len().saturating_sub(PER_PERSON);
        let entries = p.entries.iter().take(PER_PERSON);
        let entries = entries.map(|(e, how)| VouchEntry {
            path: e.path.clone(),
            title: e.title.clone(),
            date: e.date,
            scope: e.scope.clone(),
            anchor: anchors.anchor(e),
            seen_as: *how,
            short: false,
        });
        let v = Voucher {
            name,
            role: p.role,
            competencies,
            competencies_more,
            entries: entries.collect(),
            more,
        };
        by_relation.entry(p.relation).or_default().push((p.rank, v));
    }
    let groups = by_relation.into_iter().map(|(relation, mut people)| {
        people.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
        VouchGroup {
            relation,
            heading: heading(relation).to_string(),
            people: people.into_iter().map(|(_, v)| v).collect(),
        }
    });
    groups.collect()
}
