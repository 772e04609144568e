//! `draft track complete|archive|reopen`: lifecycle moves that plan.md's
//! markers alone cannot express.
//!
//! plan.md stays the source of truth for progress, so `complete` refuses a
//! track with unfinished tasks. `archive` records `archived` in
//! metadata.json and moves the registry entry to `## Archived`; `reopen`
//! takes a track out of the archive (or back from `## Completed`) to the
//! status its markers imply. Each writes the status and the section, then
//! runs the same sync as every other mutation, under the context lock then
//! the track lock.

use super::status::unknown_track;
use super::sync::{self, SyncReport};
use crate::error::{Error, Result};
use crate::tree::{Scope, Tree};
use crate::workspace::{self, Workspace};
use draft_model::derive::{self, status_from_counts};
use draft_model::metadata::{self, TrackStatus};
use draft_model::registry;
use serde::Serialize;

/// A lifecycle move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TrackAction {
    /// Mark a fully done track completed.
    Complete,
    /// Put a track away.
    Archive,
    /// Take a track out of the archive or back from completed.
    Reopen,
}

/// What a lifecycle move did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackChange {
    /// Track id.
    pub id: String,
    /// The move.
    pub action: TrackAction,
    /// Status before.
    pub from: TrackStatus,
    /// Status after.
    pub to: TrackStatus,
    /// The sync that followed.
    pub sync: SyncReport,
}

/// Apply a lifecycle move to track `id`.
pub fn change(ws: &Workspace, id: &str, action: TrackAction) -> Result<TrackChange> {
    let _lock = ws.lock()?;
    let tree = Tree::load_scoped(ws, Scope::Track(id))?;
    let Some(track) = tree.tracks.iter().find(|t| t.id == id) else {
        return Err(unknown_track(&Tree::scan(ws, Scope::All)?, id));
    };
    tree.require_readable(Some(id), true)?;
    let tasks = track.plan.as_ref().map(draft_model::plan::Plan::task_counts).unwrap_or_default();
    let from = super::status::derived_status(&tree, track, &tasks);
    let to = match action {
        TrackAction::Complete => {
            if tasks.total == 0 || tasks.completed < tasks.total {
                return Err(Error::InvalidState(format!(
                    "track {id} has {} of {} tasks unfinished; plan.md decides when a track is complete (finish them with `draft task done`, or remove them from the plan)",
                    tasks.total - tasks.completed,
                    tasks.total
                )));
            }
            TrackStatus::Completed
        }
        TrackAction::Archive => TrackStatus::Archived,
        TrackAction::Reopen => status_from_counts(&tasks),
    };
    // metadata.json status.
    let meta_path = track.dir.join("metadata.json");
    if meta_path.is_file() {
        let src = workspace::read_text(&meta_path)?;
        let (bom, body) = src.split_at(draft_model::text::bom_len(&src));
        let value = format!("\"{}\"", derive::metadata_status(ws.layout, to));
        if let Some(e) = metadata::set_value(body, &["status"], &value) {
            sync::write_edits(ws, &meta_path, bom, body, vec![e])?;
        }
    }
    // Registry section; sync then fixes the Status value.
    if let Some(reg) = &tree.registry
        && let Some(moved) = registry::edit::move_entry(reg, id, derive::registry_section(to))
    {
        ws.write(&ws.registry_path(), moved.as_bytes())?;
    }
    let sync = sync::sync_locked(ws, Some(id))?;
    Ok(TrackChange { id: id.to_owned(), action, from, to, sync })
}
