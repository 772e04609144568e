//! Arbitrary input: printable strings (`\PC*`), arbitrary bytes decoded
//! lossily, and "markdown soup" built from the fragments the grammars look
//! for. No parser may panic, every parse keeps its source, and the span
//! invariants hold whatever the input.

use draft_model::edit;
use draft_model::frontmatter;
use draft_model::metadata::Metadata;
use draft_model::plan::edit as plan_edit;
use draft_model::plan::{Marker, Plan};
use draft_model::registry::{self, Registry, Section};
use draft_model::text;
use proptest::prelude::*;

/// Pieces of the grammars, glued together at random.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "- ",
        "* ",
        "+ ",
        "[",
        "]",
        "[ ]",
        "[x]",
        "[X]",
        "[~]",
        "[!]",
        "[é]",
        "[]",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "#",
        "## ",
        "### ",
        "Phase ",
        "Phase 1: ",
        "Phases",
        "**",
        "**Task 1.1:** ",
        "**Task 1 (abc1234):** ",
        "Task: ",
        "Task 2: ",
        "(",
        ")",
        "(abc1234)",
        " 1f2e3d4",
        "[KEY-1]",
        "[checkpoint: abc1234]",
        "```",
        "~~~",
        "<!--",
        "-->",
        "---",
        "***",
        "Blocked:",
        "**Blocked:**",
        "**Status:** ",
        "**Tasks:** ",
        "3/4",
        "12/",
        "/7",
        " · ",
        "·",
        "|",
        "## Active",
        "## Completed",
        "## Archived",
        "<!-- No active tracks -->",
        "### id - Title",
        "Track: ",
        "*Link: [./tracks/a_1/](./tracks/a_1/)*",
        "[T](./tracks/t/index.md)",
        "tracks/",
        "\u{feff}",
        "é",
        "日本",
        "✨",
        ":",
        "word",
        "\u{0}",
        "\"",
        "project: \"x\"",
        "git: [",
        "1. ",
        "12) ",
        "`",
        "`a1b2c3d`",
        "(a1b2c3d, e4f5a6b)",
        "[commit: abc1234]",
        " 2b",
        "Phase 0: ",
        "| ",
        " |",
        "|---|---|",
        "| Status | Track ID |",
        "| [x] | [a](./tracks/a/) |",
        "_Link:",
        "[./tracks/archive/x/](./tracks/archive/x/)",
        "## Active Tracks",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// YAML-ish fragments for the frontmatter parser.
fn yaml_soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "project: ",
        "git:",
        "\n",
        "\r\n",
        "  ",
        "\t",
        "branch: ",
        "dirty: ",
        "true",
        "\"",
        "'",
        "\\",
        "[",
        "]",
        "{",
        "}",
        ",",
        "- ",
        "#",
        ":",
        "&a ",
        "*a",
        "!!str ",
        "|",
        ">",
        "? ",
        "%YAML 1.2",
        "x",
        "é",
        "\u{feff}",
        "~",
        "null",
        "0x1F",
        "\"\\u12\"",
        "...",
        "--- ",
        "\r",
        "\r",
        "\r\r\r",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|v| format!("---\n{}\n---\n# Body\n", v.concat()))
}

fn check_all(src: &str) -> Result<(), TestCaseError> {
    let plan = Plan::parse(src.to_owned());
    crate::invariants::plan(&plan)?;
    for (pos, task) in plan.counted_tasks() {
        // Refs resolve to their task or name it among several; edits apply.
        match plan.resolve(&pos.to_string()) {
            Ok((p, t)) => prop_assert_eq!((p, t.line), (pos, task.line)),
            Err(e) => prop_assert!(e.candidates().iter().any(|c| c.line == task.line), "{}", e),
        }
        let mut edits = plan_edit::remove_sha(task);
        edits.push(plan_edit::set_marker(task, Marker::Done));
        edits.extend(plan_edit::remove_blocked(&plan, task));
        let out = edit::apply(plan.source(), edits);
        prop_assert!(out.is_ok(), "{:?}", out);
        let out = edit::apply(plan.source(), vec![plan_edit::add_note(&plan, task, "note")]);
        prop_assert!(out.is_ok(), "{:?}", out);
    }
    let _ = plan.resolve(src.get(..8).unwrap_or(""));
    prop_assert_eq!(plan.into_source(), src);

    let reg = Registry::parse(src.to_owned());
    crate::invariants::registry(&reg)?;
    for section in [Section::Active, Section::Completed, Section::Archived] {
        let out = registry::insert_entry(&reg, section, "### zz-new - New\n- **Status:** [ ] Planning\n");
        let again = Registry::parse(out);
        crate::invariants::registry(&again)?;
        // The new entry reads back, unless an unclosed fence or comment hides it.
        prop_assert!(again.entry("zz-new").is_some() || reg.unclosed_block().is_some());
    }
    for id in reg.entries.iter().filter_map(|e| e.id.clone()) {
        crate::invariants::focused_agrees(&reg, &id)?;
    }
    if let Some(id) = reg.entries.iter().find_map(|e| e.id.clone()) {
        for section in [Section::Active, Section::Archived] {
            if let Some(out) = registry::edit::move_entry(&reg, &id, section) {
                crate::invariants::registry(&Registry::parse(out))?;
            }
        }
    }
    prop_assert_eq!(reg.into_source(), src);

    if let Some(block) = frontmatter::locate(src) {
        prop_assert!(block.yaml.end <= block.end && block.end <= src.len());
        if let Err(d) = frontmatter::parse(src, &block, "f.md") {
            // Errors point into the block, in the document's own line numbers.
            prop_assert!(block.yaml_first_line <= d.line && d.line <= block.end_line, "{} for {:?}", d, src);
        }
    }
    let _ = frontmatter::is_unclosed(src);
    let _ = Metadata::parse(src, "metadata.json");
    for line in text::lines(src) {
        let _ = text::heading(line.text);
        prop_assert_eq!(&src[line.content_range()], line.text);
    }
    Ok(())
}

proptest! {
    #[test]
    fn printable_strings_never_panic(src in "\\PC*") {
        check_all(&src)?;
    }

    #[test]
    fn lossily_decoded_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        check_all(&src)?;
        // The strict decoder either accepts the bytes unchanged or says why not.
        match text::decode(bytes.clone()) {
            Ok(decoded) => prop_assert_eq!(decoded.as_bytes(), bytes.as_slice()),
            Err(text::DecodeError::Binary { offset }) => prop_assert_eq!(bytes[offset], 0),
            Err(text::DecodeError::NotUtf8 { offset, line }) => {
                prop_assert!(std::str::from_utf8(&bytes[..offset]).is_ok());
                prop_assert_eq!(line, text::line_of_offset(&String::from_utf8_lossy(&bytes[..offset]), offset));
            }
        }
    }

    #[test]
    fn yaml_soup_never_panics(src in yaml_soup()) {
        check_all(&src)?;
    }

    #[test]
    fn markdown_soup_never_panics(src in soup()) {
        check_all(&src)?;
    }
}
