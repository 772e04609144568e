//! Registries written as markdown tables:
//!
//! ```text
//! | Status | Track ID | Title | Updated |
//! |--------|----------|-------|---------|
//! | [x] | [auth_20250101](./tracks/auth_20250101/) | Auth | 2025-01-05 |
//! ```
//!
//! A table is a track table when a column is named like `ID`, `Track`,
//! `Link` or `Path`. Each row is an [`EntryStyle::Table`] entry: its cells are fields
//! named by their column (so `Tasks`/`Phases` cells holding `3/5` can be
//! updated with [`super::edit::set_fraction`]), its marker is the `[x]` that
//! opens the status cell (or the first cell opening with one), its id the
//! last segment of a track link in any cell, else the id cell's text, and its
//! title the title cell without markup.
//!
//! Moving a row to another section ([`move_row`]) takes the row's exact
//! bytes; it is appended to the target section's table, or a table with the
//! source table's header and delimiter rows is created there.

use super::link::{self, strip_markup};
use super::{Entry, EntryStyle, Field, Registry, Section};
use crate::plan::Marker;
use crate::text::{self, Line};
use std::ops::Range;

/// A table's columns and the roles found for them.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) columns: Vec<String>,
    status: Option<usize>,
    id: Option<usize>,
    title: Option<usize>,
}

/// Byte ranges of a row's cells in `text`, trimmed: the text between
/// unescaped pipes, without the empty edges outside the outer pipes.
fn cells(text: &str) -> Vec<Range<usize>> {
    let mut bounds = Vec::new();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            bounds.push(i);
        }
    }
    let mut out = Vec::new();
    let lead = text.len() - text.trim_start().len();
    let mut from = lead;
    if bounds.first() == Some(&lead) {
        from = lead + 1;
        bounds.remove(0);
    }
    let trailing_blank = bounds.last().is_some_and(|&last| text[last + 1..].trim().is_empty());
    let mut push = |a: usize, b: usize| {
        let cell = &text[a..b];
        let start = a + (cell.len() - cell.trim_start().len());
        out.push(start..start + cell.trim().len());
    };
    for &bound in &bounds {
        push(from, bound);
        from = bound + 1;
    }
    if !trailing_blank {
        push(from, text.len());
    }
    out
}

fn is_delimiter(text: &str) -> bool {
    let cells = cells(text);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let cell = text[c.clone()].trim_start_matches(':').trim_end_matches(':');
            !cell.is_empty() && cell.bytes().all(|b| b == b'-')
        })
}

/// The header of a track table: `header_text` followed by the delimiter row `next`.
pub(super) fn header(header_text: &str, next: &str) -> Option<Header> {
    if !is_delimiter(next) {
        return None;
    }
    let columns: Vec<String> = cells(header_text).into_iter().map(|r| strip_markup(&header_text[r])).collect();
    let lower: Vec<String> = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
    let find = |pred: &dyn Fn(&str) -> bool| lower.iter().position(|c| pred(c));
    let status = find(&|c| c.contains("status") || c == "state");
    let id = find(&|c| c == "id" || c.ends_with(" id") || c.ends_with("_id") || c == "track" || c == "folder");
    let title = find(&|c| matches!(c, "title" | "description" | "name" | "summary" | "track name" | "track title"));
    let names_tracks = lower.iter().any(|c| c.contains("track") || c == "link" || c == "path");
    (id.is_some() || names_tracks).then_some(Header { columns, status, id, title })
}

/// The marker of a `[c]` at the start of a cell.
fn cell_marker(cell: &str) -> Option<Marker> {
    let mut chars = cell.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('['), Some(c), Some(']')) => Some(Marker::from_char(c)),
        _ => None,
    }
}

/// The entry a table row describes; `None` for a row naming no track.
pub(super) fn row(header: &Header, line: &Line<'_>, section: Option<Section>) -> Option<Entry> {
    let ranges = cells(line.text);
    let cell = |i: Option<usize>| i.and_then(|i| ranges.get(i)).map(|r| &line.text[r.clone()]);
    let marker_cell = header
        .status
        .filter(|&i| cell(Some(i)).and_then(cell_marker).is_some())
        .or_else(|| ranges.iter().position(|r| cell_marker(&line.text[r.clone()]).is_some()));
    let marker = cell(marker_cell).and_then(cell_marker);
    let marker_offset = marker_cell.and_then(|i| ranges.get(i)).map(|r| line.start + r.start + 1);
    let link = ranges.iter().find_map(|r| link::track_link(&line.text[r.clone()], line.start + r.start));
    let id = link
        .as_ref()
        .and_then(|l| l.id())
        .map(str::to_owned)
        .or_else(|| cell(header.id).map(strip_markup).filter(|s| !s.is_empty()));
    if id.is_none() && marker.is_none() {
        return None;
    }
    let fields = ranges
        .iter()
        .zip(&header.columns)
        .map(|(r, key)| Field {
            key: key.clone(),
            value: line.text[r.clone()].to_owned(),
            value_span: line.start + r.start..line.start + r.end,
            line: line.number,
        })
        .collect();
    Some(Entry {
        id,
        title: cell(header.title).map(strip_markup).unwrap_or_default(),
        section,
        style: EntryStyle::Table,
        marker,
        marker_offset,
        line: line.number,
        span: line.start..line.end,
        fields,
        link,
    })
}

/// The registry text with a table row moved to the end of `to`'s table.
pub(super) fn move_row(registry: &Registry, entry: &Entry, to: Section) -> Option<String> {
    let src = registry.source();
    let nl = text::line_ending(src);
    let table = registry.table_of(entry)?;
    let header: String = text::lines_from(src, table.header_span.start, 1)
        .take_while(|l| l.start < table.header_span.end)
        .map(|l| format!("{}{nl}", l.text))
        .collect();
    let row = text::lines_from(src, entry.span.start, 1).next().map(|l| format!("{}{nl}", l.text))?;
    // Remove the row; a last row without terminator takes the break before it.
    let mut cut = entry.span.clone();
    if !src[cut.clone()].ends_with(['\n', '\r']) {
        let before = &src[..cut.start];
        cut.start -= if before.ends_with("\r\n") { 2 } else { usize::from(before.ends_with(['\n', '\r'])) };
    }
    let mut removed = String::with_capacity(src.len());
    removed.push_str(&src[..cut.start]);
    removed.push_str(&src[cut.end..]);
    let without = Registry::parse(removed);
    Some(insert_row(&without, to, &header, &row))
}

/// Append `row` to the table of `section`, or create the table (with
/// `header`) the way [`super::insert_entry`] adds an entry.
fn insert_row(registry: &Registry, section: Section, header: &str, row: &str) -> String {
    let src = registry.source();
    match registry.tables.iter().find(|t| t.section == Some(section)) {
        Some(table) => {
            let mut out = String::with_capacity(src.len() + row.len() + 2);
            out.push_str(&src[..table.end]);
            if !out.ends_with(['\n', '\r']) {
                out.push_str(text::line_ending(src));
            }
            out.push_str(row);
            out.push_str(&src[table.end..]);
            out
        }
        None => super::insert_entry(registry, section, &format!("{header}{row}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_split_on_unescaped_pipes() {
        let t = "| a | b \\| c |  |";
        let got: Vec<_> = cells(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, ["a", "b \\| c", ""]);
        let t = "a | b";
        assert_eq!(cells(t).into_iter().map(|r| &t[r]).collect::<Vec<_>>(), ["a", "b"]);
        assert!(is_delimiter("|---|:---:|--|") && !is_delimiter("| a |") && !is_delimiter("||"));
    }

    #[test]
    fn headers_need_a_track_column() {
        assert!(header("| Status | Track ID | Title |", "|---|---|---|").is_some());
        assert!(header("| Marker | Meaning |", "|---|---|").is_none());
        assert!(header("| Status | Owner |", "|---|---|").is_none());
        assert!(header("| Status | Track ID |", "| [x] | a |").is_none());
    }
}
