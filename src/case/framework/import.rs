//! `framework import`: a framework written from a ladder kept elsewhere: a
//! spreadsheet export (CSV) or the Financial Times' job-family YAML layout.
//!
//! The output is built as typed values and serialised by the YAML module,
//! never pasted together from the source's text: a cell or statement
//! holding a newline, a colon or a `#` stays a string. Comments (which
//! numbers the source does not state, so the user sees what to agree with
//! their manager) are whole lines above the value they speak of, their text
//! escaped onto that line. Before anything is written, the output is checked
//! by the framework checker itself: an importer never hands over a file
//! that `check` would refuse.

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// promocase's default scopes, narrowest first, when the source has none.
const DEFAULT_SCOPES: &[&str] = &["team", "cross-team", "organisation", "company"];
const NOT_STATED: &str = "not in the source: agree it with your manager";

/// What an import gives: the framework's text, and the checker's word on
/// it (empty when `check` would accept it).
pub(crate) struct Imported {
    pub(crate) yaml: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// One expectation being built: numbers, behaviours and where each number
/// came from.
#[derive(Default)]
struct Exp {
    evidence: Option<u32>,
    scope: Option<String>,
    months: Option<u32>,
    behaviours: Vec<(String, String, Vec<String>)>,
    /// Where `evidence` came from, when not stated as a number.
    evidence_note: Option<String>,
}

#[derive(Default)]
struct Comp {
    name: String,
    group: Option<String>,
    description: Option<String>,
    weight: Option<f64>,
    levels: Vec<(String, Exp)>,
}

/// A level as the source states it: its name, and the fields a level may
/// carry (each absent unless the source says).
#[derive(Default, Serialize)]
struct LevelOut {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    track: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sustained_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<VerdictOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'static str>,
}

/// A level's verdict rule as the source states it.
#[derive(Default, Serialize)]
struct VerdictOut {
    rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    met: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<String>,
}

impl Comp {
    fn level(&mut self, level: &str) -> &mut Exp {
        let i = match self.levels.iter().position(|(l, _)| l == level) {
            Some(i) => i,
            None => {
                self.levels.push((level.to_string(), Exp::default()));
                self.levels.len() - 1
            }
        };
        &mut self.levels[i].1
    }
}

/// A ladder read from a source, in the order the source gives it.
#[derive(Default)]
struct Ladder {
    id: String,
    name: String,
    levels: Vec<LevelOut>,
    comps: Vec<(String, Comp)>,
    /// Position of each competency in `comps`: rows are looked up by id,
    /// and a ladder may have many thousands.
    index: HashMap<String, usize>,
    /// `--judgement`: levels decided by ratings, no counts invented.
    judgement: bool,
    /// A spreadsheet's `scope_order`: each scope's rank, narrowest 1.
    scope_order: Vec<(u32, String)>,
    /// Each slug id's first `competency` cell and its line: two cells that
    /// are different names ("C" and "C++") must not merge into one id.
    named: HashMap<String, (String, usize)>,
}

/// A cell as a name, ignoring case, spaces, `-` and `_`: "Technology
/// Stack" and "technology-stack" are one competency; "C" and "C++" are not.
fn loose(cell: &str) -> String {
    let kept = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'));
    kept.flat_map(char::to_lowercase).collect()
}

impl Ladder {
    /// Claim the id `cid` for the `competency` cell `cell` on `line`; an
    /// error when an earlier, different name already became that id.
    fn claim(&mut self, cid: &str, cell: &str, source: &str, line: usize) -> Result<()> {
        let (first, at) = self
            .named
            .entry(cid.to_string())
            .or_insert_with(|| (cell.to_string(), line));
        if loose(first) == loose(cell) {
            return Ok(());
        }
        let m = format!(
            "`{cell}` and `{first}` (line {at}) both become the competency id `{cid}`; \
             rename one, or spell them the same if they are one competency"
        );
        Err(bad(source, line, m))
    }
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

/// Comment text on one line: line breaks and other control characters
/// escaped, so a comment can never end early and start YAML of its own.
fn comment(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c.is_control() {
            true => c.escape_default().collect::<Vec<_>>(),
            false => vec![c],
        })
        .collect()
}

/// `text` with `first` before its first line and `rest` before the others.
fn indented(text: &str, first: &str, rest: &str, o: &mut String) {
    for (i, line) in text.lines().enumerate() {
        o.push_str(if i == 0 { first } else { rest });
        o.push_str(line);
        o.push('\n');
    }
}

impl Ladder {
    fn comp(&mut self, id: &str) -> &mut Comp {
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                self.comps.push((id.to_string(), Comp::default()));
                self.index.insert(id.to_string(), self.comps.len() - 1);
                self.comps.len() - 1
            }
        };
        &mut self.comps[i].1
    }

    fn level(&mut self, id: &str, name: &str) -> &mut LevelOut {
        let i = match self.levels.iter().position(|l| l.id == id) {
            Some(i) => i,
            None => {
                let (id, name) = (id.to_string(), name.to_string());
                self.levels.push(LevelOut {
                    id,
                    name,
                    ..Default::default()
                });
                self.levels.len() - 1
            }
        };
        &mut self.levels[i]
    }

    /// Rank a scope (`scope_order`), the first rank given to it kept.
    fn rank_scope(&mut self, rank: u32, scope: &str) {
        if !self.scope_order.iter().any(|(_, s)| s == scope) {
            self.scope_order.push((rank, scope.to_string()));
        }
    }

    /// The scopes: the source's order when it states one (`scope_order`),
    /// else the defaults; then any other scope the source names.
    fn scopes(&self) -> Vec<String> {
        let mut ranked = self.scope_order.clone();
        ranked.sort();
        let mut scopes: Vec<String> = match ranked.is_empty() {
            true => DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            false => ranked.into_iter().map(|(_, s)| s).collect(),
        };
        scopes.dedup();
        for (_, c) in &self.comps {
            for (_, e) in &c.levels {
                if let Some(s) = e.scope.as_ref().filter(|s| !scopes.contains(s)) {
                    scopes.push(s.clone());
                }
            }
        }
        scopes
    }

    /// The framework's YAML text.
    fn yaml(&self, source: &str) -> String {
        #[derive(Serialize)]
        struct Named<'a> {
            id: &'a str,
            name: &'a str,
        }
        #[derive(Serialize)]
        struct Head<'a> {
            id: &'a str,
            name: &'a str,
            version: &'a str,
            scopes: Vec<String>,
            levels: &'a [LevelOut],
            #[serde(skip_serializing_if = "Vec::is_empty")]
            groups: Vec<Named<'a>>,
        }
        let mut groups: Vec<(String, &str)> = self
            .comps
            .iter()
            .filter_map(|(_, c)| c.group.as_deref().map(|g| (slug(g), g)))
            .collect();
        groups.sort();
        groups.dedup_by(|a, b| a.0 == b.0);
        let head = Head {
            id: &self.id,
            name: &self.name,
            version: "1",
            scopes: self.scopes(),
            levels: &self.levels,
            groups: groups.iter().map(|(id, name)| Named { id, name }).collect(),
        };
        let mut o = format!(
            "# Imported by `promocase framework import` from {}.\n# Numbers marked \"not in the source\" are promocase's defaults.\n{}",
            comment(source),
            match self.scope_order.is_empty() {
                true => format!("# scopes: promocase's default order, narrowest first: {NOT_STATED}.\n"),
                false => String::new(),
            }
        );
        o.push_str(&crate::yaml::to_string(&head));
        o.push_str("competencies:\n");
        for (id, c) in &self.comps {
            competency_yaml(id, c, self.judgement, &mut o);
        }
        o
    }
}

/// The YAML of one expectation's numbers, in the framework's field order.
#[derive(Serialize)]
struct OutExp<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    behaviours: Vec<OutBehaviour<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    behaviours_required: Option<u32>,
}

#[derive(Serialize)]
struct OutBehaviour<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

/// One competency: its fields, then each level's expectation under the
/// comments that say which of its numbers the source does not state.
/// An expectation with every count: the source's, else promocase's
/// defaults, each default named in a comment.
fn counted_expectation(e: &Exp) -> (Vec<String>, OutExp<'_>) {
    let mut notes = Vec::new();
    match (&e.evidence, &e.evidence_note) {
        (Some(_), Some(why)) => notes.push(format!("evidence: {why}")),
        (Some(_), None) => {}
        (None, _) => notes.push(format!("evidence: {NOT_STATED}")),
    }
    if e.scope.is_none() {
        notes.push(format!("scope: {NOT_STATED}"));
    }
    if !e.behaviours.is_empty() {
        notes.push(format!("behaviours_required: {NOT_STATED}"));
    }
    let exp = OutExp {
        evidence: Some(e.evidence.unwrap_or(1)),
        scope: Some(e.scope.as_deref().unwrap_or(DEFAULT_SCOPES[0])),
        months: e.months,
        behaviours: out_behaviours(e),
        behaviours_required: (!e.behaviours.is_empty()).then_some(1),
    };
    (notes, exp)
}

/// An expectation's behaviours as written out, each with its notes.
fn out_behaviours(e: &Exp) -> Vec<OutBehaviour<'_>> {
    let out = e.behaviours.iter();
    out.map(|(id, text, notes)| OutBehaviour { id, text, notes })
        .collect()
}

/// An expectation at a level decided by ratings (`--judgement`): only what
/// the source states; no count is invented (a count from `--proficiency`
/// is promocase's, so it is left out too).
fn judged_expectation(e: &Exp) -> (Vec<String>, OutExp<'_>) {
    let stated = e.evidence.filter(|_| e.evidence_note.is_none());
    let exp = OutExp {
        evidence: stated,
        scope: e.scope.as_deref(),
        months: e.months,
        behaviours: out_behaviours(e),
        behaviours_required: None,
    };
    (Vec::new(), exp)
}

fn competency_yaml(id: &str, c: &Comp, judged: bool, o: &mut String) {
    #[derive(Serialize)]
    struct Head<'a> {
        id: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        description: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        weight: Option<f64>,
    }
    let head = Head {
        id,
        name: &c.name,
        group: c.group.as_deref().map(slug),
        description: c.description.as_deref().unwrap_or(&c.name),
        weight: c.weight,
    };
    indented(&crate::yaml::to_string(&head), "  - ", "    ", o);
    o.push_str("    expectations:\n");
    for (level, e) in &c.levels {
        let (notes, exp) = match judged {
            true => judged_expectation(e),
            false => counted_expectation(e),
        };
        for note in notes {
            o.push_str(&format!("      # {}\n", comment(&note)));
        }
        let one = BTreeMap::from([(level.as_str(), exp)]);
        indented(&crate::yaml::to_string(&one), "      ", "      ", o);
    }
}

fn bad(source: &str, line: usize, message: String) -> Error {
    Error::Usage {
        message: format!(
            "{source}:{line}: {message}\n  help: see docs/framework.md, \"Importing a ladder\""
        ),
    }
}

/// The finished text, checked as `check` would check it, and bounded as
/// every command bounds a framework file. With `--judgement`, every level
/// is decided by ratings (`basis: judgement`).
fn finish(ladder: &mut Ladder, source: &str) -> Result<Imported> {
    if ladder.judgement {
        for l in &mut ladder.levels {
            l.basis = Some("judgement");
        }
    }
    let yaml = ladder.yaml(source);
    if yaml.len() as u64 > crate::source::MAX_FILE_BYTES {
        return Err(bad(
            source,
            1,
            format!(
                "the framework would be {} KiB; every command refuses a framework over {} KiB",
                yaml.len() >> 10,
                crate::source::MAX_FILE_BYTES >> 10
            ),
        ));
    }
    let (_, diagnostics) = super::parse("imported framework", &yaml);
    Ok(Imported { yaml, diagnostics })
}

/// The separator of a spreadsheet export: `;` where the header has more of
/// them than commas (the CSV of a locale whose decimal mark is a comma).
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    match header.matches(';').count() > header.matches(',').count() {
        true => b';',
        false => b',',
    }
}

/// A spreadsheet's columns by (lower-case) name, and its rows with their
/// line numbers.
type Sheet = (HashMap<String, usize>, Vec<(usize, Vec<String>)>);

/// The rows of a spreadsheet export, with the header's columns by name.
fn csv_rows(text: &str, source: &str) -> Result<Sheet> {
    // Excel's "CSV UTF-8" starts with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in rd.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            bad(source, line, e.to_string())
        })?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    if rows.is_empty() {
        return Err(bad(source, 1, "the file is empty".into()));
    }
    let (_, header) = rows.remove(0);
    let col = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_lowercase(), i))
        .collect();
    Ok((col, rows))
}

/// A framework from a spreadsheet export: one row per competency x level x
/// behaviour, columns `competency, name, group, level, evidence, scope,
/// months, behaviour_id, behaviour_text` (a header row names them; only
/// `competency` and `level` are required, the others may be empty).
/// Separated by `,` or `;`, with or without a byte-order mark.
pub(crate) fn from_csv(text: &str, source: &str, id: &str, judgement: bool) -> Result<Imported> {
    let (col, rows) = csv_rows(text, source)?;
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
        judgement,
        ..Default::default()
    };
    for (line, row) in &rows {
        csv_row(&mut ladder, &col, row, source, *line)?;
    }
    finish(&mut ladder, source)
}

/// One row of a spreadsheet export into the ladder.
fn csv_row(
    ladder: &mut Ladder,
    col: &HashMap<String, usize>,
    row: &[String],
    source: &str,
    line: usize,
) -> Result<()> {
    let get = |k: &str| {
        let cell = col.get(k).and_then(|&i| row.get(i));
        cell.map(String::as_str).filter(|s| !s.is_empty())
    };
    let (Some(cell), Some(level)) = (get("competency"), get("level")) else {
        return Err(bad(
            source,
            line,
            "a row needs a competency and a level".into(),
        ));
    };
    let number = |k: &str| -> Result<Option<u32>> {
        get(k)
            .map(|v| {
                let m = format!("`{k}` must be a whole number, found `{v}`");
                v.parse::<u32>().map_err(|_| bad(source, line, m))
            })
            .transpose()
    };
    let (evidence, months) = (number("evidence")?, number("months")?);
    if let (Some(rank), Some(scope)) = (number("scope_order")?, get("scope")) {
        ladder.rank_scope(rank, scope);
    }
    let weight = get("weight").map(|w| {
        let m = format!("`weight` must be a number, found `{w}`");
        w.parse::<f64>().map_err(|_| bad(source, line, m))
    });
    let weight = weight.transpose()?;
    // A display name ("Technology Stack") becomes an id by its slug, and
    // stays the name.
    let cid = slug(cell);
    ladder.claim(&cid, cell, source, line)?;
    let required = get("required").is_some_and(yes).then_some(cid.as_str());
    level_columns(ladder, &get, level, number("sustained_months")?, required);
    let comp = ladder.comp(&cid);
    comp.name = get("name").unwrap_or(cell).to_string();
    comp.group = get("group").map(str::to_string).or(comp.group.take());
    comp.description = get("description")
        .map(str::to_string)
        .or(comp.description.take());
    comp.weight = weight.or(comp.weight);
    let exp = comp.level(level);
    exp.evidence = evidence.or(exp.evidence);
    exp.scope = get("scope").map(str::to_string).or(exp.scope.take());
    exp.months = months.or(exp.months);
    if let Some(bid) = get("behaviour_id") {
        let text = get("behaviour_text").unwrap_or(bid).to_string();
        exp.behaviours.push((bid.to_string(), text, Vec::new()));
    }
    Ok(())
}

/// A spreadsheet's "yes" (`yes`, `true`, `1`, `x`, in any case).
fn yes(cell: &str) -> bool {
    matches!(cell.to_lowercase().as_str(), "yes" | "true" | "1" | "x")
}

/// The level columns of a row: `level_name`, `track`, `sustained_months`,
/// `verdict_rule` and `verdict_met` (a count or a fraction such as `2/3`),
/// and `required` (this row's competency must be met at the level).
fn level_columns<'a>(
    ladder: &mut Ladder,
    get: &dyn Fn(&str) -> Option<&'a str>,
    level: &str,
    sustained: Option<u32>,
    required: Option<&str>,
) {
    let l = ladder.level(level, get("level_name").unwrap_or(level));
    if let Some(name) = get("level_name") {
        l.name = name.to_string();
    }
    l.track = get("track").map(str::to_string).or(l.track.take());
    l.sustained_months = sustained.or(l.sustained_months);
    if get("verdict_rule").is_some() || required.is_some() {
        let v = l.verdict.get_or_insert_with(|| VerdictOut {
            rule: "all".into(),
            ..Default::default()
        });
        if let Some(rule) = get("verdict_rule") {
            v.rule = rule.to_string();
        }
        if let Some(met) = get("verdict_met") {
            v.met = Some(match met.parse::<u64>() {
                Ok(n) => serde_json::Value::from(n),
                Err(_) => serde_json::Value::from(met),
            });
        }
        if let Some(id) = required.filter(|id| !v.required.iter().any(|r| r == id)) {
            v.required.push(id.to_string());
        }
    }
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
    /// The statement's own id (a uuid in the FT's files): the behaviour id,
    /// so ids stay put when statements are added upstream.
    #[serde(default)]
    id: Option<String>,
    level: String,
    theme: String,
    summary: String,
    #[serde(default)]
    proficiency: Option<String>,
    /// What the statement looks like in practice, and where to read more:
    /// kept as the behaviour's notes.
    #[serde(default)]
    examples: Vec<crate::yaml::Value>,
    #[serde(default, rename = "supportingUrls")]
    supporting_urls: Vec<crate::yaml::Value>,
}

/// The text of a note (a string, or a mapping's scalar values such as a
/// link's title and url, joined).
fn note_text(v: &crate::yaml::Value) -> Option<String> {
    match v {
        crate::yaml::Value::Mapping(m) => {
            let parts: Vec<String> = m
                .iter()
                .filter_map(|(_, v)| crate::yaml::scalar_text(v))
                .collect();
            (!parts.is_empty()).then(|| parts.join(": "))
        }
        v => crate::yaml::scalar_text(v),
    }
}

/// One FT statement as a behaviour at its level, its proficiency the
/// evidence count (by `--proficiency`).
fn ft_statement(ladder: &mut Ladder, counts: &BTreeMap<String, u32>, i: usize, s: &FtStatement) {
    let stated = s.proficiency.as_deref().unwrap_or("");
    let word = stated
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let exp = ladder.comp(&s.theme).level(&s.level);
    let (n, why) = match counts.get(&word) {
        Some(&n) => (n, format!("from proficiency `{stated}` (--proficiency)")),
        None => (
            1,
            "not in the source: no --proficiency number for this proficiency".into(),
        ),
    };
    exp.evidence = Some(n);
    exp.evidence_note = Some(why);
    let text = s.summary.trim().replace('\n', " ");
    // The statement's own id when it has one (stable across re-imports);
    // else its place, which moves when statements are added before it.
    let id = match s.id.as_deref().map(slug).filter(|id| !id.is_empty()) {
        Some(id) => id,
        None => format!("{}-{}-{}", s.theme, s.level, i + 1),
    };
    let notes = s
        .examples
        .iter()
        .chain(&s.supporting_urls)
        .filter_map(note_text)
        .collect();
    exp.behaviours.push((id, text, notes));
}

/// The documented default of `--proficiency`: evidence pieces per
/// proficiency word (its first word, lower case). `--proficiency` merges
/// over it.
pub(crate) const DEFAULT_PROFICIENCY: &str =
    "awareness=1,foundational=1,working=2,practitioner=2,expert=3";

/// The most evidence pieces an expectation may ask for (as the framework
/// checker bounds it).
const MAX_PIECES: u32 = 10_000;

/// `word=N,...` merged over [`DEFAULT_PROFICIENCY`]: an unknown word, an
/// empty or out-of-range number is refused, naming it.
pub(crate) fn proficiency_counts(given: &str) -> Result<BTreeMap<String, u32>> {
    let parse = |text: &str, counts: &mut BTreeMap<String, u32>, known: bool| -> Result<()> {
        for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
            let say = |m: String| bad("--proficiency", 1, m);
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| say(format!("`{pair}` is not word=number")))?;
            let k = k.trim().to_lowercase();
            if known && !counts.contains_key(&k) {
                let words: Vec<&str> = counts.keys().map(String::as_str).collect();
                return Err(say(format!(
                    "unknown proficiency `{k}`; the words are {}",
                    words.join(", ")
                )));
            }
            let n: u32 = v
                .trim()
                .parse()
                .map_err(|_| say(format!("`{}` is not a whole number", v.trim())))?;
            if !(1..=MAX_PIECES).contains(&n) {
                return Err(say(format!(
                    "`{k}={n}`: evidence pieces must be from 1 to {MAX_PIECES}"
                )));
            }
            counts.insert(k, n);
        }
        Ok(())
    };
    let mut counts = BTreeMap::new();
    parse(DEFAULT_PROFICIENCY, &mut counts, false)?;
    parse(given, &mut counts, true)?;
    Ok(counts)
}

/// A framework from an FT job family: themes become competencies, each
/// statement a behaviour at its level, its proficiency the evidence count.
pub(crate) fn from_ft(
    text: &str,
    source: &str,
    proficiency: &str,
    judgement: bool,
) -> Result<Imported> {
    let ft: Ft = crate::yaml::from_str(text).map_err(|e| bad(source, 1, e.message))?;
    let counts = proficiency_counts(proficiency)?;
    let mut ladder = Ladder {
        id: slug(&ft.name),
        name: ft.name.clone(),
        judgement,
        ..Default::default()
    };
    for l in &ft.levels {
        // The FT's job families name a level's track in its id's end
        // (`senior-engineer-ic`, `engineering-manager-pm`).
        let track = ["ic", "pm"]
            .into_iter()
            .find(|t| l.id.ends_with(&format!("-{t}")));
        ladder.level(&l.id, &l.name).track = track.map(str::to_string);
    }
    // Each track's levels together, in the source's order within it, so
    // "levels rise" holds along a track.
    let first: Vec<Option<String>> = ladder.levels.iter().map(|l| l.track.clone()).collect();
    let rank = |t: &Option<String>| first.iter().position(|x| x == t);
    ladder.levels.sort_by_key(|l| rank(&l.track));
    for t in &ft.themes {
        let c = ladder.comp(&t.id);
        c.name = t.name.clone();
        c.description = t.summary.as_ref().map(|s| s.trim().replace('\n', " "));
    }
    for (i, s) in ft.competencies.iter().enumerate() {
        ft_statement(&mut ladder, &counts, i, s);
    }
    // Levels with no statement for a theme are simply not assessed there.
    finish(&mut ladder, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_quotes_line_ends_marks_and_separators() {
        let (col, rows) = csv_rows("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n1,2,3", "t").unwrap();
        assert_eq!(col["a"], 0);
        let cells: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            cells,
            vec![vec!["x, y", "say \"hi\"", ""], vec!["1", "2", "3"]]
        );
        let (col, rows) = csv_rows("\u{feff}Competency;Level\nx;em\n", "t").unwrap();
        assert_eq!((col["competency"], col["level"]), (0, 1));
        assert_eq!(rows[0].1, vec!["x", "em"]);
    }

    #[test]
    fn proficiency_merges_over_the_defaults_and_refuses_what_it_cannot_use() {
        let c = proficiency_counts("practitioner=4").unwrap();
        assert_eq!((c["practitioner"], c["expert"]), (4, 3));
        for bad in ["expert=0", "expert=", "expert=10001", "wizard=2", "expert"] {
            assert!(proficiency_counts(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn comments_stay_on_their_line() {
        assert_eq!(
            comment("a\nwithin_months: 1\r#x"),
            "a\\nwithin_months: 1\\r#x"
        );
    }
}
