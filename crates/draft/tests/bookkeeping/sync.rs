//! `draft sync` and `draft sync --check` on the shared drift fixture.

use crate::support::Project;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::write(&target, std::fs::read(entry.path()).expect("read")).expect("write");
        }
    }
}

fn drift() -> Project {
    let p = Project::empty();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/draft"), &p.path("draft"));
    p
}

#[test]
fn check_reports_the_seeded_disagreements() {
    let p = drift();
    let r = p.fails(&["sync", "--check"], 1);
    insta::assert_snapshot!("drift_check", r.stdout);
    assert!(r.stderr.contains("tracks.md lists ghost-track, but draft/tracks/ghost-track/ does not exist"));
    assert!(r.stderr.contains("track folder orphan-spike is not listed"));
    let r = p.fails(&["sync", "--check", "--json"], 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["disagreements"].as_array().map(Vec::len), Some(7));
    assert!(p.read("draft/tracks.md").contains("[x] Completed"), "--check writes nothing");
}

#[test]
fn sync_fixes_derived_values_and_nothing_else() {
    let p = drift();
    let registry = p.read("draft/tracks.md");
    let meta = p.read("draft/tracks/payments-retry/metadata.json");
    let plan = p.read("draft/tracks/payments-retry/plan.md");
    let orphan = p.read("draft/tracks/orphan-spike/metadata.json");
    p.ok(&["sync"]);
    insta::assert_snapshot!("drift_registry", crate::support::diff(&registry, &p.read("draft/tracks.md")));
    insta::assert_snapshot!(
        "drift_metadata",
        crate::support::diff(&meta, &p.read("draft/tracks/payments-retry/metadata.json"))
    );
    assert_eq!(p.read("draft/tracks/payments-retry/plan.md"), plan);
    assert_eq!(p.read("draft/tracks/orphan-spike/metadata.json"), orphan);
    p.ok(&["sync", "--check"]);
    let r = p.ok(&["sync"]);
    assert!(r.stdout.contains("already in sync"));
}

#[test]
fn sync_keeps_notes_and_splices_missing_keys() {
    let p = Project::with_plan("## Phase 1\n- [x] **Task 1.1:** A (abc1234)\n- [ ] **Task 1.2:** B\n");
    p.write("draft/tracks.md", "# Tracks\n\n## Active\n\n### demo - Demo\n- **Status:** [ ] Planning — owner: kim\n- **Phases:** 0/1 · **Tasks:** 0/2 (task 2 is the gate)\n- **Path:** `./tracks/demo/`\n\n## Completed\n<!-- No completed tracks -->\n");
    p.write(
        "draft/tracks/demo/metadata.json",
        "{\"id\":\"demo\",\"status\":\"planning\",\"extra\":{\"a\":1},\"tasks\":{\"total\":2}}\n",
    );
    p.ok(&["sync", "demo"]);
    assert_eq!(
        p.read("draft/tracks/demo/metadata.json"),
        "{\"id\":\"demo\",\"status\":\"in_progress\",\"extra\":{\"a\":1},\"tasks\":{\"total\":2,\"completed\":1},\"phases\":{ \"total\": 1, \"completed\": 0 },\"updated\":\"2026-03-01T09:00:00Z\"}\n"
    );
    assert!(p.read("draft/tracks.md").contains(
        "- **Status:** [~] In Progress — owner: kim\n- **Phases:** 0/1 · **Tasks:** 1/2 (task 2 is the gate)\n"
    ));
    p.ok(&["sync", "--check"]);
}

/// Regression (issue 8 item 14): sync rewrote states plan markers cannot
/// express (metadata `blocked`) back to the plan's view.
#[test]
fn regression_sync_keeps_hand_set_states() {
    let p = Project::with_plan(crate::support::PLAN);
    let meta = p.read("draft/tracks/demo/metadata.json");
    let status = meta.lines().find(|l| l.contains("\"status\"")).expect("a status line").to_owned();
    p.write("draft/tracks/demo/metadata.json", &meta.replacen(&status, "  \"status\": \"blocked\",", 1));
    p.ok(&["task", "start", "1.1", "--track", "demo"]);
    let after = p.read("draft/tracks/demo/metadata.json");
    assert!(after.contains("\"status\": \"blocked\""), "a hand-set blocked status survives a sync: {after}");
    let r = p.run(&["sync", "--check"]);
    assert!(r.stdout.contains("note: demo stays blocked"), "{}", r.stdout);
}
