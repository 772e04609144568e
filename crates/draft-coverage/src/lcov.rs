//! lcov tracefiles, read line by line.
//!
//! A record runs from `SF:<path>` to `end_of_record`; inside it `DA:<line>,<hits>[,<checksum>]`
//! gives a line's hits and `BRDA:<line>,<block>,<branch>,<taken|->` one branch outcome.
//! Summary and function lines (`LF`, `LH`, `FN`, `FNDA`, `BRF`, …) and `TN:` are skipped;
//! the figures are recomputed from the `DA`/`BRDA` lines. A line that is no `KEY:value`
//! record, or a `DA`/`BRDA` whose numbers do not parse, stops the read with its line number.
//! One buffer is reused for every line, so memory does not grow with the file.

use crate::{BranchLine, FileRecord, ParseError, Sink, number};
use std::io::BufRead;

/// Parse an lcov tracefile.
pub fn parse<R: BufRead>(mut reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    let mut buf = Vec::with_capacity(256);
    let mut current: Option<FileRecord> = None;
    let mut n: u64 = 0;
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf).map_err(|e| ParseError::at_line(n + 1, e.to_string()))?;
        if read == 0 {
            break;
        }
        n += 1;
        let text = String::from_utf8_lossy(&buf);
        let line = text.trim_end_matches(['\n', '\r']).trim_start_matches('\u{feff}');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed == "end_of_record" {
            if let Some(record) = current.take() {
                sink.file(record);
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(ParseError::at_line(
                n,
                format!("not an lcov record (KEY:value): {:?}", crate::truncate(trimmed)),
            ));
        };
        match key {
            "SF" => {
                if let Some(record) = current.take() {
                    sink.file(record);
                }
                current = Some(FileRecord { path: value.to_owned(), ..FileRecord::default() });
            }
            "DA" => {
                let record = current.as_mut().ok_or_else(|| ParseError::at_line(n, "DA: line before any SF: line"))?;
                record.lines.push(da(value).map_err(|m| ParseError::at_line(n, m))?);
            }
            "BRDA" => {
                let record =
                    current.as_mut().ok_or_else(|| ParseError::at_line(n, "BRDA: line before any SF: line"))?;
                let (line, taken) = brda(value).map_err(|m| ParseError::at_line(n, m))?;
                match record.branches.last_mut() {
                    Some(b) if b.line == line => {
                        b.total += 1;
                        b.covered += u32::from(taken);
                    }
                    _ => record.branches.push(BranchLine { line, covered: u32::from(taken), total: 1 }),
                }
            }
            k if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {}
            _ => {
                return Err(ParseError::at_line(
                    n,
                    format!("not an lcov record (KEY:value): {:?}", crate::truncate(trimmed)),
                ));
            }
        }
    }
    // A last record without end_of_record is still a record.
    if let Some(record) = current.take() {
        sink.file(record);
    }
    Ok(())
}

/// `line,hits[,checksum]`; negative hits (seen from old gcov) count as 0.
fn da(value: &str) -> Result<(u32, u64), String> {
    let mut parts = value.split(',');
    let line = number::<u32>(parts.next().unwrap_or_default(), "DA line")?;
    let hits_text = parts.next().ok_or("DA: needs line,hits")?.trim();
    let hits = if let Some(neg) = hits_text.strip_prefix('-') {
        number::<u64>(neg, "DA hits")?;
        0
    } else {
        match hits_text.parse::<u64>() {
            Ok(h) => h,
            // Very large counts are sometimes written as floats (1.5e+20).
            Err(_) => {
                number::<f64>(hits_text, "DA hits").map(|f| if f > 0.0 { f.min(u64::MAX as f64) as u64 } else { 0 })?
            }
        }
    };
    Ok((line, hits))
}

/// `line,block,branch,taken` (taken `-` means the block never ran).
fn brda(value: &str) -> Result<(u32, bool), String> {
    let parts: Vec<&str> = value.split(',').collect();
    if parts.len() < 4 {
        return Err(format!("BRDA: needs line,block,branch,taken: {:?}", crate::truncate(value)));
    }
    let line = number::<u32>(parts[0], "BRDA line")?;
    let taken = parts[parts.len() - 1].trim();
    let taken = taken != "-" && number::<f64>(taken, "BRDA taken")? > 0.0;
    Ok((line, taken))
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    #[test]
    fn reads_records_and_merges_repeats() {
        let src = "TN:\nSF:src/a.rs\nFN:1,main\nDA:1,3\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,-\nLF:2\nLH:1\nend_of_record\nSF:src/a.rs\nDA:2,5\nend_of_record\n";
        let cov = Coverage::read(Format::Lcov, src.as_bytes()).expect("parses");
        let a = &cov.files["src/a.rs"];
        assert_eq!(a.lines.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(), [(1, 3), (2, 5)]);
        assert_eq!(a.branches[&2], (1, 2));
    }

    #[test]
    fn damage_names_the_line() {
        let err = Coverage::read(Format::Lcov, "SF:a\nDA:1,1\nDA:x,1\n".as_bytes()).expect_err("bad");
        assert_eq!((err.line, err.message.contains("DA line")), (Some(3), true));
        let err = Coverage::read(Format::Lcov, "SF:a\nthis is not lcov\n".as_bytes()).expect_err("bad");
        assert_eq!(err.line, Some(2));
        let err = Coverage::read(Format::Lcov, "DA:1,1\n".as_bytes()).expect_err("bad");
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn tolerates_crlf_checksums_and_a_missing_end() {
        let cov = Coverage::read(Format::Lcov, "SF:b.c\r\nDA:4,2,abc\r\nDA:5,-1\r\n".as_bytes()).expect("parses");
        assert_eq!(cov.files["b.c"].lines.get(&4), Some(&2));
        assert_eq!(cov.files["b.c"].lines.get(&5), Some(&0));
    }
}
