//! `draft install --list` and `draft install --detect`.

use crate::common::{Env, HOSTS, stdout};

#[test]
fn list_shows_every_host_with_both_scopes_and_its_paths() {
    let env = Env::new();
    let list = env.json(&["install", "--list"], 0);
    assert_eq!(list["version"], 1);
    let hosts: Vec<&str> =
        list["hosts"].as_array().expect("hosts").iter().map(|h| h["host"].as_str().expect("id")).collect();
    assert_eq!(hosts, HOSTS);
    for host in list["hosts"].as_array().expect("hosts") {
        let scopes: Vec<&str> =
            host["scopes"].as_array().expect("scopes").iter().map(|s| s["scope"].as_str().expect("scope")).collect();
        assert_eq!(scopes, ["project", "global"], "{host}");
    }
    let a = env.draft(&["install", "--list"]).assert().success();
    let text = stdout(&a);
    for host in HOSTS {
        assert!(text.lines().any(|l| l.starts_with(host)), "{host} missing:\n{text}");
    }
    assert!(text.contains(".mcp.json /mcpServers/draft") && text.contains("shared with"), "{text}");
    assert!(text.contains("~/.codex/config.toml mcp_servers.draft"), "{text}");
    // Listing writes nothing.
    assert!(!env.project.join("draft").exists());
    let global = env.json(&["install", "--list", "cursor", "--global"], 0);
    let targets = global["hosts"][0]["scopes"][0]["targets"].as_array().expect("targets");
    assert!(targets.iter().all(|t| t["path"].as_str().expect("path").starts_with("~/")), "{global:#}");
}

#[test]
fn detect_names_the_hosts_a_repository_uses_but_not_drafts_own_files() {
    let env = Env::new();
    let found = env.json(&["install", "--detect"], 0);
    assert_eq!(found["project"], serde_json::json!([]));
    assert_eq!(found["on_path"], serde_json::json!([]), "PATH holds only draft");
    let a = env.draft(&["install", "--detect"]).assert().success();
    assert!(stdout(&a).starts_with("No AI host files found"), "{}", stdout(&a));

    env.write("CLAUDE.md", "# notes\n");
    env.write(".cursor/rules/team.mdc", "---\nalwaysApply: true\n---\nBe brief.\n");
    // draft's own files are not signs of a host: Gemini's skills go to .agents/skills,
    // which would otherwise look like Codex.
    env.draft(&["install", "gemini"]).assert().success();
    let found = env.json(&["install", "--detect"], 0);
    assert_eq!(found["project"], serde_json::json!(["claude-code", "cursor"]));
    let a = env.draft(&["install", "--detect"]).assert().success();
    let text = stdout(&a);
    assert!(text.contains("claude-code") && text.contains("cursor") && !text.contains("  codex"), "{text}");
    assert!(text.contains("draft install claude-code"), "{text}");
}
