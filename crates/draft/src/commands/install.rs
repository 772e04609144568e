//! `draft install`: puts draft's skills, instructions and MCP entry into an
//! AI coding host (`draft-hosts` plans and applies), lists what each host
//! gets (`--list`) and names the hosts a repository already uses
//! (`--detect`).
//!
//! Exit codes: 0 installed (or nothing to do), 1 conflicts (the plan is
//! printed and nothing is written; `--force` replaces), 2 an unparseable
//! config, a path outside its root, or another error.

use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::hosting::{self, HostArg};
use crate::output::{Output, style};
use crate::report::Version;
use clap::Args;
use draft_hosts::{Host, InstallContext, ListedTarget, Scope, detect, hosts_on_path, list_targets, plan_install};
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// Install draft's skills, instructions and MCP entry into an AI coding host.
///
/// draft owns only its own entries in shared files and records what it wrote
/// in an install manifest, so a second install changes nothing and uninstall
/// takes back exactly that. Content draft did not write is a conflict: the
/// plan is printed, nothing is written and the exit code is 1 (--force
/// replaces it). An unparseable config is refused with exit 2, naming the
/// line and printing the entry to paste by hand.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
                        draft install claude-code               # into this repository\n  \
                        draft install codex --global --dry-run  # show what would be written\n  \
                        draft install --list                    # every host, scope and path\n  \
                        draft install --detect                  # the hosts this repository uses")]
pub struct InstallArgs {
    /// The host to install into.
    #[arg(value_enum, value_name = "HOST", required_unless_present_any = ["list", "detect"])]
    pub host: Option<HostArg>,
    /// Install into this repository (the default); the files are meant to be committed.
    #[arg(long, conflicts_with = "global")]
    pub project: bool,
    /// Install into your home directory for every repository; MCP entries run this binary by its absolute path.
    #[arg(long)]
    pub global: bool,
    /// Print the plan (file, action, why) and write nothing.
    #[arg(long, conflicts_with_all = ["list", "detect"])]
    pub dry_run: bool,
    /// Replace what draft did not write: an existing `draft` MCP entry or skill that differs.
    #[arg(long, conflicts_with_all = ["list", "detect"])]
    pub force: bool,
    /// List each host, its scopes and the exact paths it would write (HOST and --project/--global narrow it).
    #[arg(long, conflicts_with = "detect")]
    pub list: bool,
    /// Name the hosts this repository already uses, and the host CLIs on PATH.
    #[arg(long, conflicts_with_all = ["host", "project", "global"])]
    pub detect: bool,
}

pub fn run(cli: &Ctx, args: &InstallArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ctx = hosting::context(&cli.start)?;
    let json = cli.json;
    let result = if args.detect {
        Ok(run_detect(&ctx, json, out))
    } else if args.list {
        run_list(&ctx, args, json, out)
    } else {
        match args.host {
            Some(host) => run_install(&ctx, host.into(), args, json, out),
            None => Err(draft_hosts::Error::Usage("name a host, or pass --list or --detect".to_owned())),
        }
    };
    hosting::finish(out, &ctx, json, result)
}

fn run_install(
    ctx: &InstallContext,
    host: Host,
    args: &InstallArgs,
    json: bool,
    out: &mut Output,
) -> draft_hosts::Result<u8> {
    let plan = plan_install(ctx, host, hosting::scope(args.global), args.force)?;
    hosting::carry_out(out, ctx, &plan, args.dry_run, json)
}

/// `draft install --list --json`: what each host gets, by scope.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HostList {
    pub version: Version,
    /// The hosts asked for (all of them without HOST).
    pub hosts: Vec<HostTargets>,
}

/// One host's targets.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HostTargets {
    /// The host id.
    pub host: Host,
    /// Its display name.
    pub name: &'static str,
    /// The scopes asked for (both without --project/--global).
    pub scopes: Vec<ScopeTargets>,
}

/// What a host gets in one scope.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScopeTargets {
    /// The scope.
    pub scope: Scope,
    /// Every file, key, block or directory draft writes there.
    pub targets: Vec<ListedTarget>,
}

fn run_list(ctx: &InstallContext, args: &InstallArgs, json: bool, out: &mut Output) -> draft_hosts::Result<u8> {
    let hosts: Vec<Host> = match args.host {
        Some(h) => vec![h.into()],
        None => Host::ALL.to_vec(),
    };
    let mut list = HostList { version: Version, hosts: Vec::new() };
    for host in hosts {
        let mut scopes = Vec::new();
        for &scope in host.scopes() {
            let wanted = match scope {
                Scope::Project => args.project || !args.global,
                Scope::Global => args.global || !args.project,
            };
            if wanted {
                scopes.push(ScopeTargets { scope, targets: list_targets(ctx, host, scope)? });
            }
        }
        list.hosts.push(HostTargets { host, name: host.display_name(), scopes });
    }
    if json {
        out.json(&list);
        return Ok(EXIT_OK);
    }
    let quiet = out.quiet;
    let s = &mut out.stdout;
    let (b, dim) = (style::BOLD, style::DIM);
    if !quiet {
        let _ = writeln!(s, "{dim}project paths are relative to {}{dim:#}", ctx.project_root.display());
    }
    for host in &list.hosts {
        let _ = writeln!(s, "\n{b}{}{b:#}  {dim}{}{dim:#}", host.host.id(), host.name);
        for scope in &host.scopes {
            let _ = writeln!(s, "  {}", scope.scope);
            let rows: Vec<(String, String)> = scope
                .targets
                .iter()
                .map(|t| {
                    let shared = if t.shared_with.is_empty() {
                        String::new()
                    } else {
                        let ids: Vec<&str> = t.shared_with.iter().map(|h| h.id()).collect();
                        format!("shared with {}", ids.join(", "))
                    };
                    (hosting::what(&t.path, t.kind, t.key.as_deref()), shared)
                })
                .collect();
            let width = rows.iter().map(|(w, _)| w.chars().count()).max().unwrap_or(0).min(70);
            for (what, shared) in rows {
                if shared.is_empty() {
                    let _ = writeln!(s, "    {what}");
                } else {
                    let _ = writeln!(s, "    {what:<width$}  {dim}{shared}{dim:#}");
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// `draft install --detect --json`: the hosts a repository uses.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Detected {
    pub version: Version,
    /// The project root.
    pub root: String,
    /// Hosts whose files are in the repository (not counting draft's own).
    pub project: Vec<Host>,
    /// Hosts whose CLI is on PATH.
    pub on_path: Vec<Host>,
}

fn run_detect(ctx: &InstallContext, json: bool, out: &mut Output) -> u8 {
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let found = Detected {
        version: Version,
        root: ctx.project_root.display().to_string(),
        project: detect(&ctx.project_root),
        on_path: hosts_on_path(&path_var),
    };
    if json {
        out.json(&found);
        return EXIT_OK;
    }
    let s = &mut out.stdout;
    let (b, dim) = (style::BOLD, style::DIM);
    if found.project.is_empty() {
        let _ = writeln!(s, "No AI host files found in {}.", found.root);
    } else {
        let _ = writeln!(s, "{b}Hosts this repository uses{b:#} ({})", found.root);
        for host in &found.project {
            let _ = writeln!(s, "  {:<12} {dim}{}{dim:#}", host.id(), host.display_name());
        }
    }
    if !found.on_path.is_empty() {
        let ids: Vec<&str> = found.on_path.iter().map(|h| h.id()).collect();
        let _ = writeln!(s, "Host CLIs on PATH: {}", ids.join(", "));
    }
    if out.quiet {
        return EXIT_OK;
    }
    let first = found.project.first().or(found.on_path.first()).map_or("<host>", |h| h.id());
    let _ = writeln!(
        s,
        "{dim}Install with `draft install {first}`; `draft install --list` shows what each host gets.{dim:#}"
    );
    EXIT_OK
}
