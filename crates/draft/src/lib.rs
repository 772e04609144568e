//! The `draft` command line: argument parsing, dispatch, rendering and exit
//! codes over the engines in `draft-core`.
//!
//! Exit codes are a contract: 0 success, 1 findings (a check that found
//! problems), 2 usage or runtime error. Output is built in memory and
//! written once, so a closed pipe (`draft status | head`) ends quietly.
//! With `--json` stdout carries exactly one versioned JSON document — the
//! report, or an error report when the command failed (`report`).
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
mod progress;
mod report;
#[cfg(feature = "hosts")]
mod skills;

use clap::{CommandFactory as _, Parser as _};
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
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // Honour --color and --json even on a line clap rejects.
    let (wants_json, color) = cli::sniff(&args);
    if let Some(color) = color {
        color.choice().write_global();
    }
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) if wants_json && err.use_stderr() => {
            let mut out = Output::default();
            out.json(&usage_error(&err));
            out.flush();
            return ExitCode::from(EXIT_ERROR);
        }
        Err(err) => {
            let code = if err.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    cli.color.choice().write_global();
    let mut out = Output::new(cli.quiet);
    let code = match commands::dispatch(&cli, &mut out) {
        Ok(code) => code,
        Err(err) if cli.wants_json() => {
            out.error_json(&err);
            EXIT_ERROR
        }
        Err(err) => {
            out.error(&err);
            EXIT_ERROR
        }
    };
    out.flush();
    ExitCode::from(code)
}

/// clap's rejection as a JSON error report: its first line is the message,
/// a `tip:` line (if any) the hint.
fn usage_error(err: &clap::Error) -> report::ErrorJson {
    let text = err.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let message = lines.next().unwrap_or("invalid command line");
    let message = message.strip_prefix("error: ").unwrap_or(message).to_owned();
    let hint = lines
        .find_map(|l| l.strip_prefix("tip: "))
        .map_or_else(|| "run `draft --help` (or `draft <command> --help`) for usage".to_owned(), str::to_owned);
    report::ErrorJson::usage(message, Some(hint))
}

/// The whole command-line definition, for the help-tree snapshot test and
/// tools that generate documentation from it.
#[must_use]
pub fn command() -> clap::Command {
    cli::Cli::command()
}
