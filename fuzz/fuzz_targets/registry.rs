//! Fuzz the registry parser, `insert_entry` and `move_entry`: any text
//! parses without panicking and keeps its bytes; field value, fraction and
//! link spans hold their values; inserting an entry yields a registry that
//! lists it unless an unclosed fence or comment hides it (which new-track
//! refuses); moving an entry never panics.

#![no_main]

use draft_model::registry::{self, Registry, Section};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_model::text::decode(data.to_vec()) else { return };
    let reg = Registry::parse(text.clone());
    let src = reg.source();
    for entry in &reg.entries {
        assert!(src.get(entry.span.clone()).is_some());
        if let Some(link) = &entry.link {
            assert_eq!(src.get(link.span.clone()), Some(link.target.as_str()));
        }
        for field in &entry.fields {
            assert_eq!(src.get(field.value_span.clone()), Some(field.value.as_str()));
            if let Some(f) = field.fraction() {
                assert_eq!(src.get(f.done_span.clone()).and_then(|s| s.parse().ok()), Some(f.done));
                assert_eq!(src.get(f.total_span.clone()).and_then(|s| s.parse().ok()), Some(f.total));
            }
        }
    }
    let entry = registry::draft_entry("fuzz.new", "Fuzz", "[ ] Planning", "2026-03-01", (0, 1), (0, 1));
    let again = Registry::parse(registry::insert_entry(&reg, Section::Active, &entry));
    // The new entry reads back, unless an unclosed fence or comment hides it.
    assert!(again.entry("fuzz.new").is_some() || reg.unclosed_block().is_some());
    if let Some(id) = reg.entries.iter().find_map(|e| e.id.clone()) {
        let _ = registry::edit::move_entry(&reg, &id, Section::Archived);
    }
    assert_eq!(reg.into_source(), text);
});
