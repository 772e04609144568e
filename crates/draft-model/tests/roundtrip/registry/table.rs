//! Random table registries: one table for every track or one per section
//! (`## Active Tracks`), ids as links or code, status markers, `done/total`
//! cells, any line ending. The parse must agree with what was written, and
//! `move_entry` must move exactly one row and keep the line endings.

use super::{ExpEntry, ExpField, check, id, other_line_endings, plain, section_name};
use crate::{Writer, eol, marker_of, words};
use draft_model::registry::{self, EntryStyle, Registry, Section};
use proptest::prelude::*;
use std::ops::Range;

#[derive(Debug, Clone)]
struct TableRow {
    marker: char,
    id: String,
    /// The id as a link (true) or as code.
    link: bool,
    title: String,
    done: usize,
    total: usize,
}

#[derive(Debug, Clone)]
struct TableRegistry {
    eol: &'static str,
    /// One table per section (true), or one table for every row.
    per_section: bool,
    sections: Vec<(Section, Vec<TableRow>)>,
}

fn table_registry() -> impl Strategy<Value = TableRegistry> {
    let row =
        (prop::sample::select(vec![' ', '~', 'x', '!', '-']), id(), any::<bool>(), words(), 0usize..30, 0usize..30)
            .prop_map(|(marker, id, link, title, done, total)| TableRow { marker, id, link, title, done, total });
    let section = prop::sample::select(vec![Section::Active, Section::Completed, Section::Archived]);
    (eol(), any::<bool>(), prop::collection::vec((section, prop::collection::vec(row, 0..4)), 0..4)).prop_map(
        |(eol, per_section, mut sections)| {
            // Each section once, in the usual order.
            sections.sort_by_key(|(s, _)| *s as u8);
            sections.dedup_by_key(|(s, _)| *s);
            TableRegistry { eol, per_section, sections }
        },
    )
}

const COLUMNS: [&str; 4] = ["Status", "Track ID", "Title", "Tasks"];

fn write_table(m: &TableRegistry) -> (String, Vec<ExpEntry>) {
    let mut w = Writer::with_eol(false, m.eol);
    w.line("# Project Tracks");
    let mut entries = Vec::new();
    let mut header_written = false;
    for (section, rows) in &m.sections {
        if m.per_section {
            w.line("");
            w.line(&format!("## {} Tracks", section_name(*section)));
        }
        if m.per_section || !header_written {
            w.line("");
            w.line("| Status | Track ID | Title | Tasks |");
            w.line("|--------|----------|-------|------:|");
            header_written = true;
        }
        for r in rows {
            let line = w.line;
            let start = w.pos();
            let mut fields = Vec::new();
            let mut cell = |w: &mut Writer, key: usize, text: &str| -> Range<usize> {
                let span = w.push(text);
                fields.push(ExpField {
                    key: COLUMNS[key].to_owned(),
                    value: text.to_owned(),
                    span: span.clone(),
                    line,
                    fraction: None,
                    status_marker: None,
                });
                span
            };
            w.push("| ");
            let status = cell(&mut w, 0, &format!("[{}]", r.marker));
            w.push(" | ");
            let shown = if r.link { format!("[{}](./tracks/{}/)", r.id, r.id) } else { format!("`{}`", r.id) };
            let id_cell = cell(&mut w, 1, &shown);
            w.push(" | ");
            cell(&mut w, 2, &r.title);
            w.push(" | ");
            cell(&mut w, 3, &format!("{}/{}", r.done, r.total));
            w.push(" |");
            w.end_line();
            let link_at = id_cell.start + r.id.len() + 3;
            entries.push(ExpEntry {
                id: Some(r.id.clone()),
                title: plain(&r.title),
                section: if m.per_section { Some(*section) } else { None },
                style: EntryStyle::Table,
                marker: Some((marker_of(r.marker), status.start + 1)),
                line,
                start,
                fields,
                link: r.link.then(|| (link_at..link_at + r.id.len() + 10, format!("tracks/{}", r.id))),
            });
        }
    }
    (w.out, entries)
}

proptest! {
    #[test]
    fn generated_table_registries_round_trip(model in table_registry()) {
        let (src, exp) = write_table(&model);
        let reg = Registry::parse(src.clone());
        check(&reg, &exp)?;
        for (e, want) in reg.entries.iter().zip(&exp) {
            let tasks = e.field("Tasks").and_then(|f| f.fraction()).map(|f| (f.done, f.total));
            let row = model.sections.iter().flat_map(|(_, rows)| rows).find(|r| Some(&r.id) == want.id.as_ref());
            prop_assert_eq!(tasks, row.map(|r| (r.done, r.total)));
        }
        prop_assert_eq!(reg.into_source(), src);
    }

    #[test]
    fn move_entry_moves_one_table_row(model in table_registry(), pick in any::<prop::sample::Index>(), to in prop::sample::select(vec![Section::Active, Section::Completed, Section::Archived])) {
        let (src, _) = write_table(&model);
        let reg = Registry::parse(src.clone());
        if reg.entries.is_empty() {
            return Ok(());
        }
        let entry = &reg.entries[pick.index(reg.entries.len())];
        let id = entry.id.clone().expect("id");
        // Ids may repeat; move the first row with this id.
        let entry = reg.entry(&id).expect("entry");
        let Some(out) = registry::edit::move_entry(&reg, &id, to) else {
            prop_assert_eq!(entry.section, Some(to));
            return Ok(());
        };
        let again = Registry::parse(out.clone());
        crate::invariants::registry(&again)?;
        prop_assert!(!other_line_endings(&out, model.eol), "mixed line endings: {:?}", out);
        let row = |r: &Registry, e: &draft_model::registry::Entry| r.source()[e.span.clone()].trim_end().to_owned();
        let moved: Vec<_> = again.entries.iter().filter(|e| e.section == Some(to) && row(&again, e) == row(&reg, entry)).collect();
        prop_assert!(!moved.is_empty(), "the row is not in {:?}: {:?}", to, out);
        let mut before: Vec<String> = reg.entries.iter().map(|e| row(&reg, e)).collect();
        let mut after: Vec<String> = again.entries.iter().map(|e| row(&again, e)).collect();
        before.sort();
        after.sort();
        prop_assert_eq!(before, after);
    }

}
