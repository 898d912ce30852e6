//! Golden files of `check`'s human output, one per diagnostic code: the
//! message, the place, the caret and the help, exactly as a user sees them.
//!
//! The files live in `tests/golden/check/`. When a change to the output is
//! intended, refresh them with `UPDATE_GOLDEN=1 cargo test --test
//! check_golden` and review the diff.

mod common;

use common::{run, CONFIG};
use std::path::Path;

const E: &str = "evidence/2026/2026-03-02-x.md";
const GOOD: &str =
    "date: 2026-03-02\ntitle: Good\ncompetencies: [org-leverage]\nscope: organisation\nimpact: 2 teams\nwitnesses: [Dana]\n";

fn ev(body: &str) -> String {
    format!("---\n{body}---\n\nNarrative.\n")
}

/// A case holding `files` (the config first unless given), checked.
fn check(files: &[(&str, Vec<u8>)], setup: impl Fn(&Path)) -> String {
    check_with(files, setup, &[])
}

fn check_with(files: &[(&str, Vec<u8>)], setup: impl Fn(&Path), extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(case.join("promocase.yaml"), CONFIG).unwrap();
    for (path, bytes) in files {
        let p = case.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    setup(&case);
    let mut args = vec!["check", "case", "--as-of", "2026-11-01"];
    args.extend_from_slice(extra);
    let o = run(dir.path(), &args);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    String::from_utf8(o.stdout).unwrap()
}

fn with(path: &str, text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let path: &'static str = Box::leak(path.to_string().into_boxed_str());
    vec![(path, text.as_bytes().to_vec())]
}

fn nothing(_: &Path) {}

/// A valid age public key (the example in age's documentation): the test only seals to it.
const SEAL_KEY: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

#[test]
fn every_code_reads_as_its_golden_file() {
    let framework = "id: x\nname: y\nversion: 1\nscopes: [team]\nlevels: [{id: em, name: EM}]\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      em: {evidence: 0, scope: team}\n";
    let fw_config = CONFIG.replace("builtin:senior-em", "fw.yaml");
    let rows: Vec<(&str, String)> = vec![
        ("front-matter-missing", check(&with(E, "# Just markdown\n"), nothing)),
        ("front-matter-unterminated", check(&with(E, "---\ndate: 2026-03-02\n"), nothing)),
        ("yaml-syntax", check(&with(E, "---\ntitle: [a, b\n---\n"), nothing)),
        ("duplicate-key", check(&with(E, &ev(&format!("{GOOD}title: again\n"))), nothing)),
        ("missing-field", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nimpact: 2 teams\n")), nothing)),
        ("unknown-field", check(&with(E, &ev(&format!("{GOOD}rol: led\n"))), nothing)),
        ("wrong-type", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: 5\nscope: team\nimpact: 2 teams\n")), nothing)),
        ("invalid-date", check(&with(E, &ev("date: 2026-02-30\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n")), nothing)),
        ("unknown-competency", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage, mentorship]\nscope: team\nimpact: 2 teams\n")), nothing)),
        ("unknown-scope", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: org\nimpact: 2 teams\n")), nothing)),
        ("unknown-level", check(&with("promocase.yaml", &CONFIG.replace("target_level: senior-em", "target_level: senior")), nothing)),
        ("duplicate-evidence", check(&[("evidence/2026/2026-03-02-a.md", ev(GOOD).into_bytes()), ("evidence/2026/2026-03-02-b.md", ev(GOOD).into_bytes())], nothing)),
        ("not-utf8", check(&[(E, b"---\ntitle: caf\xe9\n---\n".to_vec())], nothing)),
        ("file-too-large", check(&[(E, vec![b'x'; 1_100_000])], nothing)),
        ("unreadable", check(&[], |case| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"2026-03-02-caf\xe9.md");
            let dir = case.join("evidence/2026");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(name), ev(GOOD)).unwrap();
        })),
        ("framework-invalid", check(&[("promocase.yaml", fw_config.clone().into_bytes()), ("fw.yaml", framework.as_bytes().to_vec())], nothing)),
        ("config-invalid", check(&with("promocase.yaml", &CONFIG.replace("builtin:senior-em", "../framework.yaml")), nothing)),
        ("future-date", check(&with(E, &ev("date: 2027-01-05\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n")), nothing)),
        ("filename-date-mismatch", check(&with(E, &ev("date: 2026-03-03\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n")), nothing)),
        ("empty-narrative", check(&with(E, &format!("---\n{GOOD}---\n\n## Situation\n\n")), nothing)),
        ("missing-impact", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\n")), nothing)),
        ("track-change", check(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "fw.yaml").replace("target_level: senior-em", "target_level: staff").into_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM, track: management}\n  - {id: staff, name: Staff, track: ic}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      staff: {evidence: 1, scope: team}\n".to_vec())], nothing)),
        ("unknown-behaviour", check(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "fw.yaml").into_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n  - id: org-leverage\n    name: A\n    description: d\n    expectations:\n      senior-em:\n        evidence: 1\n        scope: team\n        behaviours:\n          - {id: sets-direction, text: Sets direction}\n".to_vec()), (E, ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nshows: [sets-directon]\n").into_bytes())], nothing)),
        ("unknown-action", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\ncloses: [hiring-plan]\n")), nothing)),
        ("not-assessed", check(&[("promocase.yaml", format!("{CONFIG}waive: {{team-effectiveness: \"not my role\"}}\n").into_bytes()), (E, ev("date: 2026-03-02\ntitle: x\ncompetencies: [team-effectiveness]\nscope: team\nimpact: 2 teams\n").into_bytes())], nothing)),
        ("never-ready", check(&[("promocase.yaml", format!("{}waive: {{a: \"not this role\"}}\n", CONFIG.replace("builtin:senior-em", "fw.yaml")).into_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      senior-em: {evidence: 1, scope: team}\n".to_vec())], nothing)),
        ("example-entry", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nexample: true\n")), nothing)),
        ("outside-window", check_with(&with("evidence/2025/2025-10-01-x.md", &ev("date: 2025-10-01\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n")), nothing, &["-v"])),
        ("placeholder-text", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: \"time to hire down from 41 to 29 days\"\n")), nothing)),
        ("no-witness", check(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: organisation\nimpact: 2 teams\n")), nothing)),
        ("unmeasured-impact", check_with(&with(E, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: approved\n")), nothing, &["-v"])),
        ("ongoing-too-long", check(&with("evidence/2024/2024-01-10-x.md", &ev("date: 2024-01-10\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nuntil: ongoing\n")), nothing)),
        ("action-without-id", check(&with("feedback/2026-05-01-x.md", "---\ndate: 2026-05-01\nfrom: Dana\nkind: one-on-one\nactions:\n  - {do: Write the plan}\n---\nx\n"), nothing)),
        ("pitch-names-hidden", check(&[(E, ev("date: 2026-03-02\ntitle: The long private title\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nvisibility: private\n").into_bytes()), ("pitch.md", b"I led the long private title work.\n".to_vec())], nothing)),
        ("same-narrative", check(&[(E, b"---\ndate: 2026-03-02\ntitle: First\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n---\nWe rebuilt the on-call rota with the ledger team and halved the pages per engineer in a quarter.\n".to_vec()), ("evidence/2026/2026-03-02-y.md", b"---\ndate: 2026-03-02\ntitle: Second\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n---\nWe rebuilt the on-call rota with the ledger team and halved the pages per engineer in a quarter.\n".to_vec())], nothing)),
        ("waived-with-evidence", check(&[("promocase.yaml", format!("{CONFIG}waive:\n  org-leverage: \"not this role\"\n").into_bytes()), (E, ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage, team-effectiveness]\nscope: team\nimpact: 2 teams\n").into_bytes())], nothing)),
        // A fixed public key: the output must not depend on a fresh one.
        ("unsealed", check(&[("promocase.yaml", format!("{CONFIG}seal:\n  self: [\"{SEAL_KEY}\"]\n").into_bytes()), (E, ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nvisibility: private\n").into_bytes())], nothing)),
        ("sealed", check(&[("evidence/2026/2026-03-02-sealed-0a1b2c3d.md.age", promocase::seal::seal(b"secret", &[SEAL_KEY.to_string()]).unwrap())], nothing)),
        ("skipped-entry", check(&[], |case| {
            std::fs::create_dir_all(case.join("evidence")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", case.join("evidence/link.md")).unwrap();
        })),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/check");
    let mut codes: Vec<&str> = Vec::new();
    // Without -v, notes are one line for all of them.
    let quiet = check(&with("evidence/2025/2025-10-01-x.md", &ev("date: 2025-10-01\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n")), nothing);
    assert!(!quiet.contains("[outside-window]"), "{quiet}");
    assert!(
        quiet.contains("1 entry is older than the window and not counted; `-v` lists it"),
        "{quiet}"
    );
    assert!(quiet.ends_with("0 errors, 0 warnings, 1 note\n"), "{quiet}");
    for (code, out) in &rows {
        assert!(
            out.contains(&format!("[{code}]")),
            "{code} is not in its own output:\n{out}"
        );
        common::golden(
            &dir.join(format!("{code}.txt")),
            out.as_bytes(),
            "check_golden",
        );
        codes.push(code);
    }
    // Every code has a golden file.
    let o = run(Path::new("."), &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let code = line.split('`').nth(1).unwrap();
        assert!(codes.contains(&code), "no golden row for `{code}`");
    }
}
