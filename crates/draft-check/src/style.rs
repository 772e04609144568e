//! Style: trailing whitespace, the one rule `--fix` removes without asking.
//!
//! **Trailing whitespace decision.** A run of two or more *spaces* at the end
//! of a non-blank line is a CommonMark hard line break, so it is kept (that
//! keeps the fix lossless for rendering). Everything else at a line's end —
//! a single space, tabs, whitespace-only lines — is reported (`info`, once
//! per file at the first such line) and removed by `--fix`. Lines inside
//! code fences and HTML comments are never touched.

use crate::context::{Ctx, DocInput, Sink};
use crate::rule::{ALL, Check, RuleInfo};
use draft_model::diagnostic::Severity::Info as I;
use draft_model::text::{self, OpaqueTracker};

/// `whitespace-trailing`
pub static WHITESPACE_TRAILING: RuleInfo = RuleInfo {
    id: "whitespace-trailing",
    family: "style",
    default_severity: I,
    fixable: true,
    applies_to: ALL,
    check: Check::Doc(trailing_whitespace),
    rationale: "trailing spaces and tabs (a two-space hard break is kept); `--fix` removes them",
};

/// Whether any line of `src` ends with a space or a tab: most documents
/// have none, and need no walk line by line.
fn any_trailing(src: &str) -> bool {
    let bytes = src.as_bytes();
    bytes.last().is_some_and(|b| matches!(b, b' ' | b'\t'))
        || memchr::memchr2_iter(b'\n', b'\r', bytes).any(|i| i > 0 && matches!(bytes[i - 1], b' ' | b'\t'))
}

/// Byte ranges of removable trailing whitespace, per the decision above.
pub fn trailing_ranges(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if !any_trailing(src) {
        return out;
    }
    let mut tracker = OpaqueTracker::default();
    for line in text::lines(src) {
        if tracker.is_opaque(line.text) {
            continue;
        }
        let trimmed = line.text.trim_end_matches([' ', '\t']);
        let tail = &line.text[trimmed.len()..];
        if tail.is_empty() {
            continue;
        }
        let hard_break = !trimmed.trim().is_empty() && tail.len() >= 2 && tail.bytes().all(|b| b == b' ');
        if hard_break {
            continue;
        }
        let start = line.start + trimmed.len();
        out.push(start..start + tail.len());
    }
    out
}

/// Report removable trailing whitespace (one finding per file, at the first line).
fn trailing_whitespace(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    let ranges = trailing_ranges(&doc.src);
    if let Some(first) = ranges.first() {
        let message = format!("{} line(s) end with spaces or tabs", ranges.len());
        sink.out.push(
            doc.at_span(WHITESPACE_TRAILING.diag(&doc.rel, message), first.clone())
                .with_hint("`draft check --fix` removes them (two-space hard breaks are kept)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_whitespace_keeps_hard_breaks_and_fences() {
        let src = "a \nhard  \n\t\n```\ncode \n```\nb\t\n";
        let r: Vec<_> = trailing_ranges(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(r, [" ", "\t", "\t"]);
        assert!(trailing_ranges("a\r\nb\n").is_empty());
        for src in ["a \r\n", "a\t", "a\n\t\rb"] {
            assert!(any_trailing(src), "{src:?}");
            assert_eq!(trailing_ranges(src).len(), 1, "{src:?}");
        }
    }
}
