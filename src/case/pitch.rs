//! `pitch.md`: the candidate's own words on how they already operate at
//! the next level. Optional; the brief opens with it. `init` writes the
//! guide's three prompts into it as HTML comments, so a pitch nobody has
//! written yet shows nothing rather than the prompts.

/// The file's name, at the case's root.
pub const PITCH_FILE: &str = "pitch.md";

/// The pitch's text without HTML comments; `None` when nothing but
/// headings and blank lines is left.
pub fn read(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        // An unclosed comment runs to the end, as in HTML.
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    let has_words = lines
        .iter()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if !has_words {
        return None;
    }
    // Runs of blank lines left by removed comments become one.
    let mut text = String::new();
    for l in lines {
        if l.is_empty() && (text.is_empty() || text.ends_with("\n\n")) {
            continue;
        }
        text.push_str(l);
        text.push('\n');
    }
    Some(text.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn comments_and_empty_pitches() {
        let table = [
            ("", None),
            (
                "<!-- prompt -->\n## Heading\n<!-- another\nline -->\n",
                None,
            ),
            ("## Impact\n\nI led it.\n", Some("## Impact\n\nI led it.")),
            (
                "<!-- a -->\n\n\n## Impact\n<!-- b -->\n\nI led it.<!-- c",
                Some("## Impact\n\nI led it."),
            ),
            ("text with --> stray end", Some("text with --> stray end")),
        ];
        for (input, want) in table {
            assert_eq!(read(input).as_deref(), want, "{input:?}");
        }
    }
}
