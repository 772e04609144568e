//! One module per command, the context every command runs in, and the
//! single dispatch over them.

pub mod check;
pub mod completions;
pub mod init;
pub mod man;
pub mod new_track;
pub mod revert;
pub mod schema;
pub mod status;
pub mod sync;
pub mod task;
pub mod track;

use crate::cli::{Cli, Command};
use crate::output::Output;
use draft_core::workspace::{Layout, Workspace};
use std::path::PathBuf;

/// What the global options say, for every command.
#[derive(Debug)]
pub struct Ctx {
    /// Where to start looking for the project (`-C`, else `.`).
    pub start: PathBuf,
    /// `--json`: print the versioned report instead of text.
    pub json: bool,
    /// `--layout`: the layout the user asked for, when any.
    #[expect(
        dead_code,
        reason = "parsed and carried to the discovery call; Workspace::discover learns to honour it with the discovery change (issue 7 §8)"
    )]
    pub layout: Option<Layout>,
}

impl Ctx {
    /// The context of a parsed command line.
    #[must_use]
    pub fn new(cli: &Cli) -> Self {
        Self {
            start: cli.directory.clone().unwrap_or_else(|| PathBuf::from(".")),
            json: cli.json,
            layout: cli.layout.map(Layout::from),
        }
    }

    /// Find the project the command works on. `self.layout` (`--layout`) is
    /// handed over here once discovery can take it.
    pub fn workspace(&self) -> draft_core::Result<Workspace> {
        Workspace::discover(&self.start)
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
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
        Command::Schema(args) => schema::run(args, out),
    }
}
