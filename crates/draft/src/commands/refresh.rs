//! `draft refresh`: renders the refresh engine's report; exit 1 under
//! `--check` when a context document is stale.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::progress::Spinner;
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_core::engine::refresh::{self, RefreshOptions, RefreshReport};
use std::fmt::Write as _;

/// Find the context documents the code has moved away from, and rewrite their facts.
///
/// Each document's baseline is its `synced_to_commit`. The files changed
/// since (committed, uncommitted and untracked; draft/ excluded) are mapped
/// to the sections they feed. Without --check, the facts regions of
/// tech-stack.md and .ai-context.md are rewritten and those documents'
/// frontmatter restamped to HEAD; every other byte stays. Prose documents
/// are listed with the sections to reread; pass --reviewed DOC once you have
/// updated one. An unchanged tree is confirmed from file metadata alone,
/// using the cache in draft/.state/ (gitignored).
///
/// Exit codes: 0 fresh (or refreshed) · 1 stale under --check · 2 error.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Report only: write nothing, and exit 1 when a document is stale (for CI and hooks).
    #[arg(long)]
    pub check: bool,
    /// A document you have brought up to date by hand (e.g. architecture.md): restamp it to HEAD.
    #[arg(long, value_name = "DOC", conflicts_with = "check")]
    pub reviewed: Vec<String>,
}

pub fn run(ctx: &Ctx, args: &RefreshArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let spinner = Spinner::start(out.quiet, "comparing the work tree with the context documents");
    let report = refresh::refresh(&ws, &RefreshOptions { check: args.check, reviewed: args.reviewed.clone() })?;
    spinner.finish();
    render(ctx, &report, out)
}

/// Print a refresh report; the exit code follows `--check` and staleness.
pub fn render(ctx: &Ctx, report: &RefreshReport, out: &mut Output) -> draft_core::Result<u8> {
    let code = if report.check && report.stale { EXIT_FINDINGS } else { EXIT_OK };
    if ctx.json {
        out.report(report);
        return Ok(code);
    }
    for w in &report.warnings {
        out.warning(w);
    }
    let s = &mut out.stdout;
    for d in &report.documents {
        let (word, st) = match (d.refreshed, d.stale) {
            (true, _) => ("refreshed", style::BOLD),
            (false, true) => ("stale", style::WARNING),
            (false, false) => ("fresh", style::DIM),
        };
        if out.quiet && !d.stale && !d.refreshed {
            continue;
        }
        let why = if d.reasons.is_empty() { String::new() } else { format!(" — {}", d.reasons.join("; ")) };
        let _ = writeln!(s, "{st}{word:>9}{st:#}  {}{why}", d.path);
        for f in &d.sections {
            let files = if f.files.len() > 5 {
                format!("{}, and {} more", f.files[..5].join(", "), f.files.len() - 5)
            } else {
                f.files.join(", ")
            };
            let _ = writeln!(s, "           {}: {files}", f.section);
        }
    }
    if !out.quiet {
        let _ = writeln!(
            s,
            "{} files checked, {} read{}",
            report.files_seen,
            report.files_hashed,
            if report.check { " (--check: nothing written)" } else { "" }
        );
        if report.stale && !report.check {
            let _ = writeln!(s, "Reread the sections listed, then `draft refresh --reviewed <doc>`.");
        }
    }
    Ok(code)
}
