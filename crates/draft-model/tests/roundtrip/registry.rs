//! Random registries in every layout. Draft: sections (some missing, some
//! empty with a placeholder), `###` entries with `-`/`*` bullet fields, two
//! fields on one line, notes after values, status markers. Conductor:
//! bullets with link lines (on the next line, the same line, or wrapped by a
//! formatter, into `tracks/` or `tracks/archive/`) between `---` rules,
//! legacy `## [ ] Track:` headings, bare links. Tables: one for all tracks
//! or one per section, ids as links or code. The parse must agree with what
//! was written; `insert_entry` must add exactly one entry and `move_entry`
//! move exactly one, leaving the rest alone and the line endings as they were.

use crate::{Writer, eol, marker_of, word, words};
use draft_model::plan::Marker;
use draft_model::registry::{self, EntryStyle, Registry, Section};
use proptest::prelude::*;
use std::ops::Range;

mod table;

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,14}[a-z0-9]"
}

#[derive(Debug, Clone)]
enum Value {
    Status { marker: char, label: &'static str, note: Option<String> },
    Count { done: usize, total: usize, note: Option<String> },
    Text(String),
}

#[derive(Debug, Clone)]
struct FieldModel {
    key: &'static str,
    value: Value,
}

#[derive(Debug, Clone)]
struct DraftEntry {
    id: String,
    backticks: bool,
    dash: &'static str,
    title: String,
    bullet: char,
    /// Lines of one or two fields.
    lines: Vec<Vec<FieldModel>>,
    blank_after: bool,
}

#[derive(Debug, Clone)]
struct DraftRegistry {
    bom: bool,
    crlf: bool,
    frontmatter: bool,
    /// Present sections in order, each with its entries (empty → placeholder or nothing).
    sections: Vec<(Section, bool, Vec<DraftEntry>)>,
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            prop::sample::select(vec![' ', '~', 'x', 'X', '!', '-']),
            prop::sample::select(vec!["Planning", "In Progress", "Completed", "Blocked"]),
            prop::option::of(prop_oneof![
                words().prop_map(|w| format!("2026-02-20 — {w}")),
                word().prop_map(|w| format!("— released **{w}**")),
            ]),
        )
            .prop_map(|(marker, label, note)| Value::Status { marker, label, note }),
        (0usize..200, 0usize..200, prop::option::of(words().prop_map(|w| format!("({w})"))))
            .prop_map(|(done, total, note)| Value::Count { done, total, note }),
        words().prop_map(Value::Text),
    ]
}

fn field() -> impl Strategy<Value = FieldModel> {
    (prop::sample::select(vec!["Status", "Created", "Phases", "Tasks", "Path", "PR", "Owner"]), value())
        .prop_map(|(key, value)| FieldModel { key, value })
}

fn draft_entry() -> impl Strategy<Value = DraftEntry> {
    (
        id(),
        any::<bool>(),
        prop::sample::select(vec![" - ", " — "]),
        words(),
        prop::sample::select(vec!['-', '*']),
        prop::collection::vec(prop::collection::vec(field(), 1..3), 0..6),
        any::<bool>(),
    )
        .prop_map(|(id, backticks, dash, title, bullet, lines, blank_after)| DraftEntry {
            id,
            backticks,
            dash,
            title,
            bullet,
            lines,
            blank_after,
        })
}

fn draft_registry() -> impl Strategy<Value = DraftRegistry> {
    let section = |s: Section| {
        prop::option::of((any::<bool>(), prop::collection::vec(draft_entry(), 0..4)))
            .prop_map(move |o| o.map(|(placeholder, entries)| (s, placeholder, entries)))
    };
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        section(Section::Active),
        section(Section::Completed),
        section(Section::Archived),
    )
        .prop_map(|(bom, crlf, frontmatter, a, c, r)| DraftRegistry {
            bom,
            crlf,
            frontmatter,
            sections: [a, c, r].into_iter().flatten().collect(),
        })
}

#[derive(Debug)]
struct ExpField {
    key: String,
    value: String,
    span: Range<usize>,
    line: usize,
    fraction: Option<(usize, usize, Range<usize>, Range<usize>)>,
    status_marker: Option<(Marker, usize)>,
}

#[derive(Debug)]
struct ExpEntry {
    id: Option<String>,
    title: String,
    section: Option<Section>,
    style: EntryStyle,
    marker: Option<(Marker, usize)>,
    line: usize,
    start: usize,
    fields: Vec<ExpField>,
    /// The link target's span and the folder it names.
    link: Option<(Range<usize>, String)>,
}

fn section_name(s: Section) -> &'static str {
    match s {
        Section::Active => "Active",
        Section::Completed => "Completed",
        Section::Archived => "Archived",
    }
}

fn write_field(w: &mut Writer, f: &FieldModel) -> ExpField {
    w.push(&format!("**{}:** ", f.key));
    let line = w.line;
    let start = w.pos();
    let mut fraction = None;
    let mut status_marker = None;
    match &f.value {
        Value::Status { marker, label, note } => {
            w.push("[");
            status_marker = Some((marker_of(*marker), w.pos()));
            w.push(&format!("{marker}] {label}"));
            if let Some(n) = note {
                w.push(&format!(" {n}"));
            }
        }
        Value::Count { done, total, note } => {
            let d = w.push(&done.to_string());
            w.push("/");
            let t = w.push(&total.to_string());
            fraction = Some((*done, *total, d, t));
            if let Some(n) = note {
                w.push(&format!(" {n}"));
            }
        }
        Value::Text(t) => {
            w.push(t);
        }
    }
    let span = start..w.pos();
    ExpField { key: f.key.to_owned(), value: w.out[span.clone()].to_owned(), span, line, fraction, status_marker }
}

fn write_draft(m: &DraftRegistry) -> (String, Vec<ExpEntry>) {
    let mut w = Writer::new(m.bom, m.crlf);
    if m.frontmatter {
        w.frontmatter("tracks");
    }
    w.line("# Tracks");
    let mut entries = Vec::new();
    for (section, placeholder, list) in &m.sections {
        w.line("");
        w.line(&format!("## {}", section_name(*section)));
        if list.is_empty() && *placeholder {
            w.line(&format!("<!-- No {} tracks -->", section_name(*section).to_lowercase()));
        }
        for e in list {
            w.line("");
            let line = w.line;
            let start = w.pos();
            let shown = if e.backticks { format!("`{}`", e.id) } else { e.id.clone() };
            w.line(&format!("### {shown}{}{}", e.dash, e.title));
            let mut fields = Vec::new();
            for fl in &e.lines {
                w.push(&format!("{} ", e.bullet));
                for (i, f) in fl.iter().enumerate() {
                    if i > 0 {
                        w.push(" · ");
                    }
                    fields.push(write_field(&mut w, f));
                }
                w.end_line();
            }
            if e.blank_after {
                w.line("");
            }
            entries.push(ExpEntry {
                id: Some(e.id.clone()),
                title: e.title.clone(),
                section: Some(*section),
                style: EntryStyle::Draft,
                marker: None,
                line,
                start,
                fields,
                link: None,
            });
        }
    }
    (w.out, entries)
}

/// Where a Conductor bullet's link sits.
#[derive(Debug, Clone, Copy)]
enum LinkAt {
    /// `*Link: …*` on the next line.
    NextLine,
    /// ` *Link: …*` after the bold title.
    SameLine,
    /// ` _Link:` after the title, the link on the next (indented) line.
    Wrapped,
}

#[derive(Debug, Clone)]
enum ConductorEntry {
    Bullet { marker: char, title: String, id: Option<String>, at: LinkAt, archive: bool },
    Heading { marker: char, title: String, id: Option<String> },
    Link { title: String, id: String },
}

/// A title as the parser reports it: without code backticks.
fn plain(title: &str) -> String {
    title.replace('`', "")
}

fn conductor_entry() -> impl Strategy<Value = ConductorEntry> {
    let marker = prop::sample::select(vec![' ', '~', 'x', '!']);
    let at = prop::sample::select(vec![LinkAt::NextLine, LinkAt::SameLine, LinkAt::Wrapped]);
    prop_oneof![
        (marker.clone(), words(), prop::option::of(id()), at, any::<bool>())
            .prop_map(|(marker, title, id, at, archive)| ConductorEntry::Bullet { marker, title, id, at, archive }),
        (marker, words(), prop::option::of(id())).prop_map(|(marker, title, id)| ConductorEntry::Heading {
            marker,
            title,
            id
        }),
        (words(), id()).prop_map(|(title, id)| ConductorEntry::Link { title, id }),
    ]
}

fn write_conductor(eol: &'static str, list: &[ConductorEntry]) -> (String, Vec<ExpEntry>) {
    let mut w = Writer::with_eol(false, eol);
    w.line("# Project Tracks");
    w.line("");
    w.line("This file tracks all major tracks for the project.");
    let mut entries = Vec::new();
    for e in list {
        w.line("");
        w.line("---");
        w.line("");
        let line = w.line;
        let start = w.pos();
        let mut dir = None;
        let (style, marker, title, id) = match e {
            ConductorEntry::Bullet { marker, title, id, at, archive } => {
                w.push("- [");
                let off = w.pos();
                w.push(&format!("{marker}] **Track: {title}**"));
                let folder = id
                    .as_ref()
                    .map(|id| if *archive { format!("tracks/archive/{id}") } else { format!("tracks/{id}") });
                match (at, &folder) {
                    (LinkAt::SameLine, Some(folder)) => {
                        w.push(" *Link: [");
                        w.push(&format!("./{folder}/"));
                        w.push("](");
                        dir = Some((w.push(&format!("./{folder}/")), folder.clone()));
                        w.push(")*");
                        w.end_line();
                    }
                    (LinkAt::Wrapped, Some(folder)) => {
                        w.push(" _Link:");
                        w.end_line();
                        w.push(&format!("      [./{folder}/]("));
                        dir = Some((w.push(&format!("./{folder}/")), folder.clone()));
                        w.push(")_");
                        w.end_line();
                    }
                    (LinkAt::NextLine, Some(folder)) => {
                        w.end_line();
                        w.push(&format!("*Link: [./{folder}/]("));
                        dir = Some((w.push(&format!("./{folder}/")), folder.clone()));
                        w.push(")*");
                        w.end_line();
                    }
                    (_, None) => w.end_line(),
                }
                (EntryStyle::ConductorBullet, Some((marker_of(*marker), off)), title, id.clone())
            }
            ConductorEntry::Heading { marker, title, id } => {
                w.push("## [");
                let off = w.pos();
                w.push(&format!("{marker}] Track: {title}"));
                w.end_line();
                if let Some(id) = id {
                    w.push(&format!("*Link: [./tracks/{id}/]("));
                    dir = Some((w.push(&format!("./tracks/{id}/")), format!("tracks/{id}")));
                    w.push(")*");
                    w.end_line();
                }
                (EntryStyle::ConductorHeading, Some((marker_of(*marker), off)), title, id.clone())
            }
            ConductorEntry::Link { title, id } => {
                w.push(&format!("- [{title}]("));
                dir = Some((w.push(&format!("./tracks/{id}/index.md")), format!("tracks/{id}")));
                w.push(")");
                w.end_line();
                (EntryStyle::Link, None, title, Some(id.clone()))
            }
        };
        entries.push(ExpEntry {
            id,
            title: plain(title),
            section: None,
            style,
            marker,
            line,
            start,
            fields: Vec::new(),
            link: dir,
        });
    }
    (w.out, entries)
}

fn check(reg: &Registry, exp: &[ExpEntry]) -> Result<(), TestCaseError> {
    crate::invariants::registry(reg)?;
    let src = reg.source();
    prop_assert_eq!(reg.entries.len(), exp.len());
    for (i, (got, want)) in reg.entries.iter().zip(exp).enumerate() {
        prop_assert_eq!(&got.id, &want.id);
        prop_assert_eq!(&got.title, &want.title);
        prop_assert_eq!(got.section, want.section);
        prop_assert_eq!(got.style, want.style);
        prop_assert_eq!(got.marker.zip(got.marker_offset), want.marker);
        prop_assert_eq!(got.line, want.line);
        prop_assert_eq!(got.span.start, want.start);
        if want.style != EntryStyle::Draft {
            let link = got.link.as_ref().map(|l| (l.span.clone(), l.dir().to_owned()));
            prop_assert_eq!(&link, &want.link);
        }
        // An entry runs to the next entry or section heading, or a rule.
        let end = exp.get(i + 1).map_or(src.len(), |n| n.start);
        prop_assert!(got.span.end <= end);
        let gap_ok = |l: &str| {
            l.trim().is_empty() || l.starts_with("## ") || l.starts_with("<!--") || l == "---" || l.starts_with('|')
        };
        prop_assert!(src[got.span.end..end].split(['\n', '\r']).all(gap_ok), "{:?}", &src[got.span.end..end]);
        prop_assert_eq!(got.fields.len(), want.fields.len());
        for (f, e) in got.fields.iter().zip(&want.fields) {
            prop_assert_eq!(&f.key, &e.key);
            prop_assert_eq!(&f.value, &e.value);
            prop_assert_eq!(&f.value_span, &e.span);
            prop_assert_eq!(f.line, e.line);
            let fraction = f.fraction().map(|fr| (fr.done, fr.total, fr.done_span, fr.total_span));
            if e.fraction.is_some() {
                prop_assert_eq!(&fraction, &e.fraction);
            }
            if e.status_marker.is_some() {
                let status = f.status().expect("status");
                prop_assert_eq!(status.marker.zip(status.marker_offset), e.status_marker);
            }
        }
    }
    Ok(())
}

/// Text of `src` without any line terminator that is not `eol`.
fn other_line_endings(src: &str, eol: &str) -> bool {
    let rest = src.replace(eol, "");
    rest.contains(['\n', '\r'])
}

/// Whole registry lines, mostly Draft entries with their fields, among the
/// lines that end an entry or change what the next one means: section
/// headings, placeholders, fences, comments, rules, tables, other entry
/// styles, indented and odd headings.
fn entry_soup() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "## Active",
        "## Completed Tracks",
        "## Archived",
        "## Notes",
        "### a - A",
        "### ab - AB",
        "### `b` - B",
        "### b — B",
        "### c",
        "### c - C ###",
        "###  - no id",
        "### [ ] Track: d",
        "#### e - E",
        " ### k - K",
        "- **Status:** [ ] Planned",
        "- **Path:** `./tracks/g/`",
        "* **Tasks:** 1/2",
        "  - **Note:** x",
        "- **Note:** é",
        "- [ ] not a field",
        "-\tx",
        "- [x] **Track: h**",
        "- [Link](./tracks/i/)",
        "",
        "",
        "<!-- No active tracks -->",
        "<!--",
        "-->",
        "```",
        "---",
        "| Status | Track ID |",
        "|---|---|",
        "| [ ] | j |",
        "Some words",
    ]);
    let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
    prop::collection::vec((line, eol), 0..40)
        .prop_map(|lines| lines.into_iter().map(|(l, e)| format!("{l}{e}")).collect())
}

proptest! {
    /// A focused parse passes over whole entries of other tracks at a time;
    /// whatever surrounds them, it must agree with the full parse.
    #[test]
    fn focused_parses_agree_on_entry_soup(
        src in entry_soup(),
        focus in prop::sample::select(vec!["a", "b", "c", "ab", "d", "g", "i", "j", "k", "zz"]),
    ) {
        let reg = Registry::parse(src);
        crate::invariants::focused_agrees(&reg, focus)?;
        for id in reg.entries.iter().filter_map(|e| e.id.clone()) {
            crate::invariants::focused_agrees(&reg, &id)?;
        }
    }

    #[test]
    fn generated_draft_registries_round_trip(model in draft_registry()) {
        let (src, exp) = write_draft(&model);
        let reg = Registry::parse(src.clone());
        check(&reg, &exp)?;
        for id in reg.entries.iter().filter_map(|e| e.id.clone()) {
            crate::invariants::focused_agrees(&reg, &id)?;
        }
        let names: Vec<_> = reg.sections.iter().map(|s| (s.section, s.placeholder.is_some())).collect();
        let want: Vec<_> = model.sections.iter().map(|(s, p, e)| (*s, *p && e.is_empty())).collect();
        prop_assert_eq!(names, want);
        prop_assert_eq!(reg.into_source(), src);
    }

    #[test]
    fn generated_conductor_registries_round_trip(eol in eol(), list in prop::collection::vec(conductor_entry(), 0..6)) {
        let (src, exp) = write_conductor(eol, &list);
        let reg = Registry::parse(src.clone());
        check(&reg, &exp)?;
        for id in reg.entries.iter().filter_map(|e| e.id.clone()) {
            crate::invariants::focused_agrees(&reg, &id)?;
        }
        prop_assert!(reg.sections.is_empty());
        prop_assert_eq!(reg.into_source(), src);
    }

    #[test]
    fn insert_entry_adds_one_entry_and_keeps_the_rest(
        model in draft_registry(),
        section in prop::sample::select(vec![Section::Active, Section::Completed, Section::Archived]),
        title in words(),
    ) {
        let (src, _) = write_draft(&model);
        let reg = Registry::parse(src.clone());
        let entry = registry::draft_entry("new.track", &title, "[ ] Planning", "2026-03-01", (0, 3), (0, 8));
        let out = registry::insert_entry(&reg, section, &entry);
        let again = Registry::parse(out.clone());
        crate::invariants::registry(&again)?;

        // The old entries, unchanged and in order, plus the new one in its section.
        let summary = |r: &Registry| -> Vec<(Option<String>, Option<Section>, Vec<String>)> {
            r.entries.iter().map(|e| (e.id.clone(), e.section, e.fields.iter().map(|f| f.value.clone()).collect())).collect()
        };
        let mut want = summary(&reg);
        let new = again.entry("new.track").expect("the new entry");
        prop_assert_eq!(new.section, Some(section));
        let eol = if model.crlf { "\r\n" } else { "\n" };
        prop_assert!(out[..new.span.start].ends_with(&eol.repeat(2)), "no blank line before the new entry: {:?}", out);
        prop_assert_eq!(&new.title, &title);
        let values: Vec<_> = new.fields.iter().map(|f| f.value.as_str()).collect();
        prop_assert_eq!(&values, &["[ ] Planning", "2026-03-01", "0/3", "0/8", "`./tracks/new.track/`"]);
        let before = |offset: usize| reg.entries.iter().filter(|e| e.span.start < offset).count();
        let at = match (reg.section(section), reg.sections.first()) {
            (Some(block), _) => before(block.end),
            (None, Some(first)) if section == Section::Active => before(first.heading_span.start),
            (None, _) => want.len(),
        };
        want.insert(at, (Some("new.track".into()), Some(section), values.iter().map(|v| (*v).to_owned()).collect()));
        prop_assert_eq!(summary(&again), want);

        // Only the section's tail changed: the text before it and after it is kept.
        match reg.section(section) {
            Some(block) => {
                prop_assert!(out.starts_with(&src[..block.heading_span.end]));
                prop_assert!(out.ends_with(&src[block.end..]));
            }
            None => {
                let first = reg.sections.first().map(|s| s.heading_span.start).filter(|_| section == Section::Active);
                match first {
                    Some(at) => {
                        prop_assert!(out.starts_with(&src[..at]));
                        prop_assert!(out.ends_with(&src[at..]));
                    }
                    None => prop_assert!(out.starts_with(&src)),
                }
            }
        }
        // One line ending throughout.
        if model.crlf {
            prop_assert!(!out.replace("\r\n", "").contains('\n'), "bare LF in a CRLF registry: {:?}", out);
        } else {
            prop_assert!(!out.contains('\r'));
        }
    }

    #[test]
    fn move_entry_keeps_draft_line_endings(model in draft_registry(), pick in any::<prop::sample::Index>(), to in prop::sample::select(vec![Section::Active, Section::Completed, Section::Archived])) {
        let (src, _) = write_draft(&model);
        let reg = Registry::parse(src);
        if reg.entries.is_empty() {
            return Ok(());
        }
        let id = reg.entries[pick.index(reg.entries.len())].id.clone().expect("id");
        let Some(out) = registry::edit::move_entry(&reg, &id, to) else { return Ok(()) };
        let again = Registry::parse(out.clone());
        crate::invariants::registry(&again)?;
        prop_assert!(!other_line_endings(&out, if model.crlf { "\r\n" } else { "\n" }), "mixed line endings: {:?}", out);
        prop_assert_eq!(again.entries.len(), reg.entries.len());
        prop_assert!(again.entries.iter().any(|e| e.id.as_deref() == Some(id.as_str()) && e.section == Some(to)));
    }
}
