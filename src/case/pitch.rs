//! `pitch.md`: the candidate's own words on how they already operate at
//! the next level. Optional; the brief opens with it. `init` writes the
//! guide's three prompts into it as HTML comments, so a pitch nobody has
//! written yet shows nothing rather than the prompts.
//!
//! Like every other file of the case it may start with front matter, whose
//! one field is `visibility` (default `manager`): a pitch names gaps and
//! ambitions, so it is not for every reader unless its author says so.

use super::document::{self, Document};
use super::fields::Fields;
use super::kinds::feedback::VISIBILITY;
use super::Visibility;
use crate::diagnostic::Diagnostic;

/// The file's name, at the case's root.
pub(crate) const PITCH_FILE: &str = "pitch.md";
/// The committee's pitch: the shareable version's, whatever `pitch.md`'s
/// visibility. Always shareable, so its front matter names no visibility.
pub(crate) const SHAREABLE_PITCH_FILE: &str = "pitch.shareable.md";

/// The candidate's words and who may read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Pitch {
    pub(crate) text: String,
    pub visibility: Visibility,
    /// `pitch.md` or `pitch.shareable.md` (or either sealed).
    pub(crate) path: String,
}

/// `pitch-names-hidden`: the title of each entry the pitch names (ignoring
/// case) that the readers of the pitch may not see: the pitch would tell
/// them what the entry's visibility keeps from them. Titles under 12
/// characters are passed over (short words match by chance).
pub(crate) fn names_hidden(
    p: &Pitch,
    evidence: &[std::sync::Arc<super::Evidence>],
) -> Vec<Diagnostic> {
    let reader = match p.visibility {
        Visibility::Private => return Vec::new(),
        Visibility::Manager => crate::readiness::Audience::Manager,
        Visibility::Shareable => crate::readiness::Audience::Shareable,
    };
    let text = p.text.to_lowercase();
    let hidden = evidence.iter().filter(|e| !reader.sees(e.visibility));
    let named =
        hidden.filter(|e| e.title.chars().count() >= 12 && text.contains(&e.title.to_lowercase()));
    let say = |e: &std::sync::Arc<super::Evidence>| {
        let m =
            crate::diagnostic::catalogue::pitch_names_hidden(&e.title, e.visibility, p.visibility);
        Diagnostic::file(&p.path, m)
    };
    named.map(say).collect()
}

/// Read a pitch: its front matter (when it starts with `---`) for
/// `visibility`, then its words. `None` when it says nothing or its front
/// matter has an error (reported: the pitch is then shown to no one).
/// `pitch.shareable.md` is shareable by its name: `visibility` there is an
/// unknown field.
pub(crate) fn read(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Pitch> {
    let committee = path.trim_end_matches(crate::seal::SEALED) == SHAREABLE_PITCH_FILE;
    let named = committee.then_some(Visibility::Shareable);
    if !text.trim_start_matches('\u{feff}').starts_with("---") {
        let text = words(text)?;
        return Some(Pitch {
            text,
            visibility: named.unwrap_or_default(),
            path: path.to_string(),
        });
    }
    let doc = Document::parse(text.as_bytes());
    let opened = match document::open(path, &doc, "a pitch with front matter") {
        Ok(o) => o,
        Err(d) => {
            diagnostics.push(*d);
            return None;
        }
    };
    let start = diagnostics.len();
    let mut f = Fields::of(&opened, diagnostics);
    let fields: &[_] = if committee { &[] } else { &[VISIBILITY] };
    f.unknown_fields(fields);
    let visibility = named.or_else(|| f.word::<Visibility>(&VISIBILITY, None));
    if crate::diagnostic::has_errors(&diagnostics[start..]) {
        return None;
    }
    let text = words(opened.body)?;
    Some(Pitch {
        text,
        visibility: visibility.unwrap_or_default(),
        path: path.to_string(),
    })
}

/// The pitch's text without HTML comments; `None` when nothing but
/// headings and blank lines is left.
fn words(text: &str) -> Option<String> {
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
    use super::words as read;

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

#[cfg(test)]
mod front_matter_tests {
    use super::*;

    #[test]
    fn visibility_from_front_matter_default_manager() {
        let table = [
            ("I led it.\n", Some(("I led it.", Visibility::Manager))),
            (
                "---\nvisibility: shareable\n---\nI led it.\n",
                Some(("I led it.", Visibility::Shareable)),
            ),
            ("---\nvisibility: private\n---\n<!-- only -->\n", None),
            (
                "---\nvisibility: private\n---\nDraft.\n",
                Some(("Draft.", Visibility::Private)),
            ),
        ];
        for (text, want) in table {
            let mut d = Vec::new();
            let got = read(PITCH_FILE, text, &mut d);
            assert!(d.is_empty(), "{text:?}: {d:#?}");
            assert_eq!(
                got.as_ref().map(|p| (p.text.as_str(), p.visibility)),
                want,
                "{text:?}"
            );
        }
        // A mistake is reported at its line, and nobody is shown the pitch.
        for bad in [
            "---\nvisibility: everyone\n---\nx\n",
            "---\naudience: all\n---\nx\n",
            "---\nvisibility: [\n",
        ] {
            let mut d = Vec::new();
            assert_eq!(read(PITCH_FILE, bad, &mut d), None, "{bad:?}");
            assert!(
                d.iter().any(|d| d.path == PITCH_FILE && d.line > 0),
                "{bad:?}: {d:#?}"
            );
        }
    }
}
