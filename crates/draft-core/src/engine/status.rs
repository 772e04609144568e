//! `draft status`: what the plans say, track by track.
//!
//! Counts come only from plan.md markers (never from metadata.json or the
//! registry, which are derived copies). The report lists each track's
//! progress, phases, the task being worked on, blocked tasks with their
//! reasons, and every loading problem as a warning.
//!
//! Archived tracks (in an archive folder, or archived in the registry or
//! metadata) are counted in [`StatusReport::archived`] and listed only when
//! asked for (`all`) or named. When the other layout's tree sits beside the
//! one read, the report says so ([`StatusReport::layout_note`],
//! [`StatusReport::other_layout`]), so an empty report never hides tracks.

use super::task::TaskInfo;
use crate::error::{Error, Result};
use crate::tree::{Scope, TrackDocs, Tree, count_tracks, layout_note};
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
    /// One entry per track (archived ones only with `all`, or when named).
    pub tracks: Vec<TrackReport>,
    /// How many tracks are archived (listed in `tracks` or not).
    pub archived: usize,
    /// The other layout's tree, when one sits beside the one read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_layout: Option<OtherTree>,
    /// Which tree was read and how to read the other, when both exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout_note: Option<String>,
    /// Problems found while reading.
    pub warnings: Vec<Diagnostic>,
}

/// The tree not read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OtherTree {
    /// Its layout.
    pub layout: Layout,
    /// Track folders in it (archived ones included).
    pub tracks: usize,
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
    /// The number written in the heading (`"0"`, `"2b"`); `None` for a
    /// group under a heading that is not a phase.
    pub number: Option<String>,
    /// False for tasks grouped under a heading that is not a phase
    /// (`## Review Fixes`) or above every heading.
    pub is_phase: bool,
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

/// Build the report for every track that is not archived, or for the one named.
pub fn status(ws: &Workspace, only: Option<&str>) -> Result<StatusReport> {
    report(ws, only, false)
}

/// Build the report; `all` lists archived tracks too.
pub fn report(ws: &Workspace, only: Option<&str>, all: bool) -> Result<StatusReport> {
    let scope = only.map_or(Scope::All, Scope::Track);
    let mut tree = Tree::scan(ws, scope)?;
    // Each track is reduced to its report as it is read, so memory holds the
    // reports, not every parsed plan.
    let mapped = tree.map_pending(track_report);
    let mut tracks = Vec::with_capacity(mapped.len());
    let mut archived = 0;
    for m in mapped {
        tree.diagnostics.extend(m.diagnostics);
        let is_archived = m.value.status == TrackStatus::Archived;
        archived += usize::from(is_archived);
        if all || only.is_some() || !is_archived {
            tracks.push(m.value);
        }
    }
    if let Some(id) = only
        && tracks.is_empty()
    {
        return Err(unknown_track(&Tree::scan(ws, Scope::All)?, id));
    }
    let mut warnings = tree.diagnostics;
    if only.is_some() {
        let prefixes: Vec<String> = tracks.iter().map(|t| format!("{}/", t.path)).collect();
        warnings.retain(|d| prefixes.iter().any(|p| d.file.starts_with(p.as_str())));
    }
    let other_layout = ws.other_layout.map(|layout| OtherTree { layout, tracks: count_tracks(&ws.root, layout) });
    Ok(StatusReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        tracks,
        archived,
        other_layout,
        layout_note: layout_note(ws),
        warnings,
    })
}

/// An unknown-track error with close ids as suggestions. An archived track
/// (in an archive folder) gets its own error: it is read, but no command
/// changes it.
#[must_use]
pub fn unknown_track(tree: &Tree, id: &str) -> Error {
    let ws = &tree.workspace;
    if let Some(archived) = tree.refs().find(|t| t.archived && t.id == id) {
        return Error::InvalidState(format!(
            "track {id} is archived in {}/: `draft status {id}` shows it, but no command changes it (move the folder back to {}/{id}/ to work on it)",
            ws.rel(archived.dir),
            ws.rel(&ws.tracks_dir())
        ));
    }
    let needle = id.to_ascii_lowercase();
    let suggestions = tree
        .refs()
        .map(|t| t.id.to_owned())
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
        archived_folder: track.archived_folder,
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
            number: p.number.clone(),
            is_phase: p.is_phase,
            title: p.title.clone(),
            total: p.tasks.len(),
            completed: p.tasks.iter().filter(|t| t.marker == Marker::Done).count(),
            complete: p.is_complete(),
            line: p.line,
        })
        .collect()
}
