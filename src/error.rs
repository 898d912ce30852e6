//! The library's one error type.
//!
//! Problems *in the case* (a bad date, an unknown competency) are not errors:
//! they are [`crate::diagnostic::Diagnostic`]s, collected so that one run
//! reports all of them. An [`Error`] means promocase could not do its job at
//! all (no such case, a bad revision, an unreadable repository, a file it must
//! not overwrite), and maps to exit code 2.

use std::path::PathBuf;

/// Everything that stops a command from running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no promocase case at `{path}` or any parent folder\n  help: {}", no_case_help(.found, .command))]
    NoCase {
        path: PathBuf,
        /// Case folders found below `path` (relative to it, `/`-separated).
        found: Vec<String>,
        /// The command to suggest running with one of them.
        command: &'static str,
    },

    #[error("`{path}` is not a folder\n  help: name the case folder, the one that holds `promocase.yaml`")]
    CaseNotFolder { path: PathBuf },

    #[error("`{path}` is not inside a Git repository\n  help: `--rev` and the history commands read Git; run `git init` and commit the case first")]
    NotARepository { path: PathBuf },

    #[error("unknown revision `{rev}`{}", suggest(.suggestions))]
    UnknownRevision {
        rev: String,
        suggestions: Vec<String>,
    },

    #[error("the current branch `{branch}` has no commits yet\n  help: commit the case first, or name a revision of another branch (`--rev main`)")]
    UnbornBranch { branch: String },

    #[error("the repository at `{path}` has no commits yet\n  help: commit the case first (`git add . && git commit`), or drop `--rev` to read the working tree")]
    EmptyRepository { path: PathBuf },

    #[error("commit {commit} is not in this clone: the repository is shallow\n  help: fetch the full history with `git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on `actions/checkout`")]
    ShallowClone { commit: String },

    #[error("no promocase case at `{case}` at {rev} (no `promocase.yaml` there or in a parent folder)\n  help: name the case folder (`--case career`), or check the revision")]
    CaseAbsent { case: String, rev: String },

    #[error("the working tree is not available: `{path}` is a bare repository\n  help: name a revision, e.g. `--rev HEAD`")]
    BareRepository { path: PathBuf },

    #[error("Git: {message}")]
    Git { message: String },

    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("`{path}` already exists; promocase never overwrites a file\n  help: move it away or choose another name")]
    Exists { path: PathBuf },

    #[error("template `{name}`{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template {
        name: String,
        line: Option<usize>,
        message: String,
    },

    #[error("the case has {}; run `promocase check` to see {}", if *.count == 1 { "1 error".to_string() } else { format!("{} errors", .count) }, if *.count == 1 { "it" } else { "them" })]
    CaseHasErrors { count: usize },

    #[error("{message}")]
    Usage { message: String },
}

impl Error {
    /// Name the command in hints that say what to run instead (the
    /// library does not know which command called it; the CLI does).
    pub(crate) fn in_command(self, name: &'static str) -> Error {
        match self {
            Error::NoCase { path, found, .. } => Error::NoCase {
                path,
                found,
                command: name,
            },
            e => e,
        }
    }
}

fn no_case_help(found: &[String], command: &str) -> String {
    match found {
        [] => {
            "a case is a folder holding `promocase.yaml`; create one with `promocase init`".into()
        }
        [one] => format!("found a case in {one}/: run `promocase {command} {one}`"),
        many => {
            // A monorepo may hold dozens: the first ten, then how many more.
            const SHOWN: usize = 10;
            let mut names: Vec<String> = many.iter().take(SHOWN).map(|c| format!("{c}/")).collect();
            if many.len() > SHOWN {
                names.push(format!("and {} more", many.len() - SHOWN));
            }
            format!(
                "found {} cases: {}; pass one (`promocase {command} {}`)",
                many.len(),
                names.join(", "),
                many[0]
            )
        }
    }
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "\n  help: name a commit, branch or tag (`git log --oneline`, `git branch -a`)".to_string()
    } else {
        let names: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        format!("\n  help: did you mean {}?", names.join(" or "))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    #[test]
    fn no_case_help_names_ten_then_counts() {
        let found: Vec<String> = (0..88).map(|i| format!("c{i:02}")).collect();
        let h = super::no_case_help(&found, "check");
        assert!(h.starts_with("found 88 cases: c00/, c01/"), "{h}");
        assert!(
            h.contains("c09/, and 78 more; pass one (`promocase check c00`)"),
            "{h}"
        );
        assert!(!h.contains("c10/"), "{h}");
        let h = super::no_case_help(&found[..2], "status");
        assert_eq!(
            h,
            "found 2 cases: c00/, c01/; pass one (`promocase status c00`)"
        );
    }
}
