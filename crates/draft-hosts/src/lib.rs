//! draft-hosts: installs draft into AI coding hosts — Claude Code, Cursor,
//! Codex CLI, opencode, GitHub Copilot and Gemini CLI — and takes it out
//! again without losing a byte the user wrote.
//!
//! # Using it
//!
//! ```no_run
//! use draft_hosts::{Host, InstallContext, Scope, Skill, apply, plan_install};
//!
//! # fn main() -> Result<(), draft_hosts::Error> {
//! let ctx = InstallContext::from_env("/path/to/repo", env!("CARGO_PKG_VERSION"))?
//!     .with_skills(vec![Skill::new("status", "---\nname: status\ndescription: …\n---\nbody")]);
//! let plan = plan_install(&ctx, Host::Codex, Scope::Project, false)?; // `--dry-run` stops here
//! if !plan.has_conflicts() {
//!     apply(&plan)?;
//! }
//! # Ok(()) }
//! ```
//!
//! * [`plan_install`] / [`plan_uninstall`] read everything they touch and
//!   return a [`Plan`]: one [`PlannedAction`] per file, key, block or
//!   directory (create, update, unchanged, conflict, remove, keep, release)
//!   with the reason, plus notes for the user. Planning writes nothing and
//!   fails on an unparseable config ([`Error::Unparseable`] names the file,
//!   line and column and carries the snippet to paste by hand), on a path
//!   that leaves its root ([`Error::PathEscape`]) and on a damaged manifest.
//! * [`apply`] refuses a plan with conflicts ([`Error::Conflicts`]) or whose
//!   files changed since planning ([`Error::Changed`]); otherwise it writes
//!   atomically, manifest last.
//! * [`list_targets`] gives the exact paths a host gets (`--list`),
//!   [`detect`] the hosts a repository already uses (`--detect`),
//!   [`hosts_on_path`] / [`find_on_path`] the binaries on a `PATH`, and
//!   [`doctor`] the state of every install.
//! * [`Plan`], [`ListedTarget`], [`ApplyReport`] and [`DoctorReport`] are
//!   `Serialize` with `"version": 1` for `--json`.
//!
//! The caller builds the [`InstallContext`]: project root, home, host config
//! directories, draft's state directory, the binary path (global MCP entries
//! use it) and the skills (`skills/<name>/SKILL.md` texts, embedded by the
//! binary). Planners never read environment variables; only
//! [`InstallContext::from_env`] does.
//!
//! # What each host gets
//!
//! | Host | `project` | `global` |
//! |---|---|---|
//! | claude-code | `.claude/skills/draft*/SKILL.md`, `.claude/rules/draft.md`, `.mcp.json` `/mcpServers/draft` | `~/.claude/skills/draft*/SKILL.md`, `~/.claude.json` `/mcpServers/draft` |
//! | cursor | `.cursor/skills/draft*/SKILL.md`, `.cursor/rules/draft.mdc`, `.cursor/mcp.json` `/mcpServers/draft` | `~/.cursor/skills/draft*/SKILL.md`, `~/.cursor/mcp.json` `/mcpServers/draft` |
//! | codex | `.agents/skills/draft*/SKILL.md`, block in `AGENTS.md`, `.codex/config.toml` `[mcp_servers.draft]` | `~/.agents/skills/draft*/SKILL.md`, `$CODEX_HOME/config.toml` `[mcp_servers.draft]` |
//! | opencode | `.agents/skills/draft*/SKILL.md`, `.opencode/commands/draft-*.md`, block in `AGENTS.md`, `opencode.json(c)` `/mcp/draft` | `~/.agents/skills/draft*/SKILL.md`, `<config>/opencode/commands/draft-*.md`, `<config>/opencode/opencode.json(c)` `/mcp/draft` |
//! | copilot | `.github/skills/draft*/SKILL.md`, `.github/instructions/draft.instructions.md`, `.mcp.json` `/mcpServers/draft`, `.vscode/mcp.json` `/servers/draft` if that file exists | `$COPILOT_HOME/skills/draft*/SKILL.md`, `$COPILOT_HOME/mcp-config.json` `/mcpServers/draft` |
//! | gemini | `.agents/skills/draft*/SKILL.md`, `.gemini/commands/draft/*.toml`, block in `GEMINI.md` (or `AGENTS.md` when `context.fileName` says so), `.gemini/settings.json` `/mcpServers/draft` | `~/.agents/skills/draft*/SKILL.md`, `~/.gemini/commands/draft/*.toml`, `~/.gemini/settings.json` `/mcpServers/draft` |
//!
//! opencode gets `/mcp/servers/draft` (its V2 shape) instead when its config
//! already uses `mcp.servers`. Project MCP entries run `draft mcp`; global
//! ones run the absolute binary path.
//!
//! # Ownership
//!
//! Every file, key, table, block and directory draft writes is recorded with
//! a hash in an install manifest (`draft/.install-manifest.json` in a
//! project, `<state dir>/install-manifest.json` globally) together with the
//! hosts that use it. draft owns only the `draft` key or table and the text
//! between its block markers; everything else in a shared file is the
//! user's and keeps its bytes. Uninstalling removes what no remaining host
//! uses and the user has not edited; edited things are kept and reported
//! unless forced.

mod apply;
mod block;
mod context;
mod detect;
mod doctor;
mod error;
mod host;
mod json_edit;
mod layout;
mod located;
mod manifest;
mod paths;
mod plan;
mod render;
mod steps;
mod toml_table;
mod work;

pub use apply::{ApplyReport, apply};
pub use context::{InstallContext, Skill};
pub use detect::{detect, find_on_path, hosts_on_path};
pub use doctor::{DoctorReport, FileState, FileStatus, InstallStatus, doctor};
pub use error::{Error, Result};
pub use host::{Host, Scope, UnknownHost};
pub use manifest::{EntryKind, MANIFEST_VERSION};
pub use plan::{
    Action, ListedTarget, Operation, Plan, PlannedAction, REPORT_VERSION, list_targets, plan_install, plan_uninstall,
};
pub use render::{BLOCK_BEGIN, BLOCK_END};
