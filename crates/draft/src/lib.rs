//! The `draft` command line: argument parsing, dispatch, rendering and exit
//! codes over the engines in `draft-core`.
//!
//! Exit codes are a contract: 0 success, 1 findings (a check that found
//! problems), 2 usage or runtime error. Output is built in memory and
//! written once, so a closed pipe (`draft status | head`) ends quietly.
//!
//! The `hosts` feature (on by default) adds `draft skills`, `draft install`,
//! `draft uninstall` and `draft doctor`: the workflow skills under
//! `skills/` are embedded at build time (`build.rs`) and installed into AI
//! coding hosts through `draft-hosts`.

mod cli;
mod commands;
#[cfg(feature = "hosts")]
mod hosting;
mod output;
#[cfg(feature = "hosts")]
mod skills;

use clap::Parser as _;
use std::ffi::OsString;
use std::process::ExitCode;

pub use output::Output;

/// Success.
pub const EXIT_OK: u8 = 0;
/// The command ran and found problems.
pub const EXIT_FINDINGS: u8 = 1;
/// Bad usage or a failure that stopped the command.
pub const EXIT_ERROR: u8 = 2;

/// Parse `args`, run the command and return the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let mut out = Output::default();
    let code = match commands::dispatch(&cli, &mut out) {
        Ok(code) => code,
        Err(err) => {
            out.error(&err);
            EXIT_ERROR
        }
    };
    out.flush();
    ExitCode::from(code)
}
