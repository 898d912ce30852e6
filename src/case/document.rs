//! A Markdown file with front matter, parsed once per blob.
//!
//! Parsing YAML is the expensive part of reading a case, and it depends only
//! on the file's bytes. So a [`Document`] is built from bytes alone and can be
//! cached by Git blob id: `timeline` reads hundreds of commits but parses each
//! distinct file once. What depends on the framework, the path or the as-of
//! date is checked afterwards, cheaply.

use super::frontmatter::{self, SplitError};
use crate::diagnostic::{catalogue, ByteSpan, Code, Diagnostic, SourceText};
use crate::yaml::{self, Mapping, Value, YamlError};

/// The diagnostic for YAML that did not parse (or, for typed parsing, did
/// not fit the type): `duplicate-key` for a key given twice, else `other`.
/// The YAML starts `yaml_start` bytes into the file.
pub(super) fn yaml_error(
    e: &YamlError,
    src: &SourceText<'_>,
    yaml_start: usize,
    other: Code,
    help: &str,
) -> Diagnostic {
    let span = e
        .span
        .map(|s| s.shift(yaml_start))
        .unwrap_or(ByteSpan::new(yaml_start, yaml_start + 1));
    let yaml = src.text.get(yaml_start..).unwrap_or("");
    let m = match &e.duplicate_key {
        Some(key) => catalogue::duplicate_key(key),
        None => catalogue::yaml_syntax(other, &e.message, yaml.contains('\t'), help),
    };
    Diagnostic::at(src, span, m)
}

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
    pub(crate) yaml: std::ops::Range<usize>,
    pub(crate) body: std::ops::Range<usize>,
    pub(crate) body_line: usize,
    pub(crate) value: Result<Value, YamlError>,
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
                body: body_start..body_start + s.body.len(),
                body_line: s.body_line,
                value: yaml::parse(s.yaml),
            }
        });
        Document::Text { text, front }
    }
}

/// The parts of a document whose front matter is a mapping.
pub(crate) struct Opened<'a> {
    pub(crate) src: SourceText<'a>,
    pub(crate) yaml: &'a str,
    /// Where the YAML starts in the file, in bytes.
    pub(crate) yaml_start: usize,
    pub(crate) map: &'a Mapping,
    pub(crate) body: &'a str,
    /// The closing `---` line.
    pub(crate) closing_fence: ByteSpan,
}

/// The first line's `---`.
const OPENING_FENCE: ByteSpan = ByteSpan { start: 0, end: 3 };

/// Open a document as front matter plus body, or say why it cannot be.
pub(crate) fn open<'a>(
    path: &'a str,
    doc: &'a Document,
    what: &str,
) -> Result<Opened<'a>, Box<Diagnostic>> {
    let (text, front) = match doc {
        Document::NotUtf8 { line, column } => {
            return Err(Box::new(Diagnostic {
                line: *line,
                column: *column,
                ..Diagnostic::file(path, catalogue::not_utf8())
            }))
        }
        Document::Text { text, front } => (text.as_str(), front),
    };
    let src = SourceText::new(path, text);
    let front = match front {
        Ok(f) => f,
        Err(SplitError::Missing) => {
            let m = catalogue::front_matter_missing(what);
            return Err(Box::new(Diagnostic::at(&src, OPENING_FENCE, m)));
        }
        Err(SplitError::Unterminated) => {
            let m = catalogue::front_matter_unterminated();
            return Err(Box::new(Diagnostic::at(&src, OPENING_FENCE, m)));
        }
    };
    let yaml_start = front.yaml.start;
    let map = match &front.value {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => {
            let m = catalogue::front_matter_empty();
            return Err(Box::new(Diagnostic::at(&src, OPENING_FENCE, m)));
        }
        Ok(other) => {
            let m = catalogue::front_matter_not_mapping(yaml::kind(other));
            let span = ByteSpan::new(yaml_start, yaml_start + 1);
            return Err(Box::new(Diagnostic::at(&src, span, m)));
        }
        Err(e) => {
            let help = "check the YAML syntax: `key: value`, lists as `[a, b]` or `- a` lines";
            let d = yaml_error(e, &src, yaml_start, Code::YamlSyntax, help);
            return Err(Box::new(d));
        }
    };
    let fence = src.line_span(front.body_line.saturating_sub(1));
    Ok(Opened {
        yaml: &text[front.yaml.clone()],
        yaml_start,
        map,
        body: &text[front.body.clone()],
        closing_fence: ByteSpan::new(fence.start, fence.start + 3),
        src,
    })
}
