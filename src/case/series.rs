//! A case at many points in time (`timeline`) or at one (every other
//! command): the files held, what was derived from them, and a cache of
//! checked evidence by blob, so that each step costs what changed.

use super::base::CheckAgainst;
use super::base::{load_base, problem_diagnostics, Base};
use super::evidence_set::{Assessed, Checked, CountedChange, EvidenceSet};
use super::{evidence, is_evidence, Case, Config, Document, Evidence, Feedback, Framework, Loaded};
use crate::date::Date;
use crate::diagnostic::{catalogue, Diagnostic, Diagnostics};
use crate::source::{Changes, Problem, Snapshot, SourceFile};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What makes two titles the same for `duplicate-evidence`: their text
/// in one Unicode normal form (an editor may write `é` as one character or
/// two), ignoring case.
fn title_key(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    title.nfc().collect::<String>().to_lowercase()
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
    pub(crate) parsed: usize,
    /// Drop each narrative once its file is checked: `check` reports on
    /// files and never prints one, and at 100,000 files the narratives are
    /// most of the memory a case takes.
    lean: bool,
}

impl ParseCache {
    /// A cache for a command that prints no narrative (`check`).
    pub fn lean() -> ParseCache {
        ParseCache {
            lean: true,
            ..Default::default()
        }
    }

    /// A cache that holds what `checker` gave: loading the same case then
    /// checks no evidence file again (and needs none of their bytes).
    pub(crate) fn prechecked(checker: &EvidenceChecker, files: Vec<CheckedFile>) -> ParseCache {
        let mut cache = ParseCache::default();
        cache.add(checker, files);
        cache
    }

    /// Hold what `checker` gave too (a cache for another framework is
    /// emptied first, as checking does).
    fn add(&mut self, checker: &EvidenceChecker, files: Vec<CheckedFile>) {
        if self.framework.as_deref() != Some(checker.key()) {
            self.checked.clear();
            self.framework = Some(checker.key().to_string());
        }
        self.lean = checker.lean;
        self.parsed += files.len();
        for f in files {
            self.checked
                .entry(f.blob)
                .or_default()
                .push((f.path, f.checked));
        }
    }

    /// The checked result of every file, in order, checking the ones not
    /// cached yet in parallel: parsing YAML is the bulk of the work and each
    /// file is independent.
    fn check_all(&mut self, files: &[&SourceFile], base: &Base) -> Vec<Arc<Checked>> {
        let fw_key = &base.fw_key;
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
        let with = base.against(self.lean);
        let done: Vec<(usize, Arc<Checked>)> =
            crate::parallel::map(&todo, |&i| (i, Arc::new(check_file(files[i], &with))));
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

/// Parse and check one evidence file (a sealed one opened first).
fn check_file(f: &SourceFile, with: &CheckAgainst<'_>) -> Checked {
    let mut diagnostics = Vec::new();
    let Some(f) = super::base::opened(f, &mut diagnostics) else {
        return Checked::sealed(diagnostics);
    };
    let doc = Document::parse(&f.bytes);
    let (fw, actions, lean) = (with.fw, with.actions, with.lean);
    let read = evidence::read(&f.path, &f.blob, &doc, fw, actions, &mut diagnostics);
    if let Some(v) = read.visibility {
        super::base::unsealed(&f.path, v, with.sealing, &mut diagnostics);
    }
    let mut e = read.evidence;
    // An example counts nowhere: checked like any entry, then set aside
    // with a note (and not as a file left out for errors).
    let example = e.as_ref().is_some_and(|e| e.example);
    if example {
        if let Some(at) = &read.title_at {
            diagnostics.push(at.with_message(catalogue::example_entry()));
        }
        e = None;
    }
    // Fingerprinted before a lean read drops it: `same-narrative` compares
    // stories in every mode.
    let story = e
        .as_ref()
        .and_then(|e| super::evidence_set::story(&e.narrative));
    if lean {
        if let Some(e) = e.as_mut() {
            e.narrative = String::new();
        }
    }
    let title_key = e.as_ref().map(|e| title_key(&e.title)).unwrap_or_default();
    let errors = Diagnostics::count_errors(&diagnostics);
    Checked {
        evidence: e.map(Arc::new),
        diagnostics,
        date: read.date,
        title_key,
        story,
        title_at: read.title_at.filter(|_| !example),
        errors,
        visibility: read.visibility,
        example,
        sealed: false,
    }
}

/// Checks evidence files against the configuration and framework of the
/// case whose other files a snapshot holds, in any thread: what lets the
/// source stage hand each file over as soon as it is read, and drop its
/// bytes once checked (`crate::source::CaseReader::finish`).
pub struct EvidenceChecker {
    base: Base,
    lean: bool,
}

/// One evidence file, checked by an [`EvidenceChecker`].
pub struct CheckedFile {
    path: Arc<str>,
    blob: Arc<str>,
    checked: Arc<Checked>,
}

impl EvidenceChecker {
    /// A checker for the case in `snapshot` (its evidence need not be read
    /// yet); `None` when its configuration or framework is unusable, when
    /// no evidence is checked. `lean`: keep no narratives ([`ParseCache::lean`]).
    pub(crate) fn new(snapshot: &Snapshot, lean: bool) -> Option<EvidenceChecker> {
        let others: Vec<SourceFile> = snapshot
            .files
            .iter()
            .filter(|f| !is_evidence(&f.path))
            .cloned()
            .collect();
        let base = load_base(&others, &snapshot.problems, &mut Vec::new())?;
        Some(EvidenceChecker { base, lean })
    }

    /// What the evidence is checked against (framework and feedback
    /// actions): two checkers with the same key check alike.
    pub(crate) fn key(&self) -> &str {
        &self.base.fw_key
    }

    pub(crate) fn check(&self, f: &SourceFile) -> CheckedFile {
        let b = &self.base;
        CheckedFile {
            path: f.path.clone(),
            blob: f.blob.clone(),
            checked: Arc::new(check_file(f, &b.against(self.lean))),
        }
    }
}

fn finish(case: Option<Case>, diags: Vec<Diagnostic>, files: usize) -> Loaded {
    Loaded {
        case,
        diagnostics: Diagnostics::new(diags),
        files,
    }
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
    pub(crate) config: &'a Config,
    pub(crate) framework: &'a Framework,
    pub(crate) feedback: &'a [Feedback],
    /// Identifies the framework (its blob, or the built-in name).
    pub(crate) framework_key: &'a str,
    /// Errors a full load would report (`future-date` is a warning, so
    /// the as-of date does not change this).
    pub errors: usize,
    /// Evidence files left out of readiness, as [`super::Case::left_out`].
    pub(crate) left_out: usize,
}

impl Series {
    /// A series that starts from an existing parse cache.
    pub(super) fn with_cache(cache: ParseCache) -> Series {
        Series {
            cache,
            ..Default::default()
        }
    }

    /// The parse cache, for the next load.
    pub(super) fn into_cache(mut self) -> ParseCache {
        let cache = std::mem::take(&mut self.cache);
        // The rest is a case's worth of small allocations.
        crate::parallel::drop_later(self);
        cache
    }

    /// Hold what `checker` gave, so that loading a snapshot that lists
    /// those files (without their bytes) checks none of them again. The
    /// caller sees to it that the series never needs to check a file it
    /// was given no bytes for: its checker's key is the one the series
    /// checks against (see `diff`).
    pub(crate) fn precheck(&mut self, checker: &EvidenceChecker, files: Vec<CheckedFile>) {
        self.cache.add(checker, files);
    }

    /// How many evidence files were parsed so far (each distinct (path,
    /// blob) once).
    pub(crate) fn parsed(&self) -> usize {
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
    /// `History::read_changes` in source).
    pub fn apply(&mut self, changes: Changes) {
        let Changes {
            upserted,
            removed,
            problems,
        } = changes;
        if self.files.is_empty() && self.touched.is_empty() {
            self.hold_first(upserted);
        } else {
            for p in &removed {
                if self.files.remove(p).is_some() {
                    self.touch(p);
                }
            }
            for f in upserted {
                let p = f.path.clone();
                self.files.insert(p.clone(), f);
                self.touch(&p);
            }
        }
        if problems != self.problems {
            self.problems = problems;
            self.base = None;
        }
    }

    /// The files of a series that holds none and has nothing to settle (a
    /// first load), each touched as [`Series::touch`] does: the maps built
    /// in one pass (the files come in path order, as `source` yields them)
    /// instead of by 10,000 insertions.
    fn hold_first(&mut self, files: Vec<SourceFile>) {
        let paths = files.iter().map(|f| &f.path);
        if paths.clone().any(|p| !is_evidence(p)) {
            self.base = None;
        }
        self.touched = paths.filter(|p| is_evidence(p)).cloned().collect();
        self.files = files.into_iter().map(|f| (f.path.clone(), f)).collect();
    }

    /// Configuration, framework, feedback and templates from the files
    /// that are not evidence (held by path, so in path order, as
    /// `load_base` needs).
    fn load_base(&self) -> LoadedBase {
        let others = self.files.values().filter(|f| !is_evidence(&f.path));
        let others: Vec<SourceFile> = others.cloned().collect();
        let mut diags = problem_diagnostics(&self.problems);
        let base = load_base(&others, &self.problems, &mut diags);
        let errors = Diagnostics::count_errors(&diags);
        LoadedBase {
            base,
            diags,
            errors,
        }
    }

    /// Bring everything derived up to date with the files.
    fn settle(&mut self) {
        if self.base.is_none() {
            self.base = Some(self.load_base());
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
        // Another framework (or the first load): every entry again, into
        // an empty set, filled whole.
        let restart = set.fw_key != base.fw_key;
        let changed: Vec<&SourceFile> = if restart {
            *set = EvidenceSet::new(&base.fw_key);
            *restarted = true;
            touched.clear();
            files.values().filter(|f| is_evidence(&f.path)).collect()
        } else {
            let mut changed = Vec::with_capacity(touched.len());
            for p in std::mem::take(touched) {
                match files.get(&p) {
                    Some(f) => changed.push(f),
                    None => set.remove(&p),
                }
            }
            changed
        };
        if changed.is_empty() {
            return;
        }
        let checked = cache.check_all(&changed, base);
        let entries = changed.iter().map(|f| f.path.clone()).zip(checked);
        if restart {
            set.fill(entries);
        } else {
            for (path, c) in entries {
                set.insert(path, c);
            }
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
            left_out: self.set.invalid + self.set.dup_errors,
        })
    }

    /// The entries that started (`true`) or stopped counting (valid and
    /// not a duplicate) since the last call; `None` when the evidence was
    /// checked again whole: then take [`Series::counted`].
    pub(crate) fn take_counted(&mut self) -> Option<Vec<CountedChange>> {
        self.settle();
        let log = std::mem::take(&mut self.set.log);
        (!std::mem::take(&mut self.restarted)).then_some(log)
    }

    /// Who may see the file at `path` as the series stands: an evidence
    /// entry's or a feedback file's `visibility`, `None` when it could not be
    /// read (counted as private) or there is no such file; the pitch's
    /// likewise. The case's other files (configuration, framework,
    /// templates) shape every version, so they are `shareable` here.
    pub(crate) fn visibility_of(&mut self, path: &str) -> Option<crate::case::Visibility> {
        self.settle();
        if is_evidence(path) {
            return self.set.get(path).and_then(|c| c.visibility);
        }
        let base = self.base.as_ref()?.base.as_ref();
        if path == super::pitch::PITCH_FILE {
            return base.and_then(|b| b.pitch.as_ref()).map(|p| p.visibility);
        }
        if path == super::pitch::SHAREABLE_PITCH_FILE {
            return Some(crate::case::Visibility::Shareable);
        }
        match base.and_then(|b| b.feedback.iter().find(|f| f.path == path)) {
            Some(f) => Some(f.visibility),
            None if path.starts_with("feedback/") => None,
            None => Some(crate::case::Visibility::Shareable),
        }
    }

    /// The files held, as a snapshot from `origin` of the case at `case`.
    pub(crate) fn snapshot(
        &self,
        origin: crate::source::Origin,
        case: crate::source::CaseFolder,
    ) -> Snapshot {
        Snapshot {
            origin,
            case,
            files: self.files.values().cloned().collect(),
            problems: self.problems.clone(),
        }
    }

    /// Every entry that counts now.
    pub(crate) fn counted(&mut self) -> Vec<Arc<Evidence>> {
        self.settle();
        self.set.counted().cloned().collect()
    }

    /// Load `snapshot`: the same result as `load`.
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
        let mut bytes_back = Vec::new();
        let held = self.files.values().map(|f| (&*f.path, f));
        let now = files.into_iter().map(|f| (&*f.path, f));
        for (_, old, f) in crate::sorted::side_by_side(held, now) {
            match (old, f) {
                (Some(old), None) => changes.removed.push(old.path.clone()),
                (None, Some(f)) => changes.upserted.push(f.clone()),
                (Some(old), Some(f)) if !same(&old.blob, &f.blob) => {
                    changes.upserted.push(f.clone())
                }
                // Held without its bytes (checked as it was read): keep
                // them now, in case the framework changes and every file
                // must be checked again.
                (Some(old), Some(f)) if old.bytes.is_empty() && !f.bytes.is_empty() => {
                    bytes_back.push(f.clone())
                }
                _ => {}
            }
        }
        for f in bytes_back {
            self.files.insert(f.path.clone(), f);
        }
        self.apply(changes);
        self.settle();
        self.set.log.clear();
        self.current(as_of)
    }

    /// The case as it stands, assembled as [`Series::load`] gives it (for
    /// a series that was fed changes).
    pub(crate) fn current(&mut self, as_of: Date) -> Loaded {
        self.settle();
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
        let assessed = Assessed::new(&base.config, &base.framework);
        let (evidence, left_out) = self.set.assemble(as_of, &assessed, &mut diags);
        for p in base.pitch.iter().chain(&base.committee_pitch) {
            diags.extend(super::pitch::names_hidden(p, &evidence));
        }
        for (id, n) in assessed.waivers_in_use(&evidence, as_of) {
            if let Some(at) = base.waive_at.get(id) {
                diags.push(at.with_message(catalogue::waived_with_evidence(id, n)));
            }
        }
        let case = Case {
            config: base.config.clone(),
            framework: base.framework.clone(),
            evidence,
            feedback: base.feedback.clone(),
            pitch: base.pitch.clone(),
            committee_pitch: base.committee_pitch.clone(),
            templates: base.templates.clone(),
            left_out,
            sealed: self.set.sealed + base.sealed,
        };
        finish(Some(case), diags, files)
    }
}
