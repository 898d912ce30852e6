//! The synthetic repository generator behind the benchmarks: its output is
//! a valid case, one timeline row per commit, the same for the same seed.

use promocase::pipeline;
use promocase::readiness::Audience;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use synthetic::{generate, generate_cases, pack, Pack, Shape, Spec};

#[test]
fn generated_repositories_are_valid_and_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let spec = |dir: &std::path::Path, seed| Spec {
        out: dir.join("repo"),
        files: 300,
        commits: 40,
        seed,
        shape: Shape::Steady,
    };
    let head_a = generate(&spec(a.path(), 7)).unwrap();
    let head_b = generate(&spec(b.path(), 7)).unwrap();
    assert_eq!(head_a, head_b, "same seed, same commit ids");
    let c = tempfile::tempdir().unwrap();
    assert_ne!(
        generate(&spec(c.path(), 8)).unwrap(),
        head_a,
        "another seed, another history"
    );

    let repo = a.path().join("repo");
    // Passes check with no errors, in the working tree and at HEAD.
    for rev in [None, Some("HEAD")] {
        let snap = promocase::source::read(&repo, rev).unwrap();
        let loaded = promocase::case::load(
            &snap,
            promocase::date::parse("2030-01-01").unwrap(),
            &mut Default::default(),
        );
        assert_eq!(
            loaded.errors(),
            0,
            "{:#?}",
            &loaded.diagnostics.as_slice()[..loaded.diagnostics.len().min(5)]
        );
        let evidence = snap
            .files
            .iter()
            .filter(|f| f.path.starts_with("evidence/"))
            .count();
        assert_eq!(evidence, 300);
    }
    // One timeline row per commit: every commit changes the case.
    let (t, parsed) = pipeline::timeline(
        &pipeline::TimelineArgs {
            case: &repo,
            range: None,
            monthly: false,
            audience: Audience::Manager,
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(t.rows.len(), 40);
    assert!(parsed >= 300, "{parsed}");
    // Refuses to write into a non-empty folder.
    assert!(generate(&spec(a.path(), 7)).is_err());
}

/// Run a promocase command in `dir`; its standard output.
fn promocase(dir: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_promocase"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

#[test]
fn a_packed_clone_reads_exactly_as_the_loose_repository() {
    let dir = tempfile::tempdir().unwrap();
    let loose = dir.path().join("loose");
    generate(&Spec {
        out: loose.clone(),
        files: 400,
        commits: 60,
        seed: 3,
        shape: Shape::Steady,
    })
    .unwrap();
    // As a user has it: cloned, then packed with deltas (two ways).
    let git = |cwd: &std::path::Path, args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // As gen-case --pack leaves it.
    for (name, how) in [("repack", Pack::Repack), ("gc", Pack::Aggressive)] {
        let packed = dir.path().join(name);
        pack(&loose, &packed, how).unwrap();
        let counts = git(&packed, &["count-objects", "-v"]);
        assert!(
            counts.contains("count: 0\n"),
            "no loose objects left: {counts}"
        );
        for args in [
            &["check", "--rev", "HEAD", "--format", "json"][..],
            &["status", "--rev", "HEAD", "--format", "json"],
            &["timeline", "--format", "json"],
            &["diff", "HEAD~20", "HEAD", "--format", "json"],
        ] {
            assert_eq!(
                String::from_utf8_lossy(&promocase(&packed, args)),
                String::from_utf8_lossy(&promocase(&loose, args)),
                "{name}: {args:?}"
            );
        }
    }
}

#[test]
fn generated_cases_are_each_read_once_by_calibrate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("many");
    let spec = Spec {
        out: out.clone(),
        files: 12,
        commits: 1,
        seed: 5,
        shape: Shape::Steady,
    };
    generate_cases(&spec, 7).unwrap();
    let json = promocase(&out, &["calibrate", "--rev", "HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = v["cases"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    let mut names: Vec<&str> = rows
        .iter()
        .map(|r| r["summary"]["candidate"].as_str().unwrap())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 7, "each case its own candidate");
    assert!(rows.iter().all(|r| r["state"] == "ok"), "{rows:#?}");
}

/// The other history shapes: `wide` spreads entries over 16 team folders
/// split by year, `bursty` adds nine in ten of them in one commit in ten.
#[test]
fn other_shapes_have_their_layout_and_pace() {
    let tmp = tempfile::tempdir().unwrap();
    let wide = tmp.path().join("wide");
    generate(&Spec {
        out: wide.clone(),
        files: 320,
        commits: 40,
        seed: 2,
        shape: Shape::Wide,
    })
    .unwrap();
    let snap = promocase::source::read(&wide, Some("HEAD")).unwrap();
    let teams: std::collections::BTreeSet<&str> = snap
        .files
        .iter()
        .filter_map(|f| f.path.strip_prefix("evidence/"))
        .filter_map(|p| p.split('/').next())
        .collect();
    assert_eq!(teams.len(), 16, "{teams:?}");
    assert!(teams.iter().all(|t| t.starts_with("team-")), "{teams:?}");
    let bursty = tmp.path().join("bursty");
    generate(&Spec {
        out: bursty.clone(),
        files: 500,
        commits: 50,
        seed: 2,
        shape: Shape::Bursty,
    })
    .unwrap();
    // Files per commit: the first commit is a burst of 9/10 of 500 over 5
    // bursts (90) plus the trickle's share (1).
    let o = std::process::Command::new("git")
        .args(["show", "--format=", "--name-only", "HEAD~49"])
        .current_dir(&bursty)
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.ends_with(".md"))
        .count();
    assert_eq!(first, 91);
    let snap = promocase::source::read(&bursty, Some("HEAD")).unwrap();
    let evidence = snap
        .files
        .iter()
        .filter(|f| f.path.starts_with("evidence/"))
        .count();
    assert_eq!(evidence, 500);
}
