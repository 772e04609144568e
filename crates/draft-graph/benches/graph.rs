//! Benches of the code graph on a generated tree: a full build (files/s,
//! beside the raw tree-sitter parse of the same files), an incremental
//! rebuild after one file changed (definitions, calls and bindings
//! extracted and every call re-resolved), and `impact` queries on a file
//! and on a symbol.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use draft_graph::query::{Direction, reach};
use draft_graph::store::Store;
use draft_graph::{Language, build};
use std::path::Path;

/// `n` Python modules in packages of 20, each importing three earlier ones
/// and calling what it imports (so call resolution has real work).
fn generate(root: &Path, n: usize) {
    for i in 0..n {
        let pkg = root.join(format!("pkg{}", i / 20));
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("__init__.py"), "").unwrap();
        std::fs::write(pkg.join(format!("m{i}.py")), module(i, 0)).unwrap();
    }
}

/// The source of module `i` (`k` varies a constant, for rewrites).
fn module(i: usize, k: u32) -> String {
    let mut src = format!("\"\"\"Module {i}.\"\"\"\nimport os\n");
    let mut calls = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for j in [i / 2, i / 3, i.saturating_sub(7)] {
        if j < i && seen.insert(j) {
            src.push_str(&format!("from pkg{}.m{j} import f{j}\n", j / 20));
            calls.push_str(&format!(" + f{j}(x)"));
        }
    }
    src.push_str(&format!(
        "\n\ndef f{i}(x):\n    return len([y * {i} + {k} for y in range(x) if y % 3]){calls} + len(os.sep)\n\n\nclass C{i}:\n    def m(self):\n        return f{i}(10) + self.n()\n\n    def n(self):\n        return helper(1)\n\n\ndef helper(v):\n    return v\n"
    ));
    src
}

fn benches(c: &mut Criterion) {
    let n = 2000;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    generate(&root, n);
    let state = dir.path().join("state");
    let files: Vec<Vec<u8>> =
        (0..n).map(|i| std::fs::read(root.join(format!("pkg{}/m{i}.py", i / 20))).unwrap()).collect();

    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("raw_parse_2000_py", |b| {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&Language::Python.grammar().unwrap()).unwrap();
        b.iter(|| files.iter().map(|f| parser.parse(f, None).unwrap().root_node().child_count()).sum::<usize>());
    });
    group.bench_function("full_build_2000_py", |b| {
        b.iter(|| {
            let mut store = Store::default();
            draft_graph::build::update(&root, &mut store, None).unwrap()
        });
    });
    let (graph, _) = build(&root, &state, None).unwrap();
    let touched = root.join("pkg0/m1.py");
    let mut k = 0u32;
    group.bench_function("incremental_one_file_changed", |b| {
        b.iter(|| {
            k += 1;
            std::fs::write(&touched, module(1, k)).unwrap();
            let (_, stats) = build(&root, &state, None).unwrap();
            assert_eq!(stats.parsed, 1);
        });
    });
    group.bench_function("impact_query", |b| {
        b.iter(|| reach(&graph, "pkg0/m1.py", None, Direction::Dependents).unwrap().files.len());
    });
    group.bench_function("impact_symbol_query", |b| {
        b.iter(|| reach(&graph, "pkg0/m1.py::f1", None, Direction::Dependents).unwrap().files.len());
    });
    group.finish();
}

criterion_group!(graph, benches);
criterion_main!(graph);
