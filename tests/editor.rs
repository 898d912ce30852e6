//! Fits its users' habits: editor schemas checked by a real JSON Schema
//! validator, shell completions, the man page, help and version.

mod common;
use common::{example, run, stderr, stdout};
use promocase::case::{frontmatter, Framework};
use serde_json::Value;
use std::path::Path;

fn front_matter_json(text: &str) -> Value {
    let yaml = match frontmatter::split(text) {
        Ok(s) => s.yaml,
        Err(_) => text,
    };
    serde_json::to_value(promocase::yaml::parse(yaml).unwrap()).unwrap()
}

fn validator(kind: &str) -> jsonschema::Validator {
    let fw = Framework::builtin("senior-em");
    let schema = promocase::schema::schema(kind, fw.as_ref()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_file_passes_its_schema() {
    let ex = example();
    let mut n = 0;
    for (kind, dir) in [("evidence", "evidence"), ("feedback", "feedback")] {
        let v = validator(kind);
        for f in files_under(&ex.join(dir)) {
            let doc = front_matter_json(&std::fs::read_to_string(&f).unwrap());
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", f.display());
            n += 1;
        }
    }
    let config = front_matter_json(&std::fs::read_to_string(ex.join("promocase.yaml")).unwrap());
    assert!(validator("config").is_valid(&config));
    let fw = front_matter_json(promocase::case::framework::BUILTIN[0].1);
    let errors: Vec<String> = validator("framework")
        .iter_errors(&fw)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(n, 28, "26 evidence and 2 feedback files");
}

#[test]
fn schema_errors_in_the_bad_input_tests_are_rejected_by_the_schema_too() {
    let good = "date: 2026-03-02\ntitle: T\ncompetencies: [org-leverage]\nscope: team\nimpact: x\n";
    let v = validator("evidence");
    assert!(v.is_valid(&front_matter_json(good)));
    let bad = [
        ("unknown-field", format!("{good}rol: led\n")),
        ("wrong-type", good.replace("[org-leverage]", "42")),
        ("missing-field", good.replace("title: T\n", "")),
        ("invalid-date", good.replace("2026-03-02", "2026-2-3")),
        (
            "unknown-competency",
            good.replace("org-leverage", "Org-Leverage"),
        ),
        ("unknown-scope", good.replace("scope: team", "scope: org")),
        (
            "wrong-type (visibility)",
            format!("{good}visibility: secret\n"),
        ),
        (
            "missing-field (empty list)",
            good.replace("[org-leverage]", "[]"),
        ),
    ];
    for (what, text) in bad {
        assert!(
            !v.is_valid(&front_matter_json(&text)),
            "{what} accepted by the schema"
        );
        // And promocase itself rejects it.
        let files = [
            ("promocase.yaml", common::CONFIG.to_string()),
            (
                "evidence/2026/2026-03-02-x.md",
                format!("---\n{text}---\nn\n"),
            ),
        ];
        let snap = promocase::source::Snapshot {
            origin: promocase::source::Origin::WorkingTree,
            case: Default::default(),
            files: files
                .iter()
                .map(|(p, t)| promocase::source::SourceFile {
                    path: (*p).into(),
                    blob: promocase::source::blob_id(t.as_bytes()).into(),
                    bytes: std::sync::Arc::new(t.clone().into_bytes()),
                })
                .collect(),
            problems: vec![],
        };
        let loaded = promocase::case::load(
            &snap,
            promocase::date::parse("2026-11-01").unwrap(),
            &mut Default::default(),
        );
        assert!(loaded.errors() > 0, "{what} accepted by promocase");
    }
    let fb = validator("feedback");
    assert!(fb.is_valid(&front_matter_json(
        "date: 2026-06-15\nfrom: Dana\nkind: one-on-one\n"
    )));
    assert!(!fb.is_valid(&front_matter_json(
        "date: 2026-06-15\nfrom: Dana\nkind: chat\n"
    )));
    assert!(!fb.is_valid(&front_matter_json(
        "date: 2026-06-15\nfrom: Dana\nkind: peer\nactions: [{due: 2026-01-01}]\n"
    )));
    let cfg = validator("config");
    assert!(!cfg.is_valid(&front_matter_json(
        "candidate: X\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior\n"
    )));
    assert!(!validator("framework").is_valid(&front_matter_json(
        "id: x\nname: y\nversion: \"1\"\nscopes: [a]\nlevels: []\ncompetencies: []\nextra: 1\n"
    )));
}

#[test]
fn the_schema_command_and_init_write_editor_support() {
    let o = run(&example(), &["schema", "evidence"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    // Inside a case, the ids of its framework are listed for completion.
    assert!(v["properties"]["competencies"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x == "org-leverage"));
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "c"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for kind in promocase::schema::KINDS {
        assert!(
            tmp.path()
                .join(format!("c/.promocase/schema/{kind}.json"))
                .is_file(),
            "{kind}"
        );
    }
    let config = std::fs::read_to_string(tmp.path().join("c/promocase.yaml")).unwrap();
    assert!(config.starts_with("# yaml-language-server: $schema=.promocase/schema/config.json\n"));
    let o = run(
        &tmp.path().join("c"),
        &[
            "new",
            "Editor support",
            "-c",
            "org-leverage",
            "--date",
            "2026-02-01",
        ],
    );
    let entry = std::fs::read_to_string(tmp.path().join("c").join(stdout(&o).trim())).unwrap();
    assert!(
        entry.contains("# yaml-language-server: $schema=../../.promocase/schema/evidence.json\n")
    );
    // A fresh case is clean.
    let o = run(
        &tmp.path().join("c"),
        &["check", "--deny-warnings", "--as-of", "2026-12-31"],
    );
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));
}

#[test]
fn completions_man_page_help_and_version() {
    let dir = example();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(&dir, &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = stdout(&o);
        assert!(
            s.contains("brief") && s.contains("timeline") && s.contains("audience"),
            "{shell}"
        );
    }
    // Dynamic completion of competency ids and revisions.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args(["--", "promocase", "new", "-c", "mentor"])
        .env("COMPLETE", "fish")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        stdout(&o).starts_with("mentoring-managers"),
        "{}",
        stdout(&o)
    );
    // Revisions complete wherever one is asked for: diff's FROM and TO and
    // brief's --since, as --rev (branch and tag names of the repository).
    let r = common::TestRepo::new();
    r.write("promocase.yaml", common::CONFIG);
    r.commit("case", "2026-05-01");
    let tag = std::process::Command::new("git")
        .args(["tag", "last-conversation"])
        .current_dir(r.path())
        .status()
        .unwrap();
    assert!(tag.success());
    for line in [
        vec!["promocase", "diff", "last"],
        vec!["promocase", "diff", "HEAD", "last"],
        vec!["promocase", "brief", "--since", "last"],
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
            .arg("--")
            .args(&line)
            .env("COMPLETE", "fish")
            .current_dir(r.path())
            .output()
            .unwrap();
        assert!(
            stdout(&o).starts_with("last-conversation"),
            "{line:?}: {}",
            stdout(&o)
        );
    }
    let o = run(&dir, &["man"]);
    let man = stdout(&o);
    assert!(man.contains(".TH promocase 1") && man.contains("brief"));
    let o = run(&dir, &["--version"]);
    assert!(stdout(&o).starts_with(&format!("promocase {}", env!("CARGO_PKG_VERSION"))));
    for sub in [
        "check",
        "status",
        "brief",
        "diff",
        "timeline",
        "export",
        "calibrate",
        "init",
        "new",
        "framework",
        "templates",
        "completions",
        "man",
        "schema",
        "serve",
        "seal",
        "list",
        "show",
        "edit",
    ] {
        let o = run(&dir, &[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        assert!(
            stdout(&o).contains("Examples:"),
            "{sub} --help has no examples"
        );
    }
    // -v reports what was read on standard error, not standard output.
    let o = run(
        &dir,
        &["-v", "status", "--format", "json", "--as-of", "2026-11-01"],
    );
    assert!(stderr(&o).contains("read 30 files"), "{}", stderr(&o));
    assert!(serde_json::from_str::<Value>(&stdout(&o)).is_ok());
    // Colour on demand, off by default when not a terminal.
    let o = run(
        &dir,
        &["--color", "always", "status", "--as-of", "2026-11-01"],
    );
    assert!(stdout(&o).contains("\x1b["));
    let o = run(&dir, &["status", "--as-of", "2026-11-01"]);
    assert!(!stdout(&o).contains("\x1b["));
}

#[test]
fn framework_commands() {
    let dir = example();
    let o = run(&dir, &["framework", "list"]);
    assert!(stdout(&o).starts_with("builtin:senior-em\t"));
    let o = run(&dir, &["framework", "show", "senior-em"]);
    assert_eq!(stdout(&o), promocase::case::framework::BUILTIN[0].1);
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["framework", "export", "senior-em"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(tmp.path().join("senior-em.yaml").is_file());
    assert_eq!(
        run(tmp.path(), &["framework", "export", "senior-em"])
            .status
            .code(),
        Some(2)
    );
    let o = run(tmp.path(), &["framework", "show", "m7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("built-in frameworks: senior-em"));
}

#[test]
fn init_can_drop_in_the_github_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(tmp.path(), &["init", "c", "--ci", "github"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Outside a repository, init makes `c` one: the workflow goes to its
    // root and names the case as `.`.
    let wf = std::fs::read_to_string(tmp.path().join("c/.github/workflows/promocase.yml")).unwrap();
    assert_eq!(
        wf,
        include_str!("../examples/ci/github-actions.yml")
            .replace("PROMOCASE_CASE: career\n", "PROMOCASE_CASE: \".\"\n")
    );
    assert!(
        wf.contains("fetch-depth: 0")
            && wf.contains("uses: promocase/promocase@COMMIT")
            && wf.contains("GITHUB_STEP_SUMMARY")
    );
}

/// The folder `init --ci github` names is data in the workflow: written once,
/// quoted, in `env`, and read by the steps as a variable; never part of a
/// shell line or of the YAML's structure.
#[test]
fn init_ci_github_writes_any_folder_name_as_data() {
    let names = [
        "my case",
        "x $(touch PWNED)",
        "q\"uo'te`s`",
        "new\nline: injected",
        "colon: value # comment",
    ];
    for name in names {
        let tmp = tempfile::tempdir().unwrap();
        git2::Repository::init(tmp.path()).unwrap();
        let o = run(tmp.path(), &["init", name, "--ci", "github"]);
        assert_eq!(o.status.code(), Some(0), "{name:?}: {}", stderr(&o));
        let wf =
            std::fs::read_to_string(tmp.path().join(".github/workflows/promocase.yml")).unwrap();
        let v: serde_yaml::Value =
            serde_yaml::from_str(&wf).unwrap_or_else(|e| panic!("{name:?}: {e}\n{wf}"));
        assert_eq!(v["env"]["PROMOCASE_CASE"].as_str(), Some(name), "{wf}");
        // The steps name the variable, never the folder.
        for step in v["jobs"]["promocase"]["steps"].as_sequence().unwrap() {
            if let Some(run) = step["run"].as_str() {
                assert!(!run.contains(name), "{name:?} pasted into {run}");
                assert!(run.contains("\"$PROMOCASE_CASE\""), "{run}");
            }
            if let Some(case) = step["with"]["case"].as_str() {
                assert_eq!(case, "${{ env.PROMOCASE_CASE }}");
            }
        }
        assert!(!tmp.path().join("PWNED").exists());
    }
    // GitHub would evaluate an expression even inside the quoted value.
    let tmp = tempfile::tempdir().unwrap();
    git2::Repository::init(tmp.path()).unwrap();
    let o = run(
        tmp.path(),
        &["init", "c${{ github.token }}", "--ci", "github"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("GitHub would evaluate"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join(".github").exists());
}
