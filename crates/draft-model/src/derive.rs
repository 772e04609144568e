//! The one home of derivation: how a track's status, its registry marker and
//! section, and the status string in metadata.json follow from plan counts.
//!
//! plan.md markers are the truth. Some states cannot be expressed by markers
//! — a track archived, cancelled or blocked by hand — so they are *kept*
//! from wherever a person wrote them (registry section or marker, metadata
//! status) and never overwritten by a recount. A plan with no task at all
//! says nothing about progress, so it keeps the stored status too. Status,
//! sync, task, track and `draft check --fix` all call these functions; no
//! other module maps counts to statuses.

use crate::layout::Layout;
use crate::metadata::TrackStatus;
use crate::plan::{Marker, TaskCounts};
use crate::registry::Section;

/// What people wrote about a track outside its plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The status stored in metadata.json, if readable.
    pub metadata: Option<TrackStatus>,
    /// The registry section the entry sits in, if listed.
    pub section: Option<Section>,
    /// The registry entry's status marker, if listed.
    pub marker: Option<Marker>,
    /// Whether the track lives in an archive folder.
    pub archived_folder: bool,
}

/// Why a status was kept instead of derived from the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Derived from the plan's markers.
    No,
    /// A state markers cannot express (archived, cancelled, blocked by hand).
    ByHand,
    /// The plan has no tasks, so it cannot contradict what is recorded.
    EmptyPlan,
}

/// planning → in_progress on the first started or done task → completed when all are done.
#[must_use]
pub fn status_from_counts(tasks: &TaskCounts) -> TrackStatus {
    if tasks.total > 0 && tasks.completed == tasks.total {
        TrackStatus::Completed
    } else if tasks.completed > 0 || tasks.in_progress > 0 {
        TrackStatus::InProgress
    } else {
        TrackStatus::Planning
    }
}

/// A track's status from its plan counts (`None`: no readable plan) and what
/// was recorded by hand, with the reason when it was kept rather than derived.
#[must_use]
pub fn track_status(tasks: Option<&TaskCounts>, recorded: &Recorded) -> (TrackStatus, Kept) {
    if recorded.archived_folder
        || recorded.section == Some(Section::Archived) && recorded.metadata != Some(TrackStatus::Cancelled)
        || recorded.metadata == Some(TrackStatus::Archived)
    {
        return (TrackStatus::Archived, Kept::ByHand);
    }
    if recorded.metadata == Some(TrackStatus::Cancelled) || recorded.marker == Some(Marker::Unknown('-')) {
        return (TrackStatus::Cancelled, Kept::ByHand);
    }
    if recorded.metadata == Some(TrackStatus::Blocked) || recorded.marker == Some(Marker::Blocked) {
        return (TrackStatus::Blocked, Kept::ByHand);
    }
    match tasks {
        None => (recorded.metadata.unwrap_or(TrackStatus::Planning), Kept::EmptyPlan),
        Some(t) if t.total == 0 => {
            let stored = recorded.metadata.or_else(|| recorded.marker.and_then(marker_status));
            (stored.unwrap_or(TrackStatus::Planning), Kept::EmptyPlan)
        }
        Some(t) => (status_from_counts(t), Kept::No),
    }
}

/// The registry marker and label an entry with this status carries.
#[must_use]
pub fn registry_marker(status: TrackStatus) -> (Marker, &'static str) {
    match status {
        TrackStatus::Planning => (Marker::Pending, "Planning"),
        TrackStatus::InProgress => (Marker::InProgress, "In Progress"),
        TrackStatus::Completed => (Marker::Done, "Completed"),
        TrackStatus::Archived => (Marker::Done, "Archived"),
        TrackStatus::Blocked => (Marker::Blocked, "Blocked"),
        TrackStatus::Cancelled => (Marker::Unknown('-'), "Cancelled"),
    }
}

/// The registry section a track with this status belongs in.
#[must_use]
pub fn registry_section(status: TrackStatus) -> Section {
    match status {
        TrackStatus::Completed => Section::Completed,
        TrackStatus::Archived | TrackStatus::Cancelled => Section::Archived,
        TrackStatus::Planning | TrackStatus::InProgress | TrackStatus::Blocked => Section::Active,
    }
}

/// The status a registry marker states, if it states one.
#[must_use]
pub fn marker_status(marker: Marker) -> Option<TrackStatus> {
    match marker {
        Marker::Pending => Some(TrackStatus::Planning),
        Marker::InProgress => Some(TrackStatus::InProgress),
        Marker::Done => Some(TrackStatus::Completed),
        Marker::Blocked => Some(TrackStatus::Blocked),
        Marker::Unknown('-') => Some(TrackStatus::Cancelled),
        Marker::Unknown(_) => None,
    }
}

/// The status string metadata.json should hold, in the layout's vocabulary.
#[must_use]
pub fn metadata_status(layout: Layout, status: TrackStatus) -> &'static str {
    match (layout, status) {
        (Layout::Conductor, TrackStatus::Planning) => "new",
        (_, s) => s.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(total: usize, completed: usize, in_progress: usize) -> TaskCounts {
        TaskCounts { total, completed, in_progress, ..TaskCounts::default() }
    }

    #[test]
    fn counts_drive_status() {
        let none = Recorded::default();
        assert_eq!(track_status(Some(&counts(3, 0, 0)), &none), (TrackStatus::Planning, Kept::No));
        assert_eq!(track_status(Some(&counts(3, 0, 1)), &none), (TrackStatus::InProgress, Kept::No));
        assert_eq!(track_status(Some(&counts(3, 3, 0)), &none), (TrackStatus::Completed, Kept::No));
    }

    #[test]
    fn regression_sync_keeps_hand_set_states() {
        let blocked = Recorded { metadata: Some(TrackStatus::Blocked), ..Recorded::default() };
        assert_eq!(track_status(Some(&counts(3, 1, 0)), &blocked), (TrackStatus::Blocked, Kept::ByHand));
        let cancelled = Recorded { marker: Some(Marker::Unknown('-')), ..Recorded::default() };
        assert_eq!(track_status(Some(&counts(3, 3, 0)), &cancelled), (TrackStatus::Cancelled, Kept::ByHand));
        let archived = Recorded { section: Some(Section::Archived), ..Recorded::default() };
        assert_eq!(track_status(Some(&counts(3, 3, 0)), &archived), (TrackStatus::Archived, Kept::ByHand));
    }

    #[test]
    fn an_empty_plan_keeps_the_recorded_status() {
        let done = Recorded { marker: Some(Marker::Done), ..Recorded::default() };
        assert_eq!(track_status(Some(&counts(0, 0, 0)), &done), (TrackStatus::Completed, Kept::EmptyPlan));
    }

    #[test]
    fn conductor_says_new_for_planning() {
        assert_eq!(metadata_status(Layout::Conductor, TrackStatus::Planning), "new");
        assert_eq!(metadata_status(Layout::Draft, TrackStatus::Planning), "planning");
    }
}
