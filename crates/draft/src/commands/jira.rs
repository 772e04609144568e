//! `draft jira preview|create`: renders the Jira export and the creation
//! run of `draft-jira`. The environment is read here, once, and handed to the
//! engines as a lookup; the engines never print and never see stdout.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::{Output, style};
use clap::{Args, Subcommand};
use draft_jira::create::{Action, CreateReport, IssueKind};
use draft_jira::model::JiraExport;
use std::fmt::Write as _;

/// Turn a track into Jira issues: one epic, a story per phase, a sub-task per task.
///
/// `preview` writes draft/tracks/<id>/jira-export.md (story points from each
/// phase's task count: 1-2 → 1, 3-4 → 2, 5-6 → 3, 7+ → 5, none → 1) and
/// shows the keys already recorded. `create` creates what has no key yet
/// through Jira Cloud's REST API, epic → stories → sub-tasks, and writes
/// each key back into plan.md (`[PROJ-125]`), metadata.json (the epic) and
/// the export as soon as Jira returns it, so a run that stops half-way can
/// be run again without creating anything twice.
///
/// Settings: the ```yaml block of draft/jira.md or [jira] in
/// draft/config.toml (base_url, project_key, …); DRAFT_JIRA_URL and
/// DRAFT_JIRA_PROJECT override them. Credentials: DRAFT_JIRA_EMAIL and
/// DRAFT_JIRA_TOKEN, from the environment only. docs/JIRA.md has the details
/// and the retry policy.
#[derive(Debug, Args)]
pub struct JiraArgs {
    /// The action.
    #[command(subcommand)]
    pub action: JiraCommand,
}

/// Jira subcommands.
#[derive(Debug, Subcommand)]
pub enum JiraCommand {
    /// Write jira-export.md for a track and show its issues (sends nothing).
    Preview {
        /// The track (default: the active one).
        #[arg(long, value_name = "ID")]
        track: Option<String>,
    },
    /// Create the track's issues that have no key yet, writing each key back.
    Create {
        /// The track (default: the active one).
        #[arg(long, value_name = "ID")]
        track: Option<String>,
        /// Show what would be created; send and write nothing (no credentials needed).
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(ctx: &Ctx, args: &JiraArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let env = |name: &str| std::env::var(name).ok();
    match &args.action {
        JiraCommand::Preview { track } => {
            let export = draft_jira::preview(&ws, track.as_deref(), true, &env)?;
            if ctx.json {
                out.report(&export);
            } else {
                render_preview(&export, out);
            }
        }
        JiraCommand::Create { track, dry_run } => {
            let report = draft_jira::create(&ws, track.as_deref(), *dry_run, &env)?;
            if ctx.json {
                out.report(&report);
            } else {
                render_create(&report, out);
            }
        }
    }
    Ok(EXIT_OK)
}

fn key_or_new(key: Option<&str>) -> String {
    key.map_or_else(|| format!("{}(new){:#}", style::DIM, style::DIM), str::to_owned)
}

fn render_preview(e: &JiraExport, out: &mut Output) {
    for w in &e.warnings {
        out.warning(w);
    }
    let s = &mut out.stdout;
    let b = style::BOLD;
    let _ = writeln!(s, "{b}epic{b:#}      {}  {}", key_or_new(e.epic.key.as_deref()), e.epic.summary);
    for story in &e.stories {
        let pts = story.story_points;
        let _ = writeln!(
            s,
            "{b}story{b:#}     {}  {} ({pts} pt{})",
            key_or_new(story.key.as_deref()),
            story.summary,
            if pts == 1 { "" } else { "s" }
        );
        for t in &story.subtasks {
            let _ = writeln!(s, "  sub-task {}  {} [{}]", key_or_new(t.key.as_deref()), t.summary, t.status);
        }
    }
    if !out.quiet {
        let t = &e.totals;
        let _ = writeln!(
            out.stdout,
            "1 epic, {} stories, {} sub-tasks, {} story points; {} with a key, {} to create\nwrote {}",
            t.stories, t.subtasks, t.story_points, t.keyed, t.to_create, e.path
        );
    }
}

fn kind_word(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::Epic => "epic",
        IssueKind::Story => "story",
        IssueKind::Subtask => "sub-task",
    }
}

fn render_create(r: &CreateReport, out: &mut Output) {
    for w in &r.warnings {
        out.warning(w);
    }
    let s = &mut out.stdout;
    for item in &r.items {
        let what = kind_word(item.kind);
        let reference = item.reference.as_deref().map(|x| format!(" {x}")).unwrap_or_default();
        let line = match item.action {
            Action::Created => format!(
                "{}created{:#} {what}{reference} {}  {}",
                style::GOOD,
                style::GOOD,
                item.key.as_deref().unwrap_or_default(),
                item.summary
            ),
            Action::Skipped if out.quiet => continue,
            Action::Skipped => format!(
                "{}skipped{:#} {what}{reference} {}  {} (already has a key)",
                style::DIM,
                style::DIM,
                item.key.as_deref().unwrap_or_default(),
                item.summary
            ),
            Action::WouldCreate => format!("would create {what}{reference}  {}", item.summary),
        };
        let _ = writeln!(s, "{line}");
    }
    if out.quiet {
        return;
    }
    let project = r.project_key.as_deref().unwrap_or("(project not set)");
    let summary = if r.dry_run {
        format!(
            "dry run: {} to create in {project}, {} already there; nothing sent or written",
            r.would_create, r.skipped
        )
    } else if r.created == 0 {
        format!("nothing to create: all {} issues have keys", r.skipped)
    } else {
        format!(
            "{} created in {project}, {} already there; keys written to {}",
            r.created,
            r.skipped,
            r.written.join(", ")
        )
    };
    let _ = writeln!(s, "{summary}");
    if r.rate_limited > 0 {
        let _ = writeln!(s, "waited out {} rate-limit answer(s) (429)", r.rate_limited);
    }
}
