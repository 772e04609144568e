//! Atlassian Document Format: the JSON tree Jira Cloud's REST API v3 takes
//! for rich-text fields such as `description`.
//!
//! The model's descriptions are plain text in two shapes only: paragraphs
//! separated by blank lines, and blocks whose every line starts with `- `,
//! which become bullet lists. Lines inside a paragraph are joined by hard
//! breaks. ADF rejects empty text nodes, so empty lines and items are dropped.

use serde_json::{Value, json};

/// The ADF document for `text`.
#[must_use]
pub fn document(text: &str) -> Value {
    let content: Vec<Value> = blocks(text).into_iter().filter_map(|b| block(&b)).collect();
    json!({ "type": "doc", "version": 1, "content": content })
}

/// Paragraph blocks: runs of lines between blank lines.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if line.trim().is_empty() {
            if out.last().is_some_and(|b| !b.is_empty()) {
                out.push(Vec::new());
            }
        } else if let Some(last) = out.last_mut() {
            last.push(line.trim_end());
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

fn block(lines: &[&str]) -> Option<Value> {
    if lines.iter().all(|l| l.starts_with("- ")) {
        let items: Vec<Value> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("- ").map(str::trim).filter(|t| !t.is_empty()))
            .map(|t| json!({ "type": "listItem", "content": [paragraph(&[t])] }))
            .collect();
        return (!items.is_empty()).then(|| json!({ "type": "bulletList", "content": items }));
    }
    Some(paragraph(lines))
}

fn paragraph(lines: &[&str]) -> Value {
    let mut content = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            content.push(json!({ "type": "hardBreak" }));
        }
        content.push(json!({ "type": "text", "text": line }));
    }
    json!({ "type": "paragraph", "content": content })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists() {
        let doc = document("Goal: a\nsecond line\n\n\n- one\n- two\n\nend");
        assert_eq!(
            doc,
            json!({"type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [
                    {"type": "text", "text": "Goal: a"}, {"type": "hardBreak"}, {"type": "text", "text": "second line"}]},
                {"type": "bulletList", "content": [
                    {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "one"}]}]},
                    {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "two"}]}]}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "end"}]}
            ]})
        );
        assert_eq!(document("\n \n")["content"], json!([]));
    }
}
