//! `brief --format pdf`: the HTML brief printed by a local Chromium.
//!
//! promocase does not bundle a browser or fetch one; it uses the one on the
//! machine, with its network features off, and says which package to
//! install when there is none. The PDF embeds Chromium's own creation date,
//! so unlike every other output it is not byte-for-byte reproducible.

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::process::Command;

/// The Chromium-family browsers tried, in order.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Flags for a headless Chromium that touches no network: on a machine with
/// a closed network its background services would only fail and retry.
pub const HEADLESS_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The first browser found on `PATH` (or named by `PROMOCASE_CHROMIUM`).
pub fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROMOCASE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for b in BROWSERS {
            let p = dir.join(b);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Print `html` to PDF with headless Chromium.
pub fn html_to_pdf(html: &str) -> Result<Vec<u8>> {
    let browser = find_browser().ok_or_else(|| Error::Usage {
        message: "`--format pdf` prints the HTML brief with a local Chromium, and none was found\n  help: install it (Debian and Ubuntu: `apt-get install chromium`), set PROMOCASE_CHROMIUM to its path, or render `--format html` and print it from any browser".into(),
    })?;
    let dir = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let input = dir.path().join("brief.html");
    let output = dir.path().join("brief.pdf");
    std::fs::write(&input, html).map_err(|e| Error::Write {
        path: input.clone(),
        source: e,
    })?;
    let status = Command::new(&browser)
        .args(HEADLESS_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(format!("file://{}", input.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| Error::Usage {
            message: format!("cannot run {}: {e}", browser.display()),
        })?;
    match std::fs::read(&output) {
        Ok(pdf) if status.success() && pdf.starts_with(b"%PDF") => Ok(pdf),
        _ => Err(Error::Usage {
            message: format!(
                "{} did not produce a PDF (exit {:?})",
                browser.display(),
                status.code()
            ),
        }),
    }
}
