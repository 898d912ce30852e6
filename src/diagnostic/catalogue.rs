//! Every diagnostic's words, in one place: one constructor per problem,
//! named after it, returning the code, the message and the help.
//!
//! Readers decide *that* something is wrong and *where* (a byte span);
//! this module decides how it is said, so that the same problem reads the
//! same in every file kind and a wording can be changed (or translated) in
//! one file. `framework-invalid` and `config-invalid` each name a family of
//! structural rules of one file kind: their constructors take the rule's
//! message, which is written beside the rule it checks.

use super::Code;

/// What a diagnostic says: its code, message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

fn say(code: Code, message: impl Into<String>, help: Option<String>) -> Message {
    Message {
        code,
        message: message.into(),
        help,
    }
}

/// The closest of `candidates` to `value`, if one is close enough to be a
/// likely typo (a difference only in case always is).
pub(crate) fn did_you_mean<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = value.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            2.0
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, if any.
pub(crate) fn suggestion<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(value, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A suggestion, or else the list of what is allowed (`what: a, b, c`).
fn suggest_or_list(value: &str, candidates: &[&str], what: &str) -> String {
    suggestion(value, candidates.iter().copied())
        .unwrap_or_else(|| format!("{what}: {}", candidates.join(", ")))
}

// ------------------------------------------------------------ the file itself

pub(crate) fn not_utf8() -> Message {
    say(
        Code::NotUtf8,
        "the file is not valid UTF-8",
        Some("save the file as UTF-8".into()),
    )
}

pub(crate) fn front_matter_missing(what: &str) -> Message {
    say(
        Code::FrontMatterMissing,
        format!("{what} must start with YAML front matter"),
        Some("start the file with a `---` line, the fields, and another `---` line; `promocase new` writes one".into()),
    )
}

pub(crate) fn front_matter_unterminated() -> Message {
    say(
        Code::FrontMatterUnterminated,
        "front matter is never closed",
        Some("add a `---` line after the last field".into()),
    )
}

pub(crate) fn front_matter_empty() -> Message {
    say(
        Code::MissingField,
        "the front matter is empty",
        Some("add the required fields (`date`, `title`, ...) between the `---` lines".into()),
    )
}

pub(crate) fn front_matter_not_mapping(found: &str) -> Message {
    say(
        Code::WrongType,
        format!("front matter must be a mapping of fields, found {found}"),
        Some("write one `field: value` per line".into()),
    )
}

pub(crate) fn skipped_entry(what: &str) -> Message {
    say(
        Code::SkippedEntry,
        format!("skipped {what}"),
        Some("promocase reads only regular files inside the case; commit the file itself".into()),
    )
}

pub(crate) fn file_too_large(size: u64) -> Message {
    say(
        Code::FileTooLarge,
        format!("the file is {size} bytes, over the 1 MiB limit; it was not read"),
        Some(
            "evidence is a short narrative: link to large material instead of including it".into(),
        ),
    )
}

pub(crate) fn unreadable(why: &str) -> Message {
    say(
        Code::Unreadable,
        format!("cannot read the file: {why}"),
        None,
    )
}

// ---------------------------------------------------------------- YAML

pub(crate) fn duplicate_key(key: &str) -> Message {
    say(
        Code::DuplicateKey,
        format!("duplicate key `{key}`"),
        Some(format!("`{key}` is given twice; keep one")),
    )
}

/// YAML that does not parse, as `code` (`yaml-syntax`, or the file kind's
/// own code for a file that is all YAML). Tabs and the nesting and alias
/// limits get a help line of their own; anything else gets `help`.
pub(crate) fn yaml_syntax(code: Code, parser_message: &str, tabs: bool, help: &str) -> Message {
    let help = if tabs && parser_message.contains("cannot start any token") {
        "YAML does not allow tabs for indentation; use spaces"
    } else if parser_message.contains("recursion limit")
        || parser_message.contains("nested more than")
        || parser_message.contains("repetition limit")
    {
        "nesting and aliases this deep are refused; write plain fields"
    } else {
        help
    };
    say(code, parser_message, Some(help.into()))
}

// ---------------------------------------------------------------- fields

pub(crate) fn missing_field(key: &str, example: &str) -> Message {
    say(
        Code::MissingField,
        format!("missing required field `{key}`"),
        Some(format!("add `{key}: {example}`")),
    )
}

pub(crate) fn empty_field(key: &str, example: &str) -> Message {
    say(
        Code::MissingField,
        format!("`{key}` is empty"),
        Some(format!("write `{key}: {example}`")),
    )
}

pub(crate) fn empty_list(key: &str, example: &str) -> Message {
    say(
        Code::MissingField,
        format!("`{key}` needs at least one entry"),
        Some(format!("write `{key}: {example}`")),
    )
}

pub(crate) fn wrong_type(key: &str, expected: &str, found: &str) -> Message {
    say(
        Code::WrongType,
        format!("`{key}` must be {expected}, found {found}"),
        None,
    )
}

/// A scalar where a list belongs: the help shows the list it should be.
pub(crate) fn not_a_list(key: &str, found: &str, scalar: Option<&str>) -> Message {
    say(
        Code::WrongType,
        format!("`{key}` must be a list, found {found}"),
        scalar.map(|s| format!("write a list: `{key}: [{s}]`")),
    )
}

pub(crate) fn key_not_a_word() -> Message {
    say(Code::WrongType, "a key must be a plain word", None)
}

pub(crate) fn one_line(key: &str) -> Message {
    say(
        Code::WrongType,
        format!("`{key}` must be one line"),
        Some("move the details into the narrative".into()),
    )
}

/// A word outside a closed set; `what` names the set when the message
/// reads better with it ("a kind of feedback").
pub(crate) fn not_a_word(key: &str, value: &str, words: &[&str], what: Option<&str>) -> Message {
    let message = match what {
        Some(what) => format!("`{value}` is not {what}"),
        None => format!("`{value}` is not a valid `{key}`"),
    };
    say(
        Code::WrongType,
        message,
        Some(suggest_or_list(value, words, "one of")),
    )
}

pub(crate) fn not_an_action() -> Message {
    say(
        Code::WrongType,
        "an action must be a mapping: `{do: ..., competency: ..., due: ...}`",
        None,
    )
}

pub(crate) fn unknown_field(key: &str, known: &[&str]) -> Message {
    say(
        Code::UnknownField,
        format!("unknown field `{key}`"),
        Some(suggest_or_list(key, known, "known fields")),
    )
}

pub(crate) fn invalid_date(text: &str, hint: &str) -> Message {
    say(
        Code::InvalidDate,
        format!("`{text}` is not a valid date"),
        Some(hint.into()),
    )
}

/// A valid `until` that is before the entry's own `date`: the date is fine,
/// the order is not.
pub(crate) fn until_before_date(until: &str, date: &str) -> Message {
    say(
        Code::InvalidDate,
        format!("`until` {until} is before `date` {date}"),
        Some("`until` is the work's last day: on or after `date`, or `ongoing` for work that goes on".into()),
    )
}

// ------------------------------------------------------ against the framework

/// An unknown competency id; `help` when there is no close one.
pub(crate) fn unknown_competency(id: &str, ids: &[&str], help: Option<&str>) -> Message {
    say(
        Code::UnknownCompetency,
        format!("unknown competency `{id}`"),
        suggestion(id, ids.iter().copied()).or(help.map(str::to_string)),
    )
}

pub(crate) fn unknown_behaviour(id: &str, ids: &[&str]) -> Message {
    say(
        Code::UnknownBehaviour,
        format!("unknown behaviour `{id}`"),
        suggestion(id, ids.iter().copied()).or(Some(
            "`promocase framework show` lists the behaviours under each expectation".into(),
        )),
    )
}

pub(crate) fn behaviour_not_tagged(id: &str, competency: &str) -> Message {
    say(
        Code::UnknownBehaviour,
        format!("`{id}` is a behaviour of `{competency}`, which this entry is not tagged with"),
        Some(format!(
            "add `{competency}` to `competencies`, or cite a behaviour of a tagged one"
        )),
    )
}

pub(crate) fn unknown_action(id: &str, ids: &[&str]) -> Message {
    say(
        Code::UnknownAction,
        format!("no feedback action has the id `{id}`"),
        suggestion(id, ids.iter().copied()).or(Some(if ids.is_empty() {
            "give the action an `id:` in its feedback file".to_string()
        } else {
            format!("action ids: {}", ids.join(", "))
        })),
    )
}

pub(crate) fn unknown_waived_competency(id: &str, ids: &[&str]) -> Message {
    say(
        Code::UnknownCompetency,
        format!("waived competency `{id}` is not in the framework"),
        suggestion(id, ids.iter().copied()),
    )
}

/// The waivers leave `assessed` competencies at `level`, and the verdict
/// needs `needed` of them met (`None`: any at all).
pub(crate) fn never_ready(level: &str, assessed: usize, needed: Option<usize>) -> Message {
    let message = match needed {
        None => format!("every competency of level `{level}` is waived: the case can never be ready"),
        Some(k) => format!(
            "the waivers leave {assessed} assessed {} at level `{level}`, and its `at-least` rule needs {k} met: the case can never be ready",
            if assessed == 1 { "competency" } else { "competencies" }
        ),
    };
    say(
        Code::NeverReady,
        message,
        Some("check that each waiver still holds, or agree a rule the role can meet".into()),
    )
}

/// An entry marked `example: true`.
pub(crate) fn example_entry() -> Message {
    say(
        Code::ExampleEntry,
        "an example entry (`example: true`): it counts nowhere",
        Some("copy its shape into your own entries, then delete it".into()),
    )
}

/// A field that still holds `new`'s example.
pub(crate) fn placeholder_text(field: &str) -> Message {
    say(
        Code::PlaceholderText,
        format!("`{field}` still holds the example `promocase new` wrote"),
        Some(format!(
            "write this work's own `{field}`, or remove the line"
        )),
    )
}

/// Work beyond the candidate's own scope that nobody can vouch for.
pub(crate) fn no_witness(scope: &str) -> Message {
    say(
        Code::NoWitness,
        format!("`{scope}` work with no `witnesses`: who outside your team can speak to it?"),
        Some(
            "add `witnesses: [\"Name (role)\"]`: calibration weighs work someone can vouch for"
                .into(),
        ),
    )
}

/// An impact with no measure.
pub(crate) fn unmeasured_impact() -> Message {
    say(
        Code::UnmeasuredImpact,
        "`impact` has no number: how much changed?",
        Some(
            "measure it (\"time to hire down from 41 to 29 days\", \"3 of 4 teams adopted it\")"
                .into(),
        ),
    )
}

/// Ongoing work older than the window it is counted in.
pub(crate) fn ongoing_too_long(months: u32) -> Message {
    say(
        Code::OngoingTooLong,
        format!("`until: ongoing` on work that started more than {months} months ago"),
        Some("if it ended, give `until` its last day; if it goes on, split what changed into new entries".into()),
    )
}

/// The pitch names an entry its readers may not see.
pub(crate) fn pitch_names_hidden(
    title: &str,
    entry: crate::case::Visibility,
    pitch: crate::case::Visibility,
) -> Message {
    say(
        Code::PitchNamesHidden,
        format!(
            "the pitch (`{}`) names \"{title}\", a `{}` entry its readers may not see",
            pitch.as_str(),
            entry.as_str()
        ),
        Some("make the entry as visible as the pitch, or leave it out of the pitch".into()),
    )
}

/// An open action no evidence can close.
pub(crate) fn action_without_id() -> Message {
    say(
        Code::ActionWithoutId,
        "an open action without an `id`: no evidence can say it answers it",
        Some(
            "add `id: a-short-name`, then `closes: [a-short-name]` in the entry that answers it"
                .into(),
        ),
    )
}

/// A `private` or `manager` file in plain text where `seal:` is set.
pub(crate) fn unsealed(visibility: &str) -> Message {
    say(
        Code::Unsealed,
        format!(
            "a `{visibility}` file in plain text: this case seals them (`seal:` in promocase.yaml)"
        ),
        Some("run `promocase seal` before committing it".into()),
    )
}

/// A sealed file no key here opens.
pub(crate) fn sealed() -> Message {
    let locked = crate::seal::locked_keys();
    let help = match locked.first() {
        None => "set PROMOCASE_IDENTITY to a key it was sealed to, if you are meant to read it".into(),
        Some(k) => format!("{k} has a passphrase, which promocase cannot ask for: make an age identity (`age-keygen -o ~/.config/promocase/identity.txt`), add its public key (`age1...`) to `seal:` and run `promocase seal --reseal` with a key that opens the files"),
    };
    say(
        Code::Sealed,
        "sealed, and no key here opens it: not counted, not shown",
        Some(help),
    )
}

pub(crate) fn unknown_scope(scope: &str, scopes: &[&str]) -> Message {
    say(
        Code::UnknownScope,
        format!("unknown scope `{scope}`"),
        Some(suggest_or_list(scope, scopes, "scopes, narrowest first")),
    )
}

pub(crate) fn unknown_level(level: &str, framework: &str, levels: &[&str]) -> Message {
    say(
        Code::UnknownLevel,
        format!("unknown level `{level}`"),
        Some(suggest_or_list(
            level,
            levels,
            &format!("levels of `{framework}`"),
        )),
    )
}

pub(crate) fn duplicate_evidence(first: &str) -> Message {
    say(
        Code::DuplicateEvidence,
        format!("the same date and title as `{first}`"),
        Some("merge the two entries, or give each its own title".into()),
    )
}

// ---------------------------------------------------------------- warnings

pub(crate) fn same_narrative(first: &str) -> Message {
    say(
        Code::SameNarrative,
        format!("the narrative is word for word the narrative of `{first}`"),
        Some("write what this piece of work was; if it is the same work, keep one entry and tag it with every competency it shows".into()),
    )
}

pub(crate) fn waived_with_evidence(id: &str, entries: usize) -> Message {
    let tagged = match entries {
        1 => "1 entry in the window is tagged with it".to_string(),
        n => format!("{n} entries in the window are tagged with it"),
    };
    say(
        Code::WaivedWithEvidence,
        format!("`{id}` is waived, and {tagged}"),
        Some("ask whether the waiver still holds; a waived competency is left out of the score and the verdict".into()),
    )
}

pub(crate) fn future_date(date: &str, as_of: &str) -> Message {
    say(
        Code::FutureDate,
        format!("dated {date}, after the as-of date {as_of}"),
        Some("it is not counted until then; check the date".into()),
    )
}

pub(crate) fn filename_date_mismatch(named: &str, date: &str) -> Message {
    say(
        Code::FilenameDateMismatch,
        format!("the file name says {named}, the `date` field says {date}"),
        Some("rename the file or fix the date; the `date` field is what counts".into()),
    )
}

pub(crate) fn missing_impact() -> Message {
    say(
        Code::MissingImpact,
        "no `impact`: what changed because of this work?",
        Some(
            "add `impact: ...`, ideally measured (\"time to hire down from 41 to 29 days\")".into(),
        ),
    )
}

pub(crate) fn empty_narrative() -> Message {
    say(
        Code::EmptyNarrative,
        "the narrative is empty",
        Some("after the front matter, write the situation, what you did, and the result".into()),
    )
}

/// How many diagnostics of one kind a file gets before the rest are
/// summed up in one: a file with thousands of unknown ids is one mistake
/// (and pointing at each would take time that grows with their square).
pub(crate) const MAX_SAME: usize = 20;

/// The summary for `n` more problems like the ones listed.
pub(crate) fn and_more(code: Code, n: usize, what: &str) -> Message {
    say(
        code,
        format!("and {n} more {what}"),
        Some(format!("only the first {MAX_SAME} are listed one by one")),
    )
}

pub(crate) fn track_change(
    target: &str,
    target_track: &str,
    current: &str,
    current_track: &str,
) -> Message {
    say(
        Code::TrackChange,
        format!("`{target}` is on the `{target_track}` track, `{current}` on `{current_track}`"),
        Some("if the switch is deliberate, say so: `track_change: true`".into()),
    )
}

pub(crate) fn not_assessed(ids: &[&str], target: &str) -> Message {
    say(
        Code::NotAssessed,
        format!(
            "tagged only with competencies that `{target}` does not assess or that are waived ({}); counted nowhere",
            ids.join(", ")
        ),
        Some("tag it with a competency the target level assesses (`promocase framework show`)".into()),
    )
}

pub(crate) fn outside_window(date: &str, months: u32, from: &str) -> Message {
    say(
        Code::OutsideWindow,
        format!("dated {date}, before the {months}-month window (from {from}); not counted"),
        None,
    )
}

// -------------------------------------------------- rules of one file kind

/// A structural rule of the framework file, broken.
pub(crate) fn framework_invalid(message: String, help: Option<String>) -> Message {
    say(Code::FrameworkInvalid, message, help)
}

/// A rule of `promocase.yaml`, broken.
pub(crate) fn config_invalid(message: String, help: Option<String>) -> Message {
    say(Code::ConfigInvalid, message, help)
}

/// No configuration; `skipped` when there is one that is not a regular file.
pub(crate) fn no_config(skipped: bool) -> Message {
    match skipped {
        true => config_invalid(
            "`promocase.yaml` is not a regular file; it was not read".into(),
            Some(
                "replace the link with the file itself: promocase reads only regular files".into(),
            ),
        ),
        false => config_invalid(
            "the case has no `promocase.yaml`".into(),
            Some("`promocase init` writes one".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_candidates_not_prose() {
        assert_eq!(
            did_you_mean("mentorng", ["mentoring", "delivery"]),
            Some("mentoring")
        );
        assert_eq!(
            did_you_mean("Delivery", ["mentoring", "delivery"]),
            Some("delivery")
        );
        assert_eq!(did_you_mean("xyz", ["mentoring", "delivery"]), None);
        assert_eq!(
            unknown_scope("tem", &["team", "org"]).help.as_deref(),
            Some("did you mean `team`?")
        );
        assert_eq!(
            unknown_scope("zzz", &["team", "org"]).help.as_deref(),
            Some("scopes, narrowest first: team, org")
        );
    }
}
