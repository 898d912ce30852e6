//! `init` and `new`: the only commands that write into a case, and they
//! never overwrite (see [`crate::output::create_new`]).

use crate::case::{kinds, Framework};
use crate::date::Date;
use crate::diagnostic::catalogue::suggestion as did_you_mean;
use crate::error::{Error, Result};
use crate::output;
use std::path::{Path, PathBuf};

/// A URL-and-filesystem-safe slug from any title: lower case, letters and
/// digits (any script) kept, everything else (slashes, dots, spaces) a
/// single `-`; at most 60 characters; `entry` when nothing is left.
pub(crate) fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // At most 60 characters, cut at a word's end when there is one.
    let mut s: String = out.chars().take(61).collect();
    if s.chars().count() > 60 {
        s = match s.rfind('-') {
            Some(i) if i > 0 => s[..i].to_string(),
            _ => s.chars().take(60).collect(),
        };
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        "entry".into()
    } else {
        s
    }
}

/// YAML-safe quoting for a one-line value (a JSON string is valid YAML).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// What `promocase new` writes.
pub(crate) struct NewEvidence<'a> {
    /// The editor schema to name in the front matter, relative to the file.
    pub(crate) schema: Option<String>,
    pub(crate) title: &'a str,
    pub(crate) competencies: &'a [String],
    pub(crate) scope: &'a str,
    pub(crate) date: Date,
    pub(crate) links: Vec<String>,
    /// `example: true`: init's example, which never counts.
    pub(crate) example: bool,
}

/// The text of a new evidence file: every field of
/// [`kinds::evidence::ALL`] in order, the given values written, the others
/// as their example (commented out unless suggested), with the words a
/// closed set allows.
pub(crate) fn evidence_text(n: &NewEvidence<'_>) -> String {
    let comps: Vec<&str> = n.competencies.iter().map(String::as_str).collect();
    let links: Vec<String> = n.links.iter().map(|l| quote(l)).collect();
    let mut s = String::new();
    s.push_str("---\n");
    if let Some(schema) = &n.schema {
        s.push_str(&format!("# yaml-language-server: $schema={schema}\n"));
    }
    for f in kinds::evidence::ALL {
        let given = match f.name {
            "date" => Some(n.date.to_string()),
            "title" => Some(quote(n.title)),
            "competencies" => Some(format!("[{}]", comps.join(", "))),
            "scope" => Some(n.scope.to_string()),
            "links" if !links.is_empty() => Some(format!("[{}]", links.join(", "))),
            "example" if n.example => Some("true".into()),
            _ => None,
        };
        let words = match f.shape {
            kinds::Shape::Word(w) => format!(" # {}", w.join(" | ")),
            _ => String::new(),
        };
        // Only init's example says it is one; a new entry is real.
        if f.name == "example" && given.is_none() {
            continue;
        }
        match given {
            Some(v) => s.push_str(&format!("{}: {v}\n", f.name)),
            // init's example shows a measured impact, as an entry should.
            None if f.suggested || (n.example && f.name == "impact") => {
                s.push_str(&format!("{}: {}{words}\n", f.name, f.example))
            }
            None => s.push_str(&format!("# {}: {}{words}\n", f.name, f.example)),
        }
    }
    s.push_str("---\n\n## Situation\n\n\n## Action\n\n\n## Result\n\n");
    s
}

/// Check competency ids and the scope against the framework; an error with
/// suggestions names the first unknown one.
fn check_new(fw: &Framework, competencies: &[String], scope: &str) -> Result<()> {
    if competencies.is_empty() {
        let ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
        return Err(Error::Usage {
            message: format!(
                "name at least one competency with `-c ID`; nothing written\n  help: competencies of `{}`: {}",
                fw.id,
                ids.join(", ")
            ),
        });
    }
    for c in competencies {
        if fw.competency(c).is_none() {
            let help = did_you_mean(c, fw.competencies.iter().map(|c| c.id.as_str()))
                .unwrap_or_else(|| {
                    format!(
                        "competencies: {}",
                        fw.competencies
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            return Err(Error::Usage {
                message: format!("unknown competency `{c}`; nothing written\n  help: {help}"),
            });
        }
    }
    if fw.scope_rank(scope).is_none() {
        let help = did_you_mean(scope, fw.scopes.iter().map(String::as_str))
            .unwrap_or_else(|| format!("scopes: {}", fw.scopes.join(", ")));
        return Err(Error::Usage {
            message: format!("unknown scope `{scope}`; nothing written\n  help: {help}"),
        });
    }
    Ok(())
}

/// Where `init` puts the editor schemas, relative to the case.
pub(crate) const SCHEMA_DIR: &str = ".promocase/schema";

/// The schema reference for an evidence file two folders deep, when the
/// case has the schemas.
fn evidence_schema_ref(case_dir: &Path) -> Option<String> {
    case_dir
        .join(SCHEMA_DIR)
        .join("evidence.json")
        .is_file()
        .then(|| format!("../../{SCHEMA_DIR}/evidence.json"))
}

/// Write a new evidence file under `case_dir`; returns its path.
fn new_evidence(case_dir: &Path, n: &NewEvidence<'_>) -> Result<PathBuf> {
    let year = n.date.format("%Y").to_string();
    let path =
        case_dir
            .join("evidence")
            .join(&year)
            .join(format!("{}-{}.md", n.date, slug(n.title)));
    output::create_new(&path, evidence_text(n).as_bytes())?;
    Ok(path)
}

/// What `promocase new --feedback` was asked for.
pub(crate) struct NewFeedback<'a> {
    pub(crate) case: &'a Path,
    pub(crate) from: &'a str,
    /// One of [`kinds::FeedbackKind`]'s words.
    pub(crate) kind: &'a str,
    pub(crate) date: Date,
}

/// `promocase new --feedback`: a feedback file with every field, the
/// optional ones commented out with what they take; its path
/// (`feedback/YYYY/YYYY-MM-DD-<kind>.md`, `-2`, `-3`... when taken).
pub(crate) fn new_feedback(n: &NewFeedback<'_>) -> Result<PathBuf> {
    let case_dir = crate::source::find_case_dir(n.case)?;
    let from = n.from.trim();
    if from.is_empty() || from.contains(['\n', '\r']) {
        return Err(Error::Usage {
            message: "--from must name who gave the feedback, on one line; nothing written".into(),
        });
    }
    let dir = case_dir
        .join("feedback")
        .join(n.date.format("%Y").to_string());
    let text = feedback_text(from, n.kind, n.date);
    for i in 1.. {
        let suffix = if i == 1 {
            String::new()
        } else {
            format!("-{i}")
        };
        let path = dir.join(format!("{}-{}{suffix}.md", n.date, n.kind));
        match output::create_new(&path, text.as_bytes()) {
            Err(Error::Exists { .. }) => continue,
            done => return done.map(|()| path),
        }
    }
    unreachable!("some suffix is free")
}

/// A feedback file's text: date, from and kind given; the other fields
/// commented out, each with what it takes and an example.
fn feedback_text(from: &str, kind: &str, date: Date) -> String {
    let mut s = String::from("---\n");
    for f in kinds::feedback::ALL {
        let line = match f.name {
            "date" => format!("date: {date}"),
            "from" => format!("from: {}", quote(from)),
            "kind" => format!("kind: {kind}"),
            "actions" => "# actions:   # give each an `id`: evidence that answers it can then say `closes: [id]`\n#   - {do: \"what you will do\", competency: org-leverage, due: 2026-06-30, id: my-action}".into(),
            _ => format!("# {}: {}   # {}", f.name, f.example, f.doc),
        };
        s.push_str(&line);
        s.push('\n');
    }
    s.push_str("---\n\nWhat was said, in the giver's words.\n");
    s
}

/// What `promocase new` was asked for.
pub(crate) struct NewRequest<'a> {
    /// The case folder, or a folder inside it.
    pub(crate) case: &'a Path,
    /// The title (default with `from_commit`: the commit's subject).
    pub(crate) title: Option<&'a str>,
    pub(crate) competencies: &'a [String],
    /// The scope (default: the framework's home scope).
    pub(crate) scope: Option<&'a str>,
    /// The date (default: today, or the commit's date).
    pub(crate) date: Option<Date>,
    /// Take date, title and a link from this commit.
    pub(crate) from_commit: Option<&'a str>,
}

/// `promocase new`: check the request against the case's framework and
/// write the evidence file; its path.
pub(crate) fn new_in_case(r: &NewRequest<'_>) -> Result<PathBuf> {
    let case_dir = crate::source::find_case_dir(r.case)?;
    let snap = crate::source::read_worktree(&case_dir)?;
    let loaded = crate::case::load(
        &snap,
        crate::date::today_utc(),
        &mut crate::case::ParseCache::default(),
    );
    let Some(c) = loaded.case else {
        return Err(Error::CaseHasErrors {
            count: loaded.errors(),
        });
    };
    let commit = match r.from_commit {
        Some(rev) => Some(crate::source::describe_commit(Path::new("."), rev)?),
        None => None,
    };
    let title = match (r.title, &commit) {
        (Some(t), _) => t.to_string(),
        (None, Some(c)) => c.summary.clone(),
        (None, None) => {
            return Err(Error::Usage {
                message: "give a TITLE (or --from-commit REV)".into(),
            })
        }
    };
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::Usage {
            message: "the title is empty; nothing written\n  help: say what you did in one line"
                .into(),
        });
    }
    if title.contains(['\n', '\r']) {
        return Err(Error::Usage {
            message: "the title must be one line; nothing written\n  help: put the details in the narrative".into(),
        });
    }
    let scope = r.scope.unwrap_or(c.framework.home_scope());
    check_new(&c.framework, r.competencies, scope)?;
    let n = NewEvidence {
        schema: evidence_schema_ref(&case_dir),
        title,
        competencies: r.competencies,
        scope,
        date: r
            .date
            .or(commit.as_ref().map(|c| c.date))
            .unwrap_or_else(crate::date::today_utc),
        links: commit
            .iter()
            .map(|c| {
                crate::source::commit_url(Path::new("."), &c.id)
                    .unwrap_or_else(|| format!("commit {}", c.id))
            })
            .collect(),
        example: false,
    };
    new_evidence(&case_dir, &n)
}

/// `promocase.yaml` as `init` writes it: the required fields, the others
/// commented with an example each.
fn init_config(candidate: &str) -> String {
    format!(
        "# yaml-language-server: $schema={SCHEMA_DIR}/config.json\n\
         # promocase case: see `promocase --help` and docs/case.md\n\
         candidate: {}\n\
         framework: builtin:senior-em\n\
         current_level: em\n\
         target_level: senior-em\n\
         # in_role_since: 2024-01-15\n\
         # manager: \"Your manager\"\n\
         # window_months: 12\n\
         # waive:\n\
         #   competency-id: \"why it does not apply to your role\"\n\
         # people:  # who your evidence names, grouped by relation in the brief\n\
         #   \"Sam Lee\": {{relation: above-manager, aliases: [\"VP Engineering\"]}}\n\
         #   \"Jordan Park\": peer\n",
        quote(candidate)
    )
}

/// The files `promocase init` writes, relative to the case folder.
fn init_files(candidate: &str, today: Date) -> Vec<(String, String)> {
    let config = init_config(candidate);
    // The example is written for the built-in framework, at its home scope.
    let fw = crate::case::Framework::builtin("senior-em");
    let home = fw.as_ref().map_or("", |f| f.home_scope());
    let example = evidence_text(&NewEvidence {
        schema: Some(format!("../../{SCHEMA_DIR}/evidence.json")),
        title: "Started my promotion case",
        competencies: &["manager-relationship".to_string()],
        scope: home,
        date: today,
        links: Vec::new(),
        example: true,
    })
    .replace(
        "# impact: what changed because of this work, ideally measured\n",
        "impact: \"We agreed what the next level expects and when to talk again\"\n",
    )
    .replace(
        "## Situation\n\n",
        "## Situation\n\nI want to grow into the Senior EM role and asked my manager for honest feedback on my gaps.\n",
    );
    let mut files = vec![
        ("promocase.yaml".to_string(), config),
        (
            format!(
                "evidence/{}/{}-started-my-promotion-case.md",
                today.format("%Y"),
                today
            ),
            example,
        ),
        (
            crate::case::pitch::PITCH_FILE.to_string(),
            PITCH.to_string(),
        ),
        (".gitignore".to_string(), GITIGNORE.to_string()),
        (
            format!("feedback/{}/{}-example.md", today.format("%Y"), today),
            feedback_text("Your manager", "one-on-one", today).replacen(
                "# example: true",
                "example: true",
                1,
            ),
        ),
    ];
    // Editor schemas, listing the built-in framework's ids for completion.
    for kind in crate::schema::KINDS {
        if let Some(v) = crate::schema::schema(kind, fw.as_ref()) {
            let text = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
            files.push((format!("{SCHEMA_DIR}/{kind}.json"), text));
        }
    }
    files
}

/// `pitch.md` as `init` writes it: the guide's three things to bring to
/// the promotion conversation, as comments, so the brief shows nothing
/// until the candidate writes their own words.
const PITCH: &str = "<!-- Your pitch: how you already operate at the next level, in your own words.
     The brief opens with it, right after the summary, for every audience.
     Write under each heading; these comments never appear in the brief. -->

## Impact beyond my team

<!-- Which work of yours changed how more than your own team works? Name it, its reach and what it changed. -->

## Complex situations I handled on my own

<!-- Where did you face ambiguity or conflicting expectations, form a point of view and act without waiting for direction? -->

## How I already operate at the next level

<!-- In a few sentences: why your manager can put you forward now, and what the evidence below shows. -->
";

/// Rendered briefs may hold private evidence: `init` keeps them out of Git
/// wherever the walkthrough writes them.
const GITIGNORE: &str =
    "# Briefs rendered with -o may hold private evidence: keep them out of Git.\n\
/out/\n/brief.md\n/brief.html\n/brief.json\n/brief.pdf\n";

/// The GitHub workflow for a case at `rel` (relative to the repository
/// root): GitHub reads workflows only at the root. The folder is written
/// once, as a YAML double-quoted string (JSON's string syntax is a subset of
/// it), into the workflow's `env`; the steps read the variable, so no shell
/// line holds the folder's name. GitHub evaluates `${{ }}` even inside a
/// quoted value, and a folder name holding it is refused.
fn workflow(rel: &str) -> Result<String> {
    let case = if rel.is_empty() { "." } else { rel };
    if case.contains("${{") {
        return Err(Error::Usage {
            message: format!(
                "the case folder `{}` holds `${{{{`, which GitHub would evaluate as an expression in the workflow\n  help: rename the folder, or run `init` without `--ci github` and write the workflow by hand",
                crate::render::escape::terminal(case)
            ),
        });
    }
    let quoted = serde_json::to_string(case).expect("a string serialises");
    Ok(crate::GITHUB_WORKFLOW.replace(
        "PROMOCASE_CASE: career\n",
        &format!("PROMOCASE_CASE: {quoted}\n"),
    ))
}

/// Scaffold a case in `dir`. Refuses (writing nothing) if any file exists.
pub(crate) fn init(
    dir: &Path,
    candidate: &str,
    today: Date,
    ci_github: bool,
) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::CaseNotFolder {
            path: dir.to_path_buf(),
        });
    }
    let root = crate::source::repository_root(dir)?;
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut files: Vec<(PathBuf, String)> = init_files(candidate, today)
        .into_iter()
        .map(|(rel, text)| (dir.join(rel), text))
        .collect();
    if ci_github {
        // GitHub reads workflows at the repository root only.
        let top = root.clone().unwrap_or_else(|| abs.clone());
        let rel = abs
            .strip_prefix(&top)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let path = top.join(".github/workflows/promocase.yml");
        files.push((path, workflow(&rel)?));
    }
    let gitignore = dir.join(".gitignore");
    for (p, _) in &files {
        if *p != gitignore && p.symlink_metadata().is_ok() {
            return Err(Error::Exists { path: p.clone() });
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        source: e,
    })?;
    if root.is_none() {
        crate::source::init_repository(dir)?;
    }
    let mut written = Vec::new();
    for (p, text) in files {
        if p == gitignore && p.exists() {
            append_missing_lines(&p, &text)?;
        } else {
            output::create_new(&p, text.as_bytes())?;
        }
        written.push(p);
    }
    Ok(written)
}

/// Append the lines of `text` that `path` lacks (an existing `.gitignore`
/// is kept, never replaced).
fn append_missing_lines(path: &Path, text: &str) -> Result<()> {
    let old = std::fs::read_to_string(path).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        source: e,
    })?;
    let have: std::collections::HashSet<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !have.contains(l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str("# promocase: rendered briefs may hold private evidence\n");
    for l in missing {
        new.push_str(l);
        new.push('\n');
    }
    output::write_atomic(path, new.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_entry_names_every_evidence_field_and_the_words_each_takes() {
        let d = crate::date::parse("2026-02-01").unwrap();
        let text = evidence_text(&NewEvidence {
            schema: None,
            title: "A \"quoted\" title",
            competencies: &["org-leverage".to_string()],
            scope: "team",
            date: d,
            links: vec!["commit abc".into()],
            example: false,
        });
        for f in kinds::evidence::ALL.iter().filter(|f| f.name != "example") {
            let written = text.lines().any(|l| {
                l.strip_prefix("# ")
                    .unwrap_or(l)
                    .starts_with(&format!("{}: ", f.name))
            });
            assert!(written, "{} missing from\n{text}", f.name);
        }
        // Which part you played is a choice to make, not `led` by default.
        assert!(
            text.contains("# role: led # led | contributed | supported\n"),
            "{text}"
        );
        assert!(!text.contains("example:"), "{text}");
        assert!(text.contains("# autonomy: self-initiated # directed | guided | self-initiated\n"));
        assert!(text.contains("links: [\"commit abc\"]\n"));
        assert!(
            text.contains("title: \"A \\\"quoted\\\" title\"\n"),
            "{text}"
        );
    }

    #[test]
    fn slugs() {
        let table = [
            ("Hiring process redesign", "hiring-process-redesign"),
            ("../../etc/passwd", "etc-passwd"),
            ("v1.2: the rollout", "v1-2-the-rollout"),
            ("Équipe — réorganisation", "équipe-réorganisation"),
            ("日本語のタイトル", "日本語のタイトル"),
            ("///", "entry"),
            ("", "entry"),
            ("a/b\\c", "a-b-c"),
        ];
        for (title, want) in table {
            assert_eq!(slug(title), want, "{title}");
        }
        assert!(slug(&"x".repeat(500)).chars().count() <= 60);
        // Long titles are cut at a word's end.
        let long = "Redesigned the hiring loop for every engineering team across the company";
        assert_eq!(
            slug(long),
            "redesigned-the-hiring-loop-for-every-engineering-team-across"
        );
    }
}
