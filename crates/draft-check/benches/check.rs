//! `draft check` over 1,000 generated tracks (spec from the seed structure,
//! plan, metadata, registry entry each), outside git: the target is ≤ 100 ms.
//!
//! Run: `cargo bench -p draft-check --bench check`.

use criterion::{Criterion, criterion_group, criterion_main};
use draft_check::{self as check, CheckOptions};
use draft_core::workspace::Workspace;
use std::fmt::Write as _;
use std::path::Path;

const TRACKS: usize = 1_000;
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn frontmatter(track: Option<&str>) -> String {
    let t = track.map(|t| format!("track_id: \"{t}\"\n")).unwrap_or_default();
    format!(
        "---\nproject: \"bench\"\nmodule: \"root\"\n{t}generated_by: \"draft:new-track\"\ngenerated_at: \"2026-02-14T22:53:30Z\"\ngit:\n  branch: \"main\"\n  remote: \"none\"\n  commit: \"{SHA}\"\n  commit_short: \"0123456\"\n  commit_date: \"2026-02-14 14:53:30 -0800\"\n  commit_message: \"init\"\n  dirty: false\nsynced_to_commit: \"{SHA}\"\n---\n"
    )
}

fn spec(id: &str) -> String {
    let mut s = frontmatter(Some(id));
    let _ = write!(s, "\n# Specification: {id}\n\n**Track ID:** {id}\n**Status:** [x] Approved\n\n");
    for section in ["Context References", "Problem Statement", "Background & Why Now", "Requirements"] {
        let _ = write!(s, "## {section}\nSome text citing `src/lib.rs:1`.\n\n");
    }
    s.push_str("## Acceptance Criteria\n- [ ] One\n- [ ] Two\n\n");
    for section in ["Non-Goals", "Technical Approach", "Success Metrics"] {
        let _ = write!(s, "## {section}\nText.\n\n");
    }
    s.push_str("## Stakeholders & Approvals\n| Role | Name | Status |\n|---|---|---|\n| PO | A | [x] |\n\n### Approval Gates\n- [x] Spec approved\n\n");
    s.push_str("## Risk Assessment\n| Risk | Probability | Impact | Score | Mitigation |\n|---|---|---|---|---|\n| A | 3 | 4 | 12 | Plan |\n| B | 1 | 2 | 2 | |\n\n");
    for section in ["Deployment Strategy", "Open Questions", "Conversation Log"] {
        let _ = write!(s, "## {section}\nText.\n\n");
    }
    s
}

fn generate(root: &Path) {
    let draft = root.join("draft");
    std::fs::create_dir_all(root.join("src")).expect("mk");
    std::fs::write(root.join("src/lib.rs"), "fn a() {}\n").expect("w");
    let mut registry = frontmatter(None) + "\n# Tracks\n\n## Active\n\n";
    for i in 0..TRACKS {
        let id = format!("track-{i:04}");
        let dir = draft.join("tracks").join(&id);
        std::fs::create_dir_all(&dir).expect("mk");
        let plan = format!(
            "{}\n# Plan: {id}\n\n## Phase 1: A\n- [x] **Task 1.1:** One (abc1234)\n- [~] **Task 1.2:** Two\n\n## Phase 2: B\n- [ ] **Task 2.1:** Three\n",
            frontmatter(Some(&id))
        );
        std::fs::write(dir.join("plan.md"), plan).expect("w");
        std::fs::write(dir.join("spec.md"), spec(&id)).expect("w");
        let meta = format!(
            "{{\n  \"id\": \"{id}\",\n  \"title\": \"{id}\",\n  \"type\": \"feature\",\n  \"status\": \"in_progress\",\n  \"phases\": {{ \"total\": 2, \"completed\": 0 }},\n  \"tasks\": {{ \"total\": 3, \"completed\": 1 }}\n}}\n"
        );
        std::fs::write(dir.join("metadata.json"), meta).expect("w");
        let _ = write!(
            registry,
            "### {id} - {id}\n- **Status:** [~] In Progress\n- **Phases:** 0/2\n- **Tasks:** 1/3\n- **Path:** `./tracks/{id}/`\n\n"
        );
    }
    registry.push_str("## Completed\n<!-- No completed tracks -->\n\n## Archived\n<!-- No archived tracks -->\n");
    std::fs::write(draft.join("tracks.md"), registry).expect("w");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    generate(dir.path());
    let ws = Workspace::discover(dir.path()).expect("ws");
    // Every run checks from scratch: the cache would make runs after the first cost a lookup.
    let opts = CheckOptions { cwd: dir.path().to_path_buf(), no_cache: true, ..CheckOptions::default() };
    let report = check::run(&ws, &opts).expect("check");
    let real: Vec<_> = report.diagnostics.iter().filter(|d| d.rule != "git-unavailable").collect();
    assert!(real.is_empty(), "generated tree should be clean: {:?}", real.first());
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    group.bench_function("1000_tracks", |b| b.iter(|| check::run(&ws, &opts).expect("check")));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
