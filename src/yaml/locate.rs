//! Finding a value's place in YAML text by its path (`competencies[1]`).
//!
//! serde_yaml reports where a *syntax* error is, but not where a *value*
//! is. Diagnostics must point at the value at fault, so [`locate`] finds it
//! in the text itself. It understands the block and flow styles that front
//! matter and frameworks are written in; when it cannot find a value it
//! falls back to the nearest key it did find, so a caret is never pointed
//! at a wrong line.

use crate::diagnostic::ByteSpan;

/// One step of a path to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
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
pub(crate) fn locate(text: &str, path: &[Seg<'_>]) -> Option<ByteSpan> {
    Lines::of(text).locate(path)
}

/// A YAML text cut into lines once, for finding several values in it (an
/// evidence file's date and title are placed for every entry read).
pub(crate) struct Lines<'a>(Vec<Line<'a>>);

impl<'a> Lines<'a> {
    pub(crate) fn of(text: &'a str) -> Lines<'a> {
        Lines(lines(text))
    }

    /// [`locate`] in these lines.
    pub(crate) fn locate(&self, path: &[Seg<'_>]) -> Option<ByteSpan> {
        let ls = &self.0;
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
                Seg::Key(k) => find_key(ls, place, k),
                Seg::Index(i) => find_index(ls, place, *i),
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
        // Offsets come from byte arithmetic on the line; keep them on the
        // line (the caret's place keeps them on character boundaries).
        let start = p.start.min(line.text.len());
        let end = p.end.clamp(start, line.text.len());
        Some(ByteSpan::new(line.offset + start, line.offset + end))
    }
}

/// The place of the second top-level-or-nested occurrence of `key`.
pub(super) fn find_duplicate_key(text: &str, key: &str) -> Option<ByteSpan> {
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
