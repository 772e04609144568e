//! `draft doctor`: healthy after an install, exit 1 for an edited file or a
//! draft that is not on PATH.

use crate::common::{Env, stdout};

#[test]
fn doctor_reports_an_edited_file() {
    let env = Env::new();
    let a = env.draft(&["doctor"]).assert().success();
    assert!(stdout(&a).contains("no host has draft installed"), "{}", stdout(&a));

    env.draft(&["install", "claude-code"]).assert().success();
    env.draft(&["install", "gemini", "--global"]).assert().success();
    let a = env.draft(&["doctor"]).assert().success();
    let text = stdout(&a);
    assert!(text.contains("claude-code  project") && text.contains("gemini       global"), "{text}");
    assert!(text.trim_end().ends_with("Healthy."), "{text}");

    env.write(".claude/rules/draft.md", "# our own rules now\n");
    let a = env.draft(&["doctor"]).assert().code(1);
    let text = stdout(&a);
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("edited") && l.contains(".claude/rules/draft.md")),
        "{text}"
    );
    let report = env.json(&["doctor"], 1);
    assert_eq!(report["healthy"], false);
    let claude = report["installs"]
        .as_array()
        .expect("installs")
        .iter()
        .find(|i| i["host"] == "claude-code")
        .expect("claude-code install");
    assert_eq!(claude["scope"], "project");
    assert_eq!(claude["current"], true);
    let edited: Vec<&str> = claude["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["state"] == "edited")
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(edited, [".claude/rules/draft.md"]);

    // Uninstall keeps the edited file and says so; --force takes it.
    let a = env.draft(&["uninstall", "claude-code"]).assert().success();
    assert!(stdout(&a).lines().any(|l| l.trim_start().starts_with("keep") && l.contains(".claude/rules/draft.md")));
    assert_eq!(env.read(".claude/rules/draft.md"), "# our own rules now\n");
    env.draft(&["uninstall", "claude-code", "--force"]).assert().success();
    assert!(!env.project.join(".claude").exists());
    env.draft(&["doctor"]).assert().success();
}

#[test]
fn doctor_is_unhealthy_when_draft_is_not_on_path() {
    let env = Env::new();
    std::fs::remove_file(env.bin.join("draft")).expect("unlink");
    let a = env.draft(&["doctor"]).assert().code(1);
    assert!(stdout(&a).contains("draft is not on PATH"), "{}", stdout(&a));
    let report = env.json(&["doctor"], 1);
    assert_eq!(report["draft_on_path"], serde_json::Value::Null);
    assert_eq!(report["version"], 1);
}
