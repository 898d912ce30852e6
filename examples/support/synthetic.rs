//! A synthetic promotion-case repository, for benchmarks and their tests.
//!
//! Writes a Git repository through git2 (objects built in memory, one commit
//! at a time, no `git` process) holding one case at its root whose evidence
//! grows to N valid files over C commits: mostly additions, with a few edits,
//! renames and removals along the way. Evidence covers every competency of
//! the built-in framework, spread over several years, with 1-3 KB
//! narratives. The same seed gives the same commit ids; the working tree is
//! checked out at the end so the working-tree benchmarks can read it.
//! `cargo run --release --example gen-case -- OUT --files N --commits C`.
//!
//! It lives beside the examples, not in the library: it writes repositories,
//! which promocase never does, and only `source` may name git2 there.
//! `examples/gen-case.rs` and the tests include it with `#[path]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, deterministic, good enough for test data.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const COMPETENCIES: &[&str] = &[
    "team-effectiveness",
    "org-leverage",
    "impact-beyond-team",
    "cross-team-collaboration",
    "mentoring-managers",
    "handling-complexity",
    "ambiguity-autonomy",
    "strategic-thinking",
    "leadership-visibility",
    "manager-relationship",
    "cross-functional-relationships",
];
const SCOPES: &[&str] = &["team", "cross-team", "organisation", "company"];
const WORDS: &[&str] = &[
    "team",
    "roadmap",
    "incident",
    "hiring",
    "platform",
    "migration",
    "latency",
    "review",
    "process",
    "stakeholders",
    "quarter",
    "planning",
    "mentoring",
    "dependency",
    "launch",
    "standard",
    "retention",
    "budget",
    "strategy",
    "risk",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(10) as usize;
    let mut s: Vec<&str> = (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect();
    s[0] = "We";
    format!("{}.", s.join(" "))
}

fn evidence(rng: &mut Rng, date: &str, i: usize, edit: u32, shape: Shape) -> String {
    let a = COMPETENCIES[i % COMPETENCIES.len()];
    let b = COMPETENCIES[rng.below(COMPETENCIES.len() as u64) as usize];
    let comps = if a == b {
        a.to_string()
    } else {
        format!("{a}, {b}")
    };
    let scope = SCOPES[rng.below(SCOPES.len() as u64) as usize];
    // Wide histories hold shorter notes; the others 1-3 KB narratives.
    let target = match shape {
        Shape::Wide => 300 + rng.below(600) as usize,
        _ => 1000 + rng.below(2000) as usize,
    };
    let mut narrative = String::from("## Situation\n");
    while narrative.len() < target / 3 {
        narrative.push_str(&sentence(rng));
        narrative.push(' ');
    }
    narrative.push_str("\n\n## Action\n");
    while narrative.len() < 2 * target / 3 {
        narrative.push_str(&sentence(rng));
        narrative.push(' ');
    }
    narrative.push_str("\n\n## Result\n");
    while narrative.len() < target {
        narrative.push_str(&sentence(rng));
        narrative.push(' ');
    }
    format!(
        "---\ndate: {date}\ntitle: \"Piece of work {i} (revision {edit})\"\ncompetencies: [{comps}]\nscope: {scope}\nimpact: \"Measured outcome {i}: {}% better\"\nrole: led\nautonomy: self-initiated\nstakeholders: [\"Team {}\", \"Director\"]\nwitnesses: [\"Dana Okafor\"]\nlinks: [\"https://example.com/work/{i}\"]\nvisibility: {}\n---\n\n{narrative}\n",
        rng.below(90) + 1,
        rng.below(40),
        if i.is_multiple_of(17) { "private" } else { "manager" }
    )
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub out: PathBuf,
    pub files: usize,
    pub commits: usize,
    pub seed: u64,
    pub shape: Shape,
}

/// The history's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Files added evenly over the commits, in one folder per year
    /// (`evidence/2024/`), 1-3 KB each.
    #[default]
    Steady,
    /// The same pace, spread over 16 team folders each split by year
    /// (`evidence/team-07/2024/`), 0.3-0.9 KB each: every commit touches
    /// many folders.
    Wide,
    /// Nine files in ten added in bursts (one commit in ten), the rest a
    /// few at a time; each burst edits five older files, every other commit
    /// one.
    Bursty,
}

impl Shape {
    /// How many files exist after commit `c` of `commits`.
    fn added_by(self, files: usize, c: usize, commits: usize) -> usize {
        match self {
            Shape::Bursty => {
                let bursts = commits.div_ceil(10);
                let burst_files = files * 9 / 10;
                let in_bursts = burst_files * (c / 10 + 1) / bursts;
                in_bursts + (files - burst_files) * (c + 1) / commits
            }
            _ => (files * (c + 1)) / commits,
        }
    }

    /// The folder under `evidence/` of entry `i` dated in `year`.
    fn folder(self, i: usize, year: &str) -> String {
        match self {
            Shape::Wide => format!("team-{:02}/{year}", i % 16),
            _ => year.to_string(),
        }
    }

    /// Older files edited in commit `c` (between bursts, one: every
    /// commit changes the case).
    fn edits(self, c: usize) -> usize {
        match self {
            Shape::Bursty if c.is_multiple_of(10) => 5,
            Shape::Bursty => 1,
            _ => usize::from(c % 3 == 1),
        }
    }
}

/// The author and committer of every synthetic commit, at `when`.
fn signature(when: i64) -> Result<git2::Signature<'static>, git2::Error> {
    git2::Signature::new(
        "Synthetic",
        "synthetic@example.com",
        &git2::Time::new(when, 0),
    )
}

/// Write the repository; returns the HEAD commit id.
pub fn generate(a: &Spec) -> Result<String, git2::Error> {
    if a.files == 0 || a.commits == 0 {
        return Err(git2::Error::from_str(
            "--files and --commits must be at least 1",
        ));
    }
    if a.out.exists()
        && std::fs::read_dir(&a.out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(git2::Error::from_str(&format!(
            "{} exists and is not empty",
            a.out.display()
        )));
    }
    let repo = git2::Repository::init(&a.out)?;
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let config = repo.blob(b"candidate: Synthetic Candidate\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\nin_role_since: 2021-06-01\n")?;
    // path (year, file name) -> (blob, index, edit count)
    let mut files: BTreeMap<(String, String), (git2::Oid, usize, u32)> = BTreeMap::new();
    let mut year_trees: BTreeMap<String, git2::Oid> = BTreeMap::new();
    let start = 1_640_995_200i64; // 2022-01-01
    let span_days = 365 * 5 - 60;
    let mut parent: Option<git2::Oid> = None;
    let mut next_index = 0usize;
    for c in 0..a.commits {
        let day = (c as i64 * span_days) / a.commits as i64;
        let when = start + day * 86_400 + 43_200;
        let mut dirty: Vec<String> = Vec::new();
        // Additions: spread the N files evenly over the commits.
        let want = a.shape.added_by(a.files, c, a.commits);
        while next_index < want {
            let i = next_index;
            next_index += 1;
            let back = rng.below(25) as i64;
            let date = chrono_date(when - back * 86_400);
            let folder = a.shape.folder(i, &date[..4]);
            let name = format!("{date}-work-{i}.md");
            let blob = repo.blob(evidence(&mut rng, &date, i, 0, a.shape).as_bytes())?;
            files.insert((folder.clone(), name), (blob, i, 0));
            dirty.push(folder);
        }
        // Every few commits: an edit, and now and then a rename or a removal
        // followed by a replacement so the final count is N.
        for _ in 0..a.shape.edits(c) {
            if files.is_empty() {
                break;
            }
            let k = rng.below(files.len() as u64) as usize;
            let key = files.keys().nth(k).cloned();
            if let Some(key) = key {
                let (_, i, edit) = files[&key];
                let date = key.1[..10].to_string();
                let text = evidence(&mut rng, &date, i, edit + 1, a.shape);
                let blob = repo.blob(text.as_bytes())?;
                files.insert(key.clone(), (blob, i, edit + 1));
                dirty.push(key.0);
            }
        }
        if c % 25 == 7 && !files.is_empty() {
            let k = rng.below(files.len() as u64) as usize;
            if let Some(key) = files.keys().nth(k).cloned() {
                if let Some(v) = files.remove(&key) {
                    files.insert((key.0.clone(), key.1.replace(".md", "-renamed.md")), v);
                    dirty.push(key.0);
                }
            }
        }
        if c % 40 == 11 && files.len() > 1 {
            let k = rng.below(files.len() as u64) as usize;
            if let Some(key) = files.keys().nth(k).cloned() {
                if let Some((_, i, _)) = files.remove(&key) {
                    // Replace it so the count still reaches N.
                    let date = key.1[..10].to_string();
                    let name = format!("{date}-work-{i}-redone.md");
                    let blob = repo.blob(evidence(&mut rng, &date, i, 9, a.shape).as_bytes())?;
                    files.insert((key.0.clone(), name), (blob, i, 9));
                    dirty.push(key.0);
                }
            }
        }
        dirty.sort();
        dirty.dedup();
        for year in dirty {
            let mut tb = repo.treebuilder(None)?;
            for ((y, name), (blob, _, _)) in files.range((year.clone(), String::new())..) {
                if *y != year {
                    break;
                }
                tb.insert(name, *blob, 0o100644)?;
            }
            year_trees.insert(year, tb.write()?);
        }
        let ev = nested_tree(&repo, &year_trees)?;
        let mut root = repo.treebuilder(None)?;
        root.insert("promocase.yaml", config, 0o100644)?;
        root.insert("evidence", ev, 0o040000)?;
        let tree = repo.find_tree(root.write()?)?;
        let sig = signature(when)?;
        let parents: Vec<git2::Commit> = parent
            .map(|p| repo.find_commit(p))
            .transpose()?
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        let id = repo.commit(
            Some("HEAD"),
            &sig,
            &sig,
            &format!("evidence, commit {c}"),
            &tree,
            &refs,
        )?;
        parent = Some(id);
    }
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(parent.map(|p| p.to_string()).unwrap_or_default())
}

/// The tree holding each folder's tree at its path (`2024` or
/// `team-07/2024`: one level of nesting at most).
fn nested_tree(
    repo: &git2::Repository,
    folders: &BTreeMap<String, git2::Oid>,
) -> Result<git2::Oid, git2::Error> {
    let mut top: BTreeMap<&str, Vec<(&str, git2::Oid)>> = BTreeMap::new();
    let mut ev = repo.treebuilder(None)?;
    for (path, tree) in folders {
        match path.split_once('/') {
            Some((team, year)) => top.entry(team).or_default().push((year, *tree)),
            None => {
                ev.insert(path, *tree, 0o040000)?;
            }
        }
    }
    for (team, years) in top {
        let mut tb = repo.treebuilder(None)?;
        for (year, tree) in years {
            tb.insert(year, tree, 0o040000)?;
        }
        ev.insert(team, tb.write()?, 0o040000)?;
    }
    ev.write()
}

/// `YYYY-MM-DD` of a Unix time (UTC).
fn chrono_date(secs: i64) -> String {
    promocase::date::from_unix_seconds(secs).to_string()
}

/// Write a repository of `cases` cases under `cases/`, `a.files` evidence
/// files each, in one commit (for `calibrate`); returns the commit id.
/// Every case has its own candidate and its own random evidence.
// Not every includer uses it (tests include this file by path).
#[allow(dead_code)]
pub fn generate_cases(a: &Spec, cases: usize) -> Result<String, git2::Error> {
    if a.files == 0 || cases == 0 {
        return Err(git2::Error::from_str(
            "--files and --cases must be at least 1",
        ));
    }
    if a.out.exists() {
        return Err(git2::Error::from_str(&format!(
            "{} exists",
            a.out.display()
        )));
    }
    let repo = git2::Repository::init(&a.out)?;
    let when = 1_640_995_200i64 + 365 * 5 * 86_400;
    let mut all = repo.treebuilder(None)?;
    for k in 0..cases {
        let mut rng = Rng((a.seed + k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let config = format!("candidate: Candidate {k:04}\nframework: builtin:senior-em\ncurrent_level: em\ntarget_level: senior-em\n");
        let mut years: BTreeMap<String, git2::TreeBuilder<'_>> = BTreeMap::new();
        for i in 0..a.files {
            let back = rng.below(400) as i64;
            let date = chrono_date(when - back * 86_400);
            let blob = repo.blob(evidence(&mut rng, &date, i, 0, Shape::Steady).as_bytes())?;
            let year = date[..4].to_string();
            if !years.contains_key(&year) {
                years.insert(year.clone(), repo.treebuilder(None)?);
            }
            if let Some(tb) = years.get_mut(&year) {
                tb.insert(format!("{date}-work-{i}.md"), blob, 0o100644)?;
            }
        }
        let mut ev = repo.treebuilder(None)?;
        for (year, tb) in years {
            ev.insert(year, tb.write()?, 0o040000)?;
        }
        let mut case = repo.treebuilder(None)?;
        case.insert("promocase.yaml", repo.blob(config.as_bytes())?, 0o100644)?;
        case.insert("evidence", ev.write()?, 0o040000)?;
        all.insert(format!("c{k:04}"), case.write()?, 0o040000)?;
    }
    let mut root = repo.treebuilder(None)?;
    root.insert("cases", all.write()?, 0o040000)?;
    let tree = repo.find_tree(root.write()?)?;
    let sig = signature(when)?;
    let id = repo.commit(Some("HEAD"), &sig, &sig, "cases", &tree, &[])?;
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(id.to_string())
}

/// How the generated repository is left.
#[derive(Clone, Copy, PartialEq, Debug)]
// Not every includer uses it (tests include this file by path).
#[allow(dead_code)]
pub enum Pack {
    Loose,
    Repack,
    Aggressive,
}

#[allow(dead_code)]
fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

/// Clone the loose repository at `loose` into `out` (`git clone
/// --no-local`, as CI clones), then pack it with deltas. Needs `git`.
#[allow(dead_code)]
pub fn pack(loose: &Path, out: &Path, how: Pack) -> Result<(), String> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (src, dst) = (loose.to_string_lossy(), out.to_string_lossy());
    git(parent, &["clone", "--quiet", "--no-local", &src, &dst])?;
    match how {
        Pack::Repack => git(out, &["repack", "-adf", "-q"]),
        Pack::Aggressive => git(out, &["gc", "--aggressive", "--quiet"]),
        Pack::Loose => Ok(()),
    }
}
