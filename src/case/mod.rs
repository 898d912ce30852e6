//! The case: configuration, framework, evidence and feedback, parsed and
//! validated from a [`Snapshot`], with every problem as a diagnostic.
//!
//! This stage never touches Git or the file system: it sees the bytes the
//! `source` stage read, so a case read from the working tree and one read
//! from any commit go through exactly the same code.
//!
//! Every load goes through a [`Series`], which holds a case's files and
//! applies changes to them: a single load is a series of one, and
//! `timeline` applies each commit's [`Changes`] in turn, so that a commit
//! costs what it changed rather than what the case holds.

pub mod config;
pub mod document;
pub mod evidence;
pub mod feedback;
mod fields;
pub mod framework;
pub mod frontmatter;
pub mod kinds;

pub use config::Config;
pub use document::Document;
pub use evidence::{Evidence, Visibility};
pub use feedback::{Action, Feedback};
pub use framework::Framework;

use crate::date::Date;
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Severity};
use crate::source::{Changes, Problem, Snapshot, SourceFile, CONFIG_FILE};
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
    /// Errors among `diagnostics`, as [`Loaded::errors`] counts them.
    errors: usize,
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
        let done: Vec<(usize, Arc<Checked>)> = crate::parallel::map(&todo, |&i| {
            let f = files[i];
            let doc = Document::parse(&f.bytes);
            let mut diagnostics = Vec::new();
            let (e, date) = evidence::read(&f.path, &f.blob, &doc, fw, &mut diagnostics);
            let title_key = e
                .as_ref()
                .map(|e| e.title.to_lowercase())
                .unwrap_or_default();
            let title_at = e.as_ref().and_then(|_| title_place(&f.path, &doc));
            let errors = error_count(&diagnostics);
            (
                i,
                Arc::new(Checked {
                    evidence: e.map(Arc::new),
                    diagnostics,
                    date,
                    title_key,
                    title_at,
                    errors,
                }),
            )
        });
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
fn problem_diagnostics(problems: &[Problem]) -> Vec<Diagnostic> {
    problems
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

/// The configuration, framework, feedback and templates among `files`
/// (the case's files other than evidence, sorted by path); its
/// diagnostics go to `diags`. `None` when config or framework are unusable.
fn load_base(files: &[SourceFile], diags: &mut Vec<Diagnostic>) -> Option<Base> {
    let find = |path: &str| -> Option<&SourceFile> {
        files
            .binary_search_by(|f| (*f.path).cmp(path))
            .ok()
            .map(|i| &files[i])
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
    for file in files {
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

/// Valid evidence whose counting changed: added (`true`) or removed.
pub type CountedChange = (Arc<Evidence>, bool);

/// The evidence of a case by path, with what each file gave when checked.
/// Kept up to date one file at a time, so a timeline costs what its changes
/// cost; so is the running count of errors, and the log of which entries
/// started or stopped counting (what a readiness tally follows).
#[derive(Default)]
struct EvidenceSet {
    /// The framework the entries were checked against.
    fw_key: String,
    entries: BTreeMap<Arc<str>, Arc<Checked>>,
    /// Valid entries by (date, lower-cased title), for `duplicate-evidence`:
    /// the first path of each set counts, the others are reported.
    titles: HashMap<(Date, String), BTreeSet<Arc<str>>>,
    /// The (date, title) keys held by more than one entry.
    dupes: BTreeSet<(Date, String)>,
    /// Errors in the entries' own diagnostics.
    entry_errors: usize,
    /// `duplicate-evidence` errors.
    dup_errors: usize,
    /// Entries that started or stopped counting since the log was taken.
    log: Vec<CountedChange>,
}

impl EvidenceSet {
    fn new(fw_key: &str) -> EvidenceSet {
        EvidenceSet {
            fw_key: fw_key.to_string(),
            ..Default::default()
        }
    }

    /// Add (`sign` true) or take away what the entries with one (date,
    /// title) key contribute: the first one counts, each other one is a
    /// `duplicate-evidence` error.
    fn contribute(&mut self, key: &(Date, String), sign: bool) {
        let Some(set) = self.titles.get(key) else {
            return;
        };
        let mut paths = set.iter();
        if let Some(first) = paths.next() {
            if let Some(e) = self.entries.get(first).and_then(|c| c.evidence.clone()) {
                self.log.push((e, sign));
            }
        }
        let reported = paths
            .filter(|p| self.entries.get(*p).is_some_and(|c| c.title_at.is_some()))
            .count();
        if sign {
            self.dup_errors += reported;
            if set.len() > 1 {
                self.dupes.insert(key.clone());
            } else {
                self.dupes.remove(key);
            }
        } else {
            self.dup_errors -= reported;
        }
    }

    fn remove(&mut self, path: &Arc<str>) {
        let Some(c) = self.entries.get(path).cloned() else {
            return;
        };
        self.entry_errors -= c.errors;
        let Some(e) = &c.evidence else {
            self.entries.remove(path);
            return;
        };
        let key = (e.date, c.title_key.clone());
        self.contribute(&key, false);
        self.entries.remove(path);
        if let Some(set) = self.titles.get_mut(&key) {
            set.remove(path);
            if set.is_empty() {
                self.titles.remove(&key);
                self.dupes.remove(&key);
            }
        }
        self.contribute(&key, true);
    }

    fn insert(&mut self, path: Arc<str>, c: Arc<Checked>) {
        self.remove(&path);
        self.entry_errors += c.errors;
        let key = c.evidence.as_ref().map(|e| (e.date, c.title_key.clone()));
        if let Some(key) = &key {
            self.contribute(key, false);
        }
        self.entries.insert(path.clone(), c);
        if let Some(key) = key {
            self.titles.entry(key.clone()).or_default().insert(path);
            self.contribute(&key, true);
        }
    }

    /// The entries that count: valid, and first of their (date, title).
    fn counted(&self) -> impl Iterator<Item = &Arc<Evidence>> {
        self.entries.iter().filter_map(|(path, c)| {
            let e = c.evidence.as_ref()?;
            let first = self.titles.get(&(e.date, c.title_key.clone()))?.first()?;
            (first == path).then_some(e)
        })
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
        for (path, c) in &self.entries {
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

/// Diagnostics in the order every output lists them, each once.
fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
    });
    diags.dedup();
}

/// Errors among `diags` once sorted and deduplicated.
fn error_count(diags: &[Diagnostic]) -> usize {
    let is_error = |d: &Diagnostic| d.severity == Severity::Error;
    // Most files have none: no copy to sort then.
    if !diags.iter().any(is_error) {
        return 0;
    }
    let mut diags = diags.to_vec();
    sort_diagnostics(&mut diags);
    diags.iter().filter(|d| is_error(d)).count()
}

fn finish(case: Option<Case>, mut diags: Vec<Diagnostic>, files: usize) -> Loaded {
    sort_diagnostics(&mut diags);
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
    let loaded = series.load(snapshot, as_of);
    *cache = series.cache;
    loaded
}

/// What loading the non-evidence files and problems gave.
struct LoadedBase {
    base: Option<Base>,
    diags: Vec<Diagnostic>,
    /// Errors among `diags`.
    errors: usize,
}

/// One case at many points in time (`timeline`), or at one (every other
/// command): it holds the case's files and updates what it derived from
/// them by what changed. Configuration, framework, feedback and templates
/// are loaded again only when one of their files changes; each evidence
/// file is checked once per (path, blob); the error count and the log of
/// counted evidence are kept up to date entry by entry.
#[derive(Default)]
pub struct Series {
    cache: ParseCache,
    /// Every file of the case, by path.
    files: BTreeMap<Arc<str>, SourceFile>,
    problems: Vec<Problem>,
    set: EvidenceSet,
    /// `None` until loaded, and again when a non-evidence file or a
    /// problem changes.
    base: Option<LoadedBase>,
    /// Evidence paths added, changed or removed since the set was updated.
    touched: BTreeSet<Arc<str>>,
    /// The evidence set was started again (another framework): what it
    /// counts must be taken whole, not from the log.
    restarted: bool,
}

/// What the case holds besides evidence, as a timeline row needs it.
pub struct State<'a> {
    pub config: &'a Config,
    pub framework: &'a Framework,
    pub feedback: &'a [Feedback],
    /// Identifies the framework (its blob, or the built-in name).
    pub framework_key: &'a str,
    /// Errors a full load would report (`future-date` is a warning, so
    /// the as-of date does not change this).
    pub errors: usize,
}

impl Series {
    /// How many evidence files were parsed so far (each distinct (path,
    /// blob) once).
    pub fn parsed(&self) -> usize {
        self.cache.parsed
    }

    fn touch(&mut self, path: &Arc<str>) {
        if is_evidence(path) {
            self.touched.insert(path.clone());
        } else {
            self.base = None;
        }
    }

    /// Apply what changed since the last state (from
    /// [`crate::source::Repo::read_changes`]).
    pub fn apply(&mut self, changes: Changes) {
        for p in &changes.removed {
            if self.files.remove(p).is_some() {
                self.touch(p);
            }
        }
        for f in changes.upserted {
            let p = f.path.clone();
            self.files.insert(p.clone(), f);
            self.touch(&p);
        }
        if changes.problems != self.problems {
            self.problems = changes.problems;
            self.base = None;
        }
    }

    /// Bring everything derived up to date with the files.
    fn settle(&mut self) {
        if self.base.is_none() {
            // Held by path, so in path order, as `load_base` needs.
            let others: Vec<SourceFile> = self
                .files
                .values()
                .filter(|f| !is_evidence(&f.path))
                .cloned()
                .collect();
            let mut diags = problem_diagnostics(&self.problems);
            let base = load_base(&others, &mut diags);
            let errors = error_count(&diags);
            self.base = Some(LoadedBase {
                base,
                diags,
                errors,
            });
        }
        let Series {
            cache,
            files,
            set,
            base,
            touched,
            restarted,
            ..
        } = self;
        // Without a usable config and framework, evidence waits.
        let Some(base) = base.as_ref().and_then(|b| b.base.as_ref()) else {
            return;
        };
        if set.fw_key != base.fw_key {
            *set = EvidenceSet::new(&base.fw_key);
            *restarted = true;
            touched.extend(files.keys().filter(|p| is_evidence(p)).cloned());
        }
        if touched.is_empty() {
            return;
        }
        let mut changed: Vec<&SourceFile> = Vec::new();
        for p in std::mem::take(touched) {
            match files.get(&p) {
                Some(f) => changed.push(f),
                None => set.remove(&p),
            }
        }
        let checked = cache.check_all(&changed, &base.framework, &base.fw_key);
        for (f, c) in changed.iter().zip(checked) {
            set.insert(f.path.clone(), c);
        }
    }

    /// The case as it stands, when config and framework are usable.
    pub fn state(&mut self) -> Option<State<'_>> {
        self.settle();
        let loaded = self.base.as_ref()?;
        let base = loaded.base.as_ref()?;
        Some(State {
            config: &base.config,
            framework: &base.framework,
            feedback: &base.feedback,
            framework_key: &base.fw_key,
            errors: loaded.errors + self.set.entry_errors + self.set.dup_errors,
        })
    }

    /// The entries that started (`true`) or stopped counting (valid and
    /// not a duplicate) since the last call; `None` when the evidence was
    /// checked again whole: then take [`Series::counted`].
    pub fn take_counted(&mut self) -> Option<Vec<CountedChange>> {
        self.settle();
        let log = std::mem::take(&mut self.set.log);
        (!std::mem::take(&mut self.restarted)).then_some(log)
    }

    /// Every entry that counts now.
    pub fn counted(&mut self) -> Vec<Arc<Evidence>> {
        self.settle();
        self.set.counted().cloned().collect()
    }

    /// Load `snapshot`: the same result as [`load`].
    pub fn load(&mut self, snapshot: &Snapshot, as_of: Date) -> Loaded {
        // `source` yields files sorted by path; a snapshot built by hand
        // may not be.
        let mut files: Vec<&SourceFile> = snapshot.files.iter().collect();
        if !files.is_sorted_by(|a, b| a.path <= b.path) {
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        // Walk the files held and the snapshot's side by side.
        let mut changes = Changes {
            problems: snapshot.problems.clone(),
            ..Default::default()
        };
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        let mut held = self.files.iter().peekable();
        for f in files {
            while let Some((p, _)) = held.peek() {
                if **p < f.path {
                    changes.removed.push((*p).clone());
                    held.next();
                } else {
                    break;
                }
            }
            match held.peek() {
                Some((p, old)) if same(p, &f.path) => {
                    if !same(&old.blob, &f.blob) {
                        changes.upserted.push(f.clone());
                    }
                    held.next();
                }
                _ => changes.upserted.push(f.clone()),
            }
        }
        changes.removed.extend(held.map(|(p, _)| p.clone()));
        self.apply(changes);
        self.settle();
        self.set.log.clear();
        let files = self.files.len();
        let Some(LoadedBase {
            base,
            diags: base_diags,
            ..
        }) = &self.base
        else {
            return finish(None, Vec::new(), files);
        };
        let mut diags = base_diags.clone();
        let Some(base) = base else {
            return finish(None, diags, files);
        };
        let (evidence, invalid_evidence) = self.set.assemble(as_of, &mut diags);
        let case = Case {
            config: base.config.clone(),
            framework: base.framework.clone(),
            evidence,
            feedback: base.feedback.clone(),
            templates: base.templates.clone(),
            invalid_evidence,
        };
        finish(Some(case), diags, files)
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
