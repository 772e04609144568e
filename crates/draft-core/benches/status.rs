//! Benchmarks of `draft status` on a large generated project, and of plan
//! parsing on its own.
//!
//! The generator writes 1,000 tracks of 30 tasks each (three phases of ten,
//! with a deterministic mix of markers, SHAs, Jira keys, sub-items and
//! blocked reasons), a `metadata.json` per track and a registry listing them
//! all. It runs once into a temporary directory before the benches.
//!
//! To time the whole binary on the same tree, have the bench write it to a
//! directory and exit, then point the release binary at it:
//!
//! ```text
//! cargo bench -p draft-core --bench status -- --generate-tree /tmp/draft-bench
//! hyperfine 'target/release/draft -C /tmp/draft-bench status --json'
//! ```

use criterion::{Criterion, Throughput};
use draft_core::engine::status::status;
use draft_core::workspace::Workspace;
use draft_model::plan::Plan;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const TRACKS: usize = 1_000;
const PHASES: usize = 3;
const TASKS_PER_PHASE: usize = 10;

/// A small deterministic generator (64-bit LCG), so every run benches the same tree.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One plan with `PHASES` × `TASKS_PER_PHASE` tasks. `progress` (0–100) sets
/// how far along the track is; returns the text and its (done, total) tasks.
fn plan(id: usize, progress: u64, rng: &mut Lcg) -> (String, usize) {
    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        "# Plan: Generated track {id}\n\n**Track ID:** track-{id:04}\n**Spec:** ./spec.md\n\n## Overview\n\nGenerated for benchmarks.\n\n"
    );
    let mut done = 0;
    for p in 1..=PHASES {
        let _ = write!(s, "## Phase {p}: Part {p} [BENCH-{}]\n**Goal:** do part {p}\n\n", id * 10 + p);
        for t in 1..=TASKS_PER_PHASE {
            let position = ((p - 1) * TASKS_PER_PHASE + t) as u64 * 100 / (PHASES * TASKS_PER_PHASE) as u64;
            let marker = if position <= progress {
                'x'
            } else if position <= progress + 4 {
                ['~', '!', ' '][rng.below(3) as usize]
            } else {
                ' '
            };
            let bullet = if rng.below(5) == 0 { '*' } else { '-' };
            let _ = write!(s, "{bullet} [{marker}] **Task {p}.{t}:** Implement step {t} of part {p}");
            if marker == 'x' {
                done += 1;
                let _ = write!(s, " ({:07x})", rng.next() & 0x0fff_ffff);
            }
            s.push('\n');
            match (marker, rng.below(4)) {
                ('!', _) => s.push_str("  - Blocked: waiting for review\n"),
                (_, 0) => s.push_str("  - [x] write the failing test\n  - [ ] make it pass\n"),
                _ => {}
            }
        }
        s.push('\n');
    }
    s.push_str("## Notes\n\n```md\n- [ ] not a task\n```\n");
    (s, done)
}

/// Write the whole project under `root` (which must not hold a `draft/` yet).
fn generate(root: &Path) {
    let tracks_dir = root.join("draft/tracks");
    std::fs::create_dir_all(&tracks_dir).expect("create the tracks directory");
    let mut rng = Lcg(0x5eed);
    let mut active = String::new();
    let mut completed = String::new();
    for i in 0..TRACKS {
        let id = format!("track-{i:04}");
        let progress = rng.below(110).min(100);
        let (text, done) = plan(i, progress, &mut rng);
        let total = PHASES * TASKS_PER_PHASE;
        let dir = tracks_dir.join(&id);
        std::fs::create_dir(&dir).expect("create a track directory");
        std::fs::write(dir.join("plan.md"), &text).expect("write plan.md");
        let status = if done == total {
            "completed"
        } else if done > 0 {
            "in_progress"
        } else {
            "planning"
        };
        let metadata = format!(
            "{{\n  \"id\": \"{id}\",\n  \"title\": \"Generated track {i}\",\n  \"type\": \"feature\",\n  \"status\": \"{status}\",\n  \"created\": \"2026-03-01T09:00:00Z\",\n  \"updated\": \"2026-03-01T09:00:00Z\",\n  \"phases\": {{ \"total\": {PHASES}, \"completed\": 0 }},\n  \"tasks\": {{ \"total\": {total}, \"completed\": {done} }}\n}}\n"
        );
        std::fs::write(dir.join("metadata.json"), metadata).expect("write metadata.json");
        let (section, marker) = match status {
            "completed" => (&mut completed, "[x] Completed 2026-03-02"),
            "in_progress" => (&mut active, "[~] In Progress"),
            _ => (&mut active, "[ ] Planning"),
        };
        let _ = write!(
            section,
            "\n### {id} - Generated track {i}\n- **Status:** {marker}\n- **Created:** 2026-03-01\n- **Phases:** 0/{PHASES} · **Tasks:** {done}/{total}\n- **Path:** `./tracks/{id}/`\n"
        );
    }
    let registry = format!(
        "---\nproject: \"bench\"\nmodule: \"root\"\n---\n\n# Tracks\n\n## Active\n{active}\n## Completed\n{completed}\n## Archived\n<!-- No archived tracks -->\n"
    );
    std::fs::write(root.join("draft/tracks.md"), registry).expect("write tracks.md");
}

/// `--generate-tree <dir>` among the arguments, when given.
fn generate_tree_arg() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--generate-tree")?;
    Some(PathBuf::from(args.get(at + 1).expect("--generate-tree needs a directory")))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path());
    let ws = Workspace::discover(dir.path()).expect("the generated project");
    let report = status(&ws, None).expect("status");
    assert_eq!(report.tracks.len(), TRACKS);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings.first());
    assert!(report.tracks.iter().all(|t| t.tasks.total == PHASES * TASKS_PER_PHASE));

    let mut group = c.benchmark_group("status");
    group.sample_size(20);
    group.throughput(Throughput::Elements(TRACKS as u64));
    group.bench_function("1000 tracks x 30 tasks", |b| b.iter(|| status(black_box(&ws), None).expect("status")));
    group.finish();

    let (text, _) = plan(7, 50, &mut Lcg(7));
    let parsed = Plan::parse(text.clone());
    assert_eq!(parsed.task_counts().total, PHASES * TASKS_PER_PHASE);
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse 30 tasks", |b| b.iter(|| Plan::parse(black_box(text.clone())).task_counts()));
    group.finish();
}

fn main() {
    if let Some(dir) = generate_tree_arg() {
        generate(&dir);
        println!("wrote {TRACKS} tracks under {}", dir.join("draft").display());
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
