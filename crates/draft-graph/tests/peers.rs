//! Opt-in agreement checks against established analysers on real packages
//! from the registries: `DRAFT_TEST_GRIMP=1` compares the Python import
//! graph of rich and httpx with grimp's; `DRAFT_TEST_MADGE=1` compares the
//! JavaScript graph of axios and the TypeScript graph of @tanstack/query-core
//! with madge's, cycles included. Tools and packages are installed into a
//! cache folder outside the repository (`DRAFT_PEER_CACHE`, default
//! `$TMPDIR/draft-graph-peers`). `DRAFT_TEST_SELF=1` builds this repository's
//! own graph and checks that no Rust import outside the test fixtures is
//! unresolved, printing the call counts. Without the variables the tests do nothing.

#![allow(clippy::unwrap_used, missing_docs)]

use draft_graph::query::cycles;
use draft_graph::{EdgeStatus, Graph, build};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cache() -> PathBuf {
    let dir = std::env::var_os("DRAFT_PEER_CACHE")
        .map_or_else(|| std::env::temp_dir().join("draft-graph-peers"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// stdout of a command whose exit status carries a finding (`madge --circular` exits 1 on cycles).
fn run_any(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    String::from_utf8(out.stdout).unwrap()
}

/// Unpack `tarball` into `dir/name` once; returns the unpacked folder.
fn unpack(dir: &Path, tarball: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    if !to.exists() {
        std::fs::create_dir_all(&to).unwrap();
        run(&to, "tar", &["xzf", tarball.to_str().unwrap(), "--strip-components=1"]);
    }
    to
}

fn graph(root: &Path) -> Graph {
    let state = tempfile::tempdir().unwrap();
    build(root, state.path(), None).unwrap().0
}

fn edges_within(g: &Graph, map: impl Fn(&str) -> Option<String>) -> BTreeSet<(String, String)> {
    g.edges
        .iter()
        .filter(|e| e.status == EdgeStatus::Resolved)
        .filter_map(|e| Some((map(&e.from)?, map(e.to.as_deref()?)?)))
        .filter(|(a, b)| a != b)
        .collect()
}

fn python_module(path: &str, package: &str) -> Option<String> {
    let stem = path.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let name = stem.replace('/', ".");
    (name == package || name.starts_with(&format!("{package}."))).then_some(name)
}

#[test]
fn python_graph_agrees_with_grimp() {
    if std::env::var("DRAFT_TEST_GRIMP").as_deref() != Ok("1") {
        return;
    }
    let dir = cache();
    let venv = dir.join("venv");
    if !venv.exists() {
        run(&dir, "python3", &["-m", "venv", venv.to_str().unwrap()]);
    }
    let python = venv.join("bin/python");
    let python = python.to_str().unwrap();
    run(&dir, python, &["-m", "pip", "install", "-q", "grimp"]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("compare/grimp_edges.py");
    for (package, version) in [("rich", "13.9.4"), ("httpx", "0.28.1")] {
        let sdist = dir.join(format!("{package}-{version}.tar.gz"));
        if !sdist.exists() {
            let spec = format!("{package}=={version}");
            run(&dir, python, &["-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", &spec, "-d", "."]);
        }
        let root = unpack(&dir, &sdist, &format!("{package}-{version}"));
        let theirs: BTreeSet<(String, String)> = run(&root, python, &[script.to_str().unwrap(), package, "."])
            .lines()
            .filter_map(|l| l.split_once(' ').map(|(a, b)| (a.to_owned(), b.to_owned())))
            .filter(|(a, b)| a != b) // grimp lists a module importing itself; draft drops self-edges
            .collect();
        let mine = edges_within(&graph(&root), |p| python_module(p, package));
        let only_mine: Vec<_> = mine.difference(&theirs).collect();
        let only_theirs: Vec<_> = theirs.difference(&mine).collect();
        eprintln!(
            "{package}: both {} only-draft {} only-grimp {}",
            mine.intersection(&theirs).count(),
            only_mine.len(),
            only_theirs.len()
        );
        assert!(only_mine.is_empty() && only_theirs.is_empty(), "{package}: {only_mine:?} / {only_theirs:?}");
    }
}

#[test]
fn node_graph_and_cycles_agree_with_madge() {
    if std::env::var("DRAFT_TEST_MADGE").as_deref() != Ok("1") {
        return;
    }
    let dir = cache().join("node");
    std::fs::create_dir_all(&dir).unwrap();
    if !dir.join("node_modules/.bin/madge").exists() {
        run(&dir, "npm", &["init", "-y"]);
        run(&dir, "npm", &["install", "--silent", "madge@8", "typescript@5.6"]);
    }
    let madge = dir.join("node_modules/.bin/madge");
    let madge = madge.to_str().unwrap();
    for (package, tarball, src, exts) in [
        ("axios@1.7.9", "axios-1.7.9.tgz", "lib", "js"),
        ("@tanstack/query-core@5.62.0", "tanstack-query-core-5.62.0.tgz", "src", "ts"),
    ] {
        if !dir.join(tarball).exists() {
            run(&dir, "npm", &["pack", "--silent", package]);
        }
        let root = unpack(&dir, &dir.join(tarball), tarball.trim_end_matches(".tgz"));
        let json: serde_json::Value =
            serde_json::from_str(&run(&root, madge, &["--json", "--extensions", exts, &format!("{src}/")])).unwrap();
        let theirs: BTreeSet<(String, String)> = json
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(a, bs)| bs.as_array().unwrap().iter().map(move |b| (a.clone(), b.as_str().unwrap().to_owned())))
            .collect();
        let g = graph(&root);
        let prefix = format!("{src}/");
        let mine = edges_within(&g, |p| p.strip_prefix(&prefix).map(str::to_owned));
        assert_eq!(mine, theirs, "{package}");
        let circular: serde_json::Value =
            serde_json::from_str(&run_any(&root, madge, &["--circular", "--json", "--extensions", exts, &prefix]))
                .unwrap();
        let in_their_cycles: BTreeSet<String> = circular
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c.as_array().unwrap().iter().map(|f| format!("{prefix}{}", f.as_str().unwrap())))
            .collect();
        let in_my_cycles: BTreeSet<String> =
            cycles(&g).into_iter().flat_map(|c| c.files).filter(|f| f.starts_with(&prefix)).collect();
        eprintln!("{package}: {} edges agree; {} files in cycles", mine.len(), in_my_cycles.len());
        assert_eq!(in_my_cycles, in_their_cycles, "{package}: files on cycles");
    }
}

#[test]
fn own_workspace_resolves_every_rust_module_edge() {
    if std::env::var("DRAFT_TEST_SELF").as_deref() != Ok("1") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let state = tempfile::tempdir().unwrap();
    let (g, stats) = build(&root, state.path(), None).unwrap();
    let rust_unresolved: Vec<String> = g
        .with_status(EdgeStatus::Unresolved)
        .filter(|e| e.from.ends_with(".rs") && !e.from.contains("/tests/fixtures/"))
        .map(|e| format!("{}:{} {}", e.from, e.line, e.spec))
        .collect();
    eprintln!(
        "{} Rust files, {} resolved edges; {} symbols; calls {:?}",
        stats.languages.get("rust").copied().unwrap_or(0),
        stats.resolved,
        stats.symbols,
        stats.calls
    );
    assert!(rust_unresolved.is_empty(), "{rust_unresolved:#?}");
}
