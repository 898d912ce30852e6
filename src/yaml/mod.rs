//! All YAML parsing, behind one small module.
//!
//! `serde_yaml` (the maintained `serde_yaml_ng` fork) parses; nothing else in
//! the crate names the YAML crate, so it can be swapped here alone. The
//! front matter most files hold (`key: value` lines and simple lists) is
//! read by `fast` instead, which answers only where its reading cannot
//! differ from the full parser's and leaves everything else to it.
//!
//! serde_yaml reports where a *syntax* error is, but not where a *value* is.
//! Diagnostics must point at the value at fault, so `locate` finds a value
//! by its path (`competencies[1]`) in the text itself. It understands the
//! block and flow styles that front matter and frameworks are written in; when
//! it cannot find a value it falls back to the nearest key it did find, so a
//! caret is never pointed at a wrong line.

mod fast;
mod locate;

pub(crate) use locate::{locate, Lines, Seg};

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
    pub(crate) fn as_u64(&self) -> Option<u64> {
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
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| matches!(k, Value::String(s) if s == key))
            .map(|(_, v)| v)
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(k, _)| k)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
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
    pub(crate) fn is_null(&self) -> bool {
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
    pub(crate) message: String,
    /// Where in the YAML text, when known.
    pub(crate) span: Option<ByteSpan>,
    /// `Some(key)` when the error is a key given twice.
    pub(crate) duplicate_key: Option<String>,
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
        span = locate::find_duplicate_key(text, key).or(span);
    }
    YamlError {
        message,
        span,
        duplicate_key,
    }
}

/// Parse a YAML document into an untyped value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    if let Some(v) = fast::parse(text) {
        return Ok(v);
    }
    too_deep(text)?;
    serde_yaml::from_str(text).map_err(|e| convert(e, text))
}

/// A value as a YAML document (block style). Used to write files, so that
/// what a user supplied (a name, a cell of a spreadsheet) is always
/// serialised as data, never pasted in as YAML text.
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> String {
    // Only maps with non-string keys fail to serialise; promocase writes none.
    serde_yaml::to_string(value).expect("promocase's own values serialise to YAML")
}

/// Parse a YAML document straight into a typed value.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    too_deep(text)?;
    serde_yaml::from_str(text).map_err(|e| convert(e, text))
}

/// How deep `[` and `{` may nest. The parser's own limit (128) is reached
/// only after work that grows with the square of the depth; promocase's
/// files nest two or three levels.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// Refuse flow collections nested deeper than [`MAX_FLOW_DEPTH`], in one
/// pass over the text (quotes and comments skipped).
fn too_deep(text: &str) -> Result<(), YamlError> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            _ if comment => comment = b != b'\n',
            _ if escaped => escaped = false,
            (Some(b'"'), b'\\') => escaped = true,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') if i == 0 || bytes[i - 1].is_ascii_whitespace() => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(YamlError {
                        message: format!(
                            "lists and mappings nested more than {MAX_FLOW_DEPTH} levels deep"
                        ),
                        span: Some(ByteSpan::new(i, i + 1)),
                        duplicate_key: None,
                    });
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'\n') => {}
            _ => {}
        }
    }
    Ok(())
}

/// A short name for a value's kind, for "expected a list, found a number".
pub(crate) fn kind(value: &Value) -> &'static str {
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
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
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
