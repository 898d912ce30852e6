//! A fast path for the front matter people actually write.
//!
//! Evidence front matter is a dozen lines of `key: value`, with a few
//! lists: `[a, b]` on one line, or `- item` lines under a key. Parsing that
//! with the full YAML parser (a scanner, an event list, then a visitor) was
//! a third of the time `check` spends on a large case. This module reads
//! only that shape, and only where its meaning is beyond doubt: it answers
//! `None` for anything else (a comment, an escape, a number, a word YAML
//! could read as a boolean or null, a multi-line scalar, a key given twice,
//! a tab, a carriage return), and the full parser takes the text as before.
//! So the fast path can make promocase faster, never different: a test
//! compares both parsers on every shape this accepts and on its near misses.

use super::{Mapping, Value};

/// The value of `text` when it is a mapping in the simple shape; `None`
/// when the full parser must decide.
pub(super) fn parse(text: &str) -> Option<Value> {
    let mut entries: Vec<(Value, Value)> = Vec::with_capacity(16);
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim_matches(' ').is_empty() {
            continue;
        }
        let (key, rest) = key_line(line)?;
        if entries
            .iter()
            .any(|(k, _)| matches!(k, Value::String(s) if s == key))
        {
            return None;
        }
        let rest = rest.trim_matches(' ');
        let value = if rest.is_empty() {
            block_list(&mut lines)?
        } else if let Some(inner) = rest.strip_prefix('[') {
            flow_list(inner.strip_suffix(']')?)?
        } else {
            Value::String(scalar(rest, false)?)
        };
        entries.push((Value::String(key.to_string()), value));
    }
    (!entries.is_empty()).then_some(Value::Mapping(Mapping(entries)))
}

/// `key:` at the start of a line, and what follows the colon (which must
/// be nothing or start with a space).
fn key_line(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let first = key.bytes().next()?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    // A YAML parser refuses an implicit key over 1024 characters.
    let short = key.len() <= 128;
    let plain_key = short && first.is_ascii_alphabetic() && key.bytes().all(word) && !special(key);
    (plain_key && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

/// The `- item` lines under a key with no value on its line; nothing when
/// the next line is another key (the value is then null).
fn block_list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(line) = lines.peek() {
        let trimmed = line.trim_start_matches(' ');
        let Some(item) = trimmed.strip_prefix("- ") else {
            // Another key (or a blank line) ends the list; anything else
            // indented (a continued scalar, a nested mapping) is not ours.
            if line.starts_with(' ') && !trimmed.is_empty() || trimmed == "-" {
                return None;
            }
            break;
        };
        let here = line.len() - trimmed.len();
        if *indent.get_or_insert(here) != here {
            return None;
        }
        items.push(Value::String(scalar(item.trim_matches(' '), false)?));
        lines.next();
    }
    Some(if items.is_empty() {
        Value::Null
    } else {
        Value::Sequence(items)
    })
}

/// The items of `[a, "b c"]` (the text between the brackets).
fn flow_list(inner: &str) -> Option<Value> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    let items = inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true).map(Value::String))
        .collect::<Option<Vec<_>>>()?;
    Some(Value::Sequence(items))
}

/// A scalar that is a string whatever YAML's rules for plain words: a
/// double-quoted string without escapes, or a plain scalar that starts with
/// a letter, a `/` or a `./` (or is a `YYYY-MM-DD` date) and cannot be read
/// as anything but text. `in_list`: inside `[...]`, where `,` ends an item.
fn scalar(s: &str, in_list: bool) -> Option<String> {
    if !s.chars().all(printable) {
        return None;
    }
    if let Some(inner) = s.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| inner.to_string());
    }
    let first = s.bytes().next()?;
    let path_like = first == b'/' || s.starts_with("./") || s.starts_with("../");
    let word_like = first.is_ascii_alphabetic() && !special(s) && s.parse::<f64>().is_err();
    let text_like = word_like || path_like;
    if !(text_like || is_date(s)) {
        return None;
    }
    let stops: &[char] = if in_list {
        &['#', ',', '[', ']', '{', '}', ':', '"', '\'']
    } else {
        &['#', ',', '[', ']', '{', '}']
    };
    let colon_space = s.contains(": ") || s.ends_with(':');
    (!s.contains(stops) && !colon_space).then(|| s.to_string())
}

/// Words a YAML parser may read as a boolean or null (under YAML 1.1 or
/// 1.2, in any case): never decided here.
fn special(s: &str) -> bool {
    const WORDS: [&str; 10] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Characters YAML takes as they are: no control characters (a tab is
/// left to the full parser too), no byte-order marks or non-characters,
/// none of the Unicode line breaks YAML also breaks lines at.
fn printable(c: char) -> bool {
    let odd = matches!(
        c,
        '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
    );
    !(c.is_control() || odd)
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Texts the fast path must read (and read as the full parser does).
    const READ: &[&str] = &[
        "date: 2026-01-28\ntitle: \"Ran Q1 planning\"\ncompetencies: [ambiguity-autonomy]\nscope: team\n",
        "a: [x, \"y z\", w]\nb: []\nc: [ ]\n",
        "links:\n  - https://wiki.example.com/a\n  - ./b.md\nrole: led\n",
        "links:\n- one\n- two\n",
        "links: [/abs/path, ../up.md]\n",
        "empty:\nnext: value\n",
        "empty:   \n\nnext: value with spaces   \n",
        "title: Alex's plan (Q1) - v2.0 / done!\n",
        "t: \"a: b # not a comment, [x]\"\n",
        "t: https://example.com/x?y=1&z=2\n",
        "k-ey_1: Value\n",
        "u: caf\u{e9} na\u{ef}ve \u{1f600}\n",
        "d: 2021-12-09\n",
        "last: x",
    ];

    /// Texts it must leave to the full parser (near misses of READ).
    const LEFT: &[&str] = &[
        "a: 1\n",
        "a: 1.5\n",
        "a: -3\n",
        "a: .inf\n",
        "a: inf\n",
        "a: NaN\n",
        "a: true\n",
        "a: No\n",
        "a: ~\n",
        "null: x\n",
        "a: x # comment\n",
        "a: \"x\\ny\"\n",
        "a: 'x'\n",
        "a: x\n  continued\n",
        "a: x\n\n  continued\n",
        "a:\n  - x\n    continued\n",
        "a:\n  - x\n - y\n",
        "a:\n  b: c\n",
        "a:\n  -\n",
        "a: [x, [y]]\n",
        "a: [x,]\n",
        "a: [x: y]\n",
        "a: [x\n",
        "a: x\na: y\n",
        "a: x: y\n",
        "a: x:\n",
        "a: \tx\n",
        "a: x\r\n",
        "a: &anchor x\n",
        "a: *alias\n",
        "a: !tag x\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: {b: c}\n",
        "a: \"unterminated\n",
        "a: \"x\" y\n",
        "a: 2026-1-28\n",
        "a: 0x1F\n",
        "a: .5\n",
        "a: .x\n",
        "- a\n",
        "a:b\n",
        "\"a\": x\n",
        "1: x\n",
        "",
        "   \n",
        "a: x\u{7}\n",
        "a: x\u{85}y\n",
        "a: x\u{2028}y\n",
        "a: [x\u{2029}y]\n",
        "a: \"x\u{feff}\"\n",
    ];

    fn full(text: &str) -> Result<super::Value, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_simple_shape_as_the_full_parser_does() {
        for text in READ {
            let fast = parse(text).unwrap_or_else(|| panic!("fast path refused {text:?}"));
            assert_eq!(Ok(fast), full(text), "{text:?}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for text in LEFT {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let long_key = format!("{}: x\n", "k".repeat(2000));
        assert!(full(&long_key).is_err());
        assert_eq!(parse(&long_key), None);
    }

    /// Lines put together at random from pieces that are and are not in
    /// the simple shape: wherever the fast path answers, it answers what
    /// the full parser does.
    #[test]
    fn agrees_with_the_full_parser_on_mixed_texts() {
        let pieces: Vec<&str> = READ
            .iter()
            .chain(LEFT)
            .flat_map(|t| t.split_inclusive('\n'))
            .chain(["key: v\n", "  - item\n", "- item\n", "\n", "other:\n"])
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..20_000 {
            let lines = 1 + next(6);
            let text: String = (0..lines).map(|_| pieces[next(pieces.len())]).collect();
            if let Some(fast) = parse(&text) {
                answered += 1;
                assert_eq!(Ok(fast), full(&text), "{text:?}");
            }
        }
        // The comparison means something only if the fast path answered
        // often enough.
        assert!(answered > 1_000, "{answered}");
    }
}
