//! Install and uninstall for every host × scope: the files are exactly what
//! `install --list` names, a second run changes no byte, uninstall leaves
//! both trees as they were, and a dry run writes nothing.

use crate::common::{Env, HOSTS, SCOPES, stdout};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The files `install --list HOST SCOPE` names, as absolute paths.
fn listed(env: &Env, host: &str, scope: &str) -> BTreeSet<PathBuf> {
    let list = env.json(&["install", "--list", host, scope], 0);
    let hosts = list["hosts"].as_array().expect("hosts");
    assert_eq!(hosts.len(), 1, "{list}");
    let scopes = hosts[0]["scopes"].as_array().expect("scopes");
    assert_eq!(scopes.len(), 1, "{list}");
    assert_eq!(scopes[0]["scope"], scope.trim_start_matches("--"));
    let targets = scopes[0]["targets"].as_array().expect("targets");
    assert!(!targets.is_empty(), "{list}");
    targets.iter().map(|t| env.resolve(t["path"].as_str().expect("path"))).collect()
}

#[test]
fn every_host_and_scope_writes_exactly_the_listed_files() {
    for host in HOSTS {
        for scope in SCOPES {
            let env = Env::new();
            let mut expected = listed(&env, host, scope);
            expected.insert(env.manifest(scope));
            let before = env.snapshot();
            let report = env.json(&["install", host, scope], 0);
            assert_eq!(report["host"], host);
            assert_eq!(report["operation"], "install");
            assert_eq!(report["dry_run"], false);
            let after = env.snapshot();
            let new: BTreeSet<PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).cloned().collect();
            let new: BTreeSet<PathBuf> =
                new.into_iter().filter(|p| !p.as_os_str().to_string_lossy().ends_with('/')).collect();
            assert_eq!(new, expected, "{host} {scope}");
            for (path, bytes) in &before {
                if after.contains_key(path) {
                    assert_eq!(&after[path], bytes, "{host} {scope}: {} changed", path.display());
                }
            }
            let written: BTreeSet<PathBuf> = report["applied"]["written"]
                .as_array()
                .expect("written")
                .iter()
                .map(|p| env.resolve(p.as_str().expect("path")))
                .collect();
            assert_eq!(written, expected, "{host} {scope}: the report names every file written");
        }
    }
}

#[test]
fn a_second_install_changes_no_byte() {
    for host in HOSTS {
        for scope in SCOPES {
            let env = Env::new();
            env.draft(&["install", host, scope]).assert().success();
            let before = env.snapshot();
            let again = env.json(&["install", host, scope], 0);
            let actions = again["actions"].as_array().expect("actions");
            assert!(actions.iter().all(|a| a["action"] == "unchanged"), "{host} {scope}: {again:#}");
            assert_eq!(again["applied"]["written"], serde_json::json!([]));
            assert_eq!(again["applied"]["removed"], serde_json::json!([]));
            let a = env.draft(&["install", host, scope]).assert().success();
            assert!(stdout(&a).contains("up to date"), "{}", stdout(&a));
            assert_eq!(env.snapshot(), before, "{host} {scope}");
        }
    }
}

#[test]
fn uninstall_leaves_both_trees_as_they_were() {
    for host in HOSTS {
        for scope in SCOPES {
            let env = Env::new();
            let before = env.snapshot();
            env.draft(&["install", host, scope]).assert().success();
            assert_ne!(env.snapshot(), before);
            let a = env.draft(&["uninstall", host, scope]).assert().success();
            assert!(stdout(&a).starts_with("Uninstalled draft from"), "{}", stdout(&a));
            assert_eq!(env.snapshot(), before, "{host} {scope}");
            let again = env.draft(&["uninstall", host, scope]).assert().success();
            assert!(stdout(&again).contains("is not installed"), "{}", stdout(&again));
        }
    }
}

#[test]
fn a_dry_run_writes_nothing() {
    for host in HOSTS {
        for scope in SCOPES {
            let env = Env::new();
            let before = env.snapshot();
            let plan = env.json(&["install", host, scope, "--dry-run"], 0);
            assert_eq!(plan["dry_run"], true);
            assert_eq!(plan["applied"], serde_json::Value::Null);
            let actions = plan["actions"].as_array().expect("actions");
            assert!(actions.iter().any(|a| a["action"] == "create" && a["why"] == "new"), "{plan:#}");
            let a = env.draft(&["install", host, scope, "--dry-run"]).assert().success();
            let text = stdout(&a);
            assert!(text.starts_with("Dry run: installing draft into"), "{text}");
            assert!(text.contains("  create") && text.contains("Nothing was written"), "{text}");
            assert_eq!(env.snapshot(), before, "{host} {scope}");

            env.draft(&["install", host, scope]).assert().success();
            let installed = env.snapshot();
            let plan = env.json(&["uninstall", host, scope, "--dry-run"], 0);
            assert!(plan["actions"].as_array().expect("actions").iter().any(|a| a["action"] == "remove"));
            assert_eq!(env.snapshot(), installed, "{host} {scope}: uninstall --dry-run");
        }
    }
}

#[test]
fn the_project_is_the_git_top_level_from_any_subdirectory() {
    let env = Env::new();
    let deep = env.project.join("src/deep");
    std::fs::create_dir_all(&deep).expect("mkdir");
    env.draft_in(&deep, &["install", "claude-code"]).assert().success();
    assert!(env.project.join(".claude/rules/draft.md").is_file());
    assert!(!deep.join(".claude").exists());
    let other = env.base.join("elsewhere");
    std::fs::create_dir_all(&other).expect("mkdir");
    env.draft_in(&other, &["-C", "../project/src", "uninstall", "claude-code"]).assert().success();
    assert!(!env.project.join(".claude").exists());
}

#[test]
fn an_existing_draft_entry_is_a_conflict_until_forced() {
    let env = Env::new();
    let mine = "{\n  \"mcpServers\": {\n    \"draft\": { \"command\": \"/opt/draft\", \"args\": [\"mcp\"] }\n  }\n}\n";
    env.write(".mcp.json", mine);
    let before = env.snapshot();
    let a = env.draft(&["install", "claude-code"]).assert().code(1);
    let (out, err) = (stdout(&a), crate::common::stderr(&a));
    assert!(out.starts_with("Cannot install draft into Claude Code"), "{out}");
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("conflict") && l.contains(".mcp.json /mcpServers/draft")),
        "{out}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(env.snapshot(), before, "a refused plan writes nothing");
    let plan = env.json(&["install", "claude-code"], 1);
    assert_eq!(plan["applied"], serde_json::Value::Null);
    assert_eq!(env.snapshot(), before);
    // A dry run predicts the refusal.
    env.draft(&["install", "claude-code", "--dry-run"]).assert().code(1);

    env.draft(&["install", "claude-code", "--force"]).assert().success();
    let json: serde_json::Value = serde_json::from_str(&env.read(".mcp.json")).expect("json");
    assert_eq!(json["mcpServers"]["draft"]["command"], "draft");
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.draft(&["install"]).assert().code(2);
    env.draft(&["install", "emacs"]).assert().code(2);
    env.draft(&["install", "codex", "--project", "--global"]).assert().code(2);
    env.draft(&["install", "codex", "--detect"]).assert().code(2);
    env.draft(&["install", "--list", "--dry-run"]).assert().code(2);
    env.draft(&["uninstall"]).assert().code(2);
}
