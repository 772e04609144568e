//! The generated region of an index document, and the hand-written blocks
//! that survive its regeneration.
//!
//! `draft index` owns only the lines between `<!-- draft:index begin -->` and
//! `<!-- draft:index end -->`; every byte outside them (frontmatter aside,
//! which is restamped value by value) stays as it was. Inside the region,
//! `<!-- MANUAL START -->` … `<!-- MANUAL END -->` blocks are people's:
//! each is carried into the new region byte for byte, at the end of the
//! section (the generated `##` heading) it sat under, or at the end of the
//! region when that heading is gone. Markers are whole lines. A region or
//! block that is never closed, a second region, or a block crossing the
//! region's edge is an error naming the line: the file is left alone rather
//! than guessed at.

use crate::error::{Error, Result};
use draft_model::text;
use std::ops::Range;

/// Opens the generated region (a whole line).
pub const BEGIN: &str = "<!-- draft:index begin -->";
/// Closes the generated region (a whole line).
pub const END: &str = "<!-- draft:index end -->";
/// Opens a hand-written block (a whole line).
pub const MANUAL_START: &str = "<!-- MANUAL START -->";
/// Closes a hand-written block (a whole line).
pub const MANUAL_END: &str = "<!-- MANUAL END -->";

/// A hand-written block inside the region.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Manual {
    /// The generated heading line above it, if any.
    anchor: Option<String>,
    /// From the start of its START line to the end of its END line.
    bytes: Range<usize>,
}

/// Where the region and its blocks are.
#[derive(Debug, Default)]
struct Layout {
    /// The region's inside: past the begin line, up to the end line.
    region: Option<Range<usize>>,
    manuals: Vec<Manual>,
}

fn malformed(file: &str, line: usize, message: &str) -> Error {
    Error::Malformed { file: file.to_owned(), line, message: message.to_owned() }
}

/// Find the region and the blocks inside it.
fn scan(src: &str, file: &str) -> Result<Layout> {
    let mut layout = Layout::default();
    let mut open_region: Option<usize> = None;
    let mut open_manual: Option<(usize, usize, bool)> = None; // (start byte, line, inside region)
    let mut anchor: Option<String> = None;
    for line in text::lines(src) {
        let t = line.text.trim();
        match t {
            BEGIN | END if open_manual.is_some() => {
                return Err(malformed(file, line.number, "a MANUAL block cannot cross the draft:index markers"));
            }
            BEGIN if open_region.is_some() || layout.region.is_some() => {
                return Err(malformed(file, line.number, "a second `<!-- draft:index begin -->`"));
            }
            BEGIN => open_region = Some(line.end),
            END => {
                let Some(start) = open_region.take() else {
                    return Err(malformed(file, line.number, "`<!-- draft:index end -->` without a begin marker"));
                };
                layout.region = Some(start..line.start);
            }
            MANUAL_START if open_manual.is_some() => {
                return Err(malformed(file, line.number, "a MANUAL block opened inside another"));
            }
            MANUAL_START => open_manual = Some((line.start, line.number, open_region.is_some())),
            MANUAL_END => {
                let Some((start, _, inside)) = open_manual.take() else {
                    return Err(malformed(file, line.number, "`<!-- MANUAL END -->` without a MANUAL START"));
                };
                if inside {
                    layout.manuals.push(Manual { anchor: anchor.clone(), bytes: start..line.end });
                }
            }
            _ if open_region.is_some() && open_manual.is_none() && text::heading(line.text).is_some() => {
                anchor = Some(line.text.trim_end().to_owned());
            }
            _ => {}
        }
    }
    if let Some((_, number, _)) = open_manual {
        return Err(malformed(file, number, "`<!-- MANUAL START -->` is never closed"));
    }
    if let Some(start) = open_region {
        return Err(malformed(
            file,
            text::line_of_offset(src, start.saturating_sub(1)),
            "the draft:index region is never closed",
        ));
    }
    Ok(layout)
}

/// `body` (written with `\n`) in the line ending `eol`.
fn with_eol(body: &str, eol: &str) -> String {
    if eol == "\n" { body.to_owned() } else { body.replace('\n', eol) }
}

/// The new region: `body` with the old region's blocks placed back in.
fn place_blocks(src: &str, body: &str, manuals: &[Manual], eol: &str) -> String {
    if manuals.is_empty() {
        return body.to_owned();
    }
    // Section ends in the new body: (heading line, byte offset where the next heading starts).
    let lines: Vec<text::Line<'_>> = text::lines(body).collect();
    let mut sections: Vec<(String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if text::heading(line.text).is_some() {
            let end = lines[i + 1..].iter().find(|l| text::heading(l.text).is_some()).map_or(body.len(), |l| l.start);
            sections.push((line.text.trim_end().to_owned(), end));
        }
    }
    let first_heading = lines.iter().find(|l| text::heading(l.text).is_some()).map_or(body.len(), |l| l.start);
    // Insertion point per block; blocks sharing a point keep their order.
    let mut inserts: Vec<(usize, usize)> = manuals
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let at = match &m.anchor {
                None => first_heading,
                Some(h) => sections.iter().find(|(s, _)| s == h).map_or(body.len(), |(_, end)| *end),
            };
            (at, i)
        })
        .collect();
    inserts.sort();
    let mut out = String::with_capacity(body.len() + 256);
    let mut pos = 0;
    let mut i = 0;
    while i < inserts.len() {
        let at = inserts[i].0;
        out.push_str(&body[pos..at]);
        while i < inserts.len() && inserts[i].0 == at {
            let block = &src[manuals[inserts[i].1].bytes.clone()];
            out.push_str(block);
            if !block.ends_with(['\n', '\r']) {
                out.push_str(eol);
            }
            i += 1;
        }
        out.push_str(eol);
        pos = at;
    }
    out.push_str(&body[pos..]);
    out
}

/// `src` with its region's content replaced by `body` (hand-written blocks
/// kept); a document without a region gets one appended. `file` names the
/// document in errors.
pub fn regenerate(src: &str, body: &str, file: &str) -> Result<String> {
    let layout = scan(src, file)?;
    let eol = text::line_ending(src);
    let body = with_eol(body, eol);
    let Some(range) = layout.region else {
        let mut out = src.to_owned();
        if !out.is_empty() && !out.ends_with(['\n', '\r']) {
            out.push_str(eol);
        }
        if !out.is_empty() {
            out.push_str(eol);
        }
        out.push_str(&format!("{BEGIN}{eol}{body}{END}{eol}"));
        return Ok(out);
    };
    let inside = place_blocks(src, &body, &layout.manuals, eol);
    Ok(format!("{}{inside}{}", &src[..range.start], &src[range.end..]))
}

/// A new document: `header` (frontmatter and title, `\n` line endings),
/// the region holding `body`, and an empty hand-written block below it.
#[must_use]
pub fn fresh(header: &str, body: &str) -> String {
    format!(
        "{header}{BEGIN}\n{body}{END}\n\n{MANUAL_START}\n<!-- Notes here are kept when `draft index` regenerates this file. -->\n{MANUAL_END}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "2 services\n\n## One\n\n| a |\n\n## Two\n\nlast\n";

    #[test]
    fn blocks_inside_keep_their_bytes_and_section_outside_is_untouched() {
        let src = "intro  \r\nstays\r\n<!-- draft:index begin -->\r\nold\r\n## One\r\nold table\r\n<!-- MANUAL START -->\r\nmine *exactly*  \r\n<!-- MANUAL END -->\r\n## Gone\r\n<!-- MANUAL START -->\r\norphan\r\n<!-- MANUAL END -->\r\n<!-- draft:index end -->\r\ntail <!-- MANUAL START --> not a marker line\r\n";
        let out = regenerate(src, BODY, "x.md").expect("ok");
        assert!(out.starts_with("intro  \r\nstays\r\n<!-- draft:index begin -->\r\n2 services\r\n"), "{out:?}");
        assert!(
            out.contains("| a |\r\n\r\n<!-- MANUAL START -->\r\nmine *exactly*  \r\n<!-- MANUAL END -->\r\n\r\n## Two"),
            "{out:?}"
        );
        assert!(
            out.ends_with("last\r\n<!-- MANUAL START -->\r\norphan\r\n<!-- MANUAL END -->\r\n\r\n<!-- draft:index end -->\r\ntail <!-- MANUAL START --> not a marker line\r\n"),
            "{out:?}"
        );
        assert_eq!(regenerate(&out, BODY, "x.md").expect("ok"), out, "a second run changes nothing");
    }

    #[test]
    fn a_document_without_a_region_gets_one_at_the_end() {
        let out = regenerate("# Mine\nprose", "gen\n", "x.md").expect("ok");
        assert_eq!(out, "# Mine\nprose\n\n<!-- draft:index begin -->\ngen\n<!-- draft:index end -->\n");
        assert_eq!(regenerate(&out, "gen\n", "x.md").expect("ok"), out);
    }

    #[test]
    fn broken_markers_are_errors_with_lines() {
        let cases = [
            ("<!-- draft:index begin -->\nx\n", 1),
            ("<!-- draft:index end -->\n", 1),
            ("<!-- draft:index begin -->\n<!-- draft:index end -->\n<!-- draft:index begin -->\n", 3),
            ("<!-- draft:index begin -->\n<!-- MANUAL START -->\n<!-- draft:index end -->\n", 3),
            ("<!-- MANUAL START -->\n<!-- MANUAL START -->\n", 2),
            ("a\n<!-- MANUAL END -->\n", 2),
            ("<!-- MANUAL START -->\n", 1),
        ];
        for (src, want) in cases {
            match regenerate(src, "b\n", "d.md") {
                Err(Error::Malformed { line, file, .. }) => {
                    assert_eq!((line, file.as_str()), (want, "d.md"), "{src:?}")
                }
                other => panic!("{src:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_fresh_document_regenerates_to_itself() {
        let doc = fresh("---\nx: 1\n---\n\n# T\n\n", BODY);
        assert_eq!(regenerate(&doc, BODY, "t.md").expect("ok"), doc);
    }
}
