//! Approval gates: work must not start before the spec is approved, and the
//! approval table must say who approves.
//!
//! A track whose plan has a task `[~]` or `[x]` while a checkbox under the
//! spec's `### Approval Gates` heading is still unchecked gets a warning
//! (an error with `--strict`) pointing at the first unchecked gate. Once a
//! spec is past drafting, an approval-bearing table (a `Role` column, or a
//! table in a section about approvals) has no row whose cells after the role
//! are all empty — nobody named, nothing approved.

use crate::context::{Ctx, DocInput, Sink};
use crate::placeholders::past_drafting;
use crate::rule::{Check, RuleInfo, SPEC};
use crate::spec_model::Table;
use draft_model::diagnostic::Severity::Warning as W;
use draft_model::plan::Marker;

/// `approval-gate`
pub static APPROVAL_GATE: RuleInfo = RuleInfo {
    id: "approval-gate",
    family: "gates",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(approval_gate),
    rationale: "work started (a task `[~]`/`[x]`) while a spec approval gate is still unchecked",
};

/// `approval-empty-row`
pub static EMPTY_ROW: RuleInfo = RuleInfo {
    id: "approval-empty-row",
    family: "gates",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(empty_row),
    rationale: "a row of a spec's approval table (past drafting) names someone: its cells after the role are not all empty",
};

fn approval_gate(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    let Some(track) = input.track else { return };
    let Some(plan) = &track.plan else { return };
    let started = plan.counted_tasks().any(|(_, t)| matches!(t.marker, Marker::InProgress | Marker::Done));
    if !started {
        return;
    }
    let Some(model) = input.spec() else { return };
    let gates: Vec<_> = model
        .tasks
        .iter()
        .filter(|t| t.subsection.as_deref().is_some_and(|s| s.to_lowercase().contains("approval gates")))
        .collect();
    let open: Vec<_> = gates.iter().filter(|t| t.symbol.is_none()).collect();
    if let Some(first) = open.first() {
        let message = format!(
            "work on {} has started but {} of {} approval gates are unchecked (first: {:?})",
            track.id,
            open.len(),
            gates.len(),
            first.text.trim()
        );
        sink.out.push(
            doc.at(APPROVAL_GATE.diag(&doc.rel, message), first.line, first.marker_column)
                .with_hint("get the approval and tick the gate, or set the started tasks back to `[ ]`"),
        );
    }
}

/// A table that records approvals: it has a `Role` column, or sits in a
/// section about approvals and has an approval or status column.
fn approval_bearing(table: &Table) -> bool {
    let Some(header) = table.rows.first().filter(|r| r.header) else { return false };
    let has = |word: &str| header.cells.iter().any(|c| c.to_lowercase().contains(word));
    let section = table.section.as_deref().is_some_and(|s| s.to_lowercase().contains("approv"));
    has("role") || (section && (has("approv") || has("status")))
}

fn empty_row(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !past_drafting(input) {
        return;
    }
    let Some(model) = input.spec() else { return };
    for table in model.tables.iter().filter(|t| approval_bearing(t)) {
        for row in table.rows.iter().filter(|r| !r.header) {
            let Some((role, rest)) = row.cells.split_first() else { continue };
            if rest.is_empty() || !rest.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let message = if role.trim().is_empty() {
                "approval table row is empty".to_owned()
            } else {
                format!("approval row `{}` names nobody and records no approval", role.trim())
            };
            sink.out.push(
                doc.at(EMPTY_ROW.diag(&doc.rel, message), row.line, 1)
                    .with_hint("fill in who approves and the approval status, or remove the row"),
            );
        }
    }
}
