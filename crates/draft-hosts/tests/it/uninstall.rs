//! Uninstall removes exactly what draft wrote and the user left alone;
//! edited files survive (and are reported) unless forced.

use crate::common::Env;
use draft_hosts::{Action, FileState, Host, Scope, doctor, plan_install};

#[test]
fn an_edited_file_survives_uninstall_and_force_removes_it() {
    let env = Env::new();
    let before = env.snapshot();
    env.install(Host::ClaudeCode, Scope::Project);
    env.write(".claude/rules/draft.md", "# Draft\n\nMy own notes.\n");
    let plan = env.uninstall(Host::ClaudeCode, Scope::Project, false);
    let rule = plan.actions.iter().find(|a| a.path == ".claude/rules/draft.md").expect("rule");
    assert_eq!(rule.action, Action::Keep);
    assert_eq!(env.read(".claude/rules/draft.md"), "# Draft\n\nMy own notes.\n");
    assert!(!env.exists(".claude/skills"), "unedited files went");
    assert!(!env.exists(".mcp.json"));
    let report = doctor(&env.ctx, None);
    let claude = report.installs.iter().find(|i| i.host == Host::ClaudeCode).expect("still recorded");
    assert_eq!(claude.files.len(), 1);
    assert_eq!(claude.files[0].state, FileState::Edited);
    let plan = env.uninstall(Host::ClaudeCode, Scope::Project, true);
    assert!(plan.actions.iter().any(|a| a.path == ".claude/rules/draft.md" && a.action == Action::Remove));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_edited_mcp_entry_is_kept_and_force_removes_only_the_key() {
    let env = Env::new();
    env.write(".mcp.json", "{\n  \"mcpServers\": {\n    \"other\": {}\n  }\n}\n");
    env.install(Host::ClaudeCode, Scope::Project);
    let text = env.read(".mcp.json").replace("\"mcp\"", "\"mcp\", \"--root\", \".\"");
    env.write(".mcp.json", &text);
    let plan = env.uninstall(Host::ClaudeCode, Scope::Project, false);
    assert!(plan.actions.iter().any(|a| a.path == ".mcp.json" && a.action == Action::Keep));
    assert!(env.read(".mcp.json").contains("--root"));
    env.uninstall(Host::ClaudeCode, Scope::Project, true);
    assert_eq!(env.read(".mcp.json"), "{\n  \"mcpServers\": {\n    \"other\": {}\n  }\n}\n");
}

#[test]
fn an_existing_different_draft_entry_is_a_conflict() {
    let env = Env::new();
    let original =
        "{ \"mcpServers\": { \"draft\": { \"command\": \"/opt/draft\", \"args\": [\"mcp\"] }, \"x\": {} } }\n";
    env.write(".cursor/mcp.json", original);
    let before = env.snapshot();
    let plan = plan_install(&env.ctx, Host::Cursor, Scope::Project, false).expect("plan");
    assert_eq!(plan.conflicts().map(|a| a.path.as_str()).collect::<Vec<_>>(), [".cursor/mcp.json"]);
    let err = draft_hosts::apply(&plan).expect_err("refused");
    assert!(matches!(err, draft_hosts::Error::Conflicts { .. }), "{err}");
    assert_eq!(env.snapshot(), before, "nothing written");
    let forced = plan_install(&env.ctx, Host::Cursor, Scope::Project, true).expect("plan");
    assert!(!forced.has_conflicts());
    draft_hosts::apply(&forced).expect("apply");
    let value: serde_json::Value = serde_json::from_str(&env.read(".cursor/mcp.json")).expect("json");
    assert_eq!(value["mcpServers"]["draft"]["command"], "draft");
    assert!(value["mcpServers"]["x"].is_object());
}

#[test]
fn an_edited_skill_blocks_reinstall_until_forced() {
    let env = Env::new();
    env.install(Host::Cursor, Scope::Project);
    env.write(".cursor/skills/draft/SKILL.md", "mine now\n");
    let plan = plan_install(&env.ctx, Host::Cursor, Scope::Project, false).expect("plan");
    assert_eq!(plan.conflicts().count(), 1);
    let forced = plan_install(&env.ctx, Host::Cursor, Scope::Project, true).expect("plan");
    draft_hosts::apply(&forced).expect("apply");
    assert!(env.read(".cursor/skills/draft/SKILL.md").starts_with("---\nname: draft\n"));
}

#[test]
fn a_deleted_file_is_written_again_and_uninstall_tolerates_its_absence() {
    let env = Env::new();
    env.install(Host::Gemini, Scope::Project);
    std::fs::remove_file(env.project.join(".gemini/commands/draft/revert.toml")).expect("rm");
    let plan = plan_install(&env.ctx, Host::Gemini, Scope::Project, false).expect("plan");
    assert_eq!(plan.actions.iter().filter(|a| a.action == Action::Create).count(), 1);
    draft_hosts::apply(&plan).expect("apply");
    std::fs::remove_file(env.project.join(".gemini/commands/draft/revert.toml")).expect("rm");
    let plan = env.uninstall(Host::Gemini, Scope::Project, false);
    assert!(plan.actions.iter().any(|a| a.path.ends_with("revert.toml") && a.why == "already gone"));
    assert!(!env.exists(".gemini"));
}

#[test]
fn uninstalling_a_host_that_is_not_installed_changes_nothing() {
    let env = Env::new();
    env.install(Host::Codex, Scope::Project);
    let before = env.snapshot();
    let plan = env.uninstall(Host::Copilot, Scope::Project, false);
    assert!(plan.changes_nothing());
    assert!(plan.notes.iter().any(|n| n.contains("not installed")), "{:?}", plan.notes);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_users_file_in_a_draft_directory_keeps_the_directory() {
    let env = Env::new();
    env.install(Host::ClaudeCode, Scope::Project);
    env.write(".claude/skills/mine/SKILL.md", "user skill\n");
    let plan = env.uninstall(Host::ClaudeCode, Scope::Project, false);
    assert!(plan.actions.iter().any(|a| a.path == ".claude/skills" && a.action == Action::Keep));
    assert_eq!(env.read(".claude/skills/mine/SKILL.md"), "user skill\n");
    assert!(!env.exists(".claude/skills/draft"));
}
