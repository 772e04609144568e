//! coverage.py's JSON report (`coverage json`), one file entry at a time.
//!
//! `{"meta": …, "files": {"<path>": {"executed_lines": [..], "missing_lines": [..],
//! "executed_branches": [[from, to], ..], "missing_branches": [..], …}}, "totals": …}`.
//! Each entry of `files` is deserialised on its own and handed to the sink
//! before the next is read; everything else (meta, totals, per-function and
//! per-class breakdowns, contexts) streams past unread. coverage.py records
//! no counts: an executed line has 1 hit, a missing one 0. Branches are
//! grouped by their source line (arcs to a negative line are exits).

use crate::json::walk_top;
use crate::{BranchLine, FileRecord, ParseError, Sink};
use serde::Deserialize;
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::io::BufRead;

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    executed_lines: Vec<u32>,
    #[serde(default)]
    missing_lines: Vec<u32>,
    #[serde(default)]
    executed_branches: Vec<(i64, i64)>,
    #[serde(default)]
    missing_branches: Vec<(i64, i64)>,
}

/// Parse a coverage.py JSON report.
pub fn parse<R: BufRead>(reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    if walk_top(reader, "files", Files { sink })? {
        Ok(())
    } else {
        Err(ParseError::at_line(1, "no \"files\" object: not a coverage.py JSON report"))
    }
}

struct Files<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Files<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Files<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of file entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(path) = map.next_key::<String>()? {
            let entry: Entry = map.next_value()?;
            self.sink.file(record(path, entry));
        }
        Ok(())
    }
}

fn record(path: String, e: Entry) -> FileRecord {
    let mut lines: Vec<(u32, u64)> = e.executed_lines.iter().map(|l| (*l, 1)).collect();
    lines.extend(e.missing_lines.iter().map(|l| (*l, 0)));
    let mut by_line: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for (taken, arcs) in [(1, &e.executed_branches), (0, &e.missing_branches)] {
        for (from, _) in arcs {
            if let Ok(line) = u32::try_from(*from) {
                let b = by_line.entry(line).or_default();
                b.0 += taken;
                b.1 += 1;
            }
        }
    }
    let branches = by_line.into_iter().map(|(line, (covered, total))| BranchLine { line, covered, total }).collect();
    FileRecord { path, lines, branches }
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    #[test]
    fn reads_files_and_skips_the_rest() {
        let src = r#"{"meta": {"format": 3, "version": "7.6.1", "branch_coverage": true},
          "files": {"pkg/a.py": {"executed_lines": [1, 2, 4], "summary": {"x": 1}, "missing_lines": [5],
             "excluded_lines": [], "executed_branches": [[2, 4], [2, -1]], "missing_branches": [[4, 5]],
             "functions": {"f": {"executed_lines": [2]}}}},
          "totals": {"covered_lines": 3}}"#;
        let cov = Coverage::read(Format::CoveragePy, src.as_bytes()).expect("parses");
        let a = &cov.files["pkg/a.py"];
        assert_eq!(a.lines.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(), [(1, 1), (2, 1), (4, 1), (5, 0)]);
        assert_eq!((a.branches[&2], a.branches[&4]), ((2, 2), (0, 1)));
    }

    #[test]
    fn damage_names_the_line() {
        let err =
            Coverage::read(Format::CoveragePy, "{\"files\": {\n\"a.py\": {\"executed_lines\": [1,}\n}}".as_bytes())
                .expect_err("bad");
        assert_eq!(err.line, Some(2));
        assert!(Coverage::read(Format::CoveragePy, "{\"meta\": {}}".as_bytes()).is_err());
        assert!(Coverage::read(Format::CoveragePy, "[1]".as_bytes()).is_err());
    }
}
