//! Fuzz frontmatter location and YAML parsing: no panic on any text, a
//! located block lies inside the document, and a parse error is located at
//! a line of the block.

#![no_main]

use draft_model::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_model::text::decode(data.to_vec()) else { return };
    let Some(block) = frontmatter::locate(&text) else {
        return;
    };
    assert!(text.get(block.yaml.clone()).is_some());
    assert!(block.yaml.end <= block.end && block.end <= text.len());
    if let Err(diagnostic) = frontmatter::parse(&text, &block, "fuzz.md") {
        assert!(diagnostic.line >= block.yaml_first_line && diagnostic.line <= block.end_line, "{diagnostic}");
    }
});
