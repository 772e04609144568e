//! `draft new-track`: renders the files the new-track engine wrote.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use clap::{Args, ValueEnum};
use draft_core::engine::new_track::{self, NewTrackOptions, TrackKind};
use std::fmt::Write as _;

/// Start a track: spec.md from the seed template, plan.md, metadata.json and a registry entry.
///
/// The id is the description in kebab case (at most 48 characters, cut at a
/// word boundary); a taken id gets `-YYYYMMDD`, then `-2`, `-3`, … appended.
/// An explicit --id is never renamed: a taken one is an error. With -q only
/// the new track's id is printed.
#[derive(Debug, Args)]
pub struct NewTrackArgs {
    /// What the track is for; becomes its title and, slugified, its id.
    #[arg(value_name = "DESCRIPTION")]
    pub description: String,
    /// The kind of work.
    #[arg(long = "type", value_enum, default_value_t = KindArg::Feature)]
    pub kind: KindArg,
    /// Use this id instead of deriving one from the description.
    #[arg(long)]
    pub id: Option<String>,
}

/// Track kinds on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// New behaviour.
    Feature,
    /// A defect to fix.
    Bugfix,
    /// Structure changes without behaviour changes.
    Refactor,
}

pub fn run(ctx: &Ctx, args: &NewTrackArgs, out: &mut Output) -> draft_core::Result<u8> {
    let kind = match args.kind {
        KindArg::Feature => TrackKind::Feature,
        KindArg::Bugfix => TrackKind::Bugfix,
        KindArg::Refactor => TrackKind::Refactor,
    };
    let opts = NewTrackOptions { description: args.description.clone(), kind, id: args.id.clone() };
    let ws = ctx.workspace()?;
    if let Some(note) = draft_core::tree::layout_note(&ws) {
        out.note(&note);
    }
    let report = new_track::new_track(&ws, &opts)?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    for w in &report.warnings {
        out.warning(w);
    }
    if out.quiet {
        let _ = writeln!(out.stdout, "{}", report.id);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let _ = writeln!(s, "Created track {} ({}): {}", report.id, report.kind.as_str(), report.title);
    for f in &report.files {
        let _ = writeln!(s, "  wrote {f}");
    }
    let _ =
        writeln!(s, "Next: write the spec ({}/spec.md) and plan, and have them reviewed before any code.", report.path);
    Ok(EXIT_OK)
}
