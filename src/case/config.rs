//! `promocase.yaml`: who the case is for and what it is measured against.

use super::document::yaml_error;
use super::fields::Fields;
use super::kinds::{config as field, MAX_MONTHS};
use crate::date::Date;
use crate::diagnostic::{catalogue, has_errors, ByteSpan, Code, Diagnostic, SourceText};
use crate::yaml::{self, Seg, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::num::NonZeroU32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub(crate) candidate: String,
    /// `builtin:ID` or a path relative to the case.
    pub(crate) framework: String,
    pub(crate) current_level: String,
    pub target_level: String,
    pub(crate) in_role_since: Option<Date>,
    pub(crate) manager: Option<String>,
    /// Validated: 1 to [`MAX_MONTHS`].
    pub(crate) window_months: Option<std::num::NonZeroU32>,
    /// Competency id -> why it does not apply.
    pub(crate) waive: BTreeMap<String, String>,
    /// The target level is on another track than the current, deliberately.
    pub(crate) track_change: bool,
    /// The size of what the candidate leads today, as far as stated.
    pub(crate) current_scope: CurrentScope,
    /// Who may open sealed files, when the case seals them.
    pub(crate) seal: Option<Seal>,
    /// The people evidence names, by name: how each relates to the
    /// candidate and the other labels they go by (`people:`).
    pub(crate) people: BTreeMap<String, Person>,
}

/// Someone evidence names as a witness or stakeholder: how they relate to
/// the candidate, and the labels entries use for them ("VP Engineering").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Person {
    pub(crate) relation: Relation,
    pub(crate) aliases: Vec<String>,
}

/// How a person relates to the candidate, in the order a brief lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Relation {
    /// The candidate's own manager.
    Manager,
    /// Anyone above the manager in the candidate's chain.
    AboveManager,
    /// Managers at the candidate's level.
    Peer,
    /// People outside the candidate's chain (other functions, other orgs).
    Partner,
    /// People who report to the candidate.
    Report,
    /// Named as a witness, relation not given in `people:`.
    Unknown,
}

impl Relation {
    /// The words `people:` takes (`unknown` is what no entry says).
    pub(crate) const NAMES: &'static [&'static str] =
        &["manager", "above-manager", "peer", "partner", "report"];

    fn parse(word: &str) -> Option<Relation> {
        Some(match word {
            "manager" => Relation::Manager,
            "above-manager" => Relation::AboveManager,
            "peer" => Relation::Peer,
            "partner" => Relation::Partner,
            "report" => Relation::Report,
            _ => return None,
        })
    }
}

/// `seal:`: the public keys private and manager-only files are sealed to.
/// `private` files open with `self` keys; `manager` files with `self` and
/// `manager` keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Seal {
    #[serde(rename = "self")]
    pub(crate) myself: Vec<String>,
    pub(crate) manager: Vec<String>,
}

impl Seal {
    /// The keys a file of visibility `v` is sealed to; `None` for a
    /// shareable file (never sealed).
    pub(crate) fn recipients(&self, v: super::Visibility) -> Option<Vec<String>> {
        match v {
            super::Visibility::Private => Some(self.myself.clone()),
            super::Visibility::Manager => {
                Some(self.myself.iter().chain(&self.manager).cloned().collect())
            }
            super::Visibility::Shareable => None,
        }
    }
}

/// The candidate's current scope ("a larger or more complex team", in the
/// guide's words): each part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CurrentScope {
    pub(crate) teams: Option<u32>,
    pub(crate) reports: Option<u32>,
    pub(crate) managers_of_managers: Option<u32>,
}

/// A whole number 0 to [`MAX_COUNT`](super::kinds::MAX_COUNT), or an error
/// at the field.
fn count(f: &mut Fields<'_>, field: &super::kinds::Field) -> Option<u32> {
    let v = f.get(field.name)?;
    let max = super::kinds::MAX_COUNT;
    let n = match v {
        Value::Number(n) => n.as_u64().filter(|c| *c <= u64::from(max)),
        _ => None,
    };
    if n.is_none() {
        let found = match v {
            Value::Number(_) => "a number outside that range",
            v => yaml::kind(v),
        };
        let expected = format!("a whole number from 0 to {max}");
        let m = catalogue::wrong_type(field.name, &expected, found);
        f.report(&[Seg::Key(field.name)], m);
    }
    n.map(|c| c as u32)
}

/// Parse the configuration; `None` when it has errors (in `diagnostics`).
/// The file's YAML, when it parses to a mapping (else why, reported).
fn mapping(text: &str, src: &SourceText<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<Value> {
    let value = match yaml::parse(text) {
        Ok(v) => v,
        Err(e) => {
            let help = "see docs/case.md for `promocase.yaml`";
            diagnostics.push(yaml_error(&e, src, 0, Code::ConfigInvalid, help));
            return None;
        }
    };
    if !matches!(value, Value::Mapping(_)) {
        let found = yaml::kind(&value);
        let m = catalogue::config_invalid(
            format!("`promocase.yaml` must be a mapping of fields, found {found}"),
            Some("`promocase init` writes one to start from".into()),
        );
        diagnostics.push(Diagnostic::at(src, ByteSpan::new(0, 1), m));
        return None;
    }
    Some(value)
}

pub(crate) fn parse(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let src = SourceText::new(path, text);
    let start = diagnostics.len();
    let value = mapping(text, &src, diagnostics)?;
    let Value::Mapping(map) = &value else {
        return None;
    };
    let mut f = Fields {
        src: &src,
        yaml: text,
        yaml_start: 0,
        map,
        at: Vec::new(),
        diagnostics,
        lines: Default::default(),
    };
    f.unknown_fields(field::ALL);
    let candidate = f.string(&field::CANDIDATE);
    let framework = f.string(&field::FRAMEWORK);
    let current_level = f.string(&field::CURRENT_LEVEL);
    let target_level = f.string(&field::TARGET_LEVEL);
    let in_role_since = f.date(&field::IN_ROLE_SINCE);
    let manager = f.string(&field::MANAGER);
    let window_months = window_months(&mut f);
    let waive = waive(&mut f);
    let track_change = f.flag(&field::TRACK_CHANGE).unwrap_or(false);
    let seal = seal(&mut f);
    let people = people(&mut f);
    let current_scope = CurrentScope {
        teams: count(&mut f, &field::TEAMS),
        reports: count(&mut f, &field::REPORTS),
        managers_of_managers: count(&mut f, &field::MANAGERS_OF_MANAGERS),
    };
    if has_errors(&diagnostics[start..]) {
        return None;
    }
    Some(Config {
        candidate: candidate?,
        framework: framework?,
        current_level: current_level?,
        target_level: target_level?,
        in_role_since,
        manager,
        window_months,
        waive,
        track_change,
        current_scope,
        seal,
        people,
    })
}

/// `people:`: name -> a relation word, or `{relation, aliases}`. Each
/// problem is an error at its place; an alias two people claim too (an
/// entry naming it could not say who it is).
fn people(f: &mut Fields<'_>) -> BTreeMap<String, Person> {
    let mut out = BTreeMap::new();
    let Some(v) = f.get("people") else {
        return out;
    };
    let Value::Mapping(m) = v else {
        let m = catalogue::wrong_type("people", "a mapping of name to relation", yaml::kind(v));
        f.report(&[Seg::Key("people")], m);
        return out;
    };
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in m {
        let name = yaml::scalar_text(k).unwrap_or_default().trim().to_string();
        match person(v) {
            Ok(p) => {
                for label in std::iter::once(&name).chain(&p.aliases) {
                    let key = label.to_lowercase();
                    if let Some(other) = claimed.insert(key, name.clone()) {
                        let why = format!("`{label}` names both {other} and {name}");
                        let help = "give each alias to one person";
                        f.report(
                            &[Seg::Key("people"), Seg::Key(&name)],
                            catalogue::config_invalid(why, Some(help.into())),
                        );
                    }
                }
                out.insert(name, p);
            }
            Err(why) => {
                let help = format!("write `{name}: peer`, or `{name}: {{relation: peer, aliases: [\"Ledger EM\"]}}`; relations: {}", Relation::NAMES.join(", "));
                f.report(
                    &[Seg::Key("people"), Seg::Key(&name)],
                    catalogue::config_invalid(why, Some(help)),
                );
            }
        }
    }
    out
}

/// One person under `people:`.
fn person(v: &Value) -> Result<Person, String> {
    let relation = |v: Option<&Value>| {
        let word = v.and_then(yaml::scalar_text).unwrap_or_default();
        Relation::parse(word.trim()).ok_or_else(|| format!("`{word}` is not a relation"))
    };
    let Value::Mapping(m) = v else {
        return Ok(Person {
            relation: relation(Some(v))?,
            aliases: Vec::new(),
        });
    };
    let mut aliases = Vec::new();
    match m.get("aliases") {
        None => {}
        Some(Value::Sequence(items)) => {
            for item in items {
                let a = yaml::scalar_text(item).unwrap_or_default();
                if a.trim().is_empty() {
                    return Err("an alias is empty".into());
                }
                aliases.push(a.trim().to_string());
            }
        }
        Some(_) => return Err("`aliases` is a list of the labels entries use".into()),
    }
    if let Some(k) = m
        .keys()
        .filter_map(yaml::scalar_text)
        .find(|k| k != "relation" && k != "aliases")
    {
        return Err(format!(
            "a person has `relation` and `aliases`, found `{k}`"
        ));
    }
    Ok(Person {
        relation: relation(m.get("relation"))?,
        aliases,
    })
}

/// `seal:`: `self` (required) and `manager`, each a list of public keys
/// that parse; each wrong key an error at its place.
fn seal(f: &mut Fields<'_>) -> Option<Seal> {
    let v = f.get("seal")?;
    let Value::Mapping(m) = v else {
        let expected = "a mapping with `self` and `manager` lists of public keys";
        f.report(
            &[Seg::Key("seal")],
            catalogue::wrong_type("seal", expected, yaml::kind(v)),
        );
        return None;
    };
    let mut out = Seal::default();
    // (where under `seal`, what is wrong)
    let mut problems: Vec<(Vec<String>, String)> = Vec::new();
    for (k, v) in m {
        let key = yaml::scalar_text(k).unwrap_or_default();
        let list = match key.as_str() {
            "self" => &mut out.myself,
            "manager" => &mut out.manager,
            _ => {
                let why = format!("`seal` names `self` and `manager` only, found `{key}`");
                problems.push((vec![key.clone()], why));
                continue;
            }
        };
        seal_keys(&key, v, list, &mut problems);
    }
    // A `self` key that is no key is said above; this is for none given.
    let bad_self = problems
        .iter()
        .any(|(at, _)| at.first().is_some_and(|k| k == "self"));
    if out.myself.is_empty() && !bad_self {
        let why = "`seal` needs at least one `self` key: the candidate must open every sealed file";
        problems.push((Vec::new(), why.into()));
    }
    for (at, message) in problems {
        let help = "a key as GitHub shows it (https://github.com/NAME.keys) or an `age1...` key";
        let segs: Vec<Seg<'_>> = std::iter::once(Seg::Key("seal"))
            .chain(at.iter().map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key(s),
            }))
            .collect();
        f.report(&segs, catalogue::config_invalid(message, Some(help.into())));
    }
    Some(out)
}

/// The keys of `seal.<name>` (a list, or one key) into `list`; each that
/// is no key a problem at its index.
fn seal_keys(
    name: &str,
    v: &Value,
    list: &mut Vec<String>,
    problems: &mut Vec<(Vec<String>, String)>,
) {
    let items: Vec<&Value> = match v {
        Value::Sequence(s) => s.iter().collect(),
        v => vec![v],
    };
    for (i, item) in items.into_iter().enumerate() {
        let text = yaml::scalar_text(item).unwrap_or_default();
        match crate::seal::recipient(&text) {
            Ok(_) => list.push(text.trim().to_string()),
            Err(why) => {
                let at = vec![name.to_string(), i.to_string()];
                problems.push((at, format!("`seal.{name}` key {}: {why}", i + 1)));
            }
        }
    }
}

fn window_months(f: &mut Fields<'_>) -> Option<NonZeroU32> {
    let v = f.get("window_months")?;
    let months = match v {
        Value::Number(n) => n.as_u64().filter(|m| (1..=MAX_MONTHS as u64).contains(m)),
        _ => None,
    };
    let months = months
        .and_then(|m| u32::try_from(m).ok())
        .and_then(NonZeroU32::new);
    if months.is_none() {
        let shown = yaml::scalar_text(v).unwrap_or_else(|| yaml::kind(v).to_string());
        let m = catalogue::config_invalid(
            format!("`window_months` must be a whole number of months from 1 to {MAX_MONTHS}, found {shown}"),
            None,
        );
        f.report(&[Seg::Key("window_months")], m);
    }
    months
}

fn waive(f: &mut Fields<'_>) -> BTreeMap<String, String> {
    let mut waive = BTreeMap::new();
    match f.get("waive") {
        None => {}
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                let key = yaml::scalar_text(k).unwrap_or_default();
                match yaml::scalar_text(v) {
                    Some(reason) if !reason.trim().is_empty() => {
                        waive.insert(key, reason);
                    }
                    _ => f.report(
                        &[Seg::Key("waive"), Seg::Key(&key)],
                        catalogue::config_invalid(
                            format!("waiving `{key}` needs a reason"),
                            Some(format!("write `{key}: \"why it does not apply\"`")),
                        ),
                    ),
                }
            }
        }
        Some(v) => {
            let m = catalogue::wrong_type(
                "waive",
                "a mapping of competency id to reason",
                yaml::kind(v),
            );
            f.report(&[Seg::Key("waive")], m);
        }
    }
    waive
}

/// Where in `promocase.yaml` a value is, for diagnostics found later.
pub(crate) fn span(text: &str, segs: &[Seg<'_>]) -> ByteSpan {
    yaml::locate(text, segs).unwrap_or(ByteSpan::new(0, 1))
}
