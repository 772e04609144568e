//! JaCoCo XML reports, read as a pull stream.
//!
//! `<package name="com/example">` holds `<sourcefile name="Foo.java">`, whose
//! `<line nr mi ci mb cb/>` elements give, per line, missed and covered
//! instructions and branches. A line is executable when it has instructions
//! and covered when one of them ran; its "hits" are the covered instruction
//! count (JaCoCo counts no executions). The record's path is
//! `package/sourcefile` (`com/example/Foo.java`); [`crate::paths`] finds it
//! under the source roots (`src/main/java/…`) by suffix.

use crate::xml::{attr, error, num_attr};
use crate::{BranchLine, FileRecord, ParseError, Sink};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// Parse a JaCoCo XML report.
pub fn parse<R: BufRead>(reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    let mut xml = Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut package = String::new();
    let mut current: Option<FileRecord> = None;
    let mut saw_root = false;
    loop {
        let pos = xml.buffer_position();
        let event = xml.read_event_into(&mut buf).map_err(|e| error(xml.error_position(), &e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if !saw_root => {
                if e.name().as_ref() != "report" {
                    let name = e.name().as_ref().to_owned();
                    return Err(ParseError::at_offset(
                        pos,
                        format!("expected a <report> root element, found <{name}>"),
                    ));
                }
                saw_root = true;
            }
            Event::Start(e) => match e.name().as_ref() {
                "package" => package = attr(&e, "name", pos)?.unwrap_or_default(),
                "sourcefile" => current = Some(source_file(&e, &package, pos)?),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "sourcefile" => sink.file(source_file(&e, &package, pos)?),
                "line" => {
                    if let Some(record) = current.as_mut() {
                        line(&e, pos, record)?;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "sourcefile" => {
                    if let Some(record) = current.take() {
                        sink.file(record);
                    }
                }
                "package" => package.clear(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(ParseError::at_line(1, "no <report> element: not a JaCoCo report"));
    }
    Ok(())
}

fn source_file(e: &BytesStart<'_>, package: &str, pos: u64) -> Result<FileRecord, ParseError> {
    let name = attr(e, "name", pos)?.ok_or_else(|| ParseError::at_offset(pos, "<sourcefile> without name="))?;
    let path = if package.is_empty() { name } else { format!("{}/{name}", package.trim_end_matches('/')) };
    Ok(FileRecord { path, ..FileRecord::default() })
}

fn line(e: &BytesStart<'_>, pos: u64, record: &mut FileRecord) -> Result<(), ParseError> {
    let nr: u32 = num_attr(e, "nr", pos)?;
    let mi: u64 = num_attr(e, "mi", pos)?;
    let ci: u64 = num_attr(e, "ci", pos)?;
    let mb: u32 = attr(e, "mb", pos)?.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let cb: u32 = attr(e, "cb", pos)?.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    if mi + ci > 0 {
        record.lines.push((nr, ci));
    }
    if mb + cb > 0 {
        record.branches.push(BranchLine { line: nr, covered: cb, total: mb + cb });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    #[test]
    fn reads_source_files_under_their_package() {
        let src = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="demo"><sessioninfo id="x" start="1" dump="2"/><package name="com/example"><class name="com/example/Foo" sourcefilename="Foo.java"><method name="f" desc="()V" line="3"><counter type="LINE" missed="0" covered="1"/></method></class><sourcefile name="Foo.java"><line nr="3" mi="0" ci="4" mb="1" cb="1"/><line nr="5" mi="2" ci="0" mb="0" cb="0"/><counter type="LINE" missed="1" covered="1"/></sourcefile></package></report>"#;
        let cov = Coverage::read(Format::Jacoco, src.as_bytes()).expect("parses");
        let f = &cov.files["com/example/Foo.java"];
        assert_eq!(f.lines.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(), [(3, 4), (5, 0)]);
        assert_eq!(f.branches[&3], (1, 2));
    }

    #[test]
    fn damage_is_an_error() {
        let err = Coverage::read(
            Format::Jacoco,
            "<report><package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"x\" ci=\"0\"/>".as_bytes(),
        )
        .expect_err("bad");
        assert!(err.message.contains("mi"), "{err:?}");
    }
}
