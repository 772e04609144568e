//! `draft uninstall`: takes out of a host what `draft install` put there and
//! the user has not edited since (`--force` takes edited files too); files
//! other hosts still use stay.
//!
//! Exit codes: 0 done (edited files kept are reported), 1 conflicts (nothing
//! is written), 2 an unparseable config or another error.

use crate::commands::Ctx;
use crate::hosting::{self, HostArg};
use crate::output::Output;
use clap::Args;
use draft_hosts::{InstallContext, plan_uninstall};

/// Remove from an AI coding host what `draft install` put there.
///
/// Only what the install manifest records and you have not edited since is
/// removed (--force removes edited files too); files another host still
/// uses stay. A conflict prints the plan, writes nothing and exits 1.
#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// The host to uninstall from.
    #[arg(value_enum, value_name = "HOST")]
    pub host: HostArg,
    /// Uninstall from this repository (the default).
    #[arg(long, conflicts_with = "global")]
    pub project: bool,
    /// Uninstall from your home directory.
    #[arg(long)]
    pub global: bool,
    /// Print the plan (file, action, why) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Remove installed files even if you edited them since.
    #[arg(long)]
    pub force: bool,
}

pub fn run(cli: &Ctx, args: &UninstallArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ctx = hosting::context(&cli.start)?;
    let result = uninstall(&ctx, args, cli.json, out);
    hosting::finish(out, &ctx, cli.json, result)
}

fn uninstall(ctx: &InstallContext, args: &UninstallArgs, json: bool, out: &mut Output) -> draft_hosts::Result<u8> {
    let plan = plan_uninstall(ctx, args.host.into(), hosting::scope(args.global), args.force)?;
    hosting::carry_out(out, ctx, &plan, args.dry_run, json)
}
