//! `draft new-track`: renders the files the new-track engine wrote.

use crate::EXIT_OK;
use crate::cli::{KindArg, NewTrackArgs};
use crate::output::Output;
use draft_core::engine::new_track::{self, NewTrackOptions, TrackKind};
use std::fmt::Write as _;
use std::path::Path;

pub fn run(start: &Path, args: &NewTrackArgs, out: &mut Output) -> draft_core::Result<u8> {
    let kind = match args.kind {
        KindArg::Feature => TrackKind::Feature,
        KindArg::Bugfix => TrackKind::Bugfix,
        KindArg::Refactor => TrackKind::Refactor,
    };
    let opts = NewTrackOptions { description: args.description.clone(), kind, id: args.id.clone() };
    let report = new_track::new_track(start, &opts)?;
    if args.json {
        out.json(&report);
        return Ok(EXIT_OK);
    }
    for w in &report.warnings {
        out.warning(w);
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
