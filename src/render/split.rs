//! A brief's top-level elements, and its long lists, rendered on every core.
//!
//! Handlebars renders a template on one thread, element after element. The
//! default briefs are a short main template that includes its sections at
//! its top level (`{{include "brief.md.evidence.hbs"}}`); at 10,000 entries
//! they write 5 MB, which took Handlebars about 40 ms on one core while the
//! other waited. Everything at the top level of the main template, and at
//! the top level of a section included there (or by such a section in
//! turn: the appendix, from `brief.md.end.hbs`), renders with the brief
//! itself as its context, and nothing one such element writes changes what
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
//!
//! One element could still hold most of the brief: the appendix's entries
//! in full (4 MB of 5 at 10,000 entries) are one `{{#each}}` inside one
//! `{{#if}}`. At the top level a `{{#if}}` of a plain path renders one of
//! its branches in the same context, so the branch it takes for this brief
//! is opened in place; a long `{{#each}}` of a plain path is cut into
//! stretches of items, each rendered as the `each` helper renders an item
//! (one block for the list, the item's path as its base, `@index`,
//! `@first` and `@last` counted in the whole list). Anything else (a hash,
//! block parameters, a path through `..` or `@root`, a helper's result) is
//! left whole.

use super::partials::{included, inline_partial};
use super::templates::Bounded;
use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{
    BlockContext, Context, Handlebars, JsonTruthy, Path, PathSeg, RenderContext, RenderError,
    Renderable, Template,
};
use rayon::prelude::*;
use serde_json::Value;

/// How deep sections included in sections, and `{{#if}}`s in them, are
/// opened (cycles are refused before rendering, `partials.rs`; this is a
/// second bound).
const MAX_DEPTH: usize = 4;

/// A list shorter than this is rendered whole, by its own `{{#each}}`.
const SPLIT_LIST: usize = 64;

/// One piece of the brief's top level, its template, and how many of the
/// inline partials defined at the top level come before it.
struct Unit<'a> {
    template: &'a Template,
    part: Part<'a>,
    after: usize,
}

/// What a unit renders.
enum Part<'a> {
    /// An element, as it is.
    Whole(&'a TemplateElement),
    /// Some items of a top-level `{{#each list}}`, each as the `each`
    /// helper renders it: the item as context, `@index`, `@first` and
    /// `@last` counted in the whole list.
    Items(Items<'a>),
}

/// Items `from..to` of the list at `path` (`len` items in all).
struct Items<'a> {
    body: &'a Template,
    path: std::sync::Arc<[String]>,
    len: usize,
    from: usize,
    to: usize,
}

/// The brief's top level, flattened: its pieces, and its inline partial
/// definitions in order (with their names).
#[derive(Default)]
struct Flat<'a> {
    units: Vec<Unit<'a>>,
    partials: Vec<(&'a str, &'a TemplateElement)>,
}

/// Template `name` rendered in pieces, its top-level elements at once;
/// `None` when it must be rendered in one go (it cannot be split, or a
/// piece failed: one go then gives the error at its template and line).
pub(super) fn render(hb: &Handlebars<'_>, name: &str, ctx: &Context) -> Option<Vec<Vec<u8>>> {
    let main = hb.get_template(name)?;
    Flat::of(hb, main, ctx.data())?.render(hb, main, ctx)
}

impl<'a> Flat<'a> {
    /// The top level of `main` for `data`, or `None` when it must render
    /// in one go.
    fn of(hb: &'a Handlebars<'_>, main: &'a Template, data: &Value) -> Option<Flat<'a>> {
        let mut flat = Flat::default();
        flat.add(hb, main, data, 0)?;
        Some(flat)
    }

    /// The top-level elements of `t`, each included section's in its
    /// place; `None` when an inline partial is defined below the top level.
    fn add(
        &mut self,
        hb: &'a Handlebars<'_>,
        t: &'a Template,
        data: &Value,
        depth: usize,
    ) -> Option<()> {
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
                Some(s) if depth < MAX_DEPTH => self.add(hb, s, data, depth + 1)?,
                _ => self.place(t, element, data, depth),
            }
        }
        Some(())
    }

    /// An element of `t` at the top level: a `{{#if}}` opened to the
    /// branch it takes (it renders that branch in the same context), a
    /// long list's `{{#each}}` cut into stretches of items, anything else
    /// whole.
    fn place(&mut self, t: &'a Template, element: &'a TemplateElement, data: &Value, depth: usize) {
        let after = self.partials.len();
        if let Some(branch) = if_branch(element, data).filter(|_| depth < MAX_DEPTH) {
            let elements = branch.map_or(&[][..], |b| &b.elements[..]);
            return elements
                .iter()
                .for_each(|e| self.place(t, e, data, depth + 1));
        }
        let Some((body, path, len)) = each_list(element, data).filter(|l| l.2 >= SPLIT_LIST) else {
            let part = Part::Whole(element);
            return self.units.push(Unit {
                template: t,
                part,
                after,
            });
        };
        let path: std::sync::Arc<[String]> = path.into();
        let stretch = len
            .div_ceil(2 * rayon::current_num_threads())
            .max(SPLIT_LIST / 2);
        for from in (0..len).step_by(stretch) {
            let items = Items {
                body,
                path: path.clone(),
                len,
                from,
                to: (from + stretch).min(len),
            };
            let part = Part::Items(items);
            self.units.push(Unit {
                template: t,
                part,
                after,
            });
        }
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
                match &u.part {
                    Part::Whole(e) => e.render(hb, ctx, &mut rc, &mut output).ok()?,
                    Part::Items(items) => items.render(hb, ctx, &mut rc, &mut output).ok()?,
                }
                Some(out.into_bytes())
            })
            .collect()
    }
}

impl Items<'_> {
    /// What the `each` helper does for these items: one block for the
    /// list, whose base path is the item's (the list's path and the item's
    /// index, replaced item by item) and whose `@first`, `@last` and
    /// `@index` are counted in the whole list.
    fn render<'reg: 'rc, 'rc>(
        &'rc self,
        hb: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> Result<(), RenderError> {
        let mut block = BlockContext::new();
        let path = block.base_path_mut();
        path.extend(self.path.iter().cloned());
        path.push(String::new());
        rc.push_block(block);
        for i in self.from..self.to {
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", Value::Bool(i == 0));
                block.set_local_var("last", Value::Bool(i + 1 == self.len));
                block.set_local_var("index", Value::from(i));
                if let Some(item) = block.base_path_mut().last_mut() {
                    *item = i.to_string();
                }
            }
            self.body.render(hb, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}

/// For `{{#if value}}` (a plain path, found in `data`): the branch it
/// renders, `Some(None)` when that branch is absent.
fn if_branch<'t>(element: &'t TemplateElement, data: &Value) -> Option<Option<&'t Template>> {
    let (ht, [param]) = block_helper(element, "if")? else {
        return None;
    };
    let (_, value) = lookup(param, data)?;
    Some(match value.is_truthy(false) {
        true => ht.template.as_ref(),
        false => ht.inverse.as_ref(),
    })
}

/// For `{{#each list}}` of a list found in `data`: its body, the list's
/// path and its length.
fn each_list<'t>(
    element: &'t TemplateElement,
    data: &Value,
) -> Option<(&'t Template, Vec<String>, usize)> {
    let (ht, [param]) = block_helper(element, "each")? else {
        return None;
    };
    let (path, value) = lookup(param, data)?;
    Some((ht.template.as_ref()?, path, value.as_array()?.len()))
}

/// A block helper `{{#name ...}}` with no hash and no block parameters:
/// the helper and its parameters.
fn block_helper<'t>(
    element: &'t TemplateElement,
    name: &str,
) -> Option<(&'t HelperTemplate, &'t [Parameter])> {
    let TemplateElement::HelperBlock(ht) = element else {
        return None;
    };
    Some((ht, plain_call(ht, name)?))
}

/// The parameters of a call of helper `name` with no hash and no block
/// parameters: the calls this module can read the meaning of.
fn plain_call<'t>(ht: &'t HelperTemplate, name: &str) -> Option<&'t [Parameter]> {
    let named = matches!(&ht.name, Parameter::Name(n) if n == name);
    let plain = ht.hash.is_empty() && ht.block_param.is_none();
    (named && plain).then_some(ht.params.as_slice())
}

/// A parameter that is a plain path of names (no `..`, `@root` or local
/// variable) and the value it finds from the top of `data`, with that
/// path.
fn lookup<'v>(param: &Parameter, data: &'v Value) -> Option<(Vec<String>, &'v Value)> {
    let Parameter::Path(Path::Relative((segs, _))) = param else {
        return None;
    };
    let mut names = Vec::with_capacity(segs.len());
    let mut value = data;
    for seg in segs {
        let PathSeg::Named(name) = seg else {
            return None;
        };
        value = value.as_object()?.get(name)?;
        names.push(name.clone());
    }
    Some((names, value))
}

/// The section an element includes, when it can be opened in place: a
/// plain call (no hash, no block parameters) with escaping on.
fn section(element: &TemplateElement) -> Option<&str> {
    let TemplateElement::Expression(ht) = element else {
        return None;
    };
    plain_call(ht, "include")?;
    included(ht)?
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
        let data = serde_json::json!({"title": "T", "items": [{"n": 1}, {"n": 2}], "tag": "<b>"});
        both_with(main, sections, data)
    }

    fn both_with(
        main: &str,
        sections: &[(&str, &str)],
        data: serde_json::Value,
    ) -> [Result<String, String>; 2] {
        let mut t: BTreeMap<String, String> = sections
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        t.insert("main".into(), main.into());
        let hb = registry(Flavor::Markdown, &t).expect("templates compile");
        let ctx = handlebars::Context::from(data);
        let run = |split: bool| {
            // As `render_value` does: the pieces, else one go.
            let mut out = Bounded::new(0);
            let pieces = split.then(|| super::render(&hb, "main", &ctx)).flatten();
            let done = match pieces {
                Some(pieces) => Ok(pieces.concat()),
                None => hb
                    .render_with_context_to_write("main", &ctx, &mut out)
                    .map(|()| out.into_bytes()),
            };
            match done {
                Ok(bytes) => Ok(String::from_utf8(bytes).unwrap()),
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

    /// Long lists, cut into stretches of items, and `{{#if}}`s opened:
    /// what each item sees of its place in the list and around it.
    const LISTS: &[&str] = &[
        "{{#each long}}{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}:{{n}}/{{../title}} {{/each}}",
        "{{#if long}}head {{#each long}}{{this.n}}{{#unless @last}},{{/unless}}{{/each}} tail{{/if}}",
        "{{#if missing}}no{{else if long}}{{#each long}}[{{@index}}]{{/each}}{{else}}never{{/if}}",
        "{{#if empty}}x{{else}}{{#each long}}{{#each inner}}{{@../index}}.{{@index}}={{this}} {{/each}}{{/each}}{{/if}}",
        "{{#each long}}{{n}}{{/each}}{{#each short}}{{this}}{{/each}}{{#each empty}}e{{else}}none{{/each}}",
        "{{#each long as |item i|}}{{i}}:{{item.n}} {{/each}}{{#each nested.list}}{{@index}}{{/each}}",
        "{{#each long}}{{n}}{{#if (eq n 150)}}{{nope}}{{/if}}{{/each}}",
    ];

    #[test]
    fn long_lists_split_into_stretches_give_what_one_go_gives() {
        let long: Vec<_> = (0..200)
            .map(|n| serde_json::json!({"n": n, "inner": [n, n + 1]}))
            .collect();
        let data = serde_json::json!({
            "title": "T", "long": long, "short": [1, 2], "empty": [],
            "nested": {"list": (0..100).collect::<Vec<_>>()},
        });
        for main in LISTS {
            let [split, one_go] = both_with(main, &[], data.clone());
            assert_eq!(split, one_go, "{main}");
        }
        // The cut happens: the first template's list is in stretches, with
        // its first and last items where one go puts them.
        let hb = registry(
            Flavor::Markdown,
            &BTreeMap::from([("m".into(), LISTS[0].into())]),
        )
        .unwrap();
        let flat = super::Flat::of(&hb, hb.get_template("m").unwrap(), &data).unwrap();
        assert!(flat.units.len() >= 2, "{}", flat.units.len());
        let [split, _] = both_with(LISTS[0], &[], data);
        let split = split.unwrap();
        assert!(split.starts_with("0F:0/T 1:1/T ") && split.ends_with("199L:199/T "));
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
            let flat = super::Flat::of(
                &hb,
                hb.get_template(main).unwrap(),
                &serde_json::Value::Null,
            )
            .expect(main);
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
    fn the_default_briefs_with_long_lists_split_as_one_go_renders_them() {
        // The example's brief with every list made long (its entries
        // repeated): the default templates' lists are cut, and the bytes
        // are those of one go.
        use crate::pipeline::{render_brief, BriefOutput, BriefRequest};
        let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera");
        let req = BriefRequest {
            case: &case,
            rev: None,
            as_of: None,
            audience: crate::readiness::Audience::Myself,
            since: None,
            forecast: None,
            templates: None,
            output: BriefOutput::Html,
            allow_errors: false,
        };
        let (mut brief, _) = render_brief(&req).unwrap().rendered.unwrap();
        let mut data = crate::render::brief_value(&mut brief).unwrap();
        let lengthen = |v: &mut serde_json::Value| {
            let items = v.as_array_mut().expect("a list");
            let once = items.clone();
            while items.len() < 3 * super::SPLIT_LIST {
                items.extend(once.iter().cloned());
            }
        };
        lengthen(&mut data["appendix"]["in_full"]);
        lengthen(&mut data["appendix"]["evidence"]);
        lengthen(&mut data["competencies"][0]["evidence"]);
        for (flavor, main) in [
            (Flavor::Markdown, "brief.md.hbs"),
            (Flavor::Html, "brief.html.hbs"),
        ] {
            let hb = registry(flavor, &BTreeMap::new()).unwrap();
            let template = hb.get_template(main).unwrap();
            let flat = super::Flat::of(&hb, template, &data).unwrap();
            let cut = flat
                .units
                .iter()
                .filter(|u| matches!(u.part, super::Part::Items(_)));
            assert!(cut.count() >= 4, "{main}: the long lists are cut");
            let ctx = handlebars::Context::from(data.clone());
            let split = flat.render(&hb, template, &ctx).expect("rendered split");
            let one_go = hb.render_with_context(main, &ctx).unwrap();
            assert_eq!(String::from_utf8(split.concat()).unwrap(), one_go, "{main}");
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
            let parts = super::Flat::of(&hb, main, ctx.data())
                .unwrap()
                .render(&hb, main, &ctx);
            assert_eq!(
                parts.expect("rendered split"),
                bytes,
                "the brief is the split's pieces"
            );
        }
    }
}
