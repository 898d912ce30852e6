//! Reading typed fields out of a YAML mapping, reporting every problem.
//!
//! serde's derive stops at the first error; a user fixing a file wants all of
//! them at once, each pointing at its value. So evidence, feedback and the
//! configuration are read field by field through [`Fields`], which records a
//! diagnostic (with the value's line and column) for each problem and goes on.

use super::kinds::{Field, Word};
use crate::date::{self, Date};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::yaml::{self, Mapping, Seg, Value};

/// The diagnostic for YAML that did not parse (or, for typed parsing, did
/// not fit the type): `duplicate-key` for a key given twice, else `other`.
/// `yaml` is the YAML text inside the file's `text`, starting
/// `line_offset` lines down. Tabs and the nesting and alias limits get a help
/// line of their own; anything else gets `help`.
pub fn yaml_error(
    e: &crate::yaml::YamlError,
    path: &str,
    text: &str,
    yaml: &str,
    line_offset: usize,
    other: Code,
    help: &str,
) -> Diagnostic {
    let span = e
        .span
        .map(|s| Span {
            line: s.line + line_offset,
            ..s
        })
        .unwrap_or(Span {
            line: line_offset + 1,
            column: 1,
            len: 1,
        });
    let (code, message, help) = if let Some(key) = &e.duplicate_key {
        (
            Code::DuplicateKey,
            format!("duplicate key `{key}`"),
            format!("`{key}` is given twice; keep one"),
        )
    } else if yaml.contains('\t') && e.message.contains("cannot start any token") {
        (
            other,
            e.message.clone(),
            "YAML does not allow tabs for indentation; use spaces".to_string(),
        )
    } else if e.message.contains("recursion limit") || e.message.contains("repetition limit") {
        (
            other,
            e.message.clone(),
            "nesting and aliases this deep are refused; write plain fields".to_string(),
        )
    } else {
        (other, e.message.clone(), help.to_string())
    };
    Diagnostic::at(code, path, text, span, message).with_help(help)
}

/// A mapping being read, and the diagnostics found so far.
pub struct Fields<'a> {
    /// The file's path, relative to the case.
    pub path: &'a str,
    /// The whole file's text (for the caret's source line).
    pub text: &'a str,
    /// The YAML text the mapping was parsed from.
    pub yaml: &'a str,
    /// Lines before the YAML's first line in the file.
    pub line_offset: usize,
    pub map: &'a Mapping,
    /// Where this mapping sits in the document (for nested mappings).
    pub at: Vec<Seg<'a>>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// The file span of a value, or of the nearest part of its path found.
    pub fn span(&self, rest: &[Seg<'_>]) -> Span {
        let mut path = self.at.clone();
        path.extend_from_slice(rest);
        match yaml::locate(self.yaml, &path) {
            Some(s) => Span {
                line: s.line + self.line_offset,
                ..s
            },
            None => Span {
                line: self.line_offset + 1,
                column: 1,
                len: 1,
            },
        }
    }

    /// Record a diagnostic at the value `rest` (relative to this mapping).
    pub fn report(&mut self, code: Code, rest: &[Seg<'_>], message: String, help: Option<String>) {
        let span = self.span(rest);
        let mut d = Diagnostic::at(code, self.path, self.text, span, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&mut self, key: &str, example: &str) {
        let span = match self.at.is_empty() {
            true => Span {
                line: self.line_offset.max(1),
                column: 1,
                len: 3,
            },
            false => self.span(&[]),
        };
        let mut d = Diagnostic::at(
            Code::MissingField,
            self.path,
            self.text,
            span,
            format!("missing required field `{key}`"),
        );
        d.help = Some(format!("add `{key}: {example}`"));
        self.diagnostics.push(d);
    }

    fn wrong_type(&mut self, seg: &[Seg<'_>], key: &str, expected: &str, found: &Value) {
        self.report(
            Code::WrongType,
            seg,
            format!("`{key}` must be {expected}, found {}", yaml::kind(found)),
            None,
        );
    }

    /// A text field (numbers and booleans are taken as written).
    pub fn string(&mut self, field: &Field) -> Option<String> {
        self.string_like(field.name, field.required, field.example)
    }

    /// [`Fields::string`] with an example that depends on the case.
    pub fn string_as(&mut self, field: &Field, example: &str) -> Option<String> {
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
                self.report(
                    Code::MissingField,
                    &[Seg::Key(key)],
                    format!("`{key}` is empty"),
                    Some(format!("write `{key}: {example}`")),
                );
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
    pub fn date(&mut self, field: &Field) -> Option<Date> {
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
                self.report(
                    Code::InvalidDate,
                    &[Seg::Key(key)],
                    format!("`{text}` is not a valid date"),
                    Some(e.hint().to_string()),
                );
                None
            }
        }
    }

    /// A list of strings (each with its index, for later diagnostics).
    pub fn list(&mut self, field: &Field) -> Option<Vec<(usize, String)>> {
        let (key, required, example) = (field.name, field.required, field.example);
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key, example);
            }
            return None;
        };
        let Value::Sequence(items) = v else {
            let help = yaml::scalar_text(v).map(|s| format!("write a list: `{key}: [{s}]`"));
            self.report(
                Code::WrongType,
                &[Seg::Key(key)],
                format!("`{key}` must be a list, found {}", yaml::kind(v)),
                help,
            );
            return None;
        };
        if required && items.is_empty() {
            self.report(
                Code::MissingField,
                &[Seg::Key(key)],
                format!("`{key}` needs at least one entry"),
                Some(format!("write `{key}: {example}`")),
            );
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
    pub fn word<W: Word>(&mut self, field: &Field, what: Option<&str>) -> Option<W> {
        let key = field.name;
        let v = self.string_like(key, field.required, field.example)?;
        if let Some(w) = W::parse(&v) {
            return Some(w);
        }
        let help = did_you_mean(&v, W::NAMES.iter().copied())
            .unwrap_or_else(|| format!("one of: {}", W::NAMES.join(", ")));
        let message = match what {
            Some(what) => format!("`{v}` is not {what}"),
            None => format!("`{v}` is not a valid `{key}`"),
        };
        self.report(Code::WrongType, &[Seg::Key(key)], message, Some(help));
        None
    }

    /// Report every key that is not one of `fields`.
    pub fn unknown_fields(&mut self, fields: &[Field]) {
        let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let keys: Vec<(String, bool)> = self
            .map
            .keys()
            .map(|k| match yaml::scalar_text(k) {
                Some(s) => (s, true),
                None => (format!("{k:?}"), false),
            })
            .collect();
        for (key, is_text) in keys {
            if !is_text {
                self.report(
                    Code::WrongType,
                    &[],
                    "a key must be a plain word".into(),
                    None,
                );
                continue;
            }
            if known.contains(&key.as_str()) {
                continue;
            }
            let help = did_you_mean(&key, known.iter().copied())
                .unwrap_or_else(|| format!("known fields: {}", known.join(", ")));
            let span = {
                let mut s = self.span(&[Seg::Key(&key)]);
                // Underline the key, not its value.
                if let Some(line) = self.text.split('\n').nth(s.line - 1) {
                    if let Some(col) = line.find(key.as_str()) {
                        s.column = line[..col].chars().count() + 1;
                        s.len = key.chars().count();
                    }
                }
                s
            };
            let mut d = Diagnostic::at(
                Code::UnknownField,
                self.path,
                self.text,
                span,
                format!("unknown field `{key}`"),
            );
            d.help = Some(help);
            self.diagnostics.push(d);
        }
    }
}
