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
    /// Lint every document under draft/ (or conductor/): frontmatter, placeholders, spec structure,
    /// risks, approval gates, plan grammar, consistency, staleness, citations, ADRs.
    Check(CheckArgs),
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
