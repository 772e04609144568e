//! Files several hosts use (`AGENTS.md`, `.agents/skills/`, `.mcp.json`)
//! are reference-counted: uninstalling one host leaves the others working.

use crate::common::Env;
use draft_hosts::{Action, BLOCK_BEGIN, Host, Scope};

fn mcp_draft(env: &Env) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(&env.read(".mcp.json")).expect("json");
    value["mcpServers"]["draft"].clone()
}

#[test]
fn codex_and_opencode_share_agents_md_and_skills() {
    let env = Env::new();
    let before = env.snapshot();
    env.install(Host::Codex, Scope::Project);
    env.install(Host::Opencode, Scope::Project);
    let plan = env.uninstall(Host::Codex, Scope::Project, false);
    let released: Vec<&str> =
        plan.actions.iter().filter(|a| a.action == Action::Release).map(|a| a.path.as_str()).collect();
    assert!(released.contains(&"AGENTS.md") && released.contains(&".agents/skills/draft/SKILL.md"), "{released:?}");
    assert!(env.read("AGENTS.md").contains(BLOCK_BEGIN), "opencode still uses the block");
    assert!(env.exists(".agents/skills/draft-new-track/SKILL.md"));
    assert!(env.exists("opencode.json"));
    assert!(!env.exists(".codex"), "codex's own files are gone");
    env.uninstall(Host::Opencode, Scope::Project, false);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn claude_and_copilot_share_one_mcp_json_entry() {
    let env = Env::new();
    env.install(Host::ClaudeCode, Scope::Project);
    let entry = mcp_draft(&env);
    let plan = draft_hosts::plan_install(&env.ctx, Host::Copilot, Scope::Project, false).expect("plan");
    let mcp = plan.actions.iter().find(|a| a.path == ".mcp.json").expect(".mcp.json");
    assert_eq!(mcp.action, Action::Unchanged, "the same entry serves both");
    draft_hosts::apply(&plan).expect("apply");
    env.uninstall(Host::ClaudeCode, Scope::Project, false);
    assert_eq!(mcp_draft(&env), entry, "copilot keeps the entry");
    assert!(!env.exists(".claude"));
    env.uninstall(Host::Copilot, Scope::Project, false);
    assert!(!env.exists(".mcp.json"), "draft created it and nothing else is in it");
}

#[test]
fn global_skills_in_home_agents_are_shared() {
    let env = Env::new();
    let before = env.snapshot();
    for host in [Host::Codex, Host::Opencode, Host::Gemini] {
        env.install(host, Scope::Global);
    }
    env.uninstall(Host::Gemini, Scope::Global, false);
    env.uninstall(Host::Codex, Scope::Global, false);
    assert!(env.home.join(".agents/skills/draft-revert/SKILL.md").exists(), "opencode still uses them");
    env.uninstall(Host::Opencode, Scope::Global, false);
    assert_eq!(env.snapshot(), before, "HOME is as it was, state directory included");
}

#[test]
fn one_project_holds_all_six_hosts_and_lets_them_go() {
    let env = Env::new();
    env.write("AGENTS.md", "# Ours\n");
    let before = env.snapshot();
    for host in Host::ALL {
        env.install(host, Scope::Project);
    }
    for host in Host::ALL {
        let again = draft_hosts::plan_install(&env.ctx, host, Scope::Project, false).expect("plan");
        assert!(again.changes_nothing(), "{host}: {:#?}", again.actions);
    }
    for host in Host::ALL.into_iter().rev() {
        env.uninstall(host, Scope::Project, false);
    }
    assert_eq!(env.snapshot(), before);
}
