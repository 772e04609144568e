//! The one edit primitive every writer shares: byte-range replacements.
//!
//! Engines never regenerate a document. They read a model that remembers
//! byte spans, produce a list of [`Edit`]s (replace this range with these
//! bytes) and apply them here in one pass. Edits must not overlap; applying
//! them checks that, plus bounds and UTF-8 boundaries, and returns an error
//! instead of panicking, so a bug in an engine can never corrupt a file.

use std::ops::Range;

/// Replace the bytes in `range` with `text` (an empty range inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Replacement bytes.
    pub text: String,
}

impl Edit {
    /// A replacement.
    #[must_use]
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Self { range, text: text.into() }
    }

    /// An insertion at `at`.
    #[must_use]
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self { range: at..at, text: text.into() }
    }

    /// A deletion of `range`.
    #[must_use]
    pub fn delete(range: Range<usize>) -> Self {
        Self { range, text: String::new() }
    }
}

/// Why a list of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// Two edits touch the same bytes.
    #[error("overlapping edits at bytes {first:?} and {second:?}")]
    Overlap {
        /// The earlier edit's range.
        first: Range<usize>,
        /// The later edit's range.
        second: Range<usize>,
    },
    /// A range lies outside the text or splits a character.
    #[error("edit range {0:?} is outside the text or splits a character")]
    OutOfBounds(Range<usize>),
}

/// Apply `edits` to `src`. The edits are sorted by position first (two
/// insertions at the same offset keep their given order); overlapping ranges
/// are an error.
pub fn apply(src: &str, mut edits: Vec<Edit>) -> Result<String, EditError> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(src.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut pos = 0;
    let mut previous: Option<Range<usize>> = None;
    for edit in edits {
        let r = edit.range.clone();
        if r.start > r.end || r.end > src.len() || !src.is_char_boundary(r.start) || !src.is_char_boundary(r.end) {
            return Err(EditError::OutOfBounds(r));
        }
        if let Some(prev) = &previous
            && r.start < prev.end
        {
            return Err(EditError::Overlap { first: prev.clone(), second: r });
        }
        out.push_str(&src[pos..r.start]);
        out.push_str(&edit.text);
        pos = r.end;
        previous = Some(r);
    }
    out.push_str(&src[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_position_order() {
        let src = "abcdef";
        let out = apply(src, vec![Edit::replace(4..5, "E"), Edit::insert(0, ">"), Edit::delete(1..3)]).expect("ok");
        assert_eq!(out, ">adEf");
    }

    #[test]
    fn refuses_overlaps_and_bad_ranges() {
        assert!(matches!(
            apply("abcdef", vec![Edit::replace(1..4, "x"), Edit::replace(3..5, "y")]),
            Err(EditError::Overlap { .. })
        ));
        assert!(matches!(apply("abc", vec![Edit::replace(2..9, "x")]), Err(EditError::OutOfBounds(_))));
        assert!(matches!(apply("é", vec![Edit::insert(1, "x")]), Err(EditError::OutOfBounds(_))));
        assert_eq!(apply("ab", vec![Edit::insert(1, "x"), Edit::insert(1, "y")]).expect("ok"), "axyb");
        assert_eq!(apply("ab", Vec::new()).expect("ok"), "ab");
    }
}
