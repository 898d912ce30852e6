//! Reading typed fields out of a YAML mapping, reporting every problem.
//!
//! serde's derive stops at the first error; a user fixing a file wants all of
//! them at once, each pointing at its value. So evidence, feedback and the
//! configuration are read field by field through [`Fields`], which records a
//! diagnostic (at the value's byte span) for each problem and goes on.

use super::kinds::{Field, Word};
use crate::date::{self, Date};
use crate::diagnostic::{catalogue, ByteSpan, Code, Diagnostic, Message, SourceText};
use crate::yaml::{self, Mapping, Seg, Value};

/// A mapping being read, and the diagnostics found so far.
pub(super) struct Fields<'a> {
    /// The file (path and text, for the caret's place).
    pub(crate) src: &'a SourceText<'a>,
    /// The YAML text the mapping was parsed from.
    pub(crate) yaml: &'a str,
    /// Where the YAML starts in the file, in bytes.
    pub(crate) yaml_start: usize,
    pub(crate) map: &'a Mapping,
    /// Where this mapping sits in the document (for nested mappings).
    pub(crate) at: Vec<Seg<'a>>,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
    /// `yaml` cut into lines, the first time a value is placed.
    pub(crate) lines: std::cell::OnceCell<yaml::Lines<'a>>,
}

impl<'a> Fields<'a> {
    /// The fields of an opened document's front matter, problems going to
    /// `diagnostics`.
    pub(super) fn of(
        opened: &'a super::document::Opened<'a>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Fields<'a> {
        Fields {
            src: &opened.src,
            yaml: opened.yaml,
            yaml_start: opened.yaml_start,
            map: opened.map,
            at: Vec::new(),
            diagnostics,
            lines: Default::default(),
        }
    }

    /// The file span of a value, or of the nearest part of its path found.
    pub(super) fn span(&self, rest: &[Seg<'_>]) -> ByteSpan {
        let mut path = self.at.clone();
        path.extend_from_slice(rest);
        let lines = self.lines.get_or_init(|| yaml::Lines::of(self.yaml));
        lines
            .locate(&path)
            .unwrap_or(ByteSpan::new(0, 1))
            .shift(self.yaml_start)
    }

    /// Record a diagnostic at the value `rest` (relative to this mapping).
    pub(super) fn report(&mut self, rest: &[Seg<'_>], m: Message) {
        let span = self.span(rest);
        self.diagnostics.push(Diagnostic::at(self.src, span, m));
    }

    /// Record a diagnostic at a span of the file.
    pub(super) fn report_at(&mut self, span: ByteSpan, m: Message) {
        self.diagnostics.push(Diagnostic::at(self.src, span, m));
    }

    pub(super) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&mut self, key: &str, example: &str) {
        // A top-level field is missing from the whole front matter: point
        // at its opening line.
        let span = match self.at.is_empty() {
            true => ByteSpan::new(0, 3),
            false => self.span(&[]),
        };
        self.report_at(span, catalogue::missing_field(key, example));
    }

    fn wrong_type(&mut self, seg: &[Seg<'_>], key: &str, expected: &str, found: &Value) {
        self.report(seg, catalogue::wrong_type(key, expected, yaml::kind(found)));
    }

    /// A text field (numbers and booleans are taken as written).
    pub(super) fn string(&mut self, field: &Field) -> Option<String> {
        self.string_like(field.name, field.required, field.example)
    }

    /// [`Fields::string`] with an example that depends on the case.
    pub(super) fn string_as(&mut self, field: &Field, example: &str) -> Option<String> {
        self.string_like(field.name, field.required, example)
    }

    fn string_like(&mut self, key: &str, required: bool, example: &str) -> Option<String> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, example);
            }
            return None;
        };
        match yaml::scalar_text(v) {
            Some(s) if required && s.trim().is_empty() => {
                self.report(&[Seg::Key(key)], catalogue::empty_field(key, example));
                None
            }
            Some(s) => Some(s),
            None => {
                self.wrong_type(&[Seg::Key(key)], key, "a string", v);
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub(super) fn date(&mut self, field: &Field) -> Option<Date> {
        let key = field.name;
        let Some(v) = self.get(key) else {
            if field.required {
                self.missing(key, field.example);
            }
            return None;
        };
        let Some(text) = yaml::scalar_text(v) else {
            self.wrong_type(&[Seg::Key(key)], key, "a date (`YYYY-MM-DD`)", v);
            return None;
        };
        match date::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.report(&[Seg::Key(key)], catalogue::invalid_date(&text, e.hint()));
                None
            }
        }
    }

    /// A list of strings (each with its index, for later diagnostics).
    pub(super) fn list(&mut self, field: &Field) -> Option<Vec<(usize, String)>> {
        let (key, required, example) = (field.name, field.required, field.example);
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, example);
            }
            return None;
        };
        let Value::Sequence(items) = v else {
            let scalar = yaml::scalar_text(v);
            let m = catalogue::not_a_list(key, yaml::kind(v), scalar.as_deref());
            self.report(&[Seg::Key(key)], m);
            return None;
        };
        if required && items.is_empty() {
            self.report(&[Seg::Key(key)], catalogue::empty_list(key, example));
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match yaml::scalar_text(item) {
                Some(s) => out.push((i, s)),
                None => self.wrong_type(
                    &[Seg::Key(key), Seg::Index(i)],
                    &format!("{key}[{i}]"),
                    "a string",
                    item,
                ),
            }
        }
        Some(out)
    }

    /// One of a closed set of words. `what` names the set in the message
    /// (`` `x` is not a valid `role` ``, or `` `x` is not a kind of feedback ``).
    pub(super) fn word<W: Word>(&mut self, field: &Field, what: Option<&str>) -> Option<W> {
        let key = field.name;
        let v = self.string_like(key, field.required, field.example)?;
        if let Some(w) = W::parse(&v) {
            return Some(w);
        }
        self.report(
            &[Seg::Key(key)],
            catalogue::not_a_word(key, &v, W::NAMES, what),
        );
        None
    }

    /// Report every key that is not one of `fields`.
    /// A `true` or `false` field (`None` when absent; reported when it is
    /// something else).
    pub(super) fn flag(&mut self, field: &Field) -> Option<bool> {
        match self.get(field.name)? {
            Value::Bool(b) => Some(*b),
            v => {
                let m = catalogue::wrong_type(field.name, "`true` or `false`", yaml::kind(v));
                self.report(&[Seg::Key(field.name)], m);
                None
            }
        }
    }

    /// Where the key `key` of the value at `rest` is: the last place it is
    /// written on the value's line before the value (a flow mapping holds
    /// several keys on one line); the value's place when it cannot be found.
    pub(super) fn key_span(&self, rest: &[Seg<'_>], key: &str) -> ByteSpan {
        let value = self.span(rest);
        let line = self.src.line_of(value.start);
        let line_start = self.src.line_span(line).start;
        match self.src.text[line_start..value.start.max(line_start)].rfind(key) {
            Some(col) if !key.is_empty() => {
                ByteSpan::new(line_start + col, line_start + col + key.len())
            }
            _ => value,
        }
    }

    pub(super) fn unknown_fields(&mut self, fields: &[Field]) {
        let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let unknown: Vec<Option<String>> = self
            .map
            .keys()
            .map(yaml::scalar_text)
            .filter(|k| !k.as_deref().is_some_and(|k| known.contains(&k)))
            .collect();
        let total = unknown.len();
        for key in unknown.into_iter().take(catalogue::MAX_SAME) {
            let Some(key) = key else {
                self.report(&[], catalogue::key_not_a_word());
                continue;
            };
            let span = self.key_span(&[Seg::Key(&key)], &key);
            self.report_at(span, catalogue::unknown_field(&key, &known));
        }
        if total > catalogue::MAX_SAME {
            let m = catalogue::and_more(
                Code::UnknownField,
                total - catalogue::MAX_SAME,
                "unknown fields",
            );
            self.report(&[], m);
        }
    }
}
