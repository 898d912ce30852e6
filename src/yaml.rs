//! All YAML parsing, behind one small module.
//!
//! `serde_yaml` (the maintained `serde_yaml_ng` fork) parses; nothing else in
//! the crate names the YAML crate, so it can be swapped here alone.
//!
//! serde_yaml reports where a *syntax* error is, but not where a *value* is.
//! Diagnostics must point at the value at fault, so [`locate`] finds a value
//! by its path (`competencies[1]`) in the text itself. It understands the
//! block and flow styles that front matter and frameworks are written in; when
//! it cannot find a value it falls back to the nearest key it did find, so a
//! caret is never pointed at a wrong line.

use crate::diagnostic::ByteSpan;
use serde::de::DeserializeOwned;

/// A parsed YAML value: promocase's own type, so that readers never name
/// the YAML crate's (changing the crate touches this file alone).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
    /// `!tag value`: the value, its tag dropped (promocase uses no tags).
    Tagged(Box<Value>),
}

/// A YAML number, with the text YAML would print for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    text: String,
    unsigned: Option<u64>,
}

impl Number {
    /// The number as a whole non-negative number, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        self.unsigned
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A YAML mapping, in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping(Vec<(Value, Value)>);

impl Mapping {
    /// The value of the string key `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| matches!(k, Value::String(s) if s == key))
            .map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = (&'a Value, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Value, Value)>,
        fn(&'a (Value, Value)) -> (&'a Value, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn number(n: serde_yaml::Number) -> Value {
    Value::Number(Number {
        unsigned: n.as_u64(),
        text: n.to_string(),
    })
}

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(number(n.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // Keys are checked for repeats by their text, in a set: a file with
        // thousands of keys must not take quadratic time.
        let mut seen = std::collections::HashSet::new();
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Value, Value>()? {
            if let Some(text) = scalar_text(&k) {
                if !seen.insert((std::mem::discriminant(&k), text)) {
                    return Err(serde::de::Error::custom(duplicate(&k)));
                }
            }
            entries.push((k, v));
        }
        Ok(Value::Mapping(Mapping(entries)))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        Ok(Value::Tagged(Box::new(variant.newtype_variant()?)))
    }
}

/// The message for a key given twice, as [`convert`] recognises it.
fn duplicate(k: &Value) -> String {
    match k {
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        _ => "duplicate entry in YAML map".to_string(),
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match (n.unsigned, n.text.parse::<i64>(), n.text.parse::<f64>()) {
                (Some(u), _, _) => s.serialize_u64(u),
                (None, Ok(i), _) => s.serialize_i64(i),
                (None, _, Ok(f)) => s.serialize_f64(f),
                _ => s.serialize_str(&n.text),
            },
            Value::String(t) => s.serialize_str(t),
            Value::Sequence(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Value::Mapping(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Tagged(v) => v.serialize(s),
        }
    }
}

/// Why a YAML text did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// Where in the YAML text, when known.
    pub span: Option<ByteSpan>,
    /// `Some(key)` when the error is a key given twice.
    pub duplicate_key: Option<String>,
}

fn convert(e: serde_yaml::Error, text: &str) -> YamlError {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C" to its message; the span
    // carries that, so drop it from the words.
    let message = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.clone(),
    };
    // Derive line and column from the byte offset rather than taking
    // libyaml's: it also breaks lines at a lone `\r`, which the rest of
    // promocase (and every editor) does not.
    let mut span = e
        .location()
        .map(|l| ByteSpan::new(l.index(), l.index() + 1));
    let duplicate_key = message
        .strip_prefix("duplicate entry with key ")
        .map(|k| k.trim_matches('"').to_string());
    if let Some(key) = &duplicate_key {
        // serde_yaml points at the mapping; point at the second occurrence.
        span = find_duplicate_key(text, key).or(span);
    }
    YamlError {
        message,
        span,
        duplicate_key,
    }
}

/// Parse a YAML document into an untyped value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert(e, text))
}

/// Parse a YAML document straight into a typed value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert(e, text))
}

/// A short name for a value's kind, for "expected a list, found a number".
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Render a scalar as the text a user wrote (numbers and booleans too).
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One step of a path to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

struct Line<'a> {
    text: &'a str,
    /// Byte offset of the line in the whole text.
    offset: usize,
    /// Indentation, counting a list item's `- ` as indentation.
    indent: usize,
    /// Blank or a comment.
    blank: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut offset = 0;
    text.split('\n')
        .map(|raw| {
            let line_offset = offset;
            offset += raw.len() + 1;
            let text = raw.trim_end_matches('\r');
            let trimmed = text.trim_start();
            let blank = trimmed.is_empty() || trimmed.starts_with('#');
            Line {
                text,
                offset: line_offset,
                indent: text.len() - trimmed.len(),
                blank,
            }
        })
        .collect()
}

/// Where a value is: either inline after a key or dash on `line`, or a block
/// of lines below (`first..end`) whose items sit deeper than `parent_indent`.
#[derive(Clone, Copy)]
struct Place {
    line: usize,
    /// Byte offset of the value on `line` (for inline values).
    start: usize,
    /// End of what the caret underlines on `line` (exclusive).
    end: usize,
    /// Whether the value itself is on `line` (else it is the block below).
    inline: bool,
    /// Lines of the nested block.
    first: usize,
    last: usize,
    /// The column at which the block's own keys or dashes stand.
    key_col: usize,
}

impl Place {
    /// An item of a flow collection (`[a, b]`, `{k: v}`) on `line`, from
    /// byte `start` to `end`: nothing nests below it.
    fn flow_item(line: usize, start: usize, end: usize) -> Place {
        Place {
            line,
            start,
            end,
            inline: true,
            first: line + 1,
            last: line + 1,
            key_col: 0,
        }
    }
}

fn value_end(text: &str, start: usize) -> usize {
    // The value runs to the end of the line, less a trailing comment.
    let rest = &text[start..];
    let mut end = rest.len();
    let mut in_quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        match in_quote {
            Some(q) if c == q => in_quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => in_quote = Some(c),
            None if c == '#' && prev.is_whitespace() => {
                end = i;
                break;
            }
            None => {}
        }
        prev = c;
    }
    start + rest[..end].trim_end().len()
}

fn block_after(
    ls: &[Line<'_>],
    line: usize,
    parent_indent: usize,
    limit: usize,
    is_key: bool,
) -> (usize, usize) {
    // The block is every following line deeper than its parent; a key's
    // sequence may also stand at the key's own indentation (`- ` items).
    let first = line + 1;
    let mut last = first;
    for (i, l) in ls.iter().enumerate().take(limit).skip(first) {
        if l.blank {
            continue;
        }
        let dash = l.text[l.indent..].starts_with("- ") || &l.text[l.indent..] == "-";
        if l.indent > parent_indent || (is_key && l.indent == parent_indent && dash) {
            last = i + 1;
        } else {
            break;
        }
    }
    (first, last)
}

fn key_prefix(rest: &str, key: &str) -> Option<usize> {
    for quote in ["", "\"", "'"] {
        let pat = format!("{quote}{key}{quote}");
        if let Some(after) = rest.strip_prefix(pat.as_str()) {
            let trimmed = after.trim_start_matches(' ');
            if let Some(v) = trimmed.strip_prefix(':') {
                if v.is_empty() || v.starts_with(' ') || v.starts_with('\t') {
                    return Some(rest.len() - v.len());
                }
            }
        }
    }
    None
}

fn find_key(ls: &[Line<'_>], place: Place, key: &str) -> Option<Place> {
    // Keys of this mapping may start on the item's own line (after `- `).
    if place.inline && ls[place.line].text[place.start..].starts_with('{') {
        // A flow mapping: `{evidence: 2, scope: team}`.
        let text = ls[place.line].text;
        for (a, b) in flow_items(text, place.start, place.end) {
            if let Some(colon_end) = key_prefix(&text[a..b], key) {
                let v = a + colon_end;
                let vstart = v + (text[v..b].len() - text[v..b].trim_start().len());
                return Some(Place::flow_item(place.line, vstart, b));
            }
        }
        return None;
    }
    let mut candidates = Vec::new();
    if place.inline {
        candidates.push((place.line, place.start));
    }
    for (i, l) in ls
        .iter()
        .enumerate()
        .take(place.last.min(ls.len()))
        .skip(place.first)
    {
        if !l.blank && l.indent == place.key_col {
            candidates.push((i, l.indent));
        }
    }
    for (line, col) in candidates {
        let text = ls[line].text;
        if let Some(colon_end) = key_prefix(&text[col..], key) {
            let after = col + colon_end;
            let vstart = after + (text[after..].len() - text[after..].trim_start().len());
            let vend = value_end(text, vstart);
            let (first, last) =
                block_after(ls, line, col, place.last.max(line + 1).min(ls.len()), true);
            let key_col = (first..last)
                .find(|&i| !ls[i].blank)
                .map(|i| ls[i].indent)
                .unwrap_or(col + 2);
            let inline = vend > vstart;
            let (start, end) = if inline {
                (vstart, vend)
            } else {
                (col, col + key.len())
            };
            return Some(Place {
                line,
                start,
                end,
                inline,
                first,
                last,
                key_col,
            });
        }
    }
    None
}

fn flow_items(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let s = &text[start..end];
    let open = match s.find(['[', '{']) {
        Some(i) => i,
        None => return Vec::new(),
    };
    let mut items = Vec::new();
    let mut depth = 0;
    let mut in_quote: Option<char> = None;
    let mut item_start = open + 1;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match in_quote {
            Some(q) if c == q => in_quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => in_quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        items.push((item_start, i));
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push((item_start, i));
                    item_start = i + 1;
                }
                _ => {}
            },
        }
    }
    items
        .into_iter()
        .filter_map(|(a, b)| {
            let raw = &s[a..b];
            let lead = raw.len() - raw.trim_start().len();
            let t = raw.trim();
            (!t.is_empty()).then(|| (start + a + lead, start + a + lead + t.len()))
        })
        .collect()
}

fn find_index(ls: &[Line<'_>], place: Place, index: usize) -> Option<Place> {
    if place.inline {
        let text = ls[place.line].text;
        let items = flow_items(text, place.start, place.end);
        let (a, b) = *items.get(index)?;
        return Some(Place::flow_item(place.line, a, b));
    }
    let mut seen = 0;
    for (i, l) in ls
        .iter()
        .enumerate()
        .take(place.last.min(ls.len()))
        .skip(place.first)
    {
        if l.blank || l.indent != place.key_col {
            continue;
        }
        let rest = &l.text[l.indent..];
        if rest == "-" || rest.starts_with("- ") {
            if seen == index {
                let vstart = l.indent + 1 + (rest[1..].len() - rest[1..].trim_start().len());
                let vend = value_end(l.text, vstart);
                let (first, last) = block_after(ls, i, l.indent, place.last.min(ls.len()), false);
                return Some(Place {
                    line: i,
                    start: vstart,
                    end: vend,
                    inline: vend > vstart,
                    first,
                    last,
                    key_col: vstart,
                });
            }
            seen += 1;
        }
    }
    None
}

/// Find the value at `path` in `text`; falls back to the deepest part of the
/// path it could find. `None` only when not even the first key is there.
pub fn locate(text: &str, path: &[Seg<'_>]) -> Option<ByteSpan> {
    let ls = lines(text);
    let top_col = ls.iter().find(|l| !l.blank).map(|l| l.indent).unwrap_or(0);
    let mut place = Place {
        line: 0,
        start: 0,
        end: 0,
        inline: false,
        first: 0,
        last: ls.len(),
        key_col: top_col,
    };
    let mut found = None;
    for seg in path {
        let next = match seg {
            Seg::Key(k) => find_key(&ls, place, k),
            Seg::Index(i) => find_index(&ls, place, *i),
        };
        match next {
            Some(p) => {
                place = p;
                found = Some(p);
            }
            None => break,
        }
    }
    let p = found?;
    let line = &ls[p.line];
    // Offsets come from byte arithmetic on the line; keep them on the line
    // (the caret's place keeps them on character boundaries).
    let start = p.start.min(line.text.len());
    let end = p.end.clamp(start, line.text.len());
    Some(ByteSpan::new(line.offset + start, line.offset + end))
}

/// The place of the second top-level-or-nested occurrence of `key`.
fn find_duplicate_key(text: &str, key: &str) -> Option<ByteSpan> {
    let mut seen: std::collections::HashMap<usize, usize> = Default::default();
    let mut offset = 0;
    for raw in text.split('\n') {
        let line_offset = offset;
        offset += raw.len() + 1;
        let line = raw.trim_end_matches('\r');
        let mut rest = line.trim_start();
        let mut indent = line.len() - rest.len();
        while let Some(r) = rest.strip_prefix("- ") {
            indent += 2 + (r.len() - r.trim_start().len());
            rest = r.trim_start();
            seen.clear();
        }
        if key_prefix(rest, key).is_some() {
            let count = seen.entry(indent).or_insert(0);
            *count += 1;
            if *count == 2 {
                let start = line_offset + indent;
                return Some(ByteSpan::new(start, start + key.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "date: 2026-01-02\ntitle: \"Hiring\"  # a comment\ncompetencies: [org-leverage, mentoring ]\nscope: org\nlinks:\n  - https://a\n  - ./b.md\nactions:\n  - do: write it\n    due: 2026-13-01\n  - do: ship\n    competency: x\nexp:\n  em: {evidence: 0, scope: team}\n";

    #[test]
    fn locates_values() {
        type Row<'a> = (&'a [Seg<'a>], (usize, usize, usize));
        let table: &[Row] = &[
            (&[Seg::Key("date")], (1, 7, 10)),
            (&[Seg::Key("title")], (2, 8, 8)),
            (&[Seg::Key("competencies"), Seg::Index(1)], (3, 30, 9)),
            (&[Seg::Key("scope")], (4, 8, 3)),
            (&[Seg::Key("links"), Seg::Index(1)], (7, 5, 6)),
            (
                &[Seg::Key("actions"), Seg::Index(0), Seg::Key("due")],
                (10, 10, 10),
            ),
            (
                &[Seg::Key("actions"), Seg::Index(1), Seg::Key("competency")],
                (12, 17, 1),
            ),
            (
                &[Seg::Key("actions"), Seg::Index(1), Seg::Key("do")],
                (11, 9, 4),
            ),
            (
                &[Seg::Key("exp"), Seg::Key("em"), Seg::Key("scope")],
                (14, 28, 4),
            ),
            // falls back to the deepest part found
            (&[Seg::Key("links"), Seg::Index(7)], (5, 1, 5)),
        ];
        let index = crate::diagnostic::LineIndex::new(DOC);
        for (path, (line, column, len)) in table {
            let s = index.place(DOC, locate(DOC, path).unwrap());
            assert_eq!(
                (s.line, s.column, s.len),
                (*line, *column, *len),
                "{path:?}"
            );
        }
        assert!(locate(DOC, &[Seg::Key("nope")]).is_none());
    }

    #[test]
    fn duplicate_key_points_at_second() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.duplicate_key.as_deref(), Some("a"));
        assert_eq!(e.span.unwrap().start, "a: 1\nb: 2\n".len());
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 0..9u8 {
            let p = (b'a' + i) as char;
            let n = (b'a' + i + 1) as char;
            bomb.push_str(&format!(
                "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        assert!(parse(&bomb).is_err());
    }

    #[test]
    fn values_are_promocases_own_and_keep_the_written_text() {
        let v = parse("a: 1.0\nb: -3\nc: [x, true]\nd: !t 5\ne: ~\n").unwrap();
        let Value::Mapping(m) = &v else {
            panic!("{v:?}")
        };
        let text = |k: &str| scalar_text(m.get(k).unwrap());
        assert_eq!(text("a").as_deref(), Some("1.0"));
        assert_eq!(text("b").as_deref(), Some("-3"));
        assert!(matches!(m.get("c"), Some(Value::Sequence(s)) if s.len() == 2));
        assert_eq!(kind(m.get("d").unwrap()), "a tagged value");
        assert!(m.get("e").unwrap().is_null());
        let Some(Value::Number(n)) = m.get("b") else {
            panic!()
        };
        assert_eq!(n.as_u64(), None);
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({"a": 1.0, "b": -3, "c": ["x", true], "d": 5, "e": null})
        );
    }

    #[test]
    fn a_key_given_twice_is_named_whatever_its_type() {
        for (text, key) in [("a: 1\na: 2\n", Some("a")), ("1: x\n1: y\n", Some("1"))] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.duplicate_key.as_deref(), key, "{text}");
            let second_line = text.find('\n').unwrap() + 1;
            assert_eq!(e.span.map(|s| s.start), Some(second_line), "{text}");
        }
        // The same text as a string and as a number is two keys.
        assert!(parse("\"1\": x\n1: y\n").is_ok());
    }

    #[test]
    fn many_keys_are_read_and_checked_for_repeats() {
        let text: String = (0..20_000).map(|i| format!("k{i}: {i}\n")).collect();
        let Value::Mapping(m) = parse(&text).unwrap() else {
            panic!()
        };
        assert_eq!(m.len(), 20_000);
        assert!(parse(&format!("{text}k7: again\n")).is_err());
    }
}
