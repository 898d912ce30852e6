//! `promocase serve`: the live preview. A server is started on a free
//! port in a case made for the test, asked over plain HTTP, and the case
//! edited under it; in Chromium (headless), the page follows an edit by
//! itself.

mod common;

use common::{evidence, TestRepo, CONFIG};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `promocase serve`, stopped when dropped; its `-v` request
/// log arrives line by line on `log`.
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, audience: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args([
            "-v",
            "serve",
            "--port",
            "0",
            "--as-of",
            "2026-06-01",
            "--audience",
            audience,
        ])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let (tx, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Server { child, port, log }
}

/// `GET path` with `host` as the Host header: (status code, body).
fn get_as(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap();
    (code, body.to_string())
}

fn get(port: u16, path: &str) -> (u16, String) {
    get_as(port, path, &format!("127.0.0.1:{port}"))
}

/// A committed case with one entry.
fn case() -> TestRepo {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    r.write(
        "evidence/2026/2026-05-02-standard.md",
        &evidence(
            "2026-05-02",
            "Wrote the incident standard",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    r.commit("case", "2026-05-03");
    r
}

/// Wait (at most 10 s) until `/version` differs from `before`.
fn changed_from(port: u16, before: &str) {
    let until = Instant::now() + Duration::from_secs(10);
    while get(port, "/version").1 == before {
        assert!(Instant::now() < until, "/version never changed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_preview_follows_the_case_and_answers_only_locally() {
    let r = case();
    let s = serve(r.path(), "manager");
    let (code, page) = get(s.port, "/");
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("Wrote the incident standard"), "{page}");
    assert!(
        page.contains("fetch('/version')"),
        "the page reloads itself"
    );
    // An edit shows on the next request, and changes the fingerprint the
    // page polls.
    let before = get(s.port, "/version").1;
    r.write(
        "evidence/2026/2026-05-02-standard.md",
        &evidence(
            "2026-05-02",
            "Wrote and rolled out the incident standard",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    changed_from(s.port, &before);
    assert!(get(s.port, "/")
        .1
        .contains("Wrote and rolled out the incident standard"));
    // A case with errors shows check's diagnostics instead, then the brief
    // again once fixed.
    r.write(
        "evidence/2026/2026-05-09-broken.md",
        "---\ndate: 2026-05-09\ntitle: [oops\n---\n",
    );
    let (code, page) = get(s.port, "/");
    assert_eq!(code, 200);
    assert!(
        page.contains("The brief cannot be shown yet") && page.contains("error["),
        "{page}"
    );
    r.remove("evidence/2026/2026-05-09-broken.md");
    assert!(get(s.port, "/").1.contains("Summary for calibration"));
    // A configuration that cannot be used: nothing can be scored, and the
    // page shows its diagnostic all the same.
    r.write("promocase.yaml", "target_level: [oops\n");
    let (code, page) = get(s.port, "/");
    assert_eq!(code, 200);
    assert!(
        page.contains("The brief cannot be shown yet") && page.contains("promocase.yaml"),
        "{page}"
    );
    r.write("promocase.yaml", CONFIG);
    assert!(get(s.port, "/").1.contains("Summary for calibration"));
    // The other pages.
    let (code, status) = get(s.port, "/status");
    assert_eq!(code, 200);
    assert!(status.contains("verdict"), "{status}");
    let (code, svg) = get(s.port, "/timeline.svg");
    assert_eq!(code, 200, "{svg}");
    assert!(svg.starts_with("<svg"), "{svg}");
    assert_eq!(get(s.port, "/nothing").0, 404);
    // Only requests addressed to this machine are answered (a page on
    // another site pointing its name at 127.0.0.1 is refused).
    let (code, body) = get_as(s.port, "/", &format!("attacker.example:{}", s.port));
    assert_eq!(code, 403);
    assert!(!body.contains("incident"), "{body}");
    assert_eq!(get_as(s.port, "/", &format!("localhost:{}", s.port)).0, 200);
    // Reading never writes: the working tree is as the test left it.
    let o = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(r.path())
        .output()
        .unwrap();
    let changed = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        changed.trim(),
        "M evidence/2026/2026-05-02-standard.md",
        "{changed}"
    );
}

/// Wait (at most `secs`) for a log line that starts with `prefix`.
fn logged(s: &Server, prefix: &str, secs: u64) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match s.log.recv_timeout(left) {
            Ok(line) if line.starts_with(prefix) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[test]
#[ignore = "needs chromium; .ci/run runs it"]
fn in_a_browser_the_page_follows_an_edit_by_itself() {
    let browser = promocase::render::pdf::find_browser()
        .expect("this test needs chromium (apt-get install chromium)");
    let r = case();
    let s = serve(r.path(), "manager");
    let profile = tempfile::tempdir().unwrap();
    // Virtual time runs the page's once-a-second poll without waiting in
    // real time; the budget (an hour of it) is far more than the few
    // seconds of real time the test needs.
    let chromium = Command::new(browser)
        .args(promocase::render::pdf::HEADLESS_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=3600000", "--dump-dom"])
        .arg(format!("http://127.0.0.1:{}/", s.port))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        logged(&s, "GET / 200", 30),
        "the browser never loaded the page"
    );
    assert!(logged(&s, "GET /version 200", 30), "the page never polled");
    r.write(
        "evidence/2026/2026-05-02-standard.md",
        &evidence(
            "2026-05-02",
            "Edited while the page was open",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
    // The page sees the change and reloads itself: the server serves `/`
    // again, with no one asking but the page.
    assert!(
        logged(&s, "GET / 200", 30),
        "the page did not reload itself"
    );
    let out = chromium.wait_with_output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("Edited while the page was open"), "{dom}");
}
