//! The HTML brief in a real browser: printed to PDF by headless Chromium,
//! checked with poppler's pdfinfo and pdftotext, and screenshotted.
//!
//! The tests that need a browser are `#[ignore]`d, so a plain `cargo test`
//! says "ignored" instead of passing without having looked; `.ci/run`
//! installs `chromium` and `poppler-utils` and runs them with `--ignored`,
//! where a missing tool fails them.

mod common;
use common::{example, run, stderr};
use std::process::Command;

fn tool(name: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn require_browser() {
    assert!(
        promocase::render::pdf::find_browser().is_some() && tool("pdftotext") && tool("pdfinfo"),
        "this test needs chromium and poppler-utils (apt-get install chromium poppler-utils)"
    );
}

#[test]
#[ignore = "needs chromium and poppler-utils; .ci/run runs it"]
fn the_html_brief_prints_to_pdf_with_every_section() {
    require_browser();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("brief.pdf");
    let o = run(
        &example(),
        &[
            "brief",
            "--format",
            "pdf",
            "--as-of",
            "2026-11-01",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // A page break between sections: at least one page per section, and
    // not a runaway layout.
    assert!((7..=40).contains(&pages), "{pages} pages");
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for s in [
        "Promotion brief: Alex Rivera",
        "Readiness by competency",
        "Impact beyond my team",
        "Gaps and development plan",
        "Summary for calibration",
        "Appendix: the evidence in full",
        "Evidence index",
        "Revisit the conversation on 2026-12-15",
    ] {
        assert!(text.contains(s), "PDF text lacks {s:?}");
    }
    // The write-ups fold in the page, and print open: their narrative is
    // in the PDF.
    assert!(
        text.contains("cross-team incidents stalled on who was in charge"),
        "write-ups print open"
    );
    // The manager audience never shows a private entry.
    assert!(!text.contains("second team"));
}

#[test]
#[ignore = "needs chromium and poppler-utils; .ci/run runs it"]
fn the_html_brief_renders_as_a_picture() {
    require_browser();
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("brief.html");
    let o = run(
        &example(),
        &[
            "brief",
            "--format",
            "html",
            "--as-of",
            "2026-11-01",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let png = tmp.path().join("brief.png");
    let status = Command::new(promocase::render::pdf::find_browser().unwrap())
        .args(promocase::render::pdf::HEADLESS_FLAGS)
        .args(["--hide-scrollbars", "--window-size=1200,1600"])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(status.status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    // A blank page compresses to almost nothing; the brief does not.
    assert!(bytes.len() > 50_000, "{} bytes", bytes.len());
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        std::fs::write(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/brief.png"),
            &bytes,
        )
        .unwrap();
    }
}

#[test]
fn pdf_without_a_browser_names_the_package() {
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args(["brief", "--format", "pdf", "--as-of", "2026-11-01"])
        .current_dir(example())
        .env("PATH", empty.path())
        .env_remove("PROMOCASE_CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("apt-get install chromium"), "{err}");
}
