//! Go cover profiles (`go test -coverprofile`), read line by line.
//!
//! The first line is `mode: set|count|atomic`; each other line is a block,
//! `path/to/file.go:startLine.startCol,endLine.endCol statements count`.
//! A block counts on every line from its first to its last, and a line's
//! hits are the sum over the blocks touching it — the convention of
//! gcov2lcov, the usual converter to lcov — so a line is covered when any
//! block on it ran. A file's consecutive blocks form one record; a file met
//! again later (profiles of several packages concatenated) is another record,
//! merged by the sink. Paths are import paths (`example.com/mod/pkg/x.go`):
//! [`crate::paths`] maps them onto the repository with go.mod's module path.

use crate::{FileRecord, ParseError, Sink, number};
use std::io::BufRead;

/// The longest block accepted, in lines (a guard against damaged input).
const MAX_BLOCK_LINES: u32 = 100_000;

/// Parse a Go cover profile.
pub fn parse<R: BufRead>(mut reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    let mut buf = Vec::with_capacity(256);
    let mut current: Option<FileRecord> = None;
    let mut n: u64 = 0;
    let mut saw_mode = false;
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf).map_err(|e| ParseError::at_line(n + 1, e.to_string()))?;
        if read == 0 {
            break;
        }
        n += 1;
        let text = String::from_utf8_lossy(&buf);
        let line = text.trim_end_matches(['\n', '\r']).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(mode) = line.strip_prefix("mode:") {
            // `go test -coverpkg` over several packages may repeat the mode line.
            if !matches!(mode.trim(), "set" | "count" | "atomic") {
                return Err(ParseError::at_line(n, format!("unknown cover mode {:?}", mode.trim())));
            }
            saw_mode = true;
            continue;
        }
        if !saw_mode {
            return Err(ParseError::at_line(n, "a Go cover profile starts with `mode: set|count|atomic`"));
        }
        let (path, start, end, count) = block(line).map_err(|m| ParseError::at_line(n, m))?;
        if current.as_ref().is_none_or(|r| r.path != path) {
            if let Some(done) = current.take() {
                sink.file(done);
            }
            current = Some(FileRecord { path: path.to_owned(), ..FileRecord::default() });
        }
        if let Some(record) = current.as_mut() {
            record.lines.extend((start..=end).map(|l| (l, count)));
        }
    }
    if let Some(done) = current.take() {
        sink.file(done);
    }
    Ok(())
}

/// One block line: (path, first line, last line, count).
fn block(line: &str) -> Result<(&str, u32, u32, u64), String> {
    let bad = || format!("not a cover block (file.go:l.c,l.c statements count): {:?}", crate::truncate(line));
    let (rest, count) = line.rsplit_once(' ').ok_or_else(bad)?;
    let (rest, statements) = rest.rsplit_once(' ').ok_or_else(bad)?;
    let (path, span) = rest.rsplit_once(':').ok_or_else(bad)?;
    let (from, to) = span.split_once(',').ok_or_else(bad)?;
    let line_of = |pos: &str| -> Result<u32, String> {
        let (l, c) = pos.split_once('.').ok_or_else(bad)?;
        number::<u32>(c, "column")?;
        number::<u32>(l, "line")
    };
    let (start, end) = (line_of(from)?, line_of(to)?);
    number::<u64>(statements, "statement count")?;
    let count = number::<u64>(count, "hit count")?;
    if path.is_empty() || end < start || end - start > MAX_BLOCK_LINES || start == 0 {
        return Err(bad());
    }
    Ok((path, start, end, count))
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    #[test]
    fn blocks_cover_their_lines_and_sum_on_shared_ones() {
        let src = "mode: count\nexample.com/m/a.go:3.14,5.2 1 2\nexample.com/m/a.go:5.2,7.3 1 0\nexample.com/m/b.go:1.1,1.9 1 1\n";
        let cov = Coverage::read(Format::Go, src.as_bytes()).expect("parses");
        let a = &cov.files["example.com/m/a.go"].lines;
        assert_eq!(a.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(), [(3, 2), (4, 2), (5, 2), (6, 0), (7, 0)]);
        assert_eq!(cov.files["example.com/m/b.go"].lines[&1], 1);
    }

    #[test]
    fn damage_names_the_line() {
        let err = Coverage::read(Format::Go, "a.go:1.1,2.2 1 1\n".as_bytes()).expect_err("no mode");
        assert_eq!(err.line, Some(1));
        let err = Coverage::read(Format::Go, "mode: set\na.go:1.1,2.2 1 1\na.go:1.1 1\n".as_bytes()).expect_err("bad");
        assert_eq!(err.line, Some(3));
        let err =
            Coverage::read(Format::Go, "mode: set\nC:/w/a.go:9.1,2.2 1 1\n".as_bytes()).expect_err("end before start");
        assert_eq!(err.line, Some(2));
        let ok = Coverage::read(Format::Go, "mode: set\nC:/w/a.go:1.1,2.2 1 1\n".as_bytes()).expect("windows path");
        assert!(ok.files.contains_key("C:/w/a.go"));
    }
}
