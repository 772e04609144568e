//! Citations: `path/to/file.ext:LINE` and `path/to/file.ext:A-B` written in
//! specs, plans and architecture docs must resolve at HEAD.
//!
//! Code blocks (found with pulldown-cmark, fenced or indented) are skipped, and so is
//! every ignore block: from `<!-- VERIFIER:IGNORE -->` (or Draft's own
//! `<!-- VERIFIER:IGNORE START -->`) to `<!-- /VERIFIER:IGNORE -->`,
//! `<!-- VERIFIER:END -->` or Draft's `<!-- VERIFIER:IGNORE END -->`. A block
//! that is never closed is itself a finding, since it silently hides the
//! rest of the file. Inline code is checked, since that is how citations are
//! usually written. A citation is a relative path whose last segment has an
//! extension, directly followed by `:` and a line number; URLs (`scheme://`)
//! and absolute paths are not citations. Resolution is a git request
//! answered in one batch, which also decides between the two citation rules.

use crate::context::{Citations, Ctx, DocInput, Request, Sink};
use crate::docs::{Doc, DocKind};
use crate::markdown::{code_blocks_of, in_code_block};
use crate::rule::{By, CITING, Check, RuleInfo};
use draft_model::diagnostic::Severity::{Error as E, Warning as W};
use foldhash::HashMap;

/// `citation-missing-file`
pub static MISSING_FILE: RuleInfo = RuleInfo {
    id: "citation-missing-file",
    family: "citations",
    default_severity: E,
    fixable: false,
    applies_to: CITING,
    check: Check::Doc(missing_file),
    rationale: "a `path/file.ext:LINE` citation names a file that exists at HEAD",
};

/// `citation-line-range`
pub static LINE_RANGE: RuleInfo = RuleInfo {
    id: "citation-line-range",
    family: "citations",
    default_severity: E,
    fixable: false,
    applies_to: CITING,
    check: Check::Reported(By::Rule(&MISSING_FILE)),
    rationale: "a cited line or `A-B` range lies inside the file at HEAD",
};

/// `citation-ignore-unclosed`
pub static IGNORE_UNCLOSED: RuleInfo = RuleInfo {
    id: "citation-ignore-unclosed",
    family: "citations",
    default_severity: W,
    fixable: false,
    applies_to: CITING,
    check: Check::Doc(ignore_unclosed),
    rationale: "a `<!-- VERIFIER:IGNORE -->` block is closed (`<!-- /VERIFIER:IGNORE -->` or Draft's `<!-- VERIFIER:IGNORE END -->`), or every citation after it goes unchecked",
};

/// Whether a document's citations are checked at all.
fn cites(doc: &Doc) -> bool {
    doc.kind != DocKind::Context || doc.rel.ends_with("architecture.md") || doc.rel.ends_with(".ai-context.md")
}

/// What an HTML comment line means for ignore blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Open,
    Close,
}

fn marker(line: &str) -> Option<Marker> {
    let t = line.trim();
    if !t.starts_with("<!--") || !t.contains("VERIFIER:") {
        return None;
    }
    let body: String =
        t.trim_start_matches("<!--").trim_end_matches("-->").split_whitespace().collect::<Vec<_>>().join(" ");
    if body.contains("/VERIFIER:IGNORE") || body.contains("VERIFIER:END") || body.contains("VERIFIER:IGNORE END") {
        Some(Marker::Close)
    } else if body.contains("VERIFIER:IGNORE") {
        Some(Marker::Open)
    } else {
        None
    }
}

/// The ignore blocks of a document.
struct Ignored {
    /// Inclusive 1-based line ranges, in order; an unclosed block runs to
    /// the end of the file.
    blocks: Vec<(usize, usize)>,
    /// (byte offset, length) of the opening marker of a block never closed.
    unclosed: Option<(usize, usize)>,
}

fn ignore_blocks(src: &str) -> Ignored {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None;
    let mut offset = 0;
    let mut last = 0;
    for (i, line) in src.split_inclusive('\n').enumerate() {
        let number = i + 1;
        last = number;
        match (marker(line), open) {
            (Some(Marker::Open), None) => {
                let text = line.trim_end();
                let lead = text.len() - text.trim_start().len();
                open = Some((number, offset + lead, text.len() - lead));
            }
            (Some(Marker::Close), Some((from, _, _))) => {
                blocks.push((from, number));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    match open {
        Some((from, at, len)) => {
            blocks.push((from, last));
            Ignored { blocks, unclosed: Some((at, len)) }
        }
        None => Ignored { blocks, unclosed: None },
    }
}

fn ignore_unclosed(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !cites(doc) || !doc.src.contains("VERIFIER:") {
        return;
    }
    if let Some((at, len)) = ignore_blocks(&doc.src).unclosed {
        sink.out.push(
            doc.at_span(
                IGNORE_UNCLOSED.diag(&doc.rel, "this ignore block is never closed: citations after it are not checked"),
                at..at + len,
            )
            .with_hint("close it with `<!-- /VERIFIER:IGNORE -->` (or `<!-- VERIFIER:IGNORE END -->`) where the illustrative text ends"),
        );
    }
}

/// Collect the citations of one document as requests.
fn missing_file(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !cites(doc) || !doc.src.contains(':') {
        return;
    }
    let ignored = if doc.src.contains("VERIFIER:") { ignore_blocks(&doc.src).blocks } else { Vec::new() };
    // A spec's markdown is parsed once, for its model and its code blocks;
    // other documents are parsed only once a line holds something that looks
    // like a citation, since parsing costs more than the scan itself.
    let mut parsed: Option<Vec<(usize, usize)>> = None;
    let mut cited = Citations { file: doc.rel.clone(), ..Citations::default() };
    // Specs cite the same few files over and over: each path is kept once.
    let mut path_index: HashMap<&str, u32> = HashMap::default();
    // Lines split at `\n` are the line index's lines unless a lone CR also
    // ends one; only then is each place looked up in the index.
    let lone_cr = has_lone_cr(&doc.src);
    let mut found = Vec::new();
    let mut offset = 0;
    for (i, line) in doc.src.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let start = offset;
        offset += line.len();
        found.clear();
        find_into(line, &mut found);
        if found.is_empty() || in_code_block(&ignored, number) {
            continue;
        }
        let code = match input.spec() {
            Some(model) => model.code_blocks.as_slice(),
            None => parsed.get_or_insert_with(|| code_blocks_of(&doc.src, doc.lines())).as_slice(),
        };
        if in_code_block(code, number) {
            continue;
        }
        for c in &found {
            let span = start + c.at..start + c.at + c.len;
            // Only the place is kept; the finding is written if git says so.
            let place = if lone_cr {
                doc.lines().line_col(&doc.src, span.start)
            } else {
                (number, line[..c.at].chars().count() + 1)
            };
            let path = *path_index.entry(c.path).or_insert_with(|| cited.add_path(c.path));
            cited.push_at(path, c.start, c.end, place, span);
        }
    }
    if !cited.cites.is_empty() {
        // Held until git answers, for every spec of the project: no slack.
        cited.cites.shrink_to_fit();
        cited.paths.shrink_to_fit();
        sink.req.push(Request::Citations(cited));
    }
}

/// Whether a `\r` ends a line on its own somewhere in `src`.
fn has_lone_cr(src: &str) -> bool {
    let bytes = src.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// One citation found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation<'a> {
    /// Byte offset in the line.
    pub at: usize,
    /// Byte length of `path:A-B`.
    pub len: usize,
    /// The path as written.
    pub path: &'a str,
    /// First line.
    pub start: usize,
    /// Last line (equal to `start` for a single line).
    pub end: usize,
}

fn path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-')
}

/// Find the citations in a line of text, into a list the caller reuses
/// from line to line.
fn find_into<'a>(line: &'a str, out: &mut Vec<Citation<'a>>) {
    let bytes = line.as_bytes();
    for colon in memchr::memchr_iter(b':', bytes) {
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
        out.push(Citation { at: begin, len, path, start, end });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(line: &str) -> Vec<Citation<'_>> {
        let mut out = Vec::new();
        find_into(line, &mut out);
        out
    }

    #[test]
    fn finds_citations() {
        let c = find("see `src/lib.rs:10-20` and ./a/b.py:3, not http://x.io:80 or 12:30 or /etc/x.conf:1");
        let got: Vec<_> = c.iter().map(|c| (c.path, c.start, c.end)).collect();
        assert_eq!(got, [("src/lib.rs", 10, 20), ("a/b.py", 3, 3)]);
        assert_eq!(c[0].at, 5);
        assert_eq!(c[0].len, 16);
    }
}
