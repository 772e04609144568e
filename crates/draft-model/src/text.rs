//! Byte-exact line scanning shared by every document parser.
//!
//! Documents are kept as the exact text the user wrote; parsers only record
//! byte ranges into it. This module owns the one definition of a "line" (LF,
//! CRLF or lone-CR terminated, as CommonMark has it, the terminator belonging
//! to the line's full span), the line ending an edit writes when it inserts a
//! line ([`line_ending`]), the UTF-8 decoding policy for files read from disk,
//! and small scanning helpers for headings, fences and comments that the
//! line-based grammars share.

use std::ops::Range;

/// One line of a document with its byte positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the first byte of the line.
    pub start: usize,
    /// The line's text without its terminator (`\n`, `\r\n` or a lone `\r`).
    pub text: &'a str,
    /// Byte offset just past the terminator (or the end of input).
    pub end: usize,
}

impl Line<'_> {
    /// Byte range of the text without the terminator.
    #[must_use]
    pub fn content_range(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// Number of leading spaces, counting a tab as four columns.
    #[must_use]
    pub fn indent(&self) -> usize {
        indent_width(self.text)
    }

    /// True when the line holds only whitespace.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Iterate over the lines of `src`, starting at byte `from` with line number `first_number`.
pub fn lines_from(src: &str, from: usize, first_number: usize) -> impl Iterator<Item = Line<'_>> {
    let mut pos = from;
    let mut number = first_number;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let rest = &src[pos..];
        let (raw_len, full_len) = first_line_len(rest.as_bytes());
        let text = &rest[..raw_len];
        let line = Line { number, start: pos, text, end: pos + full_len };
        pos += full_len;
        number += 1;
        Some(line)
    })
}

/// The length of the first line of `rest` without and with its terminator
/// (`\n`, `\r\n` or a lone `\r`, when it has one).
#[must_use]
pub fn first_line_len(rest: &[u8]) -> (usize, usize) {
    match memchr::memchr2(b'\n', b'\r', rest) {
        Some(i) if rest[i..].starts_with(b"\r\n") => (i, i + 2),
        Some(i) => (i, i + 1),
        None => (rest.len(), rest.len()),
    }
}

/// Iterate over every line of `src`, skipping a leading byte-order mark.
pub fn lines(src: &str) -> impl Iterator<Item = Line<'_>> {
    lines_from(src, bom_len(src), 1)
}

/// Length of a leading UTF-8 byte-order mark (0 or 3).
#[must_use]
pub fn bom_len(src: &str) -> usize {
    if src.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Leading whitespace width, tabs counting as four columns.
#[must_use]
pub fn indent_width(text: &str) -> usize {
    let mut width = 0;
    for c in text.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - (width % 4),
            _ => break,
        }
    }
    width
}

/// 1-based line number of a byte offset, counting line breaks as [`lines`]
/// does (LF, CRLF and lone CR).
#[must_use]
pub fn line_of_offset(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    let bytes = src.as_bytes();
    bytes[..end]
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
        + 1
}

/// Byte offset where the line holding `offset` starts.
#[must_use]
pub fn line_start(src: &str, offset: usize) -> usize {
    let bytes = src.as_bytes();
    let mut at = offset.min(src.len());
    while at > 0 {
        // A CR ends a line only when no LF follows it (CRLF ends at the LF).
        match bytes[at - 1] {
            b'\n' => return at,
            b'\r' if bytes.get(at) != Some(&b'\n') => return at,
            _ => at -= 1,
        }
    }
    0
}

/// The line ending an edit writes when it inserts a line: the terminator of
/// the document's first line (`"\r\n"`, a lone `"\r"` or `"\n"`), `"\n"`
/// for a document of one unterminated line.
#[must_use]
pub fn line_ending(src: &str) -> &'static str {
    match src.find(['\n', '\r']) {
        Some(i) if src[i..].starts_with("\r\n") => "\r\n",
        Some(i) if src[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// The 1-based line of the first line ended by a lone CR (old Mac line
/// endings), which some tools read as one long line.
#[must_use]
pub fn first_lone_cr(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))?;
    Some(line_of_offset(src, at))
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file holds a NUL byte, so it is not a text document.
    #[error("the file looks binary (NUL byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error("the file is not valid UTF-8 (line {line}, byte offset {offset})")]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

/// Decode file bytes as UTF-8 text, refusing binary content.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        // The bytes before `offset` are valid UTF-8.
        let line = std::str::from_utf8(&err.as_bytes()[..offset]).map_or(1, |s| line_of_offset(s, offset));
        DecodeError::NotUtf8 { line, offset }
    })
}

/// An ATX heading: `## Title` (level 1–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    /// Number of `#` characters.
    pub level: usize,
    /// The heading text with surrounding whitespace and closing `#`s removed.
    pub text: &'a str,
    /// Byte offset of `text` inside the line.
    pub text_offset: usize,
}

/// Parse an ATX heading line (at most three spaces of indent, as CommonMark allows).
#[must_use]
pub fn heading(line: &str) -> Option<Heading<'_>> {
    let lead = line.len() - line.trim_start_matches(' ').len();
    if lead > 3 {
        return None;
    }
    let after_lead = &line[lead..];
    let level = after_lead.len() - after_lead.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &after_lead[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let trimmed_start = rest.trim_start();
    let mut text = trimmed_start.trim_end();
    // An optional closing sequence of `#`s preceded by a space.
    let without_hashes = text.trim_end_matches('#');
    if without_hashes.len() != text.len() && (without_hashes.is_empty() || without_hashes.ends_with([' ', '\t'])) {
        text = without_hashes.trim_end();
    }
    let text_offset = lead + level + (rest.len() - trimmed_start.len());
    Some(Heading { level, text, text_offset })
}

/// Tracks fenced code blocks and HTML comments while scanning lines, so that
/// grammars ignore checkboxes and headings written inside them.
#[derive(Debug, Default, Clone)]
pub struct OpaqueTracker {
    fence: Option<(char, usize)>,
    in_comment: bool,
}

impl OpaqueTracker {
    /// True while a fence or comment opened by an earlier line is still open.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.fence.is_some() || self.in_comment
    }

    /// Feed the next line; returns true when the line is inside (or opens or
    /// closes) a code fence or an HTML comment and so carries no structure.
    pub fn is_opaque(&mut self, text: &str) -> bool {
        let trimmed = text.trim_start();
        if let Some((ch, len)) = self.fence {
            let run = trimmed.len() - trimmed.trim_start_matches(ch).len();
            if run >= len && trimmed[run..].trim().is_empty() {
                self.fence = None;
            }
            return true;
        }
        if self.in_comment {
            if trimmed.contains("-->") {
                self.in_comment = false;
            }
            return true;
        }
        if indent_width(text) <= 3 {
            for ch in ['`', '~'] {
                let run = trimmed.len() - trimmed.trim_start_matches(ch).len();
                if run >= 3 && !(ch == '`' && trimmed[run..].contains('`')) {
                    self.fence = Some((ch, run));
                    return true;
                }
            }
        }
        if let Some(after) = trimmed.strip_prefix("<!--") {
            if !after.contains("-->") {
                self.in_comment = true;
            }
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_terminators_in_span() {
        let src = "a\r\nbb\nc";
        let all: Vec<_> = lines(src).collect();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].text, "a");
        assert_eq!(all[0].end, 3);
        assert_eq!(all[1].text, "bb");
        assert_eq!(all[2].text, "c");
        assert_eq!(all[2].end, src.len());
    }

    /// Regression (issue 8 item 18): a plan with lone-CR line endings read as
    /// one line, so it had no tasks and nobody was told.
    #[test]
    fn regression_lone_cr_line_endings() {
        let src = "a\rb\r\nc\r";
        let all: Vec<_> = lines(src).map(|l| (l.number, l.text, l.end)).collect();
        assert_eq!(all, [(1, "a", 2), (2, "b", 5), (3, "c", 7)]);
        assert_eq!((line_of_offset(src, 2), line_of_offset(src, 4), line_of_offset(src, 5)), (2, 2, 3));
        assert_eq!(line_start(src, 6), 5);
        assert_eq!(first_lone_cr(src), Some(1));
        assert_eq!(first_lone_cr("a\r\nb\n"), None);
        assert_eq!(
            (line_ending("a\r\nb"), line_ending("a\rb"), line_ending("a\nb"), line_ending("a")),
            ("\r\n", "\r", "\n", "\n")
        );
    }

    #[test]
    fn headings() {
        assert_eq!(heading("## Phase 1: X").map(|h| (h.level, h.text)), Some((2, "Phase 1: X")));
        assert_eq!(heading("#NoSpace"), None);
        assert_eq!(heading("### Done ##").map(|h| h.text), Some("Done"));
        assert_eq!(heading("    # code"), None);
    }

    #[test]
    fn decode_reports_line_of_bad_byte() {
        assert_eq!(decode(b"ok\n\xff".to_vec()), Err(DecodeError::NotUtf8 { line: 2, offset: 3 }));
        assert!(matches!(decode(b"a\0".to_vec()), Err(DecodeError::Binary { offset: 1 })));
    }

    #[test]
    fn fences_and_comments_are_opaque() {
        let mut t = OpaqueTracker::default();
        let flags: Vec<bool> =
            ["a", "```", "- [ ] x", "```", "<!--", "- [ ] y", "-->", "b"].iter().map(|l| t.is_opaque(l)).collect();
        assert_eq!(flags, [false, true, true, true, true, true, true, false]);
    }
}
