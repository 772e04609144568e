//! `draft facts`: what the repository says about itself, as markdown or JSON.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use crate::progress::Spinner;
use clap::Args;

/// Detect languages, manifests, dependencies, test commands, linters, CI and entry points.
///
/// Walks the work tree (honouring .gitignore; draft/ and conductor/ left
/// out), counts lines per language with tokei's table (generated, vendored
/// and lockfile content counted apart) and reads every manifest with a real
/// parser. Prints the markdown that `draft init` and `draft refresh` write
/// between the facts markers of tech-stack.md; facts that were not found
/// are listed as slots, never guessed. Unreadable manifests are reported as
/// warnings and the rest is still read. Works without a draft/ tree.
#[derive(Debug, Args)]
pub struct FactsArgs {}

pub fn run(ctx: &Ctx, _args: &FactsArgs, out: &mut Output) -> draft_core::Result<u8> {
    let root = draft_core::engine::init::init_root(&ctx.start, &ctx.env)?;
    let spinner = Spinner::start(out.quiet, "reading the repository");
    let facts = draft_facts::detect(&root);
    spinner.finish();
    if ctx.json {
        out.report(&facts);
        return Ok(EXIT_OK);
    }
    for d in &facts.diagnostics {
        out.diagnostic(d);
    }
    out.stdout.push_str(&draft_facts::render::tech_stack(&facts));
    Ok(EXIT_OK)
}
