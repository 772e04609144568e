//! Command-line definitions: the global options and the list of commands.
//! Doc comments here (and on each command's Args in `commands/`) are the
//! `--help` text; `tests/cli/help.rs` snapshots the whole help tree.

use crate::commands::check::CheckArgs;
use crate::commands::completions::CompletionsArgs;
use crate::commands::context::ContextArgs;
use crate::commands::facts::FactsArgs;
use crate::commands::init::InitArgs;
use crate::commands::man::ManArgs;
#[cfg(feature = "mcp")]
use crate::commands::mcp::McpArgs;
use crate::commands::new_track::NewTrackArgs;
use crate::commands::refresh::RefreshArgs;
use crate::commands::revert::RevertArgs;
use crate::commands::schema::SchemaArgs;
use crate::commands::status::StatusArgs;
use crate::commands::sync::SyncArgs;
use crate::commands::task::TaskArgs;
use crate::commands::track::TrackArgs;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

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
    max_term_width = 100,
    after_help = "Exit codes: 0 success · 1 findings (a check found problems) · 2 usage or runtime error."
)]
pub struct Cli {
    /// Run as if draft was started in DIR.
    #[arg(short = 'C', long = "directory", global = true, help_heading = GLOBAL, value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// Print a versioned JSON report on stdout; failures print a JSON error report (docs/JSON.md).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Print results, warnings and errors only: no narration, hints or summaries.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// When to colour output: auto (on a terminal with NO_COLOR unset), always or never.
    #[arg(long, value_enum, global = true, help_heading = GLOBAL, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Read the project as this layout (draft/ or conductor/) instead of detecting it.
    #[arg(long, value_enum, global = true, help_heading = GLOBAL, value_name = "LAYOUT")]
    pub layout: Option<LayoutArg>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    // Plain comments: doc comments would list each value in every --help.
    // A terminal and NO_COLOR unset.
    Auto,
    // Even into a pipe or with NO_COLOR set.
    Always,
    Never,
}

impl ColorWhen {
    /// The matching anstream choice.
    #[must_use]
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            Self::Auto => anstream::ColorChoice::Auto,
            Self::Always => anstream::ColorChoice::Always,
            Self::Never => anstream::ColorChoice::Never,
        }
    }
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    // `draft/`
    Draft,
    // Conductor's `conductor/`
    Conductor,
}

impl From<LayoutArg> for draft_core::workspace::Layout {
    fn from(layout: LayoutArg) -> Self {
        match layout {
            LayoutArg::Draft => Self::Draft,
            LayoutArg::Conductor => Self::Conductor,
        }
    }
}

/// Every command. A command's help is the doc comment on its Args struct.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(InitArgs),
    NewTrack(NewTrackArgs),
    Status(StatusArgs),
    Task(TaskArgs),
    Sync(SyncArgs),
    Track(TrackArgs),
    Revert(RevertArgs),
    Check(CheckArgs),
    Facts(FactsArgs),
    Refresh(RefreshArgs),
    Index(crate::commands::index::IndexArgs),
    Adr(crate::commands::adr::AdrArgs),
    #[cfg(feature = "hosts")]
    Skills(crate::commands::skills::SkillsArgs),
    #[cfg(feature = "hosts")]
    Install(crate::commands::install::InstallArgs),
    #[cfg(feature = "hosts")]
    Uninstall(crate::commands::uninstall::UninstallArgs),
    #[cfg(feature = "hosts")]
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Print the context bundle for a track: current task, context docs, spec, plan, commits.
    Context(ContextArgs),
    Coverage(crate::commands::coverage::CoverageArgs),
    Review(crate::commands::review::ReviewArgs),
    Validate(crate::commands::validate::ValidateArgs),
    #[cfg(feature = "graph")]
    Graph(crate::commands::graph::GraphArgs),
    #[cfg(feature = "graph")]
    Decompose(crate::commands::decompose::DecomposeArgs),
    #[cfg(feature = "jira")]
    Jira(crate::commands::jira::JiraArgs),
    /// Serve the engines, documents and skills over MCP on stdin/stdout.
    #[cfg(feature = "mcp")]
    Mcp(McpArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
    #[command(hide = true)]
    Schema(SchemaArgs),
}

impl Cli {
    /// Whether the user asked for JSON: `--json`, or `check --format json`.
    #[must_use]
    pub fn wants_json(&self) -> bool {
        self.json
            || matches!(&self.command, Command::Check(c) if c.format == Some(crate::commands::check::CheckFormat::Json))
            || matches!(&self.command, Command::Validate(c) if c.format == Some(crate::commands::check::CheckFormat::Json))
    }
}

/// What can be read from a command line clap rejected: whether it asked for
/// JSON and which `--color`. Stops at `--`.
#[must_use]
pub fn sniff(args: &[std::ffi::OsString]) -> (bool, Option<ColorWhen>) {
    let mut json = false;
    let mut color = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (word.to_string(), None),
        };
        match flag.as_str() {
            "--" => break,
            "--json" => json = true,
            "--format" => json |= inline.or_else(|| words.next().map(|w| w.to_string())).as_deref() == Some("json"),
            "--color" => {
                let value = inline.or_else(|| words.next().map(|w| w.to_string()));
                color = value.and_then(|v| ColorWhen::from_str(&v, true).ok()).or(color);
            }
            _ => {}
        }
    }
    (json, color)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
        args.iter().map(Into::into).collect()
    }

    #[test]
    fn sniffs_json_and_colour_from_rejected_lines() {
        assert_eq!(sniff(&os(&["draft", "status", "--json", "--bogus"])), (true, None));
        assert_eq!(
            sniff(&os(&["draft", "check", "--format", "json", "--color=never"])),
            (true, Some(ColorWhen::Never))
        );
        assert_eq!(
            sniff(&os(&["draft", "check", "--format=sarif", "--color", "always"])),
            (false, Some(ColorWhen::Always))
        );
        assert_eq!(sniff(&os(&["draft", "new-track", "--", "--json"])), (false, None));
    }
}
