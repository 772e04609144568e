//! draft's marked block inside a Markdown file it shares with the user
//! (`AGENTS.md`, `GEMINI.md`).
//!
//! The block runs from a `<!-- draft:begin … -->` line to the next
//! `<!-- draft:end -->` line. Every byte outside it is the user's and is
//! never changed; when draft appends a block it remembers the separator it
//! added, so removing the block restores the file byte for byte.

use crate::located::Problem;
use crate::render::BLOCK_END;
use std::ops::Range;

const BEGIN_PREFIX: &str = "<!-- draft:begin";

/// The byte range of draft's block, end line and its newline included.
pub(crate) fn find(text: &str) -> Result<Option<Range<usize>>, Problem> {
    let mut begin: Option<(usize, usize)> = None;
    let mut found: Option<Range<usize>> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.starts_with(BEGIN_PREFIX) {
            if begin.is_some() {
                return Err(at(number, "a second `<!-- draft:begin` before `<!-- draft:end -->`"));
            }
            if found.is_some() {
                return Err(at(number, "a second draft block; keep one"));
            }
            begin = Some((offset, number));
        } else if trimmed == BLOCK_END {
            let Some((start, _)) = begin.take() else {
                return Err(at(number, "`<!-- draft:end -->` without a `<!-- draft:begin` line before it"));
            };
            found = Some(start..offset + line.len());
        }
        offset += line.len();
    }
    if let Some((_, number)) = begin {
        return Err(at(number, "`<!-- draft:begin` without a `<!-- draft:end -->` line after it"));
    }
    Ok(found)
}

/// draft's block with `\n` line endings, or `None`.
pub(crate) fn get(text: &str) -> Result<Option<String>, Problem> {
    Ok(find(text)?.map(|range| text[range].replace("\r\n", "\n")))
}

/// `text` with draft's block replaced by `block` (given with `\n` endings),
/// or appended after a separator; returns the separator added, or `None`
/// when the block was replaced in place.
pub(crate) fn upsert(text: &str, block: &str) -> Result<(String, Option<String>), Problem> {
    let crlf = text.contains("\r\n");
    let block = if crlf { block.replace('\n', "\r\n") } else { block.to_owned() };
    if let Some(range) = find(text)? {
        let mut out = String::with_capacity(text.len() + block.len());
        out.push_str(&text[..range.start]);
        out.push_str(&block);
        out.push_str(&text[range.end..]);
        return Ok((out, None));
    }
    let newline = if crlf { "\r\n" } else { "\n" };
    let separator = if text.is_empty() || text.ends_with(&format!("{newline}{newline}")) {
        String::new()
    } else if text.ends_with('\n') {
        newline.to_owned()
    } else {
        format!("{newline}{newline}")
    };
    Ok((format!("{text}{separator}{block}"), Some(separator)))
}

/// `text` without draft's block, and without the `separator` draft added
/// before it when the block is still the last thing in the file.
pub(crate) fn remove(text: &str, separator: &str) -> Result<String, Problem> {
    let Some(range) = find(text)? else { return Ok(text.to_owned()) };
    let mut head = &text[..range.start];
    let tail = &text[range.end..];
    if tail.is_empty() && !separator.is_empty() {
        head = head.strip_suffix(separator).unwrap_or(head);
    }
    Ok(format!("{head}{tail}"))
}

fn at(line: usize, message: &str) -> Problem {
    Problem { line, column: 1, message: message.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "<!-- draft:begin v1 -->\nhello\n<!-- draft:end -->\n";

    #[test]
    fn append_then_remove_restores_the_bytes() {
        for original in ["", "# Mine\n", "# Mine", "# Mine\n\n", "# Mine\r\nmore\r\n"] {
            let (with, separator) = upsert(original, BLOCK).expect("ok");
            assert!(get(&with).expect("ok").is_some_and(|b| b == BLOCK), "{with:?}");
            assert_eq!(remove(&with, &separator.expect("appended")).expect("ok"), original);
        }
    }

    #[test]
    fn replaces_in_place_keeping_text_around() {
        let text = "before\n<!-- draft:begin old -->\nold\n<!-- draft:end -->\nafter\n";
        let (out, separator) = upsert(text, BLOCK).expect("ok");
        assert_eq!(out, format!("before\n{BLOCK}after\n"));
        assert_eq!(separator, None);
    }

    #[test]
    fn unbalanced_markers_are_problems() {
        assert_eq!(find("a\n<!-- draft:begin\nb\n").expect_err("open").line, 2);
        assert_eq!(find("<!-- draft:end -->\n").expect_err("close").line, 1);
        let two = format!("{BLOCK}{BLOCK}");
        assert_eq!(find(&two).expect_err("two").line, 4);
    }
}
