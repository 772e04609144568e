//! `draft task`: renders the task engine's results (next task, state changes).

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::{Output, style};
use clap::{Args, Subcommand};
use draft_core::engine::task::{self, TaskAction, TaskChange, TaskInfo};
use draft_core::workspace::Workspace;
use std::fmt::Write as _;

/// Drive a track's tasks: next, start, done, block, unblock.
///
/// A task REF is `PHASE.TASK` (`1.2`), a plan.md line number (`14`), or the
/// task's label (`"Task 1.2"`, case-insensitive, `Task ` optional). Every
/// change edits only the marker, SHA or reason bytes of plan.md, then syncs
/// metadata.json and the registry. Commands act on --track ID, by default
/// the active track: the first `[~]` registry entry, else the first `[ ]`.
#[derive(Debug, Args)]
pub struct TaskArgs {
    /// The action.
    #[command(subcommand)]
    pub action: TaskCommand,
}

/// Options every task subcommand shares.
#[derive(Debug, Args)]
pub struct TaskCommon {
    /// The track (default: the active one, see `draft task --help`).
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
}

/// Task subcommands.
#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Show the task to work on: the first [~] task, else the first [ ] task of the first unfinished phase.
    Next {
        #[command(flatten)]
        common: TaskCommon,
    },
    /// Mark a task in progress: [~].
    Start {
        /// The task: 1.2, a label or a line number.
        #[arg(value_name = "REF")]
        reference: String,
        #[command(flatten)]
        common: TaskCommon,
    },
    /// Mark a task done: [x], recording the commit's short SHA on its line.
    Done {
        /// The task: 1.2, a label or a line number.
        #[arg(value_name = "REF")]
        reference: String,
        /// The commit that did the work (default: HEAD); must exist.
        #[arg(long, value_name = "SHA")]
        commit: Option<String>,
        #[command(flatten)]
        common: TaskCommon,
    },
    /// Mark a task blocked: [!] plus an indented `- Blocked: …` line.
    Block {
        /// The task: 1.2, a label or a line number.
        #[arg(value_name = "REF")]
        reference: String,
        /// Why the task cannot go on.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: TaskCommon,
    },
    /// Unblock a task: back to [ ], reason removed.
    Unblock {
        /// The task: 1.2, a label or a line number.
        #[arg(value_name = "REF")]
        reference: String,
        #[command(flatten)]
        common: TaskCommon,
    },
}

pub fn run(ctx: &Ctx, args: &TaskArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let (reference, action, common): (&str, TaskAction, &TaskCommon) = match &args.action {
        TaskCommand::Next { common } => return next(ctx, &ws, common, out),
        TaskCommand::Start { reference, common } => (reference, TaskAction::Start, common),
        TaskCommand::Done { reference, commit, common } => {
            (reference, TaskAction::Done { commit: commit.clone() }, common)
        }
        TaskCommand::Block { reference, reason, common } => {
            (reference, TaskAction::Block { reason: reason.clone() }, common)
        }
        TaskCommand::Unblock { reference, common } => (reference, TaskAction::Unblock, common),
    };
    let change = task::apply(&ws, common.track.as_deref(), reference, &action)?;
    if let Some(note) = &change.sync.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&change);
        return Ok(EXIT_OK);
    }
    if !out.quiet {
        render_change(out, &change);
    }
    Ok(EXIT_OK)
}

fn describe(t: &TaskInfo) -> String {
    match &t.label {
        Some(label) => format!("{} {label}: {}", t.reference, t.text),
        None => format!("{} {}", t.reference, t.text),
    }
}

fn render_change(out: &mut Output, c: &TaskChange) {
    let s = &mut out.stdout;
    let t = &c.task;
    if c.already_done {
        let sha = t.sha.as_deref().unwrap_or("no commit recorded");
        match &c.replaced_sha {
            Some(old) => {
                let _ = writeln!(s, "{}: {} already done; commit {old} → {sha}", c.track, describe(t));
            }
            None if c.changed => {
                let _ = writeln!(s, "{}: {} already done; commit recorded: {sha}", c.track, describe(t));
            }
            None => {
                let _ = writeln!(s, "{}: {} already done ({sha}); nothing changed", c.track, describe(t));
            }
        }
        for f in &c.sync.written {
            let _ = writeln!(s, "  updated {f}");
        }
        return;
    }
    if c.changed {
        let _ = write!(s, "{}: [{}] → [{}] {}", c.track, c.from.as_char(), t.marker.as_char(), describe(t));
    } else {
        let _ = write!(s, "{}: unchanged, already [{}] {}", c.track, t.marker.as_char(), describe(t));
    }
    if let Some(sha) = &t.sha
        && t.marker == draft_model::plan::Marker::Done
    {
        let _ = write!(s, " ({sha})");
    }
    let _ = writeln!(s);
    if let Some(reason) = &t.reason {
        let _ = writeln!(s, "  blocked: {reason}");
    }
    if c.track_status != c.track_status_before {
        let _ = writeln!(s, "track {}: {} → {}", c.track, c.track_status_before, c.track_status);
    }
    for f in &c.sync.written {
        let _ = writeln!(s, "  updated {f}");
    }
}

fn next(ctx: &Ctx, ws: &Workspace, common: &TaskCommon, out: &mut Output) -> draft_core::Result<u8> {
    let report = task::next(ws, common.track.as_deref())?;
    if let Some(note) = &report.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    match &report.task {
        Some(t) => {
            let b = style::BOLD;
            let verb = if t.marker == draft_model::plan::Marker::InProgress { "continue" } else { "next" };
            let _ = writeln!(s, "{}: {verb} {b}{}{b:#}  (plan.md:{})", report.track, describe(t), t.line);
        }
        None if report.all_done => {
            let _ = writeln!(s, "{}: every task is done.", report.track);
        }
        None => {
            let _ = writeln!(s, "{}: no task can be started ({} remaining).", report.track, report.remaining);
        }
    }
    for t in &report.skipped_blocked {
        let bad = style::BAD;
        let reason = t.reason.as_deref().unwrap_or("no reason given");
        let _ = writeln!(s, "  {bad}skipped blocked {}{bad:#} — {reason}", describe(t));
    }
    Ok(EXIT_OK)
}
