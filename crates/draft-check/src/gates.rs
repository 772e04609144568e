//! Approval gates: work must not start before the spec is approved.
//!
//! A track whose plan has a task `[~]` or `[x]` while a checkbox under the
//! spec's `### Approval Gates` heading is still unchecked gets a warning
//! (an error with `--strict`) pointing at the first unchecked gate.

use super::spec::{SpecModel, at};
use super::{Ctx, Doc, diag};
use draft_model::diagnostic::Diagnostic;
use draft_model::plan::Marker;

/// Check one spec against its track's plan.
pub fn check(ctx: &Ctx<'_>, doc: &Doc, model: &SpecModel, out: &mut Vec<Diagnostic>) {
    let Some(track) = doc.track.and_then(|i| ctx.tree.tracks.get(i)) else { return };
    let Some(plan) = &track.plan else { return };
    let started = plan.counted_tasks().any(|(_, t)| matches!(t.marker, Marker::InProgress | Marker::Done));
    if !started {
        return;
    }
    let gates: Vec<_> = model
        .tasks
        .iter()
        .filter(|t| t.subsection.as_deref().is_some_and(|s| s.to_lowercase().contains("approval gates")))
        .collect();
    let open: Vec<_> = gates.iter().filter(|t| t.symbol.is_none()).collect();
    if let Some(first) = open.first() {
        out.push(
            at(
                diag(
                    "approval-gate",
                    &doc.rel,
                    format!(
                        "work on {} has started but {} of {} approval gates are unchecked (first: {:?})",
                        track.id,
                        open.len(),
                        gates.len(),
                        first.text.trim()
                    ),
                ),
                &doc.src,
                first.line,
                first.marker_column,
            )
            .with_hint("get the approval and tick the gate, or set the started tasks back to `[ ]`"),
        );
    }
}
