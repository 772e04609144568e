//! Frontmatter and metadata values survive rendering: a pinned block built
//! from arbitrary strings parses back (through the real YAML parser) to the
//! same values, and a metadata object parses back to the same map in the
//! same key order.

use draft_model::frontmatter::{self, PinnedBlock};
use draft_model::metadata::Metadata;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Any characters at all (controls, line breaks, BOM, quotes, `#`, `:`).
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"',
        '\\',
        '\n',
        '\r',
        '\t',
        '#',
        ':',
        '\u{feff}',
        '\u{85}',
        '\u{2028}',
        '\0',
        '\u{7f}',
        '\u{fffe}',
        '\u{ffff}',
        '\u{10ffff}',
        '\u{9f}',
    ]);
    prop_oneof![
        prop::collection::vec(prop_oneof![any::<char>(), special], 0..24).prop_map(String::from_iter),
        "\\PC*",
        "[ -~]{0,20}",
        Just(String::new()),
    ]
}

fn pinned() -> impl Strategy<Value = PinnedBlock> {
    (
        (text(), text(), prop::option::of(text()), text(), text(), text()),
        (text(), text(), text(), text(), text(), any::<bool>()),
    )
        .prop_map(
            |(
                (project, module, track_id, generated_by, generated_at, branch),
                (remote, commit, commit_short, commit_date, commit_message, dirty),
            )| PinnedBlock {
                project,
                module,
                track_id,
                generated_by,
                generated_at,
                branch,
                remote,
                commit,
                commit_short,
                commit_date,
                commit_message,
                dirty,
            },
        )
}

proptest! {
    #[test]
    fn pinned_block_values_parse_back_identically(block in pinned(), body in "\\PC{0,40}") {
        let rendered = block.render();
        let doc = format!("{rendered}\n# Body {body}\n");
        let located = frontmatter::locate(&doc).expect("a closed block");
        prop_assert_eq!(located.end, rendered.len(), "the block ends where rendering ended");
        let fm = frontmatter::parse(&doc, &located, "doc.md").map_err(|d| TestCaseError::fail(d.to_string()))?;
        prop_assert_eq!(fm.project.as_deref(), Some(block.project.as_str()));
        prop_assert_eq!(fm.module.as_deref(), Some(block.module.as_str()));
        prop_assert_eq!(fm.track_id.as_deref(), block.track_id.as_deref());
        prop_assert_eq!(fm.generated_by.as_deref(), Some(block.generated_by.as_str()));
        prop_assert_eq!(fm.generated_at.as_deref(), Some(block.generated_at.as_str()));
        prop_assert_eq!(fm.synced_to_commit.as_deref(), Some(block.commit.as_str()));
        let git = fm.git.expect("git table");
        prop_assert_eq!(git.branch.as_deref(), Some(block.branch.as_str()));
        prop_assert_eq!(git.remote.as_deref(), Some(block.remote.as_str()));
        prop_assert_eq!(git.commit.as_deref(), Some(block.commit.as_str()));
        prop_assert_eq!(git.commit_short.as_deref(), Some(block.commit_short.as_str()));
        prop_assert_eq!(git.commit_date.as_deref(), Some(block.commit_date.as_str()));
        prop_assert_eq!(git.commit_message.as_deref(), Some(block.commit_message.as_str()));
        prop_assert_eq!(git.dirty, Some(block.dirty));
    }

    #[test]
    fn metadata_objects_parse_back_in_order(
        entries in prop::collection::vec(("\\PC{0,12}", prop_oneof![
            any::<String>().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
        ]), 0..10),
        pretty in any::<bool>(),
    ) {
        let map: Map<String, Value> = entries.into_iter().collect();
        let value = Value::Object(map.clone());
        let src = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.expect("json");
        let meta = Metadata::parse(&src, "metadata.json").map_err(|d| TestCaseError::fail(d.to_string()))?;
        prop_assert_eq!(meta.map.keys().collect::<Vec<_>>(), map.keys().collect::<Vec<_>>());
        prop_assert_eq!(meta.map, map);
    }
}
