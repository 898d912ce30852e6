//! A brief's top-level elements rendered on every core.
//!
//! Handlebars renders a template on one thread, element after element. The
//! default briefs are a short main template that includes its sections at
//! its top level (`{{include "brief.md.evidence.hbs"}}`); at 10,000 entries
//! they write 5 MB, which took Handlebars about 40 ms on one core while the
//! other waited. Everything at the top level of the main template, and at
//! the top level of a section included there, renders with the brief itself
//! as its context, and nothing one such element writes changes what
//! another writes: so the elements (the sections' own, in place of their
//! `include`) are rendered at once on all cores, then written in order. The
//! same bytes as rendering in one go.
//!
//! Only what is certainly the same is split. A section is
//! `{{include "name"}}` with one quoted name and escaping on (not
//! `{{{ }}}`). Inline partials (`{{#*inline}}`, which the default main
//! templates define for their sections' links) are taken along: each
//! element is rendered after the inline partials defined above it at the
//! top level, as it would be in one go. An inline partial defined anywhere
//! else (inside a block) could be defined or not depending on the data, so
//! such templates are rendered in one go. When any element fails (an
//! error, or output over the limit) the template is rendered again in one
//! go, so an error names the template and line it always did.

use super::templates::Bounded;
use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{Context, Handlebars, RenderContext, RenderError, Renderable, Template};
use rayon::prelude::*;

/// How deep sections included in sections are opened (cycles are refused
/// before rendering, `partials.rs`; this is a second bound).
const MAX_DEPTH: usize = 4;

/// One element at the top level of the brief, its template, and how many
/// of the inline partials defined at the top level come before it.
struct Unit<'a> {
    template: &'a Template,
    element: &'a TemplateElement,
    after: usize,
}

/// The brief's top level, flattened: its elements, and its inline partial
/// definitions in order (with their names).
#[derive(Default)]
struct Flat<'a> {
    units: Vec<Unit<'a>>,
    partials: Vec<(&'a str, &'a TemplateElement)>,
}

/// Render template `name` into `out`, its top-level elements at once.
pub(super) fn render(
    hb: &Handlebars<'_>,
    name: &str,
    ctx: &Context,
    out: &mut Bounded<'_>,
) -> Result<(), RenderError> {
    let parts = hb
        .get_template(name)
        .and_then(|main| Flat::of(hb, main)?.render(hb, main, ctx));
    match parts {
        Some(parts) => parts
            .iter()
            .try_for_each(|p| std::io::Write::write_all(out, p).map_err(RenderError::from)),
        None => hb.render_with_context_to_write(name, ctx, out),
    }
}

impl<'a> Flat<'a> {
    /// The top level of `main`, or `None` when it must render in one go.
    fn of(hb: &'a Handlebars<'_>, main: &'a Template) -> Option<Flat<'a>> {
        let mut flat = Flat::default();
        flat.add(hb, main, 0)?;
        Some(flat)
    }

    /// The top-level elements of `t`, each included section's in its
    /// place; `None` when an inline partial is defined below the top level.
    fn add(&mut self, hb: &'a Handlebars<'_>, t: &'a Template, depth: usize) -> Option<()> {
        for element in &t.elements {
            if let Some(name) = inline_partial(element) {
                self.partials.push((name?, element));
                continue;
            }
            if defines_partials(std::slice::from_ref(element)) {
                return None;
            }
            // An inline partial of the section's name is what `include`
            // finds first: that include is an element like any other.
            let shadowed = |s: &str| self.partials.iter().any(|(n, _)| *n == s);
            match section(element)
                .filter(|s| !shadowed(s))
                .and_then(|s| hb.get_template(s))
            {
                Some(s) if depth < MAX_DEPTH => self.add(hb, s, depth + 1)?,
                _ => self.units.push(Unit {
                    template: t,
                    element,
                    after: self.partials.len(),
                }),
            }
        }
        Some(())
    }

    /// Each unit's output, rendered on all cores; `None` if one fails or
    /// all of them pass the limit.
    fn render(&self, hb: &Handlebars<'_>, main: &Template, ctx: &Context) -> Option<Vec<Vec<u8>>> {
        // All the units together write at most the limit: a template that
        // repeats itself stops as soon in pieces as in one go.
        let together = std::sync::atomic::AtomicUsize::new(0);
        self.units
            .par_iter()
            .map(|u| {
                let mut rc = RenderContext::new(main.name.as_ref());
                let mut out = Bounded::sharing(&together);
                let mut output = handlebars::WriteOutput::new(&mut out);
                // Defining an inline partial writes nothing.
                for (_, p) in &self.partials[..u.after] {
                    p.render(hb, ctx, &mut rc, &mut output).ok()?;
                }
                rc.set_current_template_name(u.template.name.as_ref());
                u.element.render(hb, ctx, &mut rc, &mut output).ok()?;
                Some(out.into_bytes())
            })
            .collect()
    }
}

/// The section an element includes, when it can be opened in place.
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

/// For an inline partial's definition (`{{#*inline "name"}}`), its name;
/// `Some(None)` for any other decorator, whose effect is not known here.
fn inline_partial(element: &TemplateElement) -> Option<Option<&str>> {
    let (TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d)) = element
    else {
        return None;
    };
    let is_inline = matches!(&d.name, Parameter::Name(n) if n == "inline");
    Some(match d.params.as_slice() {
        [Parameter::Literal(serde_json::Value::String(s))] if is_inline => Some(s.as_str()),
        _ => None,
    })
}

/// Whether `elements` define an inline partial anywhere (a decorator).
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

#[cfg(test)]
mod tests {
    use super::super::templates::{registry, Bounded, Flavor};
    use std::collections::BTreeMap;

    /// What rendering `main` gives, split and in one go: the bytes, or the
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
        let run = |split: bool| {
            let mut out = Bounded::new(0);
            let done = match split {
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

    const A: (&str, &str) = (
        "a",
        "A {{title}} {{tag}}\n{{#each items}}- {{n}}\n{{/each}}",
    );
    const B: (&str, &str) = ("b", "B{{include \"c\"}}");
    const C: (&str, &str) = ("c", "[{{title}}]");
    /// Main templates and their sections.
    const TABLE: &[(&str, &[(&str, &str)])] = &[
        (
            "start\n{{include \"a\"}}\nmid {{include \"b\"}} end\n",
            &[A, B, C],
        ),
        // The same section twice, and one under a block: each in place.
        (
            "{{include \"a\"}}{{include \"a\"}}{{#each items}}{{include \"c\"}}{{/each}}",
            &[A, C],
        ),
        // Escaping off for the whole section: not split.
        ("{{{include \"a\"}}}|{{include \"a\"}}", &[A]),
        // An inline partial in the main template that a section calls.
        (
            "{{#*inline \"c\"}}inline{{/inline}}{{include \"b\"}}",
            &[B, C],
        ),
        (
            "{{#if title}}{{#*inline \"c\"}}x{{/inline}}{{/if}}{{include \"b\"}}",
            &[B, C],
        ),
        // A section's inline partial, called by the next section.
        (
            "{{include \"d\"}}{{include \"e\"}}",
            &[
                C,
                ("d", "{{#*inline \"c\"}}P{{/inline}}d"),
                ("e", "{{include \"c\"}}"),
            ],
        ),
        // Defined after a first use; a section's own name taken by one.
        (
            "{{include \"b\"}}{{#*inline \"c\"}}late{{/inline}}{{include \"b\"}}",
            &[B, C],
        ),
        ("{{#*inline \"a\"}}mine{{/inline}}{{include \"a\"}}", &[A]),
        // Errors: a missing value in a section, a section not there.
        ("ok\n{{include \"bad\"}}\n", &[("bad", "line\n{{nope}}")]),
        ("ok\n\n{{include \"absent\"}}", &[]),
        ("{{include \"a\"}}\n{{missing}}", &[A]),
    ];

    #[test]
    fn split_rendering_gives_what_one_go_gives() {
        let table = TABLE;
        for (main, sections) in table {
            let [split, one_go] = both(main, sections);
            assert_eq!(split, one_go, "{main}");
        }
        let [ok, _] = both(table[0].0, table[0].1);
        let [late, _] = both(table[6].0, table[6].1);
        assert_eq!(late.unwrap(), "B[T]Blate", "what those are");
        assert_eq!(
            ok.unwrap(),
            "start\nA T &lt;b&gt;\n- 1\n- 2\n\nmid B[T] end\n"
        );
    }

    #[test]
    fn the_default_briefs_are_rendered_section_by_section() {
        // What the speed-up rests on: the default main templates (inline
        // partials at their top) are split, down into their sections.
        for (flavor, main) in [
            (Flavor::Markdown, "brief.md.hbs"),
            (Flavor::Html, "brief.html.hbs"),
        ] {
            let hb = registry(flavor, &BTreeMap::new()).unwrap();
            let flat = super::Flat::of(&hb, hb.get_template(main).unwrap()).expect(main);
            let from: std::collections::BTreeSet<_> = flat
                .units
                .iter()
                .filter_map(|u| u.template.name.as_deref())
                .collect();
            let end = main.replace(".hbs", ".end.hbs");
            assert!(from.contains(end.as_str()), "{main}: {from:?}");
            assert!(flat.partials.iter().any(|(n, _)| *n == "entry_link"));
        }
    }

    #[test]
    fn the_example_brief_comes_from_the_split_not_the_fallback() {
        // Equal bytes alone would not show it: a failure in the split falls back
        // to one go. Here the split itself must give the brief.
        use crate::pipeline::{render_brief, BriefOutput, BriefRequest};
        let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera");
        for audience in [
            crate::readiness::Audience::Myself,
            crate::readiness::Audience::Shareable,
        ] {
            let req = BriefRequest {
                case: &case,
                rev: None,
                as_of: None,
                audience,
                since: None,
                forecast: None,
                templates: None,
                output: BriefOutput::Html,
                allow_errors: false,
            };
            let (mut brief, bytes) = render_brief(&req).unwrap().rendered.unwrap();
            let hb = registry(Flavor::Html, &BTreeMap::new()).unwrap();
            let main = hb.get_template("brief.html.hbs").unwrap();
            let ctx = handlebars::Context::from(crate::render::brief_value(&mut brief).unwrap());
            let parts = super::Flat::of(&hb, main).unwrap().render(&hb, main, &ctx);
            assert_eq!(parts.expect("rendered split").concat(), bytes);
        }
    }
}
