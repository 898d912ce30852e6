//! Private means private: with `seal:`, private and manager-only files are
//! committed as age files sealed to the keys their visibility names, made
//! here with `ssh-keygen` (no network). Each reader's key opens what their
//! visibility allows and the rest stays sealed: counted, never named.

mod common;

use common::{evidence, stderr, stdout, TestRepo, CONFIG};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PRIVATE_TITLE: &str = "Performance plan handled with HR";
const MANAGER_TITLE: &str = "Budget negotiation with finance";
const SHARED_TITLE: &str = "Incident standard adopted";
const FEEDBACK_WORDS: &str = "Dana thinks the strategy writing is thin";

/// An SSH key pair made for the test: (private key path, public key line).
fn key(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen (openssh-client) is installed");
    assert!(ok.success());
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public.trim().to_string())
}

/// Run promocase in `cwd` holding `key` (`None`: no key at all).
fn run(cwd: &Path, key: Option<&Path>, args: &[&str]) -> Output {
    let identity = key.map_or_else(|| cwd.join("no-such-key"), Path::to_path_buf);
    Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("PROMOCASE_IDENTITY", identity)
        .output()
        .unwrap()
}

fn status(cwd: &Path, key: Option<&Path>, audience: &str) -> Value {
    let o = run(
        cwd,
        key,
        &[
            "status",
            "--format",
            "json",
            "--audience",
            audience,
            "--as-of",
            "2026-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// What must not change when files are sealed: each competency's status,
/// counts and score, and the verdict.
fn readiness(v: &Value) -> Value {
    let rows: Vec<Value> = v["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            serde_json::json!([
                c["id"],
                c["status"],
                c["counted"],
                c["withheld"],
                c["score"]
            ])
        })
        .collect();
    serde_json::json!([v["verdict"], v["score"], rows])
}

/// A case with one entry of each visibility and manager-only feedback.
fn case(r: &TestRepo) {
    r.write("promocase.yaml", CONFIG);
    let e = |d: &str, t: &str, c: &str, v: &str| evidence(d, t, &[c], "team", v);
    r.write(
        "evidence/2026/2026-03-02-plan.md",
        &e("2026-03-02", PRIVATE_TITLE, "team-effectiveness", "private"),
    );
    r.write(
        "evidence/2026/2026-04-02-budget.md",
        &e("2026-04-02", MANAGER_TITLE, "org-leverage", "manager"),
    );
    r.write(
        "evidence/2026/2026-05-02-incident.md",
        &e("2026-05-02", SHARED_TITLE, "org-leverage", "shareable"),
    );
    r.write(
        "feedback/2026/2026-05-20-one-on-one.md",
        &format!("---\ndate: 2026-05-20\nfrom: Dana\nkind: one-on-one\nvisibility: manager\ngaps: [strategic-thinking]\n---\n{FEEDBACK_WORDS}.\n"),
    );
}

/// A case that seals to a key made for the test: the folder holding the
/// key (kept while the test runs), the private key's path, the repository.
fn sealing_case() -> (tempfile::TempDir, PathBuf, TestRepo) {
    let keys = tempfile::tempdir().unwrap();
    let (me, me_pub) = key(keys.path(), "alex");
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        &format!("{CONFIG}seal:\n  self: [\"{me_pub}\"]\n"),
    );
    (keys, me, r)
}

/// Add a private entry and seal it (the case names a `self` key).
fn add_sealed_plan(r: &TestRepo) {
    r.write(
        "evidence/2026/2026-05-10-plan.md",
        &evidence(
            "2026-05-10",
            PRIVATE_TITLE,
            &["team-effectiveness"],
            "team",
            "private",
        ),
    );
    assert_eq!(run(r.path(), None, &["seal"]).status.code(), Some(0));
}

/// Every object in the repository, as bytes (all commits, trees, blobs).
fn all_objects(dir: &Path) -> String {
    let o = Command::new("git")
        .args(["cat-file", "--batch-all-objects", "--batch"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn sealed_entries_open_only_for_the_keys_their_visibility_names() {
    let keys = tempfile::tempdir().unwrap();
    let (me, me_pub) = key(keys.path(), "alex");
    let (boss, boss_pub) = key(keys.path(), "dana");
    let r = TestRepo::new();
    case(&r);
    let before_self = readiness(&status(r.path(), None, "self"));
    let before_manager = readiness(&status(r.path(), None, "manager"));
    // With `seal:`, a plaintext private or manager file is an error.
    r.write(
        "promocase.yaml",
        &format!("{CONFIG}seal:\n  self: [\"{me_pub}\"]\n  manager: [\"{boss_pub}\"]\n"),
    );
    let o = run(r.path(), Some(&me), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[unsealed]"), "{}", stdout(&o));

    let o = run(r.path(), None, &["seal"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches("sealed ").count(), 3, "{}", stdout(&o));
    // Idempotent: nothing left to seal.
    let again = run(r.path(), None, &["seal"]);
    assert!(
        stdout(&again).contains("nothing to seal"),
        "{}",
        stdout(&again)
    );
    r.commit("sealed case", "2026-05-30");

    // Nothing committed holds a private or manager entry's words, in its
    // content or its file name; the shareable entry stays plain.
    let objects = all_objects(r.path());
    for secret in [
        PRIVATE_TITLE,
        MANAGER_TITLE,
        FEEDBACK_WORDS,
        "plan",
        "budget",
        "Budget",
    ] {
        assert!(
            !objects.contains(secret),
            "{secret} is readable in the repository"
        );
    }
    assert!(objects.contains(SHARED_TITLE));
    assert!(objects.contains("-----BEGIN AGE ENCRYPTED FILE-----"));

    // The candidate's key reads everything: the same readiness as before.
    let o = run(r.path(), Some(&me), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(readiness(&status(r.path(), Some(&me), "self")), before_self);
    // The manager's key reads manager files, never private ones: the same
    // readiness as the manager's version before, except that the private
    // entry is now only a sealed file (counted, not even `withheld`).
    let mut expected = before_manager.clone();
    let team = &mut expected[2][0];
    assert_eq!(team[1], "withheld");
    *team = serde_json::json!(["team-effectiveness", "missing", 0, 0, 0]);
    let manager = status(r.path(), Some(&boss), "manager");
    assert_eq!(readiness(&manager), expected);
    assert_eq!(manager["sealed"], 1);
    let boss_self = status(r.path(), Some(&boss), "self");
    assert_eq!(boss_self["sealed"], 1);
    let o = run(
        r.path(),
        Some(&boss),
        &["brief", "--audience", "self", "--as-of", "2026-06-01"],
    );
    assert!(!stdout(&o).contains(PRIVATE_TITLE), "{}", stdout(&o));
    assert!(stdout(&o).contains(MANAGER_TITLE));

    // No key (CI): every command runs; sealed files are counted, never named.
    for args in [
        vec!["check"],
        vec!["status", "--audience", "self"],
        vec!["brief", "--audience", "self", "--as-of", "2026-06-01"],
        vec!["timeline", "--audience", "self"],
        vec!["export", "--audience", "self"],
    ] {
        let o = run(r.path(), None, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        for secret in [PRIVATE_TITLE, MANAGER_TITLE, FEEDBACK_WORDS] {
            assert!(!out.contains(secret), "{args:?} names {secret}");
        }
    }
    assert_eq!(status(r.path(), None, "self")["sealed"], 3);
    let brief = stdout(&run(r.path(), None, &["brief", "--as-of", "2026-06-01"]));
    assert!(
        brief.contains("3 sealed files are not counted: no key here opens them."),
        "{brief}"
    );
}

/// Across history: a commit that only added a sealed entry the reader
/// cannot open is no row of theirs and no change in their diff.
#[test]
fn history_reads_sealed_files_like_plain_ones() {
    let (_keys, me, r) = sealing_case();
    r.write(
        "evidence/2026/2026-05-02-incident.md",
        &evidence(
            "2026-05-02",
            SHARED_TITLE,
            &["org-leverage"],
            "team",
            "shareable",
        ),
    );
    r.commit("start", "2026-05-03");
    add_sealed_plan(&r);
    r.commit("a private entry, sealed", "2026-05-11");

    let diff = |key: Option<&Path>| {
        let o = run(
            r.path(),
            key,
            &[
                "diff",
                "HEAD~1",
                "HEAD",
                "--audience",
                "self",
                "--fail-on",
                "never",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(
        diff(Some(&me)).contains(PRIVATE_TITLE),
        "{}",
        diff(Some(&me))
    );
    let blind = diff(None);
    assert!(!blind.contains(PRIVATE_TITLE), "{blind}");
    let rows = |key: Option<&Path>, audience: &str| {
        let o = run(
            r.path(),
            key,
            &["timeline", "--format", "json", "--audience", audience],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["rows"].as_array().unwrap().len()
    };
    assert_eq!(rows(Some(&me), "self"), 2);
    // The manager sees no private entry either way: one row.
    assert_eq!(rows(None, "manager"), 1);
}

/// The shipped sealing example: its private and manager entries are
/// sealed to keys nobody kept, so a clone sees them only as a count.
#[test]
fn the_sealed_example_shows_a_count_and_no_secret() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sealed");
    let o = run(
        &dir,
        None,
        &[
            "status",
            "--format",
            "json",
            "--audience",
            "self",
            "--as-of",
            "2026-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sealed"], 2);
    let o = run(&dir, None, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o).matches("note[sealed]").count(),
        2,
        "{}",
        stdout(&o)
    );
    // Only the shareable entry is plain text.
    let plain: Vec<_> = std::fs::read_dir(dir.join("evidence/2026"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(plain, ["2026-03-10-incident-review.md"]);
    // The main example stays readable by anyone: nothing sealed there.
    let main = std::fs::read_to_string(common::example().join("promocase.yaml")).unwrap();
    assert!(!main.contains("seal:"));
}

/// A key that is no key, a list without `self`, an unknown reader: each an
/// error at its place in promocase.yaml.
#[test]
fn wrong_seal_keys_are_errors_at_their_place() {
    let r = TestRepo::new();
    for (seal, says, line) in [
        ("seal:\n  self: [\"alex@laptop\"]\n", "`seal.self` key 1: not an age key", 6),
        ("seal:\n  manager: []\n", "needs at least one `self` key", 5),
        ("seal:\n  self: []\n", "needs at least one `self` key", 5),
        ("seal:\n  self: [\"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"]\n  boss: []\n", "names `self` and `manager` only", 7),
    ] {
        r.write("promocase.yaml", &format!("{CONFIG}{seal}"));
        let o = run(r.path(), None, &["check", "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{seal}");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "config-invalid").unwrap().clone();
        assert!(d["message"].as_str().unwrap().contains(says), "{d}");
        assert_eq!(d["line"], line, "{seal}: {d}");
    }
}

/// `edit` on a sealed file: the editor gets the plaintext in a private
/// temporary folder, the result is sealed again, and no plaintext is left,
/// also when the editor fails.
#[test]
fn edit_opens_a_sealed_file_and_seals_it_again() {
    let (keys, me, r) = sealing_case();
    add_sealed_plan(&r);
    let sealed = std::fs::read_dir(r.path().join("evidence/2026"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let rel = sealed
        .strip_prefix(r.path())
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    // An editor that records where it was given the file, and changes it.
    let log = keys.path().join("editor.log");
    let editor = keys.path().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\necho \"$1\" > {}\nsed -i 's/What happened/What really happened/' \"$1\"\nexit ${{FAIL:-0}}\n", log.display())).unwrap();
    Command::new("chmod")
        .arg("755")
        .arg(&editor)
        .status()
        .unwrap();
    let edit = |fail: &str| {
        Command::new(env!("CARGO_BIN_EXE_promocase"))
            .args(["edit", &rel])
            .current_dir(r.path())
            .env("PROMOCASE_IDENTITY", &me)
            .env("EDITOR", &editor)
            .env_remove("VISUAL")
            .env("FAIL", fail)
            .output()
            .unwrap()
    };
    let o = edit("0");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let given = std::fs::read_to_string(&log).unwrap();
    let given = Path::new(given.trim());
    assert!(
        !given.exists(),
        "the plaintext {} is left behind",
        given.display()
    );
    assert!(
        !given.starts_with(r.path()),
        "the plaintext was written in the case"
    );
    let now = std::fs::read(&sealed).unwrap();
    assert!(now.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!String::from_utf8_lossy(&now).contains("really"));
    let o = run(
        r.path(),
        Some(&me),
        &["show", &rel, "--audience", "self", "--format", "json"],
    );
    assert!(
        stdout(&o).contains("What really happened"),
        "{}",
        stdout(&o)
    );
    // The editor fails: the sealed file is unchanged, nothing left behind.
    let before = std::fs::read(&sealed).unwrap();
    let o = edit("1");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is unchanged"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&sealed).unwrap(), before);
    let given = std::fs::read_to_string(&log).unwrap();
    assert!(!Path::new(given.trim()).exists());
}

/// Adding the manager's key after sealing: `seal --reseal` seals again
/// what the candidate's key opens, to the keys each file's visibility
/// names now. The manager then opens manager files, never private ones;
/// a key that opens nothing leaves every file as it is.
#[test]
fn reseal_after_adding_the_managers_key() {
    let keys = tempfile::tempdir().unwrap();
    let (me, me_pub) = key(keys.path(), "alex");
    let (dana, dana_pub) = key(keys.path(), "dana");
    let r = TestRepo::new();
    case(&r);
    let config = |manager: &str| format!("{CONFIG}seal:\n  self: [\"{me_pub}\"]\n{manager}");
    r.write("promocase.yaml", &config(""));
    let o = run(r.path(), Some(&me), &["seal"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Sealed to Alex only: Dana's key opens nothing.
    let before = status(r.path(), Some(&dana), "manager");
    assert_eq!(before["sealed"], 3, "{before}");
    r.write(
        "promocase.yaml",
        &config(&format!("  manager: [\"{dana_pub}\"]\n")),
    );
    // Without Alex's key nothing can be sealed again, and it says so.
    let o = run(r.path(), Some(&dana), &["seal", "--reseal"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("3 sealed files no key here opens: left as they are"),
        "{}",
        stdout(&o)
    );
    let o = run(r.path(), Some(&me), &["seal", "--reseal"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert_eq!(said.matches("sealed again ").count(), 3, "{said}");
    // Dana now opens the manager entry and the feedback, not the private plan.
    let after = status(r.path(), Some(&dana), "manager");
    assert_eq!(after["sealed"], 1, "{after}");
    let brief = run(
        r.path(),
        Some(&dana),
        &["brief", "--as-of", "2026-06-01", "--audience", "manager"],
    );
    let brief = stdout(&brief);
    assert!(
        brief.contains(MANAGER_TITLE) && brief.contains("named by Dana"),
        "{brief}"
    );
    assert!(!brief.contains(PRIVATE_TITLE), "{brief}");
    // What Dana reads scores as Alex's manager version, but for the private
    // plan: sealed to Alex, not counted at all, where Alex's key counts it
    // as withheld.
    let mine = status(r.path(), Some(&me), "manager");
    let rows = |v: &Value| readiness(v)[2].as_array().unwrap()[1..].to_vec();
    assert_eq!(rows(&after), rows(&mine));
}

/// `new` in a case that seals writes a manager or private entry sealed at
/// once (no plaintext to commit by mistake) and says how to edit it; with
/// `--edit` the editor gets it in a private folder, outside the case.
/// A passphrase-protected SSH key cannot be used (promocase asks for no
/// passphrase): a sealed file it would open is noted with the way out.
#[test]
fn a_passphrase_key_is_named_with_the_way_out() {
    let keys = tempfile::tempdir().unwrap();
    let locked = keys.path().join("locked");
    let ok = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "a passphrase",
            "-C",
            "locked",
            "-f",
        ])
        .arg(&locked)
        .status()
        .unwrap();
    assert!(ok.success());
    let public = std::fs::read_to_string(locked.with_extension("pub")).unwrap();
    let r = TestRepo::new();
    r.write(
        "promocase.yaml",
        &format!("{CONFIG}seal:\n  self: [\"{}\"]\n", public.trim()),
    );
    add_sealed_plan(&r);
    let o = run(r.path(), Some(&locked), &["check"]);
    let out = stdout(&o);
    assert!(out.contains("note[sealed]"), "{out}");
    assert!(
        out.contains("has a passphrase, which promocase cannot ask for"),
        "{out}"
    );
    assert!(out.contains("age-keygen"), "{out}");
}

#[test]
fn new_writes_a_sealed_entry_in_a_case_that_seals() {
    let (keys, me, r) = sealing_case();
    let new = |extra: &[&str]| {
        let editor = keys.path().join("editor.sh");
        std::fs::write(&editor, format!("#!/bin/sh\necho \"$1\" > {}\nprintf 'A narrative about the budget.\\n' >> \"$1\"\n", keys.path().join("where").display())).unwrap();
        Command::new("chmod")
            .arg("755")
            .arg(&editor)
            .status()
            .unwrap();
        let mut args = vec![
            "new",
            "Budget talk with finance",
            "--competency",
            "org-leverage",
            "--date",
            "2026-05-03",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_promocase"))
            .args(&args)
            .current_dir(r.path())
            .env("PROMOCASE_IDENTITY", &me)
            .env("EDITOR", &editor)
            .env_remove("VISUAL")
            .output()
            .unwrap()
    };
    let o = new(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = stdout(&o).trim().to_string();
    assert!(
        path.contains("2026-05-03-sealed-") && path.ends_with(".md.age"),
        "{path}"
    );
    assert!(stderr(&o).contains("promocase edit "), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(r.path().join("evidence/2026"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("budget")),
        "the title is in no file name: {names:?}"
    );
    let o = run(r.path(), Some(&me), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // With --edit: the editor works on a copy outside the case.
    let o = Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args([
            "new",
            "Second budget talk",
            "--competency",
            "org-leverage",
            "--date",
            "2026-05-04",
            "--edit",
        ])
        .current_dir(r.path())
        .env("PROMOCASE_IDENTITY", &me)
        .env("EDITOR", keys.path().join("editor.sh"))
        .env_remove("VISUAL")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let given = std::fs::read_to_string(keys.path().join("where")).unwrap();
    assert!(
        !Path::new(given.trim()).starts_with(r.path()),
        "edited inside the case: {given}"
    );
    let star = stdout(&run(
        r.path(),
        Some(&me),
        &["export", "--as-of", "2026-06-01", "--audience", "self"],
    ));
    assert!(star.contains("A narrative about the budget."), "{star}");
}

/// A sealed file whose visibility was changed to `shareable` outside
/// `promocase edit` (opened and sealed again by hand) is written in plain
/// text by `seal --reseal`, and the sealed one removed.
#[test]
fn reseal_writes_a_file_made_shareable_in_plain_text() {
    let (_keys, me, r) = sealing_case();
    add_sealed_plan(&r);
    let dir = r.path().join("evidence/2026");
    let sealed = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // Opened with the candidate's key, made shareable, sealed again to it.
    let mut ring = promocase::seal::Keyring::default();
    ring.add_file(&me);
    let plain = ring.open(&std::fs::read(&sealed).unwrap()).unwrap();
    let shared = String::from_utf8(plain)
        .unwrap()
        .replace("visibility: private", "visibility: shareable");
    let me_pub = std::fs::read_to_string(me.with_extension("pub")).unwrap();
    let again = promocase::seal::seal(shared.as_bytes(), &[me_pub.trim().to_string()]).unwrap();
    std::fs::write(&sealed, again).unwrap();
    let o = run(r.path(), Some(&me), &["seal", "--reseal"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("unsealed (shareable)"),
        "{}",
        stdout(&o)
    );
    let plain_path = sealed.with_extension("");
    assert!(!sealed.exists(), "the sealed file is removed");
    let text = std::fs::read_to_string(&plain_path).unwrap();
    assert!(
        text.contains(PRIVATE_TITLE) && text.contains("visibility: shareable"),
        "{text}"
    );
    let o = run(r.path(), Some(&me), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
