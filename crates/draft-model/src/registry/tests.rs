//! Unit tests of the registry model: each entry spelling of FORMATS.md §2
//! (Draft sections and bullet fields, notes after values, two fields on one
//! line, Conductor bullets with links, legacy headings, bare links) with the
//! byte spans of values, and the exact text `insert_entry` produces.

use super::*;

fn parse(src: &str) -> Registry {
    Registry::parse(src.to_owned())
}

fn value_at<'a>(reg: &'a Registry, field: &Field) -> &'a str {
    &reg.source()[field.value_span.clone()]
}

const DRAFT_REGISTRY: &str = "---
project: \"ledgerly\"
---

# Tracks

## Active

### add-csv-export - Export ledgers as CSV
- **Status:** [~] In Progress
- **Created:** 2026-03-02
- **Phases:** 1/3
- **Tasks:** 26/27 (task 27 is the deploy gate)
- **PR:** #41
- **Path:** `./tracks/add-csv-export/`

### fix-login-timeout - Session expires after 5 minutes
- **Status:** [ ] Planning
- **Phases:** 0/3 · **Tasks:** 0/5
- **Path:** `./tracks/fix-login-timeout/`

### `blocked-one` — A blocked track
- **Status:** [!] Blocked

## Completed

### legacy-cleanup - Remove the v1 import path
- **Status:** [x] Completed 2026-02-20 — shipped in **v2.3.0**
- **Phases:** 2/2

## Archived
<!-- No archived tracks -->
";

#[test]
fn draft_sections_entries_and_fields() {
    let reg = parse(DRAFT_REGISTRY);
    assert!(reg.frontmatter.is_some());
    let sections: Vec<_> = reg.sections.iter().map(|s| (s.section, s.placeholder.is_some())).collect();
    assert_eq!(sections, [(Section::Active, false), (Section::Completed, false), (Section::Archived, true)]);
    let archived = reg.section(Section::Archived).expect("archived");
    assert_eq!(&reg.source()[archived.placeholder.clone().expect("placeholder")], "<!-- No archived tracks -->\n");
    assert_eq!(archived.end, reg.source().len());
    let active = reg.section(Section::Active).expect("active");
    assert!(reg.source()[active.end..].starts_with("## Completed\n"));

    let ids: Vec<_> = reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str(), e.section)).collect();
    assert_eq!(
        ids,
        [
            (Some("add-csv-export"), "Export ledgers as CSV", Some(Section::Active)),
            (Some("fix-login-timeout"), "Session expires after 5 minutes", Some(Section::Active)),
            (Some("blocked-one"), "A blocked track", Some(Section::Active)),
            (Some("legacy-cleanup"), "Remove the v1 import path", Some(Section::Completed)),
        ]
    );
    assert!(reg.entries.iter().all(|e| e.style == EntryStyle::Draft && e.marker.is_none()));

    let csv = reg.entry("add-csv-export").expect("entry");
    assert!(reg.source()[csv.span.clone()].starts_with("### add-csv-export - Export ledgers as CSV\n"));
    let keys: Vec<_> = csv.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["Status", "Created", "Phases", "Tasks", "PR", "Path"]);
    for f in &csv.fields {
        assert_eq!(value_at(&reg, f), f.value, "{f:?}");
    }
    assert_eq!(csv.field("path").map(|f| f.value.as_str()), Some("`./tracks/add-csv-export/`"));
    assert_eq!(csv.field("Created").map(|f| f.line), Some(csv.line + 2));
}

#[test]
fn notes_after_a_count_keep_the_fraction_spans_exact() {
    let reg = parse(DRAFT_REGISTRY);
    let tasks = reg.entry("add-csv-export").and_then(|e| e.field("Tasks")).expect("tasks");
    assert_eq!(tasks.value, "26/27 (task 27 is the deploy gate)");
    let f = tasks.fraction().expect("fraction");
    assert_eq!((f.done, f.total), (26, 27));
    assert_eq!((&reg.source()[f.done_span.clone()], &reg.source()[f.total_span.clone()]), ("26", "27"));
    assert_eq!(reg.entry("add-csv-export").and_then(|e| e.field("PR")).and_then(Field::fraction), None);
}

#[test]
fn two_fields_on_one_line() {
    let reg = parse(DRAFT_REGISTRY);
    let entry = reg.entry("fix-login-timeout").expect("entry");
    let phases = entry.field("Phases").expect("phases");
    let tasks = entry.field("Tasks").expect("tasks");
    assert_eq!((phases.value.as_str(), tasks.value.as_str()), ("0/3", "0/5"));
    assert_eq!(phases.line, tasks.line);
    assert_eq!((value_at(&reg, phases), value_at(&reg, tasks)), ("0/3", "0/5"));
    let f = tasks.fraction().expect("fraction");
    assert_eq!((&reg.source()[f.done_span], &reg.source()[f.total_span]), ("0", "5"));
}

#[test]
fn status_values_with_dates_and_notes() {
    let reg = parse(DRAFT_REGISTRY);
    let status = |id: &str| reg.entry(id).and_then(|e| e.field("Status")).expect("status");
    let cases = [
        ("add-csv-export", Marker::InProgress, "In Progress"),
        ("fix-login-timeout", Marker::Pending, "Planning"),
        ("blocked-one", Marker::Blocked, "Blocked"),
        ("legacy-cleanup", Marker::Done, "Completed"),
    ];
    for (id, marker, label) in cases {
        let field = status(id);
        let value = field.status().expect("status value");
        assert_eq!((value.marker, value.label.as_str()), (Some(marker), label), "{id}");
        let off = value.marker_offset.expect("offset");
        assert_eq!(reg.source()[off..].chars().next(), Some(marker.as_char()), "{id}");
    }
    let legacy = status("legacy-cleanup");
    assert_eq!(legacy.value, "[x] Completed 2026-02-20 — shipped in **v2.3.0**");
    assert_eq!(reg.entry("legacy-cleanup").map(|e| e.fields.len()), Some(2), "bold text in a note is not a field");
}

#[test]
fn status_without_a_marker_and_with_a_note_after_a_dash() {
    let reg = parse("## Active\n### a - A\n- **Status:** Completed — released **v1.4.0** · **PR:** #12\n");
    let entry = reg.entry("a").expect("entry");
    let status = entry.field("Status").expect("status");
    assert_eq!(status.value, "Completed — released **v1.4.0**");
    let value = status.status().expect("value");
    assert_eq!((value.marker, value.marker_offset, value.label.as_str()), (None, None, "Completed"));
    assert_eq!(entry.field("PR").map(|f| f.value.as_str()), Some("#12"));
}

#[test]
fn conductor_bullets_with_links_and_rules() {
    let src = "# Project Tracks\n\nThis file tracks all major tracks for the project.\n\n---\n\n- [x] **Track: Email and password sign-in**\n*Link: [./tracks/auth_20260301/](./tracks/auth_20260301/)*\n\n---\n\n- [~] **Track: Full-text recipe search**\n*Link: [./tracks/search_20260310/](./tracks/search_20260310/)*\n";
    let reg = parse(src);
    assert!(reg.sections.is_empty());
    let got: Vec<_> =
        reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str(), e.marker, e.style, e.section)).collect();
    assert_eq!(
        got,
        [
            (
                Some("auth_20260301"),
                "Email and password sign-in",
                Some(Marker::Done),
                EntryStyle::ConductorBullet,
                None
            ),
            (
                Some("search_20260310"),
                "Full-text recipe search",
                Some(Marker::InProgress),
                EntryStyle::ConductorBullet,
                None
            ),
        ]
    );
    for e in &reg.entries {
        let off = e.marker_offset.expect("offset");
        assert_eq!(reg.source()[off..].chars().next(), e.marker.map(Marker::as_char));
        assert!(reg.source()[e.span.clone()].starts_with("- ["));
        assert!(reg.source()[e.span.clone()].contains("*Link: "));
        assert!(!reg.source()[e.span.clone()].contains("---"), "a rule ends the entry");
    }
}

#[test]
fn conductor_bullet_without_a_link_has_no_id() {
    let reg = parse("- [ ] **Track: Orphan**\n\nsome prose\n");
    assert_eq!(reg.entries.len(), 1);
    assert_eq!((reg.entries[0].id.as_deref(), reg.entries[0].title.as_str()), (None, "Orphan"));
}

#[test]
fn legacy_conductor_headings() {
    let src = "# Tracks\n\n## [ ] Track: Old style\n*Link: [./conductor/tracks/old_20250101/](./conductor/tracks/old_20250101/)*\n\n## [x] Track: Done style\n";
    let reg = parse(src);
    let got: Vec<_> = reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str(), e.marker, e.style)).collect();
    assert_eq!(
        got,
        [
            (Some("old_20250101"), "Old style", Some(Marker::Pending), EntryStyle::ConductorHeading),
            (None, "Done style", Some(Marker::Done), EntryStyle::ConductorHeading),
        ]
    );
    let off = reg.entries[1].marker_offset.expect("offset");
    assert_eq!(&src[off..=off], "x");
    assert!(reg.sections.is_empty(), "a legacy heading is no section");
}

#[test]
fn bare_link_entries() {
    let src = "# Tracks\n\n- [Dark mode](./tracks/dark-mode/index.md)\n* [Search](tracks/search_20260310/)\n- [Not a track](../README.md)\n";
    let reg = parse(src);
    let got: Vec<_> = reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str(), e.style)).collect();
    assert_eq!(
        got,
        [(Some("dark-mode"), "Dark mode", EntryStyle::Link), (Some("search_20260310"), "Search", EntryStyle::Link)]
    );
    assert_eq!(&src[reg.entries[0].span.clone()], "- [Dark mode](./tracks/dark-mode/index.md)\n");
}

#[test]
fn entries_inside_fences_are_ignored() {
    let reg = parse("## Active\n```\n### fake - Fake\n- **Status:** [ ] Planning\n```\n<!-- No active tracks -->\n");
    assert!(reg.entries.is_empty());
    assert!(reg.section(Section::Active).and_then(|s| s.placeholder.as_ref()).is_some());
}

#[test]
fn heading_without_a_dash_takes_the_first_word_as_id() {
    let reg = parse("## Active\n### solo\n### two words here\n");
    let got: Vec<_> = reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str())).collect();
    assert_eq!(got, [(Some("solo"), ""), (Some("two"), "")]);
}

#[test]
fn parsing_keeps_the_source() {
    for src in [DRAFT_REGISTRY, "", "\u{feff}# Tracks\r\n## Active\r\n", "---\nunclosed"] {
        assert_eq!(parse(src).into_source(), src);
    }
}

const ENTRY: &str = "### new-one - New one\n- **Status:** [ ] Planning\n";

#[test]
fn draft_entry_renders_formats_example() {
    assert_eq!(
        draft_entry("add-user-auth", "Add user authentication", "[ ] Planning", "2026-02-14", (0, 3), (0, 12)),
        "### add-user-auth - Add user authentication\n- **Status:** [ ] Planning\n- **Created:** 2026-02-14\n- **Phases:** 0/3\n- **Tasks:** 0/12\n- **Path:** `./tracks/add-user-auth/`\n"
    );
}

#[test]
fn insert_replaces_the_placeholder() {
    let src = "# Tracks\n\n## Active\n<!-- No active tracks -->\n\n## Completed\n<!-- No completed tracks -->\n";
    let out = insert_entry(&parse(src), Section::Active, ENTRY);
    assert_eq!(
        out,
        "# Tracks\n\n## Active\n\n### new-one - New one\n- **Status:** [ ] Planning\n\n## Completed\n<!-- No completed tracks -->\n"
    );
    let src = "## Active\n\n<!-- No active tracks -->\n## Completed\n";
    let out = insert_entry(&parse(src), Section::Active, ENTRY);
    assert_eq!(out, "## Active\n\n### new-one - New one\n- **Status:** [ ] Planning\n## Completed\n");
}

#[test]
fn insert_appends_after_the_last_entry_with_one_blank_line() {
    let src = "## Active\n\n### a - A\n- **Status:** [ ] Planning\n\n\n## Completed\n<!-- No completed tracks -->\n";
    let out = insert_entry(&parse(src), Section::Active, ENTRY);
    assert_eq!(
        out,
        "## Active\n\n### a - A\n- **Status:** [ ] Planning\n\n### new-one - New one\n- **Status:** [ ] Planning\n\n\n## Completed\n<!-- No completed tracks -->\n"
    );
    // At the end of a file without a final newline.
    let src = "## Active\n\n### a - A\n- **Status:** [ ] Planning";
    let out = insert_entry(&parse(src), Section::Active, ENTRY);
    assert_eq!(
        out,
        "## Active\n\n### a - A\n- **Status:** [ ] Planning\n\n### new-one - New one\n- **Status:** [ ] Planning\n"
    );
    let reparsed = parse(&out);
    assert_eq!(reparsed.entries.iter().filter_map(|e| e.id.as_deref()).collect::<Vec<_>>(), ["a", "new-one"]);
}

#[test]
fn insert_creates_a_missing_section() {
    // Active goes before the first section.
    let src = "# Tracks\n\n## Completed\n<!-- No completed tracks -->\n";
    let out = insert_entry(&parse(src), Section::Active, ENTRY);
    assert_eq!(
        out,
        "# Tracks\n\n## Active\n\n### new-one - New one\n- **Status:** [ ] Planning\n\n## Completed\n<!-- No completed tracks -->\n"
    );
    // Any other section goes at the end.
    let src = "# Tracks\n\n## Active\n<!-- No active tracks -->";
    let out = insert_entry(&parse(src), Section::Archived, ENTRY);
    assert_eq!(
        out,
        "# Tracks\n\n## Active\n<!-- No active tracks -->\n\n## Archived\n\n### new-one - New one\n- **Status:** [ ] Planning\n"
    );
    // An empty file.
    assert_eq!(insert_entry(&parse(""), Section::Active, ENTRY), format!("## Active\n\n{ENTRY}"));
    let reparsed = parse(&out);
    assert_eq!(reparsed.entry("new-one").and_then(|e| e.section), Some(Section::Archived));
}

/// Regression: `insert_entry` wrote LF lines (and LF blank lines) into a CRLF
/// registry, leaving the file with mixed line endings after `new-track`.
#[test]
fn regression_insert_entry_mixed_lf_into_crlf_registry() {
    let src = "## Active\r\n<!-- No active tracks -->\r\n\r\n## Completed\r\n";
    assert_eq!(
        insert_entry(&parse(src), Section::Active, ENTRY),
        "## Active\r\n\r\n### new-one - New one\r\n- **Status:** [ ] Planning\r\n\r\n## Completed\r\n"
    );
    let src = "## Active\r\n\r\n### a - A\r\n- **Status:** [x] Done\r\n\r\n## Completed\r\n";
    assert_eq!(
        insert_entry(&parse(src), Section::Active, ENTRY),
        "## Active\r\n\r\n### a - A\r\n- **Status:** [x] Done\r\n\r\n### new-one - New one\r\n- **Status:** [ ] Planning\r\n\r\n## Completed\r\n"
    );
    let src = "# Tracks\r\n";
    assert_eq!(
        insert_entry(&parse(src), Section::Archived, ENTRY),
        "# Tracks\r\n\r\n## Archived\r\n\r\n### new-one - New one\r\n- **Status:** [ ] Planning\r\n"
    );
}

#[test]
fn unclosed_fences_and_comments_are_found() {
    assert_eq!(parse("## Active\n```\n### a - A\n```\n<!-- x -->\n").unclosed_block(), None);
    assert_eq!(parse("## Active\n\n```md\n### a - A\n").unclosed_block(), Some(3));
    assert_eq!(parse("## Active\n```\n```\n<!--\nnote\n").unclosed_block(), Some(4));
    // The frontmatter is not markdown: a fence there neither opens nor closes one.
    assert_eq!(parse("---\nx: \"```\"\n```\n---\n## Active\n```\n").unclosed_block(), Some(6));
    // Entries added after an unclosed block are hidden, which is why callers check.
    let reg = parse("## Active\n~~~\n");
    let out = insert_entry(&reg, Section::Active, ENTRY);
    assert!(parse(&out).entry("new-one").is_none());
}

/// Regression: the closing line of a longer comment, or a comment line inside
/// a fence, was taken for the `<!-- No … tracks -->` placeholder, so
/// `insert_entry` replaced it and hid everything after (found by fuzzing).
#[test]
fn regression_placeholder_taken_from_inside_a_comment_or_fence() {
    for src in [
        "## Active\n<!-- notes\nmore <!-- No active tracks -->\n## Completed\n",
        "## Active\n```md\n<!-- No active tracks -->\n```\n## Completed\n",
    ] {
        let reg = parse(src);
        assert_eq!(reg.section(Section::Active).and_then(|s| s.placeholder.clone()), None, "{src}");
        let out = insert_entry(&reg, Section::Active, ENTRY);
        assert!(out.starts_with(src.trim_end_matches("## Completed\n")), "{out}");
        assert_eq!(parse(&out).entry("new-one").map(|e| e.section), Some(Some(Section::Active)), "{out}");
    }
}

/// A focused parse drops the entries it does not want, yet a "no tracks"
/// comment after one of them is still no placeholder of its section, and
/// the section still counts as holding other entries.
#[test]
fn a_focused_parse_remembers_the_entries_it_left_out() {
    let src = "# Tracks\n\n## Active\n\n### a - A\n- **Status:** [ ] Planned\n\n<!-- No active tracks -->\n\n### b - B\n- **Status:** [ ] Planned\n\n## Completed\n\n### c - C\n- **Status:** [x] Completed\n";
    let full = parse(src);
    let focused = Registry::parse_focused(src.to_owned(), "b");
    assert_eq!(focused.sections, full.sections);
    assert!(full.section(Section::Active).is_some_and(|s| s.placeholder.is_none()));
    let ids: Vec<_> = focused.entries.iter().map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, [Some("b")]);
    assert_eq!(focused.entry("b"), full.entry("b"));
    for section in [Section::Active, Section::Completed, Section::Archived] {
        assert_eq!(focused.has_entries_besides(section, "b"), full.has_entries_besides(section, "b"), "{section:?}");
    }
    assert!(focused.has_entries_besides(Section::Active, "b"));
    assert!(!focused.has_entries_besides(Section::Archived, "b"));
}
