//! `draft sync`: rewrites derived state from plan.md, or with `--check`
//! lists every disagreement and exits 1.

use crate::commands::Ctx;
use crate::output::Output;
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_core::engine::sync;
use std::fmt::Write as _;

/// Rewrite metadata.json and registry counts and status from plan.md.
///
/// plan.md's markers are the truth; metadata.json and the registry
/// (tracks.md) are derived from them. Sync rewrites only the counts, status
/// and dates that disagree, keeping notes and unknown keys. With --check it
/// writes nothing, lists every disagreement (file:line, field, found,
/// expected) and exits 1 if there is any.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this track.
    #[arg(value_name = "TRACK")]
    pub track: Option<String>,
    /// Write nothing; list every disagreement and exit 1 if there is any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(ctx: &Ctx, args: &SyncArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let report =
        if args.check { sync::check(&ws, args.track.as_deref())? } else { sync::sync(&ws, args.track.as_deref())? };
    let code = if args.check && !report.disagreements.is_empty() { EXIT_FINDINGS } else { EXIT_OK };
    if let Some(note) = &report.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&report);
        return Ok(code);
    }
    // -q keeps what `--check` found; what plain sync fixed is narration.
    let narrate = !out.quiet;
    let s = &mut out.stdout;
    for d in report.disagreements.iter().filter(|_| args.check || narrate) {
        let verb = if args.check { "found" } else { "was" };
        let _ =
            writeln!(s, "{}:{}: {} {}: {verb} {}, expected {}", d.file, d.line, d.track, d.field, d.found, d.expected);
    }
    for k in report.kept.iter().filter(|_| narrate) {
        let _ = writeln!(
            s,
            "note: {} stays {} (set by hand; plan.md's markers alone say {})",
            k.track, k.status, k.plan_says
        );
    }
    if !narrate {
        // Nothing more.
    } else if args.check {
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
