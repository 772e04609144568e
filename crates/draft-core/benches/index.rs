//! Benchmarks of `draft index` and `draft status --all-services` on a
//! generated monorepo of 500 services.
//!
//! The generator writes `services/svc-NNN` in four ecosystems in turn
//! (Cargo, npm, Python, Go), each depending on the service four places
//! before it through its own ecosystem's mechanism (a Cargo path
//! dependency, an npm `workspace:*` name, a uv path source, a go.mod
//! `replace`), plus one cycle (svc-000 ↔ svc-004). Every tenth service is
//! initialised: product.md, a registry and three tracks of 3 × 4 tasks.
//!
//! To time the release binary on the same tree:
//!
//! ```text
//! cargo bench -p draft-core --bench index -- --generate-tree /tmp/draft-mono
//! git -C /tmp/draft-mono init -q && git -C /tmp/draft-mono add -A && git -C /tmp/draft-mono commit -qm tree
//! hyperfine 'target/release/draft -C /tmp/draft-mono index --check' \
//!           'target/release/draft -C /tmp/draft-mono status --all-services --json'
//! ```

use criterion::{Criterion, Throughput};
use draft_core::engine::index::{self, IndexOptions, all_services};
use draft_core::workspace::Environment;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const SERVICES: usize = 500;
const TRACKS_PER_INITIALISED: usize = 3;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
    std::fs::write(path, text).expect("write a file");
}

fn name(i: usize) -> String {
    format!("svc-{i:03}")
}

/// The manifest of service `i`, depending on service `dep` (same ecosystem).
fn manifest(dir: &Path, i: usize, dep: Option<usize>) {
    let n = name(i);
    match i % 4 {
        0 => {
            let mut s = format!(
                "[package]\nname = \"{n}\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\ntokio = \"1\"\n"
            );
            if let Some(d) = dep {
                let _ = writeln!(s, "{} = {{ path = \"../{}\" }}", name(d), name(d));
            }
            write(&dir.join("Cargo.toml"), &s);
            write(&dir.join("src/lib.rs"), "pub fn f() {}\n");
        }
        1 => {
            let dep = dep.map(|d| format!(", \"{}\": \"workspace:*\"", name(d))).unwrap_or_default();
            write(
                &dir.join("package.json"),
                &format!(
                    "{{\"name\": \"{n}\", \"dependencies\": {{\"react\": \"^18.2.0\"{dep}}}, \"devDependencies\": {{\"vitest\": \"1\"}}, \"scripts\": {{\"test\": \"vitest\"}}}}\n"
                ),
            );
            write(&dir.join("index.js"), "export const x = 1;\n");
        }
        2 => {
            let mut s = format!("[project]\nname = \"{n}\"\ndependencies = [\"fastapi>=0.110\"");
            if let Some(d) = dep {
                let _ = write!(s, ", \"{}\"", name(d));
            }
            s.push_str("]\n");
            if let Some(d) = dep {
                let _ = write!(s, "\n[tool.uv.sources]\n{} = {{ path = \"../{}\" }}\n", name(d), name(d));
            }
            write(&dir.join("pyproject.toml"), &s);
            write(&dir.join("app.py"), "print('hi')\n");
        }
        _ => {
            let mut s = format!("module example.com/mono/{n}\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n");
            if let Some(d) = dep {
                let _ = write!(
                    s,
                    "require example.com/mono/{} v0.0.0\nreplace example.com/mono/{} => ../{}\n",
                    name(d),
                    name(d),
                    name(d)
                );
            }
            write(&dir.join("go.mod"), &s);
            write(&dir.join("main.go"), "package main\n\nfunc main() {}\n");
        }
    }
}

/// A draft/ context with a registry and a few tracks.
fn context(dir: &Path, i: usize) {
    let ctx = dir.join("draft");
    write(
        &ctx.join("product.md"),
        &format!("# Product: {}\n\n## Vision\n\nService {i} of the generated monorepo.\n", name(i)),
    );
    let mut registry = String::from("# Tracks\n\n## Active\n");
    for t in 0..TRACKS_PER_INITIALISED {
        let id = format!("track-{t}");
        let mut plan = format!("# Plan: Track {t}\n\n## Overview\n\nGenerated.\n\n");
        for p in 1..=3 {
            let _ = write!(plan, "## Phase {p}: Part {p}\n\n");
            for k in 1..=4 {
                let marker = if p + k + t < 5 { 'x' } else { ' ' };
                let _ = writeln!(plan, "- [{marker}] **Task {p}.{k}:** Step {k}");
            }
            plan.push('\n');
        }
        write(&ctx.join("tracks").join(&id).join("plan.md"), &plan);
        let _ = write!(
            registry,
            "\n### {id} - Track {t}\n- **Status:** [~] In Progress\n- **Created:** 2026-03-01\n- **Path:** `./tracks/{id}/`\n"
        );
    }
    registry.push_str("\n## Completed\n<!-- No completed tracks -->\n\n## Archived\n<!-- No archived tracks -->\n");
    write(&ctx.join("tracks.md"), &registry);
}

/// Write the monorepo under `root`.
fn generate(root: &Path) {
    write(&root.join("README.md"), "# Generated monorepo\n");
    for i in 0..SERVICES {
        let dir = root.join("services").join(name(i));
        // svc-000 depends on svc-004, which depends on svc-000: the cycle.
        let dep = if i == 0 { Some(4) } else { i.checked_sub(4) };
        manifest(&dir, i, dep);
        if i % 10 == 0 {
            context(&dir, i);
        }
    }
}

/// `--generate-tree <dir>` among the arguments, when given.
fn generate_tree_arg() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--generate-tree")?;
    Some(PathBuf::from(args.get(at + 1).expect("--generate-tree needs a directory")))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    generate(&root);
    let env = Environment::default();
    let check = IndexOptions { check: true, ..IndexOptions::default() };
    let report = index::index(&root, &env, &check).expect("index");
    assert_eq!(report.services.len(), SERVICES);
    assert_eq!(report.cycles.len(), 1, "{:?}", report.cycles);
    assert_eq!(report.dependencies.len(), SERVICES - 4 + 1);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics.first());
    let status = all_services::status_all(&root, &env, false).expect("status");
    assert_eq!(status.totals.total, SERVICES / 10 * TRACKS_PER_INITIALISED);

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SERVICES as u64));
    group.bench_function("index --check, 500 services", |b| {
        b.iter(|| index::index(black_box(&root), &env, &check).expect("index"));
    });
    group.bench_function("status --all-services, 500 services", |b| {
        b.iter(|| all_services::status_all(black_box(&root), &env, false).expect("status"));
    });
    group.finish();
}

fn main() {
    if let Some(dir) = generate_tree_arg() {
        generate(&dir);
        println!("wrote {SERVICES} services under {}", dir.join("services").display());
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
