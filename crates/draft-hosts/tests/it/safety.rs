//! Refusals: an unparseable config stops the plan with the file, line and a
//! snippet to paste, and nothing is written; paths never leave their root.

use crate::common::Env;
use draft_hosts::{Error, Host, Scope, plan_install, plan_uninstall};

fn unparseable(env: &Env, host: Host) -> (String, usize, usize, String, String) {
    let before = env.snapshot();
    let err = plan_install(&env.ctx, host, Scope::Project, false).expect_err("refused");
    assert_eq!(env.snapshot(), before, "nothing written");
    match err {
        Error::Unparseable { path, line, column, message, snippet } => {
            let rel = path.strip_prefix(&env.project).expect("inside").display().to_string();
            (rel, line, column, message, snippet)
        }
        other => panic!("{other}"),
    }
}

#[test]
fn broken_json_is_refused_with_a_location_and_a_snippet() {
    let env = Env::new();
    env.write(".mcp.json", "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" },,\n  }\n}\n");
    let (path, line, column, message, snippet) = unparseable(&env, Host::ClaudeCode);
    assert_eq!((path.as_str(), line, column), (".mcp.json", 3, 29), "{message}");
    assert_eq!(
        snippet,
        "add this by hand:\n{\n  \"mcpServers\": {\n    \"draft\": {\n      \"type\": \"stdio\",\n      \"command\": \"draft\",\n      \"args\": [\n        \"mcp\"\n      ],\n      \"tools\": [\n        \"*\"\n      ]\n    }\n  }\n}\n"
    );
}

#[test]
fn a_json_member_of_the_wrong_shape_is_refused() {
    let env = Env::new();
    env.write(".gemini/settings.json", "{\n  \"theme\": \"dark\",\n  \"mcpServers\": []\n}\n");
    let (path, line, column, message, _) = unparseable(&env, Host::Gemini);
    assert_eq!((path.as_str(), line, column), (".gemini/settings.json", 3, 17));
    assert!(message.contains("/mcpServers"), "{message}");
}

#[test]
fn broken_toml_is_refused() {
    let env = Env::new();
    env.write(".codex/config.toml", "# mine\nmodel = \n");
    let (path, line, _, _, snippet) = unparseable(&env, Host::Codex);
    assert_eq!((path.as_str(), line), (".codex/config.toml", 2));
    assert_eq!(snippet, "add this by hand:\n[mcp_servers.draft]\ncommand = \"draft\"\nargs = [\"mcp\"]\n");
}

#[test]
fn unbalanced_block_markers_are_refused() {
    let env = Env::new();
    env.write("AGENTS.md", "# Mine\n<!-- draft:begin v1 -->\nhalf a block\n");
    let (path, line, _, message, snippet) = unparseable(&env, Host::Opencode);
    assert_eq!((path.as_str(), line), ("AGENTS.md", 2));
    assert!(message.contains("draft:end"), "{message}");
    assert!(snippet.contains("<!-- draft:end -->"));
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let env = Env::new();
    std::fs::write(env.project.join("GEMINI.md"), b"\xff\xfe").expect("write");
    let (path, _, _, message, _) = unparseable(&env, Host::Gemini);
    assert_eq!(path, "GEMINI.md");
    assert!(message.contains("UTF-8"));
}

#[test]
fn a_config_broken_after_install_stops_uninstall_too() {
    let env = Env::new();
    env.install(Host::Cursor, Scope::Project);
    env.write(".cursor/mcp.json", "{ oops");
    let before = env.snapshot();
    let err = plan_uninstall(&env.ctx, Host::Cursor, Scope::Project, false).expect_err("refused");
    assert!(matches!(&err, Error::Unparseable { snippet, .. } if snippet.contains("/mcpServers/draft")), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_refused() {
    let env = Env::new();
    let outside = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(outside.path(), env.project.join(".claude")).expect("ln");
    let err = plan_install(&env.ctx, Host::ClaudeCode, Scope::Project, false).expect_err("refused");
    assert!(matches!(err, Error::PathEscape { .. }), "{err}");
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_home_is_refused() {
    let env = Env::new();
    let outside = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(outside.path(), env.home.join(".agents")).expect("ln");
    let err = plan_install(&env.ctx, Host::Codex, Scope::Global, false).expect_err("refused");
    assert!(matches!(err, Error::PathEscape { .. }), "{err}");
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
}

#[test]
fn a_tampered_manifest_cannot_reach_outside() {
    let env = Env::new();
    env.install(Host::Cursor, Scope::Project);
    let manifest = env.read("draft/.install-manifest.json").replace(".cursor/rules/draft.mdc", "../victim.txt");
    env.write("draft/.install-manifest.json", &manifest);
    let err = plan_uninstall(&env.ctx, Host::Cursor, Scope::Project, false).expect_err("refused");
    assert!(matches!(err, Error::PathEscape { .. }), "{err}");

    let env = Env::new();
    env.install(Host::Cursor, Scope::Global);
    let path = env.ctx.manifest_path(Scope::Global);
    let text = std::fs::read_to_string(&path).expect("read");
    let victim = env.project.join("victim.txt");
    std::fs::write(&victim, "keep me").expect("write");
    let tampered =
        text.replace(&env.home.join(".cursor/mcp.json").display().to_string(), &victim.display().to_string());
    std::fs::write(&path, tampered).expect("write");
    let err = plan_uninstall(&env.ctx, Host::Cursor, Scope::Global, false).expect_err("refused");
    assert!(matches!(err, Error::PathEscape { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
}

#[test]
fn a_damaged_manifest_stops_the_plan() {
    let env = Env::new();
    env.write("draft/.install-manifest.json", "{ not json");
    let err = plan_install(&env.ctx, Host::Codex, Scope::Project, false).expect_err("refused");
    assert!(matches!(err, Error::Manifest { .. }), "{err}");
}

#[test]
fn a_file_changed_after_planning_stops_apply() {
    let env = Env::new();
    env.write("AGENTS.md", "# v1\n");
    let plan = plan_install(&env.ctx, Host::Codex, Scope::Project, false).expect("plan");
    env.write("AGENTS.md", "# v2\n");
    let err = draft_hosts::apply(&plan).expect_err("refused");
    assert!(matches!(err, Error::Changed { .. }), "{err}");
    assert_eq!(env.read("AGENTS.md"), "# v2\n");
    assert!(!env.exists(".agents"), "nothing written");
}

#[test]
fn relative_directories_in_the_context_are_refused() {
    let mut env = Env::new();
    env.ctx.project_root = "relative".into();
    assert!(matches!(plan_install(&env.ctx, Host::Codex, Scope::Project, false), Err(Error::Usage(_))));
}

#[test]
fn bad_skill_names_are_refused() {
    let mut env = Env::new();
    env.ctx.skills.push(draft_hosts::Skill::new("../evil", "---\nname: x\ndescription: y\n---\n"));
    let err = plan_install(&env.ctx, Host::Codex, Scope::Project, false).expect_err("refused");
    assert!(matches!(err, Error::InvalidSkill { .. }), "{err}");
}
