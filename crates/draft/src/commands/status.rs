//! `draft status`: renders the status engine's report for people or as JSON.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::{Output, style};
use clap::Args;
use draft_core::engine::status::{self, TrackReport};
use draft_model::metadata::TrackStatus;
use std::fmt::Write as _;

/// Show each track's progress, current task and blocked tasks, counted from plan.md.
///
/// Counts come from the plan's markers only — `[ ]` pending, `[~]` in
/// progress, `[x]` done, `[!]` blocked — never from metadata.json or the
/// registry. The current task is the first `[~]`, else the first `[ ]`.
/// Problems with individual files are reported as warnings; every other
/// track is still shown.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Show only this track.
    #[arg(value_name = "TRACK")]
    pub track: Option<String>,
    /// List archived tracks too (by default they are summed up in one line).
    #[arg(long)]
    pub all: bool,
    /// Every service of the monorepo (as `draft index` finds them) with its tracks, and totals.
    #[arg(long, conflicts_with = "track")]
    pub all_services: bool,
}

mod all_services;

const BAR_WIDTH: usize = 20;

pub fn run(ctx: &Ctx, args: &StatusArgs, out: &mut Output) -> draft_core::Result<u8> {
    if args.all_services {
        return all_services::run(ctx, args.all, out);
    }
    let ws = ctx.workspace()?;
    let report = status::report(&ws, args.track.as_deref(), args.all)?;
    if let Some(note) = &report.layout_note {
        out.note(note);
    }
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let b = style::BOLD;
    let count = report.tracks.len();
    let _ = writeln!(
        s,
        "{b}{}{b:#} — {count} track{} ({}/)",
        ws.root.file_name().map_or_else(|| report.root.clone(), |n| n.to_string_lossy().into_owned()),
        if count == 1 { "" } else { "s" },
        ws.layout.dir_name()
    );
    for track in &report.tracks {
        let _ = writeln!(s);
        render_track(s, track);
    }
    let hidden = if args.all || args.track.is_some() { 0 } else { report.archived };
    if hidden > 0 {
        let plural = if hidden == 1 { "" } else { "s" };
        let _ = writeln!(s, "\n{hidden} archived track{plural} (draft status --all)");
    }
    let other = report.other_layout.as_ref().filter(|o| o.tracks > 0);
    if count == 0 && hidden == 0 && !out.quiet {
        match other {
            Some(o) => {
                let name = o.layout.dir_name();
                let _ = writeln!(
                    s,
                    "\nNo tracks in {}/; {name}/ has {} (pass --layout {name}, or set `layout = \"{name}\"` in draft/config.toml).",
                    ws.layout.dir_name(),
                    if o.tracks == 1 { "1 track".to_owned() } else { format!("{} tracks", o.tracks) }
                );
            }
            None => {
                let _ = writeln!(s, "\nNo tracks yet. Start one with `draft new-track \"<description>\"`.");
            }
        }
    }
    for w in &report.warnings {
        out.diagnostic(w);
    }
    Ok(EXIT_OK)
}

fn status_style(status: TrackStatus) -> anstyle::Style {
    match status {
        TrackStatus::Completed => style::GOOD,
        TrackStatus::InProgress => style::BUSY,
        TrackStatus::Blocked | TrackStatus::Cancelled => style::BAD,
        TrackStatus::Planning | TrackStatus::Archived => style::DIM,
    }
}

fn bar(done: usize, total: usize) -> String {
    let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled))
}

fn render_track(s: &mut String, t: &TrackReport) {
    let (b, st, dim) = (style::BOLD, status_style(t.status), style::DIM);
    let status = t.status.as_str().replace('_', " ");
    let _ = writeln!(s, "{b}{}{b:#}  {}  {st}[{status}]{st:#}", t.id, t.title);
    let pct = (t.tasks.completed * 100).checked_div(t.tasks.total).unwrap_or(0);
    let _ = write!(
        s,
        "  {st}{}{st:#} {pct:>3}%  {}/{} tasks · {}/{} phases",
        bar(t.tasks.completed, t.tasks.total),
        t.tasks.completed,
        t.tasks.total,
        t.phases.completed,
        t.phases.total
    );
    if t.tasks.in_progress > 0 {
        let _ = write!(s, " · {} in progress", t.tasks.in_progress);
    }
    if t.tasks.blocked > 0 {
        let bad = style::BAD;
        let _ = write!(s, " · {bad}{} blocked{bad:#}", t.tasks.blocked);
    }
    let _ = writeln!(s);
    for p in &t.phase_list {
        let (mark, ms) = if p.complete {
            ("✓", style::GOOD)
        } else if p.completed > 0 {
            ("◐", style::BUSY)
        } else {
            ("○", dim)
        };
        let name = match &p.number {
            Some(n) if p.title.is_empty() => format!("Phase {n}"),
            Some(n) => format!("Phase {n}: {}", p.title),
            None => p.title.clone(),
        };
        let _ = writeln!(s, "    {ms}{mark}{ms:#} {name}  {dim}{}/{}{dim:#}", p.completed, p.total);
    }
    if let Some(c) = &t.current_task {
        let _ = writeln!(s, "  → {} {}  {dim}({}/plan.md:{}){dim:#}", c.reference, c.text, t.path, c.line);
    }
    for blocked in &t.blocked {
        let bad = style::BAD;
        let reason = blocked.reason.as_deref().unwrap_or("no reason given");
        let _ = writeln!(s, "  {bad}! {} {}{bad:#} — {reason}", blocked.reference, blocked.text);
    }
}
