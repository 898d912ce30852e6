//! `export --anonymise`: colleagues' names replaced by their roles, so the
//! stories can go to a recruiter or an interview without naming people
//! who never agreed to be named.
//!
//! Who is a colleague, and what they are called instead, comes from the
//! case itself: `manager:` ("my manager"), `people:` (their relation, and
//! a role when an entry gives one), and every witness or stakeholder
//! written "Name (Role)". A first name alone ("Priya") is that person too.
//! Replacement is by whole words, longest name first, so "Dana Okafor" is
//! never left as "my manager Okafor".

use crate::case::config::Relation;
use crate::case::Case;
use crate::report::name_and_role as split_role;
use std::collections::BTreeMap;

/// Each name (and label) -> what the stories call that person instead.
pub(crate) struct Roles(Vec<(String, String)>);

/// "EM, Risk" reads as one role inside a sentence: "EM (Risk)".
fn role_words(role: &str) -> String {
    match role.split_once(", ") {
        Some((a, b)) => format!("the {a} ({b})"),
        None => format!("the {role}"),
    }
}

impl Roles {
    pub(crate) fn of(case: &Case) -> Roles {
        // Name -> role, from every label written "Name (Role)".
        let mut role: BTreeMap<String, String> = BTreeMap::new();
        let labels = case
            .evidence
            .iter()
            .flat_map(|e| e.witnesses.iter().chain(&e.stakeholders));
        for label in labels {
            if let (name, Some(r)) = split_role(label) {
                role.entry(name.to_string())
                    .or_insert_with(|| r.to_string());
            }
        }
        let mut by_name: BTreeMap<String, String> = BTreeMap::new();
        for (name, r) in &role {
            by_name.insert(name.clone(), role_words(r));
        }
        // Names only: an alias in `people:` is how entries label the person
        // ("Ledger EM"), a role already, and replacing it would garble the
        // sentence ("the the EM (Ledger)").
        let known = crate::report::known_people(&case.config);
        for (label, name, relation) in known.into_iter().filter(|(l, n, _)| l == n) {
            let known = role.get(&name).map(|r| role_words(r));
            let instead = match relation {
                Relation::Manager => "my manager".to_string(),
                Relation::AboveManager => known.unwrap_or_else(|| "a senior leader".into()),
                Relation::Peer => known.unwrap_or_else(|| "a peer".into()),
                Relation::Partner => known.unwrap_or_else(|| "a partner".into()),
                Relation::Report => "a member of my team".to_string(),
                Relation::Unknown => known.unwrap_or_else(|| "a colleague".into()),
            };
            by_name.insert(label, instead);
        }
        Roles::from_names(by_name)
    }

    /// Full names, their labels with a role, and first names alone.
    fn from_names(by_name: BTreeMap<String, String>) -> Roles {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, instead) in &by_name {
            pairs.push((name.clone(), instead.clone()));
            let first = name.split_whitespace().next().unwrap_or_default();
            let is_name = first.chars().next().is_some_and(char::is_uppercase) && first.len() >= 3;
            if first != name && is_name && !by_name.contains_key(first) {
                pairs.push((first.to_string(), instead.clone()));
            }
        }
        // Longest first: a full name before its first name.
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        pairs.dedup_by(|a, b| a.0 == b.0);
        Roles(pairs)
    }

    /// `text` with every name replaced; a name followed by its role in
    /// parentheses loses the parentheses too.
    pub(crate) fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, instead) in &self.0 {
            out = replace_words(&out, name, instead);
        }
        out
    }
}

/// Every whole-word occurrence of `name` in `text` replaced by `instead`,
/// with a "(Role)" right after it dropped (the role is in `instead`).
fn replace_words(text: &str, name: &str, instead: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(name) {
        // The character before: in what is left, or the last one written.
        let before = match i {
            0 => out.chars().last(),
            _ => rest[..i].chars().last(),
        };
        let after_at = i + name.len();
        if word(before) || word(rest[after_at..].chars().next()) {
            out.push_str(&rest[..after_at]);
            rest = &rest[after_at..];
            continue;
        }
        out.push_str(&rest[..i]);
        // At the start of a sentence, a capital: "My manager agreed".
        let trimmed = out.trim_end_matches(' ');
        let starts = trimmed.is_empty() || trimmed.ends_with(['.', '!', '?', '\n', ':']);
        match starts {
            true => out.push_str(&capitalised(instead)),
            false => out.push_str(instead),
        }
        rest = &rest[after_at..];
        // "Sam Lee (VP Engineering)": the role is said already.
        if rest.starts_with(" (") {
            if let Some(end) = rest.find(')') {
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_roles_by_whole_words() {
        let mut names = BTreeMap::new();
        names.insert("Dana Okafor".to_string(), "my manager".to_string());
        names.insert("Priya Nair".to_string(), role_words("EM, Risk"));
        names.insert("Sam Lee".to_string(), role_words("VP Engineering"));
        let r = Roles::from_names(names);
        let cases = [
            (
                "Agreed with Dana Okafor in June",
                "Agreed with my manager in June",
            ),
            ("Dana used the themes", "My manager used the themes"),
            ("Done. Dana agreed", "Done. My manager agreed"),
            (
                "Started mentoring Priya, a new EM",
                "Started mentoring the EM (Risk), a new EM",
            ),
            ("Sam Lee (VP Engineering) asked", "The VP Engineering asked"),
            (
                "with Sam Lee (VP Engineering) here",
                "with the VP Engineering here",
            ),
            ("Danabank and Samsung stay", "Danabank and Samsung stay"),
            ("No names here.", "No names here."),
        ];
        for (text, want) in cases {
            assert_eq!(r.apply(text), want, "{text}");
        }
    }
}
