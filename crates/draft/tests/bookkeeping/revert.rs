//! `draft revert` end to end: dry run, apply, dirty tree, conflicts with
//! `--abort` and `--continue`, and whole-track reverts with scoped commits.

use crate::support::{PLAN, Project};

/// A project where task 1.1 is done in a `feat(demo)` commit touching src/parser.rs.
fn with_done_task() -> (Project, String) {
    let p = Project::with_plan(PLAN);
    p.write("src/parser.rs", "fn parse() {}\n");
    let sha = p.commit_all("feat(demo): add the parser");
    p.ok(&["task", "done", "1.1"]);
    p.commit_all("docs: record task 1.1");
    (p, sha)
}

#[test]
fn dry_run_then_apply_a_task() {
    let (p, sha) = with_done_task();
    let plan_before = p.plan();
    let r = p.ok(&["revert", "task", "1.1"]);
    assert!(r.stdout.contains(&format!("{sha} feat(demo): add the parser  (recorded on 1.1)")), "{}", r.stdout);
    assert!(r.stdout.contains("      src/parser.rs\n"), "{}", r.stdout);
    assert!(r.stdout.contains("1.1 [x] → [ ] Parser"), "{}", r.stdout);
    assert!(r.stdout.contains("dry run"), "{}", r.stdout);
    assert_eq!(p.plan(), plan_before);

    let r = p.ok(&["revert", "task", "1.1", "--apply"]);
    assert!(!p.path("src/parser.rs").exists(), "the commit was reverted");
    let subject = p.git(&["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "revert(demo): task 1.1 Parser");
    let head = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    assert!(r.stdout.contains(&format!("reverted in {head}")), "{}", r.stdout);
    assert_eq!(
        crate::support::diff(&plan_before, &p.plan()),
        format!(
            "-- [x] **Task 1.1:** Parser ({sha})\n+- [ ] **Task 1.1:** Parser\n+  - Reverted on 2026-03-01 (was {sha})\n"
        )
    );
    p.ok(&["sync", "--check"]);
    assert_eq!(p.git(&["status", "--porcelain"]), "", "the reset is part of the revert commit");
    assert!(!p.path(".git/draft-revert.json").exists());
}

#[test]
fn revert_refuses_a_dirty_tree() {
    let (p, _) = with_done_task();
    p.write("src/lib.rs", "// changed\n");
    p.write("notes.txt", "x\n");
    let r = p.fails(&["revert", "task", "1.1", "--apply"], 2);
    assert!(r.stderr.contains("uncommitted changes: src/lib.rs, notes.txt"), "{}", r.stderr);
    assert!(p.path("src/parser.rs").exists());
}

fn conflicted() -> (Project, String) {
    let p = Project::with_plan(PLAN);
    p.write("src/lib.rs", "// parser v1\n");
    let sha = p.commit_all("feat(demo): parser");
    p.ok(&["task", "done", "1.1"]);
    p.commit_all("docs: record task 1.1");
    p.write("src/lib.rs", "// parser v2, edited later\n");
    p.commit_all("refactor: unrelated edit");
    (p, sha)
}

#[test]
fn conflict_then_abort() {
    let (p, _) = conflicted();
    let plan = p.plan();
    let head = p.git(&["rev-parse", "HEAD"]);
    let r = p.fails(&["revert", "task", "1.1", "--apply"], 2);
    assert!(r.stderr.contains("the revert stopped on conflicts in: src/lib.rs"), "{}", r.stderr);
    assert!(r.stderr.contains("draft revert --continue"), "{}", r.stderr);
    assert!(r.stderr.contains("draft revert --abort"), "{}", r.stderr);
    assert_eq!(p.plan(), plan, "no draft file changes before the revert commit exists");
    assert!(p.path(".git/draft-revert.json").exists());
    let r = p.fails(&["revert", "task", "1.1", "--apply"], 2);
    assert!(r.stderr.contains("already in progress"), "{}", r.stderr);
    p.ok(&["revert", "--abort"]);
    assert_eq!(p.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    assert_eq!(p.plan(), plan);
    assert!(!p.path(".git/draft-revert.json").exists());
    p.fails(&["revert", "--abort"], 2);
}

#[test]
fn conflict_then_continue() {
    let (p, sha) = conflicted();
    p.fails(&["revert", "task", "1.1", "--apply"], 2);
    let r = p.fails(&["revert", "--continue"], 2);
    assert!(r.stderr.contains("conflicts in: src/lib.rs"), "unresolved files block --continue: {}", r.stderr);
    p.write("src/lib.rs", "// resolved\n");
    p.git(&["add", "src/lib.rs"]);
    let r = p.ok(&["revert", "--continue"]);
    let head = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    assert!(r.stdout.contains(&format!("reverted in {head}")), "{}", r.stdout);
    assert_eq!(p.git(&["log", "-1", "--format=%s"]).trim(), "revert(demo): task 1.1 Parser");
    assert_eq!(p.read("src/lib.rs"), "// resolved\n");
    assert!(p.plan().contains(&format!("- [ ] **Task 1.1:** Parser\n  - Reverted on 2026-03-01 (was {sha})\n")));
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    assert!(!p.plan().contains(&format!("Parser ({sha})")), "the SHA left the task line");
    p.ok(&["sync", "--check"]);
}

#[test]
fn whole_track_includes_scoped_commits_and_rebased_tasks() {
    let (p, first) = with_done_task();
    p.write("src/wire.rs", "fn wire() {}\n");
    p.commit_all("feat(demo): wire it in");
    p.ok(&["task", "done", "1.2"]);
    p.commit_all("docs: record task 1.2");
    p.write("src/wire.rs", "fn wire() { fixed() }\n");
    let fix = p.commit_all("fix(demo): follow-up");
    p.write("src/other.rs", "\n");
    p.commit_all("feat(other): unrelated");
    // Simulate a rebase: task 1.2 records a SHA that no longer exists.
    let plan = p.plan();
    let recorded = plan
        .lines()
        .find(|l| l.contains("Task 1.2"))
        .and_then(|l| l.rsplit('(').next())
        .map(|s| s.trim_end_matches(')').to_owned())
        .expect("sha");
    p.write("draft/tracks/demo/plan.md", &plan.replace(&recorded, "0000000"));
    p.commit_all("docs: rebased");
    let r = p.ok(&["revert", "track", "--track", "demo"]);
    assert!(r.stdout.contains(&format!("{fix} fix(demo): follow-up  (scope (demo))")), "{}", r.stdout);
    assert!(r.stdout.contains("feat(demo): wire it in  (matched by subject for 1.2)"), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("{first} feat(demo): add the parser  (recorded on 1.1)")), "{}", r.stdout);
    assert!(!r.stdout.contains("unrelated"), "{}", r.stdout);
    assert!(r.stderr.contains("recorded SHA 0000000 is not on HEAD"), "{}", r.stderr);
    p.ok(&["revert", "track", "--apply"]);
    assert!(!p.path("src/wire.rs").exists());
    assert!(!p.path("src/parser.rs").exists());
    assert!(p.path("src/other.rs").exists());
    assert_eq!(p.plan().matches("Reverted on").count(), 2);
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    p.ok(&["sync", "--check"]);
    let r = p.fails(&["revert", "phase", "x"], 2);
    assert!(r.stderr.contains("no phase x"), "{}", r.stderr);
    let r = p.fails(&["revert", "phase", "1;2"], 2);
    assert!(r.stderr.contains("phase must be the number written in its heading"), "{}", r.stderr);
}

/// Regression (issue 8 item 1): `revert phase N` took N as a position, so in
/// a plan that starts at `## Phase 0` it reverted the wrong phase.
#[test]
fn regression_revert_phase_uses_the_written_number() {
    let p = Project::with_plan(
        "# Plan\n\n## Phase 0: Setup\n- [ ] **Task 0.1:** Scaffold\n\n## Phase 1: Build\n- [ ] **Task 1.1:** Parser\n",
    );
    p.write("src/scaffold.rs", "// scaffold\n");
    p.ok(&["task", "start", "0.1", "--track", "demo"]);
    let sha = p.commit_all("feat(demo): scaffold");
    p.ok(&["task", "done", "0.1", "--track", "demo", "--commit", &sha]);
    p.commit_all("chore(draft): record demo 0.1");
    let r = p.ok(&["revert", "phase", "0", "--track", "demo"]);
    assert!(r.stdout.contains("phase 0 Setup"), "{}", r.stdout);
    assert!(r.stdout.contains("feat(demo): scaffold"), "{}", r.stdout);
    assert!(!r.stdout.contains("Parser"), "phase 1's task is not in scope: {}", r.stdout);
}
