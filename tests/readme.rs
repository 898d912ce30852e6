//! The README's walkthrough, run as written: its commands are extracted
//! from README.md and run in a temporary folder, so the README cannot drift
//! from what promocase does.

use std::path::Path;
use std::process::Command;

/// The first ```sh block after `heading`.
fn block_after(readme: &str, heading: &str) -> String {
    let from = readme.find(heading).expect("the heading is in README.md");
    let rest = &readme[from..];
    let start = rest.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    rest[start..start + end].to_string()
}

#[test]
fn the_walkthrough_works_as_written() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let script = block_after(&readme, "## Five-minute walkthrough");
    assert!(script.contains("promocase init career"), "{script}");
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_promocase")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new("bash")
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        // A command the walkthrough leaves running (the preview) stops
        // with the script, also when a later command fails.
        .arg(format!(
            "trap 'st=$?; kill $(jobs -p) 2>/dev/null || true; exit $st' EXIT\n{script}"
        ))
        .current_dir(dir.path())
        .env("PATH", path)
        .env("EDITOR", "true")
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "Alex Rivera")
        .env("GIT_AUTHOR_EMAIL", "alex@example.com")
        .env("GIT_COMMITTER_NAME", "Alex Rivera")
        .env("GIT_COMMITTER_EMAIL", "alex@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the walkthrough failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let case = dir.path().join("career");
    for f in ["brief.md", "brief.html"] {
        assert!(case.join(f).is_file(), "{f} was not written");
    }
    // init's .gitignore keeps the rendered briefs out of Git.
    let st = Command::new("git")
        .args(["status", "--porcelain", "--ignored"])
        .current_dir(&case)
        .output()
        .unwrap();
    let st = String::from_utf8_lossy(&st.stdout);
    assert!(
        st.contains("!! brief.md") && st.contains("!! brief.html"),
        "{st}"
    );
}

#[test]
fn the_brief_section_commands_work_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_promocase")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cases = [
        (
            "### One brief per reader",
            &[
                "## About this version",
                "## At the forecast date, 2027-01-31",
            ][..],
        ),
        (
            "### Export for an external move",
            &["# STAR stories: Alex Rivera", "# Achievements: Alex Rivera"][..],
        ),
    ];
    for (heading, expect) in cases {
        let script = block_after(&readme, heading);
        // Reading commands, run where the README's paths lead: the
        // repository's root, read-only.
        let o = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{heading}: {out}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        for e in expect {
            assert!(out.contains(e), "{heading}: no {e:?} in\n{out}");
        }
    }
}
