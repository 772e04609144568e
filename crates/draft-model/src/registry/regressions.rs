//! Regression tests for the registry items of issue 8, one per item, each
//! written against the repro in the issue and failing before its fix.

use super::edit::{self, move_entry};
use super::*;
use crate::edit::apply;

fn parse(src: &str) -> Registry {
    Registry::parse(src.to_owned())
}

const TABLES: &str = "# Project Tracks

## Active Tracks

| Status | Track ID | Title | Updated | Tasks |
|--------|----------|-------|---------|-------|
| [~] | [auth_20250101](./tracks/auth_20250101/) | **Auth** flow | 2025-01-05 | 3/5 |
| [ ] | `search_1` | Search | 2025-01-06 | 0/2 |

## Completed Tracks

| Status | Track ID | Title | Updated | Tasks |
|---|---|---|---|---|
| [x] | [old_1](./tracks/old_1/) | Old | 2024-12-01 | 4/4 |

## Notes

| Marker | Meaning |
|---|---|
| [x] | done |
";

/// Item 7: table registries are read, and edited losslessly.
#[test]
fn regression_table_registry() {
    let reg = parse(TABLES);
    let got: Vec<_> =
        reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str(), e.marker, e.section, e.style)).collect();
    assert_eq!(
        got,
        [
            (Some("auth_20250101"), "Auth flow", Some(Marker::InProgress), Some(Section::Active), EntryStyle::Table),
            (Some("search_1"), "Search", Some(Marker::Pending), Some(Section::Active), EntryStyle::Table),
            (Some("old_1"), "Old", Some(Marker::Done), Some(Section::Completed), EntryStyle::Table),
        ]
    );
    assert_eq!(reg.tables.len(), 2, "the legend is no track table");
    assert_eq!(reg.tables[0].columns, ["Status", "Track ID", "Title", "Updated", "Tasks"]);
    let auth = reg.entry("auth_20250101").expect("auth");
    assert_eq!(auth.link.as_ref().map(TrackLink::dir), Some("tracks/auth_20250101"));
    assert_eq!(auth.field("Updated").map(|f| f.value.as_str()), Some("2025-01-05"));
    assert!(reg.entry("search_1").is_some_and(|e| e.link.is_none()));

    // Marker and count edits replace only their bytes.
    let mut edits: Vec<_> = edit::set_entry_marker(auth, Marker::Done).into_iter().collect();
    edits.extend(edit::set_fraction(auth.field("Tasks").expect("tasks"), 5, 5));
    let out = apply(TABLES, edits).expect("apply");
    assert!(out.contains("| [x] | [auth_20250101](./tracks/auth_20250101/) | **Auth** flow | 2025-01-05 | 5/5 |\n"));
    assert_eq!(out.len(), TABLES.len());

    // Moving a row appends it to the target section's table.
    let out = move_entry(&reg, "auth_20250101", Section::Completed).expect("moved");
    let want = TABLES
        .replace("| [~] | [auth_20250101](./tracks/auth_20250101/) | **Auth** flow | 2025-01-05 | 3/5 |\n", "")
        .replace(
            "| [x] | [old_1](./tracks/old_1/) | Old | 2024-12-01 | 4/4 |\n",
            "| [x] | [old_1](./tracks/old_1/) | Old | 2024-12-01 | 4/4 |\n| [~] | [auth_20250101](./tracks/auth_20250101/) | **Auth** flow | 2025-01-05 | 3/5 |\n",
        );
    assert_eq!(out, want);
    let again = parse(&out);
    assert_eq!(again.entry("auth_20250101").and_then(|e| e.section), Some(Section::Completed));
    // A section without a table gets one with the same header.
    let out = move_entry(&again, "search_1", Section::Archived).expect("moved");
    assert!(
        out.ends_with("| [x] | done |\n\n## Archived Tracks\n\n| Status | Track ID | Title | Updated | Tasks |\n|--------|----------|-------|---------|-------|\n| [ ] | `search_1` | Search | 2025-01-06 | 0/2 |\n"),
        "{out}"
    );
    assert_eq!(parse(&out).entry("search_1").and_then(|e| e.section), Some(Section::Archived));

    // One table for all tracks, CRLF, no final line break.
    let src = "| Status | Track | Title |\r\n|:--|:--|:--|\r\n| [x] | [a](./tracks/a/) | A |\r\n| [ ] | [b](./tracks/b/) | B |";
    let reg = parse(src);
    assert_eq!(reg.entries.iter().map(|e| e.id.as_deref()).collect::<Vec<_>>(), [Some("a"), Some("b")]);
    let out = move_entry(&reg, "b", Section::Active).expect("moved");
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert_eq!(parse(&out).entry("b").and_then(|e| e.section), Some(Section::Active));
}

/// Item 8: links into `tracks/archive/<id>/`, wrapped onto the next line.
#[test]
fn regression_archive_links_and_wrapped_entries() {
    let src = "# Project Tracks\n\n- [x] **Track: Foo** _Link:\n      [./tracks/archive/foo/](./tracks/archive/foo/)_\n\n- [x] **Track: Bar** _Link:\n      [./tracks/archive/bar/](./tracks/archive/bar/)_\n";
    let reg = parse(src);
    let got: Vec<_> = reg
        .entries
        .iter()
        .map(|e| (e.id.as_deref(), e.title.as_str(), e.link.as_ref().map(TrackLink::dir), e.style))
        .collect();
    assert_eq!(
        got,
        [
            (Some("foo"), "Foo", Some("tracks/archive/foo"), EntryStyle::ConductorBullet),
            (Some("bar"), "Bar", Some("tracks/archive/bar"), EntryStyle::ConductorBullet),
        ]
    );
    let link = reg.entries[0].link.as_ref().expect("link");
    assert_eq!(&src[link.span.clone()], "./tracks/archive/foo/");
    assert!(src[reg.entries[0].span.clone()].trim_end().ends_with("(./tracks/archive/foo/)_"));

    // Other spellings of the same thing.
    let src = "- [ ] **Track:** Baz *Link: [./tracks/baz_1/](./tracks/baz_1/)*\n- [~] **Track: Qux [`x`]** \n*Link: [./tracks/archive/qux/](./tracks/archive/qux/)*\n- [**Zed**](./archive/zed/index.md)\n## [x] Track: _Old_ [link](./tracks/archive/old/)\n";
    let reg = parse(src);
    let got: Vec<_> = reg.entries.iter().map(|e| (e.id.as_deref(), e.title.as_str())).collect();
    assert_eq!(got, [(Some("baz_1"), "Baz"), (Some("qux"), "Qux [x]"), (Some("zed"), "Zed"), (Some("old"), "Old")]);

    // A Draft entry's folder is its `**Path:**`, not another link it carries.
    let reg = parse("### a - A\n- **Spec:** [spec](./tracks/other/spec.md)\n- **Path:** `./tracks/archive/a/`\n");
    let entry = reg.entry("a").expect("entry");
    assert_eq!(entry.link.as_ref().map(TrackLink::dir), Some("tracks/archive/a"));
}

/// Item 19: a CRLF registry gains no bare LF when an entry leaves a section.
#[test]
fn regression_crlf_registry_move_keeps_line_endings() {
    let src = "# Tracks\r\n\r\n## Active\r\n\r\n### a - A\r\n- **Phases:** 1/1\r\n\r\n## Completed\r\n<!-- No completed tracks -->\r\n";
    let reg = parse(src);
    let out = move_entry(&reg, "a", Section::Completed).expect("moved");
    assert_eq!(
        out,
        "# Tracks\r\n\r\n## Active\r\n\r\n<!-- No active tracks -->\r\n\r\n## Completed\r\n\r\n### a - A\r\n- **Phases:** 1/1\r\n"
    );
    let entry = reg.entry("a").expect("entry");
    let out = apply(src, vec![edit::insert_status(src, entry, "[ ] Planning")]).expect("apply");
    assert!(out.contains("### a - A\r\n- **Status:** [ ] Planning\r\n- **Phases:**"), "{out:?}");
    // A last entry without a final line break, in a lone-CR file.
    let src = "## Active\r### a - A\r- **Phases:** 1/1";
    let out = move_entry(&parse(src), "a", Section::Archived).expect("moved");
    assert!(!out.contains('\n'), "{out:?}");
    assert_eq!(parse(&out).entry("a").and_then(|e| e.section), Some(Section::Archived));
}
