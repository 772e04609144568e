//! A task line's text after the checkbox: its label, body, Jira keys and the
//! commit SHAs it records, each SHA with its byte span.
//!
//! Suffixes are peeled off the end of the body in any order: `[KEY-1]`,
//! `[commit: sha, …]`, `(sha)` / `(sha, sha)` / `(commit sha)`, a run of
//! `` `sha` `` words, and — on a done task without any other SHA —
//! Conductor's bare trailing SHA word. A SHA is 7 to 40 lowercase hex
//! digits; backticked and bare ones also need a digit, so `` `defaced` ``
//! and "Bump to 1234567" on a pending task stay text.

use super::{ShaRef, ShaSpelling};
use std::ops::Range;

pub(super) struct TaskText {
    pub(super) label: Option<String>,
    pub(super) text: String,
    pub(super) shas: Vec<ShaRef>,
    pub(super) jira: Vec<String>,
}

/// `ABC-123`: an uppercase project key, a dash, digits.
#[must_use]
pub fn is_jira_key(s: &str) -> bool {
    let Some((key, num)) = s.split_once('-') else { return false };
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit())
}

fn is_sha(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// SHAs found in one recorded form, with ranges relative to the form's text.
type ShaList = Vec<(String, Range<usize>)>;

/// The SHAs listed inside `(…)` or `[…]`: an optional `commit:`/`commits:`/
/// `sha:` prefix (required when `tag`), then SHAs separated by commas,
/// semicolons or spaces, each optionally in backticks.
fn sha_list(inner: &str, tag: bool) -> Option<ShaList> {
    let trimmed = inner.trim_start();
    let mut pos = inner.len() - trimmed.len();
    let mut prefixed = false;
    for prefix in ["commits", "commit", "sha"] {
        let Some(head) = trimmed.get(..prefix.len()) else { continue };
        let after = &trimmed[prefix.len()..];
        if head.eq_ignore_ascii_case(prefix) && after.starts_with([':', ' ']) {
            pos += prefix.len() + usize::from(after.starts_with(':'));
            prefixed = true;
            break;
        }
    }
    if tag && !prefixed {
        return None;
    }
    let mut out = Vec::new();
    let body = &inner[pos..];
    let mut offset = pos;
    for token in body.split([',', ';', ' ', '\t']) {
        let start = offset;
        offset += token.len() + 1;
        if token.is_empty() {
            continue;
        }
        let (core, skip) = match token.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
            Some(core) => (core, 1),
            None => (token, 0),
        };
        if !is_sha(core) {
            return None;
        }
        out.push((core.to_owned(), start + skip..start + skip + core.len()));
    }
    (!out.is_empty()).then_some(out)
}

/// A run of backticked SHAs at the end of `text` (`` `a` `` or
/// `` `a`, `b` ``): where the run starts, and the SHAs.
fn trailing_backticked(text: &str) -> Option<(usize, ShaList)> {
    let mut end = text.len();
    let mut shas = Vec::new();
    let mut start = None;
    loop {
        let mut t = text[..end].trim_end();
        if !shas.is_empty() {
            t = t.strip_suffix(',').map_or(t, str::trim_end);
        }
        let Some(inner_end) = t.strip_suffix('`').map(str::len) else { break };
        let Some(open) = t[..inner_end].rfind('`') else { break };
        let core = &t[open + 1..inner_end];
        if !(is_sha(core) && has_digit(core)) {
            break;
        }
        shas.push((core.to_owned(), open + 1..inner_end));
        start = Some(open);
        end = open;
    }
    shas.reverse();
    start.map(|s| (s, shas))
}

/// `text` before a recorded form, without the whitespace and a lone dash
/// separator (` — `) before it.
fn before_record(text: &str) -> &str {
    let before = text.trim_end();
    match before.strip_suffix(['—', '–', '-']) {
        Some(rest) if rest.ends_with([' ', '\t']) && !rest.trim().is_empty() => rest.trim_end(),
        _ => before,
    }
}

/// Split a task's text into label, body, SHAs and Jira keys. `base` is the
/// byte offset of `rest` in the document; `done` allows the bare SHA.
pub(super) fn parse(rest: &str, base: usize, done: bool) -> TaskText {
    let mut label = None;
    let mut shas = Vec::new();
    let mut body_offset = 0;

    // `**Task 1.2:** …` or `**Task 1 (2f3eae4):** …`
    if let Some(inner_and_more) = rest.strip_prefix("**")
        && let Some(close) = inner_and_more.find("**")
    {
        let inner = &inner_and_more[..close];
        if let Some(label_text) = inner.strip_suffix(':') {
            let label_text = label_text.trim_end();
            let mut name = label_text;
            if let Some(open) = label_text.rfind(" (")
                && let Some(list) = label_text.strip_suffix(')').and_then(|l| sha_list(&l[open + 2..], false))
            {
                let at = base + 2 + open + 2;
                let removal = base + 2 + open..base + 2 + label_text.len();
                for (sha, r) in list {
                    let span = at + r.start..at + r.end;
                    let removal_span = removal.clone();
                    shas.push(ShaRef { sha, span, removal_span, spelling: ShaSpelling::Parenthesised });
                }
                name = &label_text[..open];
            }
            label = Some(name.trim().to_owned());
            body_offset = 2 + close + 2;
        }
    } else if let Some((head, _)) = rest.split_once(':') {
        // Plain `Task 1.1: …` or Conductor's `Task: …`.
        if head == "Task" || (head.starts_with("Task ") && head.len() <= 16 && !head[5..].contains(' ')) {
            label = Some(head.to_owned());
            body_offset = head.len() + 1;
        }
    }
    let body = &rest[body_offset..];
    body_offset += body.len() - body.trim_start().len();
    let mut text = body.trim();
    let at = base + body_offset;

    let mut jira = Vec::new();
    let mut trailing: Vec<Vec<ShaRef>> = Vec::new();
    let label_has_sha = !shas.is_empty();
    loop {
        let mut found: Option<(usize, usize, ShaList, ShaSpelling)> = None;
        if let Some(inner) = text.strip_suffix(']')
            && let Some(open) = inner.rfind('[')
        {
            let inner = &inner[open + 1..];
            if is_jira_key(inner) {
                jira.insert(0, inner.to_owned());
                text = text[..open].trim_end();
                continue;
            }
            found = sha_list(inner, true).map(|l| (open, open + 1, l, ShaSpelling::CommitTag));
        }
        if found.is_none()
            && let Some(inner) = text.strip_suffix(')')
            && let Some(open) = inner.rfind('(')
        {
            found = sha_list(&inner[open + 1..], false).map(|l| (open, open + 1, l, ShaSpelling::Parenthesised));
        }
        if found.is_none() {
            found = trailing_backticked(text).map(|(open, l)| (open, 0, l, ShaSpelling::Backticked));
        }
        // Conductor appends the bare short SHA as the last word of a done task.
        if found.is_none()
            && done
            && !label_has_sha
            && trailing.is_empty()
            && let Some(space) = text.rfind(' ')
        {
            let word = &text[space + 1..];
            if is_sha(word) && has_digit(word) {
                found = Some((space + 1, space + 1, vec![(word.to_owned(), 0..word.len())], ShaSpelling::Bare));
            }
        }
        let Some((open, inner_start, list, spelling)) = found else { break };
        let before = if spelling == ShaSpelling::Bare { text[..open].trim_end() } else { before_record(&text[..open]) };
        let removal_span = at + before.len()..at + text.len();
        let record = list
            .into_iter()
            .map(|(sha, r)| {
                let span = at + inner_start + r.start..at + inner_start + r.end;
                ShaRef { sha, span, removal_span: removal_span.clone(), spelling }
            })
            .collect();
        trailing.push(record);
        text = before;
    }
    shas.extend(trailing.into_iter().rev().flatten());
    TaskText { label, text: text.to_owned(), shas, jira }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shas(rest: &str, done: bool) -> (String, Vec<(String, &str, &str, ShaSpelling)>) {
        let t = parse(rest, 0, done);
        let list =
            t.shas.iter().map(|s| (s.sha.clone(), &rest[s.span.clone()], &rest[s.removal_span.clone()], s.spelling));
        (t.text, list.collect())
    }

    #[test]
    fn sha_lists_accept_prefixes_and_backticks() {
        assert_eq!(sha_list("a1b2c3d, e4f5a6b", false).map(|l| l.len()), Some(2));
        assert_eq!(sha_list("commit: `a1b2c3d`", true).map(|l| l[0].1.clone()), Some(9..16));
        assert_eq!(sha_list("a1b2c3d", true), None, "a tag needs its prefix");
        assert_eq!(sha_list("see a1b2c3d", false), None);
        assert_eq!(sha_list("", false), None);
        assert_eq!(sha_list("commit", false), None);
    }

    #[test]
    fn dash_separators_go_with_the_record() {
        let (text, list) = shas("Foo — `a1b2c3d`", false);
        assert_eq!(text, "Foo");
        assert_eq!(list[0].2, " — `a1b2c3d`");
        let (text, _) = shas("Use --flag (a1b2c3d)", false);
        assert_eq!(text, "Use --flag");
        let (text, list) = shas("- (a1b2c3d)", false);
        assert_eq!((text.as_str(), list[0].2), ("-", " (a1b2c3d)"));
    }
}
