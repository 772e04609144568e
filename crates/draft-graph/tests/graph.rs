//! The graph of each checked-in sample repository, pinned as a snapshot of
//! its edges, with the edges that matter asserted one by one as well.

#![allow(clippy::unwrap_used, missing_docs)]

use draft_graph::query::{Direction, cycles, hotspots, reach};
use draft_graph::{EdgeStatus, FileClass, Graph, build};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn graph_of(name: &str) -> Graph {
    let state = tempfile::tempdir().unwrap();
    let (graph, stats) = build(&fixture(name), state.path(), None).unwrap();
    assert!(stats.skipped.is_empty(), "{:?}", stats.skipped);
    graph
}

/// (to, status) of the edges of `from` written as `spec`.
fn targets(g: &Graph, from: &str, spec: &str) -> Vec<(Option<String>, EdgeStatus)> {
    g.edges.iter().filter(|e| e.from == from && e.spec == spec).map(|e| (e.to.clone(), e.status)).collect()
}

fn resolved(to: &str) -> Vec<(Option<String>, EdgeStatus)> {
    vec![(Some(to.to_owned()), EdgeStatus::Resolved)]
}

fn unresolved(g: &Graph, from: &str, spec: &str) -> bool {
    g.edges.iter().any(|e| e.from == from && e.spec == spec && e.status == EdgeStatus::Unresolved && e.to.is_none())
}

#[test]
fn rust_modules_uses_and_crates() {
    let g = graph_of("rust");
    insta::assert_snapshot!("rust", g.edge_lines());
    assert_eq!(targets(&g, "src/lib.rs", "a"), resolved("src/a.rs"));
    assert_eq!(targets(&g, "src/lib.rs", "b"), resolved("src/b/mod.rs"));
    assert_eq!(targets(&g, "src/lib.rs", "c"), resolved("src/weird/c_impl.rs"));
    assert!(unresolved(&g, "src/lib.rs", "missing"));
    assert_eq!(targets(&g, "src/a.rs", "super::b::beta"), resolved("src/b/mod.rs"));
    assert_eq!(targets(&g, "src/a.rs", "crate::c::Gamma"), resolved("src/weird/c_impl.rs"));
    assert!(targets(&g, "src/a.rs", "self::inner::X").is_empty(), "an inline module stays in its file");
    assert_eq!(targets(&g, "src/b/deep.rs", "super::super::a"), resolved("src/a.rs"));
    assert!(unresolved(&g, "src/b/deep.rs", "super::super::super::Nowhere"));
    assert_eq!(targets(&g, "src/main.rs", "fix_rs::b::deep"), resolved("src/b/deep.rs"));
    assert_eq!(targets(&g, "src/main.rs", "cli"), resolved("src/cli.rs"));
    assert_eq!(targets(&g, "src/cli.rs", "crate::main_helper"), resolved("src/main.rs"));
    assert_eq!(targets(&g, "tests/it.rs", "fix_rs::b::beta"), resolved("src/b/mod.rs"));
    assert_eq!(targets(&g, "src/lib.rs", "serde::Serialize"), vec![(Some("serde".to_owned()), EdgeStatus::External)]);
    assert_eq!(g.files["src/lib.rs"].doc.as_deref(), Some("Fixture library: the crate root."));
    assert_eq!(g.files["tests/it.rs"].class, FileClass::Test);
}

#[test]
fn python_packages_and_relative_imports() {
    let g = graph_of("python");
    insta::assert_snapshot!("python", g.edge_lines());
    assert_eq!(targets(&g, "pkg/__init__.py", ".core"), resolved("pkg/core.py"));
    assert_eq!(targets(&g, "pkg/core.py", "."), resolved("pkg/util.py"));
    assert_eq!(targets(&g, "pkg/core.py", ".sub.leaf"), resolved("pkg/sub/leaf.py"));
    assert_eq!(targets(&g, "pkg/core.py", "pkg.sub"), resolved("pkg/sub/leaf.py"));
    assert!(unresolved(&g, "pkg/core.py", "pkg.missing_mod"));
    assert!(unresolved(&g, "pkg/core.py", ".nothere"));
    assert_eq!(targets(&g, "pkg/core.py", "os"), vec![(Some("os".to_owned()), EdgeStatus::External)]);
    assert_eq!(targets(&g, "pkg/sub/leaf.py", "..util"), resolved("pkg/util.py"));
    assert_eq!(targets(&g, "pkg/util.py", "other.thing"), resolved("src/other/thing.py"));
    assert_eq!(targets(&g, "src/other/thing.py", "pkg"), resolved("pkg/core.py"));
    assert_eq!(targets(&g, "tests/test_core.py", "pkg.core"), resolved("pkg/core.py"));
    assert_eq!(g.files["pkg/core.py"].doc.as_deref(), Some("Core logic."));
}

#[test]
fn node_relative_index_tsconfig_paths_and_packages() {
    let g = graph_of("node");
    insta::assert_snapshot!("node", g.edge_lines());
    assert_eq!(targets(&g, "src/index.ts", "./app/a"), resolved("src/app/a.ts"));
    assert_eq!(targets(&g, "src/index.ts", "@app/b"), resolved("src/app/b.tsx"));
    assert_eq!(targets(&g, "src/index.ts", "./lib"), resolved("src/lib/index.ts"));
    assert_eq!(targets(&g, "src/index.ts", "./util.js"), resolved("src/util.ts"));
    assert_eq!(targets(&g, "src/index.ts", "react"), vec![(Some("react".to_owned()), EdgeStatus::External)]);
    assert_eq!(targets(&g, "src/index.ts", "node:fs"), vec![(Some("fs".to_owned()), EdgeStatus::External)]);
    assert!(unresolved(&g, "src/index.ts", "@missing/x"));
    assert!(unresolved(&g, "src/index.ts", "./gone"));
    assert_eq!(targets(&g, "src/decl.d.cts", "./types.cjs"), resolved("src/types.d.cts"));
    assert_eq!(targets(&g, "legacy/old.js", "./helper"), resolved("legacy/helper.js"));
    assert_eq!(targets(&g, "legacy/old.js", "./lazy.mjs"), resolved("legacy/lazy.mjs"));
}

#[test]
fn go_packages_by_module_path() {
    let g = graph_of("go");
    insta::assert_snapshot!("go", g.edge_lines());
    assert_eq!(targets(&g, "main.go", "example.com/fix/internal/store"), resolved("internal/store/store.go"));
    let util = targets(&g, "main.go", "example.com/fix/util");
    assert_eq!(util, [resolved("util/more.go"), resolved("util/util.go")].concat());
    assert!(unresolved(&g, "main.go", "example.com/fix/nope"));
    assert_eq!(targets(&g, "main.go", "fmt"), vec![(Some("fmt".to_owned()), EdgeStatus::External)]);
    assert_eq!(g.files["internal/store/store.go"].doc.as_deref(), Some("Package store keeps things."));
    assert!(cycles(&g).is_empty());
}

#[test]
fn java_types_wildcards_and_static_imports() {
    let g = graph_of("java");
    insta::assert_snapshot!("java", g.edge_lines());
    let app = "src/main/java/com/ex/App.java";
    assert_eq!(targets(&g, app, "com.ex.model.User"), resolved("src/main/java/com/ex/model/User.java"));
    assert_eq!(targets(&g, app, "com.ex.model.*").len(), 2);
    assert_eq!(targets(&g, app, "com.ex.util.Strings.join"), resolved("src/main/java/com/ex/util/Strings.java"));
    assert!(unresolved(&g, app, "com.ex.model.Missing"));
    assert_eq!(targets(&g, app, "java.util.List")[0].1, EdgeStatus::External);
    assert!(cycles(&g).is_empty());
}

#[test]
fn c_includes_beside_the_file_and_from_compile_commands() {
    let g = graph_of("c");
    insta::assert_snapshot!("c", g.edge_lines());
    assert_eq!(targets(&g, "src/main.c", "util.h"), resolved("src/util.h"));
    assert_eq!(targets(&g, "src/main.c", "api.h"), resolved("include/api.h"));
    assert!(unresolved(&g, "src/main.c", "gen/config.h"));
    assert_eq!(targets(&g, "src/main.c", "stdio.h")[0].1, EdgeStatus::External);
    assert_eq!(targets(&g, "lib/engine.cpp", "api.h"), resolved("include/api.h"));
    assert_eq!(targets(&g, "lib/engine.cpp", "engine.hpp"), resolved("lib/engine.hpp"));
}

#[test]
fn cycles_come_with_a_concrete_path() {
    let g = graph_of("cycle");
    let found = cycles(&g);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].files, ["a.js", "b.js", "c.js"]);
    assert_eq!(found[0].path, ["a.js", "b.js", "c.js", "a.js"]);
    assert_eq!(found[1].files, ["p.py", "q.py"]);
    assert_eq!(found[1].path, ["p.py", "q.py", "p.py"]);
}

#[test]
fn impact_counts_hops_and_respects_depth() {
    let g = graph_of("node");
    let r = reach(&g, "src/lib/c.ts", None, Direction::Dependents).unwrap();
    let got: Vec<(&str, usize)> = r.files.iter().map(|f| (f.path.as_str(), f.hops)).collect();
    assert_eq!(got, [("src/app/a.ts", 1), ("src/lib/index.ts", 1), ("src/app/b.tsx", 2), ("src/index.ts", 2)]);
    let shallow = reach(&g, "src/lib/c.ts", Some(1), Direction::Dependents).unwrap();
    assert_eq!(shallow.files.len(), 2);
    let deps = reach(&g, "src/index.ts", None, Direction::Dependencies).unwrap();
    assert!(deps.external.contains(&"react".to_owned()));
    assert_eq!(deps.unresolved.len(), 2);
    // A module name that matches one file is accepted; an unknown one is an error, not a guess.
    assert_eq!(reach(&g, "src.app.a", None, Direction::Dependents).unwrap().targets, ["src/app/a.ts"]);
    assert!(reach(&g, "nothing.here", None, Direction::Dependents).is_err());
}

#[test]
fn hotspots_rank_fan_in_times_churn() {
    let g = graph_of("node");
    let churn = std::collections::HashMap::from([("src/lib/c.ts".to_owned(), 5), ("src/app/a.ts".to_owned(), 1)]);
    let top = hotspots(&g, Some(&churn), 3);
    assert_eq!(top[0].path, "src/lib/c.ts");
    assert_eq!((top[0].fan_in, top[0].churn, top[0].score), (2, 5, 10));
}

#[test]
fn one_changed_file_is_one_parse() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/__init__.py"), "").unwrap();
    std::fs::write(root.join("pkg/a.py"), "from . import b\n").unwrap();
    std::fs::write(root.join("pkg/b.py"), "X = 1\n").unwrap();
    std::fs::write(root.join("bin.py"), b"\x00\x01binary").unwrap();
    let state = dir.path().join("draft/.state/graph");
    let (_, first) = build(&root, &state, None).unwrap();
    assert_eq!((first.parsed, first.reused), (3, 0));
    assert_eq!(first.skipped.len(), 1, "the binary file is skipped, not parsed");
    assert!(dir.path().join("draft/.state/.gitignore").exists());
    let (_, again) = build(&root, &state, None).unwrap();
    assert_eq!(again.parsed, 0, "nothing changed");
    std::fs::write(root.join("pkg/b.py"), "import pkg.a\n").unwrap();
    let (g, third) = build(&root, &state, None).unwrap();
    assert_eq!(third.parsed, 1);
    assert_eq!(third.reused, 2);
    assert_eq!(cycles(&g).len(), 1);
    std::fs::remove_file(root.join("pkg/a.py")).unwrap();
    let (_, fourth) = build(&root, &state, None).unwrap();
    assert_eq!((fourth.parsed, fourth.removed), (0, 1));
}

#[test]
fn rust_mod_declarations_do_not_make_cycles() {
    let g = graph_of("rust");
    // main.rs declares `mod cli` and cli.rs uses `crate::main_helper`: containment, not a cycle.
    assert!(g.forward()["src/main.rs"].contains("src/cli.rs"));
    assert!(g.forward()["src/cli.rs"].contains("src/main.rs"));
    // The one real cycle is made of `use` edges: lib → a → b → lib.
    let found = cycles(&g);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].files, ["src/a.rs", "src/b/mod.rs", "src/lib.rs"]);
    assert_eq!(found[0].path, ["src/a.rs", "src/b/mod.rs", "src/lib.rs", "src/a.rs"]);
    let d = draft_graph::decompose::decompose(&g);
    assert_eq!(d.cycles, [vec!["src".to_owned(), "src/b".to_owned()]]);
    assert_eq!(d.order[0], ["src/weird"], "leaves first");
}

#[test]
fn an_unchanged_tree_does_not_rewrite_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("a.py"), "import b\n").unwrap();
    std::fs::write(root.join("b.py"), "X = 1\n").unwrap();
    let state = dir.path().join("state");
    build(&root, &state, None).unwrap();
    let store = draft_graph::store::Store::path(&state);
    let written = std::fs::read(&store).unwrap();
    std::fs::write(&store, b"{}").unwrap(); // an unreadable store is rebuilt from scratch
    let (_, stats) = build(&root, &state, None).unwrap();
    assert_eq!(stats.parsed, 2);
    assert_eq!(std::fs::read(&store).unwrap().len(), written.len());
    let before = std::fs::metadata(&store).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (_, stats) = build(&root, &state, None).unwrap();
    assert_eq!(stats.parsed, 0);
    assert_eq!(std::fs::metadata(&store).unwrap().modified().unwrap(), before, "nothing changed, nothing written");
}

fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn same_names_in_different_places_are_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_tree(
        root,
        &[
            ("a/Cargo.toml", "[package]\nname = \"dup\"\n"),
            ("a/src/lib.rs", "pub mod x;\n"),
            ("a/src/x.rs", ""),
            ("a/tests/t.rs", "use dup::x;\n"),
            ("b/Cargo.toml", "[package]\nname = \"dup\"\n"),
            ("b/src/lib.rs", ""),
            ("c/Cargo.toml", "[package]\nname = \"user\"\n"),
            ("c/src/lib.rs", "use dup::x;\n"),
            ("tests/fixtures/py/pkg/__init__.py", ""),
            ("tests/fixtures/py/pkg/m.py", "import pkg\n"),
            ("main.py", "import pkg\n"),
            ("j1/com/x/A.java", "package com.x;\nclass A {}\n"),
            ("j2/com/x/A.java", "package com.x;\nclass A {}\n"),
            ("j3/B.java", "package com.y;\nimport com.x.A;\nclass B {}\n"),
        ],
    );
    let state = tempfile::tempdir().unwrap();
    let (g, _) = build(root, state.path(), None).unwrap();
    // The crate that encloses the importer wins; from elsewhere the name is ambiguous.
    assert_eq!(targets(&g, "a/tests/t.rs", "dup::x"), resolved("a/src/x.rs"));
    assert!(unresolved(&g, "c/src/lib.rs", "dup::x"));
    // A package nested deep in the tree serves only the files inside it.
    assert_eq!(targets(&g, "tests/fixtures/py/pkg/m.py", "pkg"), resolved("tests/fixtures/py/pkg/__init__.py"));
    assert_eq!(targets(&g, "main.py", "pkg"), vec![(Some("pkg".to_owned()), EdgeStatus::External)]);
    // Two files declaring one Java type: unresolved, not the first one found.
    assert!(unresolved(&g, "j3/B.java", "com.x.A"));
}

/// The target of the call written `callee` in `caller` (a symbol id): the callee's id, or `external:pkg`, or `UNRESOLVED`.
fn call(g: &Graph, caller: &str, callee: &str) -> String {
    let hits: Vec<String> = g
        .calls
        .iter()
        .filter(|c| c.caller == caller && c.callee == callee)
        .map(|c| match c.status {
            EdgeStatus::Resolved => c.to.clone().unwrap(),
            EdgeStatus::External => format!("external:{}", c.to.clone().unwrap()),
            EdgeStatus::Unresolved => "UNRESOLVED".to_owned(),
        })
        .collect();
    assert_eq!(hits.len(), 1, "{caller} calls {callee}: {hits:?}\n{}", g.call_lines());
    hits[0].clone()
}

#[test]
fn python_calls_bind_through_imports_only() {
    let g = graph_of("python");
    insta::assert_snapshot!("python_calls", g.call_lines());
    let main = "pkg/core.py::main";
    assert_eq!(call(&g, main, "run"), "pkg/core.py::run");
    assert_eq!(call(&g, main, "helper"), "UNRESOLVED", "two modules define helper; core imports neither");
    assert_eq!(call(&g, main, "w.draw"), "UNRESOLVED", "a receiver of unknown type");
    assert_eq!(call(&g, main, "Widget.size"), "pkg/core.py::Widget.size");
    assert_eq!(call(&g, main, "util.shout"), "pkg/util.py::shout");
    assert_eq!(call(&g, main, "os.getcwd"), "external:os");
    assert_eq!(call(&g, "pkg/core.py::Widget.draw", "self.size"), "pkg/core.py::Widget.size");
    assert_eq!(call(&g, "pkg/core.py::Widget.size", "leaf.compute"), "pkg/sub/leaf.py::compute");
    assert_eq!(call(&g, "pkg/sub/leaf.py::compute", "helper"), "pkg/util.py::helper");
    assert_eq!(call(&g, "pkg/sub/leaf.py::compute", "util.helper"), "pkg/util.py::helper");
    assert_eq!(call(&g, "pkg/util.py::shout", "other.thing.loud"), "src/other/thing.py::loud");
    assert_eq!(call(&g, "src/other/thing.py::loud", "requests.get"), "external:requests");
    // `pkg.run` is re-exported by pkg/__init__.py (`from .core import run`).
    assert_eq!(call(&g, "tests/test_core.py::test_run", "pkg.run"), "pkg/core.py::run");
    assert_eq!(call(&g, "tests/test_core.py::test_run", "run"), "pkg/core.py::run");
}

#[test]
fn rust_calls_follow_uses_paths_and_scopes() {
    let g = graph_of("rust");
    insta::assert_snapshot!("rust_calls", g.call_lines());
    let alpha = "src/a.rs::alpha";
    assert_eq!(call(&g, alpha, "beta"), "src/b/mod.rs::beta");
    assert_eq!(call(&g, alpha, "Gamma::new"), "src/weird/c_impl.rs::Gamma::new");
    assert_eq!(call(&g, alpha, "inner::deep_inner"), "src/a.rs::inner::deep_inner");
    assert_eq!(call(&g, alpha, "local"), "src/a.rs::local");
    assert_eq!(call(&g, alpha, "helper"), "UNRESOLVED", "b and c define helper; a imports neither");
    assert_eq!(call(&g, alpha, "crate::b::helper"), "src/b/mod.rs::helper");
    assert_eq!(call(&g, alpha, "g.size"), "UNRESOLVED");
    assert_eq!(call(&g, "src/weird/c_impl.rs::Gamma::size", "self.inner"), "src/weird/c_impl.rs::Gamma::inner");
    assert_eq!(call(&g, "src/weird/c_impl.rs::Gamma::size", "Self::unit"), "src/weird/c_impl.rs::Gamma::unit");
    assert_eq!(call(&g, "src/b/deep.rs::go", "a::alpha"), "src/a.rs::alpha");
    assert_eq!(call(&g, "src/b/deep.rs::tests::it_goes", "go"), "src/b/deep.rs::go", "through `use super::*`");
    assert_eq!(call(&g, "src/b/deep.rs::tests::it_goes", "run_it"), "src/b/deep.rs::go", "`super` of an inline module");
    assert_eq!(call(&g, "src/main.rs::main", "fix_rs::b::helper"), "src/b/mod.rs::helper");
    assert_eq!(call(&g, "src/main.rs::main", "deep::go"), "src/b/deep.rs::go");
    assert_eq!(call(&g, "src/main.rs::main", "std::process::exit"), "external:std");
}

#[test]
fn node_calls_follow_named_default_namespace_imports_and_reexports() {
    let g = graph_of("node");
    insta::assert_snapshot!("node_calls", g.call_lines());
    let main = "src/index.ts::main";
    assert_eq!(call(&g, main, "lib.compute"), "src/lib/c.ts::compute", "through the barrel's re-export");
    assert_eq!(call(&g, main, "b"), "src/app/b.tsx::default");
    assert_eq!(call(&g, main, "React.createElement"), "external:react");
    assert_eq!(call(&g, main, "(…).toString"), "UNRESOLVED");
    assert_eq!(call(&g, "src/app/a.ts::useA", "compute"), "src/lib/c.ts::compute");
    assert_eq!(call(&g, "src/app/a.ts::useA", "helper"), "UNRESOLVED", "util.ts's helper is not imported");
    assert_eq!(call(&g, "src/util.ts::Counter.inc", "this.add"), "src/util.ts::Counter.add");
    assert_eq!(call(&g, "legacy/old.js::<module>", "h.greet"), "legacy/helper.js::greet");
}

#[test]
fn go_java_and_c_calls() {
    let go = graph_of("go");
    insta::assert_snapshot!("go_calls", go.call_lines());
    assert_eq!(call(&go, "main.go::run", "store.Save"), "internal/store/store.go::Save");
    assert_eq!(call(&go, "main.go::run", "u.Double"), "util/util.go::Double");
    assert_eq!(call(&go, "main.go::run", "helper"), "UNRESOLVED", "package main has no helper; util's is not visible");
    assert_eq!(call(&go, "util/util.go::Double", "helper"), "util/more.go::helper", "same package, other file");
    assert_eq!(call(&go, "main.go::main", "fmt.Println"), "external:fmt");
    assert_eq!(call(&go, "internal/store/store.go::Store.Put", "s.size"), "UNRESOLVED");

    let java = graph_of("java");
    insta::assert_snapshot!("java_calls", java.call_lines());
    let main = "src/main/java/com/ex/App.java::App.main";
    assert_eq!(call(&java, main, "run"), "src/main/java/com/ex/App.java::App.run");
    assert_eq!(call(&java, main, "join"), "src/main/java/com/ex/util/Strings.java::Strings.join", "static import");
    assert_eq!(call(&java, main, "User.create"), "src/main/java/com/ex/model/User.java::User.create");
    assert_eq!(call(&java, main, "Strings.join"), "UNRESOLVED", "Strings is not imported as a type");
    assert_eq!(
        call(&java, "src/main/java/com/ex/App.java::App.helper", "this.check"),
        "src/main/java/com/ex/App.java::App.check"
    );
    assert_eq!(call(&java, "src/main/java/com/ex/model/User.java::User.create", "helper"), "UNRESOLVED");

    let c = graph_of("c");
    insta::assert_snapshot!("c_calls", c.call_lines());
    assert_eq!(call(&c, "src/main.c::main", "util"), "src/util.c::util", "declared in util.h, defined once");
    assert_eq!(call(&c, "src/main.c::main", "orphan"), "UNRESOLVED", "no included header declares it");
    assert_eq!(call(&c, "src/main.c::main", "printf"), "UNRESOLVED");
    assert_eq!(call(&c, "src/util.c::util", "twice"), "src/util.c::twice");
    assert_eq!(call(&c, "lib/engine.cpp::Engine::run", "this.step"), "lib/engine.cpp::Engine::step");
    assert_eq!(call(&c, "lib/engine.cpp::Engine::run", "step"), "lib/engine.cpp::Engine::step");
}

#[test]
fn impact_and_deps_of_a_symbol() {
    let g = graph_of("python");
    let r = reach(&g, "pkg/util.py::helper", None, Direction::Dependents).unwrap();
    assert_eq!(r.symbols, ["pkg/util.py::helper"]);
    assert_eq!(r.targets, ["pkg/util.py"]);
    let got: Vec<(&str, usize)> = r.calls.iter().map(|c| (c.symbol.as_str(), c.hops)).collect();
    assert_eq!(
        got,
        [
            ("pkg/sub/leaf.py::compute", 1),
            ("pkg/core.py::Widget.size", 2),
            ("pkg/core.py::Widget.draw", 3),
            ("pkg/core.py::main", 3),
        ]
    );
    assert!(!r.files.is_empty(), "the file-level dependents come along");
    let shallow = reach(&g, "pkg/util.py::helper", Some(1), Direction::Dependents).unwrap();
    assert_eq!(shallow.calls.len(), 1);
    // A bare name defined once is accepted; one defined twice is an error listing both.
    assert_eq!(reach(&g, "compute", None, Direction::Dependents).unwrap().symbols, ["pkg/sub/leaf.py::compute"]);
    let err = reach(&g, "helper", None, Direction::Dependents).unwrap_err().to_string();
    assert!(err.contains("pkg/util.py::helper") && err.contains("src/other/thing.py::helper"), "{err}");
    let deps = reach(&g, "pkg/core.py::main", None, Direction::Dependencies).unwrap();
    let callees: Vec<&str> = deps.calls.iter().filter(|c| c.hops == 1).map(|c| c.symbol.as_str()).collect();
    assert_eq!(callees, ["pkg/core.py::Widget.size", "pkg/core.py::run", "pkg/util.py::shout"]);
    assert!(deps.unresolved_calls.iter().any(|u| u.starts_with("pkg/core.py:") && u.contains(" helper: ")));
    assert!(deps.external_calls.iter().any(|e| e.contains("os.getcwd → os")));
}

#[test]
fn tsconfig_extends_chains_merge_like_typescript() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_tree(
        root,
        &[
            // A package base from node_modules sets baseUrl; a relative base sets paths; the array's later entry wins.
            ("node_modules/@tsconfig/base/tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \"../../../web\" } }"),
            (
                "configs/paths.json",
                "{\n  // JSONC: comments and trailing commas\n  \"compilerOptions\": { \"paths\": { \"@lib/*\": [\"lib/*\"], }, },\n}",
            ),
            ("configs/other.json", "{ \"compilerOptions\": { \"paths\": { \"@old/*\": [\"old/*\"] } } }"),
            (
                "web/tsconfig.json",
                "{ \"extends\": [\"./../configs/other\", \"../configs/paths.json\", \"@tsconfig/base/tsconfig.json\"] }",
            ),
            (
                "web/src/main.ts",
                "import { f } from '@lib/f';\nimport { g } from 'util/g';\nimport { o } from '@old/o';\n",
            ),
            ("web/lib/f.ts", "export const f = 1;\n"),
            ("web/util/g.ts", "export const g = 1;\n"),
            ("configs/lib/f.ts", "export const f = 2;\n"),
            // A cycle: a → b → a.
            ("loop/tsconfig.json", "{ \"extends\": \"./a.json\" }"),
            (
                "loop/a.json",
                "{ \"extends\": \"./b.json\", \"compilerOptions\": { \"paths\": { \"~/*\": [\"src/*\"] } } }",
            ),
            ("loop/b.json", "{ \"extends\": \"./a.json\" }"),
            ("loop/src/x.ts", "import { y } from '~/y';\n"),
            ("loop/src/y.ts", "export const y = 1;\n"),
        ],
    );
    let state = tempfile::tempdir().unwrap();
    let (g, stats) = build(root, state.path(), None).unwrap();
    // `paths` come from configs/paths.json but baseUrl (from the package base) is set, so they are relative to it.
    assert_eq!(targets(&g, "web/src/main.ts", "@lib/f"), resolved("web/lib/f.ts"));
    assert_eq!(targets(&g, "web/src/main.ts", "util/g"), resolved("web/util/g.ts"));
    assert_eq!(
        targets(&g, "web/src/main.ts", "@old/o")[0].1,
        EdgeStatus::External,
        "a later base's paths replace an earlier one's"
    );
    assert_eq!(
        targets(&g, "loop/src/x.ts", "~/y"),
        resolved("loop/src/y.ts"),
        "paths relative to the config defining them"
    );
    assert!(stats.warnings.iter().any(|w| w.contains("cycle")), "{:?}", stats.warnings);
}

/// The store keeps every file's facts across builds: what a later build
/// loads (after an incremental update that re-encoded one file and copied
/// the others' bytes) is what a build from nothing extracts.
#[test]
fn the_store_round_trips_through_incremental_builds() {
    use draft_graph::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write_tree(
        &root,
        &[
            ("pkg/__init__.py", ""),
            ("pkg/a.py", "from pkg.b import f\n\ndef g(x):\n    return f(x)\n"),
            ("pkg/b.py", "import os\n\ndef f(x):\n    return os.sep * x\n"),
            ("src/lib.rs", "mod m;\npub fn top() { m::inner(); }\n"),
            ("src/m.rs", "pub fn inner() {}\n"),
        ],
    );
    let state = dir.path().join("state");
    let fresh = |root: &Path| {
        let mut store = Store::default();
        let (graph, _) = draft_graph::build::update(root, &mut store, None).unwrap();
        (store.files, graph)
    };
    let (first, _) = build(&root, &state, None).unwrap();
    assert_eq!(Store::load(&state).files, fresh(&root).0);

    std::fs::write(root.join("pkg/b.py"), "def f(x):\n    return x\n\ndef h():\n    return f(1)\n").unwrap();
    let (graph, stats) = build(&root, &state, None).unwrap();
    assert_eq!(stats.parsed, 1, "only the changed file is parsed again");
    let (expected_files, expected_graph) = fresh(&root);
    assert_eq!(Store::load(&state).files, expected_files);
    assert_eq!(graph, expected_graph);
    assert_ne!(graph, first);

    // A damaged store is read as empty, and the next build starts over.
    let path = Store::path(&state);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert!(Store::load(&state).files.is_empty());
    let (_, stats) = build(&root, &state, None).unwrap();
    assert_eq!(stats.parsed, 5);
}
