//! Consistency: metadata.json and the registry against plan.md, and the
//! registry against the track folders.
//!
//! `consistency` only *calls* `engine::sync::compare` — the same engine as
//! `draft sync --check` — so the two commands can never disagree. The
//! registry and metadata rules are found by draft-core's tree loader while
//! it reads the project (their rows are here so the table owns their
//! severity: the runner gives every loader finding its row's severity).

use crate::context::{Ctx, Sink};
use crate::rule::{By, Check, NONE, REGISTRY, RuleInfo};
use draft_core::engine::sync;
use draft_core::tree::TrackDocs;
use draft_model::diagnostic::Severity::{Error as E, Warning as W};

/// `consistency`
pub static CONSISTENCY: RuleInfo = RuleInfo {
    id: "consistency",
    family: "consistency",
    default_severity: E,
    fixable: true,
    applies_to: REGISTRY,
    check: Check::Track(consistency),
    rationale: "metadata.json and the registry agree with plan.md (the same engine as `draft sync --check`)",
};

/// `metadata-json`
pub static METADATA_JSON: RuleInfo = RuleInfo {
    id: "metadata-json",
    family: "consistency",
    default_severity: E,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::TreeLoader),
    rationale: "metadata.json parses as a JSON object",
};

/// `registry-missing`
pub static REGISTRY_MISSING: RuleInfo = RuleInfo {
    id: "registry-missing",
    family: "consistency",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::TreeLoader),
    rationale: "the track registry (tracks.md) exists",
};

/// `registry-entry-id`
pub static REGISTRY_ENTRY_ID: RuleInfo = RuleInfo {
    id: "registry-entry-id",
    family: "consistency",
    default_severity: W,
    fixable: false,
    applies_to: REGISTRY,
    check: Check::Reported(By::TreeLoader),
    rationale: "every registry entry names a track id that is a safe folder name",
};

/// `registry-duplicate`
pub static REGISTRY_DUPLICATE: RuleInfo = RuleInfo {
    id: "registry-duplicate",
    family: "consistency",
    default_severity: W,
    fixable: false,
    applies_to: REGISTRY,
    check: Check::Reported(By::TreeLoader),
    rationale: "a track id is listed once in the registry",
};

/// `registry-missing-folder`
pub static REGISTRY_MISSING_FOLDER: RuleInfo = RuleInfo {
    id: "registry-missing-folder",
    family: "consistency",
    default_severity: W,
    fixable: false,
    applies_to: REGISTRY,
    check: Check::Reported(By::TreeLoader),
    rationale: "every registry entry has a track folder",
};

/// `registry-missing-entry`
pub static REGISTRY_MISSING_ENTRY: RuleInfo = RuleInfo {
    id: "registry-missing-entry",
    family: "consistency",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::TreeLoader),
    rationale: "every track folder has a registry entry",
};

/// Every disagreement of a track as a `consistency` finding.
fn consistency(ctx: &Ctx<'_>, track: &TrackDocs, sink: &mut Sink) {
    sink.out.extend(sync::compare_track(ctx.tree, track).iter().map(|d| CONSISTENCY.adopt(d.to_diagnostic())));
}
