//! Edits to registry entries: the Status value, the `done/total` counts, the
//! marker of a Conductor line, and moving an entry between sections.
//!
//! Status and count edits are [`Edit`]s that replace only the marker, label
//! (and completion date) or the numbers, so notes written after them
//! (`— shipped in **v2.3.0**`, `(task 27 is the deploy gate)`) stay. Moving an
//! entry carries its exact bytes into the target section (replacing the
//! `<!-- No … tracks -->` placeholder there) and puts a placeholder back when
//! the section it left becomes empty. Every inserted line ends the way the
//! file's lines do ([`crate::text::line_ending`]).
//!
//! Table rows ([`super::EntryStyle::Table`]) take the same edits: the marker
//! of their status cell with [`set_entry_marker`], a `3/5` cell with
//! [`set_fraction`] (cells are fields named by their column), and
//! [`move_entry`] moves the row into the target section's table (creating
//! one with the same header when there is none); the table it leaves keeps
//! its header.

use super::{Entry, EntryStyle, Field, Registry, Section};
use crate::edit::Edit;
use crate::plan::Marker;
use crate::text;

/// Status labels recognised at the start of a Status value, longest first.
const LABELS: &[&str] = &[
    "in progress",
    "in-progress",
    "in_progress",
    "planning",
    "completed",
    "complete",
    "cancelled",
    "canceled",
    "archived",
    "blocked",
    "pending",
    "active",
    "done",
    "new",
];

/// Replace a Status value's marker, label and any completion date with
/// `[m] Label[ date]`, keeping the rest of the value.
#[must_use]
pub fn set_status(src: &str, field: &Field, marker: Marker, label: &str, date: Option<&str>) -> Edit {
    let value = &src[field.value_span.clone()];
    let mut end = 0;
    if let Some(rest) = value.strip_prefix('[')
        && let Some(c) = rest.chars().next()
        && rest[c.len_utf8()..].starts_with(']')
    {
        end = 1 + c.len_utf8() + 1;
    }
    // The label: a known status label, else the leading alphabetic words.
    let after_marker = &value[end..];
    let lead = after_marker.len() - after_marker.trim_start().len();
    let words = &after_marker[lead..];
    let lower = words.to_ascii_lowercase();
    let label_len = LABELS
        .iter()
        .find(|l| lower.starts_with(*l) && !lower[l.len()..].starts_with(|c: char| c.is_alphanumeric()))
        .map(|l| l.len())
        .unwrap_or_else(|| alphabetic_words(words));
    if label_len > 0 {
        end += lead + label_len;
        // A completion date right after the label goes with it.
        let rest = &value[end..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        if is_date(&rest[spaces..]) {
            end += spaces + 10;
        }
    }
    let mut text = format!("[{}] {label}", marker.as_char());
    if let Some(date) = date {
        text.push(' ');
        text.push_str(date);
    }
    Edit::replace(field.value_span.start..field.value_span.start + end, text)
}

fn alphabetic_words(text: &str) -> usize {
    let mut len = 0;
    let mut pos = 0;
    for word in text.split(' ') {
        if word.is_empty() || !word.chars().all(char::is_alphabetic) {
            break;
        }
        pos += word.len();
        len = pos;
        pos += 1;
    }
    len
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && !b.get(10).is_some_and(u8::is_ascii_digit)
}

/// Set a `done/total` field: replace the two numbers, or the whole value when
/// it holds no fraction.
#[must_use]
pub fn set_fraction(field: &Field, done: usize, total: usize) -> Vec<Edit> {
    match field.fraction() {
        Some(f) => {
            let mut edits = Vec::new();
            if f.done != done {
                edits.push(Edit::replace(f.done_span, done.to_string()));
            }
            if f.total != total {
                edits.push(Edit::replace(f.total_span, total.to_string()));
            }
            edits
        }
        None => vec![Edit::replace(field.value_span.clone(), format!("{done}/{total}"))],
    }
}

/// Replace the marker on a Conductor entry line or in a table row's status cell.
#[must_use]
pub fn set_entry_marker(entry: &Entry, marker: Marker) -> Option<Edit> {
    let at = entry.marker_offset?;
    let old = entry.marker?.as_char().len_utf8();
    Some(Edit::replace(at..at + old, marker.as_char().to_string()))
}

/// Insert a `- **Status:** …` line right under a Draft entry's heading.
#[must_use]
pub fn insert_status(src: &str, entry: &Entry, value: &str) -> Edit {
    let nl = text::line_ending(src);
    let heading_end = text::lines_from(src, entry.span.start, 1).next().map_or(entry.span.end, |l| l.end);
    if src[..heading_end].ends_with(['\n', '\r']) {
        Edit::insert(heading_end, format!("- **Status:** {value}{nl}"))
    } else {
        Edit::insert(heading_end, format!("{nl}- **Status:** {value}"))
    }
}

/// The placeholder written into an empty section.
#[must_use]
pub fn placeholder(section: Section) -> &'static str {
    match section {
        Section::Active => "<!-- No active tracks -->",
        Section::Completed => "<!-- No completed tracks -->",
        Section::Archived => "<!-- No archived tracks -->",
    }
}

/// The registry text with the entry for `id` moved to the end of `to`. The
/// entry's bytes travel unchanged (trailing blank lines excepted); `None`
/// when there is no such entry or it is already there.
#[must_use]
pub fn move_entry(registry: &Registry, id: &str, to: Section) -> Option<String> {
    let entry = registry.entry(id)?;
    let from = entry.section;
    if from == Some(to) {
        return None;
    }
    if entry.style == EntryStyle::Table {
        return super::table::move_row(registry, entry, to);
    }
    let src = registry.source();
    let nl = text::line_ending(src);
    let raw = &src[entry.span.clone()];
    let body_len = raw.trim_end().len();
    let body_end = text::lines_from(raw, body_len, 1).next().map_or(raw.len(), |l| l.end);
    let mut text = raw[..body_end].to_owned();
    if !text.ends_with(['\n', '\r']) {
        text.push_str(nl);
    }
    // Take the entry and the blank lines after it; when it was the last
    // entry of its section, restore the placeholder.
    let others_in_section = from.is_some_and(|s| registry.has_entries_besides(s, id));
    let replacement = match from {
        Some(section) if !others_in_section => format!("{}{nl}{nl}", placeholder(section)),
        _ => String::new(),
    };
    let mut removed = String::with_capacity(src.len());
    removed.push_str(&src[..entry.span.start]);
    removed.push_str(&replacement);
    removed.push_str(&src[entry.span.end..]);
    // Only the sections matter to the insertion: no entry's fields are read.
    let without = Registry::parse_focused(removed, id);
    Some(super::insert_entry(&without, to, &text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    const REG: &str = "# Tracks\n\n## Active\n\n### a - A\n- **Status:** [~] In Progress — shipped in **v2.3.0**\n- **Phases:** 1/2\n- **Tasks:** 26/27 (task 27 is the deploy gate)\n- **Path:** `./tracks/a/`\n\n### b - B\n- **Status:** [x] Completed 2026-01-02 — released **v1.4.0**\n- **Phases:** 2/2 · **Tasks:** 8/8\n\n## Completed\n<!-- No completed tracks -->\n\n## Archived\n<!-- No archived tracks -->\n";

    fn field<'a>(reg: &'a Registry, id: &str, key: &str) -> &'a Field {
        reg.entry(id).and_then(|e| e.field(key)).expect("field")
    }

    #[test]
    fn status_keeps_notes() {
        let reg = Registry::parse(REG.to_owned());
        let e = set_status(REG, field(&reg, "a", "Status"), Marker::Done, "Completed", Some("2026-03-01"));
        let out = apply(REG, vec![e]).expect("ok");
        assert!(out.contains("- **Status:** [x] Completed 2026-03-01 — shipped in **v2.3.0**\n"), "{out}");
        let e = set_status(REG, field(&reg, "b", "Status"), Marker::InProgress, "In Progress", None);
        let out = apply(REG, vec![e]).expect("ok");
        assert!(out.contains("- **Status:** [~] In Progress — released **v1.4.0**\n"), "{out}");
        let src = "### c - C\n- **Status:** Planning\n";
        let reg = Registry::parse(src.to_owned());
        let out =
            apply(src, vec![set_status(src, field(&reg, "c", "Status"), Marker::InProgress, "In Progress", None)]);
        assert_eq!(out.expect("ok"), "### c - C\n- **Status:** [~] In Progress\n");
    }

    #[test]
    fn fractions_keep_notes() {
        let reg = Registry::parse(REG.to_owned());
        let mut edits = set_fraction(field(&reg, "a", "Tasks"), 27, 27);
        edits.extend(set_fraction(field(&reg, "b", "Tasks"), 7, 9));
        let out = apply(REG, edits).expect("ok");
        assert!(out.contains("- **Tasks:** 27/27 (task 27 is the deploy gate)\n"));
        assert!(out.contains("- **Phases:** 2/2 · **Tasks:** 7/9\n"));
    }

    #[test]
    fn moving_carries_bytes_and_restores_placeholders() {
        let reg = Registry::parse(REG.to_owned());
        let out = move_entry(&reg, "a", Section::Completed).expect("moved");
        let expected = "# Tracks\n\n## Active\n\n### b - B\n- **Status:** [x] Completed 2026-01-02 — released **v1.4.0**\n- **Phases:** 2/2 · **Tasks:** 8/8\n\n## Completed\n\n### a - A\n- **Status:** [~] In Progress — shipped in **v2.3.0**\n- **Phases:** 1/2\n- **Tasks:** 26/27 (task 27 is the deploy gate)\n- **Path:** `./tracks/a/`\n\n## Archived\n<!-- No archived tracks -->\n";
        assert_eq!(out, expected);
        let reg = Registry::parse(out);
        let out = move_entry(&reg, "b", Section::Completed).expect("moved");
        assert!(out.contains("## Active\n\n<!-- No active tracks -->\n\n## Completed\n\n### a - A\n"), "{out}");
        assert!(out.contains("`./tracks/a/`\n\n### b - B\n"), "{out}");
        let reg = Registry::parse(out);
        assert_eq!(reg.entry("b").and_then(|e| e.section), Some(Section::Completed));
        assert!(reg.section(Section::Active).and_then(|s| s.placeholder.clone()).is_some());
        assert_eq!(move_entry(&reg, "b", Section::Completed), None);
        let back = move_entry(&reg, "a", Section::Active).expect("moved");
        let reg = Registry::parse(back);
        assert_eq!(reg.entry("a").and_then(|e| e.section), Some(Section::Active));
    }
}
