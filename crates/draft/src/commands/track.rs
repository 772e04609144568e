//! `draft track complete|archive|reopen`: renders a lifecycle move.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use clap::{Args, Subcommand};
use draft_core::engine::track::{self, TrackAction};
use std::fmt::Write as _;

/// Complete, archive or reopen a track.
///
/// Each move updates the registry entry (its section and marker) and
/// metadata.json's status, then syncs the track's counts from plan.md.
#[derive(Debug, Args)]
pub struct TrackArgs {
    /// The move.
    #[command(subcommand)]
    pub action: TrackCommand,
}

/// Track lifecycle subcommands.
#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// Mark a track whose tasks are all done completed (moves it to ## Completed).
    Complete(TrackIdArgs),
    /// Archive a track (moves it to ## Archived, metadata status `archived`).
    Archive(TrackIdArgs),
    /// Reopen an archived or completed track at the status its plan implies.
    Reopen(TrackIdArgs),
}

/// The track a lifecycle move applies to.
#[derive(Debug, Args)]
pub struct TrackIdArgs {
    /// The track id.
    #[arg(value_name = "ID")]
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &TrackArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let (action, id_args) = match &args.action {
        TrackCommand::Complete(a) => (TrackAction::Complete, a),
        TrackCommand::Archive(a) => (TrackAction::Archive, a),
        TrackCommand::Reopen(a) => (TrackAction::Reopen, a),
    };
    let change = track::change(&ws, &id_args.id, action)?;
    if let Some(note) = &change.sync.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&change);
        return Ok(EXIT_OK);
    }
    if out.quiet {
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let _ = writeln!(s, "track {}: {} → {}", change.id, change.from, change.to);
    for f in &change.sync.written {
        let _ = writeln!(s, "  updated {f}");
    }
    Ok(EXIT_OK)
}
