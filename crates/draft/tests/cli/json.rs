//! The versioned JSON contract (docs/JSON.md): the schema of every report is
//! snapshotted, every `--json` output of a real session validates against
//! its schema and starts with `"version": 1`, and failures print a JSON
//! error report with a stable code when JSON was asked for.

use crate::common::{Env, json_of, stderr_of, stdout_of};
use serde_json::Value;
use std::path::Path;

/// Names `draft schema` lists.
fn report_names(env: &Env) -> Vec<String> {
    let a = env.draft(&env.root()).arg("schema").assert().success();
    stdout_of(&a).lines().filter_map(|l| l.split_whitespace().next()).map(str::to_owned).collect()
}

fn schema(env: &Env, name: &str) -> Value {
    json_of(&env.draft(&env.root()).args(["schema", name]).assert().success())
}

#[test]
fn schemas_are_snapshotted() {
    let env = Env::new();
    let list = stdout_of(&env.draft(&env.root()).arg("schema").assert().success());
    insta::assert_snapshot!("schema-list", list);
    for name in report_names(&env) {
        let text = stdout_of(&env.draft(&env.root()).args(["schema", &name]).assert().success());
        insta::assert_snapshot!(format!("schema-{name}"), text);
    }
}

#[test]
fn unknown_schema_names_are_usage_errors() {
    let env = Env::new();
    let a = env.draft(&env.root()).args(["schema", "nope"]).assert().code(2);
    assert!(stderr_of(&a).contains("no report named \"nope\""), "{}", stderr_of(&a));
}

/// Run `args` in `dir` expecting `code`; the stdout must be one JSON
/// document valid against schema `name`, with `"version": 1` first.
fn validated(env: &Env, dir: &Path, args: &[&str], code: i32, name: &str) -> Value {
    let a = env.draft(dir).args(args).assert().code(code);
    let text = stdout_of(&a);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{args:?}: version is not the first field:\n{text}");
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"));
    let schema = schema(env, name);
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{args:?} does not match schema {name}:\n{}\n{text}", errors.join("\n"));
    value
}

#[test]
fn every_json_output_matches_its_schema() {
    let env = Env::new();
    let repo = env.repo("app");
    validated(&env, &repo, &["init", "--json"], 0, "init");
    env.commit_all(&repo, "docs: add the draft context");
    let track = validated(&env, &repo, &["new-track", "Add login", "--json"], 0, "new-track");
    assert_eq!(track["id"], "add-login");
    env.commit_all(&repo, "docs(add-login): spec and plan");
    validated(&env, &repo, &["status", "--json"], 0, "status");
    validated(&env, &repo, &["task", "next", "--json"], 0, "task-next");
    validated(&env, &repo, &["task", "start", "1.1", "--json"], 0, "task-change");
    validated(&env, &repo, &["--json", "task", "done", "1.1"], 0, "task-change");
    validated(&env, &repo, &["task", "block", "1.2", "--reason", "waiting", "--json"], 0, "task-change");
    validated(&env, &repo, &["sync", "--check", "--json"], 0, "sync");
    validated(&env, &repo, &["sync", "--json"], 0, "sync");
    validated(&env, &repo, &["track", "archive", "add-login", "--json"], 0, "track-change");
    validated(&env, &repo, &["track", "reopen", "add-login", "--json"], 0, "track-change");
    env.commit_all(&repo, "feat(add-login): the form");
    validated(&env, &repo, &["revert", "task", "1.1", "--track", "add-login", "--json"], 0, "revert");
    let check = validated(&env, &repo, &["check", "--json"], 0, "check");
    assert!(check["summary"]["warnings"].as_u64().unwrap_or(0) > 0, "work started with the gates unchecked");
    let fixed = validated(&env, &repo, &["check", "--format", "json", "--fix"], 0, "check");
    assert!(fixed["fixes"].is_object(), "{fixed}");
    validated(&env, &repo, &["check", "--list-rules", "--json"], 0, "check-rules");
    validated(&env, &repo, &["review", "--no-run", "--json"], 0, "review");
    validated(&env, &repo, &["review", "--record", "pass", "--json"], 0, "review-record");
    validated(&env, &repo, &["validate", "--json"], 0, "validate");
    validated(&env, &repo, &["validate", "--list-rules", "--json"], 0, "validate-rules");
    validated(&env, &repo, &["revert", "--abort", "--json"], 2, "error");
}

#[test]
fn failures_print_a_json_error_report_when_json_was_asked_for() {
    let env = Env::new();
    let empty = env.dir("empty");
    for args in [&["status", "--json"][..], &["check", "--format", "json"], &["--json", "task", "next"]] {
        let a = env.draft(&empty).args(args).assert().code(2);
        assert_eq!(stderr_of(&a), "", "{args:?}: nothing on stderr");
        let report = validated(&env, &empty, args, 2, "error");
        assert_eq!(report["error"]["code"], "no-workspace", "{args:?}");
        assert!(report["error"]["hint"].as_str().is_some_and(|h| h.contains("draft init")), "{report}");
    }
    // Without --json the same failure is text on stderr.
    let a = env.draft(&empty).arg("status").assert().code(2);
    assert_eq!(stdout_of(&a), "");
    assert!(stderr_of(&a).starts_with("error: no draft project found"), "{}", stderr_of(&a));
}

#[test]
fn usage_errors_are_json_too() {
    let env = Env::new();
    let report = validated(&env, &env.root(), &["status", "--json", "--bogus"], 2, "error");
    assert_eq!(report["error"]["code"], "usage");
    assert!(report["error"]["message"].as_str().is_some_and(|m| m.contains("--bogus")), "{report}");
    let report = validated(&env, &env.root(), &["check", "--json", "--format", "sarif"], 2, "error");
    assert_eq!(report["error"]["code"], "usage");
    // --help and --version are not errors.
    env.draft(&env.root()).args(["status", "--json", "--help"]).assert().success();
}

#[test]
fn error_codes_name_the_failure() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let code = |args: &[&str]| json_of(&env.draft(&repo).args(args).assert().code(2))["error"]["code"].clone();
    assert_eq!(code(&["status", "nope", "--json"]), "unknown-track");
    assert_eq!(code(&["init", "--json"]), "already-initialized");
    assert_eq!(code(&["new-track", "x", "--id", "../up", "--json"]), "invalid-track-id");
    assert_eq!(code(&["task", "next", "--json"]), "no-active-track");
    assert_eq!(code(&["status", "--layout", "conductor", "--json"]), "layout-missing");
}

#[test]
fn index_outputs_match_their_schemas() {
    let env = Env::new();
    let root = env.fixture("monorepo");
    env.git(&root, &["init", "-q", "-b", "main"]);
    env.commit_all(&root, "chore: the monorepo");
    validated(&env, &root, &["index", "--check", "--json"], 1, "index");
    validated(&env, &root, &["index", "--init-missing", "services/users", "--json"], 0, "index");
    validated(&env, &root, &["status", "--all-services", "--all", "--json"], 0, "status-all");
    validated(&env, &root, &["index", "--init-missing", "nope", "--json"], 2, "error");
}
