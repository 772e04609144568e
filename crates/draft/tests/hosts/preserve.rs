//! A user's own files: AGENTS.md keeps every byte outside draft's block and
//! is shared by the hosts that read it; an unparseable config is refused
//! with exit 2, its location and the entry to paste, and nothing written.

use crate::common::{Env, stderr, stdout};

const BEGIN: &str = "<!-- draft:begin";
const END: &str = "<!-- draft:end -->";

#[test]
fn a_users_agents_md_survives_byte_for_byte_outside_the_block() {
    let env = Env::new();
    let original = "# Team rules\r\n\r\nUse tabs. Run `make lint` before pushing.\r\n<!-- a comment of ours -->\r\n";
    env.write("AGENTS.md", original);

    env.draft(&["install", "codex"]).assert().success();
    let text = env.read("AGENTS.md");
    assert!(text.starts_with(original), "{text:?}");
    let ours = &text[original.len()..];
    let begin = ours.find(BEGIN).expect("block begins");
    assert!(ours[..begin].trim().is_empty(), "only a separator before the block: {ours:?}");
    assert!(ours.trim_end().ends_with(END), "nothing after the block: {ours:?}");

    // opencode reads the same AGENTS.md: one block, shared.
    env.draft(&["install", "opencode"]).assert().success();
    assert_eq!(env.read("AGENTS.md"), text);
    env.draft(&["uninstall", "codex"]).assert().success();
    assert_eq!(env.read("AGENTS.md"), text, "opencode still uses the block");
    env.draft(&["uninstall", "opencode"]).assert().success();
    assert_eq!(env.read("AGENTS.md"), original);
}

#[test]
fn uninstalling_one_host_keeps_the_mcp_entry_another_host_shares() {
    let env = Env::new();
    env.draft(&["install", "claude-code"]).assert().success();
    env.draft(&["install", "copilot"]).assert().success();
    let shared = env.read(".mcp.json");
    let a = env.draft(&["uninstall", "claude-code"]).assert().success();
    assert!(
        stdout(&a).lines().any(|l| l.trim_start().starts_with("release") && l.contains(".mcp.json")),
        "{}",
        stdout(&a)
    );
    assert_eq!(env.read(".mcp.json"), shared);
    assert!(!env.project.join(".claude").exists());
    env.draft(&["uninstall", "copilot"]).assert().success();
    assert!(!env.project.join(".mcp.json").exists());
    assert!(!env.project.join("draft").exists(), "the manifest goes with the last host");
}

const BROKEN: &str = "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" },,\n  }\n}\n";

#[test]
fn an_unparseable_mcp_json_is_refused_with_nothing_written() {
    let env = Env::new();
    env.write(".mcp.json", BROKEN);
    let before = env.snapshot();
    let a = env.draft(&["install", "claude-code"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains(".mcp.json:3:29"), "file:line:column named:\n{err}");
    assert!(err.contains("\"a\": { \"command\": \"x\" },,"), "the offending line is shown:\n{err}");
    assert!(err.contains("draft changed nothing"), "{err}");
    assert!(err.contains("add this by hand:") && err.contains("\"draft\": {"), "the entry to paste:\n{err}");
    assert_eq!(env.snapshot(), before);

    let report = env.json(&["install", "claude-code"], 2);
    assert_eq!(report["version"], 1);
    assert_eq!(report["error"]["code"], "unparseable");
    assert_eq!(report["error"]["file"], ".mcp.json");
    assert_eq!(report["error"]["line"], 3);
    assert_eq!(report["error"]["column"], 29);
    assert!(report["error"]["snippet"].as_str().expect("snippet").contains("\"mcpServers\""));
    env.draft(&["install", "claude-code", "--dry-run"]).assert().code(2);
    env.draft(&["install", "claude-code", "--force"]).assert().code(2);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_unparseable_global_config_is_refused_too() {
    let env = Env::new();
    std::fs::create_dir_all(env.home.join(".codex")).expect("mkdir");
    std::fs::write(env.home.join(".codex/config.toml"), "# mine\nmodel = \n").expect("write");
    let before = env.snapshot();
    let a = env.draft(&["install", "codex", "--global"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("~/.codex/config.toml:2:"), "{err}");
    assert!(err.contains("[mcp_servers.draft]"), "{err}");
    assert_eq!(env.snapshot(), before);
}
