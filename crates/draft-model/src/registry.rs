//! The track registry, `draft/tracks.md` or `conductor/tracks.md`.
//!
//! Every spelling is read into one list of [`Entry`]s ([`EntryStyle`]):
//! Draft's sections (`## Active|Completed|Archived`, also `## Active Tracks`)
//! holding `### <id> - <title>` entries with `- **Key:** value` bullets
//! (several fields may share a line, separated by `·`); Conductor's
//! `- [ ] **Track: …**` lines with a `*Link: …*` after them — on the same
//! line, the next line, or wrapped onto the next line by a formatter; the
//! older `## [ ] Track: …` headings; bare `- [Title](./tracks/<id>/)` links;
//! and markdown tables (`| Status | Track ID | Title | Updated |`), one row
//! per track, in one table or one per section ([`TableBlock`]).
//!
//! Every field value (a table cell is a field named by its column) is kept
//! with its byte range so edits can replace a count or a status without
//! touching the notes people write after it. An entry's id is the last path
//! segment of its link (`./tracks/archive/foo/` → `foo`), else the id its
//! heading or id cell names; [`Entry::link`] records where the link points
//! ([`TrackLink::dir`]), so a loader finds tracks kept elsewhere, such as
//! `tracks/archive/<id>/`. Titles are stripped of markdown markup.

use crate::frontmatter::{self, FrontmatterBlock};
use crate::plan::Marker;
use crate::text::{self, OpaqueTracker};
use serde::Serialize;
use std::ops::Range;

mod link;
mod scan;
mod table;

pub use link::strip_markup;

/// Registry sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// `## Active`
    Active,
    /// `## Completed`
    Completed,
    /// `## Archived`
    Archived,
}

impl Section {
    /// The section's heading text, e.g. `Active`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Completed => "Completed",
            Self::Archived => "Archived",
        }
    }

    fn from_heading(text: &str) -> Option<Self> {
        let word = text.split_whitespace().next()?.to_ascii_lowercase();
        match word.as_str() {
            "active" => Some(Self::Active),
            "completed" => Some(Self::Completed),
            "archived" => Some(Self::Archived),
            _ => None,
        }
    }
}

/// A section heading with its extent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionBlock {
    /// Which section.
    pub section: Section,
    /// 1-based line of the heading.
    pub line: usize,
    /// Byte range of the heading line.
    pub heading_span: Range<usize>,
    /// Byte offset where the section's content ends.
    pub end: usize,
    /// Byte range of a `<!-- No … tracks -->` placeholder line, when present.
    pub placeholder: Option<Range<usize>>,
}

/// How an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStyle {
    /// `### <id> - <title>` with bullet fields.
    Draft,
    /// `- [ ] **Track: …**` followed by a link line.
    ConductorBullet,
    /// `## [ ] Track: …`
    ConductorHeading,
    /// `- [Title](./tracks/<id>/…)`
    Link,
    /// A row of a markdown table; its cells are the entry's fields and the
    /// marker is the one in its status cell.
    Table,
}

/// Where an entry's link (or Draft `**Path:**`) points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackLink {
    /// The target as written, e.g. `./tracks/archive/foo/`.
    pub target: String,
    /// Byte range of the target in the registry.
    pub span: Range<usize>,
}

/// A markdown table of tracks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableBlock {
    /// The section the table sits in.
    pub section: Option<Section>,
    /// 1-based line of the header row.
    pub line: usize,
    /// Byte range of the header and delimiter rows, terminators included.
    pub header_span: Range<usize>,
    /// Column names, stripped of markup.
    pub columns: Vec<String>,
    /// Byte offset just past the last row (the delimiter row when none).
    pub end: usize,
}

/// One `**Key:** value` field of a Draft entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The key without the bold markers and colon.
    pub key: String,
    /// The value, trimmed.
    pub value: String,
    /// Byte range of the trimmed value.
    pub value_span: Range<usize>,
    /// 1-based line.
    pub line: usize,
}

impl Field {
    /// The leading `done/total` of a count field, with each number's span.
    #[must_use]
    pub fn fraction(&self) -> Option<Fraction> {
        let v = &self.value;
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let a = digits(v);
        if a == 0 || !v[a..].starts_with('/') {
            return None;
        }
        let b = digits(&v[a + 1..]);
        if b == 0 {
            return None;
        }
        let base = self.value_span.start;
        Some(Fraction {
            done: v[..a].parse().ok()?,
            total: v[a + 1..a + 1 + b].parse().ok()?,
            done_span: base..base + a,
            total_span: base + a + 1..base + a + 1 + b,
        })
    }

    /// The `[m] Label` status value: marker, its byte offset and the label span.
    #[must_use]
    pub fn status(&self) -> Option<StatusValue> {
        let v = &self.value;
        let mut chars = v.char_indices();
        let marker = if v.starts_with('[') {
            let (_, c) = chars.nth(1)?;
            let (close, end) = chars.next()?;
            (end == ']').then_some((Marker::from_char(c), self.value_span.start + 1, close + 1))
        } else {
            None
        };
        let label_start = marker.map_or(0, |(_, _, after)| after);
        let label = v[label_start..].trim_start();
        let word_len = label.find(|c: char| !c.is_alphanumeric() && c != ' ' && c != '_').unwrap_or(label.len());
        // The label is the leading words before a date, dash or note.
        let words: String = label[..word_len]
            .split_whitespace()
            .take_while(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        Some(StatusValue { marker: marker.map(|m| m.0), marker_offset: marker.map(|m| m.1), label: words })
    }
}

/// A parsed `done/total` pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fraction {
    /// First number.
    pub done: usize,
    /// Second number.
    pub total: usize,
    /// Byte range of the first number.
    pub done_span: Range<usize>,
    /// Byte range of the second number.
    pub total_span: Range<usize>,
}

/// A parsed status value such as `[~] In Progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusValue {
    /// The bracketed marker, when present.
    pub marker: Option<Marker>,
    /// Byte offset of the marker character.
    pub marker_offset: Option<usize>,
    /// The leading words, e.g. `In Progress`.
    pub label: String,
}

/// One track in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Track id (the folder name), when it could be determined.
    pub id: Option<String>,
    /// Human title.
    pub title: String,
    /// Section the entry sits in (Draft style).
    pub section: Option<Section>,
    /// How the entry is written.
    pub style: EntryStyle,
    /// Marker on the entry line itself (Conductor styles, a table's status cell).
    pub marker: Option<Marker>,
    /// Byte offset of that marker.
    pub marker_offset: Option<usize>,
    /// 1-based line of the entry's first line.
    pub line: usize,
    /// Byte range of the whole entry, from its first line to before the next.
    pub span: Range<usize>,
    /// `**Key:** value` fields, or a table row's cells keyed by column.
    pub fields: Vec<Field>,
    /// The link to the track folder, when the entry has one.
    pub link: Option<TrackLink>,
}

impl Entry {
    /// The first field with this key (case-insensitive).
    #[must_use]
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.eq_ignore_ascii_case(key))
    }
}

/// A parsed registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    source: String,
    /// The frontmatter block, when present.
    pub frontmatter: Option<FrontmatterBlock>,
    /// Draft sections in document order.
    pub sections: Vec<SectionBlock>,
    /// Entries in document order.
    pub entries: Vec<Entry>,
    /// Tables of tracks in document order.
    pub tables: Vec<TableBlock>,
    /// Where a fence or comment opened that is never closed.
    unclosed: Option<usize>,
    /// Set by [`Registry::parse_focused`]: only entries mentioning it are kept.
    focus: Option<String>,
    /// The sections of the entries a focused parse did not keep.
    left_out: Vec<Section>,
}

impl Registry {
    /// Parse a registry. Never fails; unrecognised text stays opaque.
    #[must_use]
    pub fn parse(source: String) -> Self {
        Self::scan(source, None)
    }

    /// Parse a registry for a command that works on one track: sections
    /// and tables are found as by [`Registry::parse`], but only the entries
    /// whose id contains `focus` (or whose id is not known) are kept, each
    /// exactly as the full parse reads it; of the others only their sections
    /// are remembered ([`Registry::has_entries_besides`]), their field lines
    /// are passed over unread, and a run of Draft entries whose headings do
    /// not mention `focus` is passed over a heading at a time. A 10,000-track
    /// registry is mostly other tracks' entries, so this is what keeps a
    /// single-track write from paying for the whole file.
    #[must_use]
    pub fn parse_focused(source: String, focus: &str) -> Self {
        Self::scan(source, (!focus.is_empty()).then_some(focus))
    }

    fn scan(source: String, focus: Option<&str>) -> Self {
        let frontmatter = frontmatter::locate(&source);
        let (body_start, first_line) = frontmatter::body_start(&source, frontmatter.as_ref());
        // Room for every entry up front: at thousands of tracks, growing the
        // list by doubling copies it several times over. Entries take a
        // few lines each, so a quarter of the line count is plenty. A
        // focused parse keeps a handful.
        let expected = match focus {
            Some(_) => 4,
            None => memchr::memchr_iter(b'\n', source.as_bytes()).count() / 4 + 1,
        };
        let mut p = scan::RegistryScanner::new(&source, focus, expected);
        let mut tracker = OpaqueTracker::default();
        let mut opened = None;
        let (mut pos, mut number) = (body_start, first_line);
        loop {
            if !tracker.is_open() {
                // Whole entries of other tracks, passed over a heading at a time.
                let (end, count) = p.pass_over_entries(&source, pos);
                pos = end;
                number += count;
            }
            let Some(line) = text::lines_from(&source, pos, number).next() else { break };
            pos = line.end;
            number += 1;
            if !tracker.is_open() && p.skips(&line) {
                // The lines after a skipped field line are most likely more
                // of the same: pass over them without building each line.
                let (end, count) = scan::field_run(&source, pos);
                if count > 0 {
                    p.extend_last_to(end);
                    pos = end;
                    number += count;
                }
                continue;
            }
            // A placeholder is a one-line comment of its own, not a line
            // inside a fence or the last line of a longer comment.
            let inside = tracker.is_open();
            let opaque = tracker.is_opaque(line.text);
            if !inside && tracker.is_open() {
                opened = Some(line.number);
            }
            p.line(&line, opaque, inside);
        }
        let unclosed = opened.filter(|_| tracker.is_open());
        let (sections, entries, tables, left_out) = p.finish(source.len());
        let focus = focus.map(str::to_owned);
        Self { frontmatter, sections, entries, tables, unclosed, focus, left_out, source }
    }

    /// The exact text this registry was parsed from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Give back the text (unchanged unless edited).
    #[must_use]
    pub fn into_source(self) -> String {
        self.source
    }

    /// The entry for a track id.
    #[must_use]
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        debug_assert!(
            self.focus.as_deref().is_none_or(|f| id.contains(f)),
            "entry({id:?}) asked of a registry focused on {:?}",
            self.focus
        );
        self.entries.iter().find(|e| e.id.as_deref() == Some(id))
    }

    /// Whether `section` holds an entry other than the one for `id`
    /// (also one a focused parse did not keep).
    #[must_use]
    pub fn has_entries_besides(&self, section: Section, id: &str) -> bool {
        self.left_out.contains(&section)
            || self.entries.iter().any(|e| e.section == Some(section) && e.id.as_deref() != Some(id))
    }

    /// The text a focused parse was limited to ([`Registry::parse_focused`]).
    #[must_use]
    pub fn focus(&self) -> Option<&str> {
        self.focus.as_deref()
    }

    /// The 1-based line of a code fence or HTML comment that is never
    /// closed, so everything after it (entries added at the end included)
    /// is hidden from every reader.
    #[must_use]
    pub fn unclosed_block(&self) -> Option<usize> {
        self.unclosed
    }

    /// The block of a section.
    #[must_use]
    pub fn section(&self, section: Section) -> Option<&SectionBlock> {
        self.sections.iter().find(|s| s.section == section)
    }

    /// The table a [`EntryStyle::Table`] entry is a row of.
    #[must_use]
    pub fn table_of(&self, entry: &Entry) -> Option<&TableBlock> {
        self.tables.iter().find(|t| t.header_span.end <= entry.span.start && entry.span.end <= t.end)
    }

    /// The heading text for a new section: its name, followed by the words
    /// the registry's other section headings carry (`Completed Tracks` next
    /// to `## Active Tracks`).
    fn section_title(&self, section: Section) -> String {
        let suffix = self.sections.first().and_then(|s| {
            let line = self.source[s.heading_span.clone()].trim_end_matches(['\r', '\n']);
            let text = text::heading(line)?.text;
            text.split_once(char::is_whitespace).map(|(_, rest)| rest.trim().to_owned())
        });
        match suffix {
            Some(rest) if !rest.is_empty() => format!("{} {rest}", section.name()),
            _ => section.name().to_owned(),
        }
    }
}

/// Render a Draft-style entry (FORMATS.md §2), ending with a newline.
#[must_use]
pub fn draft_entry(
    id: &str,
    title: &str,
    status: &str,
    created: &str,
    phases: (usize, usize),
    tasks: (usize, usize),
) -> String {
    format!(
        "### {id} - {title}\n- **Status:** {status}\n- **Created:** {created}\n- **Phases:** {}/{}\n- **Tasks:** {}/{}\n- **Path:** `./tracks/{id}/`\n",
        phases.0, phases.1, tasks.0, tasks.1
    )
}

/// The registry text with `entry` added at the end of `section`: in place of
/// the section's `<!-- No … -->` placeholder when there is one, else after its
/// last entry with one blank line between. A missing section is created.
/// The inserted lines follow the registry's line ending ([`text::line_ending`]),
/// so a CRLF file never gains bare LF lines.
#[must_use]
pub fn insert_entry(registry: &Registry, section: Section, entry: &str) -> String {
    let src = registry.source();
    let nl = text::line_ending(src);
    let entry = entry.replace("\r\n", "\n").replace('\n', nl);
    let blank = format!("{nl}{nl}");
    let mut out = String::with_capacity(src.len() + entry.len() + 32);
    if let Some(block) = registry.section(section) {
        if let Some(placeholder) = &block.placeholder {
            let blank_before = src[..placeholder.start].ends_with(&blank);
            out.push_str(&src[..placeholder.start]);
            if !blank_before {
                out.push_str(nl);
            }
            out.push_str(&entry);
            out.push_str(&src[placeholder.end..]);
            return out;
        }
        // After the section's last non-blank line.
        let content = &src[block.heading_span.end..block.end];
        let at = block.heading_span.end + content.trim_end().len();
        let at =
            if at == block.heading_span.end { at } else { text::lines_from(src, at, 1).next().map_or(at, |l| l.end) };
        out.push_str(&src[..at]);
        if !out.ends_with(['\n', '\r']) {
            out.push_str(nl);
        }
        out.push_str(nl);
        out.push_str(&entry);
        out.push_str(&src[at..]);
        return out;
    }
    let heading = format!("## {}", registry.section_title(section));
    // Sections keep their order: Active before the others, the rest at the end.
    let before =
        if section == Section::Active { registry.sections.first().map(|s| s.heading_span.start) } else { None };
    match before {
        Some(at) => {
            out.push_str(&src[..at]);
            out.push_str(&heading);
            out.push_str(&blank);
            out.push_str(&entry);
            out.push_str(nl);
            out.push_str(&src[at..]);
        }
        None => {
            out.push_str(src);
            if !out.is_empty() && !out.ends_with(['\n', '\r']) {
                out.push_str(nl);
            }
            if !out.is_empty() {
                out.push_str(nl);
            }
            out.push_str(&heading);
            out.push_str(&blank);
            out.push_str(&entry);
        }
    }
    out
}

pub mod edit;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod regressions;
