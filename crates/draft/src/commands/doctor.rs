//! `draft doctor`: is `draft` on PATH (hosts run `draft mcp` by name in
//! project installs), which hosts are installed in which scope by which
//! draft version, and which installed files were edited or removed since.
//!
//! Exit codes: 0 healthy, 1 something needs attention, 2 an error.

use crate::commands::Ctx;
use crate::hosting;
use crate::output::{Output, style};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_hosts::{DoctorReport, FileState, InstallStatus};
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// Check the installs: draft on PATH, each host's version, edited files.
///
/// Healthy (exit 0) when `draft` resolves on PATH, every install is from the
/// running draft version, every installed file is intact and both install
/// manifests are readable; otherwise it says what needs attention (exit 1).
#[derive(Debug, Args)]
pub struct DoctorArgs {}

/// `draft doctor --json`: draft-hosts' facts (with `version` first) plus the verdict.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Verdict<'a> {
    /// The facts.
    #[serde(flatten)]
    pub report: &'a DoctorReport,
    /// The project root.
    pub root: String,
    /// The binary running now, when known.
    pub running: Option<String>,
    /// Exit 0 when true, 1 when something needs attention.
    pub healthy: bool,
}

pub fn run(cli: &Ctx, _args: &DoctorArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ctx = hosting::context(&cli.start)?;
    let report = draft_hosts::doctor(&ctx, std::env::var_os("PATH").as_deref());
    let healthy = report.healthy();
    let code = if healthy { EXIT_OK } else { EXIT_FINDINGS };
    let running = ctx.binary.as_ref().map(|b| b.display().to_string());
    if cli.json {
        let root = ctx.project_root.display().to_string();
        out.json(&Verdict { report: &report, root, running, healthy });
        return Ok(code);
    }
    let s = &mut out.stdout;
    let (b, dim, good, bad, warn) = (style::BOLD, style::DIM, style::GOOD, style::BAD, style::WARNING);
    let _ = writeln!(s, "{b}draft {}{b:#}  {dim}{}{dim:#}", report.draft_version, ctx.project_root.display());
    match &report.draft_on_path {
        Some(found) => {
            let _ = writeln!(s, "  {good}✓{good:#} draft on PATH: {found}");
            let same = ctx.binary.as_ref().is_some_and(|b| same_file(b, Path::new(found)));
            if !same && let Some(running) = &running {
                let _ = writeln!(s, "    {dim}(this is not the binary running now, {running}){dim:#}");
            }
        }
        None => {
            let _ = writeln!(s, "  {bad}✗ draft is not on PATH{bad:#}");
            let _ = writeln!(
                s,
                "    {dim}project installs run `draft mcp` by name; put draft in a directory on PATH (`cargo install --path crates/draft`), or install with --global, which uses the absolute path{dim:#}"
            );
        }
    }
    if report.installs.is_empty() {
        let _ = writeln!(s, "  no host has draft installed (`draft install --detect` suggests one)");
    }
    for install in &report.installs {
        render_install(s, install);
    }
    for problem in &report.problems {
        let _ = writeln!(s, "  {bad}✗ {problem}{bad:#}");
    }
    if healthy {
        let _ = writeln!(s, "{good}Healthy.{good:#}");
    } else {
        let _ = writeln!(s, "{warn}Needs attention{warn:#} (exit 1).");
    }
    Ok(code)
}

fn render_install(s: &mut String, install: &InstallStatus) {
    let (good, bad, warn, dim) = (style::GOOD, style::BAD, style::WARNING, style::DIM);
    let intact = install.files.iter().filter(|f| f.state == FileState::Intact).count();
    let ok = install.current && intact == install.files.len();
    let (mark, st) = if ok { ("✓", good) } else { ("✗", bad) };
    let _ = write!(
        s,
        "  {st}{mark}{st:#} {:<12} {:<8} draft {}  {intact}/{} intact",
        install.host.id(),
        install.scope.id(),
        install.draft_version,
        install.files.len()
    );
    if !install.current {
        let global = if install.scope == draft_hosts::Scope::Global { " --global" } else { "" };
        let _ = write!(s, "  {warn}outdated: `draft install {}{global}` updates it{warn:#}", install.host.id());
    }
    let _ = writeln!(s);
    for file in install.files.iter().filter(|f| f.state != FileState::Intact) {
        let state = match file.state {
            FileState::Edited => "edited",
            FileState::Missing => "missing",
            FileState::Unreadable => "unreadable",
            FileState::Intact => "intact",
        };
        let what = hosting::what(&file.path, file.kind, file.key.as_deref());
        let detail = file.detail.as_deref().map(|d| format!("  {dim}{d}{dim:#}")).unwrap_or_default();
        let _ = writeln!(s, "      {warn}{state:<10}{warn:#} {what}{detail}");
    }
    if install.files.iter().any(|f| f.state == FileState::Edited) {
        let global = if install.scope == draft_hosts::Scope::Global { " --global" } else { "" };
        let _ = writeln!(
            s,
            "      {dim}uninstall keeps edited files; `draft install {}{global} --force` puts draft's version back{dim:#}",
            install.host.id()
        );
    }
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
