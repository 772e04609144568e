//! Citations: `path/to/file.ext:LINE` and `path/to/file.ext:A-B` written in
//! specs, plans and architecture docs must resolve at HEAD.
//!
//! Code blocks (found with comrak, fenced or indented) are skipped, and so is
//! everything between `<!-- VERIFIER:IGNORE -->` and `<!-- /VERIFIER:IGNORE -->`
//! (or `<!-- VERIFIER:END -->`, or the end of the file). Inline code is
//! checked, since that is how citations are usually written. A citation is a
//! relative path whose last segment has an extension, directly followed by
//! `:` and a line number; URLs (`scheme://`) and absolute paths are not
//! citations. Resolution is a git request answered in one batch.

use super::spec::md_options;
use super::{Doc, DocKind, Request, diag};
use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};

/// Collect the citations of one document as requests. `code_blocks` are the
/// document's code-block line ranges when a caller has already parsed it.
pub fn check(doc: &Doc, code_blocks: Option<&[(usize, usize)]>, req: &mut Vec<Request>) {
    if doc.kind == DocKind::Context && !(doc.rel.ends_with("architecture.md") || doc.rel.ends_with(".ai-context.md")) {
        return;
    }
    if !doc.src.contains(':') {
        return;
    }
    // Parsing markdown for code blocks costs more than the scan itself, so it
    // happens only once a line holds something that looks like a citation.
    let mut parsed: Option<Vec<(usize, usize)>> = None;
    let mut ignoring = false;
    let mut offset = 0;
    for (i, line) in doc.src.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with("<!--") && trimmed.contains("VERIFIER:IGNORE") && !trimmed.contains("/VERIFIER:IGNORE") {
            ignoring = true;
        }
        if ignoring {
            if trimmed.contains("/VERIFIER:IGNORE") || trimmed.contains("VERIFIER:END") {
                ignoring = false;
            }
            continue;
        }
        let found = find(line);
        if found.is_empty() {
            continue;
        }
        let skipped = match code_blocks {
            Some(ranges) => ranges,
            None => parsed.get_or_insert_with(|| skipped_lines(&doc.src)).as_slice(),
        };
        if skipped.iter().any(|(a, b)| (*a..=*b).contains(&number)) {
            continue;
        }
        for c in found {
            let span = start + c.at..start + c.at + c.len;
            let d = diag("citation-missing-file", &doc.rel, String::new()).at_span(&doc.src, span);
            req.push(Request::Citation { path: c.path, start: c.start, end: c.end, diag: d });
        }
    }
}

/// Line ranges (inclusive) of code blocks.
fn skipped_lines(src: &str) -> Vec<(usize, usize)> {
    let arena = Arena::new();
    code_block_lines(parse_document(&arena, src, &md_options()))
}

/// Line ranges (inclusive) of the code blocks under a parsed document.
pub fn code_block_lines<'a>(root: &'a comrak::nodes::AstNode<'a>) -> Vec<(usize, usize)> {
    root.descendants()
        .filter_map(|n| {
            let d = n.data();
            matches!(d.value, NodeValue::CodeBlock(_)).then(|| (d.sourcepos.start.line, d.sourcepos.end.line))
        })
        .collect()
}

/// One citation found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte offset in the line.
    pub at: usize,
    /// Byte length of `path:A-B`.
    pub len: usize,
    /// The path as written.
    pub path: String,
    /// First line.
    pub start: usize,
    /// Last line (equal to `start` for a single line).
    pub end: usize,
}

fn path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-')
}

/// Find citations in a line of text.
#[must_use]
pub fn find(line: &str) -> Vec<Citation> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for (colon, _) in line.match_indices(':') {
        let digits = bytes[colon + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let mut begin = colon;
        while begin > 0 && path_byte(bytes[begin - 1]) {
            begin -= 1;
        }
        let path = &line[begin..colon];
        let path = path.trim_start_matches("./");
        // URLs (`http://host:80`), absolute paths and bare words are not citations.
        if path.is_empty() || path.starts_with('/') || (begin > 0 && bytes[begin - 1] == b':') {
            continue;
        }
        let last = path.rsplit('/').next().unwrap_or(path);
        let Some(dot) = last.rfind('.') else { continue };
        let ext = &last[dot + 1..];
        if dot == 0
            || ext.is_empty()
            || !ext.bytes().all(|b| b.is_ascii_alphanumeric())
            || ext.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        let Ok(start) = line[colon + 1..colon + 1 + digits].parse::<usize>() else { continue };
        let mut len = colon + 1 + digits - begin;
        let mut end = start;
        let rest = &bytes[colon + 1 + digits..];
        if rest.first() == Some(&b'-') {
            let more = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if more > 0 {
                let s = colon + 2 + digits;
                end = line[s..s + more].parse().unwrap_or(start);
                len += 1 + more;
            }
        }
        // `file.rs:12:5` (line:col) is still a citation of line 12.
        out.push(Citation { at: begin, len, path: path.to_owned(), start, end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citations() {
        let c = find("see `src/lib.rs:10-20` and ./a/b.py:3, not http://x.io:80 or 12:30 or /etc/x.conf:1");
        let got: Vec<_> = c.iter().map(|c| (c.path.as_str(), c.start, c.end)).collect();
        assert_eq!(got, [("src/lib.rs", 10, 20), ("a/b.py", 3, 3)]);
        assert_eq!(c[0].at, 5);
        assert_eq!(c[0].len, 16);
    }
}
