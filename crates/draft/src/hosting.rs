//! What `draft install`, `draft uninstall` and `draft doctor` share: the
//! host argument, the install context (project root, home, host
//! directories, this binary, the embedded skills), plan rendering and the
//! rendering of `draft-hosts` errors.
//!
//! The project root is the nearest draft project at or above the start
//! directory; without one, the git work tree's top level; outside git, the
//! start directory itself. Errors from `draft-hosts` are rendered here and
//! become exit code 2; an unparseable config is shown compiler style (file,
//! line, the offending line with a caret) followed by the entry to paste by
//! hand.

use crate::output::{Output, style};
use crate::report::ErrorJson;
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use draft_core::engine::init::init_root;
use draft_core::workspace::{Environment, Workspace};
use draft_hosts::{Action, ApplyReport, EntryKind, Host, InstallContext, Operation, Plan, PlannedAction, Scope};
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A host on the command line; the same ids as [`Host`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HostArg {
    /// Anthropic's Claude Code.
    ClaudeCode,
    /// Cursor (the editor and cursor-agent).
    Cursor,
    /// OpenAI's Codex CLI.
    Codex,
    /// The opencode terminal agent.
    Opencode,
    /// GitHub Copilot (VS Code and the Copilot CLI).
    Copilot,
    /// Google's Gemini CLI.
    Gemini,
}

impl From<HostArg> for Host {
    fn from(arg: HostArg) -> Self {
        match arg {
            HostArg::ClaudeCode => Self::ClaudeCode,
            HostArg::Cursor => Self::Cursor,
            HostArg::Codex => Self::Codex,
            HostArg::Opencode => Self::Opencode,
            HostArg::Copilot => Self::Copilot,
            HostArg::Gemini => Self::Gemini,
        }
    }
}

/// The scope the `--project` / `--global` flags ask for (project by default).
#[must_use]
pub fn scope(global: bool) -> Scope {
    if global { Scope::Global } else { Scope::Project }
}

/// The project root for `start` (see the module docs).
pub fn project_root(start: &Path) -> draft_core::Result<PathBuf> {
    match Workspace::discover(start) {
        Ok(ws) => Ok(ws.root),
        Err(_) => init_root(start, &Environment::from_process()),
    }
}

/// The install context for the project around `start`, from the process
/// environment (`HOME`, `XDG_CONFIG_HOME`, `XDG_STATE_HOME`, `CODEX_HOME`,
/// `COPILOT_HOME`, this binary's path) with the embedded skills.
pub fn context(start: &Path) -> draft_core::Result<InstallContext> {
    let root = project_root(start)?;
    let ctx = InstallContext::from_env(root, env!("CARGO_PKG_VERSION"))
        .map_err(|e| draft_core::Error::Usage(e.to_string()))?;
    Ok(ctx.with_skills(crate::skills::for_install()))
}

/// `path` for people: relative to the project root inside it, `~/…` below
/// the home directory, absolute otherwise.
#[must_use]
pub fn shown(ctx: &InstallContext, path: &Path) -> String {
    use draft_core::workspace::relative;
    if path.starts_with(&ctx.project_root) {
        relative(&ctx.project_root, path)
    } else if path.starts_with(&ctx.home) {
        format!("~/{}", relative(&ctx.home, path))
    } else {
        path.display().to_string()
    }
}

/// Turn the result of a hosts command into its exit code, rendering a
/// `draft-hosts` error on stderr, or with `json` as the JSON error report
/// on stdout.
pub fn finish(
    out: &mut Output,
    ctx: &InstallContext,
    json: bool,
    result: draft_hosts::Result<u8>,
) -> draft_core::Result<u8> {
    let err = match result {
        Ok(code) => return Ok(code),
        Err(err) => err,
    };
    if json {
        out.json(&ErrorJson::from_hosts(&err, |path| shown(ctx, path)));
        return Ok(EXIT_ERROR);
    }
    match &err {
        draft_hosts::Error::Unparseable { path, line, column, message, snippet } => {
            unparseable(out, ctx, path, *line, *column, message, snippet);
        }
        other => {
            let e = style::ERROR;
            let _ = writeln!(out.stderr, "{e}error{e:#}: {other}");
            if let draft_hosts::Error::Changed { .. } = other {
                let dim = style::DIM;
                let _ = writeln!(out.stderr, "  {dim}hint:{dim:#} nothing was written; run the command again");
            }
        }
    }
    Ok(EXIT_ERROR)
}

/// An unparseable config: where, the line itself, and what to paste by hand.
fn unparseable(
    out: &mut Output,
    ctx: &InstallContext,
    path: &Path,
    line: usize,
    column: usize,
    message: &str,
    snippet: &str,
) {
    let file = shown(ctx, path);
    let location = format!("{file}:{line}:{column}");
    let source = std::fs::read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
    let text =
        source.as_deref().and_then(|s| s.split('\n').nth(line.saturating_sub(1))).map(|l| l.trim_end_matches('\r'));
    let title = format!("cannot edit {file}: {message}");
    let rendered = match text {
        Some(text) => {
            let start = text.char_indices().nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
            let end = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
            let group = Level::ERROR.primary_title(title.as_str()).element(
                Snippet::source(text)
                    .line_start(line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
            Renderer::styled().render(&[group])
        }
        None => {
            let e = style::ERROR;
            format!("{e}error{e:#}: {location}: {message}")
        }
    };
    let _ = writeln!(out.stderr, "{rendered}");
    let dim = style::DIM;
    let _ = writeln!(out.stderr, "  {dim}hint:{dim:#} draft changed nothing; fix the file, or {snippet}");
}

/// `draft install|uninstall HOST --json`: the plan (`version` first), whether it was a dry run, what was written.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Outcome<'a> {
    /// The plan (with its `version`).
    #[serde(flatten)]
    pub plan: &'a Plan,
    /// The project root.
    pub root: String,
    /// Whether nothing was written on purpose.
    pub dry_run: bool,
    /// What was written and removed; `null` for a dry run or a refused plan.
    pub applied: Option<&'a ApplyReport>,
}

/// Apply `plan` (unless `dry_run`) and report it. A plan with conflicts is
/// printed with a hint and not applied: exit 1.
pub fn carry_out(
    out: &mut Output,
    ctx: &InstallContext,
    plan: &Plan,
    dry_run: bool,
    json: bool,
) -> draft_hosts::Result<u8> {
    let root = ctx.project_root.display().to_string();
    if plan.has_conflicts() {
        if json {
            out.json(&Outcome { plan, root, dry_run, applied: None });
        } else {
            render_plan(out, ctx, plan, dry_run, false);
        }
        conflict_hint(out, plan);
        return Ok(EXIT_FINDINGS);
    }
    let applied = if dry_run { None } else { Some(draft_hosts::apply(plan)?) };
    if json {
        out.json(&Outcome { plan, root, dry_run, applied: applied.as_ref() });
    } else if dry_run || !out.quiet {
        render_plan(out, ctx, plan, dry_run, applied.is_some());
    }
    Ok(EXIT_OK)
}

/// The verb for an action.
#[must_use]
pub fn action_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Unchanged => "unchanged",
        Action::Conflict => "conflict",
        Action::Remove => "remove",
        Action::Keep => "keep",
        Action::Release => "release",
    }
}

fn action_style(action: Action) -> anstyle::Style {
    match action {
        Action::Create | Action::Update => style::GOOD,
        Action::Conflict => style::ERROR,
        Action::Remove => style::BAD,
        Action::Keep => style::WARNING,
        Action::Unchanged | Action::Release => style::DIM,
    }
}

/// A path with the part draft owns there: `file`, `file /key`, `file [block]`, `dir/`.
#[must_use]
pub fn what(path: &str, kind: EntryKind, key: Option<&str>) -> String {
    match (kind, key) {
        (_, Some(key)) => format!("{path} {key}"),
        (EntryKind::Block, None) => format!("{path} [draft block]"),
        (EntryKind::Dir, None) if !path.ends_with('/') => format!("{path}/"),
        _ => path.to_owned(),
    }
}

/// The plan as a table: action, path (and key), why. Directories draft
/// creates or removes along with their files are left out (`--json` has
/// them); a directory kept because it holds other files is shown.
pub fn render_actions(s: &mut String, actions: &[PlannedAction]) {
    let rows: Vec<(Action, String, &str)> = actions
        .iter()
        .filter(|a| a.kind != EntryKind::Dir || a.action == Action::Keep)
        .map(|a| (a.action, what(&a.path, a.kind, a.key.as_deref()), a.why.as_str()))
        .collect();
    let width = rows.iter().map(|(_, w, _)| w.chars().count()).max().unwrap_or(0).min(60);
    let dim = style::DIM;
    for (action, what, why) in rows {
        let st = action_style(action);
        let word = action_word(action);
        let _ = writeln!(s, "  {st}{word:<9}{st:#}  {what:<width$}  {dim}{why}{dim:#}");
    }
}

/// An install or uninstall plan for people, with a headline saying what
/// happened (or would happen).
pub fn render_plan(out: &mut Output, ctx: &InstallContext, plan: &Plan, dry_run: bool, applied: bool) {
    let s = &mut out.stdout;
    let b = style::BOLD;
    let host = plan.host.display_name();
    let scope = plan.scope;
    let place = match scope {
        Scope::Project => format!("{scope} scope, {}", ctx.project_root.display()),
        Scope::Global => format!("{scope} scope, {}", shown(ctx, &ctx.home)),
    };
    let (into, verb) = match plan.operation {
        Operation::Install => ("into", "install"),
        Operation::Uninstall => ("from", "uninstall"),
    };
    let nothing = plan.changes_nothing() && !plan.has_conflicts();
    let headline = if plan.has_conflicts() {
        format!("Cannot {verb} draft {into} {host} ({place}): {} conflict(s)", plan.conflicts().count())
    } else if nothing && plan.operation == Operation::Install {
        format!("draft is installed in {host} and up to date ({place}); nothing to change")
    } else if nothing {
        format!("Nothing to {verb} {into} {host} ({place})")
    } else if dry_run {
        format!("Dry run: {verb}ing draft {into} {host} ({place}) would")
    } else if applied {
        match plan.operation {
            Operation::Install => format!("Installed draft into {host} ({place})"),
            Operation::Uninstall => format!("Uninstalled draft from {host} ({place})"),
        }
    } else {
        format!("Plan to {verb} draft {into} {host} ({place})")
    };
    let _ = writeln!(s, "{b}{headline}{b:#}");
    if !nothing || plan.actions.iter().any(|a| a.action == Action::Keep) {
        render_actions(s, &plan.actions);
    }
    for note in plan.notes.iter().filter(|_| !nothing || plan.operation == Operation::Uninstall) {
        let _ = writeln!(s, "note: {note}");
    }
    if dry_run && !nothing {
        let _ = writeln!(s, "Nothing was written (dry run).");
    }
}

/// Stderr lines for a plan with conflicts: what stopped it and how to go on.
pub fn conflict_hint(out: &mut Output, plan: &Plan) {
    let e = style::ERROR;
    let paths: Vec<String> = plan.conflicts().map(|a| what(&a.path, a.kind, a.key.as_deref())).collect();
    let _ = writeln!(
        out.stderr,
        "{e}error{e:#}: {}: content draft did not write, or edited since; nothing was changed",
        paths.join(", ")
    );
    let verb = match plan.operation {
        Operation::Install => "install",
        Operation::Uninstall => "uninstall",
    };
    let scope = if plan.scope == Scope::Global { " --global" } else { "" };
    let dim = style::DIM;
    let _ = writeln!(
        out.stderr,
        "  {dim}hint:{dim:#} look at it first; `draft {verb} {}{scope} --force` replaces it",
        plan.host.id()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum as _;

    #[test]
    fn host_arguments_are_the_host_ids() {
        let args = HostArg::value_variants();
        assert_eq!(args.len(), Host::ALL.len());
        for (arg, host) in args.iter().zip(Host::ALL) {
            let name = arg.to_possible_value().expect("visible").get_name().to_owned();
            assert_eq!(name, host.id());
            assert_eq!(Host::from(*arg), host);
        }
    }

    #[test]
    fn what_names_the_owned_part() {
        assert_eq!(what(".mcp.json", EntryKind::JsonKey, Some("/mcpServers/draft")), ".mcp.json /mcpServers/draft");
        assert_eq!(what("AGENTS.md", EntryKind::Block, None), "AGENTS.md [draft block]");
        assert_eq!(what(".claude/skills", EntryKind::Dir, None), ".claude/skills/");
    }
}
