//! The hosts commands' JSON against the versioned contract (docs/JSON.md):
//! every output validates against the schema `draft schema NAME` prints,
//! and starts with `"version": 1`.

use crate::common::Env;
use serde_json::Value;

/// Run `draft ARGS --json`, expecting `code`; check the output against schema `name`.
fn validated(env: &Env, args: &[&str], code: i32, name: &str) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let a = env.draft(&all).assert().code(code);
    let text = String::from_utf8(a.get_output().stdout.clone()).expect("utf-8");
    assert!(text.starts_with("{\n  \"version\": 1,"), "{all:?}: version is not the first field:\n{text}");
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{all:?}: {e}\n{text}"));
    let schema_out = env.draft(&["schema", name]).assert().success();
    let schema: Value = serde_json::from_slice(&schema_out.get_output().stdout).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{all:?} does not match schema {name}:\n{}\n{text}", errors.join("\n"));
    value
}

#[test]
fn every_hosts_json_output_matches_its_schema() {
    let env = Env::new();
    validated(&env, &["skills", "list"], 0, "skills");
    validated(&env, &["install", "--list"], 0, "install-list");
    validated(&env, &["install", "--detect"], 0, "install-detect");
    validated(&env, &["install", "claude-code", "--dry-run"], 0, "install");
    let done = validated(&env, &["install", "claude-code"], 0, "install");
    assert!(done["applied"].is_object(), "{done}");
    validated(&env, &["doctor"], 0, "doctor");
    validated(&env, &["uninstall", "claude-code"], 0, "install");
    env.write(".mcp.json", "{ \"mcpServers\": [ }\n");
    let err = validated(&env, &["install", "claude-code"], 2, "error");
    assert_eq!(err["error"]["code"], "unparseable");
    let err = validated(&env, &["skills", "show", "nope"], 2, "error");
    assert_eq!(err["error"]["code"], "unknown-skill");
}

#[test]
fn quiet_installs_print_nothing_but_dry_runs_still_show_the_plan() {
    let env = Env::new();
    let a = env.draft(&["install", "claude-code", "--dry-run", "-q"]).assert().success();
    assert!(String::from_utf8_lossy(&a.get_output().stdout).contains(".mcp.json"), "the plan is the answer");
    let a = env.draft(&["install", "claude-code", "-q"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&a.get_output().stdout), "");
    let a = env.draft(&["uninstall", "claude-code", "--quiet"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&a.get_output().stdout), "");
}
