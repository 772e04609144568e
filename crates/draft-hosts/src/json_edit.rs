//! Lossless edits of one key in a JSON or JSONC file.
//!
//! draft owns exactly one member (say `/mcpServers/draft`) of a file that
//! belongs to the user. Edits go through jsonc-parser's concrete syntax tree,
//! so comments, blank lines, key order and the rest of the formatting stay as
//! the user wrote them; only the owned member's bytes change.

use crate::located::{Problem, line_column};
use jsonc_parser::ParseOptions;
use jsonc_parser::ast;
use jsonc_parser::common::Ranged as _;
use jsonc_parser::cst::{CstInputValue, CstObject, CstRootNode};
use serde_json::Value;

/// The value at `key`, or `None` when the member (or a parent) is absent.
pub(crate) fn get(text: &str, key: &[String]) -> Result<Option<Value>, Problem> {
    check_shape(text, key)?;
    let root = parse(text)?;
    let Some(mut obj) = root.object_value() else { return Ok(None) };
    let (last, parents) = key.split_last().ok_or_else(|| Problem::start("empty key"))?;
    for k in parents {
        match obj.object_value(k) {
            Some(child) => obj = child,
            None => return Ok(None),
        }
    }
    Ok(obj.get(last).and_then(|prop| prop.value()).and_then(|v| v.to_serde_value()))
}

/// `text` with `key` set to `value`, creating missing parent objects. Also
/// returns how many parents were created, so removal can prune exactly those.
pub(crate) fn upsert(text: &str, key: &[String], value: &Value) -> Result<(String, usize), Problem> {
    check_shape(text, key)?;
    let root = parse(text)?;
    let mut obj = root.object_value_or_set();
    let (last, parents) = key.split_last().ok_or_else(|| Problem::start("empty key"))?;
    let mut created = 0;
    for k in parents {
        if obj.get(k).is_none() {
            created += 1;
        }
        obj = obj.object_value_or_create(k).ok_or_else(|| Problem::start(format!("`{k}` is not an object")))?;
    }
    match obj.get(last) {
        Some(prop) => prop.set_value(input(value)),
        None => {
            obj.append(last, input(value));
        }
    }
    Ok((root.to_string(), created))
}

/// `text` without `key`, and without up to `prune` parents that became empty.
/// Also returns the value left in the file.
pub(crate) fn remove(text: &str, key: &[String], prune: usize) -> Result<(String, Value), Problem> {
    check_shape(text, key)?;
    let root = parse(text)?;
    for depth in (key.len().saturating_sub(prune + 1)..key.len()).rev() {
        let Some(parent) = object_at(&root, &key[..depth]) else { break };
        let Some(prop) = parent.get(&key[depth]) else { break };
        let is_last = depth + 1 == key.len();
        let empty = prop.value().and_then(|v| v.as_object()).is_some_and(|o| o.properties().is_empty());
        if !is_last && !empty {
            break;
        }
        prop.remove();
    }
    let left = root.to_serde_value().unwrap_or(Value::Null);
    Ok((root.to_string(), left))
}

/// A new file holding `skeleton` (an object) with `key` set to `value`,
/// pretty-printed with two spaces.
pub(crate) fn create(skeleton: &Value, key: &[String], value: &Value) -> String {
    let mut nested = value.clone();
    for k in key.iter().rev() {
        let mut map = serde_json::Map::new();
        map.insert(k.clone(), nested);
        nested = Value::Object(map);
    }
    let mut doc = skeleton.clone();
    merge(&mut doc, nested);
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Deep-merge `add` into `base`; `add` wins where the two disagree.
fn merge(base: &mut Value, add: Value) {
    match (base, add) {
        (Value::Object(base), Value::Object(add)) => {
            for (k, v) in add {
                match base.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        base.insert(k, v);
                    }
                }
            }
        }
        (base, add) => *base = add,
    }
}

/// Whether a file draft created holds nothing of the user's after removal:
/// `{}`, or only a `$schema` line draft wrote with it.
pub(crate) fn is_leftover_skeleton(left: &Value) -> bool {
    match left {
        Value::Object(map) => map.keys().all(|k| k == "$schema"),
        Value::Null => true,
        _ => false,
    }
}

fn parse(text: &str) -> Result<CstRootNode, Problem> {
    CstRootNode::parse(text, &ParseOptions::default()).map_err(|e| Problem {
        line: e.line_display(),
        column: e.column_display(),
        message: e.kind().to_string(),
    })
}

fn object_at(root: &CstRootNode, key: &[String]) -> Option<CstObject> {
    let mut obj = root.object_value()?;
    for k in key {
        obj = obj.object_value(k)?;
    }
    Some(obj)
}

/// Report the first level of `key`'s parents that exists but is not an
/// object, with its position; parse errors come out here too.
fn check_shape(text: &str, key: &[String]) -> Result<(), Problem> {
    let parsed = jsonc_parser::parse_to_ast(text, &ast_collect(), &ParseOptions::default()).map_err(|e| Problem {
        line: e.line_display(),
        column: e.column_display(),
        message: e.kind().to_string(),
    })?;
    let Some(mut value) = parsed.value else { return Ok(()) };
    let mut pointer = String::new();
    for k in key.iter().take(key.len().saturating_sub(1)) {
        let ast::Value::Object(obj) = &value else { return Err(not_object(text, &value, &pointer)) };
        let Some(prop) = obj.get(k) else { return Ok(()) };
        pointer.push('/');
        pointer.push_str(k);
        value = prop.value.clone();
    }
    match value {
        ast::Value::Object(_) => Ok(()),
        other => Err(not_object(text, &other, &pointer)),
    }
}

fn ast_collect() -> jsonc_parser::CollectOptions {
    jsonc_parser::CollectOptions::default()
}

fn not_object(text: &str, value: &ast::Value<'_>, pointer: &str) -> Problem {
    let (line, column) = line_column(text, value.start());
    let what = if pointer.is_empty() { "the top level".to_owned() } else { format!("`{pointer}`") };
    Problem { line, column, message: format!("{what} is not an object") }
}

fn input(value: &Value) -> CstInputValue {
    match value {
        Value::Null => CstInputValue::Null,
        Value::Bool(b) => CstInputValue::Bool(*b),
        Value::Number(n) => CstInputValue::Number(n.to_string()),
        Value::String(s) => CstInputValue::String(s.clone()),
        Value::Array(items) => CstInputValue::Array(items.iter().map(input).collect()),
        Value::Object(map) => CstInputValue::Object(map.iter().map(|(k, v)| (k.clone(), input(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> Vec<String> {
        k.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn upsert_keeps_comments_and_order() {
        let text = "{\n  // servers I use\n  \"mcpServers\": {\n    \"other\": { \"command\": \"x\" } // mine\n  },\n  \"z\": 1\n}\n";
        let entry = json!({"command": "draft", "args": ["mcp"]});
        let (out, created) = upsert(text, &key("mcpServers/draft"), &entry).expect("ok");
        assert_eq!(created, 0);
        assert!(out.contains("// servers I use") && out.contains("// mine"), "{out}");
        assert_eq!(get(&out, &key("mcpServers/draft")).expect("ok"), Some(entry));
        let (back, left) = remove(&out, &key("mcpServers/draft"), 0).expect("ok");
        assert_eq!(back, text, "removal restores the bytes");
        assert!(!is_leftover_skeleton(&left));
    }

    #[test]
    fn created_parents_are_pruned() {
        let text = "{ \"a\": 1 }";
        let (out, created) = upsert(text, &key("mcp/servers/draft"), &json!({"x": 1})).expect("ok");
        assert_eq!(created, 2);
        let (_, left) = remove(&out, &key("mcp/servers/draft"), created).expect("ok");
        assert_eq!(left, json!({"a": 1}));
    }

    #[test]
    fn shape_and_syntax_problems_are_located() {
        let bad = "{\n  \"mcpServers\": [1, 2]\n}";
        let problem = upsert(bad, &key("mcpServers/draft"), &json!(1)).expect_err("array");
        assert_eq!((problem.line, problem.column), (2, 17), "{}", problem.message);
        let problem = get("{\n  \"a\": ,\n}", &key("a/b")).expect_err("syntax");
        assert_eq!(problem.line, 2);
    }

    #[test]
    fn created_files_are_pretty_json() {
        let text = create(&json!({"$schema": "s"}), &key("mcp/draft"), &json!({"enabled": true}));
        assert_eq!(
            text,
            "{\n  \"$schema\": \"s\",\n  \"mcp\": {\n    \"draft\": {\n      \"enabled\": true\n    }\n  }\n}\n"
        );
    }
}
