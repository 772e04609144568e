//! `draft track complete|archive|reopen`: renders a lifecycle move.

use crate::EXIT_OK;
use crate::cli::{TrackArgs, TrackCommand};
use crate::output::Output;
use draft_core::engine::track::{self, TrackAction};
use draft_core::workspace::Workspace;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(start: &Path, args: &TrackArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = Workspace::discover(start)?;
    let (action, id_args) = match &args.action {
        TrackCommand::Complete(a) => (TrackAction::Complete, a),
        TrackCommand::Archive(a) => (TrackAction::Archive, a),
        TrackCommand::Reopen(a) => (TrackAction::Reopen, a),
    };
    let change = track::change(&ws, &id_args.id, action)?;
    if id_args.json {
        out.json(&change);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let _ = writeln!(s, "track {}: {} → {}", change.id, change.from, change.to);
    for f in &change.sync.written {
        let _ = writeln!(s, "  updated {f}");
    }
    Ok(EXIT_OK)
}
