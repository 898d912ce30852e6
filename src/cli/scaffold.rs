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
        output::write_stdout(format!("{}\n", source::display_path(&path)).as_bytes())?;
        return Ok(Outcome::Success);
    }
    let path = scaffold::new_in_case(&scaffold::NewRequest {
        case: &a.case.path(),
        title: a.title.as_deref(),
        competencies: &a.competencies,
        scope: a.scope.as_deref(),
        date: a.date,
        from_commit: a.from_commit.as_deref(),
    })?;
    output::write_stdout(format!("{}\n", source::display_path(&path)).as_bytes())?;
    Ok(Outcome::Success)
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
/// sealed.
pub(crate) fn seal(a: &super::args::CaseArg) -> Result<Outcome> {
    let (snapshot, steps) = crate::pipeline::seal_plan(&a.path())?;
    let crate::source::CaseFolder::WorkTree { dir, shown } = &snapshot.case else {
        return Ok(Outcome::Success);
    };
    let shown_path = |rel: &str| match shown.as_str() {
        "" => rel.to_string(),
        s => format!("{s}/{rel}"),
    };
    let mut said = String::new();
    for s in &steps {
        output::create_new(&dir.join(&s.to), &s.bytes)?;
        std::fs::remove_file(dir.join(&s.from)).map_err(|e| crate::Error::Write {
            path: dir.join(&s.from),
            source: e,
        })?;
        let to = match s.visibility {
            crate::case::Visibility::Private => "self",
            _ => "self and manager",
        };
        said.push_str(&format!(
            "sealed {} -> {} (for {to})\n",
            shown_path(&s.from),
            shown_path(&s.to)
        ));
    }
    if steps.is_empty() {
        said.push_str("nothing to seal: every private and manager file is sealed\n");
    }
    output::write_stdout(crate::render::style::human_safe(&said).as_bytes())?;
    Ok(Outcome::Success)
}
