//! `draft task …` and `draft track …` end to end: the exact plan.md bytes
//! each change makes, derived state staying in sync, and every error.

use crate::support::{PLAN, Project, diff};

fn check_in_sync(p: &Project) {
    let r = p.run(&["sync", "--check"]);
    assert_eq!(r.code, 0, "sync --check after a step:\n{}{}", r.stdout, r.stderr);
}

#[test]
fn an_agent_drives_a_whole_track() {
    let p = Project::with_plan(PLAN);
    let head = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let next = p.ok(&["task", "next"]);
    assert!(next.stdout.contains("next 1.1 Task 1.1: Parser"), "{}", next.stdout);

    let before = p.plan();
    let r = p.ok(&["task", "start", "1.1"]);
    assert!(r.stdout.contains("track demo: planning → in_progress"), "{}", r.stdout);
    insta::assert_snapshot!("start_1_1", diff(&before, &p.plan()));
    check_in_sync(&p);
    assert!(
        p.read("draft/tracks.md")
            .contains("- **Status:** [~] In Progress\n- **Phases:** 0/2\n- **Tasks:** 0/3 (docs last)\n")
    );

    let before = p.plan();
    p.ok(&["task", "done", "1.1"]);
    let after = p.plan();
    assert_eq!(diff(&before, &after), format!("-- [~] **Task 1.1:** Parser\n+- [x] **Task 1.1:** Parser ({head})\n"));
    check_in_sync(&p);

    let next = p.ok(&["task", "next", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&next.stdout).expect("json");
    assert_eq!(v["task"]["ref"], "1.2");
    assert_eq!(v["remaining"], 2);

    let sha = p.commit_all("feat(demo): wire it in");
    p.ok(&["task", "done", "task 1.2", "--commit", &sha]);
    check_in_sync(&p);

    let before = p.plan();
    p.ok(&["task", "block", "2.1", "--reason", "waiting for the style guide"]);
    insta::assert_snapshot!("block_2_1", diff(&before, &p.plan()));
    check_in_sync(&p);
    let next = p.ok(&["task", "next"]);
    assert!(next.stdout.contains("no task can be started"), "{}", next.stdout);
    assert!(
        next.stdout.contains("skipped blocked 2.1 Task 2.1: Docs — waiting for the style guide"),
        "{}",
        next.stdout
    );

    p.ok(&["task", "unblock", "Task 2.1"]);
    assert_eq!(p.plan(), before);

    let line = p.plan().lines().position(|l| l.contains("Task 2.1")).expect("line") + 1;
    let r = p.ok(&["task", "done", &line.to_string(), "--commit", &sha]);
    assert!(r.stdout.contains("track demo: in_progress → completed"), "{}", r.stdout);
    check_in_sync(&p);
    insta::assert_snapshot!("completed_plan", p.plan());
    insta::assert_snapshot!("completed_registry", p.read("draft/tracks.md"));
    insta::assert_snapshot!("completed_metadata", p.read("draft/tracks/demo/metadata.json"));
    let next = p.ok(&["task", "next", "--track", "demo"]);
    assert!(next.stdout.contains("every task is done"), "{}", next.stdout);
}

#[test]
fn unknown_references_list_close_matches() {
    let p = Project::with_plan(PLAN);
    let r = p.fails(&["task", "start", "1.9"], 2);
    assert!(r.stderr.contains("error: no task \"1.9\" in track demo"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean 1.1 (Task 1.1: Parser), 1.2 (Task 1.2: Wire it in)?"), "{}", r.stderr);
    let r = p.fails(&["task", "start", "parse"], 2);
    assert!(r.stderr.contains("did you mean 1.1 (Task 1.1: Parser)?"), "{}", r.stderr);
    let r = p.fails(&["task", "start", "999"], 2);
    assert!(r.stderr.contains("no task on line \"999\""), "{}", r.stderr);
    let r = p.fails(&["task", "start", "1.1", "--track", "demx"], 2);
    assert!(r.stderr.contains("no track \"demx\""), "{}", r.stderr);
    assert_eq!(p.plan(), PLAN, "nothing written on errors");
}

#[test]
fn done_needs_a_real_commit() {
    let p = Project::empty();
    p.write("draft/tracks.md", crate::support::REGISTRY);
    p.write("draft/tracks/demo/plan.md", PLAN);
    let r = p.fails(&["task", "done", "1.1"], 2);
    assert!(r.stderr.contains("the repository has no commits yet"), "{}", r.stderr);
    assert!(r.stderr.contains("--commit"), "{}", r.stderr);
    let p = Project::with_plan(PLAN);
    let r = p.fails(&["task", "done", "1.1", "--commit", "deadbeef"], 2);
    assert!(r.stderr.contains("\"deadbeef\" does not name a commit"), "{}", r.stderr);
    // The registry and metadata.json are staged while git is asked for the
    // commit: when git has no answer, neither changes and no staged file stays.
    assert_eq!(p.read("draft/tracks.md"), crate::support::REGISTRY);
    assert_eq!(p.read("draft/tracks/demo/metadata.json"), crate::support::METADATA);
    assert_eq!(p.leftover_temps(), Vec::<std::path::PathBuf>::new());
    let r = p.fails(&["task", "done", "1.1", "--commit=--all"], 2);
    assert!(r.stderr.contains("does not name a commit"), "{}", r.stderr);
    let r = p.fails(&["task", "block", "1.1", "--reason", "  "], 2);
    assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);
    let r = p.fails(&["task", "unblock", "1.1"], 2);
    assert!(r.stderr.contains("is not blocked"), "{}", r.stderr);
    assert_eq!(p.plan(), PLAN);
}

#[test]
fn no_active_track_is_an_error() {
    let p = Project::with_plan(PLAN);
    p.write("draft/tracks.md", "# Tracks\n\n## Active\n<!-- No active tracks -->\n");
    let r = p.fails(&["task", "next"], 2);
    assert!(r.stderr.contains("no active track"), "{}", r.stderr);
    p.ok(&["task", "next", "--track", "demo"]);
}

#[test]
fn conductor_plans_get_bare_shas_and_conductor_status() {
    let p = Project::empty();
    p.write(
        "conductor/tracks.md",
        "# Project Tracks\n\n---\n\n- [ ] **Track: Login page**\n*Link: [./tracks/login_20260101/](./tracks/login_20260101/)*\n",
    );
    let plan = "# Implementation Plan\n\n## Phase 1: UI\n- [ ] Task: Form\n    - [ ] Write tests\n- [ ] Task: Submit\n";
    p.write("conductor/tracks/login_20260101/plan.md", plan);
    p.write(
        "conductor/tracks/login_20260101/metadata.json",
        "{\"track_id\":\"login_20260101\",\"type\":\"feature\",\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"description\":\"Login page\"}",
    );
    let sha = p.commit_all("init");
    p.ok(&["task", "done", "1.1"]);
    let plan_after = p.read("conductor/tracks/login_20260101/plan.md");
    assert_eq!(diff(plan, &plan_after), format!("-- [ ] Task: Form\n+- [x] Task: Form {sha}\n"));
    assert_eq!(
        p.read("conductor/tracks/login_20260101/metadata.json"),
        "{\"track_id\":\"login_20260101\",\"type\":\"feature\",\"status\":\"in_progress\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-03-01T09:00:00Z\",\"description\":\"Login page\"}"
    );
    assert!(p.read("conductor/tracks.md").contains("- [~] **Track: Login page**\n"));
    p.ok(&["task", "done", "1.2"]);
    assert!(p.read("conductor/tracks.md").contains("- [x] **Track: Login page**\n"));
    assert!(p.read("conductor/tracks/login_20260101/metadata.json").contains("\"status\":\"completed\""));
    check_in_sync(&p);
}

#[test]
fn track_lifecycle_moves_sections() {
    let p = Project::with_plan(PLAN);
    let r = p.fails(&["track", "complete", "demo"], 2);
    assert!(r.stderr.contains("3 of 3 tasks unfinished"), "{}", r.stderr);
    p.ok(&["task", "start", "1.1"]);
    p.ok(&["track", "archive", "demo"]);
    let reg = p.read("draft/tracks.md");
    assert!(reg.contains("## Active\n\n<!-- No active tracks -->\n\n## Completed"), "{reg}");
    assert!(reg.contains("## Archived\n\n### demo - Demo track\n- **Status:** [x] Archived\n"), "{reg}");
    assert!(p.read("draft/tracks/demo/metadata.json").contains("\"status\": \"archived\""));
    check_in_sync(&p);
    p.ok(&["track", "reopen", "demo"]);
    let reg = p.read("draft/tracks.md");
    assert!(reg.contains("## Active\n\n### demo - Demo track\n- **Status:** [~] In Progress\n"), "{reg}");
    assert!(
        reg.contains("## Archived\n<!-- No archived tracks -->\n")
            || reg.contains("## Archived\n\n<!-- No archived tracks -->\n"),
        "{reg}"
    );
    check_in_sync(&p);
    let sha = p.git(&["rev-parse", "--short=7", "HEAD"]);
    for t in ["1.1", "1.2", "2.1"] {
        p.ok(&["task", "done", t, "--commit", sha.trim()]);
    }
    p.ok(&["track", "archive", "demo"]);
    let r = p.ok(&["track", "complete", "demo", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["to"], "completed");
    let reg = p.read("draft/tracks.md");
    assert!(reg.contains("## Completed\n\n### demo - Demo track\n"), "{reg}");
    check_in_sync(&p);
}
