//! The track `draft review` and `draft validate` work on, and every commit
//! of it: the named track, else the active one (the `task next` rule), read
//! with its plan, and its recorded and `(<id>)`-scoped commits from
//! draft-core's commit finder (recorded SHAs git does not know come back as
//! missing, never as an error).

use draft_core::engine::context::commits::{TrackCommits, all_track_commits};
use draft_core::engine::task::{load_one, scan_for};
use draft_core::error::{Error, Result};
use draft_core::tree::Tree;
use draft_core::workspace::Workspace;

/// The tree with the track `track` names (or the active one) loaded, and its id.
pub fn load_track(ws: &Workspace, track: Option<&str>) -> Result<(Tree, String)> {
    let mut tree = scan_for(ws, track)?;
    let id = load_one(&mut tree, track)?;
    Ok((tree, id))
}

/// The track `track` names (or the active one) with every commit of it.
pub fn track_commit_list(ws: &Workspace, track: Option<&str>) -> Result<(String, TrackCommits)> {
    let (tree, id) = load_track(ws, track)?;
    let docs = tree.tracks.iter().find(|t| t.id == id).ok_or(Error::NoActiveTrack)?;
    let commits = all_track_commits(&ws.git(), docs, None)?;
    Ok((id, commits))
}
