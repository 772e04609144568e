//! Restamping a document's frontmatter in place: only the bytes of the
//! values that change (`generated_at`, `git.*`, `synced_to_commit`) are
//! replaced, each written as a double-quoted YAML scalar (`dirty` as a
//! boolean). Keys that are missing are not added, and everything else in
//! the block, comments and unknown keys included, stays byte for byte.

use draft_model::edit::{self, Edit};
use draft_model::frontmatter::{self, FrontmatterBlock, yaml_quote};
use std::ops::Range;

/// The byte range of the value of `key` (under `parent` when given): from
/// after the `:` and its spaces to the end of the line, less a trailing
/// comment when the value is quoted.
fn value_span(src: &str, block: &FrontmatterBlock, parent: Option<&str>, key: &str) -> Option<Range<usize>> {
    let found = frontmatter::find_key(src, block, parent, key)?;
    let value = found.value;
    let start = found.line.start + (found.line.text.len() - value.len());
    let len = if value.starts_with('"') {
        closing_quote(value).map_or(value.trim_end().len(), |i| i + 1)
    } else {
        value.split(" #").next().unwrap_or(value).trim_end().len()
    };
    Some(start..start + len)
}

/// Index of the closing `"` of a double-quoted scalar starting at 0.
fn closing_quote(value: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in value.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Replace the values named in `values` (`(parent, key, new)`; `new` is
/// written verbatim, so callers quote strings). `None` when the document
/// has no frontmatter block.
#[must_use]
pub fn restamp(src: &str, values: &[(Option<&str>, &str, String)]) -> Option<String> {
    let block = frontmatter::locate(src)?;
    let edits: Vec<Edit> = values
        .iter()
        .filter_map(|(parent, key, new)| value_span(src, &block, *parent, key).map(|r| Edit::replace(r, new.clone())))
        .collect();
    edit::apply(src, edits).ok()
}

/// The values refresh writes, from HEAD's details and the current time.
#[must_use]
pub fn values(head: &crate::git::HeadInfo, now: &str) -> Vec<(Option<&'static str>, &'static str, String)> {
    let q = yaml_quote;
    vec![
        (None, "generated_at", q(now)),
        (Some("git"), "branch", q(&head.branch)),
        (Some("git"), "remote", q(&head.remote)),
        (Some("git"), "commit", q(&head.commit)),
        (Some("git"), "commit_short", q(&head.commit_short)),
        (Some("git"), "commit_date", q(&head.commit_date)),
        (Some("git"), "commit_message", q(&head.commit_message)),
        (Some("git"), "dirty", head.dirty.to_string()),
        (None, "synced_to_commit", q(&head.commit)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_change() {
        let src = "---\nproject: \"p\" # mine\nextra: [1, 2]\ngit:\n  commit: \"aaa\"   # note\n  dirty: false\nsynced_to_commit: 'aaa'\n---\n# Body\n";
        let out = restamp(
            src,
            &[
                (Some("git"), "commit", "\"bbb\"".into()),
                (Some("git"), "dirty", "true".into()),
                (None, "synced_to_commit", "\"bbb\"".into()),
                (None, "missing", "\"x\"".into()),
            ],
        )
        .expect("block");
        assert_eq!(
            out,
            "---\nproject: \"p\" # mine\nextra: [1, 2]\ngit:\n  commit: \"bbb\"   # note\n  dirty: true\nsynced_to_commit: \"bbb\"\n---\n# Body\n"
        );
    }
}
