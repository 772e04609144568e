//! A user's own content survives install and uninstall byte for byte:
//! Markdown around draft's block, JSONC with comments, TOML with comments.

use crate::common::Env;
use draft_hosts::{BLOCK_BEGIN, BLOCK_END, Host, Scope};

#[test]
fn agents_md_keeps_the_users_text() {
    for original in ["# Team rules\n\nUse tabs.", "# Team rules\r\n\r\nUse tabs.\r\n", "x\n\n"] {
        let env = Env::new();
        env.write("AGENTS.md", original);
        env.install(Host::Codex, Scope::Project);
        let text = env.read("AGENTS.md");
        assert!(text.starts_with(original), "{text:?}");
        assert!(text.contains(BLOCK_BEGIN) && text.contains(BLOCK_END));
        assert_eq!(
            text.contains("\r\n## Draft\r\n"),
            original.contains("\r\n"),
            "the block follows the file's line endings"
        );
        env.uninstall(Host::Codex, Scope::Project, false);
        assert_eq!(env.read("AGENTS.md"), original);
    }
}

#[test]
fn text_added_after_the_block_is_kept() {
    let env = Env::new();
    env.write("GEMINI.md", "# Mine\n");
    env.install(Host::Gemini, Scope::Project);
    let with_block = env.read("GEMINI.md");
    env.write("GEMINI.md", &format!("{with_block}\n## Added later\n"));
    env.uninstall(Host::Gemini, Scope::Project, false);
    assert_eq!(env.read("GEMINI.md"), "# Mine\n\n\n## Added later\n");
}

#[test]
fn gemini_md_is_created_and_removed_when_draft_made_it() {
    let env = Env::new();
    env.install(Host::Gemini, Scope::Project);
    assert!(env.read("GEMINI.md").starts_with(BLOCK_BEGIN));
    env.uninstall(Host::Gemini, Scope::Project, false);
    assert!(!env.exists("GEMINI.md"));
}

const MCP_JSONC: &str = r#"{
  // Servers for this repo; keep sorted.
  "mcpServers": {
    "github": {
      "command": "gh-mcp", // pinned
      "args": []
    },
  },
  /* trailing note */
  "other": true
}
"#;

#[test]
fn mcp_json_with_comments_keeps_them() {
    let env = Env::new();
    env.write(".mcp.json", MCP_JSONC);
    env.install(Host::ClaudeCode, Scope::Project);
    let text = env.read(".mcp.json");
    for kept in ["// Servers for this repo; keep sorted.", "// pinned", "/* trailing note */", "\"other\": true"] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    insta::assert_snapshot!(text);
    env.uninstall(Host::ClaudeCode, Scope::Project, false);
    assert_eq!(env.read(".mcp.json"), MCP_JSONC);
}

const CONFIG_TOML: &str = r#"# Codex settings
model = "o3" # the fast one

[mcp_servers.github]
# GitHub's server
command = "gh-mcp"
args = []
"#;

#[test]
fn codex_config_toml_keeps_its_comments() {
    for scope in [Scope::Project, Scope::Global] {
        let env = Env::new();
        let path = match scope {
            Scope::Project => env.project.join(".codex/config.toml"),
            Scope::Global => env.home.join(".codex/config.toml"),
        };
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, CONFIG_TOML).expect("write");
        env.install(Host::Codex, scope);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with(CONFIG_TOML), "{text}");
        let command = if scope == Scope::Project {
            "draft".to_owned()
        } else {
            env.home.join(".cargo/bin/draft").display().to_string()
        };
        assert!(
            text.ends_with(&format!("\n[mcp_servers.draft]\ncommand = \"{command}\"\nargs = [\"mcp\"]\n")),
            "{text}"
        );
        env.uninstall(Host::Codex, scope, false);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), CONFIG_TOML);
    }
}

#[test]
fn opencode_v2_configs_get_the_v2_shape() {
    let env = Env::new();
    let original = "{\n  // V2\n  \"mcp\": {\n    \"servers\": {}\n  }\n}\n";
    env.write("opencode.jsonc", original);
    env.install(Host::Opencode, Scope::Project);
    let text = env.read("opencode.jsonc");
    assert!(text.contains("// V2"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text.replace("// V2", "")).expect("json");
    assert_eq!(value["mcp"]["servers"]["draft"], serde_json::json!({"type": "local", "command": ["draft", "mcp"]}));
    assert!(!env.exists("opencode.json"));
    env.uninstall(Host::Opencode, Scope::Project, false);
    assert_eq!(env.read("opencode.jsonc"), original);
}

#[test]
fn gemini_follows_context_file_name() {
    let env = Env::new();
    env.write(".gemini/settings.json", "{ \"context\": { \"fileName\": [\"AGENTS.md\"] } }\n");
    env.install(Host::Gemini, Scope::Project);
    assert!(env.read("AGENTS.md").contains(BLOCK_BEGIN));
    assert!(!env.exists("GEMINI.md"));
}

#[test]
fn copilot_merges_vscode_mcp_json_only_when_it_exists() {
    let env = Env::new();
    env.install(Host::Copilot, Scope::Project);
    assert!(!env.exists(".vscode/mcp.json"));
    let env = Env::new();
    let original = "{\n  \"servers\": {},\n  \"inputs\": []\n}\n";
    env.write(".vscode/mcp.json", original);
    env.install(Host::Copilot, Scope::Project);
    let value: serde_json::Value = serde_json::from_str(&env.read(".vscode/mcp.json")).expect("json");
    assert_eq!(value["servers"]["draft"]["command"], "draft");
    env.uninstall(Host::Copilot, Scope::Project, false);
    assert_eq!(env.read(".vscode/mcp.json"), original);
}

#[cfg(unix)]
#[test]
fn a_symlinked_agents_md_is_edited_where_it_points() {
    let env = Env::new();
    env.write("CLAUDE.md", "# Shared instructions\n");
    std::os::unix::fs::symlink("CLAUDE.md", env.project.join("AGENTS.md")).expect("ln");
    env.install(Host::Codex, Scope::Project);
    assert!(env.project.join("AGENTS.md").is_symlink(), "the link stays a link");
    assert!(env.read("CLAUDE.md").contains(BLOCK_BEGIN));
    env.uninstall(Host::Codex, Scope::Project, false);
    assert_eq!(env.read("CLAUDE.md"), "# Shared instructions\n");
    assert!(env.project.join("AGENTS.md").is_symlink());
}

#[test]
fn upgrades_replace_drafts_files_and_drop_retired_ones() {
    let mut env = Env::new();
    env.install(Host::ClaudeCode, Scope::Project);
    env.ctx.draft_version = "0.2.0".into();
    env.ctx.skills[0].contents =
        env.ctx.skills[0].contents.replace("Run `draft status` first.", "Run `draft status --json`.");
    env.ctx.skills.pop(); // `revert` retired
    let plan = draft_hosts::plan_install(&env.ctx, Host::ClaudeCode, Scope::Project, false).expect("plan");
    let action = |path: &str| plan.actions.iter().find(|a| a.path == path).map(|a| a.action);
    assert_eq!(action(".claude/skills/draft/SKILL.md"), Some(draft_hosts::Action::Update));
    assert_eq!(action(".claude/skills/draft-revert/SKILL.md"), Some(draft_hosts::Action::Remove));
    assert_eq!(action(".claude/skills/draft-revert"), Some(draft_hosts::Action::Remove));
    draft_hosts::apply(&plan).expect("apply");
    assert!(!env.exists(".claude/skills/draft-revert"));
    assert!(env.read(".claude/skills/draft/SKILL.md").contains("--json"));
    assert!(env.read("draft/.install-manifest.json").contains("\"draft_version\": \"0.2.0\""));
}
