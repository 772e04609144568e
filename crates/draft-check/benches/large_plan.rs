//! `draft check` on one 50 MB plan with 100,000 findings (issue 8 §20).
//!
//! Each finding used to count lines from the start of its file, so check was
//! quadratic in the findings per file: 20k findings took seconds and this
//! plan did not finish in a minute while `status` read it in 0.4 s. Findings
//! are now placed through one line index per document, so this run is
//! linear in the plan's size. The plan has 1,000 phases of 1,000 tasks; every
//! tenth task has the unknown marker `[-]`.
//!
//! Run: `cargo bench -p draft-check --bench large_plan`.

use criterion::{Criterion, criterion_group, criterion_main};
use draft_check::{self as check, CheckOptions};
use draft_core::workspace::Workspace;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

const PHASES: usize = 1_000;
const TASKS_PER_PHASE: usize = 1_000;

fn generate(root: &Path) -> usize {
    let dir = root.join("draft/tracks/big");
    std::fs::create_dir_all(&dir).expect("mk");
    let mut plan = String::from("# Plan: Big\n\n");
    for p in 1..=PHASES {
        let _ = writeln!(plan, "\n## Phase {p}: Part {p}");
        for t in 1..=TASKS_PER_PHASE {
            let marker = if t % 10 == 0 { '-' } else { ' ' };
            let _ = writeln!(plan, "- [{marker}] **Task {p}.{t}:** write the part {t} of phase {p}");
        }
    }
    std::fs::write(dir.join("plan.md"), &plan).expect("w");
    std::fs::write(
        root.join("draft/tracks.md"),
        "# Tracks\n\n## Active\n\n### big - Big\n- **Status:** [ ] Planning\n- **Path:** `./tracks/big/`\n",
    )
    .expect("w");
    plan.len()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let bytes = generate(dir.path());
    let ws = Workspace::discover(dir.path()).expect("ws");
    // Every run checks from scratch: the cache would make runs after the first cost a lookup.
    let opts = CheckOptions { cwd: dir.path().to_path_buf(), no_cache: true, ..CheckOptions::default() };
    let report = check::run(&ws, &opts).expect("check");
    let markers = report.diagnostics.iter().filter(|d| d.rule == "plan-unknown-marker").count();
    assert_eq!(markers, PHASES * TASKS_PER_PHASE / 10);
    eprintln!("plan.md: {:.1} MB, {} findings", bytes as f64 / 1e6, report.diagnostics.len());
    let mut group = c.benchmark_group("check");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("50mb_plan_100k_findings", |b| b.iter(|| check::run(&ws, &opts).expect("check")));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
