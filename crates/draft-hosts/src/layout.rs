//! Which files each host gets in each scope: the one table behind
//! `draft install --list`, planning and detection of shared files.
//!
//! Following HOSTS.md §9: skills are the primary surface; a standalone rules
//! or instructions file where the host has one; a marked block only in
//! shared Markdown (`AGENTS.md`, `GEMINI.md`); the MCP server entry `draft`
//! in the host's own MCP config. Paths that several hosts read
//! (`.agents/skills/`, `.mcp.json`, `AGENTS.md`) get the same bytes from
//! every host, so the manifest can share them.

use crate::context::InstallContext;
use crate::error::{Error, Result};
use crate::host::{Host, Scope};
use crate::manifest::EntryKind;
use crate::render::{self, ParsedSkill};
use crate::{json_edit, toml_table};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// What draft owns in one file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// The whole file.
    File { contents: String },
    /// One JSON member; `skeleton` is what else a newly created file holds.
    Json { key: Vec<String>, value: Value, skeleton: Value },
    /// One TOML table.
    Toml { key: Vec<String>, value: Value },
    /// The marked block (markers included, `\n` endings).
    Block { text: String },
}

impl Part {
    pub fn kind(&self) -> EntryKind {
        match self {
            Self::File { .. } => EntryKind::File,
            Self::Json { .. } => EntryKind::JsonKey,
            Self::Toml { .. } => EntryKind::TomlTable,
            Self::Block { .. } => EntryKind::Block,
        }
    }

    pub fn key(&self) -> &[String] {
        match self {
            Self::Json { key, .. } | Self::Toml { key, .. } => key,
            Self::File { .. } | Self::Block { .. } => &[],
        }
    }

    /// What a user pastes by hand when draft refuses to edit the file.
    pub fn snippet(&self) -> String {
        match self {
            Self::File { contents } => contents.clone(),
            Self::Json { key, value, .. } => json_edit::create(&json!({}), key, value),
            Self::Toml { key, value } => toml_table::create(key, value),
            Self::Block { text } => text.clone(),
        }
    }
}

/// One file draft writes for a host.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub path: PathBuf,
    pub part: Part,
}

/// Check and split the context's skills, refusing two that install to the
/// same directory.
pub(crate) fn parse_skills(ctx: &InstallContext) -> Result<Vec<ParsedSkill>> {
    let mut parsed: Vec<ParsedSkill> = Vec::with_capacity(ctx.skills.len());
    for skill in &ctx.skills {
        let one = render::parse_skill(skill)?;
        if parsed.iter().any(|p| p.dir == one.dir) {
            return Err(Error::InvalidSkill {
                name: skill.name.clone(),
                reason: "two skills install to the same directory",
            });
        }
        parsed.push(one);
    }
    Ok(parsed)
}

/// Every target of `host` in `scope`. Reads a few files to pick between
/// variants (an existing `opencode.jsonc`, an existing `.vscode/mcp.json`,
/// Gemini's `context.fileName`), never writes.
pub(crate) fn targets(ctx: &InstallContext, host: Host, scope: Scope) -> Result<Vec<Target>> {
    if !host.supports(scope) {
        return Err(Error::UnsupportedScope { host, scope });
    }
    let skills = parse_skills(ctx)?;
    let command = match scope {
        Scope::Project => "draft".to_owned(),
        Scope::Global => ctx.global_command()?,
    };
    let root = match scope {
        Scope::Project => ctx.project_root.clone(),
        Scope::Global => ctx.home.clone(),
    };
    let mut out = Vec::new();
    match host {
        Host::ClaudeCode => claude(ctx, scope, &root, &skills, &command, &mut out),
        Host::Cursor => cursor(scope, &root, &skills, &command, &mut out),
        Host::Codex => codex(ctx, scope, &root, &skills, &command, &mut out),
        Host::Opencode => opencode(ctx, scope, &root, &skills, &command, &mut out),
        Host::Copilot => copilot(ctx, scope, &root, &skills, &command, &mut out),
        Host::Gemini => gemini(scope, &root, &skills, &command, &mut out),
    }
    Ok(out)
}

fn file(path: PathBuf, contents: String) -> Target {
    Target { path, part: Part::File { contents } }
}

fn json_key(path: PathBuf, key: &[&str], value: Value) -> Target {
    json_key_with(path, key, value, json!({}))
}

fn json_key_with(path: PathBuf, key: &[&str], value: Value, skeleton: Value) -> Target {
    Target { path, part: Part::Json { key: key.iter().map(|k| (*k).to_owned()).collect(), value, skeleton } }
}

fn skill_files(dir: &Path, skills: &[ParsedSkill], out: &mut Vec<Target>) {
    for skill in skills {
        out.push(file(dir.join(&skill.dir).join("SKILL.md"), skill.installed.clone()));
    }
}

/// `{type: stdio, command, args: [mcp], tools: ["*"]}`: the one entry both
/// Claude Code and Copilot read from a project's `.mcp.json`. Copilot
/// requires `tools`; Claude Code 2.1.332 was checked to accept it.
fn shared_mcp_json(command: &str) -> Value {
    json!({"type": "stdio", "command": command, "args": ["mcp"], "tools": ["*"]})
}

fn claude(
    ctx: &InstallContext,
    scope: Scope,
    root: &Path,
    skills: &[ParsedSkill],
    command: &str,
    out: &mut Vec<Target>,
) {
    skill_files(&root.join(".claude/skills"), skills, out);
    match scope {
        Scope::Project => {
            out.push(file(root.join(".claude/rules/draft.md"), render::claude_rule(skills)));
            out.push(json_key(root.join(".mcp.json"), &["mcpServers", "draft"], shared_mcp_json(command)));
        }
        Scope::Global => {
            // User-scope MCP servers live in ~/.claude.json (what `claude mcp
            // add --scope user` writes); no user rule, since it would load in
            // repositories that do not use draft.
            let entry = json!({"type": "stdio", "command": command, "args": ["mcp"]});
            out.push(json_key(ctx.home.join(".claude.json"), &["mcpServers", "draft"], entry));
        }
    }
}

fn cursor(scope: Scope, root: &Path, skills: &[ParsedSkill], command: &str, out: &mut Vec<Target>) {
    skill_files(&root.join(".cursor/skills"), skills, out);
    if scope == Scope::Project {
        out.push(file(root.join(".cursor/rules/draft.mdc"), render::cursor_rule(skills)));
    }
    out.push(json_key(
        root.join(".cursor/mcp.json"),
        &["mcpServers", "draft"],
        json!({"command": command, "args": ["mcp"]}),
    ));
}

fn codex(
    ctx: &InstallContext,
    scope: Scope,
    root: &Path,
    skills: &[ParsedSkill],
    command: &str,
    out: &mut Vec<Target>,
) {
    skill_files(&root.join(".agents/skills"), skills, out);
    let config = match scope {
        Scope::Project => {
            out.push(Target { path: root.join("AGENTS.md"), part: Part::Block { text: render::block(skills) } });
            root.join(".codex/config.toml")
        }
        Scope::Global => ctx.codex_home.join("config.toml"),
    };
    let entry = json!({"command": command, "args": ["mcp"]});
    out.push(Target {
        path: config,
        part: Part::Toml { key: vec!["mcp_servers".into(), "draft".into()], value: entry },
    });
}

fn opencode(
    ctx: &InstallContext,
    scope: Scope,
    root: &Path,
    skills: &[ParsedSkill],
    command: &str,
    out: &mut Vec<Target>,
) {
    skill_files(&root.join(".agents/skills"), skills, out);
    let config_dir = match scope {
        Scope::Project => root.to_path_buf(),
        Scope::Global => ctx.config_home.join("opencode"),
    };
    let commands = match scope {
        Scope::Project => root.join(".opencode/commands"),
        Scope::Global => config_dir.join("commands"),
    };
    for skill in skills.iter().filter(|s| !s.is_umbrella()) {
        out.push(file(commands.join(format!("{}.md", skill.dir)), render::opencode_command(skill)));
    }
    if scope == Scope::Project {
        out.push(Target { path: root.join("AGENTS.md"), part: Part::Block { text: render::block(skills) } });
    }
    let jsonc = config_dir.join("opencode.jsonc");
    let config = if jsonc.exists() { jsonc } else { config_dir.join("opencode.json") };
    let run = json!([command, "mcp"]);
    let skeleton = json!({"$schema": "https://opencode.ai/config.json"});
    // opencode V2 nests servers under `mcp.servers` and reads the V1 shape
    // (`mcp.<name>`, `enabled`) unchanged; write V2 only where the user's
    // file already uses it.
    let target = if uses_v2_servers(&config) {
        json_key_with(config, &["mcp", "servers", "draft"], json!({"type": "local", "command": run}), skeleton)
    } else {
        json_key_with(config, &["mcp", "draft"], json!({"type": "local", "command": run, "enabled": true}), skeleton)
    };
    out.push(target);
}

fn uses_v2_servers(config: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(config) else { return false };
    let key = ["mcp".to_owned(), "servers".to_owned()];
    matches!(json_edit::get(&text, &key), Ok(Some(Value::Object(_))))
}

fn copilot(
    ctx: &InstallContext,
    scope: Scope,
    root: &Path,
    skills: &[ParsedSkill],
    command: &str,
    out: &mut Vec<Target>,
) {
    match scope {
        Scope::Project => {
            skill_files(&root.join(".github/skills"), skills, out);
            let instructions = render::copilot_instructions(skills);
            out.push(file(root.join(".github/instructions/draft.instructions.md"), instructions));
            out.push(json_key(root.join(".mcp.json"), &["mcpServers", "draft"], shared_mcp_json(command)));
            // VS Code's own MCP file, for users of its Local agent; only
            // merged into when the repository already has one.
            let vscode = root.join(".vscode/mcp.json");
            if vscode.exists() {
                out.push(json_key(
                    vscode,
                    &["servers", "draft"],
                    json!({"type": "stdio", "command": command, "args": ["mcp"]}),
                ));
            }
        }
        Scope::Global => {
            skill_files(&ctx.copilot_home.join("skills"), skills, out);
            let entry = json!({"type": "local", "command": command, "args": ["mcp"], "tools": ["*"]});
            out.push(json_key(ctx.copilot_home.join("mcp-config.json"), &["mcpServers", "draft"], entry));
        }
    }
}

fn gemini(scope: Scope, root: &Path, skills: &[ParsedSkill], command: &str, out: &mut Vec<Target>) {
    skill_files(&root.join(".agents/skills"), skills, out);
    for skill in skills.iter().filter(|s| !s.is_umbrella()) {
        let path = root.join(".gemini/commands/draft").join(format!("{}.toml", skill.verb()));
        out.push(file(path, render::gemini_command(skill)));
    }
    let settings = root.join(".gemini/settings.json");
    if scope == Scope::Project {
        let context = if gemini_reads_agents_md(&settings) { "AGENTS.md" } else { "GEMINI.md" };
        out.push(Target { path: root.join(context), part: Part::Block { text: render::block(skills) } });
    }
    out.push(json_key(settings, &["mcpServers", "draft"], json!({"command": command, "args": ["mcp"]})));
}

/// Whether `context.fileName` lists `AGENTS.md` and not `GEMINI.md`.
fn gemini_reads_agents_md(settings: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(settings) else { return false };
    let key = ["context".to_owned(), "fileName".to_owned()];
    let names: Vec<String> = match json_edit::get(&text, &key) {
        Ok(Some(Value::String(name))) => vec![name],
        Ok(Some(Value::Array(names))) => names.into_iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
        _ => return false,
    };
    names.iter().any(|n| n == "AGENTS.md") && !names.iter().any(|n| n == "GEMINI.md")
}
