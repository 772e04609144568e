//! The line scanner behind [`super::Registry::parse`]: section headings,
//! entry headings and bullets, their field lines and link lines, and table
//! rows (via [`super::table`]).
//!
//! An entry stays open (collecting field and link lines, which may be a
//! formatter's wrap of the entry line) until a heading, a `---` rule, the
//! next entry or a table ends it.

use super::link::{self, strip_markup};
use super::table::{self, Header};
use super::{Entry, EntryStyle, Field, Section, SectionBlock, TableBlock, TrackLink};
use crate::plan::Marker;
use crate::text::{self, Line};

#[derive(Default)]
pub(super) struct RegistryScanner {
    sections: Vec<SectionBlock>,
    entries: Vec<Entry>,
    tables: Vec<TableBlock>,
    current_section: Option<Section>,
    /// Entry still collecting lines.
    open: bool,
    /// A `| … |` line that may be a table's header, when the next line is a
    /// delimiter row.
    header: Option<(usize, usize, String)>,
    /// The table whose rows are being read.
    table: Option<Header>,
    /// [`super::Registry::parse_focused`]'s text: the fields of entries
    /// that do not mention it are not read. A searcher built once, since
    /// every entry's id is looked through for it.
    focus: Option<memchr::memmem::Finder<'static>>,
    /// `(entries.len(), wanted)` for the last entry whose id is known, so
    /// [`Self::skips`] compares the id with the focus once per entry, not
    /// once per field line.
    last_wanted: Option<(usize, bool)>,
    /// A focused parse keeps only the entries it wants: the sections the
    /// others were in.
    left_out: Vec<Section>,
    /// Where the focus occurs in the source, in order: an entry whose
    /// heading line holds none of them cannot be wanted.
    mentions: Vec<usize>,
}

impl RegistryScanner {
    pub(super) fn new(src: &str, focus: Option<&str>, expected_entries: usize) -> Self {
        let focus = focus.map(|f| memchr::memmem::Finder::new(f.as_bytes()).into_owned());
        let mentions = focus.as_ref().map_or_else(Vec::new, |f| f.find_iter(src.as_bytes()).collect());
        Self { focus, entries: Vec::with_capacity(expected_entries), mentions, ..Self::default() }
    }

    /// For a focused parse: whether `text` is a field line of an open entry
    /// that is not read in full, so the line only extends the entry. Such a
    /// line starts with `- ` or `* ` (never a fence, comment, heading, rule,
    /// table row or `[ ]`-marked Conductor entry), which the caller's
    /// fence/comment tracker would not have noticed either.
    pub(super) fn skips(&mut self, line: &Line<'_>) -> bool {
        if self.focus.is_none() || !self.open || self.table.is_some() || self.header.is_some() {
            return false;
        }
        if self.entries.last().is_none_or(|e| e.style != EntryStyle::Draft) || self.last_entry_wanted() {
            return false;
        }
        let trimmed = line.text.trim_start();
        // A blank line only extends the entry, as `line` would have it.
        if !trimmed.is_empty() {
            let field = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* "));
            if field.is_none_or(|rest| rest.trim_start().starts_with('[')) {
                return false;
            }
        }
        if let Some(entry) = self.entries.last_mut() {
            entry.span.end = line.end;
        }
        true
    }

    /// For a focused parse: pass over the Draft entries from `pos` on that
    /// the scan would read only to leave out, returning where the first one
    /// not passed over starts and how many lines were passed. An entry is
    /// passed over when it is the `### <id> - …` heading of a track not
    /// wanted, with only field lines after it ([`field_run`]), and the next
    /// line is such a heading too. The scan would push that entry, extend it
    /// over its fields and drop it when the next is pushed; the next, in the
    /// same section, leaves the same trace (its section among those left
    /// out), so nothing of the passed entry is missed. The last entry of a
    /// run goes the ordinary way, so what follows it finds the scanner as a
    /// line-by-line scan leaves it.
    pub(super) fn pass_over_entries(&self, src: &str, mut pos: usize) -> (usize, usize) {
        let mut lines = 0;
        if self.focus.is_none() || self.table.is_some() || self.header.is_some() {
            return (pos, lines);
        }
        let Some(mut current) = self.unwanted_entry_at(src, pos) else { return (pos, lines) };
        while let Some(next) = self.unwanted_entry_at(src, current.0) {
            pos = current.0;
            lines += current.1;
            current = next;
        }
        (pos, lines)
    }

    /// When the line at `pos` is the `### <id> - …` heading of a Draft
    /// entry this focused parse does not want, followed only by field
    /// lines: where those end, and how many lines the entry takes. Only a
    /// heading whose text opens with a letter or digit is judged here: its
    /// id is not empty and it is no `[ ] Track:` heading. The id lies within
    /// the line, so a line the focus does not occur in is not wanted.
    fn unwanted_entry_at(&self, src: &str, pos: usize) -> Option<(usize, usize)> {
        let rest = src.as_bytes().get(pos..)?;
        if !rest.starts_with(b"### ") || !rest.get(4).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let line_end = pos + text::first_line_len(rest).1;
        let first_mention = self.mentions.partition_point(|&m| m < pos);
        if self.mentions.get(first_mention).is_some_and(|&m| m < line_end) {
            return None;
        }
        let (end, count) = field_run(src, line_end);
        Some((end, count + 1))
    }

    /// Extend the last entry over lines [`field_run`] passed over.
    pub(super) fn extend_last_to(&mut self, end: usize) {
        if let Some(entry) = self.entries.last_mut() {
            entry.span.end = end;
        }
    }

    /// Whether the last entry's lines must be read in full ([`Self::wanted`]),
    /// remembered per entry once its id is known, so the id is compared with
    /// the focus once per entry rather than once per line.
    fn last_entry_wanted(&mut self) -> bool {
        let count = self.entries.len();
        if let Some((at, wanted)) = self.last_wanted
            && at == count
        {
            return wanted;
        }
        let id = self.entries.last().and_then(|e| e.id.as_deref());
        let wanted = self.wanted(id);
        // An entry whose id is not known yet may learn it from a later line.
        if id.is_some() {
            self.last_wanted = Some((count, wanted));
        }
        wanted
    }

    /// Whether the lines of an entry with this id must be read in full: an
    /// entry whose id is not known yet (it may come from a later link line)
    /// always is.
    fn wanted(&self, id: Option<&str>) -> bool {
        match (&self.focus, id) {
            (Some(focus), Some(id)) => focus.find(id.as_bytes()).is_some(),
            _ => true,
        }
    }

    fn close_section(&mut self, at: usize) {
        if let Some(s) = self.sections.last_mut()
            && s.end == usize::MAX
        {
            s.end = at;
        }
    }

    pub(super) fn line(&mut self, line: &Line<'_>, opaque: bool, inside_block: bool) {
        let trimmed = line.text.trim();
        if !opaque && self.table_line(line, trimmed) {
            return;
        }
        self.table = None;
        self.header = None;
        if opaque {
            if let Some(s) = self.sections.last_mut()
                && s.end == usize::MAX
                && !inside_block
                && trimmed.starts_with("<!--")
                && trimmed.ends_with("-->")
                && trimmed.to_ascii_lowercase().contains("no ")
                // The entry last pushed is never left out yet, so a focused
                // parse sees whether the section has one before this line.
                && !self.entries.iter().any(|e| e.span.start > s.heading_span.start)
            {
                s.placeholder = Some(line.start..line.end);
            }
            self.extend(line);
            return;
        }
        if let Some(h) = text::heading(line.text) {
            self.heading(line, h.level, h.text, h.text_offset);
            return;
        }
        if trimmed == "---" || trimmed == "***" {
            self.open = false;
            return;
        }
        let lead = line.text.len() - line.text.trim_start().len();
        let bullet = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* "));
        // `- [ ] **Track: …**`
        if let Some(rest) = bullet
            && let Some((marker, title, after)) = bullet_track(rest)
        {
            let rest_at = line.start + lead + 2;
            let link = link::track_link(&rest[after..], rest_at + after);
            self.push(Entry {
                id: link.as_ref().and_then(|l| l.id()).map(str::to_owned),
                title,
                section: self.current_section,
                style: EntryStyle::ConductorBullet,
                marker: Some(marker),
                marker_offset: Some(rest_at + 1),
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
                link,
            });
            return;
        }
        // A bare link entry: `- [Title](./tracks/<id>/index.md)`; it ends
        // an open Conductor entry, but is a field line of a Draft entry.
        let link_entry = bullet.and_then(|rest| bare_link(rest, line.start + lead + 2));
        let draft_open = self.entries.last().is_some_and(|e| e.style == EntryStyle::Draft);
        if self.open && (link_entry.is_none() || draft_open) {
            self.entry_line(line);
            return;
        }
        if let Some((title, link, id)) = link_entry {
            self.push(Entry {
                id: Some(id),
                title,
                section: self.current_section,
                style: EntryStyle::Link,
                marker: None,
                marker_offset: None,
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
                link: Some(link),
            });
            self.open = false;
        }
    }

    /// Table rows and headers; true when the line was one.
    fn table_line(&mut self, line: &Line<'_>, trimmed: &str) -> bool {
        if !trimmed.starts_with('|') {
            return false;
        }
        self.open = false;
        if let Some(header) = &self.table {
            if let Some(entry) = table::row(header, line, self.current_section) {
                self.leave_out_last();
                self.entries.push(entry);
            }
            if let Some(t) = self.tables.last_mut() {
                t.end = line.end;
            }
            return true;
        }
        if let Some((start, number, header_text)) = self.header.take()
            && let Some(header) = table::header(&header_text, line.text)
        {
            self.tables.push(TableBlock {
                section: self.current_section,
                line: number,
                header_span: start..line.end,
                columns: header.columns.clone(),
                end: line.end,
            });
            self.table = Some(header);
            return true;
        }
        // Not a table yet: this line may be the header of one.
        self.header = Some((line.start, line.number, line.text.to_owned()));
        true
    }

    fn heading(&mut self, line: &Line<'_>, level: usize, heading_text: &str, text_offset: usize) {
        self.open = false;
        if level <= 2 {
            self.close_section(line.start);
            self.current_section = None;
            if level == 2
                && let Some(section) = Section::from_heading(heading_text)
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
        if let Some((marker, title)) = conductor_track_text(heading_text) {
            let link = link::track_link(line.text, line.start);
            self.push(Entry {
                id: link.as_ref().and_then(|l| l.id()).map(str::to_owned),
                title,
                section: self.current_section,
                style: EntryStyle::ConductorHeading,
                marker: Some(marker),
                marker_offset: Some(line.start + text_offset + 1),
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
                link,
            });
        } else if level >= 3 {
            let (id, title) = draft_heading_id(heading_text);
            // A focused parse reads the titles of the entries it wants only.
            let known = (!id.is_empty()).then_some(id);
            let wanted = self.wanted(known);
            let title = if wanted { title.to_owned() } else { String::new() };
            self.push(Entry {
                id: known.map(str::to_owned),
                title,
                section: self.current_section,
                style: EntryStyle::Draft,
                marker: None,
                marker_offset: None,
                line: line.number,
                span: line.start..line.end,
                fields: Vec::new(),
                link: None,
            });
            if known.is_some() {
                self.last_wanted = Some((self.entries.len(), wanted));
            }
        }
    }

    fn push(&mut self, entry: Entry) {
        self.leave_out_last();
        self.entries.push(entry);
        self.open = true;
    }

    /// In a focused parse, drop the last entry once it is over when its id
    /// is known and not wanted, remembering its section: at thousands of
    /// tracks, holding every other entry costs more than reading them.
    fn leave_out_last(&mut self) {
        if self.focus.is_none() {
            return;
        }
        if self.entries.last().is_none_or(|e| e.id.is_none()) || self.last_entry_wanted() {
            return;
        }
        if let Some(entry) = self.entries.pop() {
            if let Some(section) = entry.section
                && !self.left_out.contains(&section)
            {
                self.left_out.push(section);
            }
            self.last_wanted = None;
        }
    }

    fn extend(&mut self, line: &Line<'_>) {
        if self.open
            && let Some(e) = self.entries.last_mut()
        {
            e.span.end = line.end;
        }
    }

    /// A line of an open entry: its fields, and its link — for a Draft
    /// entry the `**Path:**` field's, for the others the first on the line.
    fn entry_line(&mut self, line: &Line<'_>) {
        let wanted = self.last_entry_wanted();
        let Some(entry) = self.entries.last_mut() else { return };
        entry.span.end = line.end;
        if !wanted {
            return;
        }
        let trimmed = line.text.trim_start();
        let fields = match trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            Some(body) => parse_fields(body, line.start + (line.text.len() - body.len()), line.number),
            None => Vec::new(),
        };
        if entry.link.is_none() {
            let link = if entry.style == EntryStyle::Draft {
                let path = fields.iter().find(|f| f.key.eq_ignore_ascii_case("path"));
                path.and_then(|f| link::track_link(&f.value, f.value_span.start))
            } else {
                link::track_link(line.text, line.start)
            };
            if let Some(link) = link {
                if entry.id.is_none() {
                    entry.id = link.id().map(str::to_owned);
                }
                entry.link = Some(link);
            }
        }
        entry.fields.extend(fields);
    }

    pub(super) fn finish(mut self, len: usize) -> (Vec<SectionBlock>, Vec<Entry>, Vec<TableBlock>, Vec<Section>) {
        self.leave_out_last();
        self.open = false;
        self.close_section(len);
        for s in &mut self.sections {
            if s.end == usize::MAX {
                s.end = len;
            }
        }
        (self.sections, self.entries, self.tables, self.left_out)
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

/// Where a Conductor entry's title ends: before its `*Link:` / `_Link:` label.
fn before_link_label(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    match lower.find("link:") {
        Some(i) if i == 0 || text[..i].ends_with(['*', '_']) => &text[..i],
        _ => text,
    }
}

/// `[x] **Track: Title** …` → (marker, title, where the title's markup ends
/// in `rest`), the title stripped of markup and of a trailing `Link:` label.
fn bullet_track(rest: &str) -> Option<(Marker, String, usize)> {
    let (marker, after) = bracket_marker(rest)?;
    let body = after.trim_start();
    let body_at = rest.len() - body.len();
    let unmarked = body.trim_start_matches(['*', '_']);
    let title_part = unmarked.get(..6).filter(|h| h.eq_ignore_ascii_case("track:")).map(|_| &unmarked[6..])?;
    // The title ends at the closing bold marker, else at a link label or link.
    let title_at = body.len() - title_part.len();
    let (title, end) = match title_part.find("**") {
        Some(close) if !title_part[..close].trim().is_empty() => (&title_part[..close], close + 2),
        _ => {
            let end = title_part.find('[').unwrap_or(title_part.len());
            (before_link_label(&title_part[..end]), end)
        }
    };
    Some((marker, strip_markup(title), body_at + title_at + end))
}

/// `[ ] Track: Title` inside a heading.
fn conductor_track_text(text: &str) -> Option<(Marker, String)> {
    let (marker, after) = bracket_marker(text)?;
    let title = after.trim_start().strip_prefix("Track:")?;
    let title = title.find("](").and_then(|i| title[..i].rfind('[')).map_or(title, |i| &title[..i]);
    Some((marker, strip_markup(before_link_label(title))))
}

/// `[Title](./tracks/<id>/…)` → (title without markup, link, id); `base`
/// is the offset of `rest`.
fn bare_link(rest: &str, base: usize) -> Option<(String, TrackLink, String)> {
    let inner = rest.strip_prefix('[')?;
    let (title, _) = inner.split_once("](")?;
    let link = link::track_link(rest, base)?;
    let id = link.id()?.to_owned();
    Some((strip_markup(title), link, id))
}

/// From `pos` (a line start), the end of the run of lines that
/// [`RegistryScanner::skips`] would pass over once it skips one — blank
/// lines and `- `/`* ` field lines whose text does not open with `[` — and
/// how many lines that is. Only plain ASCII indentation is judged here; a
/// line it is unsure of ends the run and goes the ordinary way.
pub(super) fn field_run(src: &str, mut pos: usize) -> (usize, usize) {
    let bytes = src.as_bytes();
    let mut count = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let indent = rest.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let body = &rest[indent..];
        let skippable = match body.first() {
            None | Some(b'\n' | b'\r') => true,
            Some(b'-' | b'*') if body.get(1) == Some(&b' ') => {
                let after = &body[2..];
                let gap = after.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
                // A non-ASCII byte may be Unicode whitespace before a `[`: leave it to `skips`.
                after.get(gap).is_none_or(|b| *b != b'[' && b.is_ascii())
            }
            _ => false,
        };
        if !skippable {
            break;
        }
        pos += text::first_line_len(rest).1;
        count += 1;
    }
    (pos, count)
}

/// A Draft entry heading's id and title: `id - Title` (or with an em
/// dash), the id without backticks; a heading with no dash is all id.
fn draft_heading_id(heading_text: &str) -> (&str, &str) {
    let (id, title) = match split_spaced(heading_text, '-').or_else(|| split_spaced(heading_text, '—')) {
        Some((id, title)) => (id.trim(), title.trim()),
        None => (heading_text.split_whitespace().next().unwrap_or(""), ""),
    };
    (id.trim_matches('`'), title)
}

/// `text.split_once(" - ")` (with `dash` in the middle) without building a
/// substring searcher: the registry has one such heading per track, and
/// headings are short enough that a byte loop beats any setup.
fn split_spaced(text: &str, dash: char) -> Option<(&str, &str)> {
    let mut buf = [0u8; 4];
    let dash = dash.encode_utf8(&mut buf).as_bytes();
    let bytes = text.as_bytes();
    let width = dash.len() + 2;
    (0..bytes.len().saturating_sub(width - 1))
        .find(|&i| bytes[i] == b' ' && bytes[i + width - 1] == b' ' && &bytes[i + 1..i + width - 1] == dash)
        .map(|i| (&text[..i], &text[i + width..]))
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

#[cfg(test)]
mod tests {
    use super::split_spaced;

    #[test]
    fn split_spaced_agrees_with_split_once() {
        for text in [
            "track-1 - Title - with dashes",
            "a-b-c - d",
            "id — Title — more",
            "no separator-here",
            " - ",
            "x -",
            "- y",
            "é - ü",
            "",
        ] {
            assert_eq!(split_spaced(text, '-'), text.split_once(" - "), "{text:?}");
            assert_eq!(split_spaced(text, '—'), text.split_once(" — "), "{text:?}");
        }
    }
}
