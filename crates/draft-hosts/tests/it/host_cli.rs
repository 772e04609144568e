//! Opt-in tests that let a host's own CLI judge draft's files, offline.
//!
//! Each test runs only when its variable names the host binary, and skips
//! (passes) otherwise:
//!
//! * `DRAFT_TEST_CLAUDE=/path/to/claude` (npm `@anthropic-ai/claude-code`):
//!   `claude mcp get draft` must find the project and the user entry.
//! * `DRAFT_TEST_CODEX=/path/to/codex` (npm `@openai/codex`): `codex mcp
//!   list --json` must list the entry, and `codex debug prompt-input` must
//!   show the skills and the `AGENTS.md` block to the model.
//! * `DRAFT_TEST_GEMINI=/path/to/gemini` (npm `@google/gemini-cli`):
//!   `gemini mcp list` and `gemini skills list` must show draft's entries.
//! * `DRAFT_TEST_OPENCODE=/path/to/opencode` (npm `opencode-ai`): `opencode
//!   debug config` must hold the MCP entry and the commands, and `opencode
//!   debug skill` the skills.
//!
//! ```sh
//! DRAFT_TEST_CLAUDE=$(which claude) DRAFT_TEST_CODEX=$(which codex) \
//!   DRAFT_TEST_GEMINI=$(which gemini) DRAFT_TEST_OPENCODE=$(which opencode) \
//!   cargo test -p draft-hosts --test it host_cli
//! ```
//!
//! Cursor and Copilot have no offline command that reads these files.

use crate::common::Env;
use draft_hosts::{Host, Scope};
use std::path::{Path, PathBuf};
use std::process::Command;

fn binary(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).map(PathBuf::from).filter(|p| p.is_file())
}

/// Run a host CLI with the temporary HOME, from `cwd`; its combined output.
fn run(env: &Env, program: &Path, args: &[&str], cwd: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("HOME", &env.home)
        .env("CODEX_HOME", env.home.join(".codex"))
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env("DISABLE_AUTOUPDATER", "1")
        .env("DISABLE_TELEMETRY", "1")
        .output()
        .expect("run the host CLI");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{} {args:?} failed:\n{text}", program.display());
    text
}

#[test]
fn claude_code_finds_the_draft_server() {
    let Some(claude) = binary("DRAFT_TEST_CLAUDE") else { return };
    let env = Env::new();
    env.install(Host::ClaudeCode, Scope::Project);
    let out = run(&env, &claude, &["mcp", "get", "draft"], &env.project);
    assert!(out.contains("Project config") && out.contains("Command: draft") && out.contains("Args: mcp"), "{out}");
    env.uninstall(Host::ClaudeCode, Scope::Project, false);
    env.install(Host::ClaudeCode, Scope::Global);
    let out = run(&env, &claude, &["mcp", "get", "draft"], &env.project);
    let command = env.home.join(".cargo/bin/draft");
    assert!(out.contains("User config") && out.contains(&format!("Command: {}", command.display())), "{out}");
}

#[test]
fn codex_lists_the_server_and_shows_skills_and_block() {
    let Some(codex) = binary("DRAFT_TEST_CODEX") else { return };
    let env = Env::new();
    std::fs::create_dir_all(env.home.join(".codex")).expect("mkdir");
    // Codex reads a project's .codex/config.toml only once it is trusted.
    let trust = format!("[projects.{:?}]\ntrust_level = \"trusted\"\n", env.project.display().to_string());
    std::fs::write(env.home.join(".codex/config.toml"), trust).expect("write");
    std::process::Command::new("git").arg("init").arg("-q").current_dir(&env.project).status().expect("git init");
    env.install(Host::Codex, Scope::Project);
    let out = run(&env, &codex, &["mcp", "list", "--json"], &env.project);
    assert!(out.contains("\"name\": \"draft\"") && out.contains("\"command\": \"draft\""), "{out}");
    let prompt = run(&env, &codex, &["debug", "prompt-input"], &env.project);
    assert!(prompt.contains("draft-new-track: Start a track."), "skills missing:\n{prompt}");
    assert!(prompt.contains("Move tasks with `draft task start`"), "AGENTS.md block missing:\n{prompt}");
    env.uninstall(Host::Codex, Scope::Project, false);

    env.install(Host::Codex, Scope::Global);
    let command = env.home.join(".cargo/bin/draft").display().to_string();
    let out = run(&env, &codex, &["mcp", "list", "--json"], &env.project);
    assert!(out.contains(&format!("\"command\": {command:?}")), "{out}");
    let prompt = run(&env, &codex, &["debug", "prompt-input"], &env.project);
    assert!(prompt.contains("draft-revert: Undo a task's commits."), "user skills missing:\n{prompt}");
}

#[test]
fn gemini_lists_the_server_and_the_skills() {
    let Some(gemini) = binary("DRAFT_TEST_GEMINI") else { return };
    let env = Env::new();
    // Gemini ignores a workspace's settings in folders it does not trust.
    let trusted = serde_json::json!({ env.project.display().to_string(): "TRUST_FOLDER" });
    std::fs::create_dir_all(env.home.join(".gemini")).expect("mkdir");
    std::fs::write(env.home.join(".gemini/trustedFolders.json"), trusted.to_string()).expect("write");
    env.install(Host::Gemini, Scope::Project);
    let out = run(&env, &gemini, &["mcp", "list"], &env.project);
    assert!(out.contains("draft: draft mcp"), "{out}");
    let out = run(&env, &gemini, &["skills", "list"], &env.project);
    assert!(out.contains("draft-new-track") && out.contains(".agents/skills/draft-new-track/SKILL.md"), "{out}");
    env.uninstall(Host::Gemini, Scope::Project, false);

    env.install(Host::Gemini, Scope::Global);
    let command = env.home.join(".cargo/bin/draft").display().to_string();
    let out = run(&env, &gemini, &["mcp", "list"], &env.project);
    assert!(out.contains(&format!("draft: {command} mcp")), "{out}");
    let out = run(&env, &gemini, &["skills", "list"], &env.project);
    assert!(out.contains("draft-revert"), "{out}");
}

#[test]
fn opencode_loads_the_server_commands_and_skills() {
    let Some(opencode) = binary("DRAFT_TEST_OPENCODE") else { return };
    let env = Env::new();
    std::process::Command::new("git").arg("init").arg("-q").current_dir(&env.project).status().expect("git init");
    for scope in [Scope::Project, Scope::Global] {
        env.install(Host::Opencode, scope);
        let command = match scope {
            Scope::Project => "draft".to_owned(),
            Scope::Global => env.home.join(".cargo/bin/draft").display().to_string(),
        };
        let config: serde_json::Value =
            serde_json::from_str(&run(&env, &opencode, &["debug", "config"], &env.project)).expect("json");
        assert_eq!(config["mcp"]["draft"]["command"], serde_json::json!([command, "mcp"]), "{scope}");
        assert_eq!(
            config["command"]["draft-new-track"]["description"],
            "Start a track. Use when the user asks to plan a change."
        );
        let skills = run(&env, &opencode, &["debug", "skill"], &env.project);
        assert!(skills.contains("\"name\": \"draft-revert\""), "{skills}");
        env.uninstall(Host::Opencode, scope, false);
    }
}
