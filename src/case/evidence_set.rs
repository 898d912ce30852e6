//! The evidence of a case by path, kept up to date one file at a time, with
//! the running error count and the log of entries that start or stop
//! counting (what a readiness tally follows).

use super::evidence;
use super::{Evidence, LeftOut};
use crate::date::Date;
use crate::diagnostic::{catalogue, Diagnostic, Spot};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// What the target level assesses: each competency's window in months,
/// `None` when the level has no expectation for it or it is waived. For
/// the diagnostics of entries that count nowhere or no longer count.
pub(super) struct Assessed {
    pub(super) target: String,
    pub(super) windows: Vec<Option<u32>>,
    /// Each waived competency the level has an expectation for: its id,
    /// index and window.
    pub(super) waived: Vec<(String, usize, u32)>,
}

impl Assessed {
    pub(super) fn new(config: &super::Config, fw: &super::Framework) -> Assessed {
        let waived = fw.competencies.iter().enumerate().filter_map(|(i, c)| {
            let exp = c.expectations.get(&config.target_level)?;
            config.waive.contains_key(&c.id).then(|| {
                let w = super::framework::window_months(config, fw, exp);
                (c.id.clone(), i, w)
            })
        });
        let waived = waived.collect();
        let windows = fw
            .competencies
            .iter()
            .map(|c| {
                let exp = c.expectations.get(&config.target_level)?;
                if config.waive.contains_key(&c.id) {
                    return None;
                }
                Some(super::framework::window_months(config, fw, exp))
            })
            .collect();
        Assessed {
            target: config.target_level.clone(),
            windows,
            waived,
        }
    }

    /// Each waived competency that entries in its window are tagged with,
    /// and how many: the waiver may no longer hold.
    pub(super) fn waivers_in_use<'s>(
        &'s self,
        evidence: &[Arc<Evidence>],
        as_of: Date,
    ) -> Vec<(&'s str, usize)> {
        let tagged = |(id, i, w): &'s (String, usize, u32)| {
            let (i, w) = (*i, *w);
            let start = crate::date::months_before(as_of, w);
            let n = evidence.iter().filter(|e| {
                e.competency_index.contains(&i) && e.date <= as_of && e.end(as_of) > start
            });
            (id.as_str(), n.count())
        };
        self.waived
            .iter()
            .map(tagged)
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// `not-assessed` for an entry no assessed competency counts, or
    /// `outside-window` for one older than every window it could count in.
    fn check(&self, e: &Evidence, c: &Checked, as_of: Date) -> Option<Diagnostic> {
        let widest = e
            .competency_index
            .iter()
            .filter_map(|&i| self.windows.get(i).copied().flatten())
            .max();
        let Some(w) = widest else {
            let ids: Vec<&str> = e.competencies.iter().map(String::as_str).collect();
            let at = c.title_at.as_ref()?;
            return Some(at.with_message(catalogue::not_assessed(&ids, &self.target)));
        };
        let start = crate::date::months_before(as_of, w);
        // Work that spans months is in while its last day is.
        let end = e.end(as_of);
        if end > start {
            return None;
        }
        let (_, at) = c.date.as_ref()?;
        let from = start.succ_opt().unwrap_or(start);
        let m = catalogue::outside_window(&end.to_string(), w, &from.to_string());
        Some(at.with_message(m))
    }
}

impl Assessed {
    /// `ongoing-too-long`: `until: ongoing` on work that started before the
    /// widest window it counts in (work a year old that never ended is
    /// usually work that ended and was not updated).
    fn ongoing(&self, e: &Evidence, c: &Checked, as_of: Date) -> Option<Diagnostic> {
        if !matches!(e.until, Some(evidence::Until::Ongoing)) {
            return None;
        }
        let windows = e
            .competency_index
            .iter()
            .filter_map(|&i| self.windows.get(i).copied().flatten());
        let w = windows.max()?;
        if e.date > crate::date::months_before(as_of, w) {
            return None;
        }
        let (_, at) = c.date.as_ref()?;
        Some(at.with_message(catalogue::ongoing_too_long(w)))
    }
}

/// One evidence file, parsed and checked against the framework.
pub(super) struct Checked {
    pub(super) evidence: Option<Arc<Evidence>>,
    /// Everything but `future-date`, which depends on the as-of date.
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) date: evidence::DatePlace,
    /// The lower-cased title, for `duplicate-evidence`.
    pub(super) title_key: String,
    /// Where the title is, for a `duplicate-evidence` diagnostic.
    pub(super) title_at: Option<Spot>,
    /// The narrative's fingerprint, for `same-narrative` ([`story`]).
    pub(super) story: Option<u64>,
    /// Errors among `diagnostics`, as [`Loaded::errors`] counts them.
    pub(super) errors: usize,
    /// Who may see the entry, when its `visibility` could be read (also
    /// when the file has errors elsewhere).
    pub(super) visibility: Option<crate::case::Visibility>,
    /// An `example: true` entry: no evidence, and not left out either.
    pub(super) example: bool,
    /// Sealed, and no key here opens it: no evidence, not left out, counted.
    pub(super) sealed: bool,
}

impl Checked {
    /// A sealed file no key opened: nothing read but that it is sealed.
    pub(super) fn sealed(diagnostics: Vec<Diagnostic>) -> Checked {
        Checked {
            evidence: None,
            diagnostics,
            date: None,
            title_key: String::new(),
            story: None,
            title_at: None,
            errors: 0,
            visibility: None,
            example: false,
            sealed: true,
        }
    }
}

/// Valid entries by (date, lower-cased title). FxHash: the keys are the
/// case's own titles, and SipHash was most of filling the map.
type TitleMap = HashMap<(Date, String), Paths, rustc_hash::FxBuildHasher>;

/// Valid evidence whose counting changed: added (`true`) or removed.
pub(crate) type CountedChange = (Arc<Evidence>, bool);

/// The evidence of a case by path, with what each file gave when checked.
/// Kept up to date one file at a time, so a timeline costs what its changes
/// cost; so is the running count of errors, and the log of which entries
/// started or stopped counting (what a readiness tally follows).
#[derive(Default)]
pub(super) struct EvidenceSet {
    /// The framework the entries were checked against.
    pub(super) fw_key: String,
    entries: BTreeMap<Arc<str>, Arc<Checked>>,
    /// Valid entries by (date, lower-cased title), for `duplicate-evidence`:
    /// the first path of each set counts, the others are reported.
    titles: TitleMap,
    /// The (date, title) keys held by more than one entry.
    dupes: BTreeSet<(Date, String)>,
    /// Errors in the entries' own diagnostics.
    pub(super) entry_errors: usize,
    /// Entries that failed to read (no evidence).
    pub(super) invalid: usize,
    /// Sealed entries no key here opens.
    pub(super) sealed: usize,
    /// `duplicate-evidence` errors.
    pub(super) dup_errors: usize,
    /// Entries that started or stopped counting since the log was taken.
    pub(super) log: Vec<CountedChange>,
}

/// The paths of the entries with one (date, title), in path order: almost
/// always one. A `BTreeSet` per title cost a node of some two hundred bytes
/// per entry (20 MB of a 100,000-entry case).
#[derive(Default)]
struct Paths(Vec<Arc<str>>);

impl Paths {
    fn insert(&mut self, path: Arc<str>) {
        if let Err(at) = self.0.binary_search(&path) {
            self.0.reserve_exact(1);
            self.0.insert(at, path);
        }
    }

    fn remove(&mut self, path: &str) {
        if let Ok(at) = self.0.binary_search_by(|p| (**p).cmp(path)) {
            self.0.remove(at);
        }
    }

    fn iter(&self) -> std::slice::Iter<'_, Arc<str>> {
        self.0.iter()
    }

    fn first(&self) -> Option<&Arc<str>> {
        self.0.first()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl EvidenceSet {
    pub(super) fn new(fw_key: &str) -> EvidenceSet {
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

    pub(super) fn remove(&mut self, path: &Arc<str>) {
        let Some(c) = self.entries.get(path).cloned() else {
            return;
        };
        self.entry_errors -= c.errors;
        self.invalid -= usize::from(c.evidence.is_none() && !c.example && !c.sealed);
        self.sealed -= usize::from(c.sealed);
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

    pub(super) fn insert(&mut self, path: Arc<str>, c: Arc<Checked>) {
        self.remove(&path);
        self.entry_errors += c.errors;
        self.invalid += usize::from(c.evidence.is_none() && !c.example && !c.sealed);
        self.sealed += usize::from(c.sealed);
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

    /// Fill an empty set with entries in path order: what inserting them
    /// one by one gives (but the log: a filled set was started again, and
    /// what it counts is taken whole), at one hash per entry.
    pub(super) fn fill(&mut self, entries: impl Iterator<Item = (Arc<str>, Arc<Checked>)>) {
        debug_assert!(self.entries.is_empty());
        let mut sorted = Vec::with_capacity(entries.size_hint().0);
        self.titles.reserve(sorted.capacity());
        for (path, c) in entries {
            self.entry_errors += c.errors;
            self.invalid += usize::from(c.evidence.is_none() && !c.example && !c.sealed);
            self.sealed += usize::from(c.sealed);
            if let Some(e) = &c.evidence {
                let key = (e.date, c.title_key.clone());
                self.titles.entry(key).or_default().insert(path.clone());
            }
            sorted.push((path, c));
        }
        // Already in order: built in one pass.
        self.entries = sorted.into_iter().collect();
        for (key, paths) in &self.titles {
            if paths.len() > 1 {
                self.dupes.insert(key.clone());
                let reported = paths
                    .iter()
                    .skip(1)
                    .filter(|p| self.entries.get(*p).is_some_and(|c| c.title_at.is_some()));
                self.dup_errors += reported.count();
            }
        }
    }

    /// The checked entry at `path`, if the set holds one.
    pub(super) fn get(&self, path: &str) -> Option<&Arc<Checked>> {
        self.entries.get(path)
    }

    /// The entries that count: valid, and first of their (date, title).
    pub(super) fn counted(&self) -> impl Iterator<Item = &Arc<Evidence>> {
        self.entries.iter().filter_map(|(path, c)| {
            let e = c.evidence.as_ref()?;
            let first = self.titles.get(&(e.date, c.title_key.clone()))?.first()?;
            (first == path).then_some(e)
        })
    }

    /// The valid, non-duplicate evidence, and every evidence diagnostic at
    /// `as_of`, in path order.
    pub(super) fn assemble(
        &self,
        as_of: Date,
        assessed: &Assessed,
        diags: &mut Vec<Diagnostic>,
    ) -> (Vec<Arc<Evidence>>, Vec<LeftOut>) {
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
        // One stretch of entries per core: a case of 10,000 entries has as
        // many notes to write (each placed and worded), a thirtieth of
        // `check` on one core. Stories are compared after, in path order.
        let entries: Vec<(&Arc<str>, &Arc<Checked>)> = self.entries.iter().collect();
        let parts = crate::parallel::per_stretch(&entries, |stretch| {
            assemble_stretch(stretch, &dupes, as_of, assessed)
        });
        diags.reserve(parts.iter().map(|p| p.diags.len()).sum());
        let mut evidence = Vec::with_capacity(self.entries.len());
        let mut left_out = Vec::new();
        let mut stories = Stories::default();
        stories
            .0
            .reserve(parts.iter().map(|p| p.counted.len()).sum());
        for part in parts {
            diags.extend(part.diags);
            evidence.extend(part.evidence);
            left_out.extend(part.left_out);
            diags.extend(
                part.counted
                    .into_iter()
                    .filter_map(|(p, c)| stories.told(p, c)),
            );
        }
        (evidence, left_out)
    }
}

/// What a stretch of entries gave [`EvidenceSet::assemble`], in path order.
#[derive(Default)]
struct Assembled<'a> {
    diags: Vec<Diagnostic>,
    evidence: Vec<Arc<Evidence>>,
    left_out: Vec<LeftOut>,
    /// The entries that count, for `same-narrative`.
    counted: Vec<(&'a str, &'a Checked)>,
}

fn assemble_stretch<'a>(
    stretch: &[(&'a Arc<str>, &'a Arc<Checked>)],
    dupes: &HashMap<&str, &str>,
    as_of: Date,
    assessed: &Assessed,
) -> Assembled<'a> {
    let mut out = Assembled::default();
    for &(path, c) in stretch {
        out.diags.extend(c.diagnostics.iter().cloned());
        if let Some((date, at)) = &c.date {
            if *date > as_of {
                out.diags.extend(evidence::future_date(*date, at, as_of));
            }
        }
        match (&c.evidence, dupes.get(&**path)) {
            (Some(e), Some(first)) => {
                out.left_out.push(LeftOut {
                    path: path.to_string(),
                    visibility: Some(e.visibility),
                });
                if let Some(at) = &c.title_at {
                    out.diags
                        .push(at.with_message(catalogue::duplicate_evidence(first)));
                }
            }
            (Some(e), None) => {
                out.diags.extend(assessed.check(e, c, as_of));
                out.diags.extend(assessed.ongoing(e, c, as_of));
                out.counted.push((path, c));
                out.evidence.push(e.clone());
            }
            (None, _) if c.example || c.sealed => {}
            (None, _) => out.left_out.push(LeftOut {
                path: path.to_string(),
                visibility: c.visibility,
            }),
        }
    }
    out
}

/// Narratives shorter than this many words are passed over: "n/a" or a
/// one-line note match by chance. A choice of promocase's.
const STORY_WORDS: usize = 12;

/// A narrative's fingerprint: its words, lower-cased, hashed (case,
/// spacing and punctuation aside); `None` under [`STORY_WORDS`] words.
/// The hasher has fixed keys, so the same story has the same fingerprint
/// on every run. Not a defence against crafted collisions: the texts are
/// the user's own, and a collision costs one spurious warning.
pub(super) fn story(narrative: &str) -> Option<u64> {
    // `check` fingerprints every narrative it reads (20 MB at 10k entries):
    // the words are first written out lower-cased and one space apart, into
    // a buffer each thread keeps (at most three times the largest file read,
    // `source::MAX_FILE_BYTES`), then hashed in one go. Hashing byte by
    // byte as the words were found made every byte wait for the one before
    // (52 vs 30 ms over p10kw's 24 MB; bench/NOTES.md, sixth round).
    // FxHash: its bytes hash reads sixteen at a time (SipHash took 34).
    thread_local! {
        static WORDS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    WORDS.with_borrow_mut(|buf| {
        let (len, words) = words_lower_cased(narrative, buf);
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut h, &buf[..len]);
        (words >= STORY_WORDS).then(|| std::hash::Hasher::finish(&h))
    })
}

/// ASCII letters and digits lower-cased, every other ASCII byte `0`: a
/// word's byte or a separator, without a branch.
const ASCII_WORD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// Writes `text`'s words into `buf`, lower-cased and one space apart;
/// returns the length written and the number of words.
fn words_lower_cased(text: &str, buf: &mut Vec<u8>) -> (usize, usize) {
    // A character lower-cases to at most three bytes per byte of it
    // ('İ', two bytes, is 'i' and a combining dot, three).
    let room = text.len() * 3 + 1;
    if buf.len() < room {
        buf.resize(room, 0);
    }
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut n, mut i) = (0usize, false, 0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // A separator is written as a space and kept only after a word.
            let w = ASCII_WORD[usize::from(b)];
            let is = w != 0;
            words += usize::from(is & !in_word);
            buf[n] = if is { w } else { b' ' };
            n += usize::from(is | in_word);
            in_word = is;
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            buf[n] = b' ';
            n += usize::from(in_word);
            in_word = false;
            continue;
        }
        words += usize::from(!in_word);
        in_word = true;
        for l in c.to_lowercase() {
            n += l.encode_utf8(&mut buf[n..]).len();
        }
    }
    (n - usize::from(n > 0 && buf[n - 1] == b' '), words)
}

/// The stories read so far: `same-narrative` for an entry whose story
/// another entry already tells word for word (a copy that was never
/// rewritten, or one piece of work entered twice). Keyed by the story's
/// fingerprint, already a hash.
#[derive(Default)]
struct Stories<'a>(HashMap<u64, &'a str, rustc_hash::FxBuildHasher>);

impl<'a> Stories<'a> {
    fn told(&mut self, path: &'a str, c: &Checked) -> Option<Diagnostic> {
        match self.0.entry(c.story?) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let at = c.title_at.as_ref()?;
                Some(at.with_message(catalogue::same_narrative(first.get())))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(path);
                None
            }
        }
    }
}

#[cfg(test)]
mod paths_tests {
    use super::Paths;
    use std::sync::Arc;

    #[test]
    fn paths_stay_sorted_and_each_once() {
        let mut p = Paths::default();
        for path in ["b.md", "a.md", "c.md", "a.md"] {
            p.insert(Arc::from(path));
        }
        let names: Vec<&str> = p.iter().map(|s| &**s).collect();
        assert_eq!(names, ["a.md", "b.md", "c.md"]);
        assert_eq!(p.first().map(|s| &**s), Some("a.md"));
        p.remove("b.md");
        p.remove("nope.md");
        assert_eq!(p.len(), 2);
        p.remove("a.md");
        p.remove("c.md");
        assert!(p.is_empty());
    }
}

#[cfg(test)]
mod story_tests {
    use super::{story, words_lower_cased};

    proptest::proptest! {
        /// The words are the text's alphanumeric runs, lower-cased, one
        /// space apart, and counted.
        #[test]
        fn words_are_the_alphanumeric_runs_lower_cased(
            text in "[a-z0-9 ]{0,12}([A-Z,.\n'é İß-]{0,2}[a-z0-9 ]{0,12}){0,8}",
        ) {
            let spec: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let mut buf = Vec::new();
            let (len, words) = words_lower_cased(&text, &mut buf);
            proptest::prop_assert_eq!(std::str::from_utf8(&buf[..len]).unwrap(), spec.join(" "));
            proptest::prop_assert_eq!(words, spec.len());
        }
    }

    #[test]
    fn a_story_is_its_words_whatever_the_case_spacing_and_punctuation() {
        let a = "We rebuilt the on-call rota with the ledger team, and halved the pages.";
        let b = "we rebuilt the ON CALL rota  with the ledger team and halved the pages";
        assert_eq!(story(a), story(b));
        assert!(story(a).is_some());
        assert_ne!(
            story(a),
            story("We rebuilt the on-call rota with the risk team, and halved the pages.")
        );
        assert_eq!(story("Too short to compare."), None);
    }

    #[test]
    fn words_in_any_script_are_compared_lower_cased() {
        let a = "Ünsere Straße führte zwölf Teams durch die Migration, ohne Ausfall, über ein ganzes Jahr hinweg.";
        let b = "ünsere STRASSE führte zwölf teams durch die migration ohne ausfall über ein ganzes jahr hinweg";
        let c = "ÜNSERE Straße FÜHRTE zwölf Teams: durch die Migration — ohne Ausfall — über ein ganzes Jahr hinweg";
        assert_eq!(story(a), story(c), "upper case and punctuation aside");
        assert_ne!(story(a), story(b), "ß and ss are different words");
        // Eight bytes to a word: stories differing only past a word
        // boundary, or in length, differ.
        let long = "one two three four five six seven eight nine ten eleven twelve";
        assert_ne!(story(long), story(&format!("{long} thirteen")));
        assert_ne!(story(long), story(&format!("{long}s")));
    }

    #[test]
    fn a_word_that_grows_when_lower_cased_has_room() {
        // 'İ' (two bytes) lower-cases to three: the buffer's widest case,
        // reused from a shorter narrative read before on the same thread.
        let short = "a b c d e f g h i j k l m";
        let grows = "İİ ".repeat(400);
        assert!(story(short).is_some());
        let grown = "İİ, ".repeat(400);
        assert_eq!(story(&grows), story(&grown));
        assert!(story(&grows).is_some());
        let mixed = format!("{} end", "İstanbul — 'Ünal' said: ".repeat(5));
        let lower = format!("{} END", "İSTANBUL ünal SAID ".repeat(5));
        assert_eq!(story(&mixed), story(&lower));
    }
}
