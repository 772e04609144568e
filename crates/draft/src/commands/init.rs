//! `draft init`: renders what the init engine created or kept.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use clap::Args;
use draft_core::engine::init::{self, InitOptions};
use std::fmt::Write as _;

/// Create the draft/ context tree (product, tech stack, workflow, architecture, registry).
///
/// draft/ goes at the top of the git work tree (or the current directory
/// outside git). Every markdown file starts with the pinned frontmatter block;
/// bodies are skeletons with a slot in each section. The tree is built in a
/// staging directory and renamed into place, so an interrupted run leaves
/// nothing behind. An existing draft/ is refused unless --force is given.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Add the files missing from an existing draft/; existing files are never overwritten.
    #[arg(long)]
    pub force: bool,
    /// On an existing draft/, run `draft refresh` instead: rewrite the facts regions of stale documents.
    #[arg(long, conflicts_with = "force")]
    pub refresh: bool,
}

pub fn run(ctx: &Ctx, args: &InitArgs, out: &mut Output) -> draft_core::Result<u8> {
    if args.refresh {
        let refresh = crate::commands::refresh::RefreshArgs { check: false, reviewed: Vec::new() };
        return crate::commands::refresh::run(ctx, &refresh, out);
    }
    let root = init::init_root(&ctx.start, &ctx.env)?;
    let spinner = crate::progress::Spinner::start(out.quiet, "reading the repository");
    let report = init::init(&root, &ctx.env, InitOptions { force: args.force, ..InitOptions::default() });
    spinner.finish();
    let report = report?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    for w in &report.warnings {
        out.warning(w);
    }
    if out.quiet {
        return Ok(EXIT_OK);
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
