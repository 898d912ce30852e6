//! Micro-benchmarks of the hot paths on the example case: front-matter
//! parsing, validation against the framework, and scoring. `cargo bench`;
//! a regression shows up as a number here before it shows up in a user's
//! CI. (Whole-command benchmarks against Git's floor: `bench/run.sh`.)

use criterion::{criterion_group, criterion_main, Criterion};
use promocase::case::{self, Document, Framework, ParseCache};
use promocase::readiness::{assess, Audience};
use std::hint::black_box;
use std::path::Path;

fn example() -> promocase::source::Snapshot {
    promocase::source::read_worktree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/alex-rivera"),
    )
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let snap = example();
    let as_of = promocase::date::parse("2026-11-01").unwrap();
    let fw = Framework::builtin("senior-em").unwrap();
    let evidence: Vec<_> = snap
        .files
        .iter()
        .filter(|f| f.path.starts_with("evidence/"))
        .cloned()
        .collect();

    c.bench_function("front matter: split and parse 25 files", |b| {
        b.iter(|| {
            for f in &evidence {
                black_box(Document::parse(&f.bytes));
            }
        })
    });
    let docs: Vec<Document> = evidence.iter().map(|f| Document::parse(&f.bytes)).collect();
    c.bench_function("validate 25 parsed files", |b| {
        b.iter(|| {
            let mut diags = Vec::new();
            for (f, d) in evidence.iter().zip(&docs) {
                black_box(case::evidence::read(
                    &f.path,
                    &f.blob,
                    d,
                    &fw,
                    &[],
                    &mut diags,
                ));
            }
        })
    });
    c.bench_function("load the whole case (cold cache)", |b| {
        b.iter(|| black_box(case::load(&snap, as_of, &mut ParseCache::default())))
    });
    let loaded = case::load(&snap, as_of, &mut ParseCache::default());
    let k = loaded.case.unwrap();
    c.bench_function("score readiness", |b| {
        b.iter(|| black_box(assess(&k, as_of, Audience::Manager)))
    });
    // What a timeline row costs once its tally is up to date.
    let mut tally = promocase::readiness::Tally::new(&k.framework, &k.config.target_level);
    for e in &k.evidence {
        tally.add(e);
    }
    let scoring = promocase::readiness::Scoring {
        config: &k.config,
        framework: &k.framework,
        feedback: &k.feedback,
    };
    c.bench_function("score a timeline row from a tally", |b| {
        b.iter(|| black_box(tally.assess(&scoring, as_of, Audience::Manager)))
    });
}

criterion_group!(case_benches, benches);
criterion_main!(case_benches);
