//! `draft context`: ranking of the parts, token estimates, budget trimming
//! (whole sections, never mid-line, reported as left out), the fallback when
//! `.ai-context.md` is missing, and errors.

#[path = "../shared/hermetic.rs"]
mod hermetic;

use hermetic::hermetic;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const PLAN: &str = "# Plan: Demo\n\n## Overview\n\nA demo plan.\n\n## Phase 1: Base\n\n- [x] **Task 1.1:** Parser (PLACEHOLDER)\n- [x] **Task 1.2:** Wire it in with enough words to make this phase the largest of the plan by far, padding padding padding\n\n## Phase 2: Finish\n\n- [~] **Task 2.1:** Output\n- [!] **Task 2.2:** Progress bar\n  - Blocked: waiting for the design\n- [ ] **Task 2.3:** Colours\n\n## Phase 3: Later\n\n- [ ] **Task 3.1:** Release notes\n";

struct Project {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
    commits: std::cell::Cell<u32>,
}

impl Project {
    /// A repository with `draft init`, track `demo` with `PLAN` (1.1 done at a recorded commit) and a scoped commit.
    fn new() -> Self {
        let p = Self {
            dir: tempfile::tempdir().expect("tmp"),
            home: tempfile::tempdir().expect("home"),
            commits: 0.into(),
        };
        p.git(&["init", "-q", "-b", "main"]);
        p.write("README.md", "# demo\n");
        p.commit_all("chore: initial commit");
        p.ok(&["init"]);
        p.ok(&["new-track", "Demo track", "--id", "demo"]);
        p.write("src/parser.rs", "// parser\n");
        p.commit_all("feat(demo): parser");
        let sha = p.git(&["rev-parse", "--short=7", "HEAD"]);
        p.write("draft/tracks/demo/plan.md", &PLAN.replace("PLACEHOLDER", &sha));
        p.ok(&["sync"]);
        p.commit_all("docs(demo): plan");
        p.write("src/output.rs", "// output\n");
        p.commit_all("feat(demo)!: output");
        p.write("src/other.rs", "// other\n");
        p.commit_all("feat(other): unrelated");
        p
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    fn isolate(&self, cmd: &mut Command) {
        hermetic(cmd, self.dir.path(), self.home.path());
    }

    fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.isolate(&mut cmd);
        let out = cmd.args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8").trim_end().to_owned()
    }

    /// Stage everything and commit, one minute after the previous commit.
    fn commit_all(&self, message: &str) {
        let n = self.commits.get() + 1;
        self.commits.set(n);
        let date = format!("2026-03-01T09:{n:02}:00Z");
        self.git(&["add", "-A"]);
        let mut cmd = Command::new("git");
        self.isolate(&mut cmd);
        let out = cmd
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(["commit", "-q", "-m", message])
            .output()
            .expect("git runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_draft"));
        self.isolate(&mut cmd);
        cmd.args(args).output().expect("draft runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "draft {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["context"];
        all.extend_from_slice(args);
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("JSON")
    }
}

fn kinds(report: &Value) -> Vec<&str> {
    report["parts"].as_array().expect("parts").iter().map(|p| p["kind"].as_str().expect("kind")).collect()
}

fn tokens(text: &str) -> u64 {
    (text.len() as u64).div_ceil(4)
}

/// Every line of `content` is a whole line of the file, in order.
fn assert_whole_lines(content: &str, file: &str) {
    let mut lines = file.lines();
    for line in content.lines() {
        assert!(lines.any(|l| l == line), "{line:?} is not a whole line of the file, in order");
    }
    assert!(content.is_empty() || content.ends_with('\n'), "content ends at a line end");
}

#[test]
fn parts_are_ranked_with_token_estimates() {
    let p = Project::new();
    let r = p.json(&[]);
    assert_eq!(r["track"]["id"], "demo");
    assert_eq!(r["estimator"], "bytes/4");
    assert_eq!(kinds(&r), ["current_task", "ai_context", "spec", "plan", "commits"]);
    let mut sum = 0;
    for (i, part) in r["parts"].as_array().expect("parts").iter().enumerate() {
        assert_eq!(part["rank"], i + 1);
        let content = part["content"].as_str().expect("content");
        assert_eq!(part["tokens"], tokens(content), "{}", part["kind"]);
        assert_eq!(part["complete"], true);
        sum += tokens(content);
    }
    assert_eq!(r["tokens"], sum);
    assert_eq!(r["tokens_without_budget"], sum);
    assert_eq!(r["omitted"], serde_json::json!([]));

    // The frontmatter is not part of the bundle; the rest of the file is, byte for byte.
    let ai = p.read("draft/.ai-context.md");
    let content = r["parts"][1]["content"].as_str().expect("content");
    assert!(ai.starts_with("---\n") && !content.starts_with("---"));
    assert!(ai.ends_with(content), "the whole body");
    assert_eq!(r["parts"][3]["content"].as_str().expect("plan"), p.read("draft/tracks/demo/plan.md"));

    // The current task with its phase, and the blocked task beside it.
    let cur = &r["current_task"];
    assert_eq!(cur["task"]["ref"], "2.1");
    assert_eq!(cur["phase"]["index"], 2);
    assert_eq!(cur["phase"]["title"], "Finish");
    assert_eq!(cur["blocked"][0]["reason"], "waiting for the design");
    let text = r["parts"][0]["content"].as_str().expect("text");
    assert!(text.contains("Phase 2 of 3: Finish"), "{text}");
    assert!(text.contains("Current task (in progress): 2.1 Task 2.1: Output"), "{text}");

    // Commits: the recorded SHA and the scoped ones, newest first, nothing unrelated.
    let subjects: Vec<(&str, &str)> = r["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .map(|c| (c["subject"].as_str().expect("s"), c["reason"].as_str().expect("r")))
        .collect();
    assert_eq!(
        subjects,
        [
            ("feat(demo)!: output", "scope (demo)"),
            ("docs(demo): plan", "scope (demo)"),
            ("feat(demo): parser", "recorded on 1.1"),
        ]
    );
    // --commits bounds the list.
    let r = p.json(&["--commits", "1"]);
    assert_eq!(r["commits"].as_array().expect("commits").len(), 1);
}

#[test]
fn product_tech_stack_and_workflow_stand_in_for_a_missing_ai_context() {
    let p = Project::new();
    std::fs::remove_file(p.path("draft/.ai-context.md")).expect("rm");
    let r = p.json(&["demo"]);
    assert_eq!(kinds(&r), ["current_task", "product", "tech_stack", "workflow", "spec", "plan", "commits"]);
    let notes = r["notes"].to_string();
    assert!(notes.contains(".ai-context.md is missing"), "{notes}");
}

#[test]
fn a_budget_drops_whole_sections_by_rank_and_says_what_was_left_out() {
    let p = Project::new();
    // One-section context and spec, so each part costs exactly its estimate.
    p.write("draft/.ai-context.md", "# AI context\n\nShort and sweet.\n");
    p.write("draft/tracks/demo/spec.md", "# Spec\n\nA short spec.\n");
    let full = p.json(&[]);
    let part_tokens = |i: usize| full["parts"][i]["tokens"].as_u64().expect("tokens");
    // Room for the current task, the whole ai-context and spec, the plan's
    // title block and its current phase, and nothing more.
    let plan = p.read("draft/tracks/demo/plan.md");
    let at = |h: &str| plan.find(h).expect("heading");
    let title_block = &plan[..at("## Overview")];
    let overview = &plan[at("## Overview")..at("## Phase 1")];
    let phase2 = &plan[at("## Phase 2")..at("## Phase 3")];
    let budget =
        part_tokens(0) + part_tokens(1) + part_tokens(2) + tokens(title_block) + tokens(overview) + tokens(phase2);
    let r = p.json(&["--budget", &budget.to_string()]);
    assert!(r["tokens"].as_u64().expect("tokens") <= budget);
    assert_eq!(r["tokens_without_budget"], full["tokens"]);
    assert_eq!(kinds(&r), ["current_task", "ai_context", "spec", "plan"]);
    let plan_part = &r["parts"][3];
    assert_eq!(plan_part["complete"], false);
    assert_eq!(plan_part["content"].as_str().expect("plan"), format!("{title_block}{overview}{phase2}"));
    let left: Vec<(u64, &str, Option<&str>)> = r["omitted"]
        .as_array()
        .expect("omitted")
        .iter()
        .map(|o| (o["rank"].as_u64().expect("rank"), o["kind"].as_str().expect("kind"), o["section"].as_str()))
        .collect();
    assert_eq!(
        left,
        [(4, "plan", Some("## Phase 1: Base")), (4, "plan", Some("## Phase 3: Later")), (5, "commits", None)],
        "the completed phase goes before the later one, and the lowest rank goes whole"
    );

    // A tight budget keeps the top ranks and cuts files only between sections.
    let p = Project::new();
    let full = p.json(&[]);
    let part_tokens = |i: usize| full["parts"][i]["tokens"].as_u64().expect("tokens");
    let tight = part_tokens(0) + part_tokens(1) / 2;
    let r = p.json(&["--budget", &tight.to_string()]);
    assert!(r["tokens"].as_u64().expect("tokens") <= tight);
    assert_eq!(r["parts"][0]["kind"], "current_task");
    assert_eq!(r["parts"][1]["complete"], false);
    for part in r["parts"].as_array().expect("parts") {
        if let Some(path) = part["path"].as_str() {
            assert_whole_lines(part["content"].as_str().expect("content"), &p.read(path));
        }
    }
    for o in r["omitted"].as_array().expect("omitted") {
        if let (Some(path), Some(line), Some(section)) = (o["path"].as_str(), o["line"].as_u64(), o["section"].as_str())
        {
            let file = p.read(path);
            let at_line = file.lines().nth(usize::try_from(line).expect("line") - 1).expect("line exists");
            if section.starts_with('#') {
                assert_eq!(at_line.trim(), section, "{path}:{line}");
            }
        }
    }
    let human = p.ok(&["context", "--budget", &tight.to_string()]);
    assert!(human.contains("=== current task (rank 1"), "{human}");
    assert!(human.contains("=== left out to fit the budget ==="), "{human}");
    assert!(human.contains("- draft/.ai-context.md:"), "the omitted sections are named: {human}");
    assert!(human.contains("=== draft/.ai-context.md (rank 2, ~"), "{human}");
}

#[test]
fn without_an_active_track_the_bundle_is_the_project_context() {
    let dir = tempfile::tempdir().expect("tmp");
    let q = Project { dir, home: tempfile::tempdir().expect("home"), commits: 0.into() };
    q.ok(&["init"]);
    let r = q.json(&[]);
    assert!(r["track"].is_null());
    assert_eq!(kinds(&r), ["ai_context"]);
    assert!(r["notes"].to_string().contains("no active track"));
}

#[test]
fn an_unknown_track_is_an_error_with_a_hint() {
    let p = Project::new();
    let out = p.run(&["context", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error: no track \"nope\""), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(Path::new(env!("CARGO_BIN_EXE_draft")).exists());
}
