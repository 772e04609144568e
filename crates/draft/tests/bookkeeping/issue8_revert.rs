//! Regressions from issue 8, items 2–5: `task done` on a done task, and
//! reverts of shared commits, of code committed together with the plan,
//! and dry runs that promised what `--apply` then did differently.

use crate::support::{PLAN, Project, diff};

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("json")
}

/// Item 2: `task done` on a done task replaced its recorded SHA with HEAD's,
/// silently, so a later revert reverted an unrelated commit.
#[test]
fn regression_item_2_done_on_a_done_task_is_a_no_op() {
    let p = Project::with_plan(PLAN);
    p.write("src/parser.rs", "fn parse() {}\n");
    let work = p.commit_all("feat(demo): parser");
    p.ok(&["task", "done", "1.1"]);
    p.write("src/other.rs", "\n");
    let later = p.commit_all("chore: unrelated");
    let plan = p.plan();
    let r = p.ok(&["task", "done", "1.1"]);
    assert!(r.stdout.contains(&format!("already done ({work})")), "{}", r.stdout);
    assert_eq!(p.plan(), plan, "HEAD ({later}) is not recorded over the commit that did the work");
    let v = json(&p.ok(&["task", "done", "1.1", "--json"]).stdout);
    assert_eq!((v["changed"].as_bool(), v["already_done"].as_bool()), (Some(false), Some(true)));
    assert_eq!(v["task"]["sha"], work.as_str());
    assert_eq!(p.plan(), plan);
}

/// Item 2: `--commit X` on a done task replaces the SHA and says old → new.
#[test]
fn regression_item_2_done_commit_on_a_done_task_replaces_the_sha() {
    let p = Project::with_plan(PLAN);
    let first = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    p.ok(&["task", "done", "1.1"]);
    p.write("src/parser.rs", "fn parse() {}\n");
    let work = p.commit_all("feat(demo): the real parser");
    let before = p.plan();
    let r = p.ok(&["task", "done", "1.1", "--commit", &work]);
    assert!(r.stdout.contains(&format!("commit {first} → {work}")), "{}", r.stdout);
    assert_eq!(
        diff(&before, &p.plan()),
        format!("-- [x] **Task 1.1:** Parser ({first})\n+- [x] **Task 1.1:** Parser ({work})\n")
    );
    let v = json(&p.ok(&["task", "done", "1.1", "--commit", &first, "--json"]).stdout);
    assert_eq!(v["replaced_sha"], work.as_str());
    assert_eq!(v["task"]["sha"], first.as_str());
    p.ok(&["sync", "--check"]);
}

/// Item 3: reverting a commit that other done tasks also record left them
/// `[x]`, claiming work that no longer exists.
#[test]
fn regression_item_3_revert_resets_every_task_recording_the_commit() {
    let p = Project::with_plan(PLAN);
    p.write("src/parser.rs", "fn parse() {}\n");
    let shared = p.commit_all("feat(demo): parser, wiring and docs at once");
    for t in ["1.1", "1.2", "2.1"] {
        p.ok(&["task", "done", t, "--commit", &shared]);
    }
    p.commit_all("docs: record tasks");
    let r = p.ok(&["revert", "task", "1.1", "--track", "demo"]);
    assert!(r.stdout.contains("1.1 [x] → [ ] Parser"), "{}", r.stdout);
    for line in ["1.2 [x] → [ ] Wire it in", "2.1 [x] → [ ] Docs"] {
        assert!(r.stdout.contains(line), "{line}: {}", r.stdout);
    }
    assert_eq!(r.stdout.matches("outside the scope, but it records a reverted commit").count(), 2, "{}", r.stdout);
    let v = json(&p.ok(&["revert", "task", "1.1", "--track", "demo", "--json"]).stdout);
    assert_eq!(v["plan"]["outside_scope"], serde_json::json!(["1.2", "2.1"]));
    p.ok(&["revert", "task", "1.1", "--track", "demo", "--apply"]);
    let plan = p.plan();
    assert!(!plan.contains("[x]"), "every task recording the reverted commit is reset:\n{plan}");
    assert_eq!(plan.matches(&format!("Reverted on 2026-03-01 (was {shared})")).count(), 3, "{plan}");
    assert!(!p.path("src/parser.rs").exists());
    p.ok(&["sync", "--check"]);
    assert_eq!(p.git(&["status", "--porcelain"]), "");
}

const RETRY_PLAN: &str = "# Plan: Retry payments\n\n## Phase 1: Policy\n- [ ] **Task 1.1:** Backoff policy\n- [ ] **Task 1.2:** Jitter\n\n## Phase 2: Wiring\n- [ ] **Task 2.1:** Call sites\n";

/// Item 4: when the task's commit also carried plan.md, metadata.json and
/// tracks.md (agents commit code and plan together), `revert --apply`
/// stopped on conflicts in draft's own files and left the reset uncommitted.
#[test]
fn regression_item_4_revert_of_code_committed_with_the_plan() {
    let p = Project::empty();
    p.ok(&["init"]);
    p.ok(&["new-track", "Retry payments", "--id", "retry"]);
    p.write("draft/tracks/retry/plan.md", RETRY_PLAN);
    p.ok(&["sync"]);
    p.commit_all("chore: plan the retry track");
    p.ok(&["task", "start", "1.1", "--track", "retry"]);
    p.write("src/policy.rs", "x\n");
    let feat = p.commit_all("feat(retry): backoff policy");
    p.ok(&["task", "done", "1.1", "--track", "retry"]);
    let state = p.commit_all("chore(retry): state");
    let touched = p.git(&["show", "--name-only", "--format=", &feat]);
    for f in ["draft/tracks/retry/plan.md", "draft/tracks/retry/metadata.json", "draft/tracks.md", "src/policy.rs"] {
        assert!(touched.contains(f), "the repro's commit carries {f}: {touched}");
    }

    let r = p.ok(&["revert", "task", "1.1", "--track", "retry"]);
    assert!(r.stdout.contains(&format!("{feat} feat(retry): backoff policy  (recorded on 1.1)")), "{}", r.stdout);
    let r = p.ok(&["revert", "task", "1.1", "--track", "retry", "--apply"]);
    let head = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    assert!(r.stdout.contains(&format!("reverted in {head}")), "{}", r.stdout);
    assert_eq!(p.git(&["rev-parse", "--short=7", "HEAD~1"]).trim(), state, "exactly one new commit");
    assert_eq!(p.git(&["log", "-1", "--format=%s"]).trim(), "revert(retry): task 1.1 Backoff policy");
    assert_eq!(p.git(&["status", "--porcelain"]), "", "a clean tree: the reset is in the revert commit");
    assert!(!p.path("src/policy.rs").exists(), "the code is reverted");
    let in_commit = p.git(&["show", "--name-only", "--format=", "HEAD"]);
    for f in ["src/policy.rs", "draft/tracks/retry/plan.md", "draft/tracks/retry/metadata.json"] {
        assert!(in_commit.contains(f), "{f} is in the revert commit: {in_commit}");
    }
    let plan = p.read("draft/tracks/retry/plan.md");
    assert!(
        plan.contains(&format!("- [ ] **Task 1.1:** Backoff policy\n  - Reverted on 2026-03-01 (was {feat})\n")),
        "{plan}"
    );
    assert_eq!(plan.matches("[ ]").count(), 3, "{plan}");
    p.ok(&["sync", "--check"]);
    assert!(!p.path(".git/draft-revert.json").exists());
}

/// Item 5: the dry run promised a reset that `--apply` then refused. Both
/// now come from one computation: the same commits, the same tasks, the
/// same refusals.
fn dry_run_and_apply_agree(plan: &str) {
    let p = Project::with_plan(PLAN);
    p.write("src/parser.rs", "fn parse() {}\n");
    let a = p.commit_all("feat(demo): parser");
    p.write("src/wire.rs", "fn wire() {}\n");
    let b = p.commit_all("feat(demo): wiring");
    p.write("draft/tracks/demo/plan.md", &plan.replace("{a}", &a).replace("{b}", &b));
    p.ok(&["sync"]);
    p.commit_all("docs: record phase 1");

    let r = p.fails(&["revert", "task", "2.1"], 2);
    assert!(r.stderr.contains("nothing to revert"), "{}", r.stderr);
    let r2 = p.fails(&["revert", "task", "2.1", "--apply"], 2);
    assert_eq!(r.stderr, r2.stderr, "the dry run refuses exactly where --apply does");

    let dry = json(&p.ok(&["revert", "phase", "1", "--json"]).stdout);
    let shas = |v: &serde_json::Value| -> Vec<String> {
        v["plan"]["commits"].as_array().expect("commits").iter().map(|c| c["short"].to_string()).collect()
    };
    let refs = |v: &serde_json::Value| -> Vec<String> {
        v["plan"]["tasks"].as_array().expect("tasks").iter().map(|t| t["ref"].to_string()).collect()
    };
    assert_eq!(shas(&dry).len(), 2, "both recorded commits are found: {dry}");
    let applied = json(&p.ok(&["revert", "phase", "1", "--apply", "--json"]).stdout);
    assert_eq!(shas(&dry), shas(&applied));
    assert_eq!(refs(&dry), refs(&applied));
    assert!(!p.path("src/parser.rs").exists() && !p.path("src/wire.rs").exists());
    assert_eq!(p.plan().matches("- [ ] **Task 1.").count(), 2);
    p.ok(&["sync", "--check"]);
}

#[test]
fn regression_item_5_dry_run_and_apply_agree() {
    dry_run_and_apply_agree(
        "# Plan: Demo\n\n## Phase 1: Base\n- [x] **Task 1.1:** Parser ({a})\n- [x] **Task 1.2:** Wire it in ({b})\n\n## Phase 2: Finish\n- [ ] **Task 2.1:** Docs\n",
    );
}

#[test]
fn regression_item_5_dry_run_and_apply_agree_on_other_sha_spellings() {
    dry_run_and_apply_agree(
        "# Plan: Demo\n\n## Phase 1: Base\n- [x] **Task 1.1:** Parser `{a}`\n- [x] **Task 1.2:** Wire it in [commit: {b}]\n\n## Phase 2: Finish\n- [ ] **Task 2.1:** Docs\n",
    );
}
