//! Fuzz the plan parser: any text decodes (or is skipped), parses without
//! panicking, keeps its bytes, and records only in-bounds spans on character
//! boundaries, each marker offset pointing at its marker.

#![no_main]

use draft_model::plan::{Marker, Plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_model::text::decode(data.to_vec()) else { return };
    let plan = Plan::parse(text.clone());
    let src = plan.source();
    let tasks = plan.phases.iter().flat_map(|p| &p.tasks).chain(&plan.loose_tasks);
    for task in tasks {
        assert!(src.get(task.line_span.clone()).is_some());
        let marker = src[task.marker_offset..].chars().next().map(Marker::from_char);
        assert_eq!(marker, Some(task.marker));
        if let Some(sha) = &task.sha {
            assert_eq!(src.get(sha.span.clone()), Some(sha.sha.as_str()));
            assert!(src.get(sha.removal_span.clone()).is_some());
        }
        for child in &task.children {
            assert!(src.get(child.span.clone()).is_some());
        }
    }
    let counts = plan.task_counts();
    assert_eq!(counts.completed + counts.in_progress + counts.blocked + counts.pending, counts.total);
    assert_eq!(plan.into_source(), text);
});
