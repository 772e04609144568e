//! Command-line definitions. Doc comments here are the `--help` text.

use crate::commands::check::CheckArgs;
use crate::commands::context::ContextArgs;
use crate::commands::init::InitArgs;
#[cfg(feature = "mcp")]
use crate::commands::mcp::McpArgs;
use crate::commands::new_track::NewTrackArgs;
use crate::commands::revert::RevertArgs;
use crate::commands::status::StatusArgs;
use crate::commands::sync::SyncArgs;
use crate::commands::task::TaskArgs;
use crate::commands::track::TrackArgs;
use clap::{Parser, Subcommand};
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
    /// List or print the workflow skills built into draft.
    #[cfg(feature = "hosts")]
    Skills(crate::commands::skills::SkillsArgs),
    /// Install draft's skills, instructions and MCP entry into an AI coding host.
    #[cfg(feature = "hosts")]
    Install(crate::commands::install::InstallArgs),
    /// Remove from an AI coding host what `draft install` put there.
    #[cfg(feature = "hosts")]
    Uninstall(crate::commands::uninstall::UninstallArgs),
    /// Check the installs: draft on PATH, each host's version, edited files.
    #[cfg(feature = "hosts")]
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Print the context bundle for a track: current task, context docs, spec, plan, commits.
    Context(ContextArgs),
    /// Serve the engines, documents and skills over MCP on stdin/stdout.
    #[cfg(feature = "mcp")]
    Mcp(McpArgs),
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
