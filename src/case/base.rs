//! Everything of a case but its evidence: the configuration, the
//! framework it names, feedback and templates. Evidence is checked against
//! what this gives, so it is loaded first, and again only when one of its
//! files changes.

use super::document::{self, Document};
use super::pitch::{PITCH_FILE, SHAREABLE_PITCH_FILE};
use super::{config, feedback, framework, Config, Feedback, Framework};
use crate::diagnostic::catalogue::{self, did_you_mean};
use crate::diagnostic::{Diagnostic, Message, SourceText};
use crate::source::{Problem, SourceFile, CONFIG_FILE};
use crate::yaml::Seg;
use std::collections::BTreeMap;

/// The file's text (byte-order mark removed); `None`, with a diagnostic,
/// when it is not UTF-8.
pub(super) fn text_of<'a>(
    file: &'a SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
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

/// Whether a path is part of every case: its configuration and the
/// folders of evidence, feedback and templates. Other files (the source
/// reads every `*.yaml`, since the framework can be any of them) are part
/// of the case only when the configuration names them.
fn core(path: &str) -> bool {
    path == CONFIG_FILE
        || path == super::pitch::PITCH_FILE
        || ["evidence", "feedback", "templates"]
            .iter()
            .any(|d| path == *d || path.starts_with(&format!("{d}/")))
}

/// Diagnostics for the entries the source could not read, among the
/// case's own files (see [`core`]); the framework's are added once the
/// configuration names it.
pub(super) fn problem_diagnostics(problems: &[Problem]) -> Vec<Diagnostic> {
    problems
        .iter()
        .filter(|p| core(p.path()))
        .map(problem_diagnostic)
        .collect()
}

fn problem_diagnostic(p: &Problem) -> Diagnostic {
    match p {
        Problem::Skipped { path, what } => Diagnostic::file(path, catalogue::skipped_entry(what)),
        Problem::TooLarge { path, size } => {
            Diagnostic::file(path, catalogue::file_too_large(*size))
        }
        Problem::Unreadable { path, message } => {
            Diagnostic::file(path, catalogue::unreadable(message))
        }
    }
}

/// Everything of a case but its evidence.
#[derive(Clone)]
pub(super) struct Base {
    pub(super) config: Config,
    pub(super) framework: Framework,
    /// Identifies what evidence is checked against: the framework and the
    /// feedback action ids (`closes`).
    pub(super) fw_key: String,
    /// Feedback action ids, sorted.
    pub(super) actions: Vec<String>,
    pub(super) feedback: Vec<Feedback>,
    pub(super) templates: BTreeMap<String, String>,
    pub(super) pitch: Option<super::pitch::Pitch>,
    /// `pitch.shareable.md`: the committee's pitch.
    pub(super) committee_pitch: Option<super::pitch::Pitch>,
    /// Where each waiver is in `promocase.yaml`, for what is found about
    /// it once the evidence is read (`waived-with-evidence`).
    pub(super) waive_at: BTreeMap<String, Diagnostic>,
    /// Sealed feedback files (and pitch) no key here opens.
    pub(super) sealed: usize,
}

impl Base {
    /// What evidence is checked against.
    pub(super) fn against(&self, lean: bool) -> CheckAgainst<'_> {
        CheckAgainst {
            fw: &self.framework,
            actions: &self.actions,
            lean,
            sealing: self.config.seal.is_some(),
        }
    }
}

/// What an evidence file is checked against.
pub(super) struct CheckAgainst<'a> {
    pub(super) fw: &'a Framework,
    /// Feedback action ids (`closes`).
    pub(super) actions: &'a [String],
    /// Drop each narrative once checked.
    pub(super) lean: bool,
    /// The case seals private and manager-only entries.
    pub(super) sealing: bool,
}

/// The case's files other than evidence, sorted by path.
struct Files<'a>(&'a [SourceFile]);

impl<'a> Files<'a> {
    fn find(&self, path: &str) -> Option<&'a SourceFile> {
        let files = self.0;
        files
            .binary_search_by(|f| (*f.path).cmp(path))
            .ok()
            .map(|i| &files[i])
    }
}

/// `promocase.yaml`'s text, for diagnostics found after parsing it.
struct ConfigText<'a>(SourceText<'a>);

impl ConfigText<'_> {
    fn report(&self, diags: &mut Vec<Diagnostic>, segs: &[Seg<'_>], m: Message) {
        let span = config::span(self.0.text, segs);
        diags.push(Diagnostic::at(&self.0, span, m));
    }
}

/// The configuration, framework, feedback and templates among `files`
/// (the case's files other than evidence, sorted by path); its
/// diagnostics go to `diags`. `None` when config or framework are unusable.
/// Unless reading `promocase.yaml` failed with an error already, say why
/// there is none: a skipped link is a warning, but a case without its
/// configuration is an error, the same for every command.
fn no_config(diags: &mut Vec<Diagnostic>) {
    if !diags.iter().any(|d| d.path == CONFIG_FILE && d.is_error()) {
        let skipped = diags.iter().any(|d| d.path == CONFIG_FILE);
        diags.push(Diagnostic::file(CONFIG_FILE, catalogue::no_config(skipped)));
    }
}

/// The ids of the feedback's actions, sorted, once each: what evidence may
/// `close`.
fn action_ids(feedback: &[super::Feedback]) -> Vec<String> {
    let ids = feedback
        .iter()
        .flat_map(|f| f.actions.iter().filter_map(|a| a.id.clone()));
    let mut actions: Vec<String> = ids.collect();
    actions.sort();
    actions.dedup();
    actions
}

pub(super) fn load_base(
    files: &[SourceFile],
    problems: &[Problem],
    diags: &mut Vec<Diagnostic>,
) -> Option<Base> {
    let files = Files(files);
    let Some(config_file) = files.find(CONFIG_FILE) else {
        no_config(diags);
        return None;
    };
    let config_text = text_of(config_file, diags)?;
    let config = config::parse(CONFIG_FILE, config_text, diags)?;
    let ct = ConfigText(SourceText::new(CONFIG_FILE, config_text));
    // The framework file is part of the case: what kept it from being read
    // is reported too.
    if let Ok(rel) = framework_path(&config.framework) {
        diags.extend(
            problems
                .iter()
                .filter(|p| !core(p.path()) && p.path() == rel)
                .map(problem_diagnostic),
        );
    }
    let framework = load_framework(&config, &files, &ct, diags)?;
    if !levels_and_waivers_known(&config, &framework, &ct, diags) {
        return None;
    }
    waivers_leave_a_way_to_ready(&config, &framework, &ct, diags);
    window_reaches_months(&config, &framework, &ct, diags);
    let sealing = config.seal.is_some();
    let (feedback, templates, sealed) = feedback_and_templates(files.0, &framework, sealing, diags);
    let (pitch, pitch_sealed) = read_pitch(&files, PITCH_FILE, sealing, diags);
    let (committee_pitch, _) = read_pitch(&files, SHAREABLE_PITCH_FILE, sealing, diags);
    let waive_at = waive_places(&config, &ct);
    let actions = action_ids(&feedback);
    let fw_key = match files.find(&config.framework) {
        Some(f) => f.blob.to_string(),
        None => config.framework.clone(),
    };
    // Evidence is checked again when the action ids change.
    // ...and when sealing starts or stops (plaintext private entries are
    // then errors).
    let fw_key = format!("{fw_key}|{}|{sealing}", actions.join(","));
    Some(Base {
        config,
        framework,
        fw_key,
        actions,
        feedback,
        templates,
        pitch,
        committee_pitch,
        waive_at,
        sealed: sealed + usize::from(pitch_sealed),
    })
}

/// Each waiver's place in `promocase.yaml`, as a diagnostic whose message
/// is filled in later.
fn waive_places(config: &Config, ct: &ConfigText<'_>) -> BTreeMap<String, Diagnostic> {
    let place = |id: &String| {
        let span = config::span(ct.0.text, &[Seg::Key("waive"), Seg::Key(id)]);
        let m = catalogue::waived_with_evidence(id, 0);
        (id.clone(), Diagnostic::at(&ct.0, span, m))
    };
    config.waive.keys().map(place).collect()
}

/// A pitch (`name`, or it sealed, `name.age`), and whether it is sealed to
/// keys this reader does not hold.
fn read_pitch(
    files: &Files<'_>,
    name: &str,
    sealing: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Option<super::pitch::Pitch>, bool) {
    let sealed_name = format!("{name}{}", crate::seal::SEALED);
    let Some(f) = files.find(name).or_else(|| files.find(&sealed_name)) else {
        return (None, false);
    };
    let Some(f) = opened(f, diags) else {
        return (None, true);
    };
    let Some(text) = text_of(&f, diags) else {
        return (None, false);
    };
    let pitch = super::pitch::read(&f.path, text, diags);
    if let Some(p) = &pitch {
        unsealed(&f.path, p.visibility, sealing, diags);
    }
    (pitch, false)
}

/// The file as plaintext: itself, or a sealed file opened with the keys
/// installed; `None` (with a note) when none opens it.
pub(super) fn opened(f: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    if !crate::seal::is_sealed(&f.path) {
        return Some(f.clone());
    }
    match crate::seal::open(&f.bytes) {
        Some(plain) => Some(SourceFile {
            path: f.path.clone(),
            blob: f.blob.clone(),
            bytes: std::sync::Arc::new(plain),
        }),
        None => {
            diags.push(Diagnostic::file(&f.path, catalogue::sealed()));
            None
        }
    }
}

/// `unsealed`: a private or manager-only file in plain text in a case
/// that seals them.
pub(super) fn unsealed(
    path: &str,
    v: super::Visibility,
    sealing: bool,
    diags: &mut Vec<Diagnostic>,
) {
    if sealing && v != super::Visibility::Shareable && !crate::seal::is_sealed(path) {
        diags.push(Diagnostic::file(path, catalogue::unsealed(v.as_str())));
    }
}

/// The framework the configuration names: built in, or a file inside the case.
fn load_framework(
    config: &Config,
    files: &Files<'_>,
    ct: &ConfigText<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Framework> {
    let at = [Seg::Key("framework")];
    if let Some(id) = config.framework.strip_prefix(framework::BUILTIN_PREFIX) {
        if let Some(f) = Framework::builtin(id) {
            return Some(f);
        }
        let ids = framework::BUILTIN.iter().map(|(i, _)| *i);
        let names: Vec<String> = framework::BUILTIN
            .iter()
            .map(|(i, _)| format!("builtin:{i}"))
            .collect();
        let help = match did_you_mean(id, ids) {
            Some(c) => format!("did you mean `builtin:{c}`?"),
            None => format!("built-in frameworks: {}", names.join(", ")),
        };
        let m = catalogue::config_invalid(format!("no built-in framework `{id}`"), Some(help));
        ct.report(diags, &at, m);
        return None;
    }
    let rel = match framework_path(&config.framework) {
        Ok(p) => p,
        Err(why) => {
            let help = "the framework file must be inside the case folder, named relative to it (e.g. `framework.yaml`)";
            ct.report(
                diags,
                &at,
                catalogue::config_invalid(why, Some(help.into())),
            );
            return None;
        }
    };
    let Some(file) = files.find(&rel) else {
        if !diags.iter().any(|d| d.path == rel && d.is_error()) {
            let m = match diags.iter().any(|d| d.path == rel) {
                true => catalogue::config_invalid(
                    format!("framework file `{rel}` is not a regular file; it was not read"),
                    Some("replace the link with the file itself".into()),
                ),
                false => catalogue::config_invalid(
                    format!("framework file `{rel}` not found in the case"),
                    Some("use `builtin:senior-em`, or export it with `promocase framework export senior-em`".into()),
                ),
            };
            ct.report(diags, &at, m);
        }
        return None;
    };
    let text = text_of(file, diags)?;
    let (fw, fw_diags) = framework::parse(&rel, text);
    diags.extend(fw_diags);
    fw
}

/// The configuration's levels and waived competencies exist in the
/// framework (each one that does not is reported).
fn levels_and_waivers_known(
    config: &Config,
    framework: &Framework,
    ct: &ConfigText<'_>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    let level_ids: Vec<&str> = framework.levels.iter().map(|l| l.id.as_str()).collect();
    for (key, value) in [
        ("current_level", &config.current_level),
        ("target_level", &config.target_level),
    ] {
        if framework.level(value).is_none() {
            let m = catalogue::unknown_level(value, &framework.id, &level_ids);
            ct.report(diags, &[Seg::Key(key)], m);
            ok = false;
        }
    }
    if ok {
        ok = levels_in_order(config, framework, ct, diags);
    }
    let ids: Vec<&str> = framework
        .competencies
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for id in config.waive.keys() {
        if framework.competency(id).is_none() {
            let m = catalogue::unknown_waived_competency(id, &ids);
            ct.report(diags, &[Seg::Key("waive"), Seg::Key(id)], m);
            ok = false;
        }
    }
    ok
}

/// An error at `window_months` when the case's window is shorter than the
/// months an expectation of the target level asks for (one with no window
/// of its own): that competency could never be met.
fn window_reaches_months(
    config: &Config,
    framework: &Framework,
    ct: &ConfigText<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(w) = config.window_months.map(|w| w.get() as i64) else {
        return;
    };
    let short = framework.competencies.iter().find_map(|c| {
        let e = c.expectations.get(&config.target_level)?;
        let m = e.months.filter(|m| e.within_months.is_none() && *m > w)?;
        Some((c.id.as_str(), m))
    });
    if let Some((id, m)) = short {
        let m = catalogue::config_invalid(
            format!("a window of {w} months leaves `{id}` (which asks for evidence in {m} distinct months) never met"),
            Some(format!("set `window_months` to at least {m}, or remove it to use the framework's")),
        );
        ct.report(diags, &[Seg::Key("window_months")], m);
    }
}

/// A warning at `waive` when the waivers leave the target level no way to
/// `ready`: nothing assessed, or fewer assessed than `at-least`'s `met`.
fn waivers_leave_a_way_to_ready(
    config: &Config,
    framework: &Framework,
    ct: &ConfigText<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(level) = framework.level(&config.target_level) else {
        return;
    };
    if config.waive.is_empty() {
        return;
    }
    let assessed = framework
        .competencies
        .iter()
        .filter(|c| c.expectations.contains_key(&level.id) && !config.waive.contains_key(&c.id))
        .count();
    let at_least = level
        .verdict
        .as_ref()
        .filter(|v| v.rule == crate::case::framework::RuleName::AtLeast)
        .and_then(|v| match &v.met {
            // A fraction of what is assessed is always reachable.
            Some(crate::case::framework::Met::Count(k)) => Some((*k).max(0) as usize),
            _ => None,
        });
    let m = match at_least {
        _ if assessed == 0 => catalogue::never_ready(&level.id, 0, None),
        Some(k) if k > assessed => catalogue::never_ready(&level.id, assessed, Some(k)),
        _ => return,
    };
    ct.report(diags, &[Seg::Key("waive")], m);
}

/// The target level is above the current one (levels are lowest first);
/// a switch of track is a warning unless the configuration says it is meant.
fn levels_in_order(
    config: &Config,
    framework: &Framework,
    ct: &ConfigText<'_>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let index = |id: &str| framework.levels.iter().position(|l| l.id == id);
    let (Some(cur), Some(tgt)) = (index(&config.current_level), index(&config.target_level)) else {
        return true;
    };
    if tgt <= cur {
        let m = catalogue::config_invalid(
            format!(
                "target level `{}` is not above current level `{}` in the framework's order",
                config.target_level, config.current_level
            ),
            Some(
                "levels are listed lowest first in the framework; name the level you aim for"
                    .into(),
            ),
        );
        ct.report(diags, &[Seg::Key("target_level")], m);
        return false;
    }
    let (a, b) = (&framework.levels[tgt], &framework.levels[cur]);
    if let (Some(ta), Some(tb)) = (&a.track, &b.track) {
        if ta != tb && !config.track_change {
            let m = catalogue::track_change(&a.id, ta, &b.id, tb);
            ct.report(diags, &[Seg::Key("target_level")], m);
        }
    }
    true
}

/// Feedback (sorted by date) and templates (by file name) among `files`.
fn feedback_and_templates(
    files: &[SourceFile],
    framework: &Framework,
    sealing: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Feedback>, BTreeMap<String, String>, usize) {
    let mut feedback = Vec::new();
    let mut templates = BTreeMap::new();
    let mut sealed = 0;
    for file in files {
        let path = &*file.path;
        let is_feedback = path.ends_with(".md") || crate::seal::is_sealed(path);
        if path.starts_with("feedback/") && is_feedback {
            let Some(file) = opened(file, diags) else {
                sealed += 1;
                continue;
            };
            let doc = Document::parse(&file.bytes);
            let read = feedback::read(path, &doc, framework, diags);
            if let Some(f) = &read {
                unsealed(path, f.visibility, sealing, diags);
            }
            feedback.extend(read);
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
    (feedback, templates, sealed)
}

/// Check a framework path from the config: relative, inside the case.
pub(crate) fn framework_path(p: &str) -> Result<String, String> {
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
