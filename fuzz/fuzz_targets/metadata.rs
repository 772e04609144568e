//! Fuzz metadata.json parsing: no panic on any text, and an accepted object
//! written back out parses to the same map in the same key order.

#![no_main]

use draft_core::metadata::Metadata;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_core::text::decode(data.to_vec()) else { return };
    let Ok(meta) = Metadata::parse(&text, "metadata.json") else { return };
    let _ = (meta.id(), meta.title(), meta.status(), meta.kind(), meta.counter("tasks"));
    let written = serde_json::to_string(&meta.map).expect("a map serialises");
    let again = Metadata::parse(&written, "metadata.json").expect("written JSON parses");
    assert_eq!(again.map, meta.map);
});
