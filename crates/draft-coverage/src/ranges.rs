//! Sets of line numbers kept as sorted, disjoint, inclusive ranges.
//!
//! Coverage comes in runs (a block ran or it did not), so a file's covered
//! and executable lines take a few ranges where a map would take an entry
//! per line. Union, difference and membership work on the ranges directly.

use serde::Serialize;

/// Sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RangeSet(Vec<(u32, u32)>);

impl RangeSet {
    /// The set of `lines`, which must be sorted ascending (duplicates allowed).
    #[must_use]
    pub fn from_sorted(lines: impl IntoIterator<Item = u32>) -> Self {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for l in lines {
            match out.last_mut() {
                Some((_, end)) if l <= end.saturating_add(1) => *end = (*end).max(l),
                _ => out.push((l, l)),
            }
        }
        Self(out)
    }

    /// The ranges.
    #[must_use]
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.0
    }

    /// How many lines.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.0.iter().map(|(a, b)| u64::from(b - a) + 1).sum()
    }

    /// No lines.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `line` is in the set.
    #[must_use]
    pub fn contains(&self, line: u32) -> bool {
        let i = self.0.partition_point(|(_, end)| *end < line);
        self.0.get(i).is_some_and(|(start, _)| *start <= line)
    }

    /// Add every line of `other`.
    pub fn union_with(&mut self, other: &Self) {
        if other.0.is_empty() {
            return;
        }
        if self.0.is_empty() {
            self.0.clone_from(&other.0);
            return;
        }
        let mut all: Vec<(u32, u32)> = Vec::with_capacity(self.0.len() + other.0.len());
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() || j < other.0.len() {
            let next = if j >= other.0.len() || (i < self.0.len() && self.0[i].0 <= other.0[j].0) {
                i += 1;
                self.0[i - 1]
            } else {
                j += 1;
                other.0[j - 1]
            };
            match all.last_mut() {
                Some((_, end)) if next.0 <= end.saturating_add(1) => *end = (*end).max(next.1),
                _ => all.push(next),
            }
        }
        all.shrink_to_fit();
        self.0 = all;
    }

    /// The lines of `self` not in `other`.
    #[must_use]
    pub fn minus(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        let mut j = 0;
        for &(start, end) in &self.0 {
            let mut from = start;
            while j < other.0.len() && other.0[j].1 < from {
                j += 1;
            }
            let mut k = j;
            while from <= end {
                match other.0.get(k) {
                    Some(&(os, oe)) if os <= end => {
                        if os > from {
                            out.push((from, os - 1));
                        }
                        if oe >= end {
                            from = end.saturating_add(1);
                            if end == u32::MAX {
                                break;
                            }
                        } else {
                            from = oe + 1;
                            k += 1;
                        }
                    }
                    _ => {
                        out.push((from, end));
                        break;
                    }
                }
            }
        }
        Self(out)
    }

    /// `12-18, 40`.
    #[must_use]
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn set(lines: &BTreeSet<u32>) -> RangeSet {
        RangeSet::from_sorted(lines.iter().copied())
    }

    #[test]
    fn describes_ranges() {
        let s = RangeSet::from_sorted([12, 13, 14, 15, 16, 17, 18, 40]);
        assert_eq!(s.describe(), "12-18, 40");
        assert_eq!(s.len(), 8);
        assert!(s.contains(12) && s.contains(18) && s.contains(40) && !s.contains(19) && !s.contains(11));
    }

    proptest! {
        #[test]
        fn behaves_like_a_set(a in proptest::collection::btree_set(0u32..200, 0..60),
                              b in proptest::collection::btree_set(0u32..200, 0..60)) {
            let (sa, sb) = (set(&a), set(&b));
            let mut u = sa.clone();
            u.union_with(&sb);
            prop_assert_eq!(&u, &set(&a.union(&b).copied().collect()));
            prop_assert_eq!(sa.minus(&sb), set(&a.difference(&b).copied().collect()));
            prop_assert_eq!(sa.len(), a.len() as u64);
            for l in 0..200 {
                prop_assert_eq!(sa.contains(l), a.contains(&l));
            }
        }
    }
}
