//! Puts the commit into `promocase --version` when built from a Git checkout
//! (`0.1.0 (commit 1a2b3c4d5e)`); a build from a source package has no `.git`
//! and reports the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let head = Path::new(".git/HEAD");
    let mut full = version.to_string();
    if head.exists() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        // A new commit moves the branch, not HEAD: watch the branch too.
        if let Ok(text) = std::fs::read_to_string(head) {
            if let Some(r) = text.trim().strip_prefix("ref: ") {
                let path = Path::new(".git").join(r);
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        let out = Command::new("git")
            .args(["rev-parse", "--short=10", "HEAD"])
            .output();
        if let Ok(o) = out {
            let commit = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if o.status.success() && !commit.is_empty() {
                full = format!("{version} (commit {commit})");
            }
        }
    }
    println!("cargo:rustc-env=PROMOCASE_VERSION={full}");
}
