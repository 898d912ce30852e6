//! Places in a file: byte spans, and the line index that turns them into
//! line, column and caret.
//!
//! Readers know where a value is as a byte range of the file's text (the
//! YAML parser and [`crate::yaml::locate`] work in bytes); people read lines
//! and columns. The conversion happens in one place, from a [`LineIndex`]
//! kept per file, so no reader does line arithmetic and every caret is
//! computed the same way. The index covers only as much of the text as was
//! asked about: every entry's date and title are placed (for the notes that
//! may follow), they are in its front matter, and indexing the narrative
//! below them was ~3% of `check`'s work.

use std::cell::RefCell;

/// A range of bytes in a file's text (`end` exclusive; an empty span is a
/// point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ByteSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl ByteSpan {
    pub(crate) fn new(start: usize, end: usize) -> ByteSpan {
        ByteSpan {
            start,
            end: end.max(start),
        }
    }

    /// The span moved `by` bytes later (from a part of a file to the file).
    pub(crate) fn shift(self, by: usize) -> ByteSpan {
        ByteSpan::new(self.start + by, self.end + by)
    }
}

/// Where a span is, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// 1-based.
    pub(crate) line: usize,
    /// 1-based, in characters.
    pub(crate) column: usize,
    /// Characters the caret underlines (at least 1).
    pub(crate) len: usize,
    /// The line's text, without its line ending.
    pub(crate) source_line: String,
}

/// The byte offset at which each line of a text starts, as far as the
/// text was scanned.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// Bytes scanned: every line starting at or before this is in `starts`.
    scanned: usize,
}

impl LineIndex {
    /// The index of the whole of `text`.
    #[cfg(test)]
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut index = LineIndex::unscanned();
        index.cover(text, text.len());
        index
    }

    fn unscanned() -> LineIndex {
        LineIndex {
            starts: vec![0],
            scanned: 0,
        }
    }

    /// Scan `text` until the line holding byte `at` and where it ends are
    /// known (or the text ends).
    fn cover(&mut self, text: &str, at: usize) {
        let bytes = text.as_bytes();
        while self.scanned <= at && self.scanned < bytes.len() {
            match memchr::memchr(b'\n', &bytes[self.scanned..]) {
                Some(i) => {
                    self.scanned += i + 1;
                    self.starts.push(self.scanned);
                }
                None => self.scanned = bytes.len(),
            }
        }
    }

    /// Scan `text` until line `n` (as [`LineIndex::line_span`] reads it)
    /// and where it ends are known.
    fn cover_line(&mut self, text: &str, n: usize) {
        while self.starts.len() <= n.max(1) && self.scanned < text.len() {
            self.cover(text, self.scanned);
        }
    }

    /// The place of `span` in `text` (the text the index was built from).
    /// The place is kept inside the text: a span past the end of a line (at
    /// a `\r`, or at the end of the input) points just after the line's
    /// last character, and a caret never points outside the file.
    pub(crate) fn place(&self, text: &str, span: ByteSpan) -> Place {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        let line = self.starts.partition_point(|&s| s <= start).max(1);
        let line_start = self.starts[line - 1];
        let line_end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let source = text[line_start..line_end].trim_end_matches('\r');
        let width = source.chars().count();
        let start = start.min(line_start + source.len());
        let column = text[line_start..start].chars().count() + 1;
        let end = floor(span.end).clamp(start, line_start + source.len());
        let len = text[start..end].chars().count();
        Place {
            line,
            column,
            len: len.min(width + 1 - column).max(1),
            source_line: source.to_string(),
        }
    }

    /// The span of line `n` (1-based), without its line ending.
    pub(crate) fn line_span(&self, text: &str, n: usize) -> ByteSpan {
        let i = n.clamp(1, self.starts.len()) - 1;
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(text.len(), |&s| s - 1);
        let line = &text[start..end];
        ByteSpan::new(start, start + line.trim_end_matches('\r').len())
    }

    /// The line (1-based) holding byte `at`.
    pub(crate) fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }
}

/// A file's text with its path, and its line index as far as something in
/// it needed a place.
pub(crate) struct SourceText<'a> {
    pub(crate) path: &'a str,
    pub(crate) text: &'a str,
    index: RefCell<LineIndex>,
}

impl<'a> SourceText<'a> {
    pub(crate) fn new(path: &'a str, text: &'a str) -> SourceText<'a> {
        SourceText {
            path,
            text,
            index: RefCell::new(LineIndex::unscanned()),
        }
    }

    pub(crate) fn place(&self, span: ByteSpan) -> Place {
        let mut index = self.index.borrow_mut();
        index.cover(self.text, span.start);
        index.place(self.text, span)
    }

    /// The span of line `n` (1-based), without its line ending.
    pub(crate) fn line_span(&self, n: usize) -> ByteSpan {
        let mut index = self.index.borrow_mut();
        index.cover_line(self.text, n);
        index.line_span(self.text, n)
    }

    /// The line (1-based) holding byte `at`.
    pub(crate) fn line_of(&self, at: usize) -> usize {
        let mut index = self.index.borrow_mut();
        index.cover(self.text, at);
        index.line_of(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Asked in any order, the index scanned as far as needed gives
        /// what the whole file's index gives.
        #[test]
        fn a_partial_index_answers_as_the_whole_one(
            text in "[ab\r\né-]{0,40}",
            asks in proptest::collection::vec((0usize..3, 0usize..45, 0usize..6), 1..8),
        ) {
            let whole = LineIndex::new(&text);
            let src = SourceText::new("f", &text);
            for (what, at, len) in asks {
                match what {
                    0 => {
                        let span = ByteSpan::new(at, at + len);
                        proptest::prop_assert_eq!(src.place(span), whole.place(&text, span));
                    }
                    1 => proptest::prop_assert_eq!(
                        src.line_span(at % 12),
                        whole.line_span(&text, at % 12)
                    ),
                    _ => proptest::prop_assert_eq!(src.line_of(at), whole.line_of(at)),
                }
            }
        }
    }

    fn place(text: &str, start: usize, end: usize) -> (usize, usize, usize, String) {
        let p = LineIndex::new(text).place(text, ByteSpan::new(start, end));
        (p.line, p.column, p.len, p.source_line)
    }

    #[test]
    fn spans_become_lines_columns_and_carets() {
        let t = "ab\ncdé\r\nfg";
        assert_eq!(place(t, 0, 2), (1, 1, 2, "ab".into()));
        assert_eq!(place(t, 3, 4), (2, 1, 1, "cdé".into()));
        // Columns count characters, not bytes.
        assert_eq!(place(t, 5, 7), (2, 3, 1, "cdé".into()));
        // At the `\r`: just after the line's last character.
        assert_eq!(place(t, 7, 8), (2, 4, 1, "cdé".into()));
        assert_eq!(place(t, 9, 11), (3, 1, 2, "fg".into()));
        // Past the end of the file: its last line, after its end.
        assert_eq!(place(t, 50, 60), (3, 3, 1, "fg".into()));
        // Inside a multi-byte character: its start.
        assert_eq!(place(t, 6, 6), (2, 3, 1, "cdé".into()));
        // A span running past its line is cut at the line's end.
        assert_eq!(place(t, 0, 10), (1, 1, 2, "ab".into()));
    }

    #[test]
    fn empty_text_and_lone_cr() {
        assert_eq!(place("", 0, 0), (1, 1, 1, String::new()));
        // A lone `\r` does not end a line (as in editors and git).
        assert_eq!(place("a\rb\nc", 2, 3), (1, 3, 1, "a\rb".into()));
    }

    #[test]
    fn line_spans() {
        let t = "---\r\nx: 1\n---\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_span(t, 1), ByteSpan::new(0, 3));
        assert_eq!(idx.line_span(t, 3), ByteSpan::new(10, 13));
        assert_eq!(idx.line_of(10), 3);
    }
}
