//! Templates that call each other: refused before rendering when they can
//! call themselves; `{{#each}}` blocks nested too deep refused too.
//!
//! Handlebars renders partials by recursion with no depth limit, so a user
//! template whose partials call each other (or an inline partial that calls
//! itself) would exhaust the stack, taking gigabytes on the way. The calls
//! (`{{> name}}`, `{{#> name}}`, inline partials `{{#*inline "name"}}…
//! {{/inline}}`, and the `include` helper's `{{include "name"}}`) are read
//! from the compiled templates, what Handlebars will run: a comment, a raw
//! block or an escaped `\{{` holds none (read from the text, they were once
//! taken for calls, and a valid template refused). Any cycle is an error
//! naming it. A partial chosen at render time (`{{> (expr)}}`, or an
//! `include` of anything but a quoted name) cannot be checked, so it is
//! refused. This module is also the one reader of what an `include` or an
//! inline partial's definition names (`split.rs` asks it).

use crate::error::{Error, Result};
use handlebars::template::{DecoratorTemplate, HelperTemplate, Parameter, TemplateElement};
use handlebars::{Handlebars, Path, Template};
use std::collections::BTreeMap;

/// One template or inline partial: its calls, and the line of each.
struct Node {
    template: String,
    calls: Vec<Call>,
}

/// A call found in a template: the name called and its line (an
/// `include` resolves as `{{> name}}` does).
type Call = (String, usize);

/// What an `{{include}}` names: `None` when `ht` is no call of `include`,
/// `Some(None)` when it names anything but a quoted name.
pub(super) fn included(ht: &HelperTemplate) -> Option<Option<&str>> {
    if !matches!(&ht.name, Parameter::Name(n) if n == "include") {
        return None;
    }
    Some(match ht.params.as_slice() {
        [Parameter::Literal(serde_json::Value::String(s))] => Some(s.as_str()),
        _ => None,
    })
}

/// For an inline partial's definition (`{{#*inline "name"}}`), its name;
/// `Some(None)` for any other decorator, whose effect is not known here.
pub(super) fn inline_partial(element: &TemplateElement) -> Option<Option<&str>> {
    let (TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d)) = element
    else {
        return None;
    };
    Some(inline_name(d))
}

/// The name an inline partial's definition gives; `None` for any other
/// decorator.
fn inline_name(d: &DecoratorTemplate) -> Option<&str> {
    let is_inline = matches!(&d.name, Parameter::Name(n) if n == "inline");
    match d.params.as_slice() {
        [Parameter::Literal(serde_json::Value::String(s))] if is_inline => Some(s.as_str()),
        _ => None,
    }
}

/// The name a partial is called by, as Handlebars finds it; `None` when it
/// is computed while rendering.
fn partial_name(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Name(n) => Some(n.clone()),
        Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw))) => Some(raw.clone()),
        Parameter::Literal(serde_json::Value::String(s)) => Some(s.clone()),
        Parameter::Literal(other) => Some(other.to_string()),
        _ => None,
    }
}

/// Inline partials by name, each with its calls.
type Inline = Vec<(String, Vec<Call>)>;

/// The calls in `t` (of the template `name`) added to `own`, and the inline
/// partials it defines (with theirs) to `inline`.
fn calls_in(name: &str, t: &Template, own: &mut Vec<Call>, inline: &mut Inline) -> Result<()> {
    for (i, element) in t.elements.iter().enumerate() {
        let line = t.mapping.get(i).map_or(1, |m| m.0);
        let refused = |m: &str| Error::Template {
            name: name.to_string(),
            line: Some(line),
            message: m.to_string(),
        };
        let bodies: [Option<&Template>; 2] = match element {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                let called = partial_name(&d.name).ok_or_else(|| {
                    refused("a partial named at render time (`{{> (…)}}`) cannot be checked for cycles; name it")
                })?;
                if !called.starts_with('@') {
                    own.push((called, line));
                }
                [d.template.as_ref(), None]
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d) => {
                if let (Some(iname), Some(body)) = (inline_name(d), &d.template) {
                    let mut mine = Vec::new();
                    calls_in(name, body, &mut mine, inline)?;
                    inline.push((iname.to_string(), mine));
                    continue;
                }
                [d.template.as_ref(), None]
            }
            TemplateElement::Expression(ht)
            | TemplateElement::HtmlExpression(ht)
            | TemplateElement::HelperBlock(ht) => {
                match included(ht) {
                    Some(Some(called)) => own.push((called.to_string(), line)),
                    Some(None) => {
                        return Err(refused("`include` takes a template's name in quotes"))
                    }
                    None => {}
                }
                [ht.template.as_ref(), ht.inverse.as_ref()]
            }
            // Text and comments call nothing.
            _ => continue,
        };
        for body in bodies.into_iter().flatten() {
            calls_in(name, body, own, inline)?;
        }
    }
    Ok(())
}

/// Template `name` as nodes: its own body, and each inline partial as
/// `name#partial`. A call resolves to an inline partial of the same
/// template first.
fn nodes(name: &str, t: &Template) -> Result<BTreeMap<String, Node>> {
    let (mut own, mut defined) = (Vec::new(), Inline::new());
    calls_in(name, t, &mut own, &mut defined)?;
    let inline: Vec<String> = defined.iter().map(|(n, _)| n.clone()).collect();
    let resolve = |calls: Vec<Call>| -> Vec<Call> {
        let local = |c: String| match inline.contains(&c) {
            true => format!("{name}#{c}"),
            false => c,
        };
        calls.into_iter().map(|(c, l)| (local(c), l)).collect()
    };
    let mut out = BTreeMap::new();
    for (iname, mine) in defined {
        let node = Node {
            template: name.to_string(),
            calls: resolve(mine),
        };
        out.insert(format!("{name}#{iname}"), node);
    }
    let node = Node {
        template: name.to_string(),
        calls: resolve(own),
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
/// [`MAX_EACH_DEPTH`] in `t` (at `depth` already), naming the line where
/// the limit is passed. Both branches of an `{{#each}}` count as inside it.
fn each_depth(name: &str, t: &Template, depth: usize) -> Result<()> {
    for (i, element) in t.elements.iter().enumerate() {
        let (bodies, here) = match element {
            TemplateElement::HelperBlock(ht) => {
                let each = matches!(&ht.name, Parameter::Name(n) if n == "each");
                (
                    [ht.template.as_ref(), ht.inverse.as_ref()],
                    depth + usize::from(each),
                )
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
                ([d.template.as_ref(), None], depth)
            }
            _ => continue,
        };
        if here > MAX_EACH_DEPTH {
            return Err(Error::Template {
                name: name.to_string(),
                line: Some(t.mapping.get(i).map_or(1, |m| m.0)),
                message: format!(
                    "`{{{{#each}}}}` blocks nest {here} deep here; at most {MAX_EACH_DEPTH} are allowed (each level multiplies the work by a list's length)"
                ),
            });
        }
        for body in bodies.into_iter().flatten() {
            each_depth(name, body, here)?;
        }
    }
    Ok(())
}

/// Refuse the templates of `hb` when partials can call themselves, or
/// `{{#each}}` blocks nest too deep.
pub(super) fn check(hb: &Handlebars<'_>) -> Result<()> {
    let templates: BTreeMap<&String, &Template> = hb.get_templates().iter().collect();
    let mut graph = BTreeMap::new();
    for (name, t) in templates {
        each_depth(name, t, 0)?;
        graph.extend(nodes(name, t)?);
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

    /// `files` compiled (each must) and checked together.
    fn check_all(files: &[(&str, &str)]) -> Result<()> {
        let mut hb = Handlebars::new();
        for (name, text) in files {
            hb.register_template_string(name, text)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        check(&hb)
    }

    fn depth_of(text: &str) -> Result<()> {
        let t = Template::compile(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        each_depth("t", &t, 0)
    }

    #[test]
    fn each_blocks_nest_at_most_four_deep() {
        let nest = |n: usize| "{{#each a}}".repeat(n) + &"{{/each}}".repeat(n);
        assert!(depth_of(&nest(4)).is_ok());
        assert!(
            depth_of(&(nest(4) + &nest(4))).is_ok(),
            "siblings do not add up"
        );
        let e = depth_of(&format!("x\n{}", nest(5))).unwrap_err();
        assert!(
            matches!(&e, Error::Template { line: Some(2), message, .. } if message.contains("5 deep")),
            "{e:?}"
        );
        let trimmed = "{{~#each a~}}{{~#each b}}{{#each c}}{{#each d}}{{#each e}}x";
        assert!(depth_of(&(trimmed.to_string() + &"{{/each}}".repeat(5))).is_err());
        let eachx = "{{#eachx}}".repeat(5) + &"{{/eachx}}".repeat(5);
        assert!(depth_of(&eachx).is_ok(), "only `each` counts");
        // The `{{else}}` of an `{{#each}}` is inside it; a block of another
        // helper, a partial block or an inline partial between adds nothing.
        let mixed = "{{#each a}}{{else}}{{#each b}}{{#if c}}{{#*inline \"p\"}}{{#each d}}{{#> q}}{{#each e}}{{#each f}}x{{/each}}{{/each}}{{/q}}{{/each}}{{/inline}}{{/if}}{{/each}}{{/each}}";
        assert!(depth_of(mixed).unwrap_err().to_string().contains("5 deep"));
        // What only looks like a block, in a comment or a raw block, is none.
        let quoted = format!(
            "{{{{!-- {} --}}}}{{{{{{{{raw}}}}}}}}{}{{{{{{{{/raw}}}}}}}}",
            nest(5),
            nest(5)
        );
        assert!(depth_of(&quoted).is_ok(), "{quoted}");
        for (name, text) in super::super::templates::DEFAULTS {
            let t = Template::compile(text).unwrap();
            assert!(each_depth(name, &t, 0).is_ok());
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
                    ("a.hbs", "{{~> b.hbs x=1}}"),
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
    fn what_only_looks_like_a_call_is_none() {
        // Read from the text, each of these was taken for a call of the
        // template itself, and a valid template refused.
        for text in [
            "{{!-- {{> a.hbs}} --}}x",
            "{{! {{include \"a.hbs\"}} }}x",
            "{{{{raw}}}}{{> a.hbs}}{{include \"a.hbs\"}}{{{{/raw}}}}",
            "\\{{> a.hbs}}",
        ] {
            assert!(check_all(&[("a.hbs", text)]).is_ok(), "{text}");
        }
        // A quoted partial name is looked up with its quotes by Handlebars:
        // not a call of the template named inside them.
        assert!(check_all(&[("a.hbs", "{{> 'a.hbs'}}")]).is_ok());
        // Calls in blocks and in a partial block's default are calls.
        for text in [
            "{{#if x}}{{else}}{{> a.hbs}}{{/if}}",
            "{{#> b.hbs}}{{include \"a.hbs\"}}{{/b.hbs}}",
            "{{#each xs}}{{{include \"a.hbs\"}}}{{/each}}",
        ] {
            let e = check_all(&[("a.hbs", text), ("b.hbs", "{{> @partial-block}}")]);
            assert!(
                matches!(&e, Err(Error::Template { message, .. }) if message.ends_with("a.hbs → a.hbs")),
                "{text}: {e:?}"
            );
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
