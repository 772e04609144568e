//! Cobertura XML (coverage.py's `coverage xml`, istanbul's cobertura
//! reporter, tarpaulin, gocov-xml), read as a pull stream.
//!
//! `<sources><source>` roots are handed to the sink first (file names are
//! relative to one of them). Each `<class filename=…>` is one record; its
//! `<lines><line number hits [branch condition-coverage="50% (1/2)"]>` give
//! the hits. The copies of those lines under `<methods>` are skipped, so a
//! line is not counted twice. Several classes of one file (Java inner
//! classes, istanbul per-file classes) are merged by the sink.

use crate::xml::{attr, error, num_attr};
use crate::{BranchLine, FileRecord, ParseError, Sink};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// Parse a Cobertura report.
pub fn parse<R: BufRead>(reader: R, sink: &mut dyn Sink) -> Result<(), ParseError> {
    let mut xml = Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut in_source = false;
    let mut source_text = String::new();
    let mut current: Option<FileRecord> = None;
    let mut methods_depth = 0usize;
    let mut saw_root = false;
    loop {
        let pos = xml.buffer_position();
        let event = xml.read_event_into(&mut buf).map_err(|e| error(xml.error_position(), &e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if !saw_root => {
                if e.name().as_ref() != "coverage" {
                    let name = e.name().as_ref().to_owned();
                    return Err(ParseError::at_offset(
                        pos,
                        format!("expected a <coverage> root element, found <{name}>"),
                    ));
                }
                saw_root = true;
            }
            Event::Start(e) => match e.name().as_ref() {
                "source" => {
                    in_source = true;
                    source_text.clear();
                }
                "class" => current = Some(start_class(&e, pos)?),
                "methods" => methods_depth += 1,
                "line" => line(&e, pos, methods_depth, current.as_mut())?,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "class" => sink.file(start_class(&e, pos)?),
                "line" => line(&e, pos, methods_depth, current.as_mut())?,
                _ => {}
            },
            Event::Text(t) if in_source => source_text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_source => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    source_text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                    source_text.push_str(s);
                }
            }
            Event::CData(t) if in_source => source_text.push_str(&t.xml10_content()),
            Event::End(e) => match e.name().as_ref() {
                "source" => {
                    in_source = false;
                    let s = source_text.trim();
                    if !s.is_empty() {
                        sources.push(s.to_owned());
                    }
                }
                "sources" => sink.sources(&sources),
                "methods" => methods_depth = methods_depth.saturating_sub(1),
                "class" => {
                    if let Some(record) = current.take() {
                        sink.file(record);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(ParseError::at_line(1, "no <coverage> element: not a Cobertura report"));
    }
    Ok(())
}

fn start_class(e: &BytesStart<'_>, pos: u64) -> Result<FileRecord, ParseError> {
    let path = attr(e, "filename", pos)?.ok_or_else(|| ParseError::at_offset(pos, "<class> without filename="))?;
    Ok(FileRecord { path, ..FileRecord::default() })
}

fn line(e: &BytesStart<'_>, pos: u64, methods_depth: usize, record: Option<&mut FileRecord>) -> Result<(), ParseError> {
    let Some(record) = record else { return Ok(()) };
    if methods_depth > 0 {
        return Ok(());
    }
    let number: u32 = num_attr(e, "number", pos)?;
    let hits_text = attr(e, "hits", pos)?.ok_or_else(|| ParseError::at_offset(pos, "<line> without hits="))?;
    // Some writers print very large counts as floats.
    let hits = match hits_text.trim().parse::<u64>() {
        Ok(h) => h,
        Err(_) => crate::number::<f64>(&hits_text, "<line> hits")
            .map(|f| if f > 0.0 { f.min(u64::MAX as f64) as u64 } else { 0 })
            .map_err(|m| ParseError::at_offset(pos, m))?,
    };
    record.lines.push((number, hits));
    if attr(e, "branch", pos)?.is_some_and(|b| b.eq_ignore_ascii_case("true"))
        && let Some(cc) = attr(e, "condition-coverage", pos)?
        && let Some((covered, total)) = condition_coverage(&cc)
    {
        record.branches.push(BranchLine { line: number, covered, total });
    }
    Ok(())
}

/// `50% (1/2)` → (1, 2).
fn condition_coverage(text: &str) -> Option<(u32, u32)> {
    let inner = text.split_once('(')?.1.split_once(')')?.0;
    let (a, b) = inner.split_once('/')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use crate::{Coverage, Format};

    const SAMPLE: &str = r#"<?xml version="1.0" ?>
<coverage version="7.6" line-rate="0.5">
  <sources><source>/work/app</source><source>src</source></sources>
  <packages><package name="pkg"><classes>
    <class name="a.py" filename="pkg/a.py">
      <methods><method name="f"><lines><line number="1" hits="1"/></lines></method></methods>
      <lines>
        <line number="1" hits="1"/>
        <line number="2" hits="0" branch="true" condition-coverage="50% (1/2)"/>
      </lines>
    </class>
    <class name="b" filename="b.py"/>
  </classes></package></packages>
</coverage>"#;

    #[test]
    fn reads_sources_classes_and_branches_once() {
        let cov = Coverage::read(Format::Cobertura, SAMPLE.as_bytes()).expect("parses");
        assert_eq!(cov.sources, ["/work/app", "src"]);
        let a = &cov.files["pkg/a.py"];
        assert_eq!(a.lines.iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(), [(1, 1), (2, 0)]);
        assert_eq!(a.branches[&2], (1, 2));
        assert!(cov.files["b.py"].lines.is_empty());
    }

    #[test]
    fn damage_is_an_error_with_a_place() {
        let err = Coverage::read(
            Format::Cobertura,
            "<coverage><class filename=\"a\"><lines><line number=\"x\" hits=\"1\"/>".as_bytes(),
        )
        .expect_err("bad number");
        assert!(err.offset.is_some() && err.message.contains("number"), "{err:?}");
        let err = Coverage::read(Format::Cobertura, "<coverage><class filename=\"a\"></klass>".as_bytes())
            .expect_err("bad xml");
        assert!(err.message.contains("XML"), "{err:?}");
        assert!(Coverage::read(Format::Cobertura, "<html/>".as_bytes()).is_err());
    }
}
