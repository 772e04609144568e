//! Prose: the parts of a document a reader sees as text.
//!
//! Placeholder rules look only at prose — not inside code fences, HTML
//! comments or inline code spans, where `{TOKENS}` and `[name]` are
//! examples rather than omissions. A document's prose is found once (on
//! first use) and shared by every rule that reads it.

use draft_model::text::{self, OpaqueTracker};
use std::ops::Range;

/// One stretch of prose: part of a line outside inline code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    /// Byte offset where the line starts.
    pub line_start: usize,
    /// Byte range of the whole line (without its terminator's `\n`).
    pub line: Range<usize>,
    /// Byte range of the stretch within the line.
    pub range: Range<usize>,
}

/// Every stretch of prose of `src`, in order.
#[must_use]
pub fn prose(src: &str) -> Vec<Prose> {
    let mut tracker = OpaqueTracker::default();
    let mut out = Vec::new();
    for line in text::lines(src) {
        if tracker.is_opaque(line.text) {
            continue;
        }
        let whole = line.start..line.start + line.text.len();
        out.extend(prose_ranges(line.text).into_iter().map(|(a, b)| Prose {
            line_start: line.start,
            line: whole.clone(),
            range: a..b,
        }));
    }
    out
}

/// Byte ranges of a line outside inline code spans.
#[must_use]
pub fn prose_ranges(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut seg_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            let fence = &line[i..i + run];
            if let Some(close) = line[i + run..].find(fence) {
                out.push((seg_start, i));
                i = i + run + close + run;
                seg_start = i;
                continue;
            }
            i += run;
            continue;
        }
        i += 1;
    }
    out.push((seg_start, line.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_fences_and_comments_are_not_prose() {
        assert_eq!(prose_ranges("a `{X}` b"), vec![(0, 2), (7, 9)]);
        let src = "a\n```\n{X}\n```\n<!-- c -->\nb `c` d\n";
        let got: Vec<&str> = prose(src).iter().map(|p| &src[p.line.clone()][p.range.clone()]).collect();
        assert_eq!(got, ["a", "b ", " d"]);
    }
}
