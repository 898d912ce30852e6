//! Test helpers: Git repositories built inside tests, with fixed dates, and
//! a way to run the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A Git repository in a temporary folder.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: git2::Repository,
}

pub const CONFIG: &str = "candidate: Test Candidate\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n";

impl TestRepo {
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        TestRepo { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let t = self.dir.path().join(to);
        std::fs::create_dir_all(t.parent().unwrap()).unwrap();
        std::fs::rename(self.dir.path().join(from), t).unwrap();
    }

    /// Commit everything in the working tree, dated `date` (YYYY-MM-DD) at noon UTC.
    pub fn commit(&self, message: &str, date: &str) -> String {
        let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let secs = d.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp();
        self.commit_at(message, secs)
    }

    /// Commit everything in the working tree with a committer time of
    /// `secs` since the epoch (Git accepts any, far past or future too).
    pub fn commit_at(&self, message: &str, secs: i64) -> String {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig =
            git2::Signature::new("Test", "test@example.com", &git2::Time::new(secs, 0)).unwrap();
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &refs)
            .unwrap()
            .to_string()
    }
}

/// An evidence file's text.
pub fn evidence(
    date: &str,
    title: &str,
    competencies: &[&str],
    scope: &str,
    visibility: &str,
) -> String {
    format!(
        "---\ndate: {date}\ntitle: \"{title}\"\ncompetencies: [{}]\nscope: {scope}\nimpact: \"Something measurable\"\nvisibility: {visibility}\n---\n\nWhat happened, what I did, the result.\n",
        competencies.join(", ")
    )
}

/// Run the promocase binary in `cwd` with fixed, clean environment bits.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        // The keys of whoever runs the tests play no part in them.
        .env("PROMOCASE_IDENTITY", "/nonexistent/promocase-test-key")
        .output()
        .unwrap()
}

/// Run promocase in `cwd` and read what it printed as JSON. The test fails,
/// showing the command and promocase's stderr, when it prints no JSON or,
/// with `code`, exits with another code.
pub fn json(cwd: &Path, args: &[&str], code: Option<i32>) -> serde_json::Value {
    let o = run(cwd, args);
    let said = || format!("promocase {}: {}", args.join(" "), stderr(&o));
    if let Some(code) = code {
        assert_eq!(o.status.code(), Some(code), "{}", said());
    }
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", said()))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example case shipped with the project.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera")
}

/// Copy a folder tree (regular files only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// Compare `actual` with the golden file at `path`; with `UPDATE_GOLDEN`
/// set, write it instead. `test` names the test target to rerun.
pub fn golden(path: &Path, actual: &[u8], test: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(path).unwrap_or_default();
    if expected != actual {
        let e = String::from_utf8_lossy(&expected);
        let a = String::from_utf8_lossy(actual);
        let diff = similar::TextDiff::from_lines(e.as_ref(), a.as_ref())
            .unified_diff()
            .context_radius(2)
            .to_string();
        panic!(
            "{} is stale; if the change is intended, run `UPDATE_GOLDEN=1 cargo test --test {test}`\n{}",
            path.display(),
            &diff[..diff.len().min(4000)]
        );
    }
}

/// A repository holding a case in `career/` with one entry ("A", dated
/// 2026-01-10), committed on 2026-01-11.
pub fn career_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write("career/promocase.yaml", CONFIG);
    add_entry(&r, "2026-01-10", "A");
    r.commit("one", "2026-01-11");
    r
}

/// Write an org-leverage entry at organisation scope into `career/`.
pub fn add_entry(r: &TestRepo, date: &str, title: &str) {
    let slug = title.to_lowercase().replace(' ', "-");
    r.write(
        &format!("career/evidence/{}/{date}-{slug}.md", &date[..4]),
        &evidence(date, title, &["org-leverage"], "organisation", "manager"),
    );
}

/// Write entry "A" (dated 2026-01-10, org-leverage at organisation scope,
/// for the manager) under `prefix` (a case folder and `/`, or "").
pub fn entry_a(r: &TestRepo, prefix: &str) {
    r.write(
        &format!("{prefix}evidence/2026/2026-01-10-a.md"),
        &evidence(
            "2026-01-10",
            "A",
            &["org-leverage"],
            "organisation",
            "manager",
        ),
    );
}

/// A case at the repository's root with one entry ("A", dated 2026-01-10,
/// org-leverage at organisation scope), not committed yet.
pub fn root_case() -> TestRepo {
    let r = TestRepo::new();
    r.write("promocase.yaml", CONFIG);
    entry_a(&r, "");
    r
}
