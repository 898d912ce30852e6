//! `promocase.yaml`: who the case is for and what it is measured against.

use super::fields::Fields;
use super::kinds::{config as field, MAX_MONTHS};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::yaml::{self, Seg, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub candidate: String,
    /// `builtin:ID` or a path relative to the case.
    pub framework: String,
    pub current_level: String,
    pub target_level: String,
    pub in_role_since: Option<Date>,
    pub manager: Option<String>,
    /// Validated: 1 to [`MAX_MONTHS`].
    pub window_months: Option<std::num::NonZeroU32>,
    /// Competency id -> why it does not apply.
    pub waive: BTreeMap<String, String>,
}

/// Parse the configuration; `None` when it has errors (in `diagnostics`).
pub fn parse(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = diagnostics.len();
    let value = match yaml::parse(text) {
        Ok(v) => v,
        Err(e) => {
            diagnostics.push(super::fields::yaml_error(
                &e,
                path,
                text,
                text,
                0,
                Code::ConfigInvalid,
                "see docs/case.md for `promocase.yaml`",
            ));
            return None;
        }
    };
    let Value::Mapping(map) = &value else {
        diagnostics.push(
            Diagnostic::at(
                Code::ConfigInvalid,
                path,
                text,
                Span {
                    line: 1,
                    column: 1,
                    len: 1,
                },
                format!(
                    "`promocase.yaml` must be a mapping of fields, found {}",
                    yaml::kind(&value)
                ),
            )
            .with_help("`promocase init` writes one to start from"),
        );
        return None;
    };
    let mut f = Fields {
        path,
        text,
        yaml: text,
        line_offset: 0,
        map,
        at: Vec::new(),
        diagnostics,
    };
    f.unknown_fields(field::ALL);
    let candidate = f.string(&field::CANDIDATE);
    let framework = f.string(&field::FRAMEWORK);
    let current_level = f.string(&field::CURRENT_LEVEL);
    let target_level = f.string(&field::TARGET_LEVEL);
    let in_role_since = f.date(&field::IN_ROLE_SINCE);
    let manager = f.string(&field::MANAGER);
    let window_months = match f.get("window_months") {
        None => None,
        Some(Value::Number(n))
            if n.as_u64()
                .is_some_and(|m| (1..=MAX_MONTHS as u64).contains(&m)) =>
        {
            n.as_u64()
                .and_then(|m| u32::try_from(m).ok())
                .and_then(std::num::NonZeroU32::new)
        }
        Some(v) => {
            let shown = yaml::scalar_text(v).unwrap_or_else(|| yaml::kind(v).to_string());
            f.report(Code::ConfigInvalid, &[Seg::Key("window_months")], format!("`window_months` must be a whole number of months from 1 to {MAX_MONTHS}, found {shown}"), None);
            None
        }
    };
    let mut waive = BTreeMap::new();
    match f.get("waive") {
        None => {}
        Some(Value::Mapping(m)) => {
            for (k, v) in m {
                let key = yaml::scalar_text(k).unwrap_or_default();
                match yaml::scalar_text(v) {
                    Some(reason) if !reason.trim().is_empty() => {
                        waive.insert(key, reason);
                    }
                    _ => f.report(
                        Code::ConfigInvalid,
                        &[Seg::Key("waive"), Seg::Key(&key)],
                        format!("waiving `{key}` needs a reason"),
                        Some(format!("write `{key}: \"why it does not apply\"`")),
                    ),
                }
            }
        }
        Some(v) => {
            let kind = yaml::kind(v);
            f.report(
                Code::WrongType,
                &[Seg::Key("waive")],
                format!("`waive` must be a mapping of competency id to reason, found {kind}"),
                None,
            );
        }
    }
    if diagnostics[start..]
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        return None;
    }
    Some(Config {
        candidate: candidate?,
        framework: framework?,
        current_level: current_level?,
        target_level: target_level?,
        in_role_since,
        manager,
        window_months,
        waive,
    })
}

/// Where in `promocase.yaml` a value is, for diagnostics found later.
pub fn span(text: &str, segs: &[Seg<'_>]) -> Span {
    yaml::locate(text, segs).unwrap_or(Span {
        line: 1,
        column: 1,
        len: 1,
    })
}
