//! `draft decompose`: writes the module decomposition of the code graph
//! into architecture.md (the project's, or a track's) between generated
//! markers, leaving every byte outside them as it was.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use clap::Args;
use draft_core::Error;
use draft_core::workspace::read_text;
use draft_graph::decompose::{decompose, render, splice};
use draft_graph::report::DecomposeReport;
use std::fmt::Write as _;

/// Write modules, responsibilities, dependencies, cycles and a leaves-first implementation order into architecture.md.
///
/// Modules are the folders holding source files, read from the code graph
/// (built or updated first). Responsibilities come from each module's doc
/// (`//!`, docstring, package comment, leading JSDoc). The section sits
/// between `<!-- draft:decompose begin -->` and `<!-- draft:decompose end -->`;
/// without the markers it is appended. Text outside them is never changed.
#[derive(Debug, Args)]
pub struct DecomposeArgs {
    /// Write into draft/tracks/ID/architecture.md instead of draft/architecture.md.
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
}

pub fn run(ctx: &Ctx, args: &DecomposeArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let path = match &args.track {
        Some(id) => {
            let dir = ws.track_dir(id)?;
            if !dir.is_dir() {
                return Err(Error::UnknownTrack {
                    id: id.clone(),
                    registry: ws.rel(&ws.tracks_dir()),
                    suggestions: Vec::new(),
                });
            }
            dir.join("architecture.md")
        }
        None => ws.context_dir().join("architecture.md"),
    };
    let (graph, _) = crate::commands::graph::load(&ws, out.quiet || ctx.json)?;
    let decomposition = decompose(&graph);
    let section = render(&decomposition);
    let changed = {
        let _lock = ws.lock()?;
        let before = if path.exists() { read_text(&path)? } else { String::new() };
        let after = splice(&before, &section);
        let changed = after != before;
        if changed {
            ws.write(&path, after.as_bytes())?;
        }
        changed
    };
    let report = DecomposeReport { path: ws.rel(&path), changed, decomposition };
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    let d = &report.decomposition;
    let _ = writeln!(
        out.stdout,
        "{} {}: {} modules, {} cycles, {} implementation groups",
        if changed { "Wrote" } else { "Up to date:" },
        report.path,
        d.modules.len(),
        d.cycles.len(),
        d.order.len()
    );
    Ok(EXIT_OK)
}
