//! The track registry, `draft/tracks.md` or `conductor/tracks.md`.
//!
//! Three spellings are read into one list of entries: Draft's sections
//! (`## Active|Completed|Archived`) holding `### <id> - <title>` entries with
//! `- **Key:** value` bullets (several fields may share a line, separated by
//! `·`), Conductor's `- [ ] **Track: …**` lines with a `*Link: …*` below, and
//! the older `## [ ] Track: …` headings or bare `- [Title](./tracks/<id>/)`
//! links. Every field value is kept with its byte range so edits can replace
//! a count or a status without touching the notes people write after it.

use crate::frontmatter::{self, FrontmatterBlock};
use crate::plan::Marker;
use crate::text::{self, Line, OpaqueTracker};
use serde::Serialize;
use std::ops::Range;

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
    /// Marker on the entry line itself (Conductor styles).
    pub marker: Option<Marker>,
    /// Byte offset of that marker.
    pub marker_offset: Option<usize>,
    /// 1-based line of the entry's first line.
    pub line: usize,
    /// Byte range of the whole entry, from its first line to before the next.
    pub span: Range<usize>,
    /// `**Key:** value` fields.
    pub fields: Vec<Field>,
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
}

impl Registry {
    /// Parse a registry. Never fails; unrecognised text stays opaque.
    #[must_use]
    pub fn parse(source: String) -> Self {
        let frontmatter = frontmatter::locate(&source);
        let (body_start, first_line) = frontmatter::body_start(&source, frontmatter.as_ref());
        let mut p = RegistryScanner::default();
        let mut tracker = OpaqueTracker::default();
        for line in text::lines_from(&source, body_start, first_line) {
            // A placeholder is a one-line comment of its own, not a line
            // inside a fence or the last line of a longer comment.
            let inside = tracker.is_open();
            let opaque = tracker.is_opaque(line.text);
            p.line(&line, opaque, inside);
        }
        p.finish(source.len());
        Self { frontmatter, sections: p.sections, entries: p.entries, source }
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
        self.entries.iter().find(|e| e.id.as_deref() == Some(id))
    }

    /// The 1-based line of a code fence or HTML comment that is never
    /// closed, so everything after it (entries added at the end included)
    /// is hidden from every reader.
    #[must_use]
    pub fn unclosed_block(&self) -> Option<usize> {
        let mut tracker = OpaqueTracker::default();
        let mut opened = None;
        let (start, first_line) = frontmatter::body_start(&self.source, self.frontmatter.as_ref());
        for line in text::lines_from(&self.source, start, first_line) {
            let was_open = tracker.is_open();
            tracker.is_opaque(line.text);
            if !was_open && tracker.is_open() {
                opened = Some(line.number);
            }
        }
        opened.filter(|_| tracker.is_open())
    }

    /// The block of a section.
    #[must_use]
    pub fn section(&self, section: Section) -> Option<&SectionBlock> {
        self.sections.iter().find(|s| s.section == section)
    }
}

#[derive(Default)]
struct RegistryScanner {
    sections: Vec<SectionBlock>,
    entries: Vec<Entry>,
    current_section: Option<Section>,
    /// Entry still collecting lines.
    open: bool,
}

impl RegistryScanner {
    fn close_entry(&mut self) {
        self.open = false;
    }

    fn close_section(&mut self, at: usize) {
        if let Some(s) = self.sections.last_mut()
            && s.end == usize::MAX
        {
            s.end = at;
        }
    }

    fn line(&mut self, line: &Line<'_>, opaque: bool, inside_block: bool) {
        if opaque {
            let t = line.text.trim();
            if let Some(s) = self.sections.last_mut()
                && s.end == usize::MAX
                && !inside_block
                && t.starts_with("<!--")
                && t.ends_with("-->")
                && t.to_ascii_lowercase().contains("no ")
                && !self.entries.iter().any(|e| e.span.start > s.heading_span.start)
            {
                s.placeholder = Some(line.start..line.end);
            }
            self.extend(line);
            return;
        }
        if let Some(h) = text::heading(line.text) {
            self.close_entry();
            if h.level <= 2 {
                self.close_section(line.start);
                self.current_section = None;
                if h.level == 2
                    && let Some(section) = Section::from_heading(h.text)
                {
                    self.current_section = Some(section);
                    self.sections.push(SectionBlock {
                        section,
                        line: line.number,
                        heading_span: line.start..line.end,
                        end: usize::MAX,
                        placeholder: None,
                    });
                    return;
                }
            }
            if let Some((marker, off, title)) = conductor_track_text(h.text) {
                self.push(Entry {
                    id: None,
                    title: title.to_owned(),
                    section: self.current_section,
                    style: EntryStyle::ConductorHeading,
                    marker: Some(marker),
                    marker_offset: Some(line.start + h.text_offset + off),
                    line: line.number,
                    span: line.start..line.end,
                    fields: Vec::new(),
                });
            } else if h.level >= 3 {
                let (id, title) = match h.text.split_once(" - ").or_else(|| h.text.split_once(" — ")) {
                    Some((id, title)) => (id.trim(), title.trim()),
                    None => (h.text.split_whitespace().next().unwrap_or(""), ""),
                };
                let id = id.trim_matches('`');
                self.push(Entry {
                    id: (!id.is_empty()).then(|| id.to_owned()),
                    title: title.to_owned(),
                    section: self.current_section,
                    style: EntryStyle::Draft,
                    marker: None,
                    marker_offset: None,
                    line: line.number,
                    span: line.start..line.end,
                    fields: Vec::new(),
                });
            }
            return;
        }
        let trimmed = line.text.trim();
        if trimmed == "---" || trimmed == "***" {
            self.close_entry();
            return;
        }
        // `- [ ] **Track: …**`
        if let Some(rest) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* "))
            && let Some((marker, off, title)) = bullet_track(rest)
        {
            self.close_entry();
            let lead = line.text.len() - line.text.trim_start().len() + 2;
            self.push(Entry {
                id: None,
                title: title.to_owned(),
                section: self.current_section,
                style: EntryStyle::ConductorBullet,
                marker: Some(marker),
                marker_offset: Some(line.start + lead + off),
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
            });
            return;
        }
        if self.open {
            self.entry_line(line);
            return;
        }
        // A bare link entry: `- [Title](./tracks/<id>/index.md)`.
        if let Some(rest) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* "))
            && let Some((title, id)) = link_entry(rest)
        {
            self.push(Entry {
                id: Some(id.to_owned()),
                title: title.to_owned(),
                section: self.current_section,
                style: EntryStyle::Link,
                marker: None,
                marker_offset: None,
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
            });
            self.open = false;
        }
    }

    fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        self.open = true;
    }

    fn extend(&mut self, line: &Line<'_>) {
        if self.open
            && let Some(e) = self.entries.last_mut()
        {
            e.span.end = line.end;
        }
    }

    fn entry_line(&mut self, line: &Line<'_>) {
        let Some(entry) = self.entries.last_mut() else { return };
        entry.span.end = line.end;
        if entry.id.is_none()
            && let Some(id) = track_id_in_link(line.text)
        {
            entry.id = Some(id.to_owned());
        }
        let trimmed = line.text.trim_start();
        let Some(body) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) else { return };
        let body_offset = line.start + (line.text.len() - body.len());
        entry.fields.extend(parse_fields(body, body_offset, line.number));
    }

    fn finish(&mut self, len: usize) {
        self.close_entry();
        self.close_section(len);
        // Entries end where the next one starts or their section ends; trailing
        // blank lines stay outside so insertions land in a tidy place.
        for s in &mut self.sections {
            if s.end == usize::MAX {
                s.end = len;
            }
        }
    }
}

/// Split `**A:** x · **B:** y` into fields. `base` is the offset of `body`.
fn parse_fields(body: &str, base: usize, line: usize) -> Vec<Field> {
    let mut keys = Vec::new();
    let mut search = 0;
    while let Some(open) = body[search..].find("**") {
        let open = search + open;
        let Some(close) = body[open + 2..].find(":**") else { break };
        let key = &body[open + 2..open + 2 + close];
        if key.is_empty() || key.contains("**") {
            search = open + 2;
            continue;
        }
        keys.push((open, key, open + 2 + close + 3));
        search = open + 2 + close + 3;
    }
    let mut fields = Vec::new();
    for (i, (_, key, value_start)) in keys.iter().enumerate() {
        let value_end = keys.get(i + 1).map_or(body.len(), |next| next.0);
        let raw = &body[*value_start..value_end];
        // Separators between fields on one line.
        let raw_trimmed_end = raw.trim_end().trim_end_matches(['·', '|', ',', ';']).trim_end();
        let value = raw_trimmed_end.trim_start();
        let start = value_start + (raw_trimmed_end.len() - value.len());
        fields.push(Field {
            key: (*key).trim().to_owned(),
            value: value.to_owned(),
            value_span: base + start..base + start + value.len(),
            line,
        });
    }
    fields
}

/// `[x] **Track: Title**` → (marker, marker offset within `rest`, title).
fn bullet_track(rest: &str) -> Option<(Marker, usize, &str)> {
    let (marker, after) = bracket_marker(rest)?;
    let after = after.trim_start();
    let inner = after.strip_prefix("**")?;
    let inner = inner.strip_suffix("**").unwrap_or(inner);
    let title = inner.strip_prefix("Track:")?.trim();
    Some((marker, 1, title))
}

/// `[ ] Track: Title` inside a heading.
fn conductor_track_text(text: &str) -> Option<(Marker, usize, &str)> {
    let (marker, after) = bracket_marker(text)?;
    let title = after.trim_start().strip_prefix("Track:")?.trim();
    Some((marker, 1, title))
}

fn bracket_marker(s: &str) -> Option<(Marker, &str)> {
    let mut chars = s.char_indices();
    if chars.next()?.1 != '[' {
        return None;
    }
    let (_, c) = chars.next()?;
    let (i, close) = chars.next()?;
    (close == ']').then(|| (Marker::from_char(c), &s[i + 1..]))
}

/// `[Title](./tracks/<id>/…)` → (title, id).
fn link_entry(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix('[')?;
    let (title, after) = inner.split_once("](")?;
    let id = track_id_in_link(after)?;
    Some((title, id))
}

/// The `<id>` of the first `tracks/<id>` path in a line.
fn track_id_in_link(text: &str) -> Option<&str> {
    let pos = text.find("tracks/")?;
    let after = &text[pos + "tracks/".len()..];
    let end = after.find(['/', ')', ']', ' ', '`', '*']).unwrap_or(after.len());
    let id = &after[..end];
    (!id.is_empty()).then_some(id)
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
/// The inserted lines follow the registry's line ending (CRLF when its first
/// line ends with one), so a CRLF file never gains bare LF lines.
#[must_use]
pub fn insert_entry(registry: &Registry, section: Section, entry: &str) -> String {
    let src = registry.source();
    let nl = if src.find('\n').is_some_and(|i| src[..i].ends_with('\r')) { "\r\n" } else { "\n" };
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
        let at = if at == block.heading_span.end { at } else { src[at..].find('\n').map_or(src.len(), |i| at + i + 1) };
        out.push_str(&src[..at]);
        if !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(nl);
        out.push_str(&entry);
        out.push_str(&src[at..]);
        return out;
    }
    let heading = format!("## {}", section.name());
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
            if !out.is_empty() && !out.ends_with('\n') {
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
