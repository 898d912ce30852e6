//! A template's top-level sections rendered on every core.
//!
//! Handlebars renders a template on one thread, element after element. The
//! default briefs are a short main template that includes its sections at
//! its top level (`{{include "brief.md.evidence.hbs"}}`); at 10,000 entries
//! those sections write 5 MB, which took Handlebars about 40 ms on one core
//! while the other waited. An include at the top level of the main template
//! renders with the brief itself as its context, and nothing one section
//! renders changes what another writes, so each such section is rendered
//! ahead, on its own thread, and the main template's elements are then
//! written in order with each section's output in its place: the same
//! bytes as rendering in one go.
//!
//! Only what is certainly the same is rendered ahead: `{{include "name"}}`
//! with one quoted name, escaping on (not `{{{ }}}`), in a main template
//! that defines no inline partials (which a section could call). A section
//! that fails ahead (an error, or output over the limit) is rendered in its
//! place instead, so errors name the same template and line as before.

use super::templates::{Bounded, MAX_RENDERED};
use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{Context, Handlebars, RenderContext, RenderError, Renderable, Template};
use rayon::prelude::*;

/// Render template `name` into `out`, its top-level sections ahead.
pub(super) fn render(
    hb: &Handlebars<'_>,
    name: &str,
    ctx: &Context,
    out: &mut Bounded,
) -> Result<(), RenderError> {
    let Some(main) = hb
        .get_template(name)
        .filter(|t| !defines_partials(&t.elements))
    else {
        return hb.render_with_context_to_write(name, ctx, out);
    };
    let mut names: Vec<&str> = main.elements.iter().filter_map(section).collect();
    names.sort_unstable();
    names.dedup();
    let mut ahead: Vec<(&str, Option<Vec<u8>>)> = names
        .par_iter()
        .map(|s| (*s, render_section(hb, main, s, ctx)))
        .collect();
    let mut output = handlebars::WriteOutput::new(out);
    let mut rc = RenderContext::new(main.name.as_ref());
    rc.set_current_template_name(main.name.as_ref());
    for (idx, element) in main.elements.iter().enumerate() {
        let done = section(element).and_then(|s| ahead.iter_mut().find(|(n, _)| *n == s));
        match done.and_then(|(_, bytes)| bytes.take()) {
            Some(bytes) => write_section(&bytes, &mut rc, &mut output)?,
            None => element
                .render(hb, ctx, &mut rc, &mut output)
                .map_err(|e| placed(e, main, idx))?,
        }
    }
    Ok(())
}

/// The section an element includes, when it can be rendered ahead.
fn section(element: &TemplateElement) -> Option<&str> {
    let TemplateElement::Expression(ht) = element else {
        return None;
    };
    let HelperTemplate {
        name, params, hash, ..
    } = ht.as_ref();
    let is_include = matches!(name, Parameter::Name(n) if n == "include");
    match params.as_slice() {
        [Parameter::Literal(serde_json::Value::String(s))] if is_include && hash.is_empty() => {
            Some(s)
        }
        _ => None,
    }
}

/// Whether `elements` define an inline partial anywhere (a decorator),
/// which an included section could call.
fn defines_partials(elements: &[TemplateElement]) -> bool {
    elements.iter().any(|e| match e {
        TemplateElement::DecoratorBlock(_) | TemplateElement::DecoratorExpression(_) => true,
        TemplateElement::HelperBlock(ht) => [&ht.template, &ht.inverse]
            .into_iter()
            .flatten()
            .any(|t| defines_partials(&t.elements)),
        TemplateElement::PartialBlock(d) => d
            .template
            .as_ref()
            .is_some_and(|t| defines_partials(&t.elements)),
        _ => false,
    })
}

/// Section `name` rendered as `{{include}}` renders it at the top level of
/// `main`; `None` when that fails (it is then rendered in its place).
fn render_section(
    hb: &Handlebars<'_>,
    main: &Template,
    name: &str,
    ctx: &Context,
) -> Option<Vec<u8>> {
    // No inline partial is in scope at the top level (`defines_partials`):
    // the name is a template, as `include` finds it there.
    let template = hb.get_template(name)?;
    let mut rc = RenderContext::new(main.name.as_ref());
    rc.set_current_template_name(template.name.as_ref());
    let mut out = Bounded::new(0);
    let mut output = handlebars::WriteOutput::new(&mut out);
    template.render(hb, ctx, &mut rc, &mut output).ok()?;
    Some(out.into_bytes()).filter(|b| b.len() <= MAX_RENDERED)
}

/// A section's output written in its place, leaving the render context as
/// Handlebars' own writing would (whether the output ended a line).
fn write_section(
    bytes: &[u8],
    rc: &mut RenderContext<'_, '_>,
    out: &mut dyn handlebars::Output,
) -> Result<(), RenderError> {
    if bytes.is_empty() {
        return Ok(());
    }
    // Templates and data are text: a section's bytes are UTF-8.
    out.write(&String::from_utf8_lossy(bytes))?;
    let ends_line = bytes.ends_with(b"\n");
    rc.set_content_produced(true);
    rc.set_trailing_newline(ends_line);
    rc.set_indent_before_write(ends_line);
    Ok(())
}

/// An error with the main template's name and line, as Handlebars places
/// an error in a template's element.
fn placed(mut e: RenderError, main: &Template, idx: usize) -> RenderError {
    if e.line_no.is_none() {
        if let Some(m) = main.mapping.get(idx) {
            e.line_no = Some(m.0);
            e.column_no = Some(m.1);
        }
    }
    if e.template_name.is_none() {
        e.template_name.clone_from(&main.name);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::super::templates::{registry, Bounded, Flavor};
    use std::collections::BTreeMap;

    /// What rendering `main` gives, ahead and in one go: the bytes, or the
    /// error's template, line and reason.
    fn both(main: &str, sections: &[(&str, &str)]) -> [Result<String, String>; 2] {
        let mut t: BTreeMap<String, String> = sections
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        t.insert("main".into(), main.into());
        let hb = registry(Flavor::Markdown, &t).expect("templates compile");
        let data = serde_json::json!({"title": "T", "items": [{"n": 1}, {"n": 2}], "tag": "<b>"});
        let ctx = handlebars::Context::from(data);
        let run = |ahead: bool| {
            let mut out = Bounded::new(0);
            let done = match ahead {
                true => super::render(&hb, "main", &ctx, &mut out),
                false => hb.render_with_context_to_write("main", &ctx, &mut out),
            };
            match done {
                Ok(()) => Ok(String::from_utf8(out.into_bytes()).unwrap()),
                Err(e) => Err(format!(
                    "{:?}:{:?}: {}",
                    e.template_name,
                    e.line_no,
                    e.reason()
                )),
            }
        };
        [run(true), run(false)]
    }

    #[test]
    fn sections_rendered_ahead_give_what_one_go_gives() {
        let a = (
            "a",
            "A {{title}} {{tag}}\n{{#each items}}- {{n}}\n{{/each}}",
        );
        let b = ("b", "B{{include \"c\"}}");
        let c = ("c", "[{{title}}]");
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "start\n{{include \"a\"}}\nmid {{include \"b\"}} end\n",
                &[a, b, c],
            ),
            // The same section twice, and one under a block: each in place.
            (
                "{{include \"a\"}}{{include \"a\"}}{{#each items}}{{include \"c\"}}{{/each}}",
                &[a, c],
            ),
            // Escaping off for the whole section: not ahead.
            ("{{{include \"a\"}}}|{{include \"a\"}}", &[a]),
            // An inline partial in the main template that a section calls.
            (
                "{{#*inline \"c\"}}inline{{/inline}}{{include \"b\"}}",
                &[b, c],
            ),
            (
                "{{#if title}}{{#*inline \"c\"}}x{{/inline}}{{/if}}{{include \"b\"}}",
                &[b, c],
            ),
            // Errors: a missing value in a section, a section not there.
            ("ok\n{{include \"bad\"}}\n", &[("bad", "line\n{{nope}}")]),
            ("ok\n\n{{include \"absent\"}}", &[]),
            ("{{include \"a\"}}\n{{missing}}", &[a]),
        ];
        for (main, sections) in table {
            let [ahead, one_go] = both(main, sections);
            assert_eq!(ahead, one_go, "{main}");
        }
        let [ok, _] = both(table[0].0, table[0].1);
        assert_eq!(
            ok.unwrap(),
            "start\nA T &lt;b&gt;\n- 1\n- 2\n\nmid B[T] end\n",
            "and what that is"
        );
    }
}
