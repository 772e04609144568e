//! `draft install`: puts draft's skills, instructions and MCP entry into an
//! AI coding host (`draft-hosts` plans and applies), lists what each host
//! gets (`--list`) and names the hosts a repository already uses
//! (`--detect`).
//!
//! Exit codes: 0 installed (or nothing to do), 1 conflicts (the plan is
//! printed and nothing is written; `--force` replaces), 2 an unparseable
//! config, a path outside its root, or another error.

use crate::EXIT_OK;
use crate::hosting::{self, HostArg};
use crate::output::{Output, style};
use clap::Args;
use draft_hosts::{Host, InstallContext, ListedTarget, Scope, detect, hosts_on_path, list_targets, plan_install};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// `draft install`
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
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(start: &Path, args: &InstallArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ctx = hosting::context(start)?;
    let result = if args.detect {
        Ok(run_detect(&ctx, args, out))
    } else if args.list {
        run_list(&ctx, args, out)
    } else {
        match args.host {
            Some(host) => run_install(&ctx, host.into(), args, out),
            None => Err(draft_hosts::Error::Usage("name a host, or pass --list or --detect".to_owned())),
        }
    };
    hosting::finish(out, &ctx, args.json, result)
}

fn run_install(ctx: &InstallContext, host: Host, args: &InstallArgs, out: &mut Output) -> draft_hosts::Result<u8> {
    let plan = plan_install(ctx, host, hosting::scope(args.global), args.force)?;
    hosting::carry_out(out, ctx, &plan, args.dry_run, args.json)
}

/// `install --list` as JSON.
#[derive(Debug, Serialize)]
struct HostList {
    version: u32,
    hosts: Vec<HostTargets>,
}

#[derive(Debug, Serialize)]
struct HostTargets {
    host: Host,
    name: &'static str,
    scopes: Vec<ScopeTargets>,
}

#[derive(Debug, Serialize)]
struct ScopeTargets {
    scope: Scope,
    targets: Vec<ListedTarget>,
}

fn run_list(ctx: &InstallContext, args: &InstallArgs, out: &mut Output) -> draft_hosts::Result<u8> {
    let hosts: Vec<Host> = match args.host {
        Some(h) => vec![h.into()],
        None => Host::ALL.to_vec(),
    };
    let mut list = HostList { version: draft_hosts::REPORT_VERSION, hosts: Vec::new() };
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
    if args.json {
        out.json(&list);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let (b, dim) = (style::BOLD, style::DIM);
    let _ = writeln!(s, "{dim}project paths are relative to {}{dim:#}", ctx.project_root.display());
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

/// `install --detect` as JSON.
#[derive(Debug, Serialize)]
struct Detected {
    version: u32,
    root: String,
    /// Hosts whose files are in the repository (not counting draft's own).
    project: Vec<Host>,
    /// Hosts whose CLI is on PATH.
    on_path: Vec<Host>,
}

fn run_detect(ctx: &InstallContext, args: &InstallArgs, out: &mut Output) -> u8 {
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let found = Detected {
        version: draft_hosts::REPORT_VERSION,
        root: ctx.project_root.display().to_string(),
        project: detect(&ctx.project_root),
        on_path: hosts_on_path(&path_var),
    };
    if args.json {
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
    let first = found.project.first().or(found.on_path.first()).map_or("<host>", |h| h.id());
    let _ = writeln!(
        s,
        "{dim}Install with `draft install {first}`; `draft install --list` shows what each host gets.{dim:#}"
    );
    EXIT_OK
}
