//! `promocase init` and `promocase new`: the commands that write a case.

use super::args::{CiKind, Cli, InitArgs, NewArgs};
use super::{say_created, Outcome};
use crate::error::Result;
use crate::{date, output, scaffold, source};

pub(crate) fn init(cli: &Cli, a: &InitArgs) -> Result<Outcome> {
    let dir = super::args::case_path(a.dir.as_ref());
    let files = scaffold::init(
        &dir,
        &a.candidate,
        date::today_utc(),
        matches!(a.ci, Some(CiKind::Github)),
    )?;
    // The next commands run inside the case: say how to get there.
    let shown = source::display_path(&dir);
    let cd = match shown.as_str() {
        "" | "." => String::new(),
        d => format!("`cd {}`, then ", shell_word(d)),
    };
    let mut next =
        format!("next: {cd}`promocase new \"What you did\" -c COMPETENCY` and `promocase check`\n");
    if matches!(a.ci, Some(CiKind::Github)) {
        // No release is tagged: the workflow names the action `@COMMIT`.
        next.push_str("then: in .github/workflows/promocase.yml, replace `@COMMIT` with a commit id of the repository that holds promocase\n");
    }
    say_created(cli, &files, &next)?;
    Ok(Outcome::Success)
}

pub(crate) fn new(a: &NewArgs) -> Result<Outcome> {
    if a.feedback {
        let path = scaffold::new_feedback(&scaffold::NewFeedback {
            case: &a.case.path(),
            from: a.from.as_deref().unwrap_or_default(),
            kind: a.kind.as_deref().unwrap_or_default(),
            date: a.date.unwrap_or_else(crate::date::today_utc),
        })?;
        return created(&sealed_if_asked(&a.case.path(), path)?, a.edit);
    }
    let path = scaffold::new_in_case(&scaffold::NewRequest {
        case: &a.case.path(),
        title: a.title.as_deref(),
        competencies: &a.competencies,
        scope: a.scope.as_deref(),
        date: a.date,
        from_commit: a.from_commit.as_deref(),
    })?;
    created(&sealed_if_asked(&a.case.path(), path)?, a.edit)
}

/// In a case that seals, a new file whose visibility is `private` or
/// `manager` is sealed at once (no plaintext is left to commit by
/// mistake): its sealed path, and a word on how to edit it. Else `path`.
fn sealed_if_asked(case: &std::path::Path, path: std::path::PathBuf) -> Result<std::path::PathBuf> {
    let case_dir = crate::source::find_case_dir(case)?;
    let Ok(rel) = path.strip_prefix(&case_dir) else {
        return Ok(path);
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let plan = match crate::pipeline::seal_plan(&case_dir, false, Some(&rel)) {
        Ok((_, plan)) => plan,
        // No `seal:`: nothing to seal.
        Err(crate::Error::Usage { .. }) => return Ok(path),
        Err(e) => return Err(e),
    };
    let Some(step) = plan.steps.iter().find(|s| s.from == rel) else {
        return Ok(path);
    };
    apply_seal_step(&case_dir, step)?;
    let sealed = case_dir.join(&step.to);
    let note = format!(
        "sealed: its visibility is `{}`; edit it with `promocase edit {}`\n",
        step.visibility.as_str(),
        shell_word(&source::display_path(&sealed))
    );
    eprint!("{}", crate::render::style::human_safe(&note));
    Ok(sealed)
}

/// Say the new file's path; with `--edit`, open it and check it.
fn created(path: &std::path::Path, then_edit: bool) -> Result<Outcome> {
    output::write_stdout(format!("{}\n", source::display_path(path)).as_bytes())?;
    match then_edit {
        true => edit(path),
        false => Ok(Outcome::Success),
    }
}

/// A path as one shell word: as it is when it holds nothing a shell reads,
/// else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c));
    match plain {
        true => s.to_string(),
        false => format!("'{}'", s.replace('\'', "'\\''")),
    }
}

/// `promocase seal`: write each sealed file, then remove its plaintext
/// (written first, so a failure never loses the entry), and say what was
/// sealed; with `--reseal`, seal again what this key opens.
pub(crate) fn seal(a: &super::args::SealArgs) -> Result<Outcome> {
    let (snapshot, plan) = crate::pipeline::seal_plan(&a.case.path(), a.reseal, None)?;
    let crate::source::CaseFolder::WorkTree { dir, shown } = &snapshot.case else {
        return Ok(Outcome::Success);
    };
    let shown_path = |rel: &str| match shown.as_str() {
        "" => rel.to_string(),
        s => format!("{s}/{rel}"),
    };
    let mut said = String::new();
    for s in &plan.steps {
        apply_seal_step(dir, s)?;
        let to = match s.visibility {
            crate::case::Visibility::Private => "self",
            crate::case::Visibility::Manager => "self and manager",
            crate::case::Visibility::Shareable => "everyone",
        };
        let verb = match s.kind {
            crate::pipeline::SealKind::Seal => "sealed",
            crate::pipeline::SealKind::Reseal => "sealed again",
            crate::pipeline::SealKind::Unseal => "unsealed (shareable)",
        };
        let (from, to_path) = (shown_path(&s.from), shown_path(&s.to));
        said.push_str(&match s.kind {
            crate::pipeline::SealKind::Reseal => format!("{verb} {from} (for {to})\n"),
            _ => format!("{verb} {from} -> {to_path} (for {to})\n"),
        });
    }
    if plan.steps.is_empty() {
        said.push_str("nothing to seal: every private and manager file is sealed\n");
    }
    if plan.unopened > 0 {
        let n = crate::readiness::plural(plan.unopened, "sealed file", "sealed files");
        said.push_str(&format!("{n} no key here opens: left as they are\n"));
    }
    output::write_stdout(crate::render::style::human_safe(&said).as_bytes())?;
    Ok(Outcome::Success)
}

/// Write one step: a new file first, the old one removed after, so a
/// failure never loses the entry; a file sealed again is replaced whole.
fn apply_seal_step(dir: &std::path::Path, s: &crate::pipeline::SealStep) -> Result<()> {
    if s.from == s.to {
        return output::write_atomic(&dir.join(&s.to), &s.bytes);
    }
    output::create_new(&dir.join(&s.to), &s.bytes)?;
    std::fs::remove_file(dir.join(&s.from)).map_err(|e| crate::Error::Write {
        path: dir.join(&s.from),
        source: e,
    })
}

/// `promocase edit PATH`: the editor on the file (a sealed one opened into
/// a private temporary folder, sealed again to the keys its visibility
/// names, the plaintext removed whatever the editor did), then `check`'s
/// diagnostics for that file.
pub(crate) fn edit(path: &std::path::Path) -> Result<Outcome> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let case_dir = crate::source::find_case_dir(dir)?;
    let rel = path
        .canonicalize()
        .ok()
        .and_then(|p| {
            Some(
                p.strip_prefix(case_dir.canonicalize().ok()?)
                    .ok()?
                    .to_path_buf(),
            )
        })
        .ok_or_else(|| crate::Error::Usage {
            message: format!(
                "{} is not a file of the case at {}",
                path.display(),
                case_dir.display()
            ),
        })?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    if crate::seal::is_sealed(&rel) {
        edit_sealed(&case_dir, &rel)?;
    } else if !run_editor(path)? {
        return Err(crate::Error::Usage {
            message: "the editor exited with an error".into(),
        });
    }
    say_file_diagnostics(&case_dir, &rel)
}

/// Open, edit and seal again the sealed file `rel` of the case at `case_dir`.
fn edit_sealed(case_dir: &std::path::Path, rel: &str) -> Result<()> {
    let path = case_dir.join(rel);
    let sealed = std::fs::read(&path).map_err(|e| crate::Error::Read {
        path: path.clone(),
        source: e,
    })?;
    let plain = crate::seal::open(&sealed).ok_or_else(|| crate::Error::Usage {
        message: format!(
            "no key here opens {rel}\n  help: set PROMOCASE_IDENTITY to a key it was sealed to"
        ),
    })?;
    // A folder only this user may enter; removed when dropped, whatever
    // the editor did.
    let private = tempfile::Builder::new()
        .prefix("promocase-edit-")
        .tempdir()
        .map_err(|e| crate::Error::Write {
            path: std::env::temp_dir(),
            source: e,
        })?;
    let name = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(crate::seal::SEALED);
    let open = private.path().join(name);
    output::create_new(&open, &plain)?;
    let ok = run_editor(&open)?;
    let edited = std::fs::read(&open).unwrap_or_else(|_| plain.clone());
    drop(private);
    if !ok {
        return Err(crate::Error::Usage {
            message: format!("the editor exited with an error: {rel} is unchanged"),
        });
    }
    if edited != plain {
        reseal(case_dir, rel, &edited)?;
    }
    Ok(())
}

/// Seal `text` again to the keys its visibility names (a file made
/// shareable is written in plain text beside, the sealed one removed).
fn reseal(case_dir: &std::path::Path, rel: &str, text: &[u8]) -> Result<()> {
    let keys = checked(case_dir)?
        .loaded
        .case
        .and_then(|c| c.config.seal)
        .ok_or_else(|| crate::Error::Usage {
            message: "promocase.yaml has no `seal:` to seal the file to again".into(),
        })?;
    let visibility = crate::case::frontmatter::visibility(&String::from_utf8_lossy(text));
    let path = case_dir.join(rel);
    match keys.recipients(visibility) {
        Some(to) => {
            let sealed =
                crate::seal::seal(text, &to).map_err(|why| crate::Error::Usage { message: why })?;
            output::write_atomic(&path, &sealed)
        }
        None => {
            output::create_new(&path.with_extension(""), text)?;
            std::fs::remove_file(&path).map_err(|e| crate::Error::Write { path, source: e })
        }
    }
}

/// Run `$VISUAL` or `$EDITOR` (else `vi`) on `file`, through the shell so
/// that an editor given with flags (`code --wait`) works; whether it
/// succeeded.
fn run_editor(file: &std::path::Path) -> Result<bool> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .map_err(|e| crate::Error::Usage {
            message: format!("cannot run the editor `{editor}`: {e}"),
        })?;
    Ok(status.success())
}

/// The working tree's case at `case_dir`, loaded as `check` loads it.
fn checked(case_dir: &std::path::Path) -> Result<crate::pipeline::Read> {
    let at = crate::pipeline::CaseAt {
        case: case_dir,
        rev: None,
        as_of: None,
    };
    crate::pipeline::load(at, crate::pipeline::Strategy::Checking { lean: true })
}

/// `check`'s diagnostics for the one file `rel` of the case.
fn say_file_diagnostics(case_dir: &std::path::Path, rel: &str) -> Result<Outcome> {
    let crate::pipeline::Read {
        snapshot, loaded, ..
    } = checked(case_dir)?;
    let prefix = snapshot.display_prefix();
    let mine: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.path == rel)
        .cloned()
        .collect();
    let diags = crate::diagnostic::Diagnostics::new(mine);
    let style = crate::render::Style::default();
    let text = crate::render::diagnostics::human(&diags, &prefix, 1, style, true);
    output::write_stdout(crate::render::style::human_safe(&text).as_bytes())?;
    Ok(Outcome::failed_if(diags.errors() > 0))
}
