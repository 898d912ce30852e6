//! Splitting a Markdown file into YAML front matter and narrative.
//!
//! The convention is Jekyll's and Hugo's: the file starts with a `---` line,
//! the YAML runs to the next `---` line, and the rest is Markdown. We accept
//! what editors produce (a byte-order mark, CRLF line endings, trailing
//! spaces after `---`, no final newline) and keep line numbers exact, so
//! diagnostics can point into the file.

/// The parts of a file with front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// How many lines come before the YAML's first line (the opening fence,
    /// so 1): add it to a YAML line number to get the file's line number.
    pub(crate) line_offset: usize,
    /// The narrative after the closing fence.
    pub(crate) body: &'a str,
    /// The file line on which the narrative starts.
    pub(crate) body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// No closing `---`.
    Unterminated,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "---"
}

/// Split `text` (BOM already removed or not) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if is_fence(&text[pos..end]) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                line_offset: 1,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        pos = end + 1;
        line_no += 1;
    }
    Err(SplitError::Unterminated)
}

/// The `visibility` a file's front matter states, as readers count it: the
/// default (`manager`) when it states none, `private` when it cannot be
/// read (so an unreadable file is never sealed to too many keys).
pub(crate) fn visibility(text: &str) -> super::Visibility {
    use super::kinds::Word;
    let Ok(split) = split(text) else {
        return super::Visibility::Private;
    };
    let Ok(crate::yaml::Value::Mapping(map)) = crate::yaml::parse(split.yaml) else {
        return super::Visibility::Private;
    };
    match map.get("visibility") {
        None => super::Visibility::default(),
        Some(v) => crate::yaml::scalar_text(v)
            .and_then(|w| super::Visibility::parse(&w))
            .unwrap_or(super::Visibility::Private),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok = |t: &str, yaml: &str, body: &str| {
            let s = split(t).unwrap_or_else(|e| panic!("{t:?}: {e:?}"));
            assert_eq!((s.yaml, s.body), (yaml, body), "{t:?}");
        };
        ok("---\na: 1\n---\nbody\n", "a: 1\n", "body\n");
        ok("\u{feff}---\na: 1\n---\nbody", "a: 1\n", "body");
        ok("---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n");
        ok("---  \na: 1\n--- \t\n", "a: 1\n", "");
        ok("---\na: 1\n---", "a: 1\n", "");
        ok("---\n---\n", "", "");
        // A later `---` is part of the narrative (a Markdown rule).
        ok(
            "---\na: 1\n---\ntext\n---\nmore\n",
            "a: 1\n",
            "text\n---\nmore\n",
        );
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("# title\n"), Err(SplitError::Missing));
        assert_eq!(split("---"), Err(SplitError::Unterminated));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::Unterminated));
        assert_eq!(split("----\n"), Err(SplitError::Missing));
    }

    #[test]
    fn body_line_is_exact() {
        let s = split("---\na: 1\nb: 2\n---\nbody\n").unwrap();
        assert_eq!(s.body_line, 5);
    }
}
