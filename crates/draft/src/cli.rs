//! Command-line definitions. Doc comments here are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Context-Driven Development for teams who code with AI agents.
///
/// draft keeps a project's context (product, tech stack, workflow,
/// architecture) and its tracks of work (spec, plan, metadata) as files under
/// draft/, and does every piece of bookkeeping on them exactly.
#[derive(Debug, Parser)]
#[command(
    name = "draft",
    version,
    propagate_version = true,
    after_help = "Exit codes: 0 success · 1 findings (a check found problems) · 2 usage or runtime error."
)]
pub struct Cli {
    /// Run as if draft was started in DIR.
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the draft/ context tree (product, tech stack, workflow, architecture, registry).
    Init(InitArgs),
    /// Start a track: spec.md from the seed template, plan.md, metadata.json and a registry entry.
    NewTrack(NewTrackArgs),
    /// Show each track's progress, current task and blocked tasks, counted from plan.md.
    Status(StatusArgs),
    /// Drive a track's tasks: next, start, done, block, unblock.
    Task(TaskArgs),
    /// Rewrite metadata.json and registry counts and status from plan.md.
    Sync(SyncArgs),
    /// Complete, archive or reopen a track.
    Track(TrackArgs),
    /// Undo a task, a phase or a whole track: revert its commits and reset its tasks.
    Revert(RevertArgs),
    /// Lint every document under draft/ (or conductor/): frontmatter, placeholders, spec structure,
    /// risks, approval gates, plan grammar, consistency, staleness, citations, ADRs.
    Check(CheckArgs),
}

/// `draft task`
///
/// A task REF is `PHASE.TASK` (`1.2`), a plan.md line number (`14`), or the
/// task's label (`"Task 1.2"`, case-insensitive, `Task ` optional). Every
/// change edits only the marker, SHA or reason bytes of plan.md, then syncs
/// metadata.json and the registry.
#[derive(Debug, Args)]
pub struct TaskArgs {
    /// The action.
    #[command(subcommand)]
    pub action: TaskCommand,
}

/// Options every task subcommand shares.
#[derive(Debug, Args)]
pub struct TaskCommon {
    /// The track (default: the first `[~]` track in the registry, else the first `[ ]` one).
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
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

/// `draft track`
#[derive(Debug, Args)]
pub struct TrackArgs {
    /// The move.
    #[command(subcommand)]
    pub action: TrackCommand,
}

/// Track lifecycle subcommands.
#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// Mark a track whose tasks are all done completed (moves it to ## Completed).
    Complete(TrackIdArgs),
    /// Archive a track (moves it to ## Archived, metadata status `archived`).
    Archive(TrackIdArgs),
    /// Reopen an archived or completed track at the status its plan implies.
    Reopen(TrackIdArgs),
}

/// A track id and output options.
#[derive(Debug, Args)]
pub struct TrackIdArgs {
    /// The track id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `draft revert`
///
/// Scope: `task REF`, `phase N` or `track`. The commits are the SHAs recorded
/// on the scope's [x] tasks plus commits whose subject has the track id as
/// scope (`type(<id>): …`) in that range. Without --apply nothing changes.
#[derive(Debug, Args)]
pub struct RevertArgs {
    /// `task <REF>`, `phase <N>` or `track`.
    #[arg(value_name = "SCOPE", num_args = 0..=2, required_unless_present_any = ["continue_", "abort"])]
    pub scope: Vec<String>,
    /// The track (default: the active one).
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
    /// Revert for real: one `revert(<id>): …` commit, then reset the tasks.
    #[arg(long, conflicts_with_all = ["continue_", "abort"])]
    pub apply: bool,
    /// After resolving conflicts (and `git add`), make the revert commit and reset the tasks.
    #[arg(long = "continue", conflicts_with = "abort")]
    pub continue_: bool,
    /// Give up a conflicted revert and restore the work tree.
    #[arg(long)]
    pub abort: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `draft init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Add the files missing from an existing draft/; existing files are never overwritten.
    #[arg(long)]
    pub force: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `draft new-track`
#[derive(Debug, Args)]
pub struct NewTrackArgs {
    /// What the track is for; becomes its title and, slugified, its id.
    #[arg(value_name = "DESCRIPTION")]
    pub description: String,
    /// The kind of work.
    #[arg(long = "type", value_enum, default_value_t = KindArg::Feature)]
    pub kind: KindArg,
    /// Use this id instead of deriving one from the description.
    #[arg(long)]
    pub id: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Track kinds on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// New behaviour.
    Feature,
    /// A defect to fix.
    Bugfix,
    /// Structure changes without behaviour changes.
    Refactor,
}

/// `draft status`
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Show only this track.
    #[arg(value_name = "TRACK")]
    pub track: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `draft check`
#[derive(Debug, Args)]
#[command(after_help = "Exit codes: 0 no errors · 1 errors found · 2 usage or I/O error.\n\
Configure in draft/config.toml: [check] disable = [\"rule-id\"], placeholder_budget = 0, staleness_threshold = 10.\n\
Disable rules for one file with <!-- draft-check-disable rule-id other-id --> (bare: every rule).")]
pub struct CheckArgs {
    /// Restrict findings to these files, directories or track ids.
    #[arg(value_name = "PATH|TRACK")]
    pub targets: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Apply mechanical fixes (trailing whitespace, commit_short), print them, then check again.
    #[arg(long)]
    pub fix: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// List every rule with its severity and rationale, and exit.
    #[arg(long)]
    pub list_rules: bool,
}

/// Output formats of `draft check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style messages with the source line and a caret.
    Human,
    /// One JSON document with every finding.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
