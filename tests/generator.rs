//! The synthetic repository generator behind the benchmarks: its output is
//! a valid case, one timeline row per commit, the same for the same seed.

use promocase::pipeline;
use promocase::readiness::Audience;
#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use synthetic::{generate, Spec};

#[test]
fn generated_repositories_are_valid_and_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let spec = |dir: &std::path::Path, seed| Spec {
        out: dir.join("repo"),
        files: 300,
        commits: 40,
        seed,
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
