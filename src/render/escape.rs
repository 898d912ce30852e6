//! Every sink's escaping, in one place: user text (titles, ids, scopes,
//! paths, names, messages that quote them) goes through the function of the
//! sink it is written to, at the point it is written.
//!
//! | sink | function | what it stops |
//! |---|---|---|
//! | terminal, human text on stdout or stderr | [`terminal`] | a line break or control character in user text starting a line of its own (on a GitHub runner, a line `::error ...` is a workflow command) or moving the cursor |
//! | GitHub workflow commands | [`gh_escape`] | a value ending the command or adding a property |
//! | Markdown | [`md_escape`] | markup, table cells, raw HTML |
//! | HTML | [`html_escape`] | tags, attributes |
//! | CSV | [`super::csv`] | formulas, shifted columns |
//!
//! [`super::style::terminal_safe`] then guards a whole terminal output once
//! more against escape sequences (only promocase's own colours pass).

use std::borrow::Cow;

/// User text on one line of human output: line breaks, tabs and other
/// control characters (C0, DEL, C1, and the Unicode line and paragraph
/// separators) shown as escapes (`\n`, `\r`, `\t`, `\u{85}`), so the text
/// stays on its line and reads as what it is.
pub(crate) fn terminal(s: &str) -> Cow<'_, str> {
    let special = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !s.chars().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if special(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escape a workflow command's data (`%`, CR, LF) or property (also `:`, `,`).
pub(crate) fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Escape user text for Markdown: characters that would start markup, break
/// a table cell or inject HTML.
pub(crate) fn md_escape(s: &str) -> String {
    // Most titles, paths and names need nothing: copied whole.
    let special = |b: u8| {
        matches!(
            b,
            b'<' | b'>' | b'&' | b'|' | b'\\' | b'`' | b'*' | b'_' | b'[' | b']'
        )
    };
    if !any_byte(s, special) {
        return s.to_owned();
    }
    md_escape_each(s)
}

/// Whether any byte of `s` is `special`, or may start a control character
/// (C0 but tab, DEL, or 0xC2, which starts the C1 controls and a few other
/// characters): text with none needs no escaping and is copied whole. Every
/// byte is looked at (no early exit), which lets the compiler test many at
/// a time: titles by the thousand, narratives by the megabyte.
pub(crate) fn any_byte(s: &str, special: impl Fn(u8) -> bool) -> bool {
    let control = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xc2;
    s.bytes()
        .fold(false, |found, b| found | special(b) | control(b))
}

/// [`md_escape`], character by character.
fn md_escape_each(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            // `<` and `>` as entities, so no renderer sees a tag; `&` stays
            // itself ("Problem Solving & Decision Making") unless it would
            // start a character reference, which a renderer would decode.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if starts_entity(&s[i..]) => out.push_str("\\&"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() && c != '\t' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `s` (starting at `&`) reads as a character reference
/// (`&amp;`, `&#106;`, `&#x6A;`), which a Markdown renderer would decode.
fn starts_entity(s: &str) -> bool {
    let body: String = s[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && s[1 + body.len()..].starts_with(';')
}

/// Escape for HTML text and attribute values.
pub(crate) fn html_escape(s: &str) -> String {
    let special = |b: u8| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\'' | b'`' | b'=');
    if !any_byte(s, special) {
        return s.to_owned();
    }
    html_escape_each(s)
}

/// [`html_escape`], character by character.
fn html_escape_each(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick copy of text that needs nothing gives what escaping
        /// it character by character gives.
        #[test]
        fn the_quick_copy_is_the_escape(s in "[a-zé€ <>&|\\\\`*_\\[\\]\"'=#;\t\n\r\u{1}\u{7f}\u{85}\u{a0}\u{2028}]{0,12}") {
            proptest::prop_assert_eq!(md_escape(&s), md_escape_each(&s));
            proptest::prop_assert_eq!(html_escape(&s), html_escape_each(&s));
        }
    }

    #[test]
    fn plain_text_is_copied_and_the_rest_escaped() {
        assert_eq!(
            md_escape("Piece of work 12 (revision 0)"),
            "Piece of work 12 (revision 0)"
        );
        assert_eq!(md_escape("a_b"), "a\\_b");
        assert_eq!(
            md_escape("x\u{85}y"),
            "x\u{fffd}y",
            "a C1 control (0xC2 0x85)"
        );
        assert_eq!(md_escape("line\nbreak"), "line break");
        assert_eq!(html_escape("a=b"), "a&#x3D;b");
        assert_eq!(html_escape("tab\there"), "tab\there");
    }
}
