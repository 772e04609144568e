//! One module per command, the context every command runs in, and the
//! single dispatch over them.

pub mod adr;
pub mod check;
pub mod completions;
pub mod context;
pub mod coverage;
#[cfg(feature = "graph")]
pub mod decompose;
#[cfg(feature = "hosts")]
pub mod doctor;
pub mod facts;
#[cfg(feature = "graph")]
pub mod graph;
pub mod index;
pub mod init;
#[cfg(feature = "hosts")]
pub mod install;
#[cfg(feature = "jira")]
pub mod jira;
pub mod man;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod new_track;
pub mod refresh;
pub mod revert;
pub mod review;
pub mod schema;
#[cfg(feature = "hosts")]
pub mod skills;
pub mod status;
pub mod sync;
pub mod task;
pub mod track;
#[cfg(feature = "hosts")]
pub mod uninstall;
pub mod validate;

use crate::cli::{Cli, Command};
use crate::output::Output;
use draft_core::workspace::{Environment, Layout, Workspace};
use std::path::PathBuf;

/// What the global options say, for every command.
#[derive(Debug)]
pub struct Ctx {
    /// Where to start looking for the project (`-C`, else `.`).
    pub start: PathBuf,
    /// `--json`: print the versioned report instead of text.
    pub json: bool,
    /// Clock and git from the process environment, and `--layout`.
    pub env: Environment,
}

impl Ctx {
    /// The context of a parsed command line.
    #[must_use]
    pub fn new(cli: &Cli) -> Self {
        Self {
            start: cli.directory.clone().unwrap_or_else(|| PathBuf::from(".")),
            json: cli.json,
            env: Environment::from_process().with_layout(cli.layout.map(Layout::from)),
        }
    }

    /// Find the project the command works on (`--layout` picks the tree
    /// where both exist).
    pub fn workspace(&self) -> draft_core::Result<Workspace> {
        Workspace::discover_with(&self.start, self.env.clone())
    }
}

/// Run the parsed command; `Ok` carries the exit code.
pub fn dispatch(cli: &Cli, out: &mut Output) -> draft_core::Result<u8> {
    let ctx = Ctx::new(cli);
    match &cli.command {
        Command::Init(args) => init::run(&ctx, args, out),
        Command::NewTrack(args) => new_track::run(&ctx, args, out),
        Command::Status(args) => status::run(&ctx, args, out),
        Command::Task(args) => task::run(&ctx, args, out),
        Command::Sync(args) => sync::run(&ctx, args, out),
        Command::Track(args) => track::run(&ctx, args, out),
        Command::Revert(args) => revert::run(&ctx, args, out),
        Command::Check(args) => check::run(&ctx, args, out),
        Command::Facts(args) => facts::run(&ctx, args, out),
        Command::Refresh(args) => refresh::run(&ctx, args, out),
        Command::Index(args) => index::run(&ctx, args, out),
        Command::Adr(args) => adr::run(&ctx, args, out),
        #[cfg(feature = "hosts")]
        Command::Skills(args) => skills::run(&ctx, args, out),
        #[cfg(feature = "hosts")]
        Command::Install(args) => install::run(&ctx, args, out),
        #[cfg(feature = "hosts")]
        Command::Uninstall(args) => uninstall::run(&ctx, args, out),
        #[cfg(feature = "hosts")]
        Command::Doctor(args) => doctor::run(&ctx, args, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Context(args) => context::run(&ctx, args, out),
        Command::Coverage(args) => coverage::run(&ctx, args, out),
        Command::Review(args) => review::run(&ctx, args, out),
        Command::Validate(args) => validate::run(&ctx, args, out),
        #[cfg(feature = "graph")]
        Command::Graph(args) => graph::run(&ctx, args, out),
        #[cfg(feature = "graph")]
        Command::Decompose(args) => decompose::run(&ctx, args, out),
        #[cfg(feature = "jira")]
        Command::Jira(args) => jira::run(&ctx, args, out),
        #[cfg(feature = "mcp")]
        Command::Mcp(args) => mcp::run(&ctx, args),
    }
}
