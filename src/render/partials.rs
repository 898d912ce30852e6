//! Templates that call each other: refused before rendering when they can
//! call themselves.
//!
//! Handlebars renders partials by recursion with no depth limit, so a user
//! template whose partials call each other (or an inline partial that calls
//! itself) would exhaust the stack, taking gigabytes on the way. The calls
//! are read from the template text (`{{> name}}`, `{{#> name}}`, inline
//! partials `{{#*inline "name"}}…{{/inline}}`, and the `include` helper's
//! `{{include "name"}}`) and any cycle is an error naming it. A partial
//! chosen at render time (`{{> (expr)}}`, or an `include` of anything but a
//! quoted name) cannot be checked, so it is refused.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// One template or inline partial: its calls, and the line of each.
struct Node {
    template: String,
    calls: Vec<(String, usize)>,
}

/// The name called at `rest` (just after `>`), or why it cannot be read.
fn called_name(rest: &str) -> std::result::Result<String, &'static str> {
    let rest = rest.trim_start();
    if rest.starts_with('(') {
        return Err(
            "a partial named at render time (`{{> (…)}}`) cannot be checked for cycles; name it",
        );
    }
    let name: String = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].chars().take_while(|c| *c != q).collect(),
        _ => rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '}' && *c != '~')
            .collect(),
    };
    Ok(name)
}

/// The line of byte `at` in `text`. Bytes, not a string slice: in a main
/// body with its inline partials cut out, `at` is approximate and may fall
/// inside a character of `text`.
fn line_of(text: &str, at: usize) -> usize {
    let before = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// A call found in a template: the name called and its line (an
/// `include` resolves as `{{> name}}` does).
type Call = (String, usize);

/// The calls in `text` (a template or inline body starting at `base`).
fn calls(template: &str, full: &str, text: &str, base: usize) -> Result<Vec<Call>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let at = from + i + 2;
        from = at;
        let tag = text[at..].trim_start_matches('~').trim_start();
        let partial = tag.strip_prefix("#>").or_else(|| tag.strip_prefix('>'));
        let include = tag
            .strip_prefix("include")
            .filter(|r| r.starts_with(char::is_whitespace));
        if partial.is_none() && include.is_none() {
            continue;
        }
        let line = line_of(full, base + at);
        let refused = |m: &str| Error::Template {
            name: template.to_string(),
            line: Some(line),
            message: m.to_string(),
        };
        let name = match (partial, include) {
            (Some(rest), _) => called_name(rest).map_err(refused)?,
            (None, Some(rest)) if rest.trim_start().starts_with(['"', '\'']) => {
                called_name(rest).map_err(refused)?
            }
            _ => return Err(refused("`include` takes a template's name in quotes")),
        };
        if !name.starts_with('@') {
            out.push((name, line));
        }
    }
    Ok(out)
}

/// The first tag `{{word` at or after `from`, allowing whitespace control
/// (`{{~word`): its start, and the end of `word`.
fn find_tag(text: &str, from: usize, word: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find("{{") {
        let start = at + i;
        let rest = &text[start + 2..];
        let body = rest.strip_prefix('~').unwrap_or(rest);
        let skipped = rest.len() - body.len();
        if body.starts_with(word) {
            return Some((start, start + 2 + skipped + word.len()));
        }
        at = start + 2;
    }
    None
}

/// Split a template into its main body and its inline partials.
fn nodes(name: &str, text: &str) -> Result<BTreeMap<String, Node>> {
    let mut out = BTreeMap::new();
    let mut main = String::new();
    let mut inline_spans = Vec::new();
    let mut from = 0;
    while let Some((start, open_end)) = find_tag(text, from, "#*inline") {
        let head_end = text[open_end..]
            .find("}}")
            .map_or(text.len(), |e| open_end + e + 2);
        let head = &text[open_end..head_end.saturating_sub(2).max(open_end)];
        let inline_name = called_name(head.trim_end_matches('~')).unwrap_or_default();
        let (end, close_end) =
            find_tag(text, head_end, "/inline").map_or((text.len(), text.len()), |(s, e)| {
                let close = text[e..].find("}}").map_or(text.len(), |c| e + c + 2);
                (s, close)
            });
        inline_spans.push((inline_name, head_end, end));
        main.push_str(&text[from..start]);
        from = close_end.min(text.len());
    }
    main.push_str(&text[from.min(text.len())..]);
    let inline: Vec<String> = inline_spans.iter().map(|(n, _, _)| n.clone()).collect();
    // A call resolves to an inline partial of the same template first.
    let resolve = |calls: Vec<Call>| -> Vec<(String, usize)> {
        calls
            .into_iter()
            .map(|(c, l)| match inline.contains(&c) {
                true => (format!("{name}#{c}"), l),
                false => (c, l),
            })
            .collect()
    };
    for (iname, s, e) in &inline_spans {
        let node = Node {
            template: name.to_string(),
            calls: resolve(calls(name, text, &text[*s..*e], *s)?),
        };
        out.insert(format!("{name}#{iname}"), node);
    }
    // Line numbers in the main body are approximate once inline bodies are
    // cut out; they still name the template.
    let node = Node {
        template: name.to_string(),
        calls: resolve(calls(name, text, &main, 0)?),
    };
    out.insert(name.to_string(), node);
    Ok(out)
}

/// How deep `{{#each}}` blocks may nest in one template. Each level
/// multiplies the work by the length of a list (entries, competencies,
/// people), and a loop that writes nothing is not stopped by the output
/// limit; the default templates nest three deep.
pub(super) const MAX_EACH_DEPTH: usize = 4;

/// Refuse a template whose `{{#each}}` blocks nest deeper than
/// [`MAX_EACH_DEPTH`], naming the line where the limit is passed.
fn each_depth(name: &str, text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let at = from + i + 2;
        from = at;
        let tag = text[at..].trim_start_matches('~').trim_start();
        if tag
            .strip_prefix("#each")
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()))
        {
            depth += 1;
            if depth > MAX_EACH_DEPTH {
                return Err(Error::Template {
                    name: name.to_string(),
                    line: Some(line_of(text, at)),
                    message: format!(
                        "`{{{{#each}}}}` blocks nest {depth} deep here; at most {MAX_EACH_DEPTH} are allowed (each level multiplies the work by a list's length)"
                    ),
                });
            }
        } else if tag.strip_prefix("/each").is_some() {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// Refuse templates whose partials can call themselves.
pub(super) fn check(templates: &BTreeMap<String, String>) -> Result<()> {
    let mut graph = BTreeMap::new();
    for (name, text) in templates {
        each_depth(name, text)?;
        graph.extend(nodes(name, text)?);
    }
    // Depth-first search with colours: 1 on the path, 2 done.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    for start in graph.keys() {
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        if colour.contains_key(start.as_str()) {
            continue;
        }
        colour.insert(start, 1);
        while let Some((node, next)) = stack.last().copied() {
            let calls = graph.get(node).map_or(&[][..], |n| &n.calls[..]);
            let Some((callee, line)) = calls.get(next) else {
                colour.insert(node, 2);
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some((key, _)) = graph.get_key_value(callee.as_str()) else {
                continue; // not a template: handlebars reports it
            };
            match colour.get(key.as_str()) {
                Some(1) => {
                    let mut cycle: Vec<&str> = stack.iter().map(|(n, _)| *n).collect();
                    let from = cycle.iter().position(|n| *n == key).unwrap_or(0);
                    cycle.drain(..from);
                    cycle.push(key);
                    return Err(Error::Template {
                        name: graph[node].template.clone(),
                        line: Some(*line),
                        message: format!(
                            "partials call each other in a cycle: {}",
                            cycle.join(" → ")
                        ),
                    });
                }
                Some(_) => {}
                None => {
                    colour.insert(key, 1);
                    stack.push((key, 0));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_all(files: &[(&str, &str)]) -> Result<()> {
        check(
            &files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    }

    #[test]
    fn each_blocks_nest_at_most_four_deep() {
        let nest = |n: usize| "{{#each a}}".repeat(n) + &"{{/each}}".repeat(n);
        assert!(each_depth("t", &nest(4)).is_ok());
        assert!(
            each_depth("t", &(nest(4) + &nest(4))).is_ok(),
            "siblings do not add up"
        );
        let e = each_depth("t", &format!("x\n{}", nest(5)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("5 deep") && e.contains('t'), "{e}");
        assert!(each_depth(
            "t",
            "{{~#each a~}}{{~#each b}}{{#each c}}{{#each d}}{{#each e}}"
        )
        .is_err());
        assert!(each_depth("t", "{{#eachx}}{{#eachx}}{{#eachx}}{{#eachx}}{{#eachx}}").is_ok());
        for (_, text) in super::super::templates::DEFAULTS {
            assert!(each_depth("default", text).is_ok());
        }
    }

    #[test]
    fn cycles_are_refused_and_trees_accepted() {
        let table: [(Files, Option<&str>); 9] = [
            (
                &[("a.hbs", "{{~#*inline \"r\"~}}x{{~/inline~}}{{> r}}")],
                None,
            ),
            (
                &[("a.hbs", "{{#*inline \"r\"}}{{> r}}{{/inline~}}{{> r}}")],
                Some("a.hbs#r → a.hbs#r"),
            ),
            (&[("a.hbs", "{{> b.hbs}}"), ("b.hbs", "x")], None),
            (
                &[("a.hbs", "{{> b.hbs}}"), ("b.hbs", "{{> a.hbs}}")],
                Some("a.hbs → b.hbs → a.hbs"),
            ),
            (&[("a.hbs", "line\n{{> a.hbs}}")], Some("a.hbs → a.hbs")),
            (
                &[("a.hbs", "{{#*inline \"r\"}}{{> r}}{{/inline}}{{> r}}")],
                Some("a.hbs#r → a.hbs#r"),
            ),
            (
                &[("a.hbs", "{{#*inline \"r\"}}x{{/inline}}{{> r}}{{> r}}")],
                None,
            ),
            (
                &[
                    ("a.hbs", "{{#> b.hbs}}{{> @partial-block}}{{/b.hbs}}"),
                    ("b.hbs", "{{> @partial-block}}"),
                ],
                None,
            ),
            (
                &[
                    ("a.hbs", "{{~> \"b.hbs\" x=1}}"),
                    ("b.hbs", "{{> c.hbs}}"),
                    ("c.hbs", "{{> a.hbs}}"),
                ],
                Some("a.hbs → b.hbs → c.hbs → a.hbs"),
            ),
        ];
        expect_cycles(&table);
    }

    type Files<'a> = &'a [(&'a str, &'a str)];

    /// Each set of files checked: no error, or the cycle named.
    fn expect_cycles(table: &[(Files, Option<&str>)]) {
        for (files, cycle) in table {
            match (check_all(files), cycle) {
                (Ok(()), None) => {}
                (Err(Error::Template { message, .. }), Some(c)) => {
                    assert!(message.ends_with(c), "{files:?}: {message}")
                }
                (other, _) => panic!("{files:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn includes_are_calls_like_partials() {
        let table: [(Files, Option<&str>); 4] = [
            (
                &[
                    ("a.hbs", "{{include \"b.hbs\"}}"),
                    ("b.hbs", "{{~include 'a.hbs'}}"),
                ],
                Some("a.hbs → b.hbs → a.hbs"),
            ),
            // `include` finds an inline partial first, as `{{> …}}` does.
            (
                &[
                    (
                        "a.hbs",
                        "{{#*inline \"b.hbs\"}}x{{/inline}}{{include \"b.hbs\"}}",
                    ),
                    ("b.hbs", "{{> a.hbs}}"),
                ],
                None,
            ),
            (
                &[(
                    "a.hbs",
                    "{{#*inline \"r\"}}{{include \"r\"}}{{/inline}}{{include \"r\"}}",
                )],
                Some("a.hbs#r → a.hbs#r"),
            ),
            (
                &[
                    ("a.hbs", "{{include \"b.hbs\"}}{{include \"b.hbs\"}}"),
                    ("b.hbs", "x"),
                ],
                None,
            ),
        ];
        expect_cycles(&table);
    }

    #[test]
    fn partials_named_at_render_time_are_refused() {
        for text in [
            "x\n{{> (lookup this \"p\")}}",
            "x\n{{include (lookup this \"p\")}}",
            "x\n{{include name}}",
        ] {
            let e = check_all(&[("a.hbs", text)]).unwrap_err();
            assert!(
                matches!(e, Error::Template { line: Some(2), .. }),
                "{text}: {e:?}"
            );
        }
        // A call after an inline partial with characters of several bytes:
        // its line is counted without slicing inside one (it panicked).
        let t = "{{#*inline \"p\"}}——————{{/inline}}aaaaaaaaaaaaaaaaaa{{> q}}";
        assert!(check_all(&[("a.hbs", t), ("q", "x")]).is_ok());
        // A field that merely starts with the word is not a call.
        assert!(check_all(&[("a.hbs", "{{includes}} {{include_x}}")]).is_ok());
    }
}
