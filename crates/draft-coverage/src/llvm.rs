//! `llvm-cov export` JSON (what `cargo llvm-cov --json` prints), one file
//! entry at a time.
//!
//! `{"data": [{"files": [{"filename", "segments": [[line, col, count, has_count,
//! is_region_entry, is_gap_region], …], "branches": [[l1, c1, l2, c2, true, false, …], …]}, …],
//! "functions": […], "totals": …}], "type": "llvm.coverage.json.export", "version": …}`.
//! Each file entry is deserialised alone and turned into line hits with
//! llvm-cov's own line rule (its `LineCoverageStats`, which its lcov export
//! uses): a line is executable when a counted region starts on it, or the
//! region carried over from the line before has a count, unless the line
//! starts a skipped region; its count is the largest of the carried-over
//! count and the counts of non-gap regions starting on it. Functions,
//! expansions and totals stream past unread. Each branch has two outcomes
//! (true and false).

use crate::json::walk_top;
use crate::{BranchLine, FileRecord, ParseError, Sink};
use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::io::BufRead;

/// One segment: where a region starts or ends, and its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    line: u32,
    count: u64,
    has_count: bool,
    region_entry: bool,
    gap: bool,
}

impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(SegmentVisitor)
    }
}

struct SegmentVisitor;

impl<'de> Visitor<'de> for SegmentVisitor {
    type Value = Segment;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a segment [line, col, count, has_count, is_region_entry(, is_gap_region)]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Segment, A::Error> {
        use serde::de::Error as _;
        let missing = || A::Error::custom("a segment needs at least 5 fields");
        let line: u32 = seq.next_element()?.ok_or_else(missing)?;
        let _col: u32 = seq.next_element()?.ok_or_else(missing)?;
        let count: u64 = seq.next_element()?.ok_or_else(missing)?;
        let has_count: bool = seq.next_element()?.ok_or_else(missing)?;
        let region_entry: bool = seq.next_element()?.ok_or_else(missing)?;
        let gap: bool = seq.next_element()?.unwrap_or(false);
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Segment { line, count, has_count, region_entry, gap })
    }
}

#[derive(Deserialize)]
struct Entry {
    filename: String,
    #[serde(default)]
    segments: Vec<Segment>,
    #[serde(default)]
    branches: Vec<Vec<u64>>,
}

/// Parse an `llvm-cov export` JSON report.
pub fn parse<R: BufRead>(reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    if walk_top(reader, "data", Data { sink })? {
        Ok(())
    } else {
        Err(ParseError::at_line(1, "no \"data\" array: not an llvm-cov export"))
    }
}

/// `data`: an array of exports.
struct Data<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Data<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Data<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of exports")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Export { sink: &mut *self.sink })?.is_some() {}
        Ok(())
    }
}

/// One export object: its `files` are read, the rest skipped.
struct Export<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Export<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Export<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "files" {
                map.next_value_seed(Files { sink: &mut *self.sink })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `files`: each entry deserialised alone and handed on.
struct Files<'s> {
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Files<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Files<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of file entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<Entry>()? {
            let branches = entry
                .branches
                .iter()
                .filter(|b| b.len() >= 6)
                .map(|b| BranchLine {
                    line: u32::try_from(b[0]).unwrap_or(0),
                    covered: u32::from(b[4] > 0) + u32::from(b[5] > 0),
                    total: 2,
                })
                .filter(|b| b.line > 0)
                .collect();
            self.sink.file(FileRecord { lines: line_hits(&entry.segments), path: entry.filename, branches });
        }
        Ok(())
    }
}

/// llvm-cov's line rule over a file's segments (sorted by position).
fn line_hits(segments: &[Segment]) -> Vec<(u32, u64)> {
    let mut out = Vec::new();
    let Some(first) = segments.first() else { return out };
    let mut next = 0;
    let mut wrapped: Option<Segment> = None;
    let mut on_line: Vec<Segment> = Vec::new();
    let mut line = first.line;
    while next < segments.len() {
        if let Some(last) = on_line.last() {
            wrapped = Some(*last);
        }
        on_line.clear();
        while next < segments.len() && segments[next].line == line {
            on_line.push(segments[next]);
            next += 1;
        }
        if next < segments.len() && segments[next].line < line {
            // Out of order: llvm-cov never writes this; skip rather than loop.
            next += 1;
            continue;
        }
        if let Some(hits) = line_stat(&on_line, wrapped.as_ref()) {
            out.push((line, hits));
        }
        line += 1;
    }
    out
}

/// Whether a line is mapped, and its count.
fn line_stat(on_line: &[Segment], wrapped: Option<&Segment>) -> Option<u64> {
    let starts = |s: &&Segment| !s.gap && s.has_count && s.region_entry;
    let region_starts = on_line.iter().filter(starts).count();
    let skipped_start = on_line.first().is_some_and(|s| !s.has_count && s.region_entry);
    let mut mapped = !skipped_start && (wrapped.is_some_and(|w| w.has_count) || region_starts > 0);
    mapped |= on_line.iter().any(|s| s.region_entry && s.has_count);
    if !mapped {
        return None;
    }
    let mut count = wrapped.map_or(0, |w| w.count);
    if region_starts > 0 {
        for s in on_line.iter().filter(starts) {
            count = count.max(s.count);
        }
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    #[test]
    fn segments_become_line_hits() {
        // fn main() { (line 1, count 1) … an if on 3 whose body (4-5) never ran, back at 6.
        let src = r#"{"data":[{"files":[{"filename":"/w/src/main.rs",
          "segments":[[1,11,1,true,true,false],[3,8,0,true,true,false],[5,6,1,true,false,false],[6,2,0,false,false,false]],
          "branches":[[3,8,3,12,1,0,0,0,4]],"expansions":[],"summary":{}}],
          "functions":[{"name":"main","count":1}],"totals":{}}],"type":"llvm.coverage.json.export","version":"2.0.1"}"#;
        let cov = Coverage::read(Format::LlvmCov, src.as_bytes()).expect("parses");
        let f = &cov.files["/w/src/main.rs"];
        assert_eq!(
            f.lines.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(),
            [(1, 1), (2, 1), (3, 1), (4, 0), (5, 0), (6, 1)]
        );
        assert_eq!(f.branches[&3], (1, 2));
    }

    #[test]
    fn damage_is_an_error() {
        assert!(Coverage::read(Format::LlvmCov, "{\"data\":[{\"files\":[{\"filename\":1}]}]}".as_bytes()).is_err());
        assert!(Coverage::read(Format::LlvmCov, "{\"type\":\"x\"}".as_bytes()).is_err());
    }
}
