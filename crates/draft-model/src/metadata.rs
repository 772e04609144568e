//! Track `metadata.json`, in Draft's and Conductor's key sets.
//!
//! The file is read with serde_json into an order-preserving map, so unknown
//! keys survive, and exposed through typed accessors that accept both key
//! sets (`id`/`track_id`, `title`/`description`, `created`/`created_at`).
//! Syntax errors become diagnostics naming the line and column. A leading
//! UTF-8 byte-order mark is accepted, and kept: edits address the bytes after
//! it. New files are rendered here with the key order of FORMATS.md §5.

use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use serde_json::{Map, Value};

/// Track lifecycle status as stored in metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// Spec and plan being written; no task started.
    Planning,
    /// At least one task started or done.
    InProgress,
    /// Every task done.
    Completed,
    /// Put away.
    Archived,
    /// Explicitly blocked (read only).
    Blocked,
    /// Abandoned (Conductor's `cancelled`, read only).
    Cancelled,
}

impl TrackStatus {
    /// Read a stored status string, accepting both tools' vocabularies.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "planning" | "new" | "pending" | "planned" => Some(Self::Planning),
            "in_progress" | "active" | "started" => Some(Self::InProgress),
            "completed" | "complete" | "done" => Some(Self::Completed),
            "archived" => Some(Self::Archived),
            "blocked" => Some(Self::Blocked),
            "cancelled" | "canceled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    /// The string written to metadata.json.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planning => "planning",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Archived => "archived",
            Self::Blocked => "blocked",
            Self::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for TrackStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed metadata.json.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The top-level object, in file order.
    pub map: Map<String, Value>,
}

impl Metadata {
    /// Parse JSON text; `file` names the document in the diagnostic.
    pub fn parse(src: &str, file: &str) -> Result<Self, Box<Diagnostic>> {
        let bom = crate::text::bom_len(src);
        let value: Value = serde_json::from_str(&src[bom..]).map_err(|err| {
            // The mark is one character before the first column.
            let column = if err.line() == 1 && bom > 0 { err.column() + 1 } else { err.column() };
            Box::new(
                Diagnostic::file(
                    "metadata-json",
                    Severity::Error,
                    file,
                    format!("metadata.json is not valid JSON: {err}"),
                )
                .at(err.line(), column)
                .with_hint("fix the JSON syntax (a missing comma or quote is the usual cause)"),
            )
        })?;
        match value {
            Value::Object(map) => Ok(Self { map }),
            other => Err(Box::new(
                Diagnostic::file(
                    "metadata-json",
                    Severity::Error,
                    file,
                    format!("metadata.json must hold an object, found {}", json_kind(&other)),
                )
                .at(1, 1),
            )),
        }
    }

    fn str_field(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.map.get(*k).and_then(Value::as_str))
    }

    /// `id` (Draft) or `track_id` (Conductor).
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.str_field(&["id", "track_id"])
    }

    /// `title`, else Conductor's `description`.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.str_field(&["title", "description"])
    }

    /// The raw status string.
    #[must_use]
    pub fn status_str(&self) -> Option<&str> {
        self.str_field(&["status"])
    }

    /// The status, when it is a known value.
    #[must_use]
    pub fn status(&self) -> Option<TrackStatus> {
        self.status_str().and_then(TrackStatus::parse)
    }

    /// `type`: feature, bugfix, refactor …
    #[must_use]
    pub fn kind(&self) -> Option<&str> {
        self.str_field(&["type"])
    }

    /// A `{ "total": n, "completed": m }` counter, as (total, completed).
    #[must_use]
    pub fn counter(&self, key: &str) -> Option<(Option<u64>, Option<u64>)> {
        let obj = self.map.get(key)?.as_object()?;
        Some((obj.get("total").and_then(Value::as_u64), obj.get("completed").and_then(Value::as_u64)))
    }
}

/// Byte range of the value at `path` (e.g. `["tasks", "completed"]`) in JSON
/// text, for diagnostics and in-place edits. `None` when absent or unparsable.
#[must_use]
pub fn value_range(src: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    use jsonc_parser::ast;
    use jsonc_parser::common::Ranged as _;
    let bom = crate::text::bom_len(src);
    let parsed = jsonc_parser::parse_to_ast(
        &src[bom..],
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .ok()?;
    let mut value = parsed.value?;
    for key in path {
        let ast::Value::Object(obj) = value else { return None };
        value = obj.properties.into_iter().find(|p| p.name.as_str() == *key)?.value;
    }
    let range = value.range();
    Some(bom + range.start..bom + range.end)
}

/// An edit setting the value at `path` to the JSON text `value`: the old
/// value's bytes are replaced, or a missing key is spliced in before the
/// closing brace of its object in the file's own style (one line or one
/// property per line with the last property's indentation). `None` when
/// the text does not parse or a parent object is missing.
#[must_use]
pub fn set_value(src: &str, path: &[&str], value: &str) -> Option<crate::edit::Edit> {
    use crate::edit::Edit;
    use jsonc_parser::ast;
    use jsonc_parser::common::Ranged as _;
    if let Some(range) = value_range(src, path) {
        return Some(Edit::replace(range, value));
    }
    let (key, parents) = path.split_last()?;
    // Offsets below are into `body`; `bom` puts them back into `src`.
    let bom = crate::text::bom_len(src);
    let body = &src[bom..];
    let parsed = jsonc_parser::parse_to_ast(
        body,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .ok()?;
    let mut node = parsed.value?;
    for parent in parents {
        let ast::Value::Object(obj) = node else { return None };
        node = obj.properties.into_iter().find(|p| p.name.as_str() == *parent)?.value;
    }
    let ast::Value::Object(obj) = node else { return None };
    let obj_range = obj.range();
    let close = obj_range.end.checked_sub(1)?;
    let name = serde_json::to_string(key).ok()?;
    let Some(last) = obj.properties.last() else {
        return Some(Edit::insert(bom + close, format!("{name}: {value}")));
    };
    let last_range = last.range();
    let text = &body[obj_range.start..obj_range.end];
    let colon = if text.contains("\": ") { ": " } else { ":" };
    if text.contains('\n') {
        let line_start = body[..last_range.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &body[line_start..last_range.start];
        let indent = if indent.trim().is_empty() { indent } else { "  " };
        let nl = crate::text::line_ending(src);
        Some(Edit::insert(bom + last_range.end, format!(",{nl}{indent}{name}{colon}{value}")))
    } else {
        let spaced = text.contains(", \"") || (!text.contains(",\"") && colon == ": ");
        let sep = if spaced { ", " } else { "," };
        Some(Edit::insert(bom + last_range.end, format!("{sep}{name}{colon}{value}")))
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Fields of a new track's metadata.
#[derive(Debug, Clone, Serialize)]
pub struct NewMetadata<'a> {
    /// Track id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// feature | bugfix | refactor.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Status string.
    pub status: &'a str,
    /// Creation time.
    pub created: &'a str,
    /// Last update time.
    pub updated: &'a str,
    /// Phase counter.
    pub phases: Counter,
    /// Task counter.
    pub tasks: Counter,
}

/// `{ "total": n, "completed": m }`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counter {
    /// All items.
    pub total: usize,
    /// Finished items.
    pub completed: usize,
}

impl NewMetadata<'_> {
    /// Pretty JSON with two-space indent and a final newline.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_key_sets_and_keeps_unknown_keys() {
        let d = Metadata::parse(r#"{"track_id":"a_1","description":"D","status":"new","owner":"x"}"#, "m").expect("ok");
        assert_eq!(d.id(), Some("a_1"));
        assert_eq!(d.title(), Some("D"));
        assert_eq!(d.status(), Some(TrackStatus::Planning));
        assert_eq!(d.map.keys().next_back().map(String::as_str), Some("owner"));
    }

    #[test]
    fn value_range_finds_nested_values() {
        let src = r#"{ "phases": { "total": 2, "completed": 2 }, "tasks": {"total":7,"completed":7} }"#;
        let r = value_range(src, &["tasks", "completed"]).expect("found");
        assert_eq!(&src[r.clone()], "7");
        assert!(r.start > src.find("tasks").expect("tasks"));
        assert_eq!(value_range(src, &["nope"]), None);
    }

    #[test]
    fn set_value_replaces_or_splices_in_file_style() {
        let apply = |src: &str, path: &[&str], v: &str| {
            crate::edit::apply(src, vec![set_value(src, path, v).expect("edit")]).expect("apply")
        };
        let one = r#"{"id":"a","status":"new","tasks":{"total":1}}"#;
        assert_eq!(
            apply(one, &["status"], "\"in_progress\""),
            r#"{"id":"a","status":"in_progress","tasks":{"total":1}}"#
        );
        assert_eq!(
            apply(one, &["tasks", "completed"], "0"),
            r#"{"id":"a","status":"new","tasks":{"total":1,"completed":0}}"#
        );
        assert_eq!(apply(one, &["updated"], "\"x\""), r#"{"id":"a","status":"new","tasks":{"total":1},"updated":"x"}"#);
        let pretty = "{\n  \"id\": \"a\",\n  \"phases\": { \"total\": 2 }\n}\n";
        assert_eq!(
            apply(pretty, &["tasks"], "{ \"total\": 1, \"completed\": 0 }"),
            "{\n  \"id\": \"a\",\n  \"phases\": { \"total\": 2 },\n  \"tasks\": { \"total\": 1, \"completed\": 0 }\n}\n"
        );
        assert_eq!(
            apply(pretty, &["phases", "completed"], "1"),
            "{\n  \"id\": \"a\",\n  \"phases\": { \"total\": 2, \"completed\": 1 }\n}\n"
        );
        assert_eq!(apply("{}", &["a"], "1"), "{\"a\": 1}");
        assert_eq!(set_value("{", &["a"], "1"), None);
        assert_eq!(set_value(one, &["nope", "x"], "1"), None);
    }

    /// Regression (issue 8 item 16): a byte-order mark made metadata.json
    /// "not valid JSON at 1:1", so it was never read or synced.
    #[test]
    fn regression_metadata_bom() {
        let src = "\u{feff}{\r\n  \"id\": \"a\",\r\n  \"tasks\": {\"total\": 1}\r\n}\r\n";
        let m = Metadata::parse(src, "m").expect("a BOM is accepted");
        assert_eq!(m.id(), Some("a"));
        let r = value_range(src, &["id"]).expect("range");
        assert_eq!(&src[r], "\"a\"");
        let edits = vec![
            set_value(src, &["tasks", "total"], "2").expect("edit"),
            set_value(src, &["status"], "\"new\"").expect("edit"),
        ];
        let out = crate::edit::apply(src, edits).expect("apply");
        assert_eq!(
            out,
            "\u{feff}{\r\n  \"id\": \"a\",\r\n  \"tasks\": {\"total\": 2},\r\n  \"status\": \"new\"\r\n}\r\n"
        );
        let err = Metadata::parse("\u{feff}{x", "m").expect_err("bad");
        assert_eq!((err.line, err.column), (1, 3));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = Metadata::parse("{\n  \"id\": \"a\"\n  \"x\": 1\n}", "t/metadata.json").expect_err("bad");
        assert_eq!((err.file.as_str(), err.line), ("t/metadata.json", 3));
        let err = Metadata::parse("[1]", "m").expect_err("array");
        assert!(err.message.contains("an array"));
    }
}
