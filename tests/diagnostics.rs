//! One test row per diagnostic code: the code, and the line and column it
//! points at. Cases are built in memory and go through the same loader as
//! the working tree and Git.

use promocase::case::{self, ParseCache};
use promocase::diagnostic::{Code, Diagnostic};
use promocase::source::{blob_id, Origin, Problem, Snapshot, SourceFile};
use std::sync::Arc;

mod common;

const CONFIG: &str = common::CONFIG;

fn ev(body: &str) -> String {
    format!("---\n{body}---\n\nNarrative.\n")
}

const GOOD: &str =
    "date: 2026-03-02\ntitle: Good\ncompetencies: [org-leverage]\nscope: organisation\nimpact: x\n";

fn snapshot(files: &[(&str, &[u8])], problems: Vec<Problem>) -> Snapshot {
    Snapshot {
        origin: Origin::WorkingTree,
        case: Default::default(),
        files: files
            .iter()
            .map(|(p, b)| SourceFile {
                path: (*p).into(),
                bytes: Arc::new(b.to_vec()),
                blob: blob_id(b).into(),
            })
            .collect(),
        problems,
    }
}

fn diags(files: &[(&str, &[u8])], problems: Vec<Problem>) -> Vec<Diagnostic> {
    let as_of = promocase::date::parse("2026-11-01").unwrap();
    case::load(
        &snapshot(files, problems),
        as_of,
        &mut ParseCache::default(),
    )
    .diagnostics
    .as_slice()
    .to_vec()
}

fn with_config(path: &str, text: &str) -> Vec<Diagnostic> {
    diags(
        &[
            ("promocase.yaml", CONFIG.as_bytes()),
            (path, text.as_bytes()),
        ],
        vec![],
    )
}

fn find(ds: &[Diagnostic], code: Code) -> &Diagnostic {
    ds.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {ds:#?}"))
}

#[test]
fn every_code_points_at_its_value() {
    let e = "evidence/2026/2026-03-02-x.md";
    let rows: Vec<(Code, Vec<Diagnostic>, &str, usize, usize)> = vec![
        (Code::FrontMatterMissing, with_config(e, "# Just markdown\n"), e, 1, 1),
        (Code::FrontMatterUnterminated, with_config(e, "---\ndate: 2026-03-02\n"), e, 1, 1),
        (Code::YamlSyntax, with_config(e, "---\ntitle: [a, b\n---\n"), e, 3, 1),
        (Code::DuplicateKey, with_config(e, &ev(&format!("{GOOD}title: again\n"))), e, 7, 1),
        (Code::MissingField, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nimpact: x\n")), e, 1, 1),
        (Code::UnknownField, with_config(e, &ev(&format!("{GOOD}  \nrol: led\n"))), e, 8, 1),
        (Code::WrongType, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: 5\nscope: team\nimpact: x\n")), e, 4, 15),
        (Code::InvalidDate, with_config(e, &ev("date: 2026-02-30\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\n")), e, 2, 7),
        (Code::UnknownCompetency, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage, mentorship]\nscope: team\nimpact: x\n")), e, 4, 30),
        (Code::UnknownScope, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: org\nimpact: x\n")), e, 5, 8),
        (Code::FutureDate, with_config(e, &ev("date: 2027-01-05\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\n")), e, 2, 7),
        (Code::FilenameDateMismatch, with_config(e, &ev("date: 2026-03-03\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\n")), e, 2, 7),
        (Code::EmptyNarrative, with_config(e, &format!("---\n{GOOD}---\n\n## Situation\n\n")), e, 7, 1),
        (Code::TrackChange, diags(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "fw.yaml").replace("target_level: senior-em", "target_level: staff").as_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM, track: management}\n  - {id: staff, name: Staff, track: ic}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      staff: {evidence: 1, scope: team}\n")], vec![]), "promocase.yaml", 4, 15),
        (Code::UnknownBehaviour, diags(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "fw.yaml").as_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n  - id: org-leverage\n    name: A\n    description: d\n    expectations:\n      senior-em:\n        evidence: 1\n        scope: team\n        behaviours:\n          - {id: sets-direction, text: Sets direction}\n"), (e, ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\nshows: [sets-directon]\n").as_bytes())], vec![]), e, 7, 9),
        (Code::UnknownAction, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\ncloses: [hiring-plan]\n")), e, 7, 10),
        (Code::NotAssessed, diags(&[("promocase.yaml", format!("{CONFIG}waive: {{team-effectiveness: \"not my role\"}}\n").as_bytes()), (e, ev("date: 2026-03-02\ntitle: x\ncompetencies: [team-effectiveness]\nscope: team\nimpact: x\n").as_bytes())], vec![]), e, 3, 8),
        (Code::NeverReady, diags(&[("promocase.yaml", format!("{}waive: {{a: \"not this role\"}}\n", CONFIG.replace("builtin:senior-em", "fw.yaml")).as_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: \"1\"\nscopes: [team]\nlevels:\n  - {id: em, name: EM}\n  - {id: senior-em, name: SEM}\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      senior-em: {evidence: 1, scope: team}\n")], vec![]), "promocase.yaml", 5, 8),
        (Code::ExampleEntry, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\nexample: true\n")), e, 3, 8),
        (Code::OutsideWindow, with_config("evidence/2025/2025-10-01-x.md", &ev("date: 2025-10-01\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\n")), "evidence/2025/2025-10-01-x.md", 2, 7),
        (Code::MissingImpact, with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\n")), e, 1, 1),
        (Code::UnknownLevel, diags(&[("promocase.yaml", CONFIG.replace("target_level: senior-em", "target_level: senior").as_bytes())], vec![]), "promocase.yaml", 4, 15),
        (Code::ConfigInvalid, diags(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "../framework.yaml").as_bytes())], vec![]), "promocase.yaml", 2, 12),
        (Code::FrameworkInvalid, diags(&[("promocase.yaml", CONFIG.replace("builtin:senior-em", "fw.yaml").as_bytes()), ("fw.yaml", b"id: x\nname: y\nversion: 1\nscopes: [team]\nlevels: [{id: em, name: EM}]\ncompetencies:\n  - id: a\n    name: A\n    description: d\n    expectations:\n      em: {evidence: 0, scope: team}\n")], vec![]), "fw.yaml", 11, 22),
        (Code::NotUtf8, diags(&[("promocase.yaml", CONFIG.as_bytes()), (e, b"---\ntitle: caf\xe9\n---\n")], vec![]), e, 2, 11),
        (Code::FileTooLarge, diags(&[("promocase.yaml", CONFIG.as_bytes())], vec![Problem::TooLarge { path: e.into(), size: 2_000_000 }]), e, 0, 0),
        (Code::SkippedEntry, diags(&[("promocase.yaml", CONFIG.as_bytes())], vec![Problem::Skipped { path: "evidence/link.md".into(), what: "a symbolic link".into() }]), "evidence/link.md", 0, 0),
        (Code::Unreadable, diags(&[("promocase.yaml", CONFIG.as_bytes())], vec![Problem::Unreadable { path: e.into(), message: "permission denied".into() }]), e, 0, 0),
    ];
    // Sealing: a key to seal to (the test holds none to open with).
    let key = age::x25519::Identity::generate().to_public().to_string();
    let sealing = format!("{CONFIG}seal:\n  self: [\"{key}\"]\n");
    let private = ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: x\nvisibility: private\n");
    let sealed_path = "evidence/2026/2026-03-02-sealed-0a1b2c3d.md.age";
    let sealed = promocase::seal::seal(private.as_bytes(), &[key]).unwrap();
    let mut rows = rows;
    let hidden = ev("date: 2026-03-02\ntitle: The long private title\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nvisibility: private\n");
    rows.push((
        Code::PitchNamesHidden,
        diags(
            &[
                ("promocase.yaml", CONFIG.as_bytes()),
                (e, hidden.as_bytes()),
                ("pitch.md", b"I led the long private title work.\n"),
            ],
            vec![],
        ),
        "pitch.md",
        0,
        0,
    ));
    rows.push((Code::ActionWithoutId, diags(&[("promocase.yaml", CONFIG.as_bytes()), ("feedback/2026-05-01-x.md", b"---\ndate: 2026-05-01\nfrom: Dana\nactions:\n  - {do: Write the plan}\n---\nx\n")], vec![]), "feedback/2026-05-01-x.md", 5, 10));
    let quality = |extra: &str| {
        with_config(
            e,
            &ev(&format!(
                "date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage]\n{extra}"
            )),
        )
    };
    rows.push((
        Code::PlaceholderText,
        quality("scope: team\nimpact: 2 teams\nwitnesses: [\"who can vouch for it\"]\n"),
        e,
        7,
        12,
    ));
    rows.push((
        Code::NoWitness,
        quality("scope: organisation\nimpact: 2 teams\n"),
        e,
        5,
        8,
    ));
    rows.push((
        Code::UnmeasuredImpact,
        quality("scope: team\nimpact: approved\n"),
        e,
        6,
        9,
    ));
    rows.push((Code::OngoingTooLong, quality("scope: team\nimpact: 2 teams\nuntil: ongoing\n").into_iter().chain(with_config("evidence/2024/2024-01-10-x.md", &ev("date: 2024-01-10\ntitle: x\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\nuntil: ongoing\n"))).collect(), "evidence/2024/2024-01-10-x.md", 2, 7));
    // The same story in two entries: the second (in path order) is told.
    let story = "\nWe rebuilt the on-call rota with the ledger team and halved the pages per engineer in a quarter.\n";
    let told = |title: &str| {
        format!("---\ndate: 2026-03-02\ntitle: {title}\ncompetencies: [org-leverage]\nscope: team\nimpact: 2 teams\n---\n{story}")
    };
    let second = "evidence/2026/2026-03-02-y.md";
    rows.push((
        Code::SameNarrative,
        diags(
            &[
                ("promocase.yaml", CONFIG.as_bytes()),
                (e, told("First").as_bytes()),
                (second, told("Second").as_bytes()),
            ],
            vec![],
        ),
        second,
        3,
        8,
    ));
    rows.push((
        Code::WaivedWithEvidence,
        diags(
            &[
                ("promocase.yaml", format!("{CONFIG}waive:\n  org-leverage: \"not this role\"\n").as_bytes()),
                (e, ev("date: 2026-03-02\ntitle: x\ncompetencies: [org-leverage, team-effectiveness]\nscope: team\nimpact: 2 teams\n").as_bytes()),
            ],
            vec![],
        ),
        "promocase.yaml",
        6,
        17,
    ));
    rows.push((
        Code::Unsealed,
        diags(
            &[
                ("promocase.yaml", sealing.as_bytes()),
                (e, private.as_bytes()),
            ],
            vec![],
        ),
        e,
        0,
        0,
    ));
    rows.push((
        Code::Sealed,
        diags(
            &[
                ("promocase.yaml", CONFIG.as_bytes()),
                (sealed_path, &sealed),
            ],
            vec![],
        ),
        sealed_path,
        0,
        0,
    ));
    let mut seen = std::collections::BTreeSet::new();
    for (code, ds, path, line, column) in &rows {
        let d = find(ds, *code);
        assert_eq!(
            (d.path.as_str(), d.line, d.column),
            (*path, *line, *column),
            "{code:?}: {d:#?}"
        );
        assert_eq!(d.severity, code.severity());
        seen.insert(*code);
    }
    // Duplicate evidence needs two files.
    let two = diags(
        &[
            ("promocase.yaml", CONFIG.as_bytes()),
            ("evidence/2026/2026-03-02-a.md", ev(GOOD).as_bytes()),
            ("evidence/2026/2026-03-02-b.md", ev(GOOD).as_bytes()),
        ],
        vec![],
    );
    let d = find(&two, Code::DuplicateEvidence);
    assert_eq!(
        (d.path.as_str(), d.line, d.column),
        ("evidence/2026/2026-03-02-b.md", 3, 8)
    );
    seen.insert(Code::DuplicateEvidence);
    let missing: Vec<_> = Code::ALL.iter().filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "codes without a test row: {missing:?}");
}

#[test]
fn suggestions_name_the_closest_value() {
    let e = "evidence/2026/2026-03-02-x.md";
    let ds = with_config(e, &ev("date: 2026-03-02\ntitle: x\ncompetencies: [Org-Leverage]\nscope: cross-teams\nimpact: x\nrol: led\n"));
    let help = |c: Code| find(&ds, c).help.clone().unwrap_or_default();
    assert_eq!(
        help(Code::UnknownCompetency),
        "did you mean `org-leverage`?"
    );
    assert_eq!(help(Code::UnknownScope), "did you mean `cross-team`?");
    assert_eq!(help(Code::UnknownField), "did you mean `role`?");
}

#[test]
fn a_clean_example_has_no_diagnostics() {
    let o = common::run(
        &common::example(),
        &["check", "--as-of", "2026-11-01", "--deny-warnings"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    assert!(common::stdout(&o).contains("0 errors, 0 warnings"));
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .unwrap();
    for code in Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.severity().as_str());
        assert!(
            doc.contains(&row),
            "docs/diagnostics.md lacks the row for {}",
            code.as_str()
        );
    }
}
