//! Lossless edits of one table in a TOML file (Codex's `config.toml`).
//!
//! draft owns exactly one table (`[mcp_servers.draft]`). Edits go through
//! `toml_edit`, which keeps comments, whitespace and key order; inside the
//! owned table only the keys whose values change are rewritten, so comments
//! on the table header survive an upgrade.

use crate::located::{Problem, line_column};
use serde_json::Value as Json;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// The table at `key` as JSON, or `None` when it (or a parent) is absent.
pub(crate) fn get(text: &str, key: &[String]) -> Result<Option<Json>, Problem> {
    let doc = parse(text)?;
    let mut item = doc.as_item();
    let mut name = "";
    for k in key {
        let Some(table) = item.as_table_like() else { return Err(not_table(text, name)) };
        name = k;
        match table.get(k) {
            Some(child) => item = child,
            None => return Ok(None),
        }
    }
    Ok(Some(to_json(item)))
}

/// `text` with the table at `key` holding exactly `value`'s entries, and how
/// many parent tables were created.
pub(crate) fn upsert(text: &str, key: &[String], value: &Json) -> Result<(String, usize), Problem> {
    let mut doc = parse(text)?;
    let (last, parents) = key.split_last().ok_or_else(|| Problem::start("empty key"))?;
    let mut created = 0;
    let mut item = doc.as_item_mut();
    let mut name = "";
    for k in parents {
        let table = item.as_table_like_mut().ok_or_else(|| not_table(text, name))?;
        if table.get(k).is_none() {
            let mut implicit = Table::new();
            implicit.set_implicit(true);
            insert(item, k, Item::Table(implicit));
            created += 1;
        }
        item = item.as_table_like_mut().and_then(|t| t.get_mut(k)).ok_or_else(|| not_table(text, k))?;
        name = k;
    }
    if item.as_table_like().is_none() {
        return Err(not_table(text, name));
    }
    let entries = value.as_object().cloned().unwrap_or_default();
    match item.as_table_like_mut().and_then(|t| t.get_mut(last)).and_then(Item::as_table_like_mut) {
        Some(existing) => {
            let stale: Vec<String> =
                existing.iter().map(|(k, _)| k.to_owned()).filter(|k| !entries.contains_key(k)).collect();
            for k in stale {
                existing.remove(&k);
            }
            for (k, v) in &entries {
                if existing.get(k).map(to_json).as_ref() != Some(v) {
                    existing.insert(k, Item::Value(to_value(v)));
                }
            }
        }
        None => {
            let mut table = Table::new();
            for (k, v) in &entries {
                table.insert(k, Item::Value(to_value(v)));
            }
            insert(item, last, Item::Table(table));
        }
    }
    Ok((doc.to_string(), created))
}

/// `text` without the table at `key` and without up to `prune` parents that
/// became empty; also whether the document is left with nothing in it.
pub(crate) fn remove(text: &str, key: &[String], prune: usize) -> Result<(String, bool), Problem> {
    let mut doc = parse(text)?;
    for depth in (key.len().saturating_sub(prune + 1)..key.len()).rev() {
        let mut item = doc.as_item_mut();
        for k in &key[..depth] {
            match item.as_table_like_mut().and_then(|t| t.get_mut(k)) {
                Some(child) => item = child,
                None => return Ok(finish(&doc)),
            }
        }
        let Some(parent) = item.as_table_like_mut() else { break };
        let is_last = depth + 1 == key.len();
        let empty = parent.get(&key[depth]).and_then(Item::as_table_like).is_some_and(TableLike::is_empty);
        if !is_last && !empty {
            break;
        }
        parent.remove(&key[depth]);
    }
    Ok(finish(&doc))
}

fn finish(doc: &DocumentMut) -> (String, bool) {
    let text = doc.to_string();
    let empty = doc.as_table().is_empty() && text.trim().is_empty();
    (text, empty)
}

/// A new file holding only the table at `key`.
pub(crate) fn create(key: &[String], value: &Json) -> String {
    upsert("", key, value).map(|(text, _)| text).unwrap_or_default()
}

fn parse(text: &str) -> Result<DocumentMut, Problem> {
    text.parse::<DocumentMut>().map_err(|e| {
        let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
        Problem { line, column, message: e.message().trim().to_owned() }
    })
}

/// `key` is not a table; point at its first mention (a best guess, since
/// `toml_edit` keeps no spans after parsing).
fn not_table(text: &str, key: &str) -> Problem {
    let offset = if key.is_empty() { 0 } else { text.find(key).unwrap_or(0) };
    let (line, column) = line_column(text, offset);
    Problem { line, column, message: format!("`{key}` is not a table") }
}

/// Insert into a table, or into an inline table as an inline value.
fn insert(parent: &mut Item, key: &str, item: Item) {
    match parent {
        Item::Value(Value::InlineTable(table)) => {
            let value = match item {
                Item::Table(t) => Value::InlineTable(t.into_inline_table()),
                Item::Value(v) => v,
                Item::ArrayOfTables(a) => Value::Array(a.into_array()),
                Item::None => return,
            };
            table.insert(key, value);
        }
        Item::Table(table) => {
            table.insert(key, item);
        }
        Item::None | Item::Value(_) | Item::ArrayOfTables(_) => {}
    }
}

fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::from(""),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => {
            n.as_i64().map(Value::from).or_else(|| n.as_f64().map(Value::from)).unwrap_or(Value::from(0))
        }
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect::<Array>()),
        Json::Object(map) => {
            let mut table = InlineTable::new();
            for (k, v) in map {
                table.insert(k, to_value(v));
            }
            Value::InlineTable(table)
        }
    }
}

fn to_json(item: &Item) -> Json {
    match item {
        Item::None => Json::Null,
        Item::Value(v) => value_json(v),
        Item::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.to_owned(), to_json(v))).collect()),
        Item::ArrayOfTables(a) => Json::Array(
            a.iter().map(|t| Json::Object(t.iter().map(|(k, v)| (k.to_owned(), to_json(v))).collect())).collect(),
        ),
    }
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => Json::from(*f.value()),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(value_json).collect()),
        Value::InlineTable(t) => Json::Object(t.iter().map(|(k, v)| (k.to_owned(), value_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> Vec<String> {
        vec!["mcp_servers".to_owned(), "draft".to_owned()]
    }

    #[test]
    fn adds_and_removes_the_table_keeping_comments() {
        let text = "# my settings\nmodel = \"o3\" # fast\n\n[mcp_servers.other]\ncommand = \"x\"\n";
        let entry = json!({"command": "draft", "args": ["mcp"]});
        let (out, created) = upsert(text, &key(), &entry).expect("ok");
        assert_eq!(created, 0);
        assert_eq!(out, format!("{text}\n[mcp_servers.draft]\ncommand = \"draft\"\nargs = [\"mcp\"]\n"));
        assert_eq!(get(&out, &key()).expect("ok"), Some(entry));
        let (back, empty) = remove(&out, &key(), created).expect("ok");
        assert_eq!(back, text);
        assert!(!empty);
    }

    #[test]
    fn a_created_file_is_empty_again_after_removal() {
        let entry = json!({"command": "/bin/draft", "args": ["mcp"]});
        let text = create(&key(), &entry);
        assert_eq!(text, "[mcp_servers.draft]\ncommand = \"/bin/draft\"\nargs = [\"mcp\"]\n");
        let (_, empty) = remove(&text, &key(), 1).expect("ok");
        assert!(empty);
    }

    #[test]
    fn updates_in_place_and_keeps_the_header_comment() {
        let text = "# ours\n[mcp_servers.draft]\ncommand = \"old\"\nargs = [\"mcp\"]\nextra = 1\n";
        let (out, _) = upsert(text, &key(), &json!({"command": "draft", "args": ["mcp"]})).expect("ok");
        assert_eq!(out, "# ours\n[mcp_servers.draft]\ncommand = \"draft\"\nargs = [\"mcp\"]\n");
    }

    #[test]
    fn inline_tables_and_errors() {
        let text = "mcp_servers = { other = { command = \"x\" } }\n";
        let (out, _) = upsert(text, &key(), &json!({"command": "draft"})).expect("ok");
        assert_eq!(get(&out, &key()).expect("ok"), Some(json!({"command": "draft"})));
        let problem = upsert("a = \n", &key(), &json!({})).expect_err("syntax");
        assert_eq!(problem.line, 1);
        let problem = upsert("x = 1\nmcp_servers = 3\n", &key(), &json!({})).expect_err("shape");
        assert_eq!(problem.line, 2, "{}", problem.message);
    }
}
