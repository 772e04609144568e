//! Host detection in a repository and on a PATH, and doctor's facts.

use crate::common::Env;
use draft_hosts::{FileState, Host, Scope, detect, doctor, find_on_path, hosts_on_path};
use std::ffi::OsString;

#[test]
fn detects_hosts_from_their_files() {
    let env = Env::new();
    assert!(detect(&env.project).is_empty());
    env.write(".claude/settings.json", "{}");
    env.write("GEMINI.md", "# mine\n");
    env.write(".github/instructions/x.instructions.md", "x");
    assert_eq!(detect(&env.project), vec![Host::ClaudeCode, Host::Copilot, Host::Gemini]);
}

#[test]
fn drafts_own_files_are_not_signs_of_a_host() {
    let env = Env::new();
    env.install(Host::Gemini, Scope::Project);
    assert!(env.exists(".agents/skills"));
    assert!(detect(&env.project).is_empty(), "{:?}", detect(&env.project));
    env.write(".agents/skills/mine/SKILL.md", "user skill");
    assert_eq!(detect(&env.project), vec![Host::Codex]);
}

#[cfg(unix)]
fn executable(dir: &std::path::Path, name: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join(name);
    std::fs::write(&path, "#!/bin/sh\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn finds_binaries_on_a_path_string() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    executable(b.path(), "codex");
    executable(b.path(), "agy");
    executable(a.path(), "draft");
    std::fs::write(a.path().join("claude"), "not executable").expect("write");
    let path: OsString = std::env::join_paths([a.path(), b.path()]).expect("join");
    assert_eq!(hosts_on_path(&path), vec![Host::Codex, Host::Gemini]);
    assert_eq!(find_on_path("draft", &path), Some(a.path().join("draft")));
    assert_eq!(find_on_path("draft", &OsString::from("relative/dir")), None);
}

#[test]
fn doctor_reports_versions_edits_and_missing_files() {
    let mut env = Env::new();
    env.install(Host::Codex, Scope::Project);
    env.install(Host::Copilot, Scope::Global);
    let report = doctor(&env.ctx, Some(&OsString::new()));
    assert_eq!(report.installs.len(), 2);
    assert!(report.installs.iter().all(|i| i.current && i.files.iter().all(|f| f.state == FileState::Intact)));
    assert_eq!(report.draft_on_path, None);
    assert!(!report.healthy(), "draft is not on the empty PATH");

    env.write("AGENTS.md", &env.read("AGENTS.md").replace("## Draft", "## Draft (edited)"));
    std::fs::remove_file(env.project.join(".agents/skills/draft/SKILL.md")).expect("rm");
    env.ctx.draft_version = "0.2.0".into();
    let report = doctor(&env.ctx, None);
    let codex = report.installs.iter().find(|i| i.host == Host::Codex).expect("codex");
    assert!(!codex.current);
    let state = |path: &str| codex.files.iter().find(|f| f.path == path).map(|f| f.state);
    assert_eq!(state("AGENTS.md"), Some(FileState::Edited));
    assert_eq!(state(".agents/skills/draft/SKILL.md"), Some(FileState::Missing));
    assert_eq!(state(".codex/config.toml"), Some(FileState::Intact));
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["version"], 1);
    assert_eq!(json["installs"][0]["files"][0]["state"], "intact");
}

#[test]
fn doctor_reports_a_damaged_manifest_instead_of_failing() {
    let env = Env::new();
    env.write("draft/.install-manifest.json", "nope");
    let report = doctor(&env.ctx, None);
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].contains(".install-manifest.json"), "{}", report.problems[0]);
}
