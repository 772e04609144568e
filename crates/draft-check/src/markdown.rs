//! The CommonMark settings every analysis shares, and code-block lookup.
//!
//! Specs are parsed with comrak (tables, task lists with relaxed markers so
//! `[~]` and `[!]` are task items, YAML frontmatter skipped). Rules that must
//! not look inside code — citations, the spec model — ask for the line ranges
//! of code blocks here, so the spec model and the citation scan agree on what
//! code is without depending on each other.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

/// comrak options shared by every analysis.
#[must_use]
pub fn md_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.tasklist = true;
    o.extension.table = true;
    o.extension.front_matter_delimiter = Some("---".into());
    o.parse.relaxed_tasklist_matching = true;
    o
}

/// Line ranges (inclusive, 1-based, in document order) of the code blocks
/// under a parsed document.
pub fn code_block_lines<'a>(root: &'a AstNode<'a>) -> Vec<(usize, usize)> {
    root.descendants()
        .filter_map(|n| {
            let d = n.data();
            matches!(d.value, NodeValue::CodeBlock(_)).then(|| (d.sourcepos.start.line, d.sourcepos.end.line))
        })
        .collect()
}

/// Parse `src` only to find its code blocks.
#[must_use]
pub fn code_blocks_of(src: &str) -> Vec<(usize, usize)> {
    let arena = Arena::new();
    code_block_lines(parse_document(&arena, src, &md_options()))
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
        let blocks = code_blocks_of(src);
        assert_eq!(blocks, [(3, 5), (7, 7)]);
        let inside: Vec<usize> = (1..=9).filter(|l| in_code_block(&blocks, *l)).collect();
        assert_eq!(inside, [3, 4, 5, 7]);
    }
}
