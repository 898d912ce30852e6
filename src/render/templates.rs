//! Handlebars templates: embedded defaults, overridden by file name.
//!
//! Like mdBook's themes: the defaults in `templates/` are compiled into the
//! binary; a `templates/` folder in the case, or `--templates DIR`, replaces
//! any of them by file name; `promocase templates export DIR` writes the
//! defaults out to start from. Strict mode is on, so a template naming a
//! field that does not exist fails with the template's name and line.
//!
//! Helpers are pure functions of their arguments: a user template can
//! format data, never read files, the environment, or run programs.

use super::escape::{any_byte, html_escape, md_escape};
use crate::error::{Error, Result};
use handlebars::{handlebars_helper, Handlebars};
use std::collections::BTreeMap;

/// A default template: its file name, and its text from `templates/`.
macro_rules! default {
    ($name:literal) => {
        ($name, include_str!(concat!("../../templates/", $name)))
    };
}

/// The default templates, by file name. Each brief's sections are
/// templates of their own, none much over 3 KB: Handlebars' parser finds
/// each element's line by counting from the start of its template, so
/// compiling costs about the square of a template's length, and it was
/// most of a small case's brief (bench/NOTES.md).
pub(crate) const DEFAULTS: &[(&str, &str)] = &[
    default!("brief.md.hbs"),
    default!("brief.md.summary.hbs"),
    default!("brief.md.readiness.hbs"),
    default!("brief.md.case.hbs"),
    default!("brief.md.evidence.hbs"),
    default!("brief.md.gaps.hbs"),
    default!("brief.md.ahead.hbs"),
    default!("brief.md.end.hbs"),
    default!("brief.md.appendix.hbs"),
    default!("brief.html.hbs"),
    default!("brief.html.style.hbs"),
    default!("brief.html.summary.hbs"),
    default!("brief.html.readiness.hbs"),
    default!("brief.html.case.hbs"),
    default!("brief.html.evidence.hbs"),
    default!("brief.html.gaps.hbs"),
    default!("brief.html.ahead.hbs"),
    default!("brief.html.end.hbs"),
    default!("brief.html.appendix.hbs"),
];

/// A narrative as a Markdown block: headings demoted below the brief's own
/// (so they cannot break its structure), raw HTML neutralised.
pub(crate) fn md_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    for (i, l) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Most lines need nothing done: copied whole (a brief of thousands
        // of entries is megabytes of narrative).
        let plain = !l.starts_with('#') && !any_byte(l, |b| b == b'<' || b == b'>');
        if plain {
            out.push_str(l);
        } else {
            out.push_str(&md_line(l));
        }
    }
    out
}

/// One narrative line that needs work: control characters replaced, `<`
/// and `>` as entities, a heading made a level-5 heading.
fn md_line(l: &str) -> String {
    let l: String = l
        .chars()
        .map(|c| match c.is_control() && c != '\t' {
            true => '\u{fffd}',
            false => c,
        })
        .collect();
    let l = l.replace('<', "&lt;").replace('>', "&gt;");
    if l.starts_with('#') {
        format!("#####{}", l.trim_start_matches('#').trim_end())
            .replacen("#####", "##### ", 1)
            .replace("#####  ", "##### ")
    } else {
        l
    }
}

/// A narrative as HTML: headings and paragraphs, every character escaped.
fn html_narrative(s: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut String| {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>", para.join(" ")));
            para.clear();
        }
    };
    for line in s.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
        } else if let Some(h) = t.strip_prefix('#') {
            flush(&mut para, &mut out);
            out.push_str(&format!(
                "<h5>{}</h5>",
                html_escape(h.trim_start_matches('#').trim())
            ));
        } else {
            para.push(html_escape(t));
        }
    }
    flush(&mut para, &mut out);
    out
}

handlebars_helper!(join_helper: |list: array, sep: str| {
    list.iter().map(|v| match v { serde_json::Value::String(s) => s.clone(), other => other.to_string() }).collect::<Vec<_>>().join(sep)
});
handlebars_helper!(verdict_word: |v: Json| match v.as_str() { Some("ready") => "Ready", Some("not-yet") => "Not yet", Some("none") => "None (judged as a whole)", _ => "—" });
handlebars_helper!(status_mark: |s: str| super::marks::glyph(s));
handlebars_helper!(legend: | | super::marks::LEGEND);

/// Which output a registry renders: decides the escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Markdown,
    Html,
}

/// Build a registry with the defaults, then the overrides (by file name):
/// what `brief` does in two steps, [`defaults`] while the case is read.
#[cfg(test)]
pub(crate) fn registry(
    flavor: Flavor,
    overrides: &BTreeMap<String, String>,
) -> Result<Handlebars<'static>> {
    with_overrides(defaults(flavor)?, flavor, overrides)
}

/// Whether a template of this name is one `flavor` renders with.
fn ours(flavor: Flavor, name: &str) -> bool {
    let other = match flavor {
        Flavor::Markdown => "brief.html.",
        Flavor::Html => "brief.md.",
    };
    !name.starts_with(other)
}

/// A registry of `flavor`'s default templates: needs nothing from the case,
/// so it can be compiled while the case is read.
pub(crate) fn defaults(flavor: Flavor) -> Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    register_helpers(&mut hb, flavor);
    register(&mut hb, flavor, DEFAULTS.iter().copied())?;
    super::partials::check(&hb)?;
    Ok(hb)
}

/// `hb` (the defaults) with `overrides` in place of the templates of the
/// same name; the partials of all of them checked for cycles together.
pub(crate) fn with_overrides(
    mut hb: Handlebars<'static>,
    flavor: Flavor,
    overrides: &BTreeMap<String, String>,
) -> Result<Handlebars<'static>> {
    let texts = overrides.iter().map(|(n, t)| (n.as_str(), t.as_str()));
    if register(&mut hb, flavor, texts)? {
        super::partials::check(&hb)?;
    }
    Ok(hb)
}

/// Compile `flavor`'s templates among `texts` (name, text) into `hb`, each
/// under its name; whether there were any. The other format's templates
/// are not needed, so a mistake in one does not break this format (and
/// none is compiled for nothing).
fn register<'t>(
    hb: &mut Handlebars<'static>,
    flavor: Flavor,
    texts: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> Result<bool> {
    let mut any = false;
    for (name, text) in texts.into_iter().filter(|(name, _)| ours(flavor, name)) {
        hb.register_template_string(name, text)
            .map_err(|e| Error::Template {
                name: name.to_string(),
                line: e.pos().map(|p| p.0),
                message: e.reason().to_string(),
            })?;
        any = true;
    }
    Ok(any)
}

/// The escaping and helpers of one output: Markdown and HTML each escape
/// their own way, and their block helpers must not be escaped again.
fn register_helpers(hb: &mut Handlebars<'static>, flavor: Flavor) {
    match flavor {
        Flavor::Markdown => {
            hb.register_escape_fn(md_escape);
            handlebars_helper!(md_block_helper: |s: str| md_block(s));
            handlebars_helper!(md_link: |l: Json| {
                let text = l.get("text").and_then(|t| t.as_str()).unwrap_or("");
                match l.get("href").and_then(|h| h.as_str()) {
                    Some(h) => format!("[{}](<{}>)", md_escape(text), h.replace(['<', '>', ' '], "")),
                    None => md_escape(text),
                }
            });
            // These produce Markdown themselves; they must not be escaped again.
            hb.register_helper("md_block", Box::new(md_block_helper));
            hb.register_helper("md_link", Box::new(md_link));
        }
        Flavor::Html => {
            hb.register_escape_fn(html_escape);
            handlebars_helper!(html_narrative_helper: |s: str| html_narrative(s));
            hb.register_helper("html_narrative", Box::new(html_narrative_helper));
        }
    }
    handlebars_helper!(plural: |n: u64, one: str, many: str| {
        format!("{n} {}", if n == 1 { one } else { many })
    });
    hb.register_helper("plural", Box::new(plural));
    handlebars_helper!(sustained: |months: u64, required: u64| {
        crate::readiness::sustained_phrase(months as usize, required as usize)
    });
    hb.register_helper("sustained", Box::new(sustained));
    hb.register_helper("join", Box::new(join_helper));
    hb.register_helper("include", Box::new(Include));
    hb.register_helper("verdict_word", Box::new(verdict_word));
    hb.register_helper("status_mark", Box::new(status_mark));
    hb.register_helper("legend", Box::new(legend));
}

/// `{{include "name"}}`: the partial `name` (an inline one in scope, or a
/// template) rendered here with the current context. `{{> name}}` renders
/// with a copy of its context: at the top level of a brief that is the
/// whole brief (megabytes, copied once per section), and in a list, an
/// entry copied for each line that names it. The default templates include
/// their sections and `entry_link` this way. Names are quoted and checked
/// for cycles with the partials (`partials.rs`) before anything is
/// rendered.
struct Include;

impl handlebars::HelperDef for Include {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        rc: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        use handlebars::{RenderErrorReason, Renderable};
        let name = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("include", 0))?;
        // As `{{> name}}` finds it: an inline partial in scope, then a
        // template.
        let template = rc
            .get_partial(name)
            .or_else(|| r.get_template(name))
            .ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_string()))?;
        let before = rc.get_current_template_name();
        rc.set_current_template_name(template.name.as_ref());
        let done = template.render(r, ctx, rc, out);
        rc.set_current_template_name(before);
        done
    }
}

/// Render template `name` with data converted for Handlebars: in pieces
/// rendered on every core (`split.rs`), to be written one after the other
/// (joining them would copy megabytes), or in one go into a buffer of
/// `capacity()` bytes to start with (a guess at the output's length saves
/// copying megabytes as it grows; the guess is made only then). UTF-8:
/// Handlebars writes whole strings only. The converted data, as large as
/// the brief, is freed off the calling thread.
pub(crate) fn render_value(
    hb: &Handlebars<'_>,
    name: &str,
    data: serde_json::Value,
    capacity: impl FnOnce() -> usize,
) -> Result<Vec<Vec<u8>>> {
    let ctx = handlebars::Context::from(data);
    let pieces = match super::split::render(hb, name, &ctx) {
        Some(pieces) => pieces,
        None => vec![render_whole(hb, name, &ctx, capacity())?],
    };
    crate::parallel::drop_later(ctx);
    Ok(pieces)
}

/// Template `name` rendered in one go, within [`MAX_RENDERED`].
fn render_whole(
    hb: &Handlebars<'_>,
    name: &str,
    ctx: &handlebars::Context,
    capacity: usize,
) -> Result<Vec<u8>> {
    let mut out = Bounded::new(capacity);
    let done = hb.render_with_context_to_write(name, ctx, &mut out);
    let over = out.over;
    done.map_err(|e| Error::Template {
        name: e.template_name.clone().unwrap_or_else(|| name.to_string()),
        line: e.line_no,
        message: match over {
            true => format!("the output passed {} MiB and was stopped: does a `{{{{#each}}}}` repeat inside another one?", MAX_RENDERED >> 20),
            false => e.reason().to_string(),
        },
    })?;
    Ok(out.buf)
}

/// The most a template may write. A case's `templates/` can come from a
/// pull request: loops nested in loops would otherwise write gigabytes
/// (the largest real brief, 10,000 entries, is about 5 MiB).
pub(crate) const MAX_RENDERED: usize = 64 << 20;

/// A buffer that refuses to grow past [`MAX_RENDERED`]: the render stops
/// with an error at the write that would pass it.
pub(super) struct Bounded<'a> {
    buf: Vec<u8>,
    over: bool,
    /// What this buffer and the others rendered beside it hold together
    /// (`split.rs`): the limit is on all of them, not on each.
    together: Option<&'a std::sync::atomic::AtomicUsize>,
    /// Bytes this buffer has claimed from `together` and not written yet.
    room: usize,
}

/// How much a buffer rendered beside others claims from their shared count
/// at a time: one count touched on every small write by every core made
/// the cores take turns at it. Together they still never pass the limit;
/// one may stop at most this much early per buffer beside it.
const CLAIM: usize = 64 << 10;

impl<'a> Bounded<'a> {
    /// An empty buffer with room for `capacity` bytes (at most the limit).
    pub(super) fn new(capacity: usize) -> Bounded<'static> {
        Bounded {
            buf: Vec::with_capacity(capacity.min(MAX_RENDERED)),
            over: false,
            together: None,
            room: 0,
        }
    }

    /// An empty buffer that counts what it holds into `together`.
    pub(super) fn sharing(together: &'a std::sync::atomic::AtomicUsize) -> Bounded<'a> {
        Bounded {
            together: Some(together),
            ..Bounded::new(CLAIM)
        }
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Whether `len` more bytes may be written: claimed from the shared
    /// count when the room claimed so far is short.
    fn allows(&mut self, len: usize) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(together) = self.together else {
            return self.buf.len() + len <= MAX_RENDERED;
        };
        let Some(need) = len.checked_sub(self.room).filter(|n| *n > 0) else {
            return true;
        };
        let grant = |held: usize| need.max(CLAIM).min(MAX_RENDERED - held);
        let claimed = together.fetch_update(Relaxed, Relaxed, |held| {
            (held + need <= MAX_RENDERED).then(|| held + grant(held))
        });
        match claimed {
            Ok(held) => {
                self.room += grant(held);
                true
            }
            Err(_) => false,
        }
    }
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if !self.allows(bytes.len()) {
            self.over = true;
            return Err(std::io::Error::other("rendered output over the limit"));
        }
        self.room = self.room.saturating_sub(bytes.len());
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_default_template_is_short() {
        // Compiling a template costs about the square of its length
        // (Handlebars counts each element's line from the start): a section
        // that grows past this is split into sections of its own.
        for (name, text) in super::DEFAULTS {
            assert!(text.len() <= 4096, "{name} is {} bytes", text.len());
        }
    }

    #[test]
    fn buffers_rendered_beside_each_other_share_one_limit() {
        use std::io::Write;
        let together = std::sync::atomic::AtomicUsize::new(super::MAX_RENDERED - 10);
        let mut a = super::Bounded::sharing(&together);
        let mut b = super::Bounded::sharing(&together);
        assert!(a.write_all(&[b'x'; 10]).is_ok(), "up to the limit");
        assert!(
            b.write_all(b"y").is_err(),
            "one byte more, in another buffer"
        );
        assert!(b.over && b.buf.is_empty());
        let mut alone = super::Bounded::new(0);
        assert!(
            alone.write_all(&[b'z'; 10]).is_ok(),
            "a buffer of its own counts alone"
        );
        // Room is claimed ahead in blocks; a write larger than a block, or
        // past the room claimed, claims what it needs.
        let together = std::sync::atomic::AtomicUsize::new(0);
        let (mut a, mut b) = (
            super::Bounded::sharing(&together),
            super::Bounded::sharing(&together),
        );
        let big = vec![b'x'; super::CLAIM * 3 + 1];
        assert!(a.write_all(&big).is_ok() && b.write_all(b"y").is_ok());
        let held = together.load(std::sync::atomic::Ordering::Relaxed);
        assert!(held > big.len() && held <= super::MAX_RENDERED);
        // Filled to the limit by many small writes, a buffer beside others
        // stops before the limit, never after it.
        let together = std::sync::atomic::AtomicUsize::new(0);
        let mut c = super::Bounded::sharing(&together);
        let chunk = vec![b'z'; 1000];
        let mut written = 0;
        while c.write_all(&chunk).is_ok() {
            written += chunk.len();
        }
        assert!(written <= super::MAX_RENDERED && written + chunk.len() > super::MAX_RENDERED);
    }

    /// Lines copied whole give what the line-by-line rewrite gives.
    #[test]
    fn md_block_copies_plain_lines_as_the_rewrite_would() {
        let table = [
            "",
            "plain",
            "two\nlines\r\nand a CR",
            "## Heading\nbody <b> & text\n",
            "tab\tinside\n\u{7}bell\n#no space\n#####  deep",
            "trailing\n\n",
            "é ü | * _ [x](y)",
            "C1 \u{85} and \u{9f}; £ and ¢ (0xC2 too) are text; DEL \u{7f}; lone \r CR",
        ];
        for text in table {
            let rewrite: Vec<String> = text.lines().map(super::md_line).collect();
            assert_eq!(super::md_block(text), rewrite.join("\n"), "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            md_escape("a|b <script>*x*_`"),
            "a\\|b &lt;script&gt;\\*x\\*\\_\\`"
        );
        // `&` stays itself unless it would start a character reference.
        assert_eq!(md_escape("Solving & Deciding"), "Solving & Deciding");
        assert_eq!(md_escape("&#106;avascript:"), "\\&#106;avascript:");
        assert_eq!(
            md_escape("a\u{1b}]0;title\u{7}b"),
            "a\u{fffd}\\]0;title\u{fffd}b"
        );
        assert_eq!(
            html_escape("<a href=\"x\">'"),
            "&lt;a href&#x3D;&quot;x&quot;&gt;&#x27;"
        );
        assert_eq!(
            md_block("## Situation\ntext <b>"),
            "##### Situation\ntext &lt;b&gt;"
        );
        assert_eq!(
            html_narrative("## S\na\nb\n\nc <i>"),
            "<h5>S</h5><p>a b</p><p>c &lt;i&gt;</p>"
        );
    }

    #[test]
    fn strict_mode_names_template_and_line() {
        let mut o = BTreeMap::new();
        o.insert(
            "brief.md.hbs".to_string(),
            "line one\n{{nope.field}}\n".to_string(),
        );
        let hb = registry(Flavor::Markdown, &o).unwrap();
        let err = render_value(&hb, "brief.md.hbs", serde_json::json!({}), || 0)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("brief.md.hbs") && err.contains("line 2"),
            "{err}"
        );
    }

    #[test]
    fn no_file_or_env_helpers() {
        // A user template asking for the environment or a file gets an
        // error, not the data: no such helper exists.
        for t in [
            "{{env \"HOME\"}}",
            "{{read_file \"/etc/passwd\"}}",
            "{{exec \"id\"}}",
            "{{> /etc/passwd}}",
        ] {
            let mut o = BTreeMap::new();
            o.insert("brief.html.hbs".to_string(), t.to_string());
            let rendered = registry(Flavor::Html, &o)
                .and_then(|hb| render_value(&hb, "brief.html.hbs", serde_json::json!({}), || 0));
            assert!(rendered.is_err(), "{t} rendered: {rendered:?}");
        }
    }
}
