//! Entry points for `cargo fuzz` (see `fuzz/`) and for the regression tests
//! that replay what the fuzzer found. Each runs a stage on arbitrary bytes
//! and checks the invariants that must hold for any input: no panic, and
//! every diagnostic's line and column inside its file.

use crate::case::{self, document::Document, framework, Framework, ParseCache};
use crate::diagnostic::Diagnostic;
use crate::source::{blob_id, Origin, Snapshot, SourceFile};
use std::sync::Arc;

fn as_of() -> crate::date::Date {
    crate::date::Date::from_ymd_opt(2026, 11, 1).unwrap_or_default()
}

/// Panics (which is what a fuzzer reports) when a diagnostic points outside
/// the file it names.
fn assert_inside(diags: &[Diagnostic], path: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diags.iter().filter(|d| d.path == path && d.line > 0) {
        assert!(
            d.line <= lines.len(),
            "line {} beyond {} lines: {d:?}",
            d.line,
            lines.len()
        );
        let width = lines[d.line - 1].trim_end_matches('\r').chars().count();
        assert!(
            d.column >= 1 && d.column <= width + 1,
            "column beyond {}: {d:?}",
            width + 1
        );
    }
}

/// Split and parse bytes as an evidence file and as a feedback file.
pub fn evidence(data: &[u8]) {
    let Some(fw) = Framework::builtin("senior-em") else {
        return;
    };
    let doc = Document::parse(data);
    let mut diags = Vec::new();
    let path = "evidence/2026/2026-03-02-x.md";
    let _ = case::evidence::read(
        path,
        "",
        &doc,
        &fw,
        &["hiring-plan".to_string()],
        &mut diags,
    );
    let _ = case::feedback::read(path, &doc, &fw, &mut diags);
    assert_inside(&diags, path, data);
}

/// Parse bytes as a framework file.
pub fn framework(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_, diags) = framework::parse("fw.yaml", text);
    assert_inside(&diags, "fw.yaml", data);
}

/// Parse bytes as `promocase.yaml`.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut diags = Vec::new();
    let _ = case::config::parse("promocase.yaml", text, &mut diags);
    assert_inside(&diags, "promocase.yaml", data);
}

/// A whole case from bytes: parts separated by `\n====\n`; the first is
/// `promocase.yaml`, a part starting `id:` is `fw.yaml`, part named by a
/// `feedback` first line goes to `feedback/`, the rest are evidence.
pub fn check(data: &[u8]) {
    let mut files = Vec::new();
    let mut have_framework = false;
    for (i, part) in data.split_str(b"\n====\n").into_iter().enumerate() {
        // Every part gets its own path: two files at one path cannot exist.
        let path = if i == 0 {
            "promocase.yaml".to_string()
        } else if part.starts_with(b"id:") && !have_framework {
            have_framework = true;
            "fw.yaml".to_string()
        } else if part.starts_with(b"id:") {
            format!("other-{i}.yaml")
        } else if part.windows(5).any(|w| w == b"from:") {
            format!("feedback/2026/2026-01-{:02}-f.md", i % 28 + 1)
        } else {
            format!("evidence/2026/2026-01-{:02}-e{i}.md", i % 28 + 1)
        };
        files.push(SourceFile {
            path: path.into(),
            blob: blob_id(part).into(),
            bytes: Arc::new(part.to_vec()),
        });
    }
    let snap = Snapshot {
        origin: Origin::WorkingTree,
        case: Default::default(),
        files: files.clone(),
        problems: vec![],
    };
    let loaded = case::load(&snap, as_of(), &mut ParseCache::default());
    for f in &files {
        assert_inside(loaded.diagnostics.as_slice(), &f.path, &f.bytes);
    }
    if let Some(c) = &loaded.case {
        for audience in [
            crate::readiness::Audience::Myself,
            crate::readiness::Audience::Shareable,
        ] {
            let r = crate::readiness::assess(c, as_of(), audience);
            assert!(r.score <= 100);
        }
    }
}

trait SplitStr {
    fn split_str<'a>(&'a self, sep: &'a [u8]) -> Vec<&'a [u8]>;
}

impl SplitStr for [u8] {
    fn split_str<'a>(&'a self, sep: &'a [u8]) -> Vec<&'a [u8]> {
        let mut out = Vec::new();
        let mut rest = self;
        while let Some(i) = rest.windows(sep.len()).position(|w| w == sep) {
            out.push(&rest[..i]);
            rest = &rest[i + sep.len()..];
        }
        out.push(rest);
        out
    }
}
