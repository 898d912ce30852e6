//! A Markdown file with front matter, parsed once per blob.
//!
//! Parsing YAML is the expensive part of reading a case, and it depends only
//! on the file's bytes. So a [`Document`] is built from bytes alone and can be
//! cached by Git blob id: `timeline` reads hundreds of commits but parses each
//! distinct file once. What depends on the framework, the path or the as-of
//! date is checked afterwards, cheaply.

use super::frontmatter::{self, SplitError};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::yaml::{self, Mapping, Value, YamlError};

/// A file's bytes, split and parsed as far as they go.
#[derive(Debug, Clone)]
pub enum Document {
    /// Invalid UTF-8 at this place.
    NotUtf8 { line: usize, column: usize },
    Text {
        /// The file's text, byte-order mark removed.
        text: String,
        front: Result<Front, SplitError>,
    },
}

#[derive(Debug, Clone)]
pub struct Front {
    pub yaml: std::ops::Range<usize>,
    pub line_offset: usize,
    pub body: std::ops::Range<usize>,
    pub body_line: usize,
    pub value: Result<Value, YamlError>,
}

impl Document {
    pub fn parse(bytes: &[u8]) -> Document {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let line_start = good
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
                return Document::NotUtf8 { line, column };
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let front = frontmatter::split(&text).map(|s| {
            let base = text.as_ptr() as usize;
            let yaml_start = s.yaml.as_ptr() as usize - base;
            let body_start = s.body.as_ptr() as usize - base;
            Front {
                yaml: yaml_start..yaml_start + s.yaml.len(),
                line_offset: s.line_offset,
                body: body_start..body_start + s.body.len(),
                body_line: s.body_line,
                value: yaml::parse(s.yaml),
            }
        });
        Document::Text { text, front }
    }
}

/// The parts of a document whose front matter is a mapping.
pub struct Opened<'a> {
    pub text: &'a str,
    pub yaml: &'a str,
    pub line_offset: usize,
    pub map: &'a Mapping,
    pub body: &'a str,
    pub body_line: usize,
}

/// Open a document as front matter plus body, or say why it cannot be.
pub fn open<'a>(path: &str, doc: &'a Document, what: &str) -> Result<Opened<'a>, Box<Diagnostic>> {
    let (text, front) = match doc {
        Document::NotUtf8 { line, column } => {
            return Err(Box::new(
                Diagnostic {
                    line: *line,
                    column: *column,
                    ..Diagnostic::file(Code::NotUtf8, path, "the file is not valid UTF-8")
                }
                .with_help("save the file as UTF-8"),
            ))
        }
        Document::Text { text, front } => (text.as_str(), front),
    };
    let first_line = Span {
        line: 1,
        column: 1,
        len: 3,
    };
    let front = match front {
        Ok(f) => f,
        Err(SplitError::Missing) => {
            return Err(Box::new(Diagnostic::at(Code::FrontMatterMissing, path, text, first_line, format!("{what} must start with YAML front matter"))
                .with_help("start the file with a `---` line, the fields, and another `---` line; `promocase new` writes one")))
        }
        Err(SplitError::Unterminated) => {
            return Err(Box::new(Diagnostic::at(Code::FrontMatterUnterminated, path, text, first_line, "front matter is never closed")
                .with_help("add a `---` line after the last field")))
        }
    };
    let yaml = &text[front.yaml.clone()];
    let value = match &front.value {
        Ok(v) => v,
        Err(e) => {
            let d = super::fields::yaml_error(
                e,
                path,
                text,
                yaml,
                front.line_offset,
                Code::YamlSyntax,
                "check the YAML syntax: `key: value`, lists as `[a, b]` or `- a` lines",
            );
            return Err(Box::new(d));
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => {
            return Err(Box::new(
                Diagnostic::at(
                    Code::MissingField,
                    path,
                    text,
                    first_line,
                    "the front matter is empty",
                )
                .with_help(
                    "add the required fields (`date`, `title`, ...) between the `---` lines",
                ),
            ))
        }
        other => {
            let span = Span {
                line: front.line_offset + 1,
                column: 1,
                len: 1,
            };
            return Err(Box::new(
                Diagnostic::at(
                    Code::WrongType,
                    path,
                    text,
                    span,
                    format!(
                        "front matter must be a mapping of fields, found {}",
                        yaml::kind(other)
                    ),
                )
                .with_help("write one `field: value` per line"),
            ));
        }
    };
    Ok(Opened {
        text,
        yaml,
        line_offset: front.line_offset,
        map,
        body: &text[front.body.clone()],
        body_line: front.body_line,
    })
}
