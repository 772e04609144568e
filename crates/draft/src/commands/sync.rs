//! `draft sync`: rewrites derived state from plan.md, or with `--check`
//! lists every disagreement and exits 1.

use crate::output::Output;
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_core::engine::sync;
use draft_core::workspace::Workspace;
use std::fmt::Write as _;
use std::path::Path;

/// `draft sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this track.
    #[arg(value_name = "TRACK")]
    pub track: Option<String>,
    /// Write nothing; list every disagreement and exit 1 if there is any.
    #[arg(long)]
    pub check: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(start: &Path, args: &SyncArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = Workspace::discover(start)?;
    let report =
        if args.check { sync::check(&ws, args.track.as_deref())? } else { sync::sync(&ws, args.track.as_deref())? };
    let code = if args.check && !report.disagreements.is_empty() { EXIT_FINDINGS } else { EXIT_OK };
    if let Some(note) = &report.layout_note {
        let _ = writeln!(out.stderr, "note: {note}");
    }
    if args.json {
        out.json(&report);
        return Ok(code);
    }
    let s = &mut out.stdout;
    for d in &report.disagreements {
        let verb = if args.check { "found" } else { "was" };
        let _ =
            writeln!(s, "{}:{}: {} {}: {verb} {}, expected {}", d.file, d.line, d.track, d.field, d.found, d.expected);
    }
    for k in &report.kept {
        let _ = writeln!(
            s,
            "note: {} stays {} (set by hand; plan.md's markers alone say {})",
            k.track, k.status, k.plan_says
        );
    }
    if args.check {
        let n = report.disagreements.len();
        if n == 0 {
            let _ = writeln!(s, "in sync: metadata.json and the registry agree with plan.md");
        } else {
            let _ =
                writeln!(s, "{n} disagreement{} with plan.md; `draft sync` fixes them", if n == 1 { "" } else { "s" });
        }
    } else if report.written.is_empty() {
        let _ = writeln!(s, "already in sync");
    } else {
        for f in &report.written {
            let _ = writeln!(s, "updated {f}");
        }
    }
    for w in &report.warnings {
        out.diagnostic(w);
    }
    Ok(code)
}
