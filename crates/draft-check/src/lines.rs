//! One line index per document, so locating a finding costs a binary search.
//!
//! Every finding carries a 1-based line and a 1-based column in characters.
//! Computing them by counting newlines from the start of the file made
//! `draft check` quadratic in the number of findings per file (20,000
//! findings in one plan took seconds, a 50 MB plan never finished); the index
//! is built once per document, on its first finding, and answers each lookup
//! in O(log lines) plus the length of the finding's own line.
//!
//! Lines are what [`draft_model::text`] calls lines: ended by LF, CRLF or a
//! lone CR, a CRLF's `\r` belonging to the line it ends. Columns count characters from the
//! line's first byte to the finding, exactly as `Diagnostic::at_span` does.

use draft_model::diagnostic::Diagnostic;
use std::ops::Range;

/// Byte offsets where each line of a text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// `starts[0]` is 0; `starts[n]` is the byte after the n-th line terminator.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index `src` (one pass over its bytes).
    #[must_use]
    pub fn new(src: &str) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        let bytes = src.as_bytes();
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        Self { starts }
    }

    /// 1-based (line, character column) of a byte offset, clamped to the text
    /// and moved back to a character boundary.
    #[must_use]
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let mut at = offset.min(src.len());
        while !src.is_char_boundary(at) {
            at -= 1;
        }
        let (line, byte_column) = self.line_byte_column(at);
        (line, src[at + 1 - byte_column..at].chars().count() + 1)
    }

    /// 1-based (line, *byte* column) of a byte offset.
    #[must_use]
    pub fn line_byte_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        (line, offset - start + 1)
    }

    /// Byte offset of a 1-based line and 1-based *byte* column (comrak's
    /// source positions), clamped to the text.
    #[must_use]
    pub fn offset(&self, src: &str, line: usize, byte_column: usize) -> usize {
        match self.starts.get(line.saturating_sub(1)) {
            Some(&start) if line > 0 => (start + byte_column.saturating_sub(1)).min(src.len()),
            _ => src.len(),
        }
    }

    /// The text of a 1-based line without its terminator (`None` past the end).
    #[must_use]
    pub fn line<'s>(&self, src: &'s str, line: usize) -> Option<&'s str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(src.len(), |&next| next - 1);
        src.get(start..end).map(|t| t.strip_suffix('\r').unwrap_or(t))
    }

    /// [`line`](Self::line), `""` past the end.
    #[must_use]
    pub fn line_text<'s>(&self, src: &'s str, line: usize) -> &'s str {
        self.line(src, line).unwrap_or("")
    }

    /// Place `d` at a byte span of `src`.
    #[must_use]
    pub fn at_span(&self, src: &str, mut d: Diagnostic, span: Range<usize>) -> Diagnostic {
        (d.line, d.column) = self.line_col(src, span.start);
        d.span = Some(span);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use draft_model::diagnostic::Severity;

    #[test]
    fn agrees_with_diagnostic_at_span() {
        let src = "ab\nçd x\r\n\n  tail\rlone";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() {
            if !src.is_char_boundary(offset) {
                continue;
            }
            let want = Diagnostic::file("r", Severity::Error, "f", "m").at_span(src, offset..offset);
            let got = index.at_span(src, Diagnostic::file("r", Severity::Error, "f", "m"), offset..offset);
            assert_eq!((got.line, got.column), (want.line, want.column), "offset {offset}");
        }
    }

    #[test]
    fn lines_and_offsets() {
        let src = "ab\r\ncd\n\nlast";
        let index = LineIndex::new(src);
        assert_eq!(index.line_text(src, 1), "ab");
        assert_eq!(index.line_text(src, 2), "cd");
        assert_eq!(index.line_text(src, 3), "");
        assert_eq!(index.line_text(src, 4), "last");
        assert_eq!(index.line_text(src, 5), "");
        assert_eq!(index.line(src, 5), None);
        assert_eq!(index.line_text(src, 0), "");
        assert_eq!(index.offset(src, 2, 2), 5);
        assert_eq!(index.offset(src, 9, 1), src.len());
    }
}
