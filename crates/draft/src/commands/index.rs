//! `draft index`: renders the index engine's report; exit 1 under `--check`
//! when a document would change.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::progress::Spinner;
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_core::engine::index::{self, DocumentAction, IndexOptions, IndexReport};
use std::fmt::Write as _;

/// Index the services of a monorepo into draft/service-index.md, tech-matrix.md and dependency-graph.md.
///
/// Run at the monorepo root (the top of the git work tree). A directory is a
/// service when it holds a manifest declaring a package (Cargo.toml with
/// [package], package.json, pyproject.toml, go.mod, pom.xml,
/// build.gradle(.kts), *.csproj, composer.json, Gemfile) or its own draft/;
/// `[index] service_patterns` and `exclude_patterns` in draft/config.toml
/// narrow that. Dependencies between services come from their manifests
/// (path dependencies, and package names another service declares); cycles
/// and a build order follow. Only the region between the draft:index
/// markers is regenerated; MANUAL blocks and everything outside the region
/// are kept byte for byte, and a document that would not change is not
/// touched.
///
/// Exit codes: 0 done · 1 a document would change under --check · 2 error.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Run `draft init` in every service without its own draft/ (or only in the SERVICEs named).
    #[arg(long)]
    pub init_missing: bool,
    /// With --init-missing: the services to initialise, by path or name.
    #[arg(value_name = "SERVICE", requires = "init_missing")]
    pub services: Vec<String>,
    /// Write nothing; exit 1 when a document would change (for CI).
    #[arg(long, conflicts_with = "init_missing")]
    pub check: bool,
}

pub fn run(ctx: &Ctx, args: &IndexArgs, out: &mut Output) -> draft_core::Result<u8> {
    let root = index::index_root(&ctx.start, &ctx.env)?;
    let opts = IndexOptions { init_missing: args.init_missing, only: args.services.clone(), check: args.check };
    let spinner = Spinner::start(out.quiet, "indexing the services");
    let report = index::index(&root, &ctx.env, &opts);
    spinner.finish();
    let report = report?;
    let code = if report.check && report.changed { EXIT_FINDINGS } else { EXIT_OK };
    if ctx.json {
        out.report(&report);
        return Ok(code);
    }
    render(&report, out);
    for d in &report.diagnostics {
        out.diagnostic(d);
    }
    Ok(code)
}

fn render(report: &IndexReport, out: &mut Output) {
    let quiet = out.quiet;
    let s = &mut out.stdout;
    let (b, dim) = (style::BOLD, style::DIM);
    let total = report.services.len();
    let ready = total - report.uninitialised.len();
    let _ = writeln!(
        s,
        "{b}{total} service{}{b:#} in {} ({ready} initialised, {} not)",
        if total == 1 { "" } else { "s" },
        report.root,
        report.uninitialised.len()
    );
    for i in &report.initialised {
        let _ = writeln!(s, "  initialised {} ({} files)", i.path, i.created.len());
    }
    for d in &report.documents {
        let word = match (d.action, report.check) {
            (DocumentAction::Created, false) => "created",
            (DocumentAction::Updated, false) => "updated",
            (DocumentAction::Created, true) => "would create",
            (DocumentAction::Updated, true) => "would update",
            (DocumentAction::Unchanged, _) => "unchanged",
        };
        if quiet && d.action == DocumentAction::Unchanged {
            continue;
        }
        let _ = writeln!(s, "  {word:>12}  {}", d.path);
    }
    if quiet {
        return;
    }
    let cycles = report.cycles.len();
    let _ = writeln!(
        s,
        "{} dependenc{} between services · {cycles} cycle{}",
        report.dependencies.len(),
        if report.dependencies.len() == 1 { "y" } else { "ies" },
        if cycles == 1 { "" } else { "s" }
    );
    for c in &report.cycles {
        let bad = style::BAD;
        let _ = writeln!(s, "  {bad}cycle{bad:#} {}", c.path.join(" → "));
    }
    if !report.uninitialised.is_empty() {
        let _ = writeln!(s, "Not initialised ({dim}`draft index --init-missing` initialises them all{dim:#}):");
        let width = report.uninitialised.iter().map(|u| u.path.chars().count()).max().unwrap_or(0);
        for u in &report.uninitialised {
            let _ = writeln!(s, "  {:<width$}  {dim}{}{dim:#}", u.path, u.command);
        }
    }
}
