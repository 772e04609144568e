//! Plan grammar: the rules the line scanner of `draft-model`'s plan can see.
//!
//! Unknown markers (`[-]`, `[/]`), tasks outside every phase of a phased
//! plan (a hint: they are still tasks), duplicate task labels, done tasks
//! without a commit SHA when workflow.md asks for a commit per task, and
//! SHAs (task or phase checkpoint) that do not name a commit — the last is a
//! git request the runner answers in one batch.

use crate::context::{Ctx, Deferred, DocInput, Sink, Words};
use crate::rule::{By, Check, NONE, PLAN, RuleInfo};
use draft_model::diagnostic::Severity::{Error as E, Info as I, Warning as W};
use draft_model::plan::{Marker, Phase, Plan, Task};
use std::collections::HashMap;

/// `plan-unknown-marker`
pub static UNKNOWN_MARKER: RuleInfo = RuleInfo {
    id: "plan-unknown-marker",
    family: "plan",
    default_severity: E,
    fixable: false,
    applies_to: PLAN,
    check: Check::Doc(unknown_marker),
    rationale: "task markers are `[ ]`, `[~]`, `[x]` or `[!]`; anything else (`[-]`, `[/]`) is counted as pending and is probably a mistake",
};

/// `plan-task-outside-phase`
pub static OUTSIDE_PHASE: RuleInfo = RuleInfo {
    id: "plan-task-outside-phase",
    family: "plan",
    default_severity: I,
    fixable: false,
    applies_to: PLAN,
    check: Check::Doc(outside_phase),
    rationale: "a task outside every `Phase` heading of a phased plan belongs to no phase (a hint: it is still a task)",
};

/// `plan-duplicate-label`
pub static DUPLICATE_LABEL: RuleInfo = RuleInfo {
    id: "plan-duplicate-label",
    family: "plan",
    default_severity: E,
    fixable: false,
    applies_to: PLAN,
    check: Check::Doc(duplicate_label),
    rationale: "two tasks with the same label (`Task 1.2`) make references ambiguous",
};

/// `plan-missing-sha`
pub static MISSING_SHA: RuleInfo = RuleInfo {
    id: "plan-missing-sha",
    family: "plan",
    default_severity: W,
    fixable: false,
    applies_to: PLAN,
    check: Check::Doc(missing_sha),
    rationale: "a done task records its commit SHA when workflow.md asks for a commit per task (a line mentioning \"commit per task\", \"commit after each/every task\" or \"one commit per task\"); a phase `[checkpoint: sha]` covers its tasks",
};

/// `plan-unknown-sha`
pub static UNKNOWN_SHA: RuleInfo = RuleInfo {
    id: "plan-unknown-sha",
    family: "plan",
    default_severity: E,
    fixable: false,
    applies_to: PLAN,
    check: Check::Doc(unknown_sha),
    rationale: "a SHA recorded in plan.md (task or checkpoint) names a commit that exists in the repository",
};

/// `plan-missing`
pub static MISSING: RuleInfo = RuleInfo {
    id: "plan-missing",
    family: "plan",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::TreeLoader),
    rationale: "a track folder without plan.md cannot be counted",
};

/// `plan-empty`
pub static EMPTY: RuleInfo = RuleInfo {
    id: "plan-empty",
    family: "plan",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::TreeLoader),
    rationale: "a plan.md without a single task counts as 0/0 done, so the track's progress says nothing; it is usually a plan never written",
};

/// The plan of a plan document, as the tree loaded it.
fn plan_of<'a>(input: &DocInput<'a>) -> Option<&'a Plan> {
    input.track.and_then(|t| t.plan.as_ref())
}

/// Every task with the phase it sits in (`None`: outside every phase).
fn tasks(plan: &Plan) -> impl Iterator<Item = (Option<&Phase>, &Task)> {
    plan.phases.iter().flat_map(|p| p.tasks.iter().map(move |t| (p.is_phase.then_some(p), t)))
}

fn unknown_marker(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(plan) = plan_of(input) else { return };
    let doc = input.doc;
    for (_, task) in tasks(plan) {
        if let Marker::Unknown(c) = task.marker {
            let span = task.marker_offset..task.marker_offset + c.len_utf8();
            sink.out.push(
                doc.at_span(UNKNOWN_MARKER.diag(&doc.rel, format!("unknown task marker `[{c}]`")), span)
                    .with_hint("use `[ ]` pending, `[~]` in progress, `[x]` done or `[!]` blocked"),
            );
        }
    }
}

fn outside_phase(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(plan) = plan_of(input) else { return };
    if plan.phase_counts().total == 0 {
        return;
    }
    let doc = input.doc;
    for task in plan.phases.iter().filter(|p| !p.is_phase).flat_map(|p| p.tasks.iter()) {
        let at = task.marker_offset.saturating_sub(1);
        sink.out.push(
            doc.at_span(OUTSIDE_PHASE.diag(&doc.rel, "this task sits outside every phase"), at..at)
                .with_hint("move it under a `## Phase N: …` heading if it belongs to one"),
        );
    }
}

fn duplicate_label(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(plan) = plan_of(input) else { return };
    let doc = input.doc;
    // Sized up front: growing rehashes every label, and plans can hold a million.
    let tasks_total = plan.phases.iter().map(|p| p.tasks.len()).sum::<usize>();
    let mut labels: HashMap<&str, usize> = HashMap::with_capacity(tasks_total);
    for (_, task) in tasks(plan) {
        let Some(label) = task.label.as_deref().filter(|l| *l != "Task") else { continue };
        if let Some(first) = labels.get(label) {
            let message = format!("task label `{label}` is already used on line {first}");
            sink.out.push(
                doc.at_span(DUPLICATE_LABEL.diag(&doc.rel, message), label_span(&doc.src, task))
                    .with_hint("renumber the tasks so each label is unique"),
            );
        } else {
            labels.insert(label, task.line);
        }
    }
}

fn missing_sha(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    if !ctx.commit_per_task {
        return;
    }
    let Some(plan) = plan_of(input) else { return };
    let doc = input.doc;
    for (phase, task) in tasks(plan) {
        if task.shas.is_empty() && task.marker == Marker::Done && phase.is_none_or(|p| p.checkpoint.is_none()) {
            let message = "done task records no commit SHA, but workflow.md asks for a commit per task";
            sink.out.push(
                doc.at_span(MISSING_SHA.diag(&doc.rel, message), task.marker_offset..task.marker_offset + 1)
                    .with_hint("append the short SHA, e.g. `(a1b2c3d)`"),
            );
        }
    }
}

fn unknown_sha(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(plan) = plan_of(input) else { return };
    let doc = input.doc;
    for sha in tasks(plan).flat_map(|(_, task)| task.shas.iter()) {
        let placed = doc.at_span(UNKNOWN_SHA.diag(&doc.rel, String::new()), sha.span.clone());
        sink.ask_commit(&doc.rel, Deferred::new(&sha.sha, &placed, "", Words::TaskCommit));
    }
    for phase in &plan.phases {
        let Some(sha) = &phase.checkpoint else { continue };
        let heading = &doc.src[phase.heading_span.clone()];
        let at = heading.find(sha.as_str()).map_or(phase.heading_span.start, |i| phase.heading_span.start + i);
        let span = at..at + sha.len();
        if sha.len() >= 4 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            let placed = doc.at_span(UNKNOWN_SHA.diag(&doc.rel, String::new()), span);
            sink.ask_commit(&doc.rel, Deferred::new(sha, &placed, "", Words::Checkpoint));
        } else {
            let message = format!("checkpoint {sha:?} is not a commit SHA");
            sink.out.push(doc.at_span(UNKNOWN_SHA.diag(&doc.rel, message), span));
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
