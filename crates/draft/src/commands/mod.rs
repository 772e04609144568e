//! One module per command, and the single dispatch over them.

pub mod check;
pub mod context;
#[cfg(feature = "hosts")]
pub mod doctor;
pub mod init;
#[cfg(feature = "hosts")]
pub mod install;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod new_track;
pub mod revert;
#[cfg(feature = "hosts")]
pub mod skills;
pub mod status;
pub mod sync;
pub mod task;
pub mod track;
#[cfg(feature = "hosts")]
pub mod uninstall;

use crate::cli::{Cli, Command};
use crate::output::Output;
use std::path::PathBuf;

/// Run the parsed command; `Ok` carries the exit code.
pub fn dispatch(cli: &Cli, out: &mut Output) -> draft_core::Result<u8> {
    let start = cli.directory.clone().unwrap_or_else(|| PathBuf::from("."));
    match &cli.command {
        Command::Init(args) => init::run(&start, args, out),
        Command::NewTrack(args) => new_track::run(&start, args, out),
        Command::Status(args) => status::run(&start, args, out),
        Command::Task(args) => task::run(&start, args, out),
        Command::Sync(args) => sync::run(&start, args, out),
        Command::Track(args) => track::run(&start, args, out),
        Command::Revert(args) => revert::run(&start, args, out),
        Command::Check(args) => check::run(&start, args, out),
        #[cfg(feature = "hosts")]
        Command::Skills(args) => skills::run(&start, args, out),
        #[cfg(feature = "hosts")]
        Command::Install(args) => install::run(&start, args, out),
        #[cfg(feature = "hosts")]
        Command::Uninstall(args) => uninstall::run(&start, args, out),
        #[cfg(feature = "hosts")]
        Command::Doctor(args) => doctor::run(&start, args, out),
        Command::Context(args) => context::run(&start, args, out),
        #[cfg(feature = "mcp")]
        Command::Mcp(args) => mcp::run(&start, args),
    }
}
