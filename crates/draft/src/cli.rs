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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
