//! The CommonMark events every analysis reads, and code-block lookup.
//!
//! Documents are read with pulldown-cmark (tables on), after the frontmatter
//! block that draft's own readers locate, with event offsets into the whole
//! document. Rules that must not look inside code — citations, the spec
//! model — take the line ranges of code blocks from here, so the spec model
//! and the citation scan agree on what code is without depending on each
//! other. `draft review` still walks a comrak tree; its options live here
//! too so both agree on the extensions.

use crate::lines::LineIndex;
use draft_model::frontmatter;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::ops::Range;

/// comrak options for the analyses that walk a tree (`draft review`).
#[must_use]
pub fn md_options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.tasklist = true;
    o.extension.table = true;
    o.extension.front_matter_delimiter = Some("---".into());
    o.parse.relaxed_tasklist_matching = true;
    o
}

/// The events of `src`'s body (after its frontmatter), with byte ranges
/// into the whole of `src`.
pub fn markdown_events(src: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let body = frontmatter::body_start(src, frontmatter::locate(src).as_ref()).0;
    Parser::new_ext(src.get(body..).unwrap_or_default(), Options::ENABLE_TABLES)
        .into_offset_iter()
        .map(move |(event, range)| (event, range.start + body..range.end + body))
}

/// Whether a tag opens a block (as opposed to an inline span).
#[must_use]
pub fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// First and last line (1-based, inclusive) of the code block of `kind` at
/// `range`: the last line is the one its last byte is on (a line terminator
/// belongs to the line it ends), and the trailing blank lines an indented
/// block's range may hold are not part of it.
#[must_use]
pub fn code_block_lines(
    src: &str,
    lines: &LineIndex,
    range: &Range<usize>,
    kind: &CodeBlockKind<'_>,
) -> (usize, usize) {
    let text = src.get(range.clone()).unwrap_or_default();
    let text = match kind {
        CodeBlockKind::Indented => text.trim_end_matches([' ', '\t', '\r', '\n']),
        CodeBlockKind::Fenced(_) => text,
    };
    let end = range.start + text.len();
    let first = lines.line_byte_column(range.start).0;
    (first, lines.line_byte_column(end.saturating_sub(1).max(range.start)).0.max(first))
}

/// Line ranges of the code blocks of `src` (in document order).
#[must_use]
pub fn code_blocks_of(src: &str, lines: &LineIndex) -> Vec<(usize, usize)> {
    markdown_events(src)
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(kind)) => Some(code_block_lines(src, lines, &range, &kind)),
            _ => None,
        })
        .collect()
}

/// Whether 1-based `line` lies in one of `blocks` (sorted, as returned above).
#[must_use]
pub fn in_code_block(blocks: &[(usize, usize)], line: usize) -> bool {
    // Blocks do not overlap, so the last one starting at or before `line` is
    // the only candidate.
    let i = blocks.partition_point(|(start, _)| *start <= line);
    i > 0 && blocks.get(i - 1).is_some_and(|(_, end)| line <= *end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_found_and_looked_up() {
        let src = "a\n\n```\nx\n```\n\n    indented\n\nb\n";
        let blocks = code_blocks_of(src, &LineIndex::new(src));
        assert_eq!(blocks, [(3, 5), (7, 7)]);
        let inside: Vec<usize> = (1..=9).filter(|l| in_code_block(&blocks, *l)).collect();
        assert_eq!(inside, [3, 4, 5, 7]);
    }

    #[test]
    fn code_in_frontmatter_is_not_code() {
        let src = "---\nx: |\n    indented\n---\n\n```\ncode\n```\n";
        assert_eq!(code_blocks_of(src, &LineIndex::new(src)), [(6, 8)]);
    }
}
