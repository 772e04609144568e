//! `draft schema [NAME]` (hidden): the JSON Schemas of the versioned JSON
//! contract, generated from the report types (see `crate::report`).

use crate::EXIT_OK;
use crate::output::Output;
use crate::report::{find, reports};
use clap::Args;
use draft_core::Error;
use std::fmt::Write as _;

/// Print the JSON Schema of a --json report (draft 2020-12), or list the reports.
///
/// Without NAME, lists every report with the command that prints it.
/// docs/JSON.md describes the contract and its versioning policy.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The report, e.g. `status`, `check` or `error`.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

pub fn run(args: &SchemaArgs, out: &mut Output) -> draft_core::Result<u8> {
    let Some(name) = &args.name else {
        let width = reports().map(|r| r.name.len()).max().unwrap_or(0);
        for r in reports() {
            let _ = writeln!(out.stdout, "{:<width$}  {}", r.name, r.printed_by);
        }
        return Ok(EXIT_OK);
    };
    let report = find(name).ok_or_else(|| {
        let names: Vec<&str> = reports().map(|r| r.name).collect();
        Error::Usage(format!("no report named {name:?}; reports: {}", names.join(", ")))
    })?;
    out.json(&(report.schema)());
    Ok(EXIT_OK)
}
