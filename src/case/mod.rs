//! The case: configuration, framework, evidence and feedback, parsed and
//! validated from a [`Snapshot`], with every problem as a diagnostic.
//!
//! This stage never touches Git or the file system: it sees the bytes the
//! `source` stage read, so a case read from the working tree and one read
//! from any commit go through exactly the same code.

pub mod config;
pub mod document;
pub mod evidence;
pub mod feedback;
mod fields;
pub mod framework;
pub mod frontmatter;

pub use config::Config;
pub use document::Document;
pub use evidence::{Evidence, Visibility};
pub use feedback::{Action, Feedback};
pub use framework::Framework;

use crate::date::Date;
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Severity};
use crate::source::{Problem, Snapshot, SourceFile, CONFIG_FILE};
use crate::yaml::Seg;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A case that could be read well enough to be scored.
#[derive(Debug, Clone)]
pub struct Case {
    pub config: Config,
    pub framework: Framework,
    /// Valid evidence, in path order. Entries with errors are left out (and
    /// counted in `invalid_evidence`). Shared: `timeline` reuses an entry
    /// across every commit that holds the same file.
    pub evidence: Vec<Arc<Evidence>>,
    pub feedback: Vec<Feedback>,
    /// Handlebars templates found in the case's `templates/` folder, by file
    /// name.
    pub templates: BTreeMap<String, String>,
    pub invalid_evidence: usize,
}

/// The result of loading: the case when config and framework are usable,
/// and every diagnostic.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub case: Option<Case>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// One evidence file, parsed and checked against the framework.
struct Checked {
    evidence: Option<Arc<Evidence>>,
    /// Everything but `future-date`, which depends on the as-of date.
    diagnostics: Vec<Diagnostic>,
    date: evidence::DatePlace,
    /// The lower-cased title, for `duplicate-evidence`.
    title_key: String,
    /// Where the title is, for a `duplicate-evidence` diagnostic.
    title_at: Option<Diagnostic>,
}

/// A path and what checking the file there gave.
type PathResult = (Arc<str>, Arc<Checked>);

/// Evidence checked, by blob id and path: each distinct file is parsed
/// once, also across the many commits `timeline` reads. Valid for one
/// framework; a different framework empties it.
#[derive(Default)]
pub struct ParseCache {
    framework: Option<String>,
    /// Blob id -> (path, result): one hash of the blob id per lookup; the
    /// path (almost always one) is compared after.
    checked: crate::idhash::IdMap<Arc<str>, Vec<PathResult>>,
    /// How many files were actually parsed (not served from the cache).
    pub parsed: usize,
}

impl ParseCache {
    /// The checked result of every file, in order, checking the ones not
    /// cached yet in parallel: parsing YAML is the bulk of the work and each
    /// file is independent.
    fn check_all(
        &mut self,
        files: &[&SourceFile],
        fw: &Framework,
        fw_key: &str,
    ) -> Vec<Arc<Checked>> {
        if self.framework.as_deref() != Some(fw_key) {
            self.checked.clear();
            self.framework = Some(fw_key.to_string());
        }
        let lookup = |f: &SourceFile| -> Option<Arc<Checked>> {
            self.checked
                .get(&f.blob)?
                .iter()
                .find(|(p, _)| *p == f.path)
                .map(|(_, c)| c.clone())
        };
        let mut out: Vec<Option<Arc<Checked>>> = files.iter().map(|f| lookup(f)).collect();
        let todo: Vec<usize> = (0..files.len()).filter(|&i| out[i].is_none()).collect();
        self.parsed += todo.len();
        use rayon::prelude::*;
        let done: Vec<(usize, Arc<Checked>)> = todo
            .par_iter()
            .map(|&i| {
                let f = files[i];
                let doc = Document::parse(&f.bytes);
                let mut diagnostics = Vec::new();
                let (e, date) = evidence::read(&f.path, &f.blob, &doc, fw, &mut diagnostics);
                let title_key = e
                    .as_ref()
                    .map(|e| e.title.to_lowercase())
                    .unwrap_or_default();
                let title_at = e.as_ref().and_then(|_| title_place(&f.path, &doc));
                (
                    i,
                    Arc::new(Checked {
                        evidence: e.map(Arc::new),
                        diagnostics,
                        date,
                        title_key,
                        title_at,
                    }),
                )
            })
            .collect();
        for (i, c) in done {
            let f = files[i];
            self.checked
                .entry(f.blob.clone())
                .or_default()
                .push((f.path.clone(), c.clone()));
            out[i] = Some(c);
        }
        out.into_iter().flatten().collect()
    }
}

fn text_of<'a>(file: &'a SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match std::str::from_utf8(&file.bytes) {
        Ok(t) => Some(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Err(_) => {
            let doc = Document::parse(&file.bytes);
            if let Err(d) = document::open(&file.path, &doc, "the file") {
                diagnostics.push(*d);
            }
            None
        }
    }
}

/// Diagnostics for the entries the source could not read.
fn problem_diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    snapshot
        .problems
        .iter()
        .map(|p| match p {
            Problem::Skipped { path, what } => {
                Diagnostic::file(Code::SkippedEntry, path, format!("skipped {what}")).with_help(
                    "promocase reads only regular files inside the case; commit the file itself",
                )
            }
            Problem::TooLarge { path, size } => Diagnostic::file(
                Code::FileTooLarge,
                path,
                format!("the file is {size} bytes, over the 1 MiB limit; it was not read"),
            )
            .with_help(
                "evidence is a short narrative: link to large material instead of including it",
            ),
            Problem::Unreadable { path, message } => Diagnostic::file(
                Code::Unreadable,
                path,
                format!("cannot read the file: {message}"),
            ),
        })
        .collect()
}

fn is_evidence(path: &str) -> bool {
    path.starts_with("evidence/") && path.ends_with(".md")
}

/// Everything of a case but its evidence.
#[derive(Clone)]
struct Base {
    config: Config,
    framework: Framework,
    /// Identifies the framework the evidence is checked against.
    fw_key: String,
    feedback: Vec<Feedback>,
    templates: BTreeMap<String, String>,
}

/// The configuration, framework, feedback and templates of a snapshot; its
/// diagnostics go to `diags`. `None` when config or framework are unusable.
fn load_base(snapshot: &Snapshot, diags: &mut Vec<Diagnostic>) -> Option<Base> {
    // `source` yields files sorted by path: look them up by binary search
    // (a snapshot built by hand may not be sorted; then search it all).
    let find = |path: &str| -> Option<&SourceFile> {
        match snapshot.files.binary_search_by(|f| (*f.path).cmp(path)) {
            Ok(i) => Some(&snapshot.files[i]),
            Err(_) => snapshot.files.iter().find(|f| &*f.path == path),
        }
    };
    let Some(config_file) = find(CONFIG_FILE) else {
        if !diags.iter().any(|d| d.path == CONFIG_FILE) {
            diags.push(
                Diagnostic::file(
                    Code::ConfigInvalid,
                    CONFIG_FILE,
                    "the case has no `promocase.yaml`",
                )
                .with_help("`promocase init` writes one"),
            );
        }
        return None;
    };
    let config_text = text_of(config_file, diags)?;
    let config = config::parse(CONFIG_FILE, config_text, diags)?;
    let config_err = |diags: &mut Vec<Diagnostic>,
                      code: Code,
                      key: &str,
                      message: String,
                      help: Option<String>| {
        let span = config::span(config_text, &[Seg::Key(key)]);
        let mut d = Diagnostic::at(code, CONFIG_FILE, config_text, span, message);
        d.help = help;
        diags.push(d);
    };

    // The framework: built in, or a file inside the case.
    let framework = if let Some(id) = config.framework.strip_prefix(framework::BUILTIN_PREFIX) {
        match Framework::builtin(id) {
            Some(f) => f,
            None => {
                let ids = framework::BUILTIN.iter().map(|(i, _)| *i);
                let help = did_you_mean(id, ids)
                    .map(|h| h.replace('`', "`builtin:").replacen("`builtin:", "`", 1));
                let names: Vec<String> = framework::BUILTIN
                    .iter()
                    .map(|(i, _)| format!("builtin:{i}"))
                    .collect();
                config_err(
                    diags,
                    Code::ConfigInvalid,
                    "framework",
                    format!("no built-in framework `{id}`"),
                    help.or(Some(format!("built-in frameworks: {}", names.join(", ")))),
                );
                return None;
            }
        }
    } else {
        let rel = match framework_path(&config.framework) {
            Ok(p) => p,
            Err(why) => {
                config_err(diags, Code::ConfigInvalid, "framework", why, Some("the framework file must be inside the case folder, named relative to it (e.g. `framework.yaml`)".into()));
                return None;
            }
        };
        let Some(file) = find(&rel) else {
            if !diags.iter().any(|d| d.path == rel) {
                config_err(diags, Code::ConfigInvalid, "framework", format!("framework file `{rel}` not found in the case"), Some("use `builtin:senior-em`, or export it with `promocase framework export senior-em`".into()));
            }
            return None;
        };
        let text = text_of(file, diags)?;
        let (fw, fw_diags) = framework::parse(&rel, text);
        diags.extend(fw_diags);
        fw?
    };

    let mut ok = true;
    let level_ids: Vec<&str> = framework.levels.iter().map(|l| l.id.as_str()).collect();
    for key in ["current_level", "target_level"] {
        let value = if key == "current_level" {
            &config.current_level
        } else {
            &config.target_level
        };
        if framework.level(value).is_none() {
            let help = did_you_mean(value, level_ids.iter().copied()).unwrap_or_else(|| {
                format!("levels of `{}`: {}", framework.id, level_ids.join(", "))
            });
            config_err(
                diags,
                Code::UnknownLevel,
                key,
                format!("unknown level `{value}`"),
                Some(help),
            );
            ok = false;
        }
    }
    for id in config.waive.keys() {
        if framework.competency(id).is_none() {
            let span = config::span(config_text, &[Seg::Key("waive"), Seg::Key(id)]);
            let help = did_you_mean(id, framework.competencies.iter().map(|c| c.id.as_str()));
            let mut d = Diagnostic::at(
                Code::UnknownCompetency,
                CONFIG_FILE,
                config_text,
                span,
                format!("waived competency `{id}` is not in the framework"),
            );
            d.help = help;
            diags.push(d);
            ok = false;
        }
    }
    if !ok {
        return None;
    }

    let fw_key = match find(&config.framework) {
        Some(f) => f.blob.to_string(),
        None => config.framework.clone(),
    };
    let mut feedback = Vec::new();
    let mut templates = BTreeMap::new();
    for file in &snapshot.files {
        let path = &*file.path;
        if path.starts_with("feedback/") && path.ends_with(".md") {
            let doc = Document::parse(&file.bytes);
            feedback.extend(feedback::read(path, &doc, &framework, diags));
        } else if let Some(name) = path
            .strip_prefix("templates/")
            .filter(|p| p.ends_with(".hbs"))
        {
            if let Some(text) = text_of(file, diags) {
                templates.insert(name.to_string(), text.to_string());
            }
        }
    }
    feedback.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    Some(Base {
        config,
        framework,
        fw_key,
        feedback,
        templates,
    })
}

/// The `duplicate-evidence` place of a valid entry: its title.
fn title_place(path: &str, doc: &Document) -> Option<Diagnostic> {
    let Document::Text {
        text,
        front: Ok(front),
    } = doc
    else {
        return None;
    };
    let span = crate::yaml::locate(&text[front.yaml.clone()], &[Seg::Key("title")])?;
    let span = crate::diagnostic::Span {
        line: span.line + front.line_offset,
        ..span
    };
    Some(Diagnostic::at(
        Code::DuplicateEvidence,
        path,
        text,
        span,
        "",
    ))
}

/// The evidence of a case by path. Applying the next commit's files to it
/// re-checks only the (path, blob) pairs it has not seen, so a timeline
/// costs what its changes cost, plus a cheap walk over unchanged entries.
#[derive(Default)]
struct EvidenceSet {
    /// The framework the entries were checked against.
    fw_key: String,
    entries: BTreeMap<Arc<str>, (Arc<str>, Arc<Checked>)>,
    /// Valid entries by (date, lower-cased title), for `duplicate-evidence`.
    titles: HashMap<(Date, String), BTreeSet<Arc<str>>>,
    /// The (date, title) keys held by more than one entry.
    dupes: BTreeSet<(Date, String)>,
}

impl EvidenceSet {
    fn remove(&mut self, path: &Arc<str>) {
        let Some((_, c)) = self.entries.remove(path) else {
            return;
        };
        if let Some(e) = &c.evidence {
            let key = (e.date, c.title_key.clone());
            if let Some(set) = self.titles.get_mut(&key) {
                set.remove(path);
                if set.len() < 2 {
                    self.dupes.remove(&key);
                }
                if set.is_empty() {
                    self.titles.remove(&key);
                }
            }
        }
    }

    fn insert(&mut self, path: Arc<str>, blob: Arc<str>, c: Arc<Checked>) {
        if let Some(e) = &c.evidence {
            let key = (e.date, c.title_key.clone());
            let set = self.titles.entry(key.clone()).or_default();
            set.insert(path.clone());
            if set.len() > 1 {
                self.dupes.insert(key);
            }
        }
        self.entries.insert(path, (blob, c));
    }

    /// Make the set hold exactly `files` (evidence files of one snapshot).
    fn update(&mut self, files: &[&SourceFile], cache: &mut ParseCache, base: &Base) {
        if self.fw_key != base.fw_key {
            *self = EvidenceSet {
                fw_key: base.fw_key.clone(),
                ..Default::default()
            };
        }
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        // Walk the entries and the files side by side, both in path order
        // (the caller passes sorted files): consecutive commits share their
        // path strings, so most steps are one pointer comparison.
        let mut changed: Vec<&SourceFile> = Vec::new();
        let mut gone: Vec<Arc<str>> = Vec::new();
        let mut entries = self.entries.iter().peekable();
        for f in files {
            while let Some((p, _)) = entries.peek() {
                if !Arc::ptr_eq(p, &f.path) && ***p < *f.path {
                    gone.push((*p).clone());
                    entries.next();
                } else {
                    break;
                }
            }
            match entries.peek() {
                Some((p, (blob, _))) if same(p, &f.path) => {
                    if !same(blob, &f.blob) {
                        changed.push(f);
                    }
                    entries.next();
                }
                _ => changed.push(f),
            }
        }
        gone.extend(entries.map(|(p, _)| p.clone()));
        for p in &gone {
            self.remove(p);
        }
        if changed.is_empty() {
            return;
        }
        let checked = cache.check_all(&changed, &base.framework, &base.fw_key);
        for (f, c) in changed.iter().zip(checked) {
            self.remove(&f.path);
            self.insert(f.path.clone(), f.blob.clone(), c);
        }
    }

    /// The valid, non-duplicate evidence, and every evidence diagnostic at
    /// `as_of`, in path order.
    fn assemble(&self, as_of: Date, diags: &mut Vec<Diagnostic>) -> (Vec<Arc<Evidence>>, usize) {
        // The same date and title twice is almost always a copy-paste: every
        // path after the first (in path order) is reported and left out.
        let mut dupes: HashMap<&str, &str> = HashMap::new();
        for key in &self.dupes {
            let mut paths = self.titles[key].iter();
            if let Some(first) = paths.next() {
                for p in paths {
                    dupes.insert(p, first);
                }
            }
        }
        let mut evidence = Vec::with_capacity(self.entries.len());
        let mut invalid = 0;
        for (path, (_, c)) in &self.entries {
            diags.extend(c.diagnostics.iter().cloned());
            if let Some((date, at)) = &c.date {
                if *date > as_of {
                    diags.extend(evidence::future_date(path, *date, at, as_of));
                }
            }
            match (&c.evidence, dupes.get(&**path)) {
                (Some(_), Some(first)) => {
                    invalid += 1;
                    if let Some(at) = &c.title_at {
                        diags.push(
                            Diagnostic {
                                message: format!("the same date and title as `{first}`"),
                                ..at.clone()
                            }
                            .with_help("merge the two entries, or give each its own title"),
                        );
                    }
                }
                (Some(e), None) => evidence.push(e.clone()),
                (None, _) => invalid += 1,
            }
        }
        (evidence, invalid)
    }
}

fn finish(case: Option<Case>, mut diags: Vec<Diagnostic>, files: usize) -> Loaded {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
    });
    diags.dedup();
    Loaded {
        case,
        diagnostics: diags,
        files,
    }
}

/// Load the case in `snapshot`, as of `as_of` (for `future-date`): a
/// [`Series`] of one, sharing `cache` with other loads.
pub fn load(snapshot: &Snapshot, as_of: Date, cache: &mut ParseCache) -> Loaded {
    let mut series = Series {
        cache: std::mem::take(cache),
        ..Default::default()
    };
    // `source` yields files sorted by path, as `Series` needs; a snapshot
    // built by hand may not be.
    let loaded = if snapshot.files.is_sorted_by(|a, b| a.path <= b.path) {
        series.load(snapshot, as_of)
    } else {
        let mut sorted = snapshot.clone();
        sorted.files.sort_by(|a, b| a.path.cmp(&b.path));
        series.load(&sorted, as_of)
    };
    *cache = series.cache;
    loaded
}

/// The non-evidence files and problems of a snapshot, and what loading
/// them gave.
struct LoadedBase {
    others: Vec<(Arc<str>, Arc<str>)>,
    problems: Vec<Problem>,
    base: Option<Base>,
    diags: Vec<Diagnostic>,
}

/// Loads one case at many points in time (`timeline`): the configuration,
/// framework and feedback are loaded again only when they change, and
/// evidence is updated by what changed since the previous snapshot.
#[derive(Default)]
pub struct Series {
    cache: ParseCache,
    set: EvidenceSet,
    /// The non-evidence files and problems of the last snapshot, and what
    /// loading them gave.
    base: Option<LoadedBase>,
}

impl Series {
    /// How many evidence files were parsed so far (each distinct (path,
    /// blob) once).
    pub fn parsed(&self) -> usize {
        self.cache.parsed
    }

    /// Load `snapshot`; the same result as [`load`].
    pub fn load(&mut self, snapshot: &Snapshot, as_of: Date) -> Loaded {
        // One pass: evidence to update, the rest to compare with last time.
        // (Snapshots from `source` are sorted by path, which `update` needs.)
        let mut evidence: Vec<&SourceFile> = Vec::with_capacity(snapshot.files.len());
        let mut others: Vec<(Arc<str>, Arc<str>)> = Vec::new();
        for f in &snapshot.files {
            if is_evidence(&f.path) {
                evidence.push(f);
            } else {
                others.push((f.path.clone(), f.blob.clone()));
            }
        }
        let unchanged =
            matches!(&self.base, Some(b) if b.others == others && b.problems == snapshot.problems);
        if !unchanged {
            let mut diags = problem_diagnostics(snapshot);
            let base = load_base(snapshot, &mut diags);
            self.base = Some(LoadedBase {
                others,
                problems: snapshot.problems.clone(),
                base,
                diags,
            });
        }
        let Some(LoadedBase {
            base,
            diags: base_diags,
            ..
        }) = &self.base
        else {
            return finish(None, Vec::new(), snapshot.files.len());
        };
        let mut diags = base_diags.clone();
        let Some(base) = base else {
            return finish(None, diags, snapshot.files.len());
        };
        self.set.update(&evidence, &mut self.cache, base);
        let (evidence, invalid_evidence) = self.set.assemble(as_of, &mut diags);
        let case = Case {
            config: base.config.clone(),
            framework: base.framework.clone(),
            evidence,
            feedback: base.feedback.clone(),
            templates: base.templates.clone(),
            invalid_evidence,
        };
        finish(Some(case), diags, snapshot.files.len())
    }
}

/// Check a framework path from the config: relative, inside the case.
pub fn framework_path(p: &str) -> Result<String, String> {
    if p.starts_with('/') || p.starts_with('\\') || p.get(1..2) == Some(":") {
        return Err(format!("framework path `{p}` is absolute"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("framework path `{p}` points outside the case"));
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return Err(format!("framework path `{p}` names no file"));
    }
    Ok(parts.join("/"))
}
