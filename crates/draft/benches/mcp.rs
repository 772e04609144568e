//! Timings of `draft mcp`, printed as figures (a bench binary, not criterion:
//! what is measured is a child process).
//!
//! 1. **Start-up**: from spawning `draft mcp` to the answer to its first
//!    `tools/list` (after `initialize`), on a small project. Target ≤ 20 ms.
//! 2. **status on 1,000 tracks**: the round trip of a `status` tool call on a
//!    generated tree of 1,000 tracks × 30 tasks, against the status engine's
//!    own time in this process. Target: ≤ 2 ms over the engine.
//!
//! ```text
//! cargo bench -p draft --bench mcp
//! cargo bench -p draft --bench mcp -- --runs 50 --tree /tmp/draft-bench
//! ```
//!
//! `--tree DIR` uses an existing project (for example the one written by
//! `cargo bench -p draft-core --bench status -- --generate-tree DIR`) instead
//! of generating one into a temporary directory.

use draft_core::engine::status::status;
use draft_core::workspace::Workspace;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const TRACKS: usize = 1_000;
const PHASES: usize = 3;
const TASKS_PER_PHASE: usize = 10;

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;

/// A `draft mcp` child spoken to with raw JSON lines.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    line: String,
}

impl Server {
    fn spawn(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_draft"))
            .arg("mcp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("draft mcp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Self { child, stdin, stdout, line: String::with_capacity(1 << 20) }
    }

    fn send(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).expect("write");
        self.stdin.write_all(b"\n").expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Read lines until the response to `id`; returns its length in bytes.
    fn wait_for(&mut self, id: u64) -> usize {
        let needle = format!("\"id\":{id},");
        loop {
            self.line.clear();
            assert!(self.stdout.read_line(&mut self.line).expect("read") > 0, "draft mcp closed stdout");
            if self.line.contains(&needle) {
                assert!(!self.line.contains("\"isError\":true"), "tool error: {}", self.line);
                return self.line.len();
            }
        }
    }

    fn initialize(&mut self) {
        self.send(INITIALIZE);
        self.wait_for(1);
        self.send(INITIALIZED);
    }

    fn close(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.0), at(0.5), at(0.9))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Spawn → initialize → first `tools/list` answer.
fn startup(runs: usize) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("draft/tracks")).expect("mkdir");
    std::fs::write(dir.path().join("draft/tracks.md"), "# Tracks\n\n## Active\n").expect("write");
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs + 2 {
        let t0 = Instant::now();
        let mut s = Server::spawn(dir.path());
        s.send(INITIALIZE);
        s.send(INITIALIZED);
        s.send(r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#);
        s.wait_for(2);
        samples.push(t0.elapsed());
        s.close();
    }
    samples.drain(..2);
    let (min, med, p90) = stats(samples);
    println!(
        "mcp start → first tools/list answer ({runs} runs): min {}, median {}, p90 {}  (target ≤ 20 ms)",
        ms(min),
        ms(med),
        ms(p90)
    );
}

/// `status` through MCP against the engine in-process.
fn status_call(root: &Path, runs: usize) {
    let ws = Workspace::discover(root).expect("the project");
    let mut engine = Vec::with_capacity(runs);
    let mut engine_json = Vec::with_capacity(runs);
    for i in 0..runs + 3 {
        let t0 = Instant::now();
        let report = status(&ws, None).expect("status");
        let t1 = Instant::now();
        let text = serde_json::to_string(&report).expect("json");
        let t2 = Instant::now();
        assert!(!text.is_empty());
        if i >= 3 {
            engine.push(t1 - t0);
            engine_json.push(t2 - t0);
        }
    }
    let mut s = Server::spawn(root);
    s.initialize();
    let mut mcp = Vec::with_capacity(runs);
    let mut bytes = 0;
    for i in 0..runs + 3 {
        let id = 10 + i as u64;
        let t0 = Instant::now();
        s.send(&format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"status","arguments":{{}}}}}}"#
        ));
        bytes = s.wait_for(id);
        if i >= 3 {
            mcp.push(t0.elapsed());
        }
    }
    s.close();
    let (emin, emed, _) = stats(engine);
    let (jmin, jmed, _) = stats(engine_json);
    let (mmin, mmed, mp90) = stats(mcp);
    println!("status engine, {TRACKS} tracks ({runs} runs): min {}, median {}", ms(emin), ms(emed));
    println!("status engine + JSON text ({runs} runs): min {}, median {}", ms(jmin), ms(jmed));
    println!(
        "status tool call round trip ({runs} runs, {} KiB answer): min {}, median {}, p90 {}",
        bytes / 1024,
        ms(mmin),
        ms(mmed),
        ms(mp90)
    );
    println!(
        "MCP overhead over the engine: median {}, min {}  (target ≤ 2 ms)",
        ms(mmed.saturating_sub(emed)),
        ms(mmin.saturating_sub(emin))
    );
}

/// A small deterministic generator (64-bit LCG), the same shape as draft-core's status bench.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn generate(root: &Path) {
    let tracks_dir = root.join("draft/tracks");
    std::fs::create_dir_all(&tracks_dir).expect("mkdir");
    let mut rng = Lcg(0x5eed);
    let mut registry = String::from("# Tracks\n\n## Active\n");
    for i in 0..TRACKS {
        let id = format!("track-{i:04}");
        let progress = rng.below(110).min(100);
        let mut plan = format!("# Plan: Generated track {i}\n\n## Overview\n\nGenerated for benchmarks.\n\n");
        let mut done = 0;
        for p in 1..=PHASES {
            let _ = write!(plan, "## Phase {p}: Part {p}\n\n");
            for t in 1..=TASKS_PER_PHASE {
                let position = ((p - 1) * TASKS_PER_PHASE + t) as u64 * 100 / (PHASES * TASKS_PER_PHASE) as u64;
                let marker = if position <= progress {
                    'x'
                } else if position <= progress + 4 {
                    ['~', '!', ' '][rng.below(3) as usize]
                } else {
                    ' '
                };
                let _ = write!(plan, "- [{marker}] **Task {p}.{t}:** Implement step {t} of part {p}");
                if marker == 'x' {
                    done += 1;
                    let _ = write!(plan, " ({:07x})", rng.below(0x0fff_ffff));
                }
                plan.push('\n');
                if marker == '!' {
                    plan.push_str("  - Blocked: waiting for review\n");
                }
            }
            plan.push('\n');
        }
        let dir = tracks_dir.join(&id);
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("plan.md"), plan).expect("write");
        let total = PHASES * TASKS_PER_PHASE;
        let status = if done == total {
            "completed"
        } else if done > 0 {
            "in_progress"
        } else {
            "planning"
        };
        let metadata = format!(
            "{{\n  \"id\": \"{id}\",\n  \"title\": \"Generated track {i}\",\n  \"type\": \"feature\",\n  \"status\": \"{status}\",\n  \"tasks\": {{ \"total\": {total}, \"completed\": {done} }}\n}}\n"
        );
        std::fs::write(dir.join("metadata.json"), metadata).expect("write");
        let _ = write!(
            registry,
            "\n### {id} - Generated track {i}\n- **Status:** [ ] Planning\n- **Path:** `./tracks/{id}/`\n"
        );
    }
    std::fs::write(root.join("draft/tracks.md"), registry).expect("write");
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).cloned()
}

fn main() {
    let runs: usize = arg("--runs").and_then(|n| n.parse().ok()).unwrap_or(30);
    startup(runs);
    let tmp = tempfile::tempdir().expect("tmp");
    let root: PathBuf = match arg("--tree") {
        Some(dir) => PathBuf::from(dir),
        None => {
            generate(tmp.path());
            tmp.path().to_path_buf()
        }
    };
    status_call(&root, runs);
}
