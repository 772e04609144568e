//! `draft revert`: shows (dry run) or carries out a revert, and drives
//! `--continue` / `--abort` after a conflict.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::Output;
use crate::report::RevertAbortJson;
use clap::Args;
use draft_core::engine::revert::{self, RevertPlan, RevertReport, Scope};
use std::fmt::Write as _;

/// Undo a task, a phase or a whole track: revert its commits and reset its tasks.
///
/// Scope: `task REF`, `phase N` or `track`. The commits are the SHAs recorded
/// on the scope's [x] tasks plus commits whose subject has the track id as
/// scope (`type(<id>): …`) in that range; a recorded SHA that no longer
/// exists (a rebase) is matched by subject. Without --apply nothing changes:
/// the dry run lists the commits, the files they touch and the plan changes.
///
/// --apply needs a clean work tree, makes one `revert(<id>): …` commit and
/// sets the tasks back to [ ] with a `- Reverted in <sha>` note. On conflicts,
/// resolve them and `git add`, then --continue; or --abort to go back to HEAD.
/// No draft file changes until the revert commit exists.
#[derive(Debug, Args)]
pub struct RevertArgs {
    /// `task <REF>`, `phase <N>` or `track`.
    #[arg(value_name = "SCOPE", num_args = 0..=2, required_unless_present_any = ["continue_", "abort"])]
    pub scope: Vec<String>,
    /// The track (default: the active one).
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
    /// Revert for real: one `revert(<id>): …` commit holding the code revert and the task reset.
    #[arg(long, conflicts_with_all = ["continue_", "abort"])]
    pub apply: bool,
    /// After resolving conflicts (and `git add`), make the revert commit and reset the tasks.
    #[arg(long = "continue", conflicts_with = "abort")]
    pub continue_: bool,
    /// Give up a conflicted revert and restore the work tree.
    #[arg(long)]
    pub abort: bool,
}

pub fn run(ctx: &Ctx, args: &RevertArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    if args.abort {
        revert::abort(&ws)?;
        if ctx.json {
            out.json(&RevertAbortJson { version: crate::report::Version, aborted: true });
        } else if !out.quiet {
            let _ = writeln!(out.stdout, "revert aborted: the work tree is back at HEAD; no draft file was changed");
        }
        return Ok(EXIT_OK);
    }
    if args.continue_ {
        let report = revert::continue_(&ws)?;
        return render_report(out, &report, ctx.json);
    }
    let scope = Scope::parse(&args.scope)?;
    if args.apply {
        let report = revert::apply(&ws, args.track.as_deref(), &scope)?;
        if let Some(note) = &report.plan.layout_note {
            out.note(note);
        }
        return render_report(out, &report, ctx.json);
    }
    let plan = revert::dry_run(&ws, args.track.as_deref(), &scope)?;
    if let Some(note) = &plan.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&RevertReport { plan, applied: false, commit: None, sync: None });
        return Ok(EXIT_OK);
    }
    render_plan(&mut out.stdout, &plan);
    if !out.quiet {
        let _ = writeln!(out.stdout, "dry run: nothing changed; add --apply to revert");
    }
    for w in &plan.warnings {
        out.warning(w);
    }
    Ok(EXIT_OK)
}

fn render_plan(s: &mut String, plan: &RevertPlan) {
    let _ = writeln!(s, "{}", plan.message);
    if plan.commits.is_empty() {
        let _ = writeln!(s, "commits: none found");
    } else {
        let _ = writeln!(s, "commits (newest first):");
    }
    for c in &plan.commits {
        let _ = writeln!(s, "  {} {}  ({})", c.short, c.subject, c.reason);
        for f in &c.files {
            let _ = writeln!(s, "      {f}");
        }
    }
    if !plan.tasks.is_empty() {
        let _ = writeln!(s, "plan changes:");
    }
    for t in &plan.tasks {
        let sha = t.sha.as_deref().map(|s| format!(", SHA {s} removed")).unwrap_or_default();
        let outside = if plan.outside_scope.contains(&t.reference) {
            " (outside the scope, but it records a reverted commit)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {} [{}] → [ ] {}{sha}, note `- Reverted on <date>` added{outside}",
            t.reference,
            t.marker.as_char(),
            t.text
        );
    }
}

fn render_report(out: &mut Output, report: &RevertReport, json: bool) -> draft_core::Result<u8> {
    if json {
        out.report(report);
        return Ok(EXIT_OK);
    }
    if out.quiet {
        for w in &report.plan.warnings {
            out.warning(w);
        }
        return Ok(EXIT_OK);
    }
    render_plan(&mut out.stdout, &report.plan);
    if let Some(c) = &report.commit {
        let _ = writeln!(out.stdout, "reverted in {c}; {} task(s) set back to [ ]", report.plan.tasks.len());
    }
    if let Some(sync) = &report.sync {
        for f in &sync.written {
            let _ = writeln!(out.stdout, "  updated {f}");
        }
    }
    for w in &report.plan.warnings {
        out.warning(w);
    }
    Ok(EXIT_OK)
}
