//! Fuzz the plan parser: any text decodes (or is skipped), parses without
//! panicking, keeps its bytes, and records only in-bounds spans on character
//! boundaries, each marker offset pointing at its marker; every task's ref
//! resolves to it (or names it among several), and its edits apply.

#![no_main]

use draft_model::edit;
use draft_model::plan::edit as plan_edit;
use draft_model::plan::{Marker, Plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = draft_model::text::decode(data.to_vec()) else { return };
    let plan = Plan::parse(text.clone());
    let src = plan.source();
    for (pos, task) in plan.counted_tasks() {
        assert!(src.get(task.line_span.clone()).is_some());
        let marker = src[task.marker_offset..].chars().next().map(Marker::from_char);
        assert_eq!(marker, Some(task.marker));
        for sha in &task.shas {
            assert_eq!(src.get(sha.span.clone()), Some(sha.sha.as_str()));
            assert!(src.get(sha.removal_span.clone()).is_some());
        }
        match plan.resolve(&pos.to_string()) {
            Ok((p, t)) => assert_eq!((p, t.line), (pos, task.line)),
            Err(e) => assert!(e.candidates().iter().any(|c| c.line == task.line)),
        }
        let mut edits = plan_edit::remove_sha(task);
        edits.push(plan_edit::set_marker(task, Marker::Done));
        edits.extend(plan_edit::remove_blocked(&plan, task));
        assert!(edit::apply(src, edits).is_ok());
        for child in &task.children {
            assert!(src.get(child.span.clone()).is_some());
        }
    }
    let counts = plan.task_counts();
    assert_eq!(counts.completed + counts.in_progress + counts.blocked + counts.pending, counts.total);
    assert_eq!(plan.into_source(), text);
});
