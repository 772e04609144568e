//! Consistency: metadata.json and the registry against plan.md.
//!
//! This family only *calls* `engine::sync::compare` — the same engine as
//! `draft sync --check` — so the two commands can never disagree. Registry
//! and folder mismatches (`registry-*`) come from loading the tree.

use super::Ctx;
use draft_core::engine::sync;
use draft_model::diagnostic::Diagnostic;

/// Every disagreement as a `consistency` diagnostic.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(sync::compare(ctx.tree).iter().map(sync::Disagreement::to_diagnostic));
}
