//! `draft init`: renders what the init engine created or kept.

use crate::EXIT_OK;
use crate::output::Output;
use clap::Args;
use draft_core::engine::init::{self, InitOptions};
use draft_core::workspace::Environment;
use std::fmt::Write as _;
use std::path::Path;

/// `draft init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Add the files missing from an existing draft/; existing files are never overwritten.
    #[arg(long)]
    pub force: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(start: &Path, args: &InitArgs, out: &mut Output) -> draft_core::Result<u8> {
    let env = Environment::from_process();
    let root = init::init_root(start, &env)?;
    let report = init::init(&root, &env, InitOptions { force: args.force })?;
    if args.json {
        out.json(&report);
        return Ok(EXIT_OK);
    }
    for w in &report.warnings {
        out.warning(w);
    }
    let s = &mut out.stdout;
    let _ = writeln!(s, "Initialised draft/ for {} in {}", report.project, report.root);
    for f in &report.created {
        let _ = writeln!(s, "  created {f}");
    }
    for f in &report.kept {
        let _ = writeln!(s, "  kept    {f} (already there)");
    }
    if let Some(c) = &report.conductor {
        let _ = writeln!(
            s,
            "Found a Conductor tree in {} with {} track(s); `draft status` reads it, conversion is not supported yet.",
            c.path, c.tracks
        );
    }
    let _ = writeln!(
        s,
        "Next: fill in draft/product.md and the other context files, then `draft new-track \"<description>\"`."
    );
    Ok(EXIT_OK)
}
