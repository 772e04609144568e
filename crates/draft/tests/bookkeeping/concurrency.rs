//! Concurrent writers and crash safety: sixteen agents marking tasks at
//! once all land, and a writer killed with SIGKILL at random moments leaves
//! plan.md as either the old or the new text, never a mix. (A killed writer
//! may leave a stray `.draft-tmp-*` file next to plan.md; it is never
//! renamed over plan.md unless complete, and the next write ignores it.)

use crate::support::Project;
use std::fmt::Write as _;

fn plan_with(tasks: usize) -> String {
    let mut plan = String::from("# Plan: Big\n\n## Phase 1: All\n");
    for i in 1..=tasks {
        let _ = writeln!(plan, "- [ ] **Task 1.{i}:** Item {i}");
    }
    plan
}

#[test]
fn sixteen_parallel_writers_all_land() {
    let p = Project::with_plan(&plan_with(16));
    let sha = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let children: Vec<_> = (1..=16)
        .map(|i| {
            p.command(&["task", "done", &format!("1.{i}"), "--commit", &sha, "--track", "demo"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let plan = p.plan();
    for i in 1..=16 {
        assert!(plan.contains(&format!("- [x] **Task 1.{i}:** Item {i} ({sha})\n")), "task {i} lost:\n{plan}");
    }
    assert_eq!(plan.matches("- [x]").count(), 16);
    p.ok(&["sync", "--check"]);
    assert!(p.read("draft/tracks.md").contains("- **Tasks:** 16/16"));
}

#[test]
fn a_killed_writer_never_leaves_a_partial_plan() {
    let tasks = 3000;
    let p = Project::with_plan(&plan_with(tasks));
    let sha = p.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut killed = 0;
    for k in 1..=40usize {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let old = p.plan();
        let task = format!("1.{k}");
        let (args, new_line): (Vec<&str>, String) = if k % 2 == 0 {
            (
                vec!["task", "done", &task, "--commit", &sha, "--track", "demo"],
                format!("- [x] **Task {task}:** Item {k} ({sha})\n"),
            )
        } else {
            (vec!["task", "start", &task, "--track", "demo"], format!("- [~] **Task {task}:** Item {k}\n"))
        };
        let new = old.replacen(&format!("- [ ] **Task {task}:** Item {k}\n"), &new_line, 1);
        assert_ne!(old, new);
        let mut child = p
            .command(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_micros(seed % 25_000));
        if child.kill().is_ok() {
            killed += 1;
        }
        let _ = child.wait();
        let now = p.plan();
        assert!(
            now == old || now == new,
            "plan.md is neither the old nor the new text after killing the writer for {task}"
        );
        let parsed = draft_model::plan::Plan::parse(now);
        assert_eq!(parsed.task_counts().total, tasks);
    }
    assert!(killed > 0, "no writer was killed mid-run; the test proved nothing");
    // Derived state may lag after a kill between files; sync repairs it.
    p.ok(&["sync"]);
    p.ok(&["sync", "--check"]);
}
