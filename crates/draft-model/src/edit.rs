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
    sort_and_validate(src, &mut edits)?;
    let mut out = String::with_capacity(src.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut pos = 0;
    for edit in edits {
        let r = edit.range.clone();
        out.push_str(&src[pos..r.start]);
        out.push_str(&edit.text);
        pos = r.end;
    }
    out.push_str(&src[pos..]);
    Ok(out)
}

/// [`apply`] on a text the caller owns, changing it in place: on a large
/// file (a registry of thousands of tracks) this saves copying every byte
/// into a new buffer for an edit of a few. On an error `src` is unchanged.
pub fn apply_in_place(src: &mut String, mut edits: Vec<Edit>) -> Result<(), EditError> {
    sort_and_validate(src, &mut edits)?;
    // Back to front, so each range still names the bytes it was made for.
    for edit in edits.into_iter().rev() {
        src.replace_range(edit.range, &edit.text);
    }
    Ok(())
}

/// Sort `edits` by position and refuse ranges outside `src`, splitting a
/// character, or overlapping.
fn sort_and_validate(src: &str, edits: &mut [Edit]) -> Result<(), EditError> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut previous: Option<&Range<usize>> = None;
    for edit in edits.iter() {
        let r = &edit.range;
        if r.start > r.end || r.end > src.len() || !src.is_char_boundary(r.start) || !src.is_char_boundary(r.end) {
            return Err(EditError::OutOfBounds(r.clone()));
        }
        if let Some(prev) = previous
            && r.start < prev.end
        {
            return Err(EditError::Overlap { first: prev.clone(), second: r.clone() });
        }
        previous = Some(r);
    }
    Ok(())
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

    proptest::proptest! {
        /// Editing in place gives exactly what building a new text gives,
        /// and leaves the text alone when the edits are refused.
        #[test]
        fn in_place_agrees_with_apply(
            src in "[a-zé\n]{0,40}",
            raw in proptest::collection::vec((0usize..48, 0usize..6, "[x-zé]{0,4}"), 0..6),
        ) {
            let edits: Vec<Edit> = raw.iter().map(|(at, len, text)| Edit::replace(*at..at + len, text.clone())).collect();
            let mut owned = src.clone();
            let expected = apply(&src, edits.clone());
            let got = apply_in_place(&mut owned, edits);
            match expected {
                Ok(out) => { proptest::prop_assert!(got.is_ok()); proptest::prop_assert_eq!(owned, out); }
                Err(e) => { proptest::prop_assert_eq!(got, Err(e)); proptest::prop_assert_eq!(owned, src); }
            }
        }
    }
}
