//! JSON Schemas for the files a user edits, for editors (VS Code, Neovim)
//! to validate and complete as the user types.
//!
//! Evidence, feedback and the configuration are read field by field (to
//! report every problem at once); their schemas are made from the same
//! field descriptions the readers use (`crate::case::kinds`), so they
//! cannot drift apart. The framework is parsed into Rust types, and its
//! schema is generated from those types by `schemars`.

use crate::case::kinds::{self, Field, Shape, MAX_MONTHS};
use crate::case::Framework;
use serde_json::{json, Value};

/// A date as files write it (a timestamp's date part is accepted).
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$";

/// The schema of one field, from its description.
fn field_schema(f: &Field) -> Value {
    let mut v = match f.shape {
        Shape::Text if f.required => json!({"type": "string", "minLength": 1}),
        Shape::Text => json!({"type": "string"}),
        Shape::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
        Shape::List if f.required => {
            json!({"type": "array", "items": {"type": "string"}, "minItems": 1})
        }
        Shape::List => json!({"type": "array", "items": {"type": "string"}}),
        Shape::Word(words) => json!({"type": "string", "enum": words}),
        Shape::Actions => json!({"type": "array", "items": object(kinds::action::ALL, None)}),
        Shape::Ratings => json!({
            "type": "object",
            "additionalProperties": {"type": "string", "enum": <kinds::Rating as kinds::Word>::NAMES},
        }),
        Shape::Reasons => {
            json!({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}})
        }
        Shape::Months => json!({"type": "integer", "minimum": 1, "maximum": MAX_MONTHS}),
        Shape::Flag => json!({"type": "boolean"}),
        Shape::Keys => {
            let keys = json!({"type": "array", "items": {"type": "string", "minLength": 1}});
            json!({"type": "object", "properties": {"self": keys, "manager": keys},
                   "required": ["self"], "additionalProperties": false})
        }
        Shape::People => {
            let relation = json!({"type": "string", "enum": crate::case::config::Relation::NAMES});
            let aliases = json!({"type": "array", "items": {"type": "string", "minLength": 1}});
            let person = json!({"type": "object", "properties": {"relation": relation, "aliases": aliases},
                                "required": ["relation"], "additionalProperties": false});
            json!({"type": "object", "additionalProperties": {"oneOf": [relation, person]}})
        }
        Shape::Count => json!({"type": "integer", "minimum": 0, "maximum": kinds::MAX_COUNT}),
    };
    v["description"] = json!(f.doc);
    v
}

/// The schema of a mapping of `fields` (no other keys allowed).
fn object(fields: &[Field], title: Option<&str>) -> Value {
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(f)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut v = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if let Some(t) = title {
        v["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        v["title"] = json!(t);
    }
    v
}

/// The files a schema exists for.
pub const KINDS: &[&str] = &["evidence", "feedback", "framework", "config"];

/// The JSON Schema for `kind`. With a framework, competency ids, scopes and
/// levels are listed, so an editor can complete them.
pub fn schema(kind: &str, fw: Option<&Framework>) -> Option<Value> {
    let mut v = match kind {
        "evidence" => object(
            kinds::evidence::ALL,
            Some("promocase evidence front matter"),
        ),
        "feedback" => object(
            kinds::feedback::ALL,
            Some("promocase feedback front matter"),
        ),
        "framework" => serde_json::to_value(schemars::schema_for!(Framework)).ok()?,
        "config" => object(kinds::config::ALL, Some("promocase.yaml")),
        _ => return None,
    };
    if let Some(fw) = fw {
        let ids: Vec<&str> = fw.competencies.iter().map(|c| c.id.as_str()).collect();
        let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.as_str()).collect();
        let props = &mut v["properties"];
        match kind {
            "evidence" => {
                props["competencies"]["items"] = json!({"enum": ids});
                props["scope"] = json!({"description": "How far the work reached, narrowest first.", "enum": fw.scopes});
            }
            "feedback" => {
                props["gaps"]["items"] = json!({"enum": ids});
            }
            "config" => {
                props["current_level"]["enum"] = json!(levels);
                props["target_level"]["enum"] = json!(levels);
            }
            _ => {}
        }
    }
    Some(v)
}

/// `promocase schema KIND`: inside a case, its framework's ids are listed
/// so that editors can complete them.
pub(crate) fn for_current_case(kind: &str) -> crate::Result<Value> {
    let here = std::path::Path::new(".");
    let fw = crate::source::find_case_dir(here)
        .ok()
        .and_then(|d| crate::source::read_worktree(&d).ok())
        .and_then(|snap| {
            crate::case::load(
                &snap,
                crate::date::today_utc(),
                &mut crate::case::ParseCache::default(),
            )
            .case
        })
        .map(|c| c.framework);
    schema(kind, fw.as_ref()).ok_or_else(|| crate::Error::Usage {
        message: format!("no schema `{kind}`"),
    })
}

/// The property names a schema allows at its top level.
#[cfg(test)]
fn properties(kind: &str) -> Vec<String> {
    schema(kind, None)
        .and_then(|v| {
            v["properties"]
                .as_object()
                .map(|o| o.keys().cloned().collect())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn schemas_name_exactly_the_fields_and_words_the_readers_accept() {
        use crate::case::kinds::{Autonomy, FeedbackKind, Role, Visibility, Word};
        for (kind, fields) in [
            ("evidence", kinds::evidence::ALL),
            ("feedback", kinds::feedback::ALL),
            ("config", kinds::config::ALL),
        ] {
            let mut p = properties(kind);
            p.sort();
            assert_eq!(p, sorted(&kinds::names(fields)), "{kind}");
        }
        let words = |kind: &str, key: &str| -> Vec<String> {
            let v = schema(kind, None).unwrap();
            serde_json::from_value(v["properties"][key]["enum"].clone()).unwrap()
        };
        assert_eq!(words("evidence", "role"), sorted_as_is(Role::NAMES));
        assert_eq!(words("evidence", "autonomy"), sorted_as_is(Autonomy::NAMES));
        assert_eq!(
            words("evidence", "visibility"),
            sorted_as_is(Visibility::NAMES)
        );
        assert_eq!(words("feedback", "kind"), sorted_as_is(FeedbackKind::NAMES));
        // The words serde reads and writes (JSON outputs) are the same.
        fn serde_agrees<W: Word + serde::Serialize + serde::de::DeserializeOwned>() {
            for n in W::NAMES {
                let w: W = serde_json::from_value(json!(n)).unwrap();
                assert_eq!(serde_json::to_value(w).unwrap(), json!(n));
            }
        }
        serde_agrees::<Role>();
        serde_agrees::<Autonomy>();
        serde_agrees::<Visibility>();
        serde_agrees::<FeedbackKind>();
    }

    fn sorted_as_is(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }
}
