//! `draft adr index`: the table of ADRs in `draft/adrs/README.md`.
//!
//! The table lives between `<!-- draft:adr-index begin -->` and
//! `<!-- draft:adr-index end -->`; only the bytes between those two lines
//! are ever replaced, so whatever the team writes around them stays exactly
//! as written. A README without markers gets the region appended at its
//! end; a missing README is created with the pinned frontmatter, a title
//! and the region. Markers out of order or unclosed stop the command with
//! the line, and nothing is written. The other ADR verbs call
//! [`refresh_if_marked`] so an index that exists stays current.

use super::{Collection, writable_dir};
use crate::error::{Error, Result};
use crate::manifest;
use crate::workspace::{self, Workspace};
use draft_model::text;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// Opens the generated region (a whole line).
pub const BEGIN: &str = "<!-- draft:adr-index begin -->";
/// Closes the generated region (a whole line).
pub const END: &str = "<!-- draft:adr-index end -->";
/// The index file's name inside the ADR directory.
pub const FILE: &str = "README.md";

/// What `adr index` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrIndexReport {
    /// The index file, relative to the project root.
    pub path: String,
    /// The file did not exist and was created.
    pub created: bool,
    /// The file's bytes changed.
    pub changed: bool,
    /// ADRs listed.
    pub adrs: usize,
}

/// Write (or create) the index of the project's ADRs.
pub fn index(ws: &Workspace) -> Result<AdrIndexReport> {
    let dir = writable_dir(ws)?;
    let _lock = ws.lock()?;
    write_index(ws, &dir, true)
}

/// Refresh the index when its file exists and holds the markers; the
/// caller holds the lock. Returns the file when it was written.
pub fn refresh_if_marked(ws: &Workspace, dir: &Path) -> Result<Option<String>> {
    let path = dir.join(FILE);
    let Ok(src) = std::fs::read_to_string(&path) else { return Ok(None) };
    if !matches!(region(&src), Ok(Some(_))) {
        return Ok(None);
    }
    let report = write_index(ws, dir, false)?;
    Ok(report.changed.then_some(report.path))
}

fn write_index(ws: &Workspace, dir: &Path, create: bool) -> Result<AdrIndexReport> {
    let path = dir.join(FILE);
    let coll = Collection::load(dir, &ws.root)?;
    let table = table(&coll);
    let rel = ws.rel(&path);
    let existing = if path.exists() { Some(workspace::read_text(&path)?) } else { None };
    let (text, created) = match &existing {
        Some(src) => {
            let eol = text::line_ending(src);
            let body = with_eol(&table, eol);
            let found = region(src).map_err(|(line, message)| Error::Malformed { file: rel.clone(), line, message })?;
            let text = match found {
                Some(r) => format!("{}{body}{}", &src[..r.start], &src[r.end..]),
                None => {
                    let lead = if src.is_empty() || src.ends_with(['\n', '\r']) { "" } else { eol };
                    format!("{src}{lead}{eol}{BEGIN}{eol}{body}{END}{eol}")
                }
            };
            (text, false)
        }
        None if create => (fresh(ws, &table), true),
        None => return Ok(AdrIndexReport { path: rel, created: false, changed: false, adrs: coll.entries.len() }),
    };
    let changed = existing.as_deref() != Some(text.as_str());
    if changed {
        ws.write(&path, text.as_bytes())?;
    }
    Ok(AdrIndexReport { path: rel, created, changed, adrs: coll.entries.len() })
}

/// A new README: frontmatter, a title, a line on who writes what, the region.
fn fresh(ws: &Workspace, table: &str) -> String {
    let project = manifest::project_name(&ws.root);
    let (block, _) = super::super::stamp(&ws.git(), &project, "draft:adr", None, ws.now());
    format!(
        "{}\n# Architecture Decision Records\n\nOne file per decision, numbered in the order they were made. `draft adr index` \
         writes the table between the markers; anything around them is yours.\n\n{BEGIN}\n{table}{END}\n",
        block.render()
    )
}

/// The table, `\n`-terminated lines.
fn table(coll: &Collection) -> String {
    if coll.entries.is_empty() {
        return "No ADRs yet: `draft adr new \"<title>\"` records the first.\n".to_owned();
    }
    let mut out = String::from("| ADR | Title | Status | Date |\n|---|---|---|---|\n");
    for e in &coll.entries {
        let name = e.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let status = e.doc.status.as_ref().map_or("", |s| s.text.as_str());
        let _ = writeln!(
            out,
            "| [{}]({}) | {} | {} | {} |",
            super::refs::adr_id(e.number),
            link_target(&name),
            cell(&e.doc.title),
            cell(status),
            cell(e.doc.date.as_deref().unwrap_or(""))
        );
    }
    out
}

/// A file name as a link target: in angle brackets when it holds spaces or brackets.
fn link_target(name: &str) -> String {
    if name.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", name.replace(['<', '>'], ""))
    } else {
        name.to_owned()
    }
}

/// A table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

fn with_eol(body: &str, eol: &str) -> String {
    body.lines().map(|l| format!("{l}{eol}")).collect()
}

/// The inside of the region: from past the begin line to the start of the
/// end line. `Err((line, why))` when the markers are unclosed or out of order.
fn region(src: &str) -> Result<Option<Range<usize>>, (usize, String)> {
    let mut open: Option<(usize, usize)> = None;
    let mut found = None;
    for line in text::lines(src) {
        let t = line.text.trim();
        if t == BEGIN {
            if open.is_some() || found.is_some() {
                return Err((line.number, format!("a second `{BEGIN}`; keep one index region")));
            }
            open = Some((line.end, line.number));
        } else if t == END {
            let Some((start, _)) = open.take() else {
                return Err((line.number, format!("`{END}` without a `{BEGIN}` above it")));
            };
            found = Some(start..line.start);
        }
    }
    match open {
        Some((_, n)) => Err((n, format!("`{BEGIN}` is never closed by `{END}`"))),
        None => Ok(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_is_found_and_bad_markers_are_refused() {
        let src = format!("# T\r\n{BEGIN}\r\nold\r\n{END}\r\nafter\r\n");
        let r = region(&src).expect("ok").expect("region");
        assert_eq!(&src[r], "old\r\n");
        assert!(region(&format!("{BEGIN}\n")).is_err());
        assert!(region(&format!("{END}\n{BEGIN}\n")).is_err());
        assert_eq!(region("# plain\n"), Ok(None));
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
