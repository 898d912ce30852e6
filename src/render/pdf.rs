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

/// How long Chromium may take to print a brief before it is stopped.
const PDF_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// A `file://` URL for `path`, each byte outside the unreserved set
/// percent-encoded (a temporary folder may hold spaces, `#` or `%`).
fn file_url(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut url = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Wait for `child` at most `limit`; stop it past that.
fn wait_bounded(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::result::Result<std::process::ExitStatus, String> {
    let start = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() < limit => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "did not finish within {} s and was stopped",
                    limit.as_secs()
                ));
            }
            Err(e) => return Err(format!("could not be waited for: {e}")),
        }
    }
}

/// Print `html` to PDF with headless Chromium.
pub(crate) fn html_to_pdf(html: &str) -> Result<Vec<u8>> {
    let browser = find_browser().ok_or_else(|| Error::Usage {
        message: "`--format pdf` prints the HTML brief with a local Chromium, and none was found\n  help: install it (Debian and Ubuntu: `apt-get install chromium`), set PROMOCASE_CHROMIUM to its path, or render `--format html` and print it from any browser".into(),
    })?;
    let dir = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let input = dir.path().join("brief.html");
    let output = dir.path().join("brief.pdf");
    // Paper cannot open a folded write-up: print every one open.
    let html = html.replace(
        "<details class=\"entry\">",
        "<details class=\"entry\" open>",
    );
    std::fs::write(&input, html).map_err(|e| Error::Write {
        path: input.clone(),
        source: e,
    })?;
    let mut child = Command::new(&browser)
        .args(HEADLESS_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(file_url(&input))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| Error::Usage {
            message: format!("cannot run {}: {e}", browser.display()),
        })?;
    let status = wait_bounded(&mut child, PDF_TIMEOUT).map_err(|e| Error::Usage {
        message: format!("{} {e}", browser.display()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_what_a_path_may_hold() {
        let p = std::path::Path::new("/tmp/a b/#1/100%/é.html");
        assert_eq!(file_url(p), "file:///tmp/a%20b/%231/100%25/%C3%A9.html");
    }

    #[test]
    fn a_process_past_its_time_is_stopped() {
        let mut c = Command::new("sleep").arg("30").spawn().unwrap();
        let r = wait_bounded(&mut c, std::time::Duration::from_millis(200));
        assert!(r.unwrap_err().contains("stopped"));
        // Stopped by the kill, not left running to its end.
        use std::os::unix::process::ExitStatusExt;
        let status = c.try_wait().unwrap().expect("waited for");
        assert_eq!(status.signal(), Some(9), "{status:?}");
        let mut c = Command::new("true").spawn().unwrap();
        assert!(wait_bounded(&mut c, std::time::Duration::from_secs(10))
            .unwrap()
            .success());
    }
}
