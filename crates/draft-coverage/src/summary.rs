//! The sink the engine streams a report into: per file, the executable and
//! the covered lines as [`RangeSet`]s, and branch outcomes per line.
//!
//! Paths go through a mapping function (see [`crate::paths`]) before
//! anything is stored, so entries of one file under different spellings
//! merge. Merging is exact for lines — a line is executable when any entry
//! lists it and covered when any entry ran it — and takes the larger count
//! per line for branches (entries of one file describe the same branches).
//! Memory is one map entry per file plus its ranges: a 500 MB report whose
//! coverage comes in runs keeps a few MB, however many lines it lists; only
//! the entry being read is ever held line by line.

use crate::ranges::RangeSet;
use crate::{FileRecord, Sink};
use serde::Serialize;
use std::collections::BTreeMap;

/// One file's coverage, merged over its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// Lines the tool could execute.
    pub executable: RangeSet,
    /// Executable lines that ran at least once.
    pub covered: RangeSet,
    /// (line, covered, total) branch outcomes, sorted by line.
    pub branches: Vec<(u32, u32, u32)>,
}

impl FileSummary {
    /// Executable lines.
    #[must_use]
    pub fn lines_total(&self) -> u64 {
        self.executable.len()
    }

    /// Covered lines.
    #[must_use]
    pub fn lines_covered(&self) -> u64 {
        self.covered.len()
    }

    /// Executable lines that never ran.
    #[must_use]
    pub fn uncovered(&self) -> RangeSet {
        self.executable.minus(&self.covered)
    }

    /// (covered, total) branch outcomes.
    #[must_use]
    pub fn branch_totals(&self) -> (u64, u64) {
        self.branches.iter().fold((0, 0), |(c, t), (_, bc, bt)| (c + u64::from(*bc), t + u64::from(*bt)))
    }

    fn merge(&mut self, record: FileRecord) {
        let mut lines = record.lines;
        lines.sort_unstable_by_key(|(l, _)| *l);
        // Sum the hits of a line listed twice in one entry.
        lines.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 = kept.1.saturating_add(next.1);
                true
            } else {
                false
            }
        });
        let executable = RangeSet::from_sorted(lines.iter().map(|(l, _)| *l));
        let covered = RangeSet::from_sorted(lines.iter().filter(|(_, h)| *h > 0).map(|(l, _)| *l));
        self.executable.union_with(&executable);
        self.covered.union_with(&covered);
        let mut per_line: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for b in record.branches {
            let e = per_line.entry(b.line).or_default();
            e.0 = e.0.saturating_add(b.covered.min(b.total));
            e.1 = e.1.saturating_add(b.total);
        }
        if per_line.is_empty() {
            return;
        }
        // Merge two line-sorted lists, keeping the larger counts on a shared line.
        let old = std::mem::take(&mut self.branches);
        let mut merged = Vec::with_capacity(old.len().max(per_line.len()));
        let mut new = per_line.into_iter().map(|(l, (c, t))| (l, c, t)).peekable();
        let mut old = old.into_iter().peekable();
        loop {
            let next = match (old.peek(), new.peek()) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    let (a, b) = (old.next(), new.next());
                    a.zip(b).map(|(a, b)| (a.0, a.1.max(b.1), a.2.max(b.2)))
                }
                (Some(a), Some(b)) if a.0 < b.0 => old.next(),
                (Some(_), Some(_)) | (None, Some(_)) => new.next(),
                (Some(_), None) => old.next(),
                (None, None) => None,
            };
            let Some(n) = next else { break };
            merged.push(n);
        }
        merged.shrink_to_fit();
        self.branches = merged;
    }
}

/// A path-mapping function: (path as written, the report's source roots) → repository path.
pub type MapPath<'a> = Box<dyn FnMut(&str, &[String]) -> String + 'a>;

/// Every file of a report, summarised as it streams in.
pub struct Summary<'a> {
    /// Files by mapped path.
    pub files: BTreeMap<String, FileSummary>,
    /// File entries read.
    pub records: u64,
    /// Source roots the report declared.
    pub sources: Vec<String>,
    map: MapPath<'a>,
}

impl std::fmt::Debug for Summary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary").field("files", &self.files).field("records", &self.records).finish_non_exhaustive()
    }
}

impl<'a> Summary<'a> {
    /// A summary whose paths go through `map`.
    #[must_use]
    pub fn new(map: MapPath<'a>) -> Self {
        Self { files: BTreeMap::new(), records: 0, sources: Vec::new(), map }
    }

    /// A summary that keeps paths as written.
    #[must_use]
    pub fn verbatim() -> Self {
        Self::new(Box::new(|p: &str, _: &[String]| p.to_owned()))
    }
}

impl Sink for Summary<'_> {
    fn sources(&mut self, roots: &[String]) {
        self.sources.extend_from_slice(roots);
    }

    fn file(&mut self, mut record: FileRecord) {
        self.records += 1;
        let path = (self.map)(&record.path, &self.sources);
        record.path = String::new();
        self.files.entry(path).or_default().merge(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BranchLine, Coverage, Format};
    use proptest::prelude::*;

    #[test]
    fn merges_entries_exactly_for_lines() {
        let mut s = Summary::verbatim();
        s.file(FileRecord { path: "a".into(), lines: vec![(1, 0), (2, 0), (3, 1), (2, 0)], branches: vec![] });
        s.file(FileRecord {
            path: "a".into(),
            lines: vec![(2, 4), (9, 0)],
            branches: vec![BranchLine { line: 2, covered: 1, total: 2 }],
        });
        let a = &s.files["a"];
        assert_eq!((a.lines_total(), a.lines_covered()), (4, 2));
        assert_eq!(a.uncovered().describe(), "1, 9");
        assert_eq!(a.branch_totals(), (1, 2));
    }

    proptest! {
        /// The summary agrees with the full line map on every figure.
        #[test]
        fn agrees_with_the_full_model(entries in proptest::collection::vec(
            proptest::collection::vec((1u32..80, 0u64..3), 0..40), 1..5)) {
            let mut lcov = String::new();
            for e in &entries {
                lcov.push_str("SF:f.c\n");
                for (l, h) in e {
                    lcov.push_str(&format!("DA:{l},{h}\n"));
                }
                lcov.push_str("end_of_record\n");
            }
            let full = Coverage::read(Format::Lcov, lcov.as_bytes()).expect("parses");
            let mut sum = Summary::verbatim();
            crate::parse(Format::Lcov, lcov.as_bytes(), &mut sum).expect("parses");
            let lines = full.files.get("f.c").map(|f| f.lines.clone()).unwrap_or_default();
            let s = sum.files.get("f.c").cloned().unwrap_or_default();
            prop_assert_eq!(s.lines_total(), lines.len() as u64);
            prop_assert_eq!(s.lines_covered(), lines.values().filter(|h| **h > 0).count() as u64);
            for (l, h) in &lines {
                prop_assert_eq!(s.covered.contains(*l), *h > 0);
            }
        }
    }
}
