//! The facts region of a document: the bytes between
//! `<!-- draft:facts begin -->` and `<!-- draft:facts end -->`.
//!
//! Only those bytes are ever replaced; every byte before the end of the
//! begin-marker line and from the start of the end-marker line on is kept
//! exactly, so human prose around the region survives every refresh. The
//! new body is written with the document's own line ending (that of its
//! first line). When a document has no region, [`insert`] places one right
//! below an anchor heading and the HTML comment lines that follow it (see
//! [`Anchor`]); when the anchor is missing nothing is inserted. A begin
//! marker without an end, or a second begin before the end, is an error:
//! the file is left alone rather than guessed at.

use draft_model::text;
use std::ops::Range;

/// Opens the region (a whole line).
pub const BEGIN: &str = "<!-- draft:facts begin -->";
/// Closes the region (a whole line).
pub const END: &str = "<!-- draft:facts end -->";

/// Why a document's region cannot be edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkerError {
    /// A begin marker on `line` is never closed.
    #[error("line {0}: `{BEGIN}` has no matching `{END}`")]
    Unclosed(usize),
    /// An end marker on `line` without a begin, or a begin inside a region.
    #[error("line {0}: facts markers are out of order")]
    OutOfOrder(usize),
}

/// Byte range of the region's inside: from just past the begin-marker
/// line's terminator to the start of the end-marker line.
pub fn find(src: &str) -> Result<Option<Range<usize>>, MarkerError> {
    let mut open: Option<(usize, usize)> = None;
    let mut found = None;
    for line in text::lines(src) {
        let t = line.text.trim();
        if t == BEGIN {
            if open.is_some() || found.is_some() {
                return Err(MarkerError::OutOfOrder(line.number));
            }
            open = Some((line.end, line.number));
        } else if t == END {
            let Some((start, _)) = open.take() else { return Err(MarkerError::OutOfOrder(line.number)) };
            found = Some(start..line.start);
        }
    }
    match open {
        Some((_, number)) => Err(MarkerError::Unclosed(number)),
        None => Ok(found),
    }
}

/// `body` (written with `\n`) converted to `eol`, ending with one terminator.
fn with_eol(body: &str, eol: &str) -> String {
    let mut out = String::with_capacity(body.len() + 16);
    for line in body.lines() {
        out.push_str(line);
        out.push_str(eol);
    }
    out
}

/// Replace the region's inside with `body`. `Ok(None)` when there is no region.
pub fn replace(src: &str, body: &str) -> Result<Option<String>, MarkerError> {
    let Some(range) = find(src)? else { return Ok(None) };
    let eol = text::line_ending(src);
    let mut out = String::with_capacity(src.len() + body.len());
    out.push_str(&src[..range.start]);
    out.push_str(&with_eol(body, eol));
    out.push_str(&src[range.end..]);
    Ok(Some(out))
}

/// Where a new region goes when a document has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor<'a> {
    /// Below the first level-1 heading (the document's title).
    Title,
    /// Below the level-2 heading with this text.
    Section(&'a str),
}

/// Insert a region holding `body` below `anchor` (and any HTML comment
/// lines right under it). `None` when the anchor heading is missing.
#[must_use]
pub fn insert(src: &str, anchor: Anchor<'_>, body: &str) -> Option<String> {
    let eol = text::line_ending(src);
    let mut lines = text::lines(src).peekable();
    let mut at = None;
    while let Some(line) = lines.next() {
        let hit = text::heading(line.text).is_some_and(|h| match anchor {
            Anchor::Title => h.level == 1,
            Anchor::Section(name) => h.level == 2 && h.text == name,
        });
        if !hit {
            continue;
        }
        let mut end = line.end;
        let mut in_comment = false;
        while let Some(next) = lines.peek() {
            let t = next.text.trim();
            if in_comment || t.starts_with("<!--") {
                in_comment = !t.contains("-->");
                end = next.end;
                lines.next();
            } else if t.is_empty() && matches!(anchor, Anchor::Title) {
                end = next.end;
                lines.next();
            } else {
                break;
            }
        }
        at = Some(end);
        break;
    }
    let at = at?;
    // A document whose anchor is its last, unterminated line.
    let lead = if at > 0 && !src[..at].ends_with(['\n', '\r']) { eol } else { "" };
    let block = format!("{lead}{BEGIN}{eol}{}{END}{eol}", with_eol(body, eol));
    let trail = if matches!(anchor, Anchor::Title) && at < src.len() { eol } else { "" };
    Some(format!("{}{block}{trail}{}", &src[..at], &src[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn replaces_only_the_inside_and_keeps_crlf() {
        let src = "# T\r\nprose\r\n<!-- draft:facts begin -->\r\nold\r\n<!-- draft:facts end -->\r\nmore\r\n";
        let out = replace(src, "new 1\nnew 2\n").expect("ok").expect("region");
        assert_eq!(
            out,
            "# T\r\nprose\r\n<!-- draft:facts begin -->\r\nnew 1\r\nnew 2\r\n<!-- draft:facts end -->\r\nmore\r\n"
        );
        assert_eq!(replace("no region\n", "x").expect("ok"), None);
    }

    #[test]
    fn broken_markers_are_errors() {
        assert_eq!(find("a\n<!-- draft:facts begin -->\nb\n"), Err(MarkerError::Unclosed(2)));
        assert_eq!(find("<!-- draft:facts end -->\n"), Err(MarkerError::OutOfOrder(1)));
        let twice = "<!-- draft:facts begin -->\n<!-- draft:facts end -->\n<!-- draft:facts begin -->\n<!-- draft:facts end -->\n";
        assert_eq!(find(twice), Err(MarkerError::OutOfOrder(3)));
    }

    #[test]
    fn inserts_below_anchor_and_its_comment() {
        let src = "# AI\n\n## Layout\n<!-- Key\n directories -->\n[slot]\n\n## Next\n";
        let out = insert(src, Anchor::Section("Layout"), "facts\n").expect("anchor");
        assert_eq!(
            out,
            "# AI\n\n## Layout\n<!-- Key\n directories -->\n<!-- draft:facts begin -->\nfacts\n<!-- draft:facts end -->\n[slot]\n\n## Next\n"
        );
        let out = insert("# Tech\n\n## Languages\n", Anchor::Title, "f\n").expect("title");
        assert_eq!(out, "# Tech\n\n<!-- draft:facts begin -->\nf\n<!-- draft:facts end -->\n\n## Languages\n");
        assert_eq!(insert("# Tech\n", Anchor::Section("Layout"), "f"), None);
    }

    proptest! {
        /// Whatever surrounds the region, and whatever goes in, the bytes
        /// outside the region are identical before and after.
        #[test]
        fn bytes_outside_the_region_are_identical(
            before in "[a-z #\\-\r\n<>!]{0,80}",
            inside in "[a-z \n]{0,40}",
            after in "[a-z #\\-\r\n<>!]{0,80}",
            body in "[a-z |\n]{0,60}",
        ) {
            prop_assume!(!before.contains("draft:facts") && !after.contains("draft:facts"));
            let before = if before.is_empty() || before.ends_with('\n') { before } else { format!("{before}\n") };
            let src = format!("{before}{BEGIN}\n{inside}{}{END}\n{after}", if inside.is_empty() || inside.ends_with('\n') { "" } else { "\n" });
            let range = find(&src).expect("valid").expect("region");
            let out = replace(&src, &body).expect("valid").expect("region");
            prop_assert_eq!(&out[..range.start], &src[..range.start]);
            let tail = &src[range.end..];
            prop_assert!(out.ends_with(tail));
            let again = replace(&out, &body).expect("valid").expect("region");
            prop_assert_eq!(again, out, "replacing is idempotent");
        }
    }
}
