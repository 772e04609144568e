//! Plan grammar: the rules the line scanner in `plan.rs` can see.
//!
//! Unknown markers (`[-]`, `[/]`), tasks above the first phase of a phased
//! plan, duplicate task labels, done tasks without a commit SHA when
//! workflow.md asks for a commit per task, and SHAs (task or phase
//! checkpoint) that do not name a commit — the last is a git request the
//! runner answers in one batch.

use super::{Ctx, Doc, Request, diag};
use draft_model::diagnostic::Diagnostic;
use draft_model::plan::{Marker, Task};
use std::collections::HashMap;

/// Check one plan.
pub fn check(ctx: &Ctx<'_>, doc: &Doc, out: &mut Vec<Diagnostic>, req: &mut Vec<Request>) {
    let Some(plan) = doc.track.and_then(|i| ctx.tree.tracks.get(i)).and_then(|t| t.plan.as_ref()) else { return };
    let src = plan.source();
    let has_phases = plan.phase_counts().total > 0;
    let all = plan.phases.iter().flat_map(|p| p.tasks.iter().map(move |t| (p, t)));
    let mut labels: HashMap<&str, usize> = HashMap::new();
    for (phase, task) in all {
        if let Marker::Unknown(c) = task.marker {
            out.push(
                diag("plan-unknown-marker", &doc.rel, format!("unknown task marker `[{c}]`"))
                    .at_span(src, task.marker_offset..task.marker_offset + c.len_utf8())
                    .with_hint("use `[ ]` pending, `[~]` in progress, `[x]` done or `[!]` blocked"),
            );
        }
        if !phase.is_phase && has_phases {
            out.push(
                diag("plan-task-outside-phase", &doc.rel, "this task sits outside every phase")
                    .at_span(src, task.marker_offset.saturating_sub(1)..task.marker_offset.saturating_sub(1))
                    .with_hint("move it under a `## Phase N: …` heading"),
            );
        }
        if let Some(label) = task.label.as_deref().filter(|l| *l != "Task") {
            if let Some(first) = labels.get(label) {
                out.push(
                    diag(
                        "plan-duplicate-label",
                        &doc.rel,
                        format!("task label `{label}` is already used on line {first}"),
                    )
                    .at_span(src, label_span(src, task))
                    .with_hint("renumber the tasks so each label is unique"),
                );
            } else {
                labels.insert(label, task.line);
            }
        }
        match task.sha() {
            Some(sha) => req.push(Request::Commit {
                sha: sha.sha.clone(),
                diag: diag(
                    "plan-unknown-sha",
                    &doc.rel,
                    format!("commit {} recorded on this task does not exist", sha.sha),
                )
                .at_span(src, sha.span.clone())
                .with_hint("record the SHA of the commit that did the task (`git log --oneline`)"),
            }),
            None if task.marker == Marker::Done && ctx.commit_per_task && phase.checkpoint.is_none() => {
                out.push(
                    diag(
                        "plan-missing-sha",
                        &doc.rel,
                        "done task records no commit SHA, but workflow.md asks for a commit per task",
                    )
                    .at_span(src, task.marker_offset..task.marker_offset + 1)
                    .with_hint("append the short SHA, e.g. `(a1b2c3d)`"),
                );
            }
            None => {}
        }
    }
    for phase in &plan.phases {
        let Some(sha) = &phase.checkpoint else { continue };
        let heading = &src[phase.heading_span.clone()];
        let at = heading.find(sha.as_str()).map_or(phase.heading_span.start, |i| phase.heading_span.start + i);
        if sha.len() >= 4 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            req.push(Request::Commit {
                sha: sha.clone(),
                diag: diag("plan-unknown-sha", &doc.rel, format!("checkpoint commit {sha} does not exist"))
                    .at_span(src, at..at + sha.len())
                    .with_hint("record the SHA of the phase's checkpoint commit"),
            });
        } else {
            out.push(
                diag("plan-unknown-sha", &doc.rel, format!("checkpoint {sha:?} is not a commit SHA"))
                    .at_span(src, at..at + sha.len()),
            );
        }
    }
}

fn label_span(src: &str, task: &Task) -> std::ops::Range<usize> {
    let line = &src[task.line_span.clone()];
    task.label.as_deref().and_then(|l| line.find(l)).map_or(task.marker_offset..task.marker_offset, |i| {
        let start = task.line_span.start + i;
        start..start + task.label.as_deref().map_or(0, str::len)
    })
}
