//! draft-coverage: coverage reports read as streams into one model.
//!
//! Six formats are understood — lcov tracefiles, Cobertura XML, JaCoCo XML,
//! coverage.py's JSON, `llvm-cov export` JSON and Go cover profiles — and
//! every parser hands what it reads to a [`Sink`] one source file at a time
//! ([`FileRecord`]: line → hits, optional branches), so a report is never
//! held in memory whole: lcov and Go profiles are read line by line from a
//! `BufRead`, the XML formats with quick-xml's pull parser, and the JSON
//! formats through serde visitors that deserialise one file entry at a time.
//! Memory is bounded by the largest single file entry plus what the sink
//! keeps: [`Coverage`] keeps every line (for small reports and tests),
//! [`summary::Summary`] keeps covered and uncovered line *ranges* per file,
//! which is what the engine uses. [`paths`] maps the paths a tool wrote
//! (absolute, `./`, Windows separators, Cobertura `<source>` roots, Go import
//! paths) onto repository-relative ones. This crate never runs git or a
//! coverage tool; draft-core's coverage engine does.

pub mod cobertura;
pub mod coveragepy;
pub mod go;
pub mod jacoco;
mod json;
pub mod lcov;
pub mod llvm;
pub mod paths;
pub mod ranges;
pub mod summary;
mod xml;

use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A coverage report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// lcov tracefile (`SF:` … `end_of_record`): lcov, c8/nyc/jest/vitest, cargo llvm-cov --lcov, tarpaulin.
    Lcov,
    /// Cobertura XML: coverage.py `coverage xml`, istanbul's cobertura reporter, tarpaulin --out Xml.
    Cobertura,
    /// JaCoCo XML report.
    Jacoco,
    /// coverage.py JSON (`coverage json`).
    CoveragePy,
    /// `llvm-cov export` JSON (cargo llvm-cov --json).
    LlvmCov,
    /// Go cover profile (`go test -coverprofile`).
    Go,
}

impl Format {
    /// The name used in reports and `--help`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Lcov => "lcov",
            Self::Cobertura => "cobertura",
            Self::Jacoco => "jacoco",
            Self::CoveragePy => "coverage-py",
            Self::LlvmCov => "llvm-cov",
            Self::Go => "go",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Branch outcomes on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BranchLine {
    /// 1-based source line.
    pub line: u32,
    /// Outcomes taken at least once.
    pub covered: u32,
    /// Outcomes in all.
    pub total: u32,
}

/// What a report says about one source file (one entry of it: a file may
/// come in several entries, which a sink merges).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRecord {
    /// The path as the report wrote it.
    pub path: String,
    /// (line, hits) for every executable line; a line may repeat (its hits add up).
    pub lines: Vec<(u32, u64)>,
    /// Branch outcomes, when the format and the run recorded them.
    pub branches: Vec<BranchLine>,
}

/// Where parsers deliver what they read.
pub trait Sink {
    /// Roots the report's relative paths are relative to (Cobertura `<sources>`).
    fn sources(&mut self, _roots: &[String]) {}
    /// One file entry.
    fn file(&mut self, record: FileRecord);
}

/// A report that could not be read, with the place where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// 1-based line in the report, when known.
    pub line: Option<u64>,
    /// Byte offset in the report, when the line is not known yet.
    pub offset: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// An error on a known line.
    #[must_use]
    pub fn at_line(line: u64, message: impl Into<String>) -> Self {
        Self { line: Some(line), offset: None, message: message.into() }
    }

    /// An error at a byte offset.
    #[must_use]
    pub fn at_offset(offset: u64, message: impl Into<String>) -> Self {
        Self { line: None, offset: Some(offset), message: message.into() }
    }
}

/// Why a report file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be opened or read.
    #[error("reading {path}: {source}")]
    Io {
        /// The report.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Its first bytes match no known format.
    #[error(
        "{path}: not a coverage report draft can read (lcov, Cobertura or JaCoCo XML, coverage.py or llvm-cov JSON, Go cover profile)"
    )]
    UnknownFormat {
        /// The report.
        path: String,
    },
    /// It is damaged.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The report.
        path: String,
        /// 1-based line where reading stopped (0 when unknown).
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// The format of a report, from its first bytes (a few KiB are enough).
#[must_use]
pub fn sniff(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).take(64).collect();
        if compact.starts_with("{\"data\"") || text.contains("llvm.coverage.json.export") {
            return Some(Format::LlvmCov);
        }
        if text.contains("\"meta\"") || text.contains("\"files\"") {
            return Some(Format::CoveragePy);
        }
        return None;
    }
    if text.starts_with('<') {
        if text.contains("<report") || text.contains("JACOCO") {
            return Some(Format::Jacoco);
        }
        if text.contains("<coverage") {
            return Some(Format::Cobertura);
        }
        return None;
    }
    if text.starts_with("mode:") {
        return Some(Format::Go);
    }
    let first = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#'))?;
    let key = first.split(':').next()?;
    matches!(key, "TN" | "SF" | "VER" | "FN" | "DA").then_some(Format::Lcov)
}

/// Parse a report of `format` from `reader` into `sink`.
pub fn parse<R: BufRead>(format: Format, reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    match format {
        Format::Lcov => lcov::parse(reader, sink),
        Format::Go => go::parse(reader, sink),
        Format::Cobertura => cobertura::parse(reader, sink),
        Format::Jacoco => jacoco::parse(reader, sink),
        Format::CoveragePy => coveragepy::parse(reader, sink),
        Format::LlvmCov => llvm::parse(reader, sink),
    }
}

/// Parse the report at `path` (its format sniffed unless given) into
/// `sink`; errors name the file and the line where reading stopped.
pub fn parse_file(path: &Path, format: Option<Format>, sink: &mut dyn Sink) -> Result<Format, ReportError> {
    let shown = path.display().to_string();
    let io = |source| ReportError::Io { path: shown.clone(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let format = match format {
        Some(f) => f,
        None => {
            let mut head = vec![0; 8192];
            let mut n = 0;
            while n < head.len() {
                match file.read(&mut head[n..]).map_err(io)? {
                    0 => break,
                    k => n += k,
                }
            }
            head.truncate(n);
            let found = sniff(&head).ok_or_else(|| ReportError::UnknownFormat { path: shown.clone() })?;
            file = std::fs::File::open(path).map_err(io)?;
            found
        }
    };
    let reader = BufReader::with_capacity(256 * 1024, file);
    parse(format, reader, sink).map_err(|e| {
        let line = e.line.or_else(|| e.offset.map(|o| line_at_offset(path, o))).unwrap_or(0);
        ReportError::Parse { path: shown.clone(), line, message: e.message }
    })?;
    Ok(format)
}

/// The 1-based line holding byte `offset` of the file (read again, in chunks).
fn line_at_offset(path: &Path, offset: u64) -> u64 {
    let Ok(file) = std::fs::File::open(path) else { return 0 };
    let mut reader = BufReader::new(file.take(offset));
    let mut line = 1;
    loop {
        let Ok(buf) = reader.fill_buf() else { return line };
        if buf.is_empty() {
            return line;
        }
        line += buf.iter().filter(|b| **b == b'\n').count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}

/// Per-file hits and branches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileLines {
    /// line → hits (summed over the file's entries).
    pub lines: BTreeMap<u32, u64>,
    /// line → (covered, total) branch outcomes.
    pub branches: BTreeMap<u32, (u32, u32)>,
}

/// A whole report in memory: every file, every line. For small reports and
/// tests; the engine streams into [`summary::Summary`] instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Files by path as the report wrote them.
    pub files: BTreeMap<String, FileLines>,
    /// Cobertura `<source>` roots.
    pub sources: Vec<String>,
}

impl Sink for Coverage {
    fn sources(&mut self, roots: &[String]) {
        self.sources.extend_from_slice(roots);
    }

    fn file(&mut self, record: FileRecord) {
        let entry = self.files.entry(record.path).or_default();
        for (line, hits) in record.lines {
            let h = entry.lines.entry(line).or_insert(0);
            *h = h.saturating_add(hits);
        }
        for b in record.branches {
            let e = entry.branches.entry(b.line).or_insert((0, 0));
            e.0 = e.0.max(b.covered);
            e.1 = e.1.max(b.total);
        }
    }
}

impl Coverage {
    /// Read a whole report from `reader`.
    pub fn read<R: BufRead>(format: Format, reader: R) -> Result<Self, ParseError> {
        let mut cov = Self::default();
        parse(format, reader, &mut cov)?;
        Ok(cov)
    }
}

/// A number in a report, or an error naming what was expected.
pub(crate) fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| format!("{what} is not a number: {:?}", truncate(text)))
}

/// At most 60 characters of `s`, for messages.
pub(crate) fn truncate(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_owned() } else { format!("{}…", s.chars().take(60).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format() {
        assert_eq!(sniff(b"TN:\nSF:/a.c\n"), Some(Format::Lcov));
        assert_eq!(sniff(b"SF:a.js\nDA:1,1\n"), Some(Format::Lcov));
        assert_eq!(sniff(b"mode: set\na.go:1.1,2.2 1 1\n"), Some(Format::Go));
        assert_eq!(sniff(b"<?xml version=\"1.0\" ?>\n<coverage version=\"7\">"), Some(Format::Cobertura));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"x\">"),
            Some(Format::Jacoco)
        );
        assert_eq!(sniff(b"{\"meta\": {\"format\": 3}, \"files\": {}}"), Some(Format::CoveragePy));
        assert_eq!(sniff(b"{\"data\":[{\"files\":[]}]}"), Some(Format::LlvmCov));
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
    }
}
