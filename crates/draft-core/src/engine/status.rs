//! `draft status`: what the plans say, track by track.
//!
//! Counts come only from plan.md markers (never from metadata.json or the
//! registry, which are derived copies). The report lists each track's
//! progress, phases, the task being worked on, blocked tasks with their
//! reasons, and every loading problem as a warning.

use super::task::TaskInfo;
use crate::error::{Error, Result};
use crate::tree::{TrackDocs, Tree};
use crate::workspace::{Layout, Workspace};
use draft_model::derive::{self, Recorded};
use draft_model::diagnostic::Diagnostic;
use draft_model::metadata::TrackStatus;
use draft_model::plan::{Marker, PhaseCounts, Plan, TaskCounts};
use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusReport {
    /// The project root.
    pub root: String,
    /// Which tree was read.
    pub layout: Layout,
    /// One entry per track.
    pub tracks: Vec<TrackReport>,
    /// Problems found while reading.
    pub warnings: Vec<Diagnostic>,
}

/// One track's state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackReport {
    /// Track id.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Status derived from the plan (archived/cancelled come from the registry or metadata).
    pub status: TrackStatus,
    /// `type` from metadata.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Phase counts.
    pub phases: PhaseCounts,
    /// Task counts.
    pub tasks: TaskCounts,
    /// Each phase with its own counts.
    pub phase_list: Vec<PhaseReport>,
    /// The `[~]` task, else the first `[ ]` one.
    pub current_task: Option<TaskInfo>,
    /// `[!]` tasks with their reasons.
    pub blocked: Vec<TaskInfo>,
    /// The track folder, relative to the root.
    pub path: String,
}

/// A phase's summary.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhaseReport {
    /// 1-based position.
    pub index: usize,
    /// Number written in the heading.
    pub number: Option<u32>,
    /// Title.
    pub title: String,
    /// Tasks in the phase.
    pub total: usize,
    /// Done tasks.
    pub completed: usize,
    /// Has tasks, all done.
    pub complete: bool,
    /// 1-based line of the heading.
    pub line: usize,
}

/// Build the report for every track, or for the one named.
pub fn status(ws: &Workspace, only: Option<&str>) -> Result<StatusReport> {
    let tree = Tree::load(ws)?;
    let mut tracks = Vec::with_capacity(tree.tracks.len());
    for track in &tree.tracks {
        if only.is_some_and(|id| id != track.id) {
            continue;
        }
        tracks.push(track_report(&tree, track));
    }
    if let Some(id) = only
        && tracks.is_empty()
    {
        return Err(unknown_track(&tree, id));
    }
    let mut warnings = tree.diagnostics;
    if let Some(id) = only {
        let prefix = format!("{}/tracks/{id}/", ws.layout.dir_name());
        warnings.retain(|d| d.file.starts_with(&prefix));
    }
    Ok(StatusReport { root: ws.root.display().to_string(), layout: ws.layout, tracks, warnings })
}

/// An unknown-track error with close ids as suggestions.
#[must_use]
pub fn unknown_track(tree: &Tree, id: &str) -> Error {
    let needle = id.to_ascii_lowercase();
    let suggestions = tree
        .tracks
        .iter()
        .map(|t| t.id.clone())
        .filter(|t| {
            let t = t.to_ascii_lowercase();
            t.contains(&needle) || needle.contains(&t) || t.split(['-', '_']).any(|w| w.len() > 2 && needle.contains(w))
        })
        .take(3)
        .collect();
    Error::UnknownTrack {
        id: id.to_owned(),
        registry: tree.workspace.rel(&tree.workspace.registry_path()),
        suggestions,
    }
}

/// What people recorded about a track outside its plan (registry and metadata).
#[must_use]
pub fn recorded(tree: &Tree, track: &TrackDocs) -> Recorded {
    let entry = tree.entry_of(track);
    Recorded {
        metadata: track.metadata.as_ref().and_then(|m| m.status()),
        section: entry.and_then(|e| e.section),
        marker: entry
            .and_then(|e| e.marker.or_else(|| e.field("Status").and_then(|f| f.status()).and_then(|s| s.marker))),
        archived_folder: false,
    }
}

/// A track's status: derived from its plan's markers, or kept where a
/// person set a state markers cannot express (see [`draft_model::derive`]).
#[must_use]
pub fn derived_status(tree: &Tree, track: &TrackDocs, tasks: &TaskCounts) -> TrackStatus {
    derive::track_status(track.plan.as_ref().map(|_| tasks), &recorded(tree, track)).0
}

/// The title people see: registry, then metadata, then the plan heading, then the id.
#[must_use]
pub fn track_title(tree: &Tree, track: &TrackDocs) -> String {
    tree.entry_of(track)
        .map(|e| e.title.trim())
        .filter(|t| !t.is_empty())
        .or_else(|| track.metadata.as_ref().and_then(|m| m.title()).filter(|t| !t.is_empty()))
        .or_else(|| {
            track
                .plan
                .as_ref()
                .and_then(|p| p.title.as_deref())
                .filter(|t| !t.is_empty() && *t != "Implementation Plan")
        })
        .unwrap_or(&track.id)
        .to_owned()
}

fn track_report(tree: &Tree, track: &TrackDocs) -> TrackReport {
    let (phases, tasks) = track.plan.as_ref().map_or_else(Default::default, |p| (p.phase_counts(), p.task_counts()));
    let plan = track.plan.as_ref();
    TrackReport {
        id: track.id.clone(),
        title: track_title(tree, track),
        status: derived_status(tree, track, &tasks),
        kind: track.metadata.as_ref().and_then(|m| m.kind()).map(str::to_owned),
        phases,
        tasks,
        phase_list: plan.map(phase_reports).unwrap_or_default(),
        current_task: plan.and_then(|p| p.current_task().map(|(pos, t)| TaskInfo::new(pos, t))),
        blocked: plan
            .map(|p| {
                p.counted_tasks()
                    .filter(|(_, t)| t.marker == Marker::Blocked)
                    .map(|(pos, t)| TaskInfo::new(pos, t))
                    .collect()
            })
            .unwrap_or_default(),
        path: tree.workspace.rel(&track.dir),
    }
}

fn phase_reports(plan: &Plan) -> Vec<PhaseReport> {
    plan.phases
        .iter()
        .enumerate()
        .map(|(i, p)| PhaseReport {
            index: i + 1,
            number: p.number,
            title: p.title.clone(),
            total: p.tasks.len(),
            completed: p.tasks.iter().filter(|t| t.marker == Marker::Done).count(),
            complete: p.is_complete(),
            line: p.line,
        })
        .collect()
}
