//! `cargo xtask`-style project tasks: `bench`, which measures how the
//! release binary's cost grows with the project it works on, and `compare`,
//! the opt-in side-by-side against Draft's scripts and OpenSpec
//! (docs/BENCHMARKS.md says how to fetch them).
//!
//! ```text
//! cargo build --release -p draft
//! cargo run -p xtask --release -- bench [--sizes 10,100,1000,10000] [--runs 5] [--deep 20000] [--keep DIR]
//! cargo run -p xtask --release -- compare [--sizes 10,100,1000] [--runs 3] [--draft-repo DIR] [--openspec DIR]
//! cargo run -p xtask --release -- coverage [--mb 200] [--lines 1000] [--runs 1] [--keep DIR]
//! ```
//!
//! For each size it generates a project (spec of ~160 lines with citations,
//! a plan of 3 × 10 tasks, metadata and a registry entry per track) in a
//! fresh git repository, then times status, check, sync --check, task done
//! and new-track: the median wall time of `--runs` runs, the peak RSS (read
//! from GNU `time -f %M` when `/usr/bin/time` exists), and the cost per
//! track, so a super-linear step shows up as a growing per-track figure.
//! `--deep N` also builds the 1,000-track tree on top of an N-commit history
//! (written with `git fast-import`) and prints check's time there as a ratio
//! to the same tree with a one-commit history.

mod compare;
mod coverage;
mod generate;
mod measure;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => match measure::Options::parse(&args[1..]).and_then(|o| measure::run(&o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask bench: {e}");
                ExitCode::from(2)
            }
        },
        Some("compare") => match compare::Options::parse(&args[1..]).and_then(|o| compare::run(&o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask compare: {e}");
                ExitCode::from(2)
            }
        },
        Some("coverage") => match coverage::Options::parse(&args[1..]).and_then(|o| coverage::run(&o)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask coverage: {e}");
                ExitCode::from(2)
            }
        },
        Some("generate") => {
            let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse().ok())) else {
                eprintln!("usage: xtask generate DIR TRACKS");
                return ExitCode::from(2);
            };
            match generate::project(&PathBuf::from(dir), n) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("xtask generate: {e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!(
                "usage: xtask bench [--sizes 10,100,1000,10000] [--runs N] [--deep COMMITS] [--keep DIR]\n       xtask compare [--sizes 10,100,1000] [--runs N] [--cap SECONDS] [--keep DIR] [--draft-repo DIR] [--openspec DIR]\n       xtask coverage [--mb 200] [--lines 1000] [--runs N] [--keep DIR]   (DRAFT_BENCH_LCOV_500=1: 500 MB)\n       xtask generate DIR TRACKS"
            );
            ExitCode::from(2)
        }
    }
}
