//! No-change `refresh --check` on a generated tree of 100,000 files, timed
//! against `git status` on the same tree and printed as a ratio.
//!
//! ```text
//! cargo bench -p draft-core --bench refresh                 # 100,000 files
//! DRAFT_BENCH_FILES=20000 cargo bench -p draft-core --bench refresh
//! ```
//!
//! The tree (1,000 directories of 100 small source files, a Cargo.toml and
//! a README) is written to a temporary directory, committed, and given a
//! draft/ tree by `init`, which also records the freshness state; the
//! timed runs then find nothing changed, reading no file contents. The
//! tree is flushed to disk (`sync`) before anything is timed; refresh and
//! `git status` then alternate, and each figure is the median of 7 runs
//! after one warm-up round. The target is 0.3 s.

use draft_core::engine::init::{InitOptions, init};
use draft_core::engine::refresh::{RefreshOptions, refresh};
use draft_core::workspace::{Environment, Layout, Workspace};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "b")
        .env("GIT_AUTHOR_EMAIL", "b@example.com")
        .env("GIT_COMMITTER_NAME", "b")
        .env("GIT_COMMITTER_EMAIL", "b@example.com")
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn time(mut f: impl FnMut()) -> f64 {
    f();
    median(
        (0..7)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let files: usize = std::env::var("DRAFT_BENCH_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().canonicalize().expect("canon");
    let t = Instant::now();
    std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"big\"\n\n[dependencies]\nserde = \"1\"\n").expect("w");
    std::fs::write(root.join("README.md"), "# Big\n").expect("w");
    for i in 0..files {
        let d = root.join(format!("src/m{:04}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&d).expect("mk");
        }
        std::fs::write(d.join(format!("f{i}.rs")), format!("// file {i}\npub fn f{i}() -> usize {{\n    {i}\n}}\n"))
            .expect("w");
    }
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "tree"]);
    let env = Environment::default();
    init(&root, &env, InitOptions::default()).expect("init");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "docs"]);
    eprintln!("generated and initialised {files} files in {:.1} s", t.elapsed().as_secs_f64());

    let ws = Workspace::at(&root, Layout::Draft, env);
    let opts = RefreshOptions { check: true, ..RefreshOptions::default() };
    let report = refresh(&ws, &opts).expect("refresh");
    assert!(!report.stale && report.files_hashed == 0, "the tree must be unchanged: {report:#?}");
    // Writing and committing 100,000 files leaves seconds of writeback to
    // the kernel: flush it first, or whatever is timed first pays for it.
    let _ = Command::new("sync").status();
    // Alternate the two, so a noisy moment on the machine hits both.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 0..8 {
        let t = Instant::now();
        let r = refresh(&ws, &opts).expect("refresh");
        assert_eq!(r.files_hashed, 0);
        let refresh_time = t.elapsed().as_secs_f64();
        let t = Instant::now();
        git(&root, &["status", "--porcelain", "-uall"]);
        // The first round warms caches for both and is not counted.
        if run > 0 {
            ours.push(refresh_time);
            theirs.push(t.elapsed().as_secs_f64());
        }
    }
    let (ours, theirs) = (median(ours), median(theirs));
    let state_path = draft_core::engine::refresh::state_path(&ws);
    let load = time(|| {
        std::hint::black_box(draft_facts::freshness::State::load(&state_path));
    });
    let state = draft_facts::freshness::State::load(&state_path).expect("state");
    let scan = time(|| {
        std::hint::black_box(draft_facts::freshness::scan(&root, Some(state.clone())));
    });
    let walk = time(|| {
        std::hint::black_box(draft_facts::languages::list_files(&root));
    });
    eprintln!("parts: state load {load:.3} s, scan {scan:.3} s (of which the bare walk {walk:.3} s)");
    println!(
        "refresh --check, no change, {files} files: {ours:.3} s (target 0.300 s); git status: {theirs:.3} s; ratio {:.2}",
        ours / theirs
    );
}
