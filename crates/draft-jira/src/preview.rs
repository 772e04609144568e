//! `draft jira preview`: build the export model of a track and write
//! `jira-export.md` next to its plan (or, for the MCP tool, only build it).
//!
//! Preview needs no credentials and sends nothing. Settings are read only to
//! show the project key and the story issue type; when they cannot be read
//! the preview still runs and says why in its warnings.

use crate::config;
use crate::model::JiraExport;
use crate::render;
use crate::track;
use draft_core::error::Result;
use draft_core::workspace::Workspace;

/// The export of track `track` (default: the active one). With `write`, the
/// project lock is taken and jira-export.md is regenerated from it.
pub fn preview(
    ws: &Workspace,
    track: Option<&str>,
    write: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<JiraExport> {
    let (settings, problem) = match config::load(ws, env) {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(format!("Jira settings not used: {e}"))),
    };
    let _lock = if write { Some(ws.lock()?) } else { None };
    let loaded = track::load(ws, track, settings.as_ref())?;
    let mut export = loaded.export;
    let mut notes: Vec<String> = settings.iter().flat_map(|s| s.warnings.iter().cloned()).collect();
    notes.extend(problem);
    export.warnings.splice(0..0, notes);
    if write {
        let project = draft_core::manifest::project_name(&ws.root);
        let (block, _) =
            draft_core::engine::stamp(&ws.git(), &project, "draft:jira-preview", Some(&loaded.id), ws.now());
        export.written = true;
        ws.write(&loaded.export_path, render::render(&export, &block.render()).as_bytes())?;
    }
    Ok(export)
}
