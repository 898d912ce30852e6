//! `framework import`: a framework written from a ladder kept elsewhere: a
//! spreadsheet export (CSV) or the Financial Times' job-family YAML layout.
//!
//! The output is framework YAML that `check` accepts. Numbers the source
//! does not state (scopes, evidence counts, behaviours required) get
//! promocase's defaults, each marked with a `# not in the source` comment,
//! so the user sees what to agree with their manager.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// promocase's default scopes, narrowest first, when the source has none.
const DEFAULT_SCOPES: &[&str] = &["team", "cross-team", "organisation", "company"];
const NOT_STATED: &str = "# not in the source: agree it with your manager";

/// One expectation being built: level -> numbers and behaviours.
#[derive(Default)]
struct Exp {
    evidence: Option<(u32, String)>,
    scope: Option<String>,
    months: Option<u32>,
    behaviours: Vec<(String, String)>,
}

#[derive(Default)]
struct Comp {
    name: String,
    group: Option<String>,
    description: Option<String>,
    levels: Vec<(String, Exp)>,
}

/// A ladder read from a source, in the order the source gives it.
#[derive(Default)]
struct Ladder {
    id: String,
    name: String,
    levels: Vec<(String, String)>,
    comps: Vec<(String, Comp)>,
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Ladder {
    fn comp(&mut self, id: &str) -> &mut Comp {
        if let Some(i) = self.comps.iter().position(|(c, _)| c == id) {
            return &mut self.comps[i].1;
        }
        self.comps.push((id.to_string(), Comp::default()));
        &mut self.comps.last_mut().expect("just pushed").1
    }

    fn level(&mut self, id: &str, name: &str) {
        if !self.levels.iter().any(|(l, _)| l == id) {
            self.levels.push((id.to_string(), name.to_string()));
        }
    }

    /// The framework's YAML text.
    fn yaml(&self, source: &str) -> String {
        let mut scopes: Vec<String> = DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect();
        for (_, c) in &self.comps {
            for (_, e) in &c.levels {
                if let Some(s) = e.scope.as_ref().filter(|s| !scopes.contains(s)) {
                    scopes.push(s.clone());
                }
            }
        }
        let mut o = format!("# Imported by `promocase framework import` from {source}.\n# Values marked \"not in the source\" are promocase's defaults.\nid: {}\nname: {}\nversion: \"1\"\n", q(&self.id), q(&self.name));
        o.push_str(&format!(
            "scopes: [{}] {NOT_STATED} (the order, narrowest first)\nlevels:\n",
            scopes.join(", ")
        ));
        for (id, name) in &self.levels {
            o.push_str(&format!("  - {{id: {}, name: {}}}\n", q(id), q(name)));
        }
        let groups: Vec<&String> = {
            let mut g: Vec<&String> = self
                .comps
                .iter()
                .filter_map(|(_, c)| c.group.as_ref())
                .collect();
            g.dedup();
            g.sort();
            g.dedup();
            g
        };
        if !groups.is_empty() {
            o.push_str("groups:\n");
            for g in &groups {
                o.push_str(&format!("  - {{id: {}, name: {}}}\n", q(&slug(g)), q(g)));
            }
        }
        o.push_str("competencies:\n");
        for (id, c) in &self.comps {
            self.competency_yaml(id, c, &mut o);
        }
        o
    }

    fn competency_yaml(&self, id: &str, c: &Comp, o: &mut String) {
        o.push_str(&format!("  - id: {}\n    name: {}\n", q(id), q(&c.name)));
        if let Some(g) = &c.group {
            o.push_str(&format!("    group: {}\n", q(&slug(g))));
        }
        o.push_str(&format!(
            "    description: {}\n    expectations:\n",
            q(c.description.as_deref().unwrap_or(&c.name))
        ));
        for (level, e) in &c.levels {
            o.push_str(&format!("      {}:\n", q(level)));
            match &e.evidence {
                Some((n, why)) if why.is_empty() => o.push_str(&format!("        evidence: {n}\n")),
                Some((n, why)) => o.push_str(&format!("        evidence: {n} # {why}\n")),
                None => o.push_str(&format!("        evidence: 1 {NOT_STATED}\n")),
            }
            match &e.scope {
                Some(s) => o.push_str(&format!("        scope: {}\n", q(s))),
                None => o.push_str(&format!(
                    "        scope: {} {NOT_STATED}\n",
                    DEFAULT_SCOPES[0]
                )),
            }
            if let Some(m) = e.months {
                o.push_str(&format!("        months: {m}\n"));
            }
            if !e.behaviours.is_empty() {
                o.push_str("        behaviours:\n");
                for (bid, text) in &e.behaviours {
                    o.push_str(&format!(
                        "          - {{id: {}, text: {}}}\n",
                        q(bid),
                        q(text)
                    ));
                }
                o.push_str(&format!("        behaviours_required: 1 {NOT_STATED}\n"));
            }
        }
    }
}

/// Split CSV text into rows of fields (RFC 4180: quoted fields, doubled
/// quotes, CRLF or LF line ends).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|f| !f.trim().is_empty()));
    rows
}

fn bad(source: &str, line: usize, message: String) -> Error {
    Error::Usage {
        message: format!(
            "{source}:{line}: {message}\n  help: see docs/framework.md, \"Importing a ladder\""
        ),
    }
}

/// A framework from a spreadsheet export: one row per competency x level x
/// behaviour, columns `competency, name, group, level, evidence, scope,
/// months, behaviour_id, behaviour_text` (a header row names them; only
/// `competency` and `level` are required, the others may be empty).
pub fn from_csv(text: &str, source: &str, id: &str) -> Result<String> {
    let rows = csv_rows(text);
    let Some((header, body)) = rows.split_first() else {
        return Err(bad(source, 1, "the file is empty".into()));
    };
    let col: BTreeMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase(), i))
        .collect();
    for needed in ["competency", "level"] {
        if !col.contains_key(needed) {
            return Err(bad(
                source,
                1,
                format!("no `{needed}` column in the header"),
            ));
        }
    }
    let mut ladder = Ladder {
        id: slug(id),
        name: id.to_string(),
        ..Default::default()
    };
    for (n, row) in body.iter().enumerate() {
        let get = |k: &str| {
            col.get(k)
                .and_then(|&i| row.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let line = n + 2;
        let (Some(cid), Some(level)) = (get("competency"), get("level")) else {
            return Err(bad(
                source,
                line,
                "a row needs a competency and a level".into(),
            ));
        };
        let number = |k: &str| -> Result<Option<u32>> {
            get(k)
                .map(|v| {
                    v.parse::<u32>().map_err(|_| {
                        bad(
                            source,
                            line,
                            format!("`{k}` must be a whole number, found `{v}`"),
                        )
                    })
                })
                .transpose()
        };
        let (evidence, months) = (number("evidence")?, number("months")?);
        ladder.level(level, level);
        let comp = ladder.comp(cid);
        comp.name = get("name").unwrap_or(cid).to_string();
        comp.group = get("group").map(str::to_string).or(comp.group.take());
        comp.description = get("description")
            .map(str::to_string)
            .or(comp.description.take());
        if !comp.levels.iter().any(|(l, _)| l == level) {
            comp.levels.push((level.to_string(), Exp::default()));
        }
        let exp = &mut comp
            .levels
            .iter_mut()
            .find(|(l, _)| l == level)
            .expect("just added")
            .1;
        if let Some(e) = evidence {
            exp.evidence = Some((e, String::new()));
        }
        exp.scope = get("scope").map(str::to_string).or(exp.scope.take());
        exp.months = months.or(exp.months);
        if let Some(bid) = get("behaviour_id") {
            let text = get("behaviour_text").unwrap_or(bid).to_string();
            exp.behaviours.push((bid.to_string(), text));
        }
    }
    Ok(ladder.yaml(source))
}

/// The Financial Times' job-family layout.
#[derive(serde::Deserialize)]
struct Ft {
    name: String,
    levels: Vec<FtLevel>,
    themes: Vec<FtTheme>,
    competencies: Vec<FtStatement>,
}

#[derive(serde::Deserialize)]
struct FtLevel {
    id: String,
    name: String,
}

#[derive(serde::Deserialize)]
struct FtTheme {
    id: String,
    name: String,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(serde::Deserialize)]
struct FtStatement {
    level: String,
    theme: String,
    summary: String,
    #[serde(default)]
    proficiency: Option<String>,
}

/// The documented default of `--proficiency`: evidence pieces per
/// proficiency word (its first word, lower case).
pub const DEFAULT_PROFICIENCY: &str =
    "awareness=1,foundational=1,working=2,practitioner=2,expert=3";

/// A framework from an FT job family: themes become competencies, each
/// statement a behaviour at its level, its proficiency the evidence count.
pub fn from_ft(text: &str, source: &str, proficiency: &str) -> Result<String> {
    let ft: Ft = crate::yaml::from_str(text).map_err(|e| bad(source, 1, e.message))?;
    let mut counts = BTreeMap::new();
    for pair in proficiency.split(',').filter(|p| !p.trim().is_empty()) {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| bad("--proficiency", 1, format!("`{pair}` is not word=number")))?;
        let n: u32 = v
            .trim()
            .parse()
            .map_err(|_| bad("--proficiency", 1, format!("`{v}` is not a whole number")))?;
        counts.insert(k.trim().to_lowercase(), n);
    }
    let mut ladder = Ladder {
        id: slug(&ft.name),
        name: ft.name.clone(),
        ..Default::default()
    };
    for l in &ft.levels {
        ladder.level(&l.id, &l.name);
    }
    for t in &ft.themes {
        let c = ladder.comp(&t.id);
        c.name = t.name.clone();
        c.description = t.summary.as_ref().map(|s| s.trim().replace('\n', " "));
    }
    for (i, s) in ft.competencies.iter().enumerate() {
        let word = s
            .proficiency
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        let comp = ladder.comp(&s.theme);
        if !comp.levels.iter().any(|(l, _)| *l == s.level) {
            comp.levels.push((s.level.clone(), Exp::default()));
        }
        let exp = &mut comp
            .levels
            .iter_mut()
            .find(|(l, _)| *l == s.level)
            .expect("just added")
            .1;
        let n = counts.get(&word).copied();
        exp.evidence = Some(match n {
            Some(n) => (
                n,
                format!(
                    "from proficiency `{}` (--proficiency)",
                    s.proficiency.as_deref().unwrap_or("")
                ),
            ),
            None => (
                1,
                "not in the source: no --proficiency number for this proficiency".into(),
            ),
        });
        let text = s.summary.trim().replace('\n', " ");
        exp.behaviours
            .push((format!("{}-{}-{}", s.theme, s.level, i + 1), text));
    }
    // Levels with no statement for a theme are simply not assessed there.
    Ok(ladder.yaml(source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_quotes_and_line_ends() {
        let rows = csv_rows("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n1,2,3");
        assert_eq!(
            rows,
            vec![
                vec!["a", "b", "c"],
                vec!["x, y", "say \"hi\"", ""],
                vec!["1", "2", "3"]
            ]
        );
    }
}
