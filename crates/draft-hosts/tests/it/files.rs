//! The exact files each host gets in each scope, that a second run changes
//! no byte, that a dry run writes nothing, and that uninstall leaves both
//! trees as they were.

use crate::common::Env;
use draft_hosts::{Action, EntryKind, Host, Scope, list_targets, plan_install};

const SCOPES: [Scope; 2] = [Scope::Project, Scope::Global];

#[test]
fn every_host_and_scope_writes_exactly_these_files() {
    for host in Host::ALL {
        for scope in SCOPES {
            let env = Env::new();
            let plan = plan_install(&env.ctx, host, scope, false).expect("plan");
            let lines: Vec<String> = plan
                .actions
                .iter()
                .map(|a| format!("{:?} {} {} ({})", a.action, a.path, a.key.as_deref().unwrap_or(""), a.why))
                .collect();
            draft_hosts::apply(&plan).expect("apply");
            let text = format!("{}\n\nnotes: {:?}\n\n{}", lines.join("\n"), plan.notes, env.render());
            let text = text.replace(&env.home.display().to_string(), "[HOME]");
            // Global hashes cover the temporary binary path.
            let filters = if scope == Scope::Global { vec![(r"blake3:[0-9a-f]{64}", "blake3:[HASH]")] } else { vec![] };
            insta::with_settings!({ filters => filters }, {
                insta::assert_snapshot!(format!("{host}-{scope}"), text);
            });
        }
    }
}

#[test]
fn a_second_install_changes_no_byte() {
    for host in Host::ALL {
        for scope in SCOPES {
            let env = Env::new();
            env.install(host, scope);
            let before = env.snapshot();
            let again = plan_install(&env.ctx, host, scope, false).expect("plan");
            assert!(again.changes_nothing(), "{host} {scope}: {:#?}", again.actions);
            assert!(
                again.actions.iter().all(|a| a.action == Action::Unchanged),
                "{host} {scope}: {:#?}",
                again.actions
            );
            let report = draft_hosts::apply(&again).expect("apply");
            assert!(report.written.is_empty() && report.removed.is_empty());
            assert_eq!(env.snapshot(), before, "{host} {scope}");
        }
    }
}

#[test]
fn uninstall_leaves_both_trees_as_they_were() {
    for host in Host::ALL {
        for scope in SCOPES {
            let env = Env::new();
            env.write("README.md", "# mine\n");
            let before = env.snapshot();
            env.install(host, scope);
            let plan = env.uninstall(host, scope, false);
            assert!(!plan.actions.iter().any(|a| a.action == Action::Keep), "{host} {scope}: {:#?}", plan.actions);
            assert_eq!(env.snapshot(), before, "{host} {scope}");
        }
    }
}

#[test]
fn a_dry_run_writes_nothing() {
    for host in Host::ALL {
        for scope in SCOPES {
            let env = Env::new();
            env.write("AGENTS.md", "# mine\n");
            env.write(".mcp.json", "{ \"mcpServers\": {} }\n");
            let before = env.snapshot();
            let plan = plan_install(&env.ctx, host, scope, false).expect("plan");
            assert!(!plan.changes_nothing());
            assert_eq!(env.snapshot(), before, "{host} {scope}");
        }
    }
}

#[test]
fn the_listed_paths_are_the_written_ones() {
    for host in Host::ALL {
        for scope in SCOPES {
            let env = Env::new();
            let listed = list_targets(&env.ctx, host, scope).expect("list");
            let plan = plan_install(&env.ctx, host, scope, false).expect("plan");
            let planned: Vec<(String, Option<String>)> = plan
                .actions
                .iter()
                .filter(|a| !matches!(a.kind, EntryKind::Dir | EntryKind::Manifest))
                .map(|a| (a.path.clone(), a.key.clone()))
                .collect();
            let listed_paths: Vec<(String, Option<String>)> =
                listed.iter().map(|l| (l.path.clone(), l.key.clone())).collect();
            assert_eq!(listed_paths, planned, "{host} {scope}");
        }
    }
}

#[test]
fn shared_paths_are_listed_with_their_other_hosts() {
    let env = Env::new();
    let listed = list_targets(&env.ctx, Host::Codex, Scope::Project).expect("list");
    let agents = listed.iter().find(|l| l.path == "AGENTS.md").expect("AGENTS.md");
    assert_eq!(agents.shared_with, vec![Host::Opencode]);
    let skill = listed.iter().find(|l| l.path == ".agents/skills/draft/SKILL.md").expect("skill");
    assert_eq!(skill.shared_with, vec![Host::Opencode, Host::Gemini]);
    let claude = list_targets(&env.ctx, Host::ClaudeCode, Scope::Project).expect("list");
    let mcp = claude.iter().find(|l| l.path == ".mcp.json").expect(".mcp.json");
    assert_eq!(mcp.shared_with, vec![Host::Copilot]);
}

#[test]
fn the_plan_serialises_for_json_output() {
    let env = Env::new();
    let plan = plan_install(&env.ctx, Host::Codex, Scope::Project, false).expect("plan");
    let json = serde_json::to_value(&plan).expect("json");
    assert_eq!(json["version"], 1);
    assert_eq!(json["operation"], "install");
    assert_eq!(json["host"], "codex");
    assert_eq!(json["scope"], "project");
    let toml = json["actions"].as_array().expect("actions").iter().find(|a| a["kind"] == "toml_table").expect("toml");
    insta::assert_json_snapshot!(toml, @r#"
    {
      "path": ".codex/config.toml",
      "kind": "toml_table",
      "key": "mcp_servers.draft",
      "action": "create",
      "why": "new"
    }
    "#);
}

#[test]
fn a_global_install_needs_the_binary_path() {
    let mut env = Env::new();
    env.ctx.binary = None;
    let err = plan_install(&env.ctx, Host::Cursor, Scope::Global, false).expect_err("no binary");
    assert!(matches!(err, draft_hosts::Error::Usage(_)), "{err}");
    assert!(plan_install(&env.ctx, Host::Cursor, Scope::Project, false).is_ok(), "project scope runs plain `draft`");
}
